"""Firm-size shares by industry: the SME part of each WIOD industry's output and exports.

Only aggregates are published for Korea and Taiwan (an SME share of manufacturing value added, of all
exports, of all sales, ...). This module turns them into shares for the 56 WIOD 2016 industries with one
documented rule, and writes ``data/sme/firm_size_shares.csv``, which the engine reads.

The rule (for one country and year; the reasoning and its limits are in ``data/sme/PROVENANCE.md``)
    1. Prior. Every industry j has a prior SME output share p_j (``data/sme/share_priors.csv``: SMEs dominate
       textiles, metal products, machinery parts, trade, construction; large firms dominate refining,
       steel, electronics, cars, ships, utilities, telecoms, finance).
    2. Output shares alpha. Each published aggregate is a *target*: a scope (a set of industries), a weight
       (WIOD gross output x, value added v or exports e) and a value T. The industries of a scope are moved
       together in logit space, alpha_j = expit(logit(p_j) + c), with the one shift c that makes the
       weighted mean hit T exactly: sum_S w_j alpha_j = T sum_S w_j. Targets are solved from the narrowest
       scope to the broadest; a broader target moves only the industries no narrower target has fixed (so
       "all industries 28.34%" after "manufacturing" moves the non-manufacturing industries only). Industries
       in no scope keep their prior.
    3. Export shares gamma. The same rule with the base logit(alpha_j) in place of logit(p_j):
       gamma_j = expit(logit(alpha_j) + d), d fitted to the published export share over its scope, each
       gamma_j clipped to its feasible interval (SME and large-firm exports within their output):
           max(0, 1 - (1 - alpha_j) x_j / e_j)  <=  gamma_j  <=  min(1, alpha_j x_j / e_j)      (e_j > 0)
       and d re-solved with the clip in place, so the target still holds exactly. Industries outside every
       export scope keep gamma_j = alpha_j.
    4. Years. Each target is a series of published benchmarks, each valid over a span of years (the SME
       definition in force). A year between two benchmarks takes the linear interpolation of the published
       values; a year outside them takes the nearest one. The rule is then applied with that year's WIOD
       weights, so every year reproduces its (published or interpolated) target exactly.
    5. Status. "derived" if the output and the export share of the row both come from targets that are
       published or interpolated that year; "assumed" if either is a prior or a carried benchmark;
       "published" only for industry-level figures supplied by a user (``overrides``), which pass through
       unchanged while the other industries absorb the rest of each aggregate.
    6. Bounds. output_low/high: the share when the prior odds p_j / (1 - p_j) of that industry alone are
       halved or doubled (:data:`PRIOR_ODDS`), the other industries re-scaled to the same aggregates;
       likewise export_low/high with the base alpha_j (the perturbed export share is not clipped).
       Away from a benchmark year both bounds widen by :data:`WIDEN_PER_YEAR` logit units per year of
       distance to the nearest benchmark of the target concerned. Always 0 <= low <= share <= high <= 1.

Korea's SME definition changed in 2011 (mid-sized firms left the SME count; the published export share
drops from about 31% to about 19%). Scenario ``in_force`` (the main file) uses the definition in force each
year: pre-2011 benchmarks for 2000-2010, post-2011 ones for 2011-2014. Scenario ``consistent`` keeps the
pre-2011 coverage throughout, continuing it after 2011 with the published share of SMEs plus mid-sized
firms. Korean output shares come from establishment size classes and are the same in both scenarios.

Public functions:
    derive_shares(benchmarks, priors, wiod, scenario="in_force", years=None, overrides=None) -> DataFrame
    build_share_table(out_path=None) -> list[Path]      rebuild the CSV(s) atomically
    load_shares(country, year) -> DataFrame indexed by industry (validated, feasibility checked)
    validate_share_frame(df, path, tables=None)          the file checks; raises DataError
    read_priors(), read_benchmarks(), read_overrides(), wiod_vectors()   the validated inputs
    fit_nested(...), solve_shift(...), export_interval(...), target_at(...)   the rule's pieces
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.atomic import write_text
from smegvc.io.datapackage import CC_BY, field
from smegvc.errors import DataError, InfeasibleSharesError
from smegvc.io.textcsv import exact_columns, read_text_csv
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.scope import ECONOMIES as COUNTRIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK, YEARS

SHARES_FILE = "sme/firm_size_shares.csv"
CONSISTENT_FILE = "sme/firm_size_shares_kor_consistent.csv"
PRIORS_FILE = "sme/share_priors.csv"
BENCHMARKS_FILE = "sme/share_benchmarks.csv"
OVERRIDES_FILE = "sme/share_overrides.csv"

SHARE_COLUMNS = ("country", "year", "industry", "sme_output_share", "sme_export_share", "sme_va_share",
                 "sme_import_share", "status", "output_low", "output_high", "export_low", "export_high",
                 "source", "note")
REQUIRED_SHARES = ("sme_output_share", "sme_export_share", "output_low", "output_high", "export_low",
                   "export_high")
OPTIONAL_SHARES = ("sme_va_share", "sme_import_share")
STATUSES = ("published", "derived", "assumed")
SCENARIOS = ("in_force", "consistent")

_N = len(INDUSTRIES)
_MFG = tuple(c for c in INDUSTRIES if c.startswith("C"))
SCOPES: dict[str, tuple[str, ...]] = {
    "all": INDUSTRIES,
    "goods": tuple(c for c in INDUSTRIES if c[0] in "ABC"),       # agriculture, mining, manufacturing
    "manufacturing": _MFG,                                         # C10-C12 ... C33
    "non-manufacturing": tuple(c for c in INDUSTRIES if c not in _MFG),
}
WEIGHTS = {"x": "WIOD gross output", "e": "WIOD exports", "v": "WIOD value added"}
QUANTITIES = ("output", "export")
KINDS = ("share", "composition")

PRIOR_ODDS = 2.0            # bounds: the prior (or base) odds of one industry halved and doubled
PRIOR_CAP = 0.995           # priors (and the export base alpha) are kept inside [1 - cap, cap] for logits
WIDEN_PER_YEAR = 0.05       # logit units per year between a row's year and its nearest benchmark
FEAS_RTOL = 1e-9            # feasibility tolerance, relative to output

_STATUS_RANK = {"benchmark": 0, "interpolated": 1, "carried": 2, "prior": 3}


class InfeasibleShareRowError(DataError, InfeasibleSharesError):
    """A share row whose SME or large-firm exports exceed that cell's output (names file, row, column)."""


# ---------------------------------------------------------------------------------------------- maths

def expit(z):
    """Logistic function, accurate in both tails."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def logit(p):
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def solve_shift(base, w, required, lo=None, hi=None, *, label="target"):
    """The shift c (one per row of ``base``) with sum_j w_j clip(expit(base_j + c), lo_j, hi_j) = required.

    base: (k, m) logits; w: (m,) non-negative weights; required: (k,) weighted totals; lo, hi: (k, m) or
    (m,) clip bounds in [0, 1] (default 0 and 1). The left side increases with c, so bisection on
    [-60, 60] converges to machine precision. Raises InfeasibleSharesError when ``required`` lies outside
    [sum w lo, sum w hi] (no share vector in the bounds reaches the target).
    """
    base = np.atleast_2d(np.asarray(base, dtype=float))
    k, m = base.shape
    w = np.asarray(w, dtype=float)
    required = np.broadcast_to(np.asarray(required, dtype=float), (k,))
    lo = np.zeros((k, m)) if lo is None else np.broadcast_to(np.asarray(lo, dtype=float), (k, m))
    hi = np.ones((k, m)) if hi is None else np.broadcast_to(np.asarray(hi, dtype=float), (k, m))
    gmin, gmax = (lo * w).sum(axis=1), (hi * w).sum(axis=1)
    tol = 1e-12 * np.maximum(w.sum(), 1.0)
    bad = (required < gmin - tol) | (required > gmax + tol)
    if bad.any():
        i = int(np.argmax(bad))
        raise InfeasibleSharesError(f"{label}: weighted total {required[i]:.6g} is outside the reachable "
                                    f"range [{gmin[i]:.6g}, {gmax[i]:.6g}] of shares within their bounds")

    def g(c):
        return (np.clip(expit(base + c[:, None]), lo, hi) * w).sum(axis=1)

    a, b = np.full(k, -60.0), np.full(k, 60.0)
    for _ in range(200):
        mid = 0.5 * (a + b)
        below = g(mid) < required
        a, b = np.where(below, mid, a), np.where(below, b, mid)
        if np.all(b - a <= 1e-15 * np.maximum(1.0, np.abs(a))):
            break
    return 0.5 * (a + b)


def fit_nested(base, targets, lo=None, hi=None, fixed=None):
    """Shares s (k, n) from base logits (k, n) and nested targets; see the module docstring, step 2.

    targets: list of dicts with ``mask`` (n,) bool scope, ``w`` (n,) non-negative weights, ``value`` (k,)
    or scalar target mean, ``label`` (for messages). Scopes must be nested or disjoint. ``fixed``: (n,)
    float with NaN where free, else a share that is kept as is (user-supplied rows).
    Returns (s, pinned) where pinned[j] is the index of the target that set industry j (-1: none).
    """
    base = np.atleast_2d(np.asarray(base, dtype=float))
    k, n = base.shape
    lo = np.zeros((k, n)) if lo is None else np.broadcast_to(np.asarray(lo, dtype=float), (k, n))
    hi = np.ones((k, n)) if hi is None else np.broadcast_to(np.asarray(hi, dtype=float), (k, n))
    s = np.clip(expit(base), lo, hi)
    done = np.zeros(n, dtype=bool)
    if fixed is not None:
        fixed = np.asarray(fixed, dtype=float)
        has = ~np.isnan(fixed)
        s[:, has] = fixed[has]
        done |= has
    pinned = np.full(n, -1)
    order = sorted(range(len(targets)), key=lambda t: int(targets[t]["mask"].sum()))
    masks = [targets[t]["mask"] for t in order]
    for a_i, ma in enumerate(masks):
        for mb in masks[a_i + 1:]:
            inter = ma & mb
            if inter.any() and not (inter == ma).all():
                raise ValueError("target scopes must be nested or disjoint")
    for t in order:
        tg = targets[t]
        mask, w = tg["mask"], np.clip(np.asarray(tg["w"], dtype=float), 0.0, None)
        value = np.broadcast_to(np.asarray(tg["value"], dtype=float), (k,))
        free = mask & ~done
        held = mask & done
        required = value * w[mask].sum() - (s[:, held] * w[held]).sum(axis=1)
        if free.any() and w[free].sum() > 0:
            c = solve_shift(base[:, free], w[free], required, lo[:, free], hi[:, free], label=tg["label"])
            s[:, free] = np.clip(expit(base[:, free] + c[:, None]), lo[:, free], hi[:, free])
        elif np.any(np.abs(required) > 1e-9 * max(w[mask].sum(), 1.0)):
            raise InfeasibleSharesError(f"{tg['label']}: no free industry with positive weight is left "
                                        "to meet the target")
        pinned[free] = t
        done |= mask
    return s, pinned


def export_interval(alpha, x, e):
    """Feasible export shares (lo, hi) given output shares: SME and large-firm exports within their output."""
    alpha, x, e = (np.asarray(a, dtype=float) for a in (alpha, x, e))
    lo, hi = np.zeros_like(alpha), np.ones_like(alpha)
    pos = e > 0
    ratio = np.where(pos, x / np.where(pos, e, 1.0), np.inf)
    hi[pos] = np.minimum(1.0, alpha[pos] * ratio[pos])
    lo[pos] = np.maximum(0.0, 1.0 - (1.0 - alpha[pos]) * ratio[pos])
    return lo, np.maximum(hi, lo)


# ---------------------------------------------------------------------------------------------- inputs

def _line(i: int) -> int:
    return int(i) + 2


def _numeric(df, col, path, lo=None, hi=None, required=True, row_label=None):
    if pd.api.types.is_numeric_dtype(df[col]):
        num = df[col].to_numpy(dtype=float)
        empty = np.isnan(num)
    else:
        raw = df[col].astype(str).str.strip()
        num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        empty = (raw == "").to_numpy()
    label = row_label or (lambda i: f"line {_line(i)}")
    bad = np.flatnonzero(np.isnan(num) & (~empty if not required else np.ones_like(empty)))
    if bad.size:
        i = bad[0]
        what = "empty cell (required)" if empty[i] else f"{df[col].iat[i]!r} is not a number"
        raise DataError(path, what, row=label(i), column=col)
    bad = np.flatnonzero(np.isinf(num))
    if bad.size:
        raise DataError(path, f"{df[col].iat[bad[0]]!r} is not finite", row=label(bad[0]), column=col)
    ok = ~np.isnan(num)
    if lo is not None:
        bad = np.flatnonzero(ok & (num < lo))
        if bad.size:
            raise DataError(path, f"value {num[bad[0]]!r} below {lo}", row=label(bad[0]), column=col)
    if hi is not None:
        bad = np.flatnonzero(ok & (num > hi))
        if bad.size:
            raise DataError(path, f"value {num[bad[0]]!r} above {hi}", row=label(bad[0]), column=col)
    return num


PRIOR_COLUMNS = ("industry", "group", "prior_sme_output_share", "rationale", "source")


def read_priors(path=None) -> pd.DataFrame:
    """The prior SME output shares, one row per WIOD industry in table order (validated)."""
    path = Path(path) if path is not None else paths.DATA / PRIORS_FILE
    df = read_text_csv(path, PRIOR_COLUMNS)
    if tuple(df["industry"]) != INDUSTRIES:
        i = next((k for k, (a, b) in enumerate(zip(df["industry"], INDUSTRIES)) if a != b),
                 min(len(df), _N))
        raise DataError(path, f"industries must be the 56 WIOD codes in table order; mismatch at position {i + 1}",
                        row=_line(i), column="industry")
    df = df.copy()
    df["prior_sme_output_share"] = _numeric(df, "prior_sme_output_share", path, 0.0, 1.0)
    for col in ("rationale", "source"):
        bad = np.flatnonzero((df[col].str.strip() == "").to_numpy())
        if bad.size:
            raise DataError(path, "empty cell (required)", row=_line(bad[0]), column=col)
    return df


BENCHMARK_COLUMNS = ("benchmark_id", "published_id", "country", "scenario", "quantity", "scope", "weight",
                     "kind", "of_scope", "valid_from", "valid_to", "note")


def read_benchmarks(path=None, published=None) -> pd.DataFrame:
    """The benchmark specification joined with the published values (``value`` as a fraction, ``year``).

    Checks known codes, year spans, that every ``published_id`` exists in the published table with unit
    percent, and that composition rows name an ``of_scope`` containing their scope.
    """
    from smegvc.evidence.sme_stats import read_published

    path = Path(path) if path is not None else paths.DATA / BENCHMARKS_FILE
    df = read_text_csv(path, BENCHMARK_COLUMNS).copy()
    pub = read_published() if published is None else published
    dup = df["benchmark_id"].duplicated().to_numpy()
    if dup.any():
        i = int(np.argmax(dup))
        raise DataError(path, f"duplicated benchmark_id {df['benchmark_id'].iat[i]!r}", row=_line(i),
                        column="benchmark_id")
    for col, allowed in (("country", COUNTRIES), ("scenario", SCENARIOS + ("all",)), ("quantity", QUANTITIES),
                         ("scope", tuple(SCOPES)), ("weight", tuple(WEIGHTS)), ("kind", KINDS)):
        bad = np.flatnonzero(~df[col].isin(allowed).to_numpy())
        if bad.size:
            raise DataError(path, f"unknown {col} {df[col].iat[bad[0]]!r} (allowed: {', '.join(allowed)})",
                            row=_line(bad[0]), column=col)
    for col in ("valid_from", "valid_to"):
        df[col] = _numeric(df, col, path, YEARS[0], YEARS[-1]).astype(int)
    bad = np.flatnonzero((df["valid_from"] > df["valid_to"]).to_numpy())
    if bad.size:
        raise DataError(path, "valid_from after valid_to", row=_line(bad[0]), column="valid_to")
    comp = (df["kind"] == "composition").to_numpy()
    for i in np.flatnonzero(comp):
        of = df["of_scope"].iat[i]
        if of not in SCOPES or not set(SCOPES[df["scope"].iat[i]]) <= set(SCOPES[of]):
            raise DataError(path, f"composition needs an of_scope containing scope {df['scope'].iat[i]!r}",
                            row=_line(i), column="of_scope")
    pub_by_id = pub.set_index("id")
    values, years, sources = [], [], []
    for i, pid in enumerate(df["published_id"]):
        if pid not in pub_by_id.index:
            raise DataError(path, f"published_id {pid!r} not in the published-statistics table",
                            row=_line(i), column="published_id")
        r = pub_by_id.loc[pid]
        if r["unit"] != "percent":
            raise DataError(path, f"published figure {pid!r} is in {r['unit']!r}, not percent", row=_line(i),
                            column="published_id")
        if r["country"] != df["country"].iat[i]:
            raise DataError(path, f"published figure {pid!r} is for {r['country']}", row=_line(i),
                            column="country")
        values.append(float(r["value"]) / 100.0)
        years.append(int(r["year"]))
        sources.append(f"{r['source_agency']}: {r['source_publication']}")
    df["value"] = values
    df["year"] = years
    df["citation"] = sources
    return df


def read_overrides(path=None) -> pd.DataFrame | None:
    """User-supplied industry-level shares (same columns as the share table, status "published"), or None."""
    path = Path(path) if path is not None else paths.DATA / OVERRIDES_FILE
    if not path.is_file():
        return None
    df = validate_share_frame(read_text_csv(path, SHARE_COLUMNS), path, require_complete=False)
    bad = np.flatnonzero((df["status"] != "published").to_numpy())
    if bad.size:
        i = bad[0]
        raise DataError(path, "user-supplied rows must have status 'published'",
                        row=f"{df['country'].iat[i]} {df['year'].iat[i]} {df['industry'].iat[i]} (line {_line(i)})",
                        column="status")
    return df


def wiod_vectors(pairs=None) -> dict:
    """{(country, year): {"x", "e", "v": (56,) arrays}} from the committed WIOD extract (millions of US$).

    ``pairs``: (country, year) tuples; default every economy in :data:`smegvc.scope.ECONOMIES` x every year in :data:`smegvc.scope.YEARS`.
    """
    from smegvc.io.wiod2016.load import load_niot

    pairs = [(c, y) for c in COUNTRIES for y in YEARS] if pairs is None else pairs
    out = {}
    for c, y in pairs:
        t = load_niot(c, int(y))
        if tuple(t.industries) != INDUSTRIES:
            raise DataError("data/wiod2016", f"{c} {y}: industries differ from the 56 WIOD codes")
        out[(c, int(y))] = {"x": np.asarray(t.x, float), "e": np.asarray(t.e, float),
                            "v": np.asarray(t.v, float)}
    return out


# ---------------------------------------------------------------------------------------------- rule

def target_at(points: pd.DataFrame, year: int):
    """Target value in ``year`` from benchmark rows (columns year, value, valid_from, valid_to, benchmark_id).

    Returns (value, how, distance, ids) with how in {"benchmark", "interpolated", "carried"}, or None when
    no benchmark is valid in ``year``.
    """
    ok = points[(points["valid_from"] <= year) & (points["valid_to"] >= year)].sort_values("year")
    if ok.empty:
        return None
    yrs, vals, ids = ok["year"].to_numpy(), ok["value"].to_numpy(float), ok["benchmark_id"].tolist()
    same = np.flatnonzero(yrs == year)
    if same.size:
        if same.size > 1:
            raise DataError(paths.DATA / BENCHMARKS_FILE, f"two benchmarks for year {year}: "
                            f"{[ids[i] for i in same]}", column="published_id")
        return float(vals[same[0]]), "benchmark", 0, [ids[same[0]]]
    before, after = np.flatnonzero(yrs < year), np.flatnonzero(yrs > year)
    if before.size and after.size:
        i, j = before[-1], after[0]
        f = (year - yrs[i]) / (yrs[j] - yrs[i])
        return float(vals[i] + f * (vals[j] - vals[i])), "interpolated", int(min(year - yrs[i], yrs[j] - year)), \
            [ids[i], ids[j]]
    i = before[-1] if before.size else after[0]
    return float(vals[i]), "carried", int(abs(year - yrs[i])), [ids[i]]


def _series(bm: pd.DataFrame, country, scenario, quantity):
    sel = bm[(bm["country"] == country) & (bm["quantity"] == quantity)
             & bm["scenario"].isin([scenario, "all"])]
    return {key: grp for key, grp in sel.groupby(["scope", "weight", "kind", "of_scope"], sort=True)}


def _targets_for(bm, country, year, scenario, quantity, vec):
    """Targets of one quantity for one country-year: list of dicts for fit_nested, plus their metadata."""
    series = _series(bm, country, scenario, quantity)
    targets = []
    for (scope, weight, kind, of_scope), grp in series.items():
        if kind != "share":
            continue
        got = target_at(grp, year)
        if got is None:
            continue
        value, how, dist, ids = got
        targets.append({"mask": np.isin(INDUSTRIES, SCOPES[scope]), "w": np.clip(vec[weight], 0, None),
                        "value": value, "label": f"{country} {year} {quantity} {scope} ({weight}-weighted)",
                        "how": how, "dist": dist, "ids": ids, "scope": scope, "weight": weight})
    for (scope, weight, kind, of_scope), grp in series.items():
        if kind != "composition":
            continue
        got = target_at(grp, year)
        if got is None:
            continue
        parent = next((t for t in targets if t["scope"] == of_scope and t["weight"] == weight), None)
        if parent is None:
            raise DataError(paths.DATA / BENCHMARKS_FILE, f"{country} {year}: composition {_ids_str(grp)} needs "
                            f"a {quantity} share target for scope {of_scope!r} weighted by {weight}",
                            column="of_scope")
        comp, how, dist, ids = got
        w = np.clip(vec[weight], 0, None)
        mask = np.isin(INDUSTRIES, SCOPES[scope])
        value = comp * parent["value"] * w[parent["mask"]].sum() / w[mask].sum()
        worse = max(how, parent["how"], key=_STATUS_RANK.get)
        targets.append({"mask": mask, "w": w, "value": value,
                        "label": f"{country} {year} {quantity} {scope} (composition of {of_scope})",
                        "how": worse, "dist": max(dist, parent["dist"]), "ids": ids + parent["ids"],
                        "scope": scope, "weight": weight, "composition": comp})
    return targets


def _ids_str(grp) -> str:
    return ", ".join(grp["benchmark_id"])


def _effective(targets) -> None:
    """Add eff_how / eff_dist / eff_ids: a broad target fits only what its narrower targets left, so the
    industries it sets depend on those too; they take the weakest status and the largest distance."""
    for t in targets:
        inner = [u for u in targets if u is t or (u["mask"] <= t["mask"]).all()]
        t["eff_how"] = max((u["how"] for u in inner), key=_STATUS_RANK.get)
        t["eff_dist"] = max(u["dist"] for u in inner)
        t["eff_ids"] = list(dict.fromkeys(i for u in inner for i in u["ids"]))


def _bounds(base, targets, lo=None, hi=None, fixed=None):
    """(low, high) per industry j: its share when its base odds alone are divided or multiplied by
    :data:`PRIOR_ODDS`, the other industries re-scaled so that every target still holds."""
    n = base.shape[-1]
    out = []
    for step in (-np.log(PRIOR_ODDS), np.log(PRIOR_ODDS)):
        b = np.tile(base, (n, 1))
        b[np.arange(n), np.arange(n)] += step
        lo2 = None if lo is None else np.tile(lo, (n, 1))
        hi2 = None if hi is None else np.tile(hi, (n, 1))
        if lo2 is not None:          # the perturbed industry itself is only kept within [0, 1]
            lo2[np.arange(n), np.arange(n)] = 0.0
            hi2[np.arange(n), np.arange(n)] = 1.0
        s, _ = fit_nested(b, targets, lo2, hi2, fixed)
        out.append(s[np.arange(n), np.arange(n)])
    return out[0], out[1]


def _widen(share, low, high, dist):
    """Apply the distance widening in logit space and order low <= share <= high within [0, 1]."""
    eps = 1e-12
    low = np.minimum(low, share)
    high = np.maximum(high, share)
    lz = logit(np.clip(low, eps, 1 - eps)) - WIDEN_PER_YEAR * dist
    hz = logit(np.clip(high, eps, 1 - eps)) + WIDEN_PER_YEAR * dist
    low = np.where(dist > 0, expit(lz), low)
    high = np.where(dist > 0, expit(hz), high)
    return np.clip(np.minimum(low, share), 0, 1), np.clip(np.maximum(high, share), 0, 1)


_DEF_NOTE = {
    ("KOR", "in_force", "pre"): "KOR exports: pre-2011 SME definition (incl. firms later classed mid-sized)",
    ("KOR", "in_force", "post"): "KOR exports: post-2011 SME definition (mid-sized firms excluded), not comparable with 2000-2010",
    ("KOR", "consistent", "pre"): "KOR exports: pre-2011 coverage kept throughout (scenario 'consistent')",
    ("KOR", "consistent", "post"): "KOR exports: pre-2011 coverage kept throughout (SMEs plus mid-sized firms from 2011)",
}


def _note(country, year, scenario, in_out_scope, in_exp_scope):
    """Short row note: definition in force, what pins the output share, the export-concept mismatch."""
    if country == "KOR":
        parts = [_DEF_NOTE[("KOR", scenario, "pre" if year <= PRE_BREAK else "post")],
                 "output: manufacturing value-added target (establishments of 5-299 workers)" if in_out_scope
                 else "output: prior only (no Korean output share published for this scope)"]
    else:
        parts = ["TWN White Paper definition; exports = zero-rated VAT sales; output from VAT sales shares"]
    if not in_exp_scope:
        parts.append("export share set equal to output share (outside the export target's scope)")
    parts.append("published exports are by exporting firm, WIOD exports by producing industry")
    return "; ".join(parts)


def _source(targets, pin, how, quantity):
    if pin < 0:
        return f"{quantity}: prior" if quantity == "output" else f"{quantity}: = output share"
    return f"{quantity}: {'+'.join(targets[pin]['eff_ids'])} ({how})"


def _round_out(low, high, digits=6):
    """Round bounds outward (low down, high up) to ``digits`` decimals, inside [0, 1]."""
    f = 10.0 ** digits
    return np.clip(np.floor(low * f) / f, 0, 1), np.clip(np.ceil(high * f) / f, 0, 1)


def derive_shares(benchmarks: pd.DataFrame, priors: pd.DataFrame, wiod: dict, *, scenario: str = "in_force",
                  years=None, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The share table (columns :data:`SHARE_COLUMNS`) for every (country, year) in ``wiod`` with benchmarks.

    benchmarks: output of :func:`read_benchmarks` (``value`` a fraction). priors: output of
    :func:`read_priors`. wiod: {(country, year): {"x", "e", "v": (56,) arrays}}, e.g. :func:`wiod_vectors`.
    scenario: "in_force" or "consistent" (Korea's 2011 definition break, see the module docstring).
    overrides: optional user rows (status "published") kept unchanged; the rule fits the other industries
    around them. Pure: reads no file.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}")
    prior = np.clip(priors["prior_sme_output_share"].to_numpy(float), 1 - PRIOR_CAP, PRIOR_CAP)
    keys = sorted(k for k in wiod if years is None or k[1] in set(years))
    ov = {}
    if overrides is not None and len(overrides):
        for _, r in overrides.iterrows():
            ov[(r["country"], int(r["year"]), r["industry"])] = r
    frames = []
    for country, year in keys:
        if not (benchmarks["country"] == country).any():
            continue
        vec = wiod[(country, year)]
        x, e = vec["x"], vec["e"]
        fixed_a = np.full(_N, np.nan)
        fixed_g = np.full(_N, np.nan)
        for j, ind in enumerate(INDUSTRIES):
            r = ov.get((country, year, ind))
            if r is not None:
                fixed_a[j] = float(r["sme_output_share"])
                fixed_g[j] = float(r["sme_export_share"])
        # output shares
        t_out = _targets_for(benchmarks, country, year, scenario, "output", vec)
        base_a = logit(prior)[None, :]
        alpha, pin_a = fit_nested(base_a, t_out, fixed=fixed_a)
        alpha = alpha[0]
        keep = (pin_a < 0) & np.isnan(fixed_a)
        alpha[keep] = prior[keep]           # untargeted industries keep the prior exactly
        a_lo, a_hi = _bounds(base_a[0], t_out, fixed=fixed_a)
        # export shares
        t_exp = _targets_for(benchmarks, country, year, scenario, "export", vec)
        lo, hi = export_interval(alpha, x, e)
        base_g = logit(np.clip(alpha, 1 - PRIOR_CAP, PRIOR_CAP))[None, :]
        # industries outside every export scope keep gamma = alpha exactly
        outside = ~np.any([t["mask"] for t in t_exp], axis=0) if t_exp else np.ones(_N, bool)
        fixed_g2 = fixed_g.copy()
        fixed_g2[outside & np.isnan(fixed_g)] = alpha[outside & np.isnan(fixed_g)]
        gamma, pin_g = fit_nested(base_g, t_exp, lo, hi, fixed=fixed_g2)
        gamma = gamma[0]
        g_lo, g_hi = _bounds(base_g[0], t_exp, lo, hi, fixed=fixed_g)
        # statuses, distances, sources
        _effective(t_out)
        _effective(t_exp)
        how_a = np.array([t_out[p]["eff_how"] if p >= 0 else "prior" for p in pin_a], dtype=object)
        how_g = np.array([t_exp[p]["eff_how"] if p >= 0 else "prior" for p in pin_g], dtype=object)
        dist_a = np.array([t_out[p]["eff_dist"] if p >= 0 else 0 for p in pin_a], dtype=float)
        dist_g = np.array([t_exp[p]["eff_dist"] if p >= 0 else 0 for p in pin_g], dtype=float)
        o_low, o_high = _round_out(*_widen(alpha, a_lo, a_hi, dist_a))
        x_low, x_high = _round_out(*_widen(gamma, g_lo, g_hi, dist_g))
        rows = []
        for j, ind in enumerate(INDUSTRIES):
            r = ov.get((country, year, ind))
            if r is not None:
                rows.append({c: r[c] for c in SHARE_COLUMNS})
                continue
            ha, hg = how_a[j], how_g[j]
            status = "derived" if {ha, hg} <= {"benchmark", "interpolated"} else "assumed"
            rows.append({
                "country": country, "year": int(year), "industry": ind,
                "sme_output_share": float(alpha[j]), "sme_export_share": float(gamma[j]),
                "sme_va_share": np.nan, "sme_import_share": np.nan, "status": status,
                "output_low": float(o_low[j]), "output_high": float(o_high[j]),
                "export_low": float(x_low[j]), "export_high": float(x_high[j]),
                "source": f"{_source(t_out, pin_a[j], ha, 'output')}; {_source(t_exp, pin_g[j], hg, 'exports')}",
                "note": _note(country, year, scenario, pin_a[j] >= 0, pin_g[j] >= 0),
            })
        frames.append(pd.DataFrame(rows, columns=list(SHARE_COLUMNS)))
    if not frames:
        return pd.DataFrame(columns=list(SHARE_COLUMNS))
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------- validation

def _row_labels(df):
    def label(i):
        return f"{df['country'].iat[i]} {df['year'].iat[i]} {df['industry'].iat[i]} (line {_line(i)})"
    return label


def validate_share_frame(df: pd.DataFrame, path, tables: dict | None = None, *,
                         require_complete: bool = True) -> pd.DataFrame:
    """Check a share table (read as text or built); return it typed (shares float, NaN for empty optional).

    Checks, each raising DataError naming the file, the row (country year industry and CSV line) and the
    column: exactly :data:`SHARE_COLUMNS`; known country, integer year, WIOD industry, no duplicate;
    shares finite in [0, 1]; output_low <= sme_output_share <= output_high and likewise for exports;
    status in :data:`STATUSES`; with ``require_complete`` all 56 industries of every country-year present.
    ``tables``: {(country, year): {"x", "e"}} to check feasibility (InfeasibleShareRowError).
    """
    df = exact_columns(df, SHARE_COLUMNS, path).copy()
    for col in ("country", "year", "industry", "status"):
        df[col] = df[col].astype(str).str.strip()
    bad = np.flatnonzero(~df["country"].isin(COUNTRIES).to_numpy())
    if bad.size:
        raise DataError(path, f"unknown country {df['country'].iat[bad[0]]!r}", row=f"line {_line(bad[0])}",
                        column="country")
    bad = np.flatnonzero(~df["year"].str.fullmatch(r"\d{4}").to_numpy())
    if bad.size:
        raise DataError(path, f"year {df['year'].iat[bad[0]]!r} is not an integer", row=f"line {_line(bad[0])}",
                        column="year")
    df["year"] = df["year"].astype(int)
    bad = np.flatnonzero(~df["year"].isin(YEARS).to_numpy())
    if bad.size:
        raise DataError(path, f"year {df['year'].iat[bad[0]]} outside the WIOD 2016 years {FIRST_YEAR}-{LAST_YEAR}",
                        row=f"line {_line(bad[0])}", column="year")
    label = _row_labels(df)
    bad = np.flatnonzero(~df["industry"].isin(INDUSTRIES).to_numpy())
    if bad.size:
        raise DataError(path, f"unknown industry {df['industry'].iat[bad[0]]!r}", row=label(bad[0]),
                        column="industry")
    dup = df.duplicated(["country", "year", "industry"]).to_numpy()
    if dup.any():
        i = int(np.argmax(dup))
        raise DataError(path, "duplicated country-year-industry", row=label(i), column="industry")
    bad = np.flatnonzero(~df["status"].isin(STATUSES).to_numpy())
    if bad.size:
        raise DataError(path, f"status {df['status'].iat[bad[0]]!r} not in {STATUSES}", row=label(bad[0]),
                        column="status")
    for col in REQUIRED_SHARES:
        df[col] = _numeric(df, col, path, 0.0, 1.0, required=True, row_label=label)
    for col in OPTIONAL_SHARES:
        df[col] = _numeric(df, col, path, 0.0, 1.0, required=False, row_label=label)
    for share, low, high in (("sme_output_share", "output_low", "output_high"),
                             ("sme_export_share", "export_low", "export_high")):
        bad = np.flatnonzero((df[low] > df[share]).to_numpy())
        if bad.size:
            i = bad[0]
            raise DataError(path, f"{low} {df[low].iat[i]!r} above {share} {df[share].iat[i]!r}", row=label(i),
                            column=low)
        bad = np.flatnonzero((df[high] < df[share]).to_numpy())
        if bad.size:
            i = bad[0]
            raise DataError(path, f"{high} {df[high].iat[i]!r} below {share} {df[share].iat[i]!r}",
                            row=label(i), column=high)
    if require_complete:
        counts = df.groupby(["country", "year"])["industry"].nunique()
        short = counts[counts != _N]
        if len(short):
            (c, y), k = short.index[0], int(short.iloc[0])
            have = set(df.loc[(df["country"] == c) & (df["year"] == y), "industry"])
            miss = [i for i in INDUSTRIES if i not in have]
            raise DataError(path, f"{c} {y} has {k} of the 56 industries (missing {miss[:5]})",
                            row=f"{c} {y} {miss[0]}", column="industry")
    if tables is not None:
        check_feasibility(df, tables, path)
    return df.reset_index(drop=True)


def check_feasibility(df: pd.DataFrame, tables: dict, path) -> None:
    """SME exports within SME output and large-firm exports within large-firm output, row by row.

    alpha_j x_j >= gamma_j e_j and (1 - alpha_j) x_j >= (1 - gamma_j) e_j, to a tolerance of 1e-9 x_j.
    Raises :class:`InfeasibleShareRowError` naming the file, the row and the column sme_export_share.
    """
    label = _row_labels(df)
    idx = {c: j for j, c in enumerate(INDUSTRIES)}
    for (c, y), grp in df.groupby(["country", "year"], sort=False):
        if (c, y) not in tables:
            continue
        x, e = np.asarray(tables[(c, y)]["x"], float), np.asarray(tables[(c, y)]["e"], float)
        pos = grp.index.to_numpy()
        j = grp["industry"].map(idx).to_numpy()
        a, g = grp["sme_output_share"].to_numpy(float), grp["sme_export_share"].to_numpy(float)
        tol = FEAS_RTOL * np.maximum(x[j], 1.0)
        sme = a * x[j] - g * e[j]
        large = (1 - a) * x[j] - (1 - g) * e[j]
        for gap, who in ((sme, "SME"), (large, "large-firm")):
            bad = np.flatnonzero(gap < -tol)
            if bad.size:
                k = bad[0]
                i = int(pos[k])
                raise InfeasibleShareRowError(
                    path, f"infeasible: {who} exports exceed {who} output "
                    f"(output share {a[k]:.6g} x output {x[j[k]]:.6g} vs export share {g[k]:.6g} x exports "
                    f"{e[j[k]]:.6g}, millions of US$)", row=label(i), column="sme_export_share")


# ---------------------------------------------------------------------------------------------- files

def shares_path() -> Path:
    return paths.DATA / SHARES_FILE


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(v)


def share_table_csv(df: pd.DataFrame) -> str:
    """CSV text of a share table: shares at full precision (Python repr), empty optional shares blank."""
    out = df[list(SHARE_COLUMNS)].copy()
    for col in REQUIRED_SHARES + OPTIONAL_SHARES:
        out[col] = [_fmt(float(v)) if v != "" and not pd.isna(v) else "" for v in out[col]]
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def build_share_table(out_path=None, *, log=print) -> list[Path]:
    """Rebuild the firm-size share table(s) from the curated inputs and the WIOD extract.

    Writes ``out_path`` (default ``data/sme/firm_size_shares.csv``: the SME definition in force each year)
    and, beside it, ``firm_size_shares_kor_consistent.csv`` (Korea's pre-2011 coverage throughout). Every
    input is read and validated, and both tables are built and checked (bounds, feasibility), before
    either file is written; each write is atomic. User rows in ``data/sme/share_overrides.csv`` (if any)
    are kept and the rule fits the other industries around them. Returns the written paths.
    """
    out = Path(out_path) if out_path is not None else shares_path()
    other = out.with_name(out.stem + "_kor_consistent" + out.suffix)
    priors = read_priors()
    bm = read_benchmarks()
    overrides = read_overrides()
    wiod = wiod_vectors()
    texts = {}
    for path, scenario in ((out, "in_force"), (other, "consistent")):
        df = derive_shares(bm, priors, wiod, scenario=scenario, overrides=overrides)
        text = share_table_csv(df)
        parsed = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        validate_share_frame(parsed, path, wiod)
        texts[path] = text
    for path, text in texts.items():
        write_text(path, text)
        log(f"wrote {path}")
    return list(texts)


_CACHE: dict = {}


def read_share_table(path=None, *, check=True) -> pd.DataFrame:
    """The whole share table, validated (feasibility against the WIOD extract when ``check``)."""
    path = Path(path) if path is not None else shares_path()
    if not path.is_file():
        raise DataError(path, "file not found; rebuild it with smegvc.evidence.shares.build_share_table()")
    tracking.record_read(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, check)
    if key not in _CACHE:
        df = read_text_csv(path, SHARE_COLUMNS)
        tables = None
        if check:
            pairs = sorted(set(zip(df["country"].str.strip(), df["year"].str.strip())))
            if all(c in COUNTRIES and y.isdigit() and int(y) in YEARS for c, y in pairs):
                tables = wiod_vectors(pairs)
        for k in [k for k in _CACHE if k[0] == key[0]]:  # one entry per file: the results alternate two
            del _CACHE[k]
        _CACHE[key] = validate_share_frame(df, path, tables)
    return _CACHE[key].copy()


def load_shares(country: str, year: int, *, path=None) -> pd.DataFrame:
    """Firm-size shares of ``country`` in ``year``, indexed by the 56 WIOD industries in table order.

    Columns: sme_output_share, sme_export_share, sme_va_share, sme_import_share (NaN when empty: the engine
    then uses sme_output_share), status, output_low, output_high, export_low, export_high, source, note.
    The file is validated (ranges, bounds, completeness) and every row checked for feasibility against
    the WIOD table of its year; errors name the file, row and column.
    """
    path = Path(path) if path is not None else shares_path()
    df = read_share_table(path)
    sel = df[(df["country"] == str(country).upper()) & (df["year"] == int(year))]
    if sel.empty:
        have = sorted(set(zip(df["country"], df["year"])))
        raise DataError(path, f"no rows for {country} {year} (has {have[0]}-{have[-1]})" if have
                        else "the file has no rows", column="country,year")
    sel = sel.set_index("industry").loc[list(INDUSTRIES)]
    return sel.drop(columns=["country", "year"])


# ---------------------------------------------------------------------------------------------- data package



_OWN = {"title": "Derived by smegvc.evidence.shares from sme/published_sme_statistics.csv, sme/share_priors.csv, "
                 "sme/share_benchmarks.csv and the WIOD 2016 extract", "path": "sme/PROVENANCE.md"}


def _share_fields():
    share = "fraction in [0, 1]"
    return [
        field("country", "string", "ISO3 code", required=True, enum=list(COUNTRIES)),
        field("year", "integer", "calendar year", required=True, minimum=YEARS[0], maximum=YEARS[-1]),
        field("industry", "string", "WIOD 2016 industry code", required=True, enum=list(INDUSTRIES)),
        field("sme_output_share", "number", "SME share of the industry's gross output (alpha)", share,
               required=True, minimum=0, maximum=1),
        field("sme_export_share", "number", "SME share of the industry's exports (gamma)", share,
               required=True, minimum=0, maximum=1),
        field("sme_va_share", "number", "SME share of value added; empty: engine uses sme_output_share", share,
               minimum=0, maximum=1),
        field("sme_import_share", "number", "SME share of imported inputs; empty: engine uses sme_output_share",
               share, minimum=0, maximum=1),
        field("status", "string", "published (user-supplied industry figure), derived (from published or "
               "interpolated aggregates) or assumed (prior or carried benchmark)", required=True,
               enum=list(STATUSES)),
        field("output_low", "number", "lower bound of sme_output_share", share, required=True, minimum=0, maximum=1),
        field("output_high", "number", "upper bound of sme_output_share", share, required=True, minimum=0,
               maximum=1),
        field("export_low", "number", "lower bound of sme_export_share", share, required=True, minimum=0, maximum=1),
        field("export_high", "number", "upper bound of sme_export_share", share, required=True, minimum=0,
               maximum=1),
        field("source", "string", "benchmarks that pin the row (ids in sme/share_benchmarks.csv) and how",
               required=True),
        field("note", "string", "SME definition in force and caveats", required=True),
    ]


_SHARE_BREAKS = ("Korea 2011: mid-sized firms leave the SME count; firm_size_shares.csv follows the definition in "
                 "force (pre-2011 benchmarks to 2010, post-2011 from 2011), firm_size_shares_kor_consistent.csv "
                 "keeps the pre-2011 coverage throughout. Published SME exports are by exporting firm, WIOD "
                 "exports by producing industry.")

DATA_RESOURCES = [
    {
        "name": "sme-firm-size-shares",
        "path": SHARES_FILE,
        "title": "SME shares of output and exports by country, year and WIOD industry (SME definition in force)",
        "description": "Aggregate SME shares published for Korea and Taiwan spread over the 56 WIOD industries "
                       "by a documented rule that reproduces every published aggregate exactly; bounds from "
                       "perturbed priors. Rebuild: smegvc.evidence.shares.build_share_table(). Load: "
                       "smegvc.evidence.shares.load_shares(country, year). Method: sme/PROVENANCE.md.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": {"fields": _share_fields(), "primaryKey": ["country", "year", "industry"]},
        "definition_breaks": _SHARE_BREAKS,
    },
    {
        "name": "sme-firm-size-shares-kor-consistent",
        "path": CONSISTENT_FILE,
        "title": "SME shares by industry with Korea's pre-2011 SME coverage kept throughout (sensitivity)",
        "description": "As sme/firm_size_shares.csv, but Korean export benchmarks after 2010 are the published "
                       "shares of SMEs plus mid-sized firms. Taiwan rows are identical.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": {"fields": _share_fields(), "primaryKey": ["country", "year", "industry"]},
        "definition_breaks": _SHARE_BREAKS,
    },
    {
        "name": "sme-share-priors",
        "path": PRIORS_FILE,
        "title": "Prior SME output share of each WIOD industry, with rationale",
        "description": "Input of the share rule; market-structure judgements, some supported by published facts "
                       "(see source column).",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [{"title": "Author judgement from market structure; cited published figures",
                     "path": "sme/PROVENANCE.md"}],
        "licenses": [CC_BY],
        "schema": {"fields": [
            field("industry", "string", "WIOD 2016 industry code, table order", required=True, unique=True,
                   enum=list(INDUSTRIES)),
            field("group", "string", "industry group", required=True),
            field("prior_sme_output_share", "number", "prior SME share of output", "fraction in [0, 1]",
                   required=True, minimum=0, maximum=1),
            field("rationale", "string", "why", required=True),
            field("source", "string", "where the rationale comes from", required=True),
        ], "primaryKey": ["industry"]},
    },
    {
        "name": "sme-share-benchmarks",
        "path": BENCHMARKS_FILE,
        "title": "Published aggregates used as targets of the share rule, and how",
        "description": "Each row points to a published figure (published_id in sme/published_sme_statistics.csv) "
                       "and states the WIOD scope, the weight (x output, e exports, v value added), the kind "
                       "(share or composition), the scenario and the years over which it is valid.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": {"fields": [
            field("benchmark_id", "string", "unique key", required=True, unique=True),
            field("published_id", "string", "id in sme/published_sme_statistics.csv", required=True),
            field("country", "string", "ISO3 code", required=True, enum=list(COUNTRIES)),
            field("scenario", "string", "in_force, consistent or all", required=True,
                   enum=list(SCENARIOS) + ["all"]),
            field("quantity", "string", "output or export", required=True, enum=list(QUANTITIES)),
            field("scope", "string", "WIOD industries (smegvc.evidence.shares.SCOPES)", required=True, enum=list(SCOPES)),
            field("weight", "string", "x, e or v", required=True, enum=list(WEIGHTS)),
            field("kind", "string", "share or composition", required=True, enum=list(KINDS)),
            field("of_scope", "string", "for a composition: the scope of the overall share"),
            field("valid_from", "integer", "first year the benchmark may pin", required=True,
                   minimum=YEARS[0], maximum=YEARS[-1]),
            field("valid_to", "integer", "last year the benchmark may pin", required=True,
                   minimum=YEARS[0], maximum=YEARS[-1]),
            field("note", "string", "why and how"),
        ], "primaryKey": ["benchmark_id"]},
    },
]
