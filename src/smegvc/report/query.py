"""Shared queries on the engine's results table for the chapter modules (no chapter's numbers live here).

    load(results)                        the results table (the committed one, loaded once per process)
    national(indicator, ...)             national rows: country, year, value, low, high (as stored)
    by_industry(indicator, ...)          industry rows: country, year, industry, value, low, high
    value_at(indicator, country, year)   one stored value (value, low or high)
    change_between(indicator, c, y0, y1) start, end and change (units as stored)
    sda_value(...)                       one decomposition row (base year and year)
    published_value(id)                  one published SME statistic (percent) and its year
    pct(x), num(x), level(...), span(years)   percent, a plain glue number, a level with bands, a year span

Shares in the results table are fractions; the chapter modules show them in **percent** and changes in
**percentage points**. Every function takes ``results=None`` (the committed table) so that tests can
pass a small hand-made frame. The study's economies and years come from :mod:`smegvc.scope`.
"""
from __future__ import annotations

import pandas as pd

from smegvc import paths, tracking
from smegvc.engine.results import RESULTS_FILE, load_results
from smegvc.evidence.sme_stats import load_published
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.scope import ECONOMIES

CHANNELS = {"direct": "sme_direct_share_dva_exports",
            "indirect": "sme_indirect_share_dva_exports",
            "total": "sme_share_dva_exports"}
CHANNEL_LABELS = {"direct": "Direct (through SME exporters)",
                  "indirect": "Indirect (through large exporters)",
                  "total": "Total"}
SCENARIO_LABELS = {
    "central": "Central",
    "linkage_bias": "Linkage bias (SMEs sell more to large firms)",
    "beta_ne_alpha": "SME value-added share differs from output share",
    "kor_consistent_definition": "Korea: pre-2011 SME definition throughout",
    "shares_low": "All shares at their lower bounds",
    "shares_high": "All shares at their upper bounds",
}
GOODS = tuple(c for c in INDUSTRIES if c[0] in "ABC")   # agriculture, mining, manufacturing (A01-C33)

_CACHE: dict = {}


def load(results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The results table: ``results`` if given, else the committed one (loaded once per process)."""
    if results is not None:
        return results
    p = paths.DATA / RESULTS_FILE
    key = ("results", str(p), p.stat().st_mtime_ns, p.stat().st_size)
    if key not in _CACHE:
        _CACHE[key] = load_results(p)
    tracking.record_read(p)
    return _CACHE[key]


def pct(x):
    """A fraction as percent."""
    return 100.0 * x


def num(x) -> float:
    """A plain float for glue, rounded to six decimals."""
    return float(round(float(x), 6))


def national(indicator: str, scenario: str = "central", results=None, countries=ECONOMIES) -> pd.DataFrame:
    """National values of ``indicator``: country, year, value, low, high (as stored: fractions or USD m)."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.scenario == scenario) & (r.industry == "") & r.base_year.isna()
            & r.country.isin(countries)]
    if sel.empty:
        raise KeyError(f"no national rows for {indicator!r} in scenario {scenario!r}")
    return sel[["country", "year", "value", "low", "high"]].sort_values(["country", "year"]).reset_index(drop=True)


def by_industry(indicator: str, scenario: str = "central", results=None, countries=ECONOMIES) -> pd.DataFrame:
    """Industry values of ``indicator``: country, year, industry, value, low, high."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.scenario == scenario) & (r.industry != "") & r.country.isin(countries)]
    return sel[["country", "year", "industry", "value", "low", "high"]].reset_index(drop=True)


def value_at(indicator: str, country: str, year: int, scenario: str = "central", industry: str = "",
             results=None, column: str = "value") -> float:
    """One stored value (``column`` value, low or high); KeyError if absent."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.country == country) & (r.year == year) & (r.scenario == scenario)
            & (r.industry == industry) & r.base_year.isna()]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows for {indicator} {country} {year} {scenario} {industry!r}")
    return float(sel[column].iloc[0])


def change_between(indicator: str, country: str, y0: int, y1: int, *, scenario: str = "central",
                   industry: str = "", results=None) -> dict[str, float]:
    """``indicator`` in ``y0`` and ``y1`` and the change: dict start, end, change (units as stored)."""
    a = value_at(indicator, country, y0, scenario, industry, results)
    b = value_at(indicator, country, y1, scenario, industry, results)
    return {"start": a, "end": b, "change": b - a}


def sda_value(indicator: str, country: str, base: int, year: int, scenario: str, results=None) -> float:
    """One decomposition value (fraction) of the change from ``base`` to ``year``; KeyError if absent."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.country == country) & (r.year == year) & (r.base_year == base)
            & (r.scenario == scenario)]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows for {indicator} {country} {base}-{year} {scenario}")
    return float(sel.value.iloc[0])


def ratio_at(num_indicator: str, den_indicator: str, country: str, year: int, results=None) -> float:
    """``num_indicator / den_indicator`` in one country-year, in percent."""
    a = value_at(num_indicator, country, year, results=results)
    b = value_at(den_indicator, country, year, results=results)
    return pct(a / b)


def published_value(pid: str) -> tuple[float, int]:
    """The published SME statistic ``pid`` (data/sme/published_sme_statistics.csv): (value, year)."""
    p = load_published()
    sel = p[p.id == pid]
    if len(sel) != 1:
        raise KeyError(f"published figure {pid!r} not found")
    return float(sel.value.iloc[0]), int(sel.year.iloc[0])


def level(out: dict, name: str, indicator: str, country: str, year: int, scenario: str = "central",
          results=None, bands: bool = True) -> None:
    """Put ``indicator`` (percent) in ``out[name]`` and, for the central scenario, its 5-95% range in
    ``out[name + '_low']`` and ``out[name + '_high']``."""
    out[name] = num(pct(value_at(indicator, country, year, scenario, results=results)))
    if bands and scenario == "central":
        out[name + "_low"] = num(pct(value_at(indicator, country, year, results=results, column="low")))
        out[name + "_high"] = num(pct(value_at(indicator, country, year, results=results, column="high")))


def span(years) -> str:
    """'2001-2003' for consecutive years, '2001, 2007' otherwise."""
    years = sorted(int(y) for y in years)
    if not years:
        return ""
    groups, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            groups.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(groups)


def pick(numbers: dict, keys, chapter: str) -> dict:
    """``numbers`` restricted to ``keys`` (a chapter's declared glue keys); KeyError naming every key that
    ``numbers`` lacks."""
    missing = [k for k in keys if k not in numbers]
    if missing:
        raise KeyError(f"{chapter}: declared glue keys not computed: {missing}")
    return {k: numbers[k] for k in keys}
