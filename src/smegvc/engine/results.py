"""``python -m smegvc results``: compute the long results table ``data/results/results.csv`` (+ README.md).

Inputs (committed extracts): WIOD 2016 national tables (:func:`smegvc.io.wiod2016.load.load_niot`), firm-size shares
(:func:`smegvc.evidence.shares.load_shares`, and the Korean consistent-definition file), the WIOD 2013 extract
(:func:`smegvc.io.wiod2013.load.load_wiod2013`). Output: one row per (country, year, indicator, industry, scenario);
columns :data:`COLUMNS`. The CSV and its README are written atomically, the CSV only after every row has
been computed and checked. ``--refresh-regression`` rewrites ``tests/regression/headline.csv`` instead
(the stored values that ``tests/test_results.py`` compares against, relative tolerance 1e-9).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.atomic import atomic_path, write_text
from smegvc.io.datapackage import set_hashes, sha256_file
from smegvc.errors import IdentityError
from smegvc.engine.gvc import FOCUS_INDUSTRIES
from smegvc.engine.indicators import HEADLINE, REGISTRY, Core, country_year_indicators
from smegvc.engine.sda import DEFAULT_INDICATOR, SdaYear, decompose
from smegvc.engine.split import SplitShares, relative_va_beta
from smegvc.engine.uncertainty import DEFAULT_SEED, QUANTILES, bands
from smegvc.evidence.shares_schema import CONSISTENT_FILE as CONSISTENT_SHARES
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, MID_YEAR, WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR, YEARS

RESULTS_FILE = "results/results.csv"
README_FILE = "results/README.md"
CHANGES_FILE = "results/changes.csv"
VERDICTS_FILE = "results/verdicts.csv"
INPUTS_FILE = "results/PROVENANCE.json"   # sha256 of every data file and module the results came from
REGRESSION_FILE = paths.ROOT / "tests" / "regression" / "headline.csv"
REGRESSION_YEARS = (FIRST_YEAR, MID_YEAR, LAST_YEAR)
SDA_PERIODS = ((FIRST_YEAR, MID_YEAR), (MID_YEAR, LAST_YEAR), (FIRST_YEAR, LAST_YEAR))
LINKAGE_BIAS = 1.0   # odds of an SME selling to a large rather than an SME buyer doubled
VA_RATIO = 0.85      # beta_ne_alpha: SME value added per unit of output = 0.85 x the large firms'
N_DRAWS = 1000
BANDED_SCENARIOS = ("central", "kor_consistent_definition", "bm_all_usable", "bm_first_hand", "bm_kor_mfg_drift",
                    "io_only", "shares_only")   # scenarios whose national rows carry low/high

SCENARIOS = {
    "central": "Shares from data/sme/firm_size_shares.csv (SME definition in force each year); beta = mu = alpha "
               "(each firm-size cell keeps its industry's input structure); no linkage bias. low/high: 5th and "
               "95th percentiles over the calibrated common Monte Carlo draws (smegvc.engine.calibrated: every "
               "draw reproduces the published aggregates of its year within their published precision).",
    "linkage_bias": f"As central, with a linkage bias b = {LINKAGE_BIAS}: in every industry pair the odds that an "
                    "SME sells to a large-firm rather than an SME buyer are multiplied by 1 + b (RAS within each "
                    "2 x 2 block, keeping every cell's sales and purchases).",
    "beta_ne_alpha": f"As central, but the SME value-added share beta comes from sme_va_share where published and "
                     f"otherwise makes an SME cell's value added per unit of output {VA_RATIO} times the large "
                     "cell's (clipped to keep both cells' domestic inputs non-negative); mu from sme_import_share "
                     "where published, else alpha.",
    "kor_consistent_definition": "KOR only: shares from data/sme/firm_size_shares_kor_consistent.csv, Korea's "
                                 "pre-2011 SME coverage (incl. firms later classed mid-sized) in every year: the "
                                 "central estimate for Korean trends; low/high (national rows) over the "
                                 "calibrated draws.",
    "shares_low": "Re-calibrated corner: every industry's prior odds (of its SME output share and of its export "
                  "share's base) halved, then every published aggregate imposed again (national and focus-industry "
                  "rows; Korea: definition in force).",
    "shares_high": "Re-calibrated corner: every industry's prior odds doubled, then every published aggregate "
                   "imposed again.",
    "bm_all_usable": "TWN only, national rows: calibrated to every usable published figure (adds the 2005 and 2012 SME "
                     "sales shares and the 2007 manufacturing part of SME exports); low/high over the calibrated draws.",
    "bm_first_hand": "TWN only, national rows: without second-hand figures (the 2003, 2010 and 2012 export shares "
                     "cited by KITA and Kumar dropped); low/high over the calibrated draws.",
    "bm_kor_mfg_drift": "KOR only, national rows, consistent definition: SME share of manufacturing value added "
                        "drifting from its 2003 level towards its 2018 level; low/high over the calibrated draws.",
    "io_only": "National rows: the first year's (2000) central shares on each year's table (Korea: consistent "
               "definition): what the tables alone change; low/high over the calibrated draws.",
    "shares_only": "National rows: each year's central shares on the 2000 table (Korea: consistent definition): "
                   "what the shares alone change; low/high over the calibrated draws.",
    "sda_polar": "Structural decomposition by the polar average instead of the Shapley value.",
    "wiod2013": "GVC participation and electronics destinations from the WIOD 2013 world tables "
                f"({WIOD2013_FIRST_YEAR}-{WIOD2013_LAST_YEAR}; "
                "industry codes c1-c35 of that release, c14 = electrical and optical equipment).",
}

EXTRA_INDICATORS = {
    "sda_export_mix": ("Change in the SME indirect share due to exports (level, composition; with domestic "
                       "final use)", "share points (change in a share)"),
    "sda_input_structure": ("Change in the SME indirect share due to input coefficients (technology, sourcing)",
                            "share points (change in a share)"),
    "sda_firm_size": ("Change in the SME indirect share due to firm-size shares", "share points (change in a share)"),
    "sda_total": ("Total change in the SME indirect share, year minus base_year", "share points (change in a share)"),
    "gvc_backward": ("Foreign value added in gross exports / gross exports (WIOD 2013)", "share"),
    "gvc_forward": ("Own value added in other countries' gross exports / own gross exports (WIOD 2013)", "share"),
    "gvc_participation": ("Backward + forward participation (WIOD 2013)", "share"),
    "sme_direct_export_share_goods": ("SME share of gross goods exports (WIOD A01-C33, the scope of Korea's published "
                                      "customs figures); national rows of the calibrated scenarios", "share"),
    "electronics_intermediate_exports_china_share": (
        "China's share of the country's electrical and optical (c14) intermediate exports (WIOD 2013)", "share"),
}


# ---------------------------------------------------------------------------------------------- inputs

def _inputs(country: str, year: int, shares_path=None):
    from smegvc.io.wiod2016.load import load_niot
    from smegvc.evidence.shares import load_shares

    t = load_niot(country, year)
    frame = load_shares(country, year, path=shares_path)
    return t, frame


def beta_ne_alpha_shares(t, frame) -> SplitShares:
    """The ``beta_ne_alpha`` scenario's shares (see :data:`SCENARIOS`)."""
    sh = SplitShares.from_frame(frame, t.industries)
    va = pd.to_numeric(frame.get("sme_va_share"), errors="coerce").to_numpy(float)
    im = pd.to_numeric(frame.get("sme_import_share"), errors="coerce").to_numpy(float)
    rule = relative_va_beta(sh.alpha, t.vc, t.mc, t.tc, VA_RATIO)
    beta = np.where(np.isnan(va), rule, va)
    mu = np.where(np.isnan(im), sh.alpha, im)
    return SplitShares(sh.industries, sh.alpha, sh.gamma, beta, mu, sh.alpha_low, sh.alpha_high, sh.gamma_low,
                       sh.gamma_high)


# ---------------------------------------------------------------------------------------------- blocks of rows

def _frame(df: pd.DataFrame, scenario: str, country=None, year=None, base_year=None) -> pd.DataFrame:
    out = df.copy()
    if country is not None:
        out["country"] = country
    if year is not None:
        out["year"] = year
    for col in ("low", "high"):
        if col not in out:
            out[col] = np.nan
    out["scenario"] = scenario
    out["base_year"] = base_year if base_year is not None else pd.NA
    return out[COLUMNS]


def central_rows(t, frame, n_draws: int, seed: int, draws=None) -> pd.DataFrame:
    """Every indicator (national and by industry) with its uncertainty band (over ``draws``, the calibrated
    (alpha, gamma) share draws of the year; without them the bounds-based draws of
    :func:`smegvc.engine.uncertainty.bands`); the central values are cross-checked against the explicit
    2n x 2n split (relative 1e-9)."""
    sh = SplitShares.from_frame(frame, t.industries)
    b = bands(Core.from_table(t), sh, n_draws=n_draws, seed=seed, by_industry=True, draws=draws)
    b.attrs.clear()
    ref = country_year_indicators(t, sh).set_index(["indicator", "industry"]).value
    got = b.set_index(["indicator", "industry"]).value
    if not got.index.equals(ref.index) or not np.allclose(got.to_numpy(), ref.to_numpy(), rtol=1e-9, atol=1e-8):
        raise IdentityError(f"{t.country} {t.year}: closed-form and explicit split disagree")
    return _frame(b, "central")


def scenario_rows(t, frame, scenario: str, shares: SplitShares | None = None) -> pd.DataFrame:
    sh = shares if shares is not None else SplitShares.from_frame(frame, t.industries)
    bias = LINKAGE_BIAS if scenario == "linkage_bias" else 0.0
    df = country_year_indicators(t, sh, linkage_bias=bias)
    df = df[df.industry.isin(("",) + FOCUS_INDUSTRIES)]  # sensitivity scenarios: national and focus industries
    return _frame(df, scenario, t.country, t.year)


def corner_rows(t, bm, definition: str = "in_force") -> pd.DataFrame:
    """``shares_low`` / ``shares_high``: re-calibrated corners (:func:`smegvc.engine.changes.corner_shares`)."""
    from smegvc.engine.changes import corner_shares

    out = []
    for scen, sign in (("shares_low", -1.0), ("shares_high", 1.0)):
        a, g = corner_shares(t.country, t.year, t, bm, definition, sign)
        out.append(scenario_rows(t, None, scen, SplitShares.central(t.industries, a, g)))
    return pd.concat(out, ignore_index=True)


def sda_rows(country: str, years: dict, periods=SDA_PERIODS, scenario: str = "central",
             clipped: dict | None = None) -> pd.DataFrame:
    """Shapley (scenario as given) and polar ('sda_polar') decompositions of :data:`DEFAULT_INDICATOR`.
    ``clipped`` (if given) collects, per (country, scenario, start, end), the industries whose export share
    was clipped to feasibility in some counterfactual."""
    rows = []
    for a, b in periods:
        if a not in years or b not in years:
            continue
        for method, scen in (("shapley", scenario), ("polar", "sda_polar" if scenario == "central" else None)):
            if scen is None:
                continue
            d = decompose(years[a], years[b], DEFAULT_INDICATOR, method=method)
            if clipped is not None and method == "shapley":
                clipped[(country, scen, a, b)] = d.attrs["clipped"]
            for f, v in zip(d.factor, d.value):
                rows.append((country, b, f"sda_{f}", "", float(v), np.nan, np.nan, scen, a))
    return pd.DataFrame(rows, columns=COLUMNS)


def wiod2013_rows() -> pd.DataFrame:
    from smegvc.io.wiod2013.load import load_wiod2013
    from smegvc.engine.gvc import china_share_electronics, participation

    va = load_wiod2013("va")
    rows = []
    for level, ind in (("country", None), ("industry", "c14")):
        p = participation(va, level)
        if ind is not None:
            p = p[p.industry == ind]
        for r in p.itertuples(index=False):
            for name, col in (("gvc_backward", "backward"), ("gvc_forward", "forward"),
                              ("gvc_participation", "participation")):
                rows.append((r.country, int(r.year), name, ind or "", float(getattr(r, col)), np.nan, np.nan,
                             "wiod2013", pd.NA))
    for r in china_share_electronics(load_wiod2013("electronics")).itertuples(index=False):
        rows.append((r.origin, int(r.year), "electronics_intermediate_exports_china_share", "", float(r.share),
                     np.nan, np.nan, "wiod2013", pd.NA))
    return pd.DataFrame(rows, columns=COLUMNS)


# ---------------------------------------------------------------------------------------------- the table

def compute_results(n_draws: int = N_DRAWS, seed: int = DEFAULT_SEED, countries=ECONOMIES, years=YEARS,
                    log=print, jobs: int = 1) -> pd.DataFrame:
    """All rows of the results table (see module docstring and :data:`SCENARIOS`). ``attrs``: ``changes``
    (the change table), ``verdicts`` (:class:`smegvc.engine.verdicts.Verdicts`), ``sda_clipped``. ``jobs`` > 1:
    the economies at the same time, in forked processes (:func:`smegvc.tracking.forked_map`); same bytes."""
    from smegvc.engine.changes import changes_frame
    from smegvc.engine.verdicts import kiep_verdicts
    from smegvc.evidence.benchmark_sets import benchmark_set
    from smegvc.io.wiod2016.load import load_niot

    bm = benchmark_set("central")
    load_niot(countries[0], years[0])   # the extract is parsed once, before any worker starts
    parts = _economies(list(countries), years, n_draws, seed, bm, log, jobs)
    blocks = [b for part in parts for b in part[0]] + [wiod2013_rows()]
    clipped = {k: v for part in parts for k, v in part[1].items()}
    out = pd.concat([b for b in blocks if len(b)], ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["base_year"] = out["base_year"].astype("Int64")
    dup = out.duplicated(["country", "year", "indicator", "industry", "scenario", "base_year"])
    if dup.any():
        raise ValueError(f"duplicate result rows, e.g. {out[dup].iloc[0].to_dict()}")
    tables = [part[2] for part in parts if len(part[2])]
    ch = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0] if tables else changes_frame([])
    out.attrs["sda_clipped"] = clipped
    if len(ch):
        out.attrs["changes"] = ch
        try:
            out.attrs["verdicts"] = kiep_verdicts(ch)
        except KeyError:          # a partial run (some economy or the study's period missing)
            out.attrs["verdicts"] = None
    return out


def _economy(c: str, years, n_draws: int, seed: int, bm, log) -> tuple[list, dict, pd.DataFrame]:
    """One economy's blocks of rows, its SDA clipping record and its change table."""
    from smegvc.engine.changes import changes_frame, level_frame, run_economy
    from smegvc.io.wiod2016.load import load_niot

    blocks, clipped, consistent, t0 = [], {}, paths.DATA / CONSISTENT_SHARES, time.perf_counter()
    tables = {y: load_niot(c, y) for y in years}
    run = run_economy(c, tables, n_draws=n_draws, seed=seed)
    in_force = "kor_in_force" if "kor_in_force" in run.draws else "central"
    log(f"{c}: calibrated draws in {time.perf_counter() - t0:.2f} s")
    sda_years, sda_years_cons = {}, {}
    for y in years:
        t0 = time.perf_counter()
        t, frame = _inputs(c, y)
        blocks.append(central_rows(t, frame, n_draws, seed, draws=run.shares(in_force, y)))
        blocks.append(scenario_rows(t, frame, "linkage_bias"))
        blocks.append(scenario_rows(t, frame, "beta_ne_alpha", beta_ne_alpha_shares(t, frame)))
        blocks.append(corner_rows(t, bm))
        sda_years[y] = SdaYear.from_table(t, SplitShares.from_frame(frame, t.industries))
        if c == "KOR" and consistent.is_file():
            _, fc = _inputs(c, y, consistent)
            blocks.append(scenario_rows(t, fc, "kor_consistent_definition"))
            sda_years_cons[y] = SdaYear.from_table(t, SplitShares.from_frame(fc, t.industries))
        log(f"{c} {y}: {time.perf_counter() - t0:.2f} s")
    blocks.append(sda_rows(c, sda_years, clipped=clipped))
    if sda_years_cons:
        blocks.append(sda_rows(c, sda_years_cons, scenario="kor_consistent_definition", clipped=clipped))
    lv = level_frame([run])
    extra = lv[lv.scenario.isin(["bm_all_usable", "bm_first_hand", "bm_kor_mfg_drift", "io_only", "shares_only"])
               | ((lv.scenario == in_force) & (lv.indicator == "sme_direct_export_share_goods"))]
    extra = extra.assign(scenario=extra.scenario.replace({in_force: "central"}))
    blocks.append(_frame(extra.assign(industry=""), "central").assign(scenario=extra.scenario.to_numpy()))
    if c == "KOR":
        cons = lv[lv.scenario == "central"].set_index(["year", "indicator"])
        blocks = _with_bands(blocks, c, cons)
    return blocks, clipped, changes_frame([run])


def _economies(countries: list, years, n_draws, seed, bm, log, jobs: int) -> list[tuple]:
    """:func:`_economy` of each country, in order (``jobs`` > 1: forked, messages printed afterwards)."""
    if jobs <= 1 or len(countries) < 2 or not tracking.can_fork():
        return [_economy(c, years, n_draws, seed, bm, log) for c in countries]
    done = tracking.forked_map(lambda c: (_economy(c, years, n_draws, seed, bm, (lines := []).append), lines),
                               countries, jobs)
    for _, lines in done:
        for line in lines:
            log(line)
    return [part for part, _ in done]


def _with_bands(blocks, country, cons):
    """Add the calibrated low/high of Korea's consistent-definition levels to its national rows."""
    out = []
    for b in blocks:
        if len(b) and (b["scenario"] == "kor_consistent_definition").any():
            b = b.copy()
            m = (b["scenario"] == "kor_consistent_definition") & (b["industry"] == "") & (b["country"] == country)
            for i in np.flatnonzero(m.to_numpy()):
                key = (int(b["year"].iat[i]), b["indicator"].iat[i])
                if key in cons.index and pd.isna(b["base_year"].iat[i]):
                    b.iloc[i, b.columns.get_loc("low")] = cons.loc[key, "low"]
                    b.iloc[i, b.columns.get_loc("high")] = cons.loc[key, "high"]
        out.append(b)
    return out


def results_csv(df: pd.DataFrame) -> str:
    """CSV text: floats at full precision (repr), missing values empty."""
    return df[COLUMNS].to_csv(index=False, lineterminator="\n", na_rep="")


def readme_text(df: pd.DataFrame, n_draws: int, seed: int) -> str:
    reg = [(i.name, i.label, i.unit, i.basis, "yes" if i.additive else "no", i.formula, i.by or "")
           for i in REGISTRY.values()]
    reg_md = "\n".join(f"| `{n}` | {lbl} | {u} | {b} | {a} | `{f}` | {by} |" for n, lbl, u, b, a, f, by in reg)
    extra_md = "\n".join(f"| `{k}` | {lbl} | {u} |" for k, (lbl, u) in EXTRA_INDICATORS.items())
    scen_md = "\n".join(f"| `{k}` | {v} |" for k, v in SCENARIOS.items())
    counts = df.groupby("scenario").size()
    counts_md = "\n".join(f"| `{k}` | {int(counts.get(k, 0))} |" for k in SCENARIOS)
    q = f"{int(QUANTILES[0] * 100)}th and {int(QUANTILES[1] * 100)}th"
    from smegvc.engine import calibrated as cal_mod
    from smegvc.engine import verdicts as ver_mod
    from smegvc.engine.changes import CHANGE_SCENARIOS

    ch_md = "\n".join(f"| `{k}` | {v} |" for k, v in CHANGE_SCENARIOS.items())
    sig, rho, drift = cal_mod.sigma_prior(), cal_mod.RHO, cal_mod.SIGMA_DRIFT
    vp, sharp, flat = ver_mod.PERIOD, ver_mod.SHARP_PP, ver_mod.FLAT_PP
    v = df.attrs.get("verdicts")
    tally = ", ".join(f"{k} {n}" for k, n in v.tally.items()) if v is not None else "(not computed)"
    clip = df.attrs.get("sda_clipped", {})
    clip_md = "\n".join(f"| {c} | `{s}` | {a}-{b} | {', '.join(v) if v else 'none'} |"
                         for (c, s, a, b), v in clip.items()) or "| | | | none |"
    return f"""# data/results: SME direct and indirect exports, Korea and Taiwan

`results.csv` is produced by `python -m smegvc results` (module `smegvc.engine.results`; engine in `smegvc.engine.split`,
`smegvc.engine.indicators`, `smegvc.engine.uncertainty`, `smegvc.engine.sda`, `smegvc.engine.gvc`) from the committed extracts
`data/wiod2016/niot_long.csv.gz` (WIOD 2016 national IO tables, millions of current US$),
`data/sme/firm_size_shares.csv` (+ `firm_size_shares_kor_consistent.csv`) and `data/wiod2013/`.
Do not edit it by hand: rerun the command. Load it with `smegvc.engine.results.load_results()`.

## Columns
| column | meaning |
|---|---|
| `country` | ISO3 code (KOR, TWN; the `wiod2013` rows also CHN, JPN, USA) |
| `year` | calendar year; for `sda_*` rows the end year of the period |
| `indicator` | indicator name (tables below) |
| `industry` | empty for national values; else a WIOD 2016 industry code (the exporting industry, or the producing industry for `sme_va_exports_by_source`): all industries in `central`, only {", ".join(FOCUS_INDUSTRIES)} in the sensitivity scenarios; `c14` in the `wiod2013` rows |
| `value` | the indicator; `central` rows at the central shares |
| `low`, `high` | {q} percentiles over {n_draws} calibrated common Monte Carlo draws (seed {seed}; see below): `central` rows (national and by industry), national rows of `kor_consistent_definition` and of the benchmark-set and counterfactual scenarios; empty elsewhere |
| `scenario` | see below |
| `base_year` | `sda_*` rows: start year of the period; empty elsewhere |

Units: `USD million` = millions of current US dollars; `share` in [0, 1]; the `sda_*` values are changes in a
share (e.g. 0.01 = one percentage point). Value-added measures are additive across channels; gross-output
measures (basis `gross output`) count every round of supply and must never be added to direct exports.

## Scenarios
| scenario | definition |
|---|---|
{scen_md}

Rows per scenario:

| scenario | rows |
|---|---|
{counts_md}

## Calibrated common draws (`smegvc.engine.calibrated`)
Every draw re-runs the share rule of `smegvc.evidence.shares` with perturbed inputs and re-imposes every published
aggregate, so each draw reproduces the aggregates its year is calibrated to (the published figures within half their
last published digit). Perturbed: the prior logit of every industry's SME output share and of its export share's
base, by {sig:.4f} x (sqrt({rho}) x a persistent standard normal per draw and industry + sqrt(1 - {rho}) x year noise)
(so an unconstrained industry's odds lie within halved-to-doubled in 90% of draws); each published figure, uniformly
within its published precision (one number per figure, shared by every year and scenario); and the aggregate of a
year without a published figure (interpolated or carried), by {drift} logit units per year of distance to the nearest
benchmark times a standard normal per target series and draw. A draw that cannot reach every aggregate has its
perturbations halved until it can. The same draws serve every year, benchmark set and counterfactual: every change has
its own interval (the percentiles of the per-draw changes).

## changes.csv
Columns `{", ".join(CHANGES_COLUMNS)}`: `value` = change of `indicator` from `from_year` to `to_year` at the central
shares (share units: 0.01 = one percentage point), `low`/`high` = 5th/95th percentiles of the per-draw change.

| scenario | definition |
|---|---|
{ch_md}

## verdicts.csv
Columns `claim_id, claim, indicator, verdict, reason`: each claim of the KIEP study (Lee et al. 2016) once, with the
verdict of one rule (`smegvc.engine.verdicts`) on its change over {vp[0]}-{vp[1]}: `agrees` only where the 90% interval of
the change excludes zero in the claimed direction in every benchmark set (and for both the first-round and the
all-round gross measure; a "sharp" change also needs the interval's near end {sharp:g} points from zero; "barely changed"
needs every interval within +-{flat:g} point), `disagrees` where it excludes zero in the other direction in every set,
`direction_only` where the central estimates have the claimed direction in every set but some interval includes zero,
`not_testable` for explanations the tables cannot identify and for changes whose direction the intervals do not settle.
Tally: {tally}.

## Engine indicators
| name | label | unit | basis | additive | formula | by |
|---|---|---|---|---|---|---|
{reg_md}

Notation: `s` = 1 on SME cells of the firm-size split table, `vc`, `mc`, `tc` value-added, imported-input and
other-input coefficients, `rc` the source table's column discrepancy per unit of output, `L` the domestic
Leontief inverse of the split table, `e` exports.

## Other indicators
| name | label | unit |
|---|---|---|
{extra_md}

The structural decomposition (`sda_*`) splits the change in `{DEFAULT_INDICATOR}` between `base_year` and
`year` into export mix, input structure and firm-size shares (Shapley value over the three factors, exactly
additive: the three parts sum to `sda_total`; `sda_polar`: polar average). Counterfactual output is recomputed
as x = (I - A)^-1 (f + e); see `smegvc.engine.sda`. Where a year's SME export share is infeasible for a
counterfactual output (SME or large-firm exports above output) it is clipped into the feasible range; the
industries concerned:

| country | scenario | period | industries with a clipped export share in some counterfactual |
|---|---|---|---|
{clip_md}
"""


def changes_csv(ch: pd.DataFrame) -> str:
    return ch[CHANGES_COLUMNS].to_csv(index=False, lineterminator="\n", na_rep="")


def verdicts_csv(v) -> str:
    from smegvc.engine.verdicts import VERDICT_COLUMNS

    return v.table[VERDICT_COLUMNS].to_csv(index=False, lineterminator="\n", na_rep="")


def write_results(df: pd.DataFrame, out: Path, n_draws: int, seed: int) -> None:
    """results.csv (+ changes.csv and verdicts.csv beside it when ``df.attrs`` has them) and README.md."""
    with atomic_path(out) as tmp:
        tmp.write_text(results_csv(df), encoding="utf-8")
    if df.attrs.get("changes") is not None:
        write_text(out.with_name("changes.csv"), changes_csv(df.attrs["changes"]))
    if df.attrs.get("verdicts") is not None:
        write_text(out.with_name("verdicts.csv"), verdicts_csv(df.attrs["verdicts"]))
    write_text(out.with_name("README.md"), readme_text(df, n_draws, seed))


def _rel(path: Path) -> str:
    return Path(path).resolve().relative_to(paths.ROOT).as_posix()


def input_fingerprint() -> dict[str, str]:
    """sha256 of every committed data file read and every smegvc module imported so far in this process.

    Called right after :func:`compute_results`, it names exactly what the results depend on.
    """
    import sys

    files = {Path(p) for p in tracking.reads()}
    files |= {Path(m.__file__) for name, m in list(sys.modules.items())
              if name.split(".")[0] == "smegvc" and getattr(m, "__file__", None)}
    files = {f.resolve() for f in files if f.resolve().is_relative_to(paths.ROOT) and f.is_file()}
    files -= {(paths.DATA / f).resolve() for f in (RESULTS_FILE, CHANGES_FILE, VERDICTS_FILE)}
    return {_rel(f): sha256_file(f) for f in sorted(files)}


def stale_inputs(root: Path | None = None) -> list[str]:
    """The inputs (paths relative to the repository) that changed since the results were computed.

    Empty when ``data/results/results.csv`` is up to date; ``["data/results/PROVENANCE.json"]`` when
    there is no record of its inputs.
    """
    root = Path(root or paths.ROOT)
    record = root / "data" / INPUTS_FILE
    if not record.is_file() or not (root / "data" / RESULTS_FILE).is_file():
        return [f"data/{INPUTS_FILE}"]
    inputs = json.loads(record.read_text(encoding="utf-8"))["inputs"]
    return [rel for rel, digest in inputs.items()
            if not (root / rel).is_file() or sha256_file(root / rel) != digest]


def write_inputs_record(n_draws: int, seed: int) -> Path:
    target = paths.DATA / INPUTS_FILE
    write_text(target, json.dumps({
        "command": f"python -m smegvc results --draws {n_draws} --seed {seed}",
        "note": "sha256 of every data file read and every smegvc module imported to compute results.csv; "
                "`make book` recomputes results.csv when any of them changes.",
        "inputs": input_fingerprint(),
    }, indent=1) + "\n")
    return target


OUTPUT_FILES = (RESULTS_FILE, INPUTS_FILE, CHANGES_FILE, VERDICTS_FILE)   # what recompute writes (and records)


def recompute(log=print, jobs: int = 1) -> None:
    """Recompute the results table (default draws and seed), write it with its record of inputs, and
    record the new hashes of those files only (never of any other file)."""
    df = compute_results(N_DRAWS, DEFAULT_SEED, log=lambda *_: None, jobs=jobs)
    write_results(df, paths.DATA / RESULTS_FILE, N_DRAWS, DEFAULT_SEED)
    write_inputs_record(N_DRAWS, DEFAULT_SEED)
    set_hashes(None, [f for f in OUTPUT_FILES if (paths.DATA / f).is_file()])


def ensure_fresh(log=print, jobs: int = 1) -> bool:
    """Recompute the results table (default draws and seed) if any input changed. True if recomputed."""
    changed = stale_inputs()
    if not changed:
        return False
    t0 = time.perf_counter()
    recompute(log, jobs)
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    log(f"data/{RESULTS_FILE} recomputed because {shown} changed ({time.perf_counter() - t0:.1f} s)")
    return True


def load_results(path=None) -> pd.DataFrame:
    """The results table (columns :data:`COLUMNS`; ``industry`` '' for national rows)."""
    p = Path(path) if path is not None else paths.DATA / RESULTS_FILE
    tracking.record_read(p)
    df = pd.read_csv(p, keep_default_na=False, na_values={"value": [""], "low": [""], "high": [""]},
                     dtype={"industry": str, "country": str, "indicator": str, "scenario": str})
    df["base_year"] = pd.to_numeric(df["base_year"].replace("", pd.NA)).astype("Int64")
    return df


# ---------------------------------------------------------------------------------------------- regression

def headline_regression(countries=ECONOMIES, years=REGRESSION_YEARS) -> pd.DataFrame:
    """Central national headline indicators and the Shapley SDA between the given years: country, year,
    indicator, base_year, value (what tests/regression/headline.csv stores)."""
    rows = []
    for c in countries:
        sda = {}
        for y in years:
            t, frame = _inputs(c, y)
            sh = SplitShares.from_frame(frame, t.industries)
            v = country_year_indicators(t, sh).set_index(["indicator", "industry"]).value
            rows += [(c, y, k, pd.NA, float(v[(k, "")])) for k in HEADLINE]
            sda[y] = SdaYear.from_table(t, sh)
        for a, b in zip(years[:-1], years[1:]):
            d = decompose(sda[a], sda[b])
            rows += [(c, b, f"sda_{f}", a, float(x)) for f, x in zip(d.factor, d.value)]
    out = pd.DataFrame(rows, columns=["country", "year", "indicator", "base_year", "value"])
    out["base_year"] = out["base_year"].astype("Int64")
    return out


def refresh_regression(path=REGRESSION_FILE) -> Path:
    df = headline_regression()
    write_text(path, df.to_csv(index=False, lineterminator="\n", na_rep=""))
    return Path(path)


# ---------------------------------------------------------------------------------------------- CLI

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draws", type=int, default=N_DRAWS, help=f"Monte Carlo draws per country-year ({N_DRAWS})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"base seed ({DEFAULT_SEED})")
    p.add_argument("--output", type=Path, default=None, help="output CSV (default data/results/results.csv)")
    p.add_argument("--jobs", type=int, default=int(os.environ.get("SMEGVC_BUILD_JOBS") or 1),
                   help="economies computed at once, forked (default $SMEGVC_BUILD_JOBS, else 1)")
    p.add_argument("--if-stale", action="store_true",
                   help="recompute only if a data file or module the results came from changed (used by the build)")
    p.add_argument("--refresh-regression", action="store_true",
                   help="rewrite tests/regression/headline.csv from the current data instead")


def run(args) -> int:
    if args.refresh_regression:
        print(f"wrote {refresh_regression()}")
        return 0
    if args.if_stale:
        ensure_fresh(jobs=args.jobs)
        return 0
    t0 = time.perf_counter()
    df = compute_results(args.draws, args.seed, jobs=args.jobs)
    out = args.output or paths.DATA / RESULTS_FILE
    write_results(df, Path(out), args.draws, args.seed)
    if args.output is None:
        write_inputs_record(args.draws, args.seed)
        set_hashes(None, [f for f in OUTPUT_FILES if (paths.DATA / f).is_file()])
    print(f"wrote {out} ({len(df)} rows) in {time.perf_counter() - t0:.1f} s")
    return 0


# ---------------------------------------------------------------------------------------------- data package

def _results_resource() -> dict:
    from smegvc.io.datapackage import CC_BY, field

    return {
        "name": "results",
        "path": RESULTS_FILE,
        "title": "SME direct and indirect exports of Korea and Taiwan: every indicator of the report",
        "description": "Long table written by `python -m smegvc results` from the WIOD 2016 extract, the firm-size "
                       "share tables and the WIOD 2013 extract; columns, units and scenarios: results/README.md. "
                       "Value-added indicators are additive across channels; gross-output indicators are not.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [{"title": "Computed by smegvc.engine.results from data/wiod2016, data/sme and data/wiod2013",
                     "path": "results/README.md"}],
        "licenses": [CC_BY],
        "schema": {"fields": [
            field("country", "string", "ISO3 code", required=True, pattern="^[A-Z]{3}$"),
            field("year", "integer", "calendar year (end year for sda_* rows)", required=True,
                  minimum=WIOD2013_FIRST_YEAR, maximum=LAST_YEAR),
            field("indicator", "string", "indicator name (results/README.md)", required=True),
            field("industry", "string", "WIOD industry code; empty for national values"),
            field("value", "number", "the indicator: share in [0, 1], change in a share, or millions of "
                  "current US dollars (results/README.md)", required=True),
            field("low", "number", "5th percentile over the Monte Carlo draws (central scenario only)"),
            field("high", "number", "95th percentile over the Monte Carlo draws (central scenario only)"),
            field("scenario", "string", "central or a sensitivity scenario", required=True,
                  enum=list(SCENARIOS)),
            field("base_year", "integer", "start year of a structural-decomposition period"),
        ], "primaryKey": ["country", "year", "indicator", "industry", "scenario", "base_year"]},
    }


def _provenance_resource() -> dict:
    from smegvc.io.datapackage import CC_BY

    return {
        "name": "results-provenance",
        "path": INPUTS_FILE,
        "title": "The inputs of results.csv: the command, and the sha256 of every data file and module it used",
        "description": "Written with results.csv; `make book` recomputes results.csv when an input's hash changes.",
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "sources": [{"title": "Written by python -m smegvc results", "path": "results/README.md"}],
        "licenses": [CC_BY],
    }


def _changes_resource() -> dict:
    from smegvc.engine.changes import CHANGE_INDICATORS, CHANGE_SCENARIOS
    from smegvc.io.datapackage import CC_BY, field

    return {
        "name": "results-changes",
        "path": CHANGES_FILE,
        "title": "Changes of the SME export shares between years, with 90% intervals over calibrated common draws",
        "description": "Written with results.csv by `python -m smegvc results`; value = change in share units "
                       "(0.01 = one percentage point), low/high = 5th/95th percentiles of the per-draw change; "
                       "scenarios and counterfactuals: results/README.md.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [{"title": "Computed by smegvc.engine.changes from data/wiod2016 and data/sme",
                     "path": "results/README.md"}],
        "licenses": [CC_BY],
        "schema": {"fields": [
            field("country", "string", "ISO3 code", required=True, pattern="^[A-Z]{3}$"),
            field("indicator", "string", "indicator name (results/README.md)", required=True,
                  enum=list(CHANGE_INDICATORS)),
            field("from_year", "integer", "start year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
            field("to_year", "integer", "end year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
            field("scenario", "string", "benchmark set or counterfactual", required=True,
                  enum=list(CHANGE_SCENARIOS)),
            field("value", "number", "change in the share (central shares), share units", required=True),
            field("low", "number", "5th percentile of the change over the calibrated common draws", required=True),
            field("high", "number", "95th percentile of the change over the calibrated common draws", required=True),
        ], "primaryKey": ["country", "indicator", "from_year", "to_year", "scenario"]},
    }


def _verdicts_resource() -> dict:
    from smegvc.engine.verdicts import VERDICTS
    from smegvc.io.datapackage import CC_BY, field

    return {
        "name": "results-verdicts",
        "path": VERDICTS_FILE,
        "title": "The KIEP study's claims and the verdict of one rule on each",
        "description": "Written with results.csv by `python -m smegvc results` (smegvc.engine.verdicts); the rule is "
                       "stated in results/README.md.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [{"title": "Computed by smegvc.engine.verdicts from results/changes.csv",
                     "path": "results/README.md"}],
        "licenses": [CC_BY],
        "schema": {"fields": [
            field("claim_id", "string", "claim id", required=True),
            field("claim", "string", "the claim of the KIEP study (Lee et al. 2016)", required=True),
            field("indicator", "string", "the measures tested, separated by |; empty for explanations"),
            field("verdict", "string", "verdict of the rule", required=True, enum=list(VERDICTS)),
            field("reason", "string", "the numbers behind the verdict", required=True),
        ], "primaryKey": ["claim_id"]},
    }


DATA_RESOURCES = [_results_resource(), _provenance_resource(), _changes_resource(), _verdicts_resource()]
# the columns of results.csv and changes.csv, declared once: their schema fields
COLUMNS = [f["name"] for f in DATA_RESOURCES[0]["schema"]["fields"]]
CHANGES_COLUMNS = [f["name"] for f in DATA_RESOURCES[2]["schema"]["fields"]]
