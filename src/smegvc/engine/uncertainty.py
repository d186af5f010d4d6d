"""Uncertainty bands: propagate the low/high bounds of the firm-size shares into every indicator.

**Draws (Monte Carlo).** For each country-year, ``n_draws`` sets of shares are drawn:
  * ``alpha_j`` (output share) and ``gamma_j`` (export share) from a triangular distribution on
    ``[low_j, high_j]`` with mode at the central value (``distribution='triangular'``, default) or
    uniform on ``[low_j, high_j]``;
  * by inverse CDF from uniform quantiles ``u`` that are **common within an industry group** (default
    ``correlation='group'``: primary, manufacturing, utilities and construction, services; see
    :func:`industry_groups`): the bounds of neighbouring industries come from the same sources and
    methods, so their errors are taken as comonotone within a group and independent across groups.
    ``'common'`` uses one quantile for all industries (widest bands), ``'independent'`` one per industry
    (narrowest). The quantiles of ``alpha`` and ``gamma`` are drawn independently of each other.
  * ``beta`` and ``mu`` keep their central ratio to ``alpha`` (``beta_d = beta * alpha_d / alpha``; so
    ``beta = mu = alpha`` stays exactly so in every draw). When they differ from ``alpha``, drawn output shares
    are capped at :func:`alpha_upper_bound` so that both cells keep non-negative domestic inputs.
  * **Feasibility**: each drawn ``gamma_j`` is clipped into ``[1 - (1 - alpha_j) x_j/e_j, alpha_j x_j/e_j]``
    (:func:`smegvc.engine.split.clip_gamma`) so that neither cell exports more than it produces; the share of
    clipped draws per industry is returned in ``DataFrame.attrs['clipped']`` ({(country, year, industry): share}).
Random numbers come from ``numpy.random.default_rng(SeedSequence(seed, spawn_key=(year, *country bytes)))``:
each country-year has its own reproducible stream, independent of the order of evaluation.

**Bands.** ``low``/``high`` are the 5th and 95th percentiles over draws (``quantiles``); ``value`` is the
indicator at the central shares (not the median of the draws).

**Speed.** All draws of a country-year are evaluated at once by the closed form of
:func:`smegvc.engine.indicators.fast_primitives`: with ``beta = mu = alpha`` only products of the ``(D, n)`` draw
arrays with ``L - I`` (n = 56) are needed, no ``2n x 2n`` solve; otherwise one batched ``n x n`` LU per draw.

**Scenario grid.** :func:`scenario_grid` evaluates the corners: all shares at their lows, all at their highs,
and the two mixed corners (output low / exports high and the reverse), with the same feasibility clipping.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc.errors import InfeasibleSharesError
from smegvc.engine.indicators import Core, check_identities, derive, fast_primitives
from smegvc.engine.split import SplitShares, clip_gamma

DEFAULT_SEED = 20250101
QUANTILES = (0.05, 0.95)
GROUPS = {"A": "primary", "B": "primary", "C": "manufacturing", "D": "utilities_construction",
          "E": "utilities_construction", "F": "utilities_construction"}


def industry_groups(industries) -> np.ndarray:
    """Group of each WIOD code by its ISIC section letter: primary (A, B), manufacturing (C),
    utilities_construction (D, E, F), services (G-U)."""
    return np.array([GROUPS.get(c[:1], "services") for c in industries], dtype=object)


def triangular_ppf(u, low, mode, high) -> np.ndarray:
    """Inverse CDF of the triangular distribution on [low, high] with the given mode (``low`` where low = high)."""
    u, low, mode, high = np.broadcast_arrays(*(np.asarray(a, float) for a in (u, low, mode, high)))
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        fc = np.where(width > 0, (mode - low) / width, 0.0)
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < fc, left, right), low)


def _check_bounds(name, low, mid, high, industries, live):
    bad = live & ~((low <= mid + 1e-12) & (mid <= high + 1e-12) & (low >= 0) & (high <= 1))
    if np.any(bad):
        j = int(np.flatnonzero(bad)[0])
        raise InfeasibleSharesError(f"industry {industries[j]}: {name} bounds [{low[j]}, {high[j]}] do not bracket "
                                    f"the central value {mid[j]} within [0, 1]")


def rng_for(country: str, year: int, seed: int = DEFAULT_SEED) -> np.random.Generator:
    """The reproducible random stream of one country-year."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(int(year), *country.encode())))


def _quantiles(rng, n_draws, industries, correlation):
    n = len(industries)
    if correlation == "independent":
        return rng.random((n_draws, n))
    if correlation == "common":
        return np.repeat(rng.random((n_draws, 1)), n, axis=1)
    if correlation == "group":
        groups = industry_groups(industries)
        names, idx = np.unique(groups, return_inverse=True)
        return rng.random((n_draws, len(names)))[:, idx]
    raise ValueError(f"correlation must be 'group', 'common' or 'independent', got {correlation!r}")


def alpha_upper_bound(shares: SplitShares, coefs) -> np.ndarray:
    """(n,) the largest output share for which, with ``beta/alpha`` and ``mu/alpha`` at their central ratios,
    both cells keep non-negative domestic inputs and ``beta, mu <= 1`` (1 when ``beta = mu = alpha``).

    coefs: (vc, mc, tc) of the unsplit table. The SME cell's domestic-input coefficient
    ``k_S = 1 - (beta/alpha) vc - (mu/alpha) mc - tc`` is fixed by the ratios; the large cell's domestic
    inputs ``d - alpha x k_S`` stay >= 0 while ``alpha <= (d/x) / k_S``.
    """
    vc, mc, tc = coefs
    a = np.nan_to_num(shares.alpha)
    ok = a > 0
    safe = np.where(ok, a, 1.0)
    rb = np.where(ok, np.nan_to_num(shares.beta) / safe, 1.0)
    rm = np.where(ok, np.nan_to_num(shares.mu) / safe, 1.0)
    same = (np.nan_to_num(shares.beta) == a) & (np.nan_to_num(shares.mu) == a)
    k_S = 1.0 - rb * vc - rm * mc - tc
    dc = 1.0 - vc - mc - tc
    with np.errstate(divide="ignore", invalid="ignore"):
        ub = np.minimum.reduce([np.ones_like(a), np.where(rb > 0, 1 / rb, 1.0), np.where(rm > 0, 1 / rm, 1.0),
                                np.where(k_S > 0, dc / k_S, 1.0)])
    return np.where(same, 1.0, np.maximum(ub, a))  # never below the (feasible) central value


def draw_shares(shares: SplitShares, live, n_draws: int, rng, *, correlation: str = "group",
                distribution: str = "triangular", core_coefs=None):
    """Draws of (alpha, gamma, beta, mu), each (n_draws, n), before the export-share clip (see module doc).

    core_coefs: (vc, mc, tc) of the unsplit table, for :func:`alpha_upper_bound` (needed only when
    ``beta`` or ``mu`` differ from ``alpha``)."""
    ind = shares.industries
    if core_coefs is None:
        z = np.zeros(len(ind))
        core_coefs = (z, z, z)
    out = []
    for name, lo, mid, hi in (("alpha", shares.alpha_low, shares.alpha, shares.alpha_high),
                              ("gamma", shares.gamma_low, shares.gamma, shares.gamma_high)):
        lo, mid, hi = (np.where(live, a, 0.0) for a in (lo, mid, hi))
        _check_bounds(name, lo, mid, hi, ind, live)
        u = _quantiles(rng, n_draws, ind, correlation)
        if distribution == "triangular":
            out.append(triangular_ppf(u, lo, mid, hi))
        elif distribution == "uniform":
            out.append(lo + u * (hi - lo))
        else:
            raise ValueError(f"distribution must be 'triangular' or 'uniform', got {distribution!r}")
    alpha, gamma = out
    alpha = np.minimum(alpha, alpha_upper_bound(shares, core_coefs))
    a0 = np.where(live, shares.alpha, 0.0)

    def keep_ratio(central):
        c = np.where(live, central, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = np.clip(np.where(a0 > 0, c / np.where(a0 > 0, a0, 1.0), 1.0) * alpha, 0.0, 1.0)
        return np.where(c == a0, alpha, scaled)

    return alpha, gamma, keep_ratio(shares.beta), keep_ratio(shares.mu)


def simulate(core: Core, shares: SplitShares, *, n_draws: int = 1000, seed: int = DEFAULT_SEED,
             correlation: str = "group", distribution: str = "triangular", by_industry: bool = False):
    """Derived indicators for every draw: (dict name -> (n_draws,) or (n_draws, n) arrays, clipped share (n,))."""
    rng = rng_for(core.country, core.year, seed)
    live = core.x > 0
    alpha, gamma, beta, mu = draw_shares(shares, live, n_draws, rng, correlation=correlation,
                                         distribution=distribution, core_coefs=(core.vc, core.mc, core.tc))
    gamma, clipped = clip_gamma(alpha, gamma, core.x, core.e, core.industries)
    fac = core.factors(alpha, gamma, beta, mu)
    p = fast_primitives(core, fac, by_industry)
    check_identities(p, f"{core.country} {core.year} uncertainty draws")
    return derive(p), clipped.mean(axis=0)


def bands(core: Core, shares: SplitShares, *, n_draws: int = 1000, seed: int = DEFAULT_SEED,
          correlation: str = "group", distribution: str = "triangular", quantiles=QUANTILES,
          by_industry: bool = False, indicators=None, draws=None) -> pd.DataFrame:
    """Central value and low/high quantiles of every indicator for one country-year.

    ``draws``: optional (alpha, gamma) share draws, each (D, n), used instead of :func:`simulate`'s
    (``beta = mu = alpha``; only with shares whose beta and mu equal alpha).

    Columns: country, year, indicator, industry ('' = national), value, low, high. ``indicators`` limits the
    output to the given names. ``attrs['clipped']``: {(country, year, industry): share of draws with a
    clipped export share} (non-zero only).
    """
    fac0 = core.factors(shares.alpha, shares.gamma, shares.beta, shares.mu)
    p0 = fast_primitives(core, fac0, by_industry)
    check_identities(p0, f"{core.country} {core.year}")
    central = derive(p0)
    if draws is None:
        draws, clipped = simulate(core, shares, n_draws=n_draws, seed=seed, correlation=correlation,
                                  distribution=distribution, by_industry=by_industry)
    else:   # given share draws (alpha, gamma), each (D, n), e.g. calibrated ones (smegvc.engine.calibrated)
        alpha, gamma = draws
        gamma, clip = clip_gamma(alpha, gamma, core.x, core.e, core.industries)
        p = fast_primitives(core, core.factors(alpha, gamma), by_industry)
        check_identities(p, f"{core.country} {core.year} given draws")
        draws, clipped = derive(p), clip.mean(axis=0)
    keep = None if indicators is None else set(indicators)
    names, inds, vals, lows, highs = [], [], [], [], []
    q = np.asarray(quantiles, float)
    for key, val in central.items():
        name = key[2:] if key.startswith("j:") else key
        if keep is not None and name not in keep:
            continue
        d = draws[key]
        lo, hi = np.quantile(d, q, axis=0)  # NaN where an indicator is undefined in some draw
        if key.startswith("j:"):
            ok = np.isfinite(val)
            names += [name] * int(ok.sum())
            inds += [c for c, k in zip(core.industries, ok) if k]
            vals += list(np.asarray(val)[ok])
            lows += list(np.asarray(lo)[ok])
            highs += list(np.asarray(hi)[ok])
        else:
            names.append(name)
            inds.append("")
            vals.append(float(val))
            lows.append(float(lo))
            highs.append(float(hi))
    out = pd.DataFrame({"country": core.country, "year": core.year, "indicator": names, "industry": inds,
                        "value": np.asarray(vals, float), "low": np.asarray(lows, float),
                        "high": np.asarray(highs, float)})
    out.attrs["clipped"] = {(core.country, core.year, c): float(v) for c, v in zip(core.industries, clipped) if v > 0}
    return out


def bands_many(items, **kwargs) -> pd.DataFrame:
    """:func:`bands` for several country-years: ``items`` iterable of ``(Core, SplitShares)``."""
    frames, clipped = [], {}
    for core, shares in items:
        f = bands(core, shares, **kwargs)
        clipped.update(f.attrs.pop("clipped"))
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["clipped"] = clipped
    return out


def scenario_grid(core: Core, shares: SplitShares, *, by_industry: bool = False) -> pd.DataFrame:
    """Indicators at the corners of the share bounds (scenarios ``shares_low``, ``shares_high``,
    ``output_low_exports_high``, ``output_high_exports_low``); long format with a ``scenario`` column."""
    live = core.x > 0
    corners = {"shares_low": (shares.alpha_low, shares.gamma_low),
               "shares_high": (shares.alpha_high, shares.gamma_high),
               "output_low_exports_high": (shares.alpha_low, shares.gamma_high),
               "output_high_exports_low": (shares.alpha_high, shares.gamma_low)}
    keys = list(corners)
    alpha = np.stack([np.where(live, corners[k][0], 0.0) for k in keys])
    gamma = np.stack([np.where(live, corners[k][1], 0.0) for k in keys])
    alpha = np.minimum(alpha, alpha_upper_bound(shares, (core.vc, core.mc, core.tc)))
    a0 = np.where(live, shares.alpha, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = lambda c: np.where(np.where(live, c, 0.0) == a0, 1.0,  # noqa: E731
                                   np.where(a0 > 0, np.where(live, c, 0.0) / np.where(a0 > 0, a0, 1.0), 1.0))
    beta = np.clip(alpha * ratio(shares.beta), 0, 1)
    mu = np.clip(alpha * ratio(shares.mu), 0, 1)
    gamma, _ = clip_gamma(alpha, gamma, core.x, core.e, core.industries)
    fac = core.factors(alpha, gamma, beta, mu)
    p = fast_primitives(core, fac, by_industry)
    check_identities(p, f"{core.country} {core.year} scenario grid")
    d = derive(p)
    rows = []
    for key, val in d.items():
        for s, scen in enumerate(keys):
            if key.startswith("j:"):
                rows += [(scen, key[2:], c, float(v)) for c, v in zip(core.industries, val[s]) if np.isfinite(v)]
            else:
                rows.append((scen, key, "", float(val[s])))
    out = pd.DataFrame(rows, columns=["scenario", "indicator", "industry", "value"])
    out.insert(0, "year", core.year)
    out.insert(0, "country", core.country)
    return out
