"""The share rule: published SME aggregates -> SME shares of output and exports for the 56 WIOD industries.

Pure functions (read no file): :func:`derive_shares` applies the rule to validated inputs; the numerical
pieces are :func:`fit_nested`, :func:`solve_shift`, :func:`export_interval`, :func:`target_at` and the
logistic pair :func:`logit` / :func:`expit`. Shares are fractions in [0, 1]; weights are WIOD millions of US$.

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
    5. Status (:data:`~smegvc.evidence.shares_schema.STATUS_MEANINGS`): the weaker of what the output and the
       export share rest on, strongest first: "calibrated_published" (targets published for that year),
       "interpolated" (a target interpolated between published years), "carried" (a target held from the
       nearest published year), "prior" (no target: the prior, or for exports the output share);
       "published_industry" only for industry-level figures supplied by a user (``overrides``), which pass
       through unchanged while the other industries absorb the rest of each aggregate. A broad target's
       industries also depend on the narrower targets fitted before it and take the weakest of them.
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
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc.errors import DataError, InfeasibleSharesError
from smegvc.evidence.shares_schema import BENCHMARKS_FILE, SCENARIOS, SCOPES, SHARE_COLUMNS
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.scope import PRE_BREAK

PRIOR_ODDS = 2.0            # bounds: the prior (or base) odds of one industry halved and doubled
PRIOR_CAP = 0.995           # priors (and the export base alpha) are kept inside [1 - cap, cap] for logits
WIDEN_PER_YEAR = 0.05       # logit units per year between a row's year and its nearest benchmark

_N = len(INDUSTRIES)
_STATUS_RANK = {"benchmark": 0, "interpolated": 1, "carried": 2, "prior": 3}
# how a target value was obtained -> the status of a share resting on it (shares_schema.STATUS_MEANINGS)
STATUS_OF = {"benchmark": "calibrated_published", "interpolated": "interpolated", "carried": "carried",
             "prior": "prior"}


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

    benchmarks: output of :func:`smegvc.evidence.shares.read_benchmarks` (``value`` a fraction). priors: output of
    :func:`smegvc.evidence.shares.read_priors`. wiod: {(country, year): {"x", "e", "v": (56,) arrays}}, e.g. :func:`smegvc.evidence.shares.wiod_vectors`.
    scenario: "in_force" or "consistent" (Korea's definition break, see the module docstring).
    overrides: optional user rows (status "published_industry") kept unchanged; the rule fits the other industries
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
            status = STATUS_OF[max(ha, hg, key=_STATUS_RANK.get)]
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
