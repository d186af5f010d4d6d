"""The incremental build of the book (`python -m smegvc.build`)."""
