"""Value-chain quantities of one WIOD 2013 world table: pure functions on a :class:`~.reader.WorldTable`.

There is no value-added row in the source: value added (including net product taxes and international
transport margins) per unit of output is the residual ``v = 1 - 1'A``.

    coefficients(w) -> A (GN, GN)            va_coefficients(w) -> v (GN,)
    gross_exports(w) -> e (GN,)             va_source_shares(w, groups) -> (len(groups), GN)
    va_in_partner_exports(w, groups) -> (GN, len(groups))
    value_chain_records(w) -> the rows of the three committed extract files for one year
Backward participation of an exporter = foreign VA in its gross exports (``va_source_shares * e``),
forward participation = its VA embodied in other countries' gross exports (``va_in_partner_exports``);
both computed with the global Leontief inverse B = (I - A)^-1 through one LU solve with many right-hand
sides (no explicit inverse). These are the value-added-by-source measures of gross exports
(Hummels-Ishii-Yi VS and VS1, Koopman et al. 2014 without removing their double-counted terms).
Units: millions of current US$ (A, v, shares: ratios).
"""
from __future__ import annotations

import numpy as np

from smegvc.io.wiod2013 import DEST_GROUPS, ELECTRONICS, FINAL_PER_COUNTRY, FOCUS, INDUSTRY_CODES, N_IND, ORIGINS, OTHER
from smegvc.io.wiod2013.reader import WorldTable


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
