"""Changes with their own intervals, benchmark sets as scenarios, and what the tables alone identify.

Built on the calibrated common draws of :mod:`smegvc.engine.calibrated`: the same draw ``d`` serves every
year, so the change of an indicator between two years is computed draw by draw and its 5th/95th
percentiles are the interval of the change (``data/results/changes.csv``).

Scenarios of the change table (:data:`CHANGE_SCENARIOS`):

* ``central``: Taiwan: the committed benchmarks; **Korea: the consistent definition** (pre-2011 SME
  coverage kept throughout: the central estimate for Korean trends, since the 2011 definition change is
  not a change in the economy); ``kor_in_force``: Korea with the definition in force each year (a labelled
  variant: its 2010-2011 step is the definition change);
* benchmark sets (:mod:`smegvc.evidence.benchmark_sets`): ``bm_all_usable`` and ``bm_first_hand`` (Taiwan),
  ``bm_kor_mfg_drift`` (Korea, consistent definition);
* counterfactuals on the central shares: ``io_only`` = the change with every share held at its
  ``from_year`` value (only the input-output tables change; for periods starting in 2000, shares held at
  2000), ``shares_only`` = the change with the table held at ``from_year`` (only the shares change), and
  ``interaction`` = central - io_only - shares_only, so the three add up to the central change exactly,
  draw by draw.

``shares_low`` / ``shares_high`` (levels, results.csv) are re-calibrated corners: every industry's prior
odds (output and export bases) halved / doubled, then every published target imposed again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smegvc.engine import calibrated as cal
from smegvc.engine.uncertainty import QUANTILES
from smegvc.scope import FIRST_YEAR, KIEP_PERIOD, LAST_YEAR, PRE_BREAK

PERIODS = (KIEP_PERIOD, (FIRST_YEAR, LAST_YEAR), (PRE_BREAK, LAST_YEAR), (2003, 2008))
CHANGE_INDICATORS = ("sme_direct_share_dva_exports", "sme_indirect_share_dva_exports", "sme_share_dva_exports",
                     "sme_direct_export_share", "sme_indirect_export_share_gross_first",
                     "sme_indirect_export_share_gross_all", "sme_total_export_share_gross_first",
                     "sme_total_export_share_gross_all")
LEVEL_INDICATORS = CHANGE_INDICATORS + ("sme_direct_export_share_goods", "sme_indirect_share_sme_va_exports",
                                        "sme_export_dependence")
# scenario -> {country: (benchmark set, Korean definition)}
RUNS: dict[str, dict[str, tuple[str, str]]] = {
    "central": {"KOR": ("central", "consistent"), "TWN": ("central", "in_force")},
    "kor_in_force": {"KOR": ("central", "in_force")},
    "bm_all_usable": {"TWN": ("bm_all_usable", "in_force")},
    "bm_first_hand": {"TWN": ("bm_first_hand", "in_force")},
    "bm_kor_mfg_drift": {"KOR": ("bm_kor_mfg_drift", "consistent")},
}
BENCHMARK_SCENARIOS = ("central", "bm_all_usable", "bm_first_hand", "bm_kor_mfg_drift")
COUNTERFACTUALS = ("io_only", "shares_only", "interaction")
CHANGE_SCENARIOS = {
    "central": "Taiwan: committed benchmarks; Korea: consistent definition (pre-2011 SME coverage kept "
               "throughout), the central estimate for Korean trends",
    "kor_in_force": "Korea only: SME definition in force each year (the 2010-2011 step is the definition change)",
    "bm_all_usable": "Taiwan only: every usable published figure (adds the 2005 and 2012 SME sales shares and the "
                     "2007 manufacturing part of SME exports)",
    "bm_first_hand": "Taiwan only: without second-hand figures (drops the 2003, 2010 and 2012 export shares "
                     "cited by KITA and Kumar)",
    "bm_kor_mfg_drift": "Korea only (consistent definition): SME share of manufacturing value added drifting from "
                        "its 2003 level towards its 2018 level instead of carried flat",
    "io_only": "central shares held at their from_year values; only the input-output tables change",
    "shares_only": "input-output table held at from_year; only the shares change",
    "interaction": "central minus io_only minus shares_only (the three add up to the central change)",
}


@dataclass
class EconomyRun:
    """Calibrated draws of one economy for every scenario that concerns it, and a cache of evaluations."""
    country: str
    years: tuple[int, ...]
    cores: dict
    draws: dict                      # scenario -> {year: calibrated.YearShares}
    cache: dict = field(default_factory=dict)

    def shares(self, scenario, year, central=False):
        ys = self.draws[scenario][year]
        return (ys.alpha0, ys.gamma0) if central else (ys.alpha, ys.gamma)

    def national(self, scenario, table_year, shares_year=None, central=False) -> dict:
        """National indicators (dict of (D,) arrays, or scalars with ``central``) of ``scenario``'s shares
        of ``shares_year`` (default ``table_year``) on the table of ``table_year``."""
        sy = table_year if shares_year is None else shares_year
        key = (scenario, table_year, sy, central)
        if key not in self.cache:
            a, g = self.shares(scenario, sy, central)
            self.cache[key] = cal.evaluate(self.cores[table_year], a, g)
        return self.cache[key]


def run_economy(country, tables: dict, *, n_draws=cal.N_DRAWS, seed=cal.DEFAULT_SEED, scenarios=None,
                benchmarks=None, published=None, prec=None) -> EconomyRun:
    """Calibrate the draws of every scenario in :data:`RUNS` that concerns ``country`` (all share one
    :class:`~smegvc.engine.calibrated.Streams`). ``tables``: {year: NationalTable}."""
    from smegvc import paths
    from smegvc.engine.indicators import Core
    from smegvc.evidence.benchmark_sets import benchmark_set, precision
    from smegvc.evidence.shares import read_benchmarks
    from smegvc.evidence.sme_stats import read_published
    from smegvc.io.textcsv import read_text_csv

    years = tuple(sorted(tables))
    pub = read_published() if published is None else published
    if prec is None:
        prec = precision(read_text_csv(paths.DATA / "sme" / "published_sme_statistics.csv"))
    streams = cal.Streams(n_draws, seed, country, years, len(tables[years[0]].industries))
    benchmarks = read_benchmarks(published=pub) if benchmarks is None else benchmarks   # read once for all sets
    pl = cal.prior_logits()
    draws = {}
    for scen, spec in RUNS.items():
        if country not in spec or (scenarios is not None and scen not in scenarios):
            continue
        bset, definition = spec[country]
        bm = benchmark_set(bset, benchmarks, pub)
        draws[scen] = cal.calibrated_draws(country, years, bm, tables, definition=definition, streams=streams,
                                           prec=prec, prior_logit=pl)
    cores = {y: Core.from_table(tables[y]) for y in years}
    return EconomyRun(country, years, cores, draws)


def _qs(arrays) -> list[tuple[float, float]]:
    """(low, high) of each (D,) array, in one call (numpy's quantile along an axis: the same numbers as one
    ``np.quantile`` per array, several times faster)."""
    lo, hi = np.quantile(np.stack([np.asarray(a, float) for a in arrays]), QUANTILES, axis=1)
    return list(zip(lo.tolist(), hi.tolist()))


def evaluate_all(runs, periods=PERIODS) -> int:
    """Evaluate (and cache) every national-indicator set :func:`changes_frame` and :func:`level_frame` use:
    each scenario in each year, and the counterfactual pairings (shares of one year on the table of another)
    of the levels and of every period. Returns the number of evaluations (draw arrays and central)."""
    n = 0
    for r in runs:
        y0 = r.years[0]
        keys = {(scen, y, y) for scen in r.draws for y in r.years}
        keys |= {("central", y, y0) for y in r.years} | {("central", y0, y) for y in r.years}
        for a, b in periods:
            if a in r.years and b in r.years:
                keys |= {("central", b, a), ("central", a, b)}
        for scen, ty, sy in sorted(keys):
            for central in (False, True):
                r.national(scen, ty, sy, central=central)
                n += 1
    return n


def changes_frame(runs, periods=PERIODS, indicators=CHANGE_INDICATORS) -> pd.DataFrame:
    """The change table: country, indicator, from_year, to_year, scenario, value, low, high (share units)."""
    rows = []
    for r in runs:
        for y0, y1 in periods:
            if y0 not in r.years or y1 not in r.years:
                continue
            for scen in r.draws:
                c0, c1 = r.national(scen, y0, central=True), r.national(scen, y1, central=True)
                d0, d1 = r.national(scen, y0), r.national(scen, y1)
                qs = _qs([d1[ind] - d0[ind] for ind in indicators])
                rows += [(r.country, ind, y0, y1, scen, float(c1[ind] - c0[ind]), *q) for ind, q in zip(indicators, qs)]
            # counterfactuals on the central scenario
            c = {k: r.national("central", ty, sy, central=True) for k, (ty, sy) in
                 {"00": (y0, y0), "11": (y1, y1), "10": (y1, y0), "01": (y0, y1)}.items()}
            d = {k: r.national("central", ty, sy) for k, (ty, sy) in
                 {"00": (y0, y0), "11": (y1, y1), "10": (y1, y0), "01": (y0, y1)}.items()}
            vals, draws = [], []
            for ind in indicators:
                io_c, sh_c = c["10"][ind] - c["00"][ind], c["01"][ind] - c["00"][ind]
                io_d, sh_d = d["10"][ind] - d["00"][ind], d["01"][ind] - d["00"][ind]
                tot_c, tot_d = c["11"][ind] - c["00"][ind], d["11"][ind] - d["00"][ind]
                vals += [(ind, "io_only", io_c), (ind, "shares_only", sh_c), (ind, "interaction", tot_c - io_c - sh_c)]
                draws += [io_d, sh_d, tot_d - io_d - sh_d]
            rows += [(r.country, ind, y0, y1, scen, float(v), *q) for (ind, scen, v), q in zip(vals, _qs(draws))]
    out = pd.DataFrame(rows, columns=["country", "indicator", "from_year", "to_year", "scenario", "value", "low",
                                      "high"])
    return out


def level_frame(runs, indicators=LEVEL_INDICATORS) -> pd.DataFrame:
    """National levels with bands per scenario and year: country, year, indicator, scenario, value, low, high.
    Also ``io_only`` (central shares of the first year on each year's table) and ``shares_only`` (each
    year's central shares on the first year's table)."""
    rows = []

    def add(r, y, scen, c, d):
        rows.extend((r.country, y, ind, scen, float(c[ind]), *q) for ind, q in zip(indicators,
                                                                                _qs([d[ind] for ind in indicators])))
    for r in runs:
        y0 = r.years[0]
        for scen in r.draws:
            for y in r.years:
                add(r, y, scen, r.national(scen, y, central=True), r.national(scen, y))
        for y in r.years:
            for scen, (ty, sy) in (("io_only", (y, y0)), ("shares_only", (y0, y))):
                add(r, y, scen, r.national("central", ty, sy, central=True), r.national("central", ty, sy))
    return pd.DataFrame(rows, columns=["country", "year", "indicator", "scenario", "value", "low", "high"])


def corner_shares(country, year, table, bm, definition, sign: float, prec=None):
    """Re-calibrated corner (``shares_low``: sign -1, ``shares_high``: +1): every prior odds (output and the
    export base) multiplied by PRIOR_ODDS**sign, every target re-imposed. Returns (alpha, gamma) (n,)."""
    from smegvc.evidence.share_rule import PRIOR_CAP, logit
    from smegvc.evidence.shares import read_priors

    streams = cal.Streams(1, 0, country, (year,), len(table.industries))
    vec = {"x": np.asarray(table.x, float), "e": np.asarray(table.e, float), "v": np.asarray(table.v, float)}
    t_out, t_exp = ([dict(t, value=t["value"][:1]) for t in
                     cal.targets_for(cal.series_of(bm, country, definition, q), country, year, q, vec, prec or {},
                                     streams, perturb=False)] for q in ("output", "export"))
    prior = np.clip(read_priors()["prior_sme_output_share"].to_numpy(float), 1 - PRIOR_CAP, PRIOR_CAP)
    z = np.full((1, len(prior)), sign * cal.Z90)
    a, g, *_ = cal._shares(logit(prior), z, z, t_out, t_exp, vec["x"], vec["e"])
    return a[0], g[0]
