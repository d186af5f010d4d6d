"""Reader for the raw WIOD November 2016 national input-output tables (``<ISO>_NIOT_nov16.xlsx``).

Layout of sheet "National IO-tables" (checked cell by cell; any departure raises one DataError naming the
workbook, the Excel row and the Excel column):
    header row 1: Year, Code, Description, Origin, the 56 industry codes (:data:`smegvc.io.wiod2016.INDUSTRIES`), then
                  CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP, GO (:data:`smegvc.io.wiod2016.FINAL_COLUMNS`)
    header row 2: descriptions of the column codes
    per year (2000-2014), 120 rows: 56 ``Domestic`` rows and 56 ``Imports`` rows in industry order, then
    8 ``TOT`` rows II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO (:data:`smegvc.io.wiod2016.TOT_ROWS`).
Units: millions of current US dollars, basic prices.

The parsed workbook is a :class:`NiotWorkbook`: one (120, 63) array per year with the row and column codes,
convertible to a tidy long frame (:func:`to_long`) or to a :class:`~smegvc.io.iotable.NationalTable`
(:func:`national_table`).
"""
from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc.errors import DataError
from smegvc.io.iotable import NationalTable
from smegvc.io.wiod2016 import (COLUMNS, FINAL_USES, INDUSTRIES, N, ROW_KEYS, ROWS_PER_YEAR, T_LABELS,
                                TOT_ROWS)
from smegvc.io.wiod2016.checks import check_table

SHEET = "National IO-tables"
ID_COLUMNS = ("Year", "Code", "Description", "Origin")
_ROW_INDEX = {k: i for i, k in enumerate(ROW_KEYS)}
_COL_INDEX = {c: j for j, c in enumerate(COLUMNS)}


def excel_column(j0: int) -> str:
    """Excel column letters of a 0-based column index (0 -> 'A')."""
    s, j = "", j0 + 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _col_label(j0: int, code: str | None = None) -> str:
    return f"{excel_column(j0)} ({code})" if code else excel_column(j0)


@dataclass(frozen=True)
class NiotWorkbook:
    """One parsed NIOT workbook.

    country: ISO3 code from the file name. path: the workbook.
    values: {year: (120, 63) float array}, rows in :data:`ROW_KEYS` order, columns in :data:`COLUMNS` order.
    descriptions: {code: description} from header row 2 and column C (trailing blanks stripped).
    excel_rows: {year: first Excel row number (1-based) of that year}, for error messages.
    """

    country: str
    path: Path
    values: dict
    descriptions: dict
    excel_rows: dict

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.values))

    def locator(self, year: int):
        """where(block, row, col) -> (Excel row, Excel column) labels for :mod:`smegvc.io.wiod2016.checks`."""
        first = self.excel_rows[year]

        def where(block, row, col):
            i = _ROW_INDEX.get((block, row))
            r = f"{first + i} ({year} {block} {row})" if i is not None else f"{year} {block} {row}"
            j = _COL_INDEX.get(col)
            c = _col_label(len(ID_COLUMNS) + j, col) if j is not None else col
            return r, c
        return where


def _number(path, value, excel_row: int, j0: int, code: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DataError(path, "empty cell, expected a number", row=excel_row, column=_col_label(j0, code))
        raise DataError(path, f"text {value!r} in a numeric cell", row=excel_row, column=_col_label(j0, code))
    v = float(value)
    if not math.isfinite(v):
        raise DataError(path, f"value {v!r} is not a finite number", row=excel_row, column=_col_label(j0, code))
    return v


def _open_rows(path: Path):
    import openpyxl  # local: only the extraction needs it
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise DataError(path, "workbook not found")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    if SHEET not in wb.sheetnames:
        wb.close()
        raise DataError(path, f"sheet {SHEET!r} not found (sheets: {', '.join(wb.sheetnames) or 'none'})")
    try:
        rows = list(wb[SHEET].iter_rows(values_only=True))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(path, f"sheet {SHEET!r} cannot be read ({type(exc).__name__}: {exc})") from exc
    finally:
        wb.close()
    return rows


def _check_header(path: Path, header, descr) -> dict:
    header = tuple(header)
    expected = ID_COLUMNS + COLUMNS
    for j, want in enumerate(ID_COLUMNS):
        got = header[j] if j < len(header) else None
        if got != want:
            raise DataError(path, f"header is {got!r}, expected {want!r} (is row 1 the header row?)",
                            row=1, column=_col_label(j))
    seen = {}
    for j in range(len(ID_COLUMNS), len(header)):
        code = header[j]
        if code is None and j >= len(expected) and all(h is None for h in header[j:]):
            break  # trailing empty cells
        if code in seen:
            raise DataError(path, f"duplicated column code {code!r} (also in column {excel_column(seen[code])})",
                            row=1, column=_col_label(j, code))
        seen[code] = j
        if code not in _COL_INDEX:
            raise DataError(path, f"unknown column code {code!r}", row=1, column=_col_label(j))
        if j >= len(expected) or code != expected[j]:
            want = expected[j] if j < len(expected) else "no further column"
            raise DataError(path, f"column code {code!r} out of place, expected {want!r}",
                            row=1, column=_col_label(j, code))
    if len(seen) < len(COLUMNS):
        j = len(ID_COLUMNS) + len(seen)
        raise DataError(path, f"missing column {expected[j]!r}", row=1, column=_col_label(j))
    descr = tuple(descr) + (None,) * len(expected)
    return {c: str(descr[len(ID_COLUMNS) + k] or "").strip() for k, c in enumerate(COLUMNS)}


def read_workbook(path, country: str | None = None, years=None) -> NiotWorkbook:
    """Parse and validate one NIOT workbook.

    path: the .xlsx file. country: ISO3 code (default: the file name up to the first '_').
    years: optional iterable of years to keep; a requested year absent from the workbook raises DataError.
    Each year is checked with :func:`smegvc.io.wiod2016.checks.check_table` (identities, signs, finiteness).
    """
    path = Path(path)
    country = country or path.name.split("_")[0]
    rows = _open_rows(path)
    if len(rows) < 2:
        raise DataError(path, "sheet has no header rows", row=len(rows) + 1)
    descriptions = _check_header(path, rows[0], rows[1])
    ncol = len(ID_COLUMNS) + len(COLUMNS)
    values: dict[int, np.ndarray] = {}
    excel_rows: dict[int, int] = {}
    body = rows[2:]
    k = 0
    while k < len(body):
        if all(v is None for v in body[k]):
            if all(all(v is None for v in r) for r in body[k:]):
                break  # trailing empty rows
            raise DataError(path, "empty row inside the table", row=k + 3)
        first = k + 3  # Excel row of this year's first row
        year = body[k][0]
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool):
            raise DataError(path, f"year {year!r} is not an integer", row=first, column=_col_label(0, "Year"))
        if year in values:
            raise DataError(path, f"year {year} appears twice", row=first, column=_col_label(0, "Year"))
        block = np.empty((ROWS_PER_YEAR, len(COLUMNS)))
        for i, (origin, code) in enumerate(ROW_KEYS):
            r = first + i
            if k + i >= len(body):
                raise DataError(path, f"table ends inside year {year}: expected row {origin} {code}", row=r)
            row = tuple(body[k + i]) + (None,) * max(0, ncol - len(body[k + i]))
            if any(v is not None for v in row[ncol:]):
                j = ncol + next(t for t, v in enumerate(row[ncol:]) if v is not None)
                raise DataError(path, "value beyond the last column (GO)", row=r, column=_col_label(j))
            y = row[0]
            if isinstance(y, float) and y.is_integer():
                y = int(y)
            if y != year:
                raise DataError(path, f"year {row[0]!r}, expected {year} ({ROWS_PER_YEAR} rows per year)",
                                row=r, column=_col_label(0, "Year"))
            if row[3] != origin:
                raise DataError(path, f"origin {row[3]!r}, expected {origin!r}", row=r, column=_col_label(3, "Origin"))
            if row[1] != code:
                got = row[1]
                valid = INDUSTRIES if origin != "TOT" else TOT_ROWS
                seen = [c for (o, c) in ROW_KEYS[:i] if o == origin]
                if got in seen:
                    why = f"duplicated {origin} row code {got!r}"
                elif got not in valid:
                    why = f"unknown {origin} row code {got!r}"
                else:
                    why = f"{origin} row code {got!r} out of order"
                raise DataError(path, f"{why}, expected {code!r}", row=r, column=_col_label(1, "Code"))
            if isinstance(row[2], str):
                descriptions.setdefault(code, row[2].strip())
            for j, c in enumerate(COLUMNS):
                block[i, j] = _number(path, row[len(ID_COLUMNS) + j], r, len(ID_COLUMNS) + j, c)
        values[year] = block
        excel_rows[year] = first
        k += ROWS_PER_YEAR
    if not values:
        raise DataError(path, "no data rows below the header", row=3)
    if years is not None:
        years = [int(y) for y in years]
        missing = [y for y in years if y not in values]
        if missing:
            raise DataError(path, f"year(s) {missing} not in the workbook (it has {min(values)}-{max(values)})",
                            column=_col_label(0, "Year"))
        values = {y: values[y] for y in years}
        excel_rows = {y: excel_rows[y] for y in years}
    wb = NiotWorkbook(country, path, values, descriptions, excel_rows)
    for y in wb.years:
        where = wb.locator(y)
        arr = values[y]
        go_col, go_row = arr[:N, _COL_INDEX["GO"]], arr[_ROW_INDEX[("TOT", "GO")], :N]
        bad = np.flatnonzero(np.abs(go_col - go_row) > 1e-9 * np.maximum(np.abs(go_row), 1.0))
        if bad.size:
            i = bad[0]
            r, c = where("Domestic", INDUSTRIES[i], "GO")
            raise DataError(path, f"output in column GO ({go_col[i]!r}) differs from row TOT GO ({go_row[i]!r})",
                            row=r, column=c)
        check_table(national_table(country, y, arr), path, where)
    return wb


def national_table(country: str, year: int, arr: np.ndarray) -> NationalTable:
    """Build a NationalTable from one year's (120, 63) array in :data:`ROW_KEYS` x :data:`COLUMNS` order."""
    arr = np.asarray(arr, dtype=float)
    if arr.shape != (ROWS_PER_YEAR, len(COLUMNS)):
        raise ValueError(f"expected shape {(ROWS_PER_YEAR, len(COLUMNS))}, got {arr.shape}")
    dom, imp, tot = arr[:N], arr[N:2 * N], arr[2 * N:]
    fcols = [_COL_INDEX[c] for c in FINAL_USES]
    e_col = _COL_INDEX["EXP"]
    t_idx = [TOT_ROWS.index(r) for r in T_LABELS]
    return NationalTable(
        country=country, year=int(year), industries=INDUSTRIES,
        Z=dom[:, :N].copy(), Zm=imp[:, :N].copy(),
        F=dom[:, fcols].copy(), Fm=imp[:, fcols].copy(),
        e=dom[:, e_col].copy(), em=imp[:, e_col].copy(),
        T=tot[t_idx, :N].copy(), v=tot[TOT_ROWS.index("VA"), :N].copy(),
        x=tot[TOT_ROWS.index("GO"), :N].copy(),
        final_labels=FINAL_USES, t_labels=T_LABELS,
    )


def to_long(wb: NiotWorkbook, drop_zeros: bool = True) -> pd.DataFrame:
    """Tidy long frame: country, year, block (Domestic|Imports|TOT), row (code), column (code), value.

    Rows in workbook order (year, then row, then column). With ``drop_zeros`` exact zeros are left out
    (a cell absent from the extract is 0).
    """
    frames = []
    rk = np.array(ROW_KEYS, dtype=object)
    for y in wb.years:
        arr = wb.values[y]
        ii, jj = np.nonzero(arr != 0) if drop_zeros else np.indices(arr.shape).reshape(2, -1)
        frames.append(pd.DataFrame({
            "country": wb.country, "year": y, "block": rk[ii, 0], "row": rk[ii, 1],
            "column": np.array(COLUMNS, dtype=object)[jj], "value": arr[ii, jj],
        }))
    return pd.concat(frames, ignore_index=True)
