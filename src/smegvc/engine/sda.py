"""Structural decomposition of the change in an SME export indicator between two years.

**Indicator** (default :data:`DEFAULT_INDICATOR`): the *SME indirect share* -- SME value added exported
through large exporters as a share of the domestic value added in exports,
``(vc o s)'L(e o (1-s)) / vc'Le``. Any national indicator of :data:`smegvc.engine.indicators.REGISTRY` can be
decomposed the same way.

**Factors**, each taken whole from one year (0 or 1); all are defined on the *unsplit* tables plus shares:
  * ``export_mix`` -- the export vector ``e`` (level and composition), together with domestic final use
    ``f`` of the same year (``f`` enters only through output, hence through the SME share of domestic
    sales ``delta``; it has to come from some year, and it moves with demand);
  * ``input_structure`` -- the input-coefficient columns of the unsplit table: domestic coefficients ``A``
    (technology and domestic sourcing) and, with them, the imported-input, other-input, value-added and
    discrepancy coefficients ``mc, tc, vc, rc`` of the same year, so that every column still sums to 1;
  * ``firm_size`` -- the shares ``alpha, gamma, beta, mu``.
**Counterfactual table** for a combination (year of E, year of A, year of S): output is recomputed as
``x = (I - A)^-1 (f + e)`` with ``A`` from the A-year and ``f, e`` from the E-year; value added etc. follow
from the A-year coefficients times this ``x``; the S-year shares then split it. Where the S-year export
share is infeasible for the counterfactual output (``gamma e > alpha x`` or the large-firm analogue) it is
clipped into the feasible range (:func:`smegvc.engine.split.clip_gamma`); the number of clipped industries is
reported. With all three factors from one year the counterfactual is that year's table (``x`` equal to
the published output up to the row discrepancy, ~1e-14 relative).

**Decomposition.** Shapley value over the three factors (default): the contribution of factor ``k`` is the
average, over all 3! = 6 orders of switching factors from year 0 to year 1, of the change in the indicator
when ``k`` is switched; equivalently ``sum_S |S|!(2-|S|)!/3! [y(S+k) - y(S)]`` over the subsets ``S`` of
the other factors (8 evaluations in all). It is exactly additive (the parts sum to ``y1 - y0``), symmetric
and gives zero to a factor that does not change. ``method='polar'`` gives the polar average (the mean of
the two orders E, A, S and S, A, E), also exactly additive, for comparison.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from smegvc.engine.indicators import Core, check_identities, derive, fast_primitives
from smegvc.io.iotable import NationalTable
from smegvc.engine.split import SplitShares, clip_gamma

FACTORS = ("export_mix", "input_structure", "firm_size")
DEFAULT_INDICATOR = "sme_indirect_share_dva_exports"


@dataclass(frozen=True)
class SdaYear:
    """One year's ingredients: the unsplit table's :class:`Core`, domestic final use ``f`` (n,), shares."""

    core: Core
    f: np.ndarray
    shares: SplitShares

    @classmethod
    def from_table(cls, t: NationalTable, shares: SplitShares) -> "SdaYear":
        return cls(Core.from_table(t), t.F.sum(axis=1), shares)


def counterfactual(E: SdaYear, A: SdaYear, S: SdaYear):
    """The counterfactual (Core, SplitFactors, clipped-industry mask) with demand from ``E``, input
    coefficients from ``A`` and firm-size shares from ``S`` (see module docstring)."""
    a = A.core
    if E.core.industries != a.industries or S.shares.industries != a.industries:
        raise ValueError("the two years' tables and shares must have the same industries in the same order")
    y = E.f + E.core.e
    x = y + a.LmI @ y                                   # (I - A)^-1 y = y + (L - I) y
    x = np.where(np.abs(x) <= 1e-12 * np.abs(x).max(), 0.0, x)
    colsum = a.A.sum(0) + a.vc + a.mc + a.tc + a.rc
    bad = (x > 0) & (colsum == 0)
    if np.any(bad):
        j = int(np.flatnonzero(bad)[0])
        raise ValueError(f"industry {a.industries[j]}: counterfactual output {x[j]:.6g} but no input structure in "
                         f"{a.country} {a.year} (zero output there)")
    core = Core(a.country, a.year, a.industries, a.A, a.vc, a.mc, a.tc, a.rc, x, E.core.e, a.vc * x, a.LmI)
    sh = S.shares
    gamma, clipped = clip_gamma(sh.alpha, sh.gamma, x, core.e, a.industries)
    fac = core.factors(sh.alpha, gamma, sh.beta, sh.mu)
    return core, fac, clipped


def indicator_value(E: SdaYear, A: SdaYear, S: SdaYear, indicator: str = DEFAULT_INDICATOR) -> float:
    """A national indicator on the counterfactual table (E, A, S)."""
    core, fac, _ = counterfactual(E, A, S)
    p = fast_primitives(core, fac, by_industry=False)
    check_identities(p, f"SDA counterfactual (E {E.core.year}, A {A.core.year}, S {S.core.year})")
    return float(derive(p)[indicator])


def shapley(value: Callable[[tuple[int, ...]], float], k: int) -> np.ndarray:
    """Shapley contributions of ``k`` factors; ``value(which)`` evaluates with factor ``i`` from year
    ``which[i]`` (0 or 1). Uses the 2^k subset values once each."""
    vals = {w: value(w) for w in itertools.product((0, 1), repeat=k)}
    out = np.zeros(k)
    for i in range(k):
        others = [j for j in range(k) if j != i]
        for r in range(k):
            weight = math.factorial(r) * math.factorial(k - 1 - r) / math.factorial(k)
            for sub in itertools.combinations(others, r):
                w0 = tuple(1 if j in sub else 0 for j in range(k))
                w1 = tuple(1 if (j in sub or j == i) else 0 for j in range(k))
                out[i] += weight * (vals[w1] - vals[w0])
    return out


def sequential(value: Callable[[tuple[int, ...]], float], order) -> np.ndarray:
    """Contributions when factors switch from year 0 to 1 one at a time, in ``order``."""
    k = len(order)
    cur = [0] * k
    out = np.zeros(k)
    prev = value(tuple(cur))
    for i in order:
        cur[i] = 1
        now = value(tuple(cur))
        out[i] = now - prev
        prev = now
    return out


def polar(value: Callable[[tuple[int, ...]], float], k: int) -> np.ndarray:
    """Polar average: mean of the sequential decompositions in the orders 0..k-1 and k-1..0."""
    cache: dict = {}

    def cached(w):
        if w not in cache:
            cache[w] = value(w)
        return cache[w]

    return 0.5 * (sequential(cached, range(k)) + sequential(cached, range(k - 1, -1, -1)))


def decompose(y0: SdaYear, y1: SdaYear, indicator: str = DEFAULT_INDICATOR, method: str = "shapley") -> pd.DataFrame:
    """Decompose ``indicator(y1) - indicator(y0)`` into the three factors.

    Returns rows ``factor`` in (export_mix, input_structure, firm_size, total) with ``value``; attrs hold
    ``start``, ``end`` (the indicator in each year), ``indicator``, ``method`` and ``clipped`` (industries
    whose export share was clipped in some counterfactual).
    """
    years = (y0, y1)
    clipped: set[str] = set()

    def value(which):
        E, A, S = (years[w] for w in which)
        core, fac, cl = counterfactual(E, A, S)
        clipped.update(c for c, k in zip(core.industries, cl) if k)
        p = fast_primitives(core, fac, by_industry=False)
        check_identities(p, f"SDA counterfactual {which}")
        return float(derive(p)[indicator])

    if method == "shapley":
        parts = shapley(value, 3)
    elif method == "polar":
        parts = polar(value, 3)
    else:
        raise ValueError(f"method must be 'shapley' or 'polar', got {method!r}")
    start, end = value((0, 0, 0)), value((1, 1, 1))
    total = end - start
    if not np.isclose(parts.sum(), total, rtol=1e-9, atol=1e-12 * max(1.0, abs(start), abs(end))):
        raise ArithmeticError(f"SDA parts sum to {parts.sum()!r}, total change {total!r}")
    out = pd.DataFrame({"factor": list(FACTORS) + ["total"], "value": list(parts) + [total]})
    out.attrs.update(start=start, end=end, indicator=indicator, method=method, clipped=sorted(clipped))
    return out
