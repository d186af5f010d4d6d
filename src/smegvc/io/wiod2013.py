"""WIOD 2013 release world input-output tables (1995-2011) and the value-chain quantities derived from them.

Source layout (``wiot_YYYY.RData``, an R list read with the ``rdata`` package): ``inter`` (1435, 1435)
intermediate flows, ``final`` (1435, 205) final use, ``output`` (1435,), ``countries`` (41: 40 countries + RoW),
``industries`` (35: c1..c35, ISIC Rev. 3), ``year``. Rows and columns are ordered country-major
(country g, industry i -> index 35 g + i); the final-use columns are 5 per country (CONS_h, CONS_np, CONS_g,
GFCF, INVEN), country-major. Values are millions of current US$, rounded to whole millions.
There is no value-added row: value added (including net product taxes and international transport
margins) per unit of output is the residual ``v = 1 - 1'A``.

Pure functions on one :class:`WorldTable`:
    coefficients(w) -> A (GN, GN)            va_coefficients(w) -> v (GN,)
    gross_exports(w) -> e (GN,)             va_source_shares(w, groups) -> (len(groups), GN)
    va_in_partner_exports(w, groups) -> (GN, len(groups))
Backward participation of an exporter = foreign VA in its gross exports (``va_source_shares * e``),
forward participation = its VA embodied in other countries' gross exports (``va_in_partner_exports``);
both computed with the global Leontief inverse B = (I - A)^-1 through one LU solve with many right-hand
sides (no explicit inverse). These are the value-added-by-source measures of gross exports
(Hummels-Ishii-Yi VS and VS1, Koopman et al. 2014 without removing their double-counted terms).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from smegvc.errors import DataError
from smegvc.scope import ECONOMIES as ORIGINS  # exporters whose intermediate exports are extracted
from smegvc.scope import WIOD2013_FOCUS as FOCUS  # economies with value-added detail; the rest is OTHER
from smegvc.scope import WIOD2013_YEARS as YEARS

N_IND = 35
FINAL_PER_COUNTRY = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
OTHER = "OTH"  # all regions outside FOCUS, including WIOD's RoW
ELECTRONICS = "c14"
# (code, ISIC Rev. 3, description) -- WIOD 2013 release industry list (Timmer ed. 2012, WIOD WP 10)
INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("c1", "AtB", "Agriculture, hunting, forestry and fishing"),
    ("c2", "C", "Mining and quarrying"),
    ("c3", "15t16", "Food, beverages and tobacco"),
    ("c4", "17t18", "Textiles and textile products"),
    ("c5", "19", "Leather, leather products and footwear"),
    ("c6", "20", "Wood and products of wood and cork"),
    ("c7", "21t22", "Pulp, paper, paper products, printing and publishing"),
    ("c8", "23", "Coke, refined petroleum and nuclear fuel"),
    ("c9", "24", "Chemicals and chemical products"),
    ("c10", "25", "Rubber and plastics"),
    ("c11", "26", "Other non-metallic minerals"),
    ("c12", "27t28", "Basic metals and fabricated metal"),
    ("c13", "29", "Machinery, n.e.c."),
    ("c14", "30t33", "Electrical and optical equipment"),
    ("c15", "34t35", "Transport equipment"),
    ("c16", "36t37", "Manufacturing, n.e.c.; recycling"),
    ("c17", "E", "Electricity, gas and water supply"),
    ("c18", "F", "Construction"),
    ("c19", "50", "Sale, maintenance and repair of motor vehicles and motorcycles; retail sale of fuel"),
    ("c20", "51", "Wholesale trade and commission trade, except of motor vehicles and motorcycles"),
    ("c21", "52", "Retail trade, except of motor vehicles and motorcycles; repair of household goods"),
    ("c22", "H", "Hotels and restaurants"),
    ("c23", "60", "Inland transport"),
    ("c24", "61", "Water transport"),
    ("c25", "62", "Air transport"),
    ("c26", "63", "Other supporting and auxiliary transport activities; activities of travel agencies"),
    ("c27", "64", "Post and telecommunications"),
    ("c28", "J", "Financial intermediation"),
    ("c29", "70", "Real estate activities"),
    ("c30", "71t74", "Renting of machinery and equipment and other business activities"),
    ("c31", "L", "Public administration and defence; compulsory social security"),
    ("c32", "M", "Education"),
    ("c33", "N", "Health and social work"),
    ("c34", "O", "Other community, social and personal services"),
    ("c35", "P", "Private households with employed persons"),
)
INDUSTRY_CODES = tuple(c for c, _, _ in INDUSTRIES)
# destination-industry groups for the electronics detail: group -> industry codes
DEST_GROUPS: dict[str, tuple[str, ...]] = {
    "electronics": ("c14",),
    "other_manufacturing": tuple(f"c{k}" for k in range(3, 17) if k != 14),
    "primary_utilities_construction": ("c1", "c2", "c17", "c18"),
    "services": tuple(f"c{k}" for k in range(19, 36)),
}
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
ATOL = 2.0  # millions of US$: zero-output rows with small negative inventory changes (LUX c5 1995: -2)


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


# ----------------------------------------------------------------------------------------- derived quantities

def coefficients(w: WorldTable) -> np.ndarray:
    """(GN, GN) input coefficients A = Z diag(x)^-1; columns with zero output are 0."""
    out = np.zeros_like(w.Z)
    nz = w.x != 0
    out[:, nz] = w.Z[:, nz] / w.x[nz]
    return out


def va_coefficients(w: WorldTable, A: np.ndarray | None = None) -> np.ndarray:
    """(GN,) value added (incl. net taxes and margins) per unit of output, v = 1 - 1'A (1 where x = 0)."""
    A = coefficients(w) if A is None else A
    return 1.0 - A.sum(0)


def country_of_cells(w: WorldTable) -> np.ndarray:
    """(GN,) ISO3 code of each cell."""
    return np.repeat(np.array(w.countries, dtype=object), N_IND)


def group_masks(w: WorldTable, groups=FOCUS + (OTHER,)) -> np.ndarray:
    """(len(groups), GN) 0/1 masks of the cells of each country group; ``OTHER`` is every country not named."""
    cc = country_of_cells(w)
    named = [g for g in groups if g != OTHER]
    return np.array([~np.isin(cc, named) if g == OTHER else cc == g for g in groups], dtype=float)


def final_country_of_columns(w: WorldTable) -> np.ndarray:
    """(5G,) ISO3 code of each final-use column (5 per country, country-major)."""
    return np.repeat(np.array(w.countries, dtype=object), len(FINAL_PER_COUNTRY))


def exports_by_destination(w: WorldTable) -> tuple[np.ndarray, np.ndarray]:
    """Intermediate and final exports of every cell to every country: two (GN, G) arrays; own country 0."""
    G = w.G
    inter = w.Z.reshape(-1, G, N_IND).sum(2)
    final = w.F.reshape(-1, G, len(FINAL_PER_COUNTRY)).sum(2)
    own = np.arange(w.Z.shape[0]) // N_IND
    inter[np.arange(len(own)), own] = 0.0
    final[np.arange(len(own)), own] = 0.0
    return inter, final


def gross_exports(w: WorldTable) -> np.ndarray:
    """(GN,) gross exports: intermediate plus final sales to all other countries."""
    inter, final = exports_by_destination(w)
    return inter.sum(1) + final.sum(1)


def va_source_shares(w: WorldTable, groups=FOCUS + (OTHER,), A=None) -> np.ndarray:
    """(len(groups), GN): share of a unit of each cell's output that is value added in each country group,
    (v o 1_g)' B. Columns sum to 1 over a partition of the world."""
    A = coefficients(w) if A is None else A
    v = va_coefficients(w, A)
    V = (group_masks(w, groups) * v).T                              # (GN, k)
    return np.linalg.solve((np.eye(len(v)) - A).T, V).T


def va_in_partner_exports(w: WorldTable, exporters=FOCUS + (OTHER,), A=None, e=None) -> np.ndarray:
    """(GN, len(exporters)): value added of each cell embodied in the gross exports of each exporter group,
    v o B (e o 1_r). For exporter = own country this is the cell's VA in its own country's exports."""
    A = coefficients(w) if A is None else A
    v = va_coefficients(w, A)
    e = gross_exports(w) if e is None else e
    E = (group_masks(w, exporters) * e).T                           # (GN, k)
    return v[:, None] * np.linalg.solve(np.eye(len(v)) - A, E)


def dest_group_matrix(groups=DEST_GROUPS) -> np.ndarray:
    """(35, len(groups)) 0/1 aggregation of industries into destination-industry groups (a partition)."""
    M = np.zeros((N_IND, len(groups)))
    for k, codes in enumerate(groups.values()):
        for c in codes:
            M[INDUSTRY_CODES.index(c), k] = 1.0
    return M


def value_chain_records(w: WorldTable):
    """The committed quantities of one year, as three lists of tuples (rows of the extract files).

    intermediate_exports: (year, origin, industry, destination, value) for origin in ORIGINS, all 35 industries
        and all other countries: intermediate exports, summed over using industries.
    electronics: (year, origin, destination, destination_group, value): intermediate exports of c14 by destination
        country and destination-industry group (:data:`DEST_GROUPS`).
    va: (year, country, industry, measure, partner, value) for country in FOCUS:
        gross_exports (partner WLD); va_in_exports (partner = VA source country group, sum = gross exports);
        va_in_partner_exports (country/industry = VA source, partner = exporting country group).
    """
    inter, _ = exports_by_destination(w)
    A = coefficients(w)
    e = gross_exports(w)
    groups = FOCUS + (OTHER,)
    shares = va_source_shares(w, groups, A)
    fwd = va_in_partner_exports(w, groups, A, e)
    dest = [c for c in w.countries]
    ie, el, va = [], [], []
    agg = dest_group_matrix()
    for o in ORIGINS:
        blk = w.block(o)
        for k, ind in enumerate(w.industries):
            for g, d in enumerate(dest):
                if d != o:
                    ie.append((w.year, o, ind, d, inter[blk][k, g]))
        row = blk.start + w.industries.index(ELECTRONICS)
        by_dest = w.Z[row].reshape(w.G, N_IND) @ agg                  # (G, groups)
        for g, d in enumerate(dest):
            if d != o:
                for k, name in enumerate(DEST_GROUPS):
                    el.append((w.year, o, d, name, by_dest[g, k]))
    for c in FOCUS:
        blk = w.block(c)
        for k, ind in enumerate(w.industries):
            i = blk.start + k
            va.append((w.year, c, ind, "gross_exports", "WLD", e[i]))
            for g, p in enumerate(groups):
                va.append((w.year, c, ind, "va_in_exports", p, shares[g, i] * e[i]))
            for g, p in enumerate(groups):
                va.append((w.year, c, ind, "va_in_partner_exports", p, fwd[i, g]))
    return ie, el, va
