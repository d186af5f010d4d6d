"""CSV helpers shared by every reader: read a committed CSV as text, check its columns, number its lines.

Row numbers in every :class:`~smegvc.errors.DataError` are CSV line numbers (header = line 1), so the
0-based data row ``i`` of a frame read with a header is line ``i + 2``: :func:`line`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from smegvc import tracking
from smegvc.errors import DataError


def line(i) -> int:
    """CSV line number (1 = header) of the 0-based data row ``i``."""
    return int(i) + 2


def read_text_csv(path, columns=None) -> pd.DataFrame:
    """All cells as strings ('' for empty). With ``columns``, the header must hold exactly those
    columns (any order; returned in that order). Records the read for incremental rebuilds."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    tracking.record_read(path)
    head = path.read_bytes()[:3]
    if head == b"\xef\xbb\xbf":   # the validator refuses it too (smegvc.io.datapackage.read_csv_text)
        raise DataError(path, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM", row=1)
    if not head.strip():
        raise DataError(path, "empty file: no header row", row=1)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(path, f"cannot parse as CSV ({exc})") from None
    return df if columns is None else exact_columns(df, columns, path)


def exact_columns(df: pd.DataFrame, columns, path) -> pd.DataFrame:
    """``df`` with exactly ``columns`` (in that order); a missing or extra column is a DataError at row 1."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}", row=1, column=missing[0])
    extra = [c for c in df.columns if c not in columns]
    if extra:
        raise DataError(path, f"unexpected column(s) {extra}", row=1, column=extra[0])
    return df[list(columns)]
