"""Errors raised on bad input. Every message names the file, and the row and column where known."""
from __future__ import annotations


class DataError(ValueError):
    """Bad input data: names the file, row and column that failed, and why."""

    def __init__(self, path, message: str, row=None, column=None):
        self.path, self.row, self.column, self.reason = str(path), row, column, message
        where = [f"file {self.path}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


class InfeasibleSharesError(ValueError):
    """Firm-size shares that cannot hold together (e.g. SME exports above SME output)."""


class IdentityError(ArithmeticError):
    """An accounting identity that must hold by construction failed (a bug, or inputs out of range)."""
