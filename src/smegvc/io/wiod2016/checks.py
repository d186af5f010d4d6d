"""Checks on one national IO table (one country, one year): accounting identities, signs, finiteness.

What the WIOD 2016 national tables actually satisfy (measured on KOR, TWN, CHN, JPN, USA, 2000-2014):
    row identity     x = Z1 + F1 + e                 holds to ~1e-14 relative  -> checked at ``RTOL_ROW`` = 1e-9
    column identity  x' = 1'Z + 1'Zm + 1'T + v'      holds to ~2e-7 relative    -> checked at ``RTOL_COL`` = 1e-6
        (the source balances columns only to ~1e-3 million US$: II_fob and VA are rounded in the release,
        so 1e-9 cannot hold on the columns; the row identity is exact to float precision)
    Z >= 0, Zm >= 0, x >= 0 exactly; exports have rounding noise down to about -0.05 (CHN) -> allowed down to
    ``-EXPORT_NOISE`` x total exports; final uses can be negative legitimately (INVEN always; GFCF in
    KOR C24 2000-2009 and USA C24, E37-E39: sales of scrap / second-hand assets) -> not sign-checked.

Every failure raises one :class:`~smegvc.errors.DataError` naming the file, the row and the column.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from smegvc.errors import DataError
from smegvc.io.iotable import NationalTable

RTOL_ROW = 1e-9
RTOL_COL = 1e-6
EXPORT_NOISE = 1e-6

# where(block, row_code, column_code) -> (row label, column label) for error messages
Locator = Callable[[str, str, str], tuple]


def default_locator(table: NationalTable) -> Locator:
    def where(block: str, row: str, col: str):
        return f"{table.country} {table.year} {block} {row}", col
    return where


def _fail(path, where: Locator, block, row, col, message):
    r, c = where(block, row, col)
    raise DataError(path, message, row=r, column=c)


def check_finite(table: NationalTable, path, where: Locator | None = None) -> None:
    """Every cell a finite number (no NaN from empty cells, no inf)."""
    where = where or default_locator(table)
    ind = table.industries
    blocks = [
        ("Domestic", table.Z, ind, ind), ("Imports", table.Zm, ind, ind),
        ("Domestic", table.F, ind, table.final_labels), ("Imports", table.Fm, ind, table.final_labels),
        ("Domestic", table.e[:, None], ind, ("EXP",)), ("Imports", table.em[:, None], ind, ("EXP",)),
        ("TOT", table.T, table.t_labels, ind), ("TOT", table.v[None, :], ("VA",), ind),
        ("TOT", table.x[None, :], ("GO",), ind),
    ]
    for block, arr, rows, cols in blocks:
        bad = np.argwhere(~np.isfinite(np.asarray(arr, dtype=float)))
        if bad.size:
            i, j = bad[0]
            _fail(path, where, block, rows[i], cols[j], f"value is {float(arr[i, j])!r}, expected a finite number")


def check_signs(table: NationalTable, path, where: Locator | None = None) -> None:
    """Output and intermediate flows non-negative; exports non-negative up to rounding noise."""
    where = where or default_locator(table)
    ind = table.industries
    neg = np.flatnonzero(table.x < 0)
    if neg.size:
        j = neg[0]
        _fail(path, where, "TOT", "GO", ind[j], f"negative gross output {float(table.x[j])!r}")
    for block, arr in (("Domestic", table.Z), ("Imports", table.Zm)):
        bad = np.argwhere(arr < 0)
        if bad.size:
            i, j = bad[0]
            _fail(path, where, block, ind[i], ind[j], f"negative intermediate flow {float(arr[i, j])!r}")
    floor = -EXPORT_NOISE * max(float(np.abs(table.e).sum()), 1.0)
    bad = np.flatnonzero(table.e < floor)
    if bad.size:
        i = bad[0]
        _fail(path, where, "Domestic", ind[i], "EXP",
              f"negative exports {float(table.e[i])!r} beyond rounding noise (floor {floor:.3g})")


def row_residual(table: NationalTable) -> tuple[np.ndarray, np.ndarray]:
    """(n,) x - (Z1 + F1 + e) and (n,) the scale it is compared with (max of |x| and the sum of |terms|)."""
    res = table.x - (table.Z.sum(1) + table.F.sum(1) + table.e)
    scale = np.maximum(np.abs(table.x), np.abs(table.Z).sum(1) + np.abs(table.F).sum(1) + np.abs(table.e))
    return res, scale


def column_residual(table: NationalTable) -> tuple[np.ndarray, np.ndarray]:
    """(n,) x' - (1'Z + 1'Zm + 1'T + v') and (n,) its scale."""
    parts = [table.Z, table.Zm, table.T, table.v[None, :]]
    res = table.x - sum(p.sum(0) for p in parts)
    scale = np.maximum(np.abs(table.x), sum(np.abs(p).sum(0) for p in parts))
    return res, scale


def check_identities(table: NationalTable, path, where: Locator | None = None,
                     rtol_row: float = RTOL_ROW, rtol_col: float = RTOL_COL) -> None:
    """Row identity (output = domestic intermediate use + domestic final use + exports) and column identity
    (output = domestic + imported inputs + other TOT rows + value added), each relative to its own scale."""
    where = where or default_locator(table)
    ind = table.industries
    res, scale = row_residual(table)
    bad = np.flatnonzero(np.abs(res) > rtol_row * np.maximum(scale, 1e-300))
    if bad.size:
        i = bad[np.argmax(np.abs(res[bad]) / scale[bad])]
        _fail(path, where, "Domestic", ind[i], "GO",
              f"row identity fails: output {float(table.x[i])!r} but intermediate + final use + exports = "
              f"{float(table.x[i] - res[i])!r} (relative gap {abs(res[i]) / scale[i]:.3g} > {rtol_row:g}; "
              "wrong units in one block?)")
    res, scale = column_residual(table)
    bad = np.flatnonzero(np.abs(res) > rtol_col * np.maximum(scale, 1e-300))
    if bad.size:
        j = bad[np.argmax(np.abs(res[bad]) / scale[bad])]
        _fail(path, where, "TOT", "GO", ind[j],
              f"column identity fails: output {float(table.x[j])!r} but inputs + other rows + value added = "
              f"{float(table.x[j] - res[j])!r} (relative gap {abs(res[j]) / scale[j]:.3g} > {rtol_col:g})")


def check_leontief(table: NationalTable, path, where: Locator | None = None) -> None:
    """The domestic Leontief inverse exists and is finite and non-negative (zero-output columns give A = 0)."""
    where = where or default_locator(table)
    A = table.A
    colsum = A.sum(0)
    bad = np.flatnonzero(colsum >= 1)
    if bad.size:
        j = bad[0]
        _fail(path, where, "Domestic", "(column sum of A)", table.industries[j],
              f"domestic input coefficients sum to {colsum[j]:.6g} >= 1: the table is not productive")
    try:
        L = np.linalg.inv(np.eye(table.n) - A)
    except np.linalg.LinAlgError as exc:  # pragma: no cover - excluded by the column-sum check
        raise DataError(path, f"I - A is singular: {exc}") from exc
    if not np.isfinite(L).all() or (L < -1e-12).any():
        raise DataError(path, f"{table.country} {table.year}: Leontief inverse not finite and non-negative")


def check_table(table: NationalTable, path, where: Locator | None = None) -> None:
    """All checks in order: finite, signs, identities, Leontief inverse."""
    check_finite(table, path, where)
    check_signs(table, path, where)
    check_identities(table, path, where)
    check_leontief(table, path, where)
