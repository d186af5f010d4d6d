"""What the chapters show: per-chapter numbers, tables and figures, and notebook setup."""
