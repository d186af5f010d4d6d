"""Readers, extracts and the generic data-package validator: the raw sources -> tidy, validated tables."""
