"""Reader of the raw WIOD 2013 world input-output tables (``wiot_YYYY.RData``, 1995-2011), with its checks.

Source layout (an R list read with the ``rdata`` package): ``inter`` (1435, 1435) intermediate flows,
``final`` (1435, 205) final use, ``output`` (1435,), ``countries`` (41: 40 countries + RoW), ``industries``
(35: c1..c35, ISIC Rev. 3), ``year``. Rows and columns are ordered country-major (country g, industry i ->
index 35 g + i); the final-use columns are 5 per country (CONS_h, CONS_np, CONS_g, GFCF, INVEN),
country-major. Values are millions of current US$, rounded to whole millions. There is no value-added row.

:func:`read_wiot` returns a checked :class:`WorldTable` (:func:`check_world`: finite, non-negative flows
and output, row identity within rounding); every failure is one DataError naming file, cell and element.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from smegvc.errors import DataError
from smegvc.io.wiod2013 import FOCUS, INDUSTRY_CODES, N_IND

REQUIRED = ("inter", "final", "output", "countries", "industries")
# Row identity x = Z1 + F1: rounding every cell to whole millions allows |Z1 + F1 - x| <= (cells + 1) / 2.
# Beyond rounding (and ATOL), the source's rows fall short of output (uses < output) by (measured 1995-2011):
#   FOCUS-country rows: at most 0.009% of the row's output (KOR c17 2002) -> RTOL_FOCUS = 0.001
#   other rows: up to 75% of a tiny row's output (EST, CYP, MLT ...)     -> RTOL_OTHER = 1.0 (units check only)
#   country totals: up to 6.7% of the country's output (MLT, EST, LVA)   -> RTOL_COUNTRY = 0.1
ATOL = 2.0  # millions of US$: zero-output rows with small negative inventory changes (LUX c5 1995: -2)
RTOL_FOCUS = 1e-3
RTOL_OTHER = 1.0
RTOL_COUNTRY = 0.1


@dataclass(frozen=True)
class WorldTable:
    """One WIOD 2013 world table. G regions, N = 35 industries, GN = G*N cells (country-major).

    Z: (GN, GN) intermediate flows; F: (GN, 5G) final use; x: (GN,) gross output; millions of US$.
    """

    year: int
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    Z: np.ndarray
    F: np.ndarray
    x: np.ndarray
    path: str = ""

    @property
    def G(self) -> int:
        return len(self.countries)

    def block(self, country: str) -> slice:
        g = self.countries.index(country)
        return slice(g * N_IND, (g + 1) * N_IND)

    def label(self, i: int) -> str:
        return f"{self.countries[i // N_IND]} {self.industries[i % N_IND]}"


def _as_array(path, obj, name) -> np.ndarray:
    try:
        arr = np.asarray(getattr(obj, "values", obj), dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(path, f"element {name!r} is not numeric ({exc})", column=name) from exc
    return arr


def read_wiot(path, year: int | None = None) -> WorldTable:
    """Read and check one ``wiot_YYYY.RData``. Raises DataError naming the file, element (column) and cell."""
    import rdata

    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdata warns about the R classes "iot" / "data.table"
            obj = rdata.conversion.convert(rdata.parser.parse_file(path))
    except Exception as exc:  # rdata raises assorted errors on corrupt input
        raise DataError(path, f"not a readable R data file ({type(exc).__name__}: {exc})") from exc
    return world_from_rlist(obj, path, year)


def world_from_rlist(obj, path, year: int | None = None) -> WorldTable:
    """Build and check a WorldTable from the converted R object (a dict, or a dict holding one list)."""
    path = Path(path)
    if isinstance(obj, dict) and len(obj) == 1 and isinstance(next(iter(obj.values())), dict):
        obj = next(iter(obj.values()))
    if not isinstance(obj, dict):
        raise DataError(path, "expected an R list with elements " + ", ".join(REQUIRED))
    for name in REQUIRED:
        if name not in obj:
            raise DataError(path, f"element {name!r} missing (has {sorted(obj)})", column=name)
    countries = tuple(str(c) for c in np.asarray(obj["countries"]).ravel())
    inds = tuple(str(c) for c in np.asarray(obj["industries"]).ravel())
    if inds != INDUSTRY_CODES:
        raise DataError(path, f"industries {inds[:3]}... differ from c1..c35", column="industries")
    if len(set(countries)) != len(countries):
        dup = next(c for c in countries if countries.count(c) > 1)
        raise DataError(path, f"duplicated country {dup!r}", column="countries")
    missing = [c for c in FOCUS if c not in countries]
    if missing:
        raise DataError(path, f"countries {missing} missing", column="countries")
    G = len(countries)
    GN = G * N_IND
    Z, F = _as_array(path, obj["inter"], "inter"), _as_array(path, obj["final"], "final")
    x = _as_array(path, obj["output"], "output").ravel()
    for name, arr, shape in (("inter", Z, (GN, GN)), ("final", F, (GN, 5 * G)), ("output", x, (GN,))):
        if arr.shape != shape:
            raise DataError(path, f"element {name!r} has shape {arr.shape}, expected {shape}", column=name)
    if year is None:
        y = obj.get("year")
        year = int(np.asarray(y).ravel()[0]) if y is not None else int(path.stem.split("_")[-1])
    w = WorldTable(int(year), countries, inds, Z, F, x, str(path))
    check_world(w)
    return w


def check_world(w: WorldTable) -> None:
    """Finite values; Z >= 0 and x >= 0; row identity x = Z1 + F1 within rounding (see RTOL_*)."""
    for name, arr in (("inter", w.Z), ("final", w.F), ("output", w.x.reshape(-1, 1))):
        bad = np.argwhere(~np.isfinite(arr))
        if bad.size:
            i, j = bad[0]
            raise DataError(w.path, f"value {arr[i, j]!r} is not finite", row=w.label(i), column=f"{name}[{j + 1}]")
    bad = np.flatnonzero(w.x < 0)
    if bad.size:
        raise DataError(w.path, f"negative output {w.x[bad[0]]!r}", row=w.label(bad[0]), column="output")
    bad = np.argwhere(w.Z < 0)
    if bad.size:
        i, j = bad[0]
        raise DataError(w.path, f"negative intermediate flow {w.Z[i, j]!r}", row=w.label(i),
                        column=f"inter: {w.label(j)}")
    res = w.Z.sum(1) + w.F.sum(1) - w.x
    rounding = 0.5 * ((w.Z != 0).sum(1) + (w.F != 0).sum(1) + 1)
    focus = np.isin(np.repeat(np.array(w.countries), N_IND), FOCUS)
    tol = rounding + ATOL + np.where(focus, RTOL_FOCUS, RTOL_OTHER) * np.abs(w.x)
    bad = np.flatnonzero(np.abs(res) > tol)
    if bad.size:
        i = bad[np.argmax(np.abs(res[bad]) - tol[bad])]
        raise DataError(w.path, f"row identity fails: output {w.x[i]:.0f} but intermediate + final use = "
                        f"{w.x[i] + res[i]:.0f} (tolerance {tol[i]:.1f}; wrong units in one block?)",
                        row=w.label(i), column="output")
    tot_res = res.reshape(-1, N_IND).sum(1)
    tot_x = w.x.reshape(-1, N_IND).sum(1)
    bad = np.flatnonzero(np.abs(tot_res) > RTOL_COUNTRY * tot_x + rounding.reshape(-1, N_IND).sum(1))
    if bad.size:
        g = bad[0]
        raise DataError(w.path, f"row identity fails for the whole country: output {tot_x[g]:.0f} but "
                        f"intermediate + final use = {tot_x[g] + tot_res[g]:.0f}",
                        row=f"{w.countries[g]} (all industries)", column="output")
    colsum = w.Z.sum(0)
    bad = np.flatnonzero(colsum > w.x * (1 + 1e-9) + 0.5 * (w.Z != 0).sum(0))
    if bad.size:
        j = bad[0]
        raise DataError(w.path, f"intermediate inputs {colsum[j]:.0f} exceed output {w.x[j]:.0f}",
                        row="(column sum)", column=f"inter: {w.label(j)}")
