"""The study's headline result, quoted by several chapters: the SME share of exported domestic value added
by channel (direct through SME exporters, indirect through large exporters, total), in percent.

    headline_series(scenario)   country, year, channel, value, low, high (percent; checks direct + indirect = total)
    headline_table(years)       the same at a few years: index (economy, year), one column per channel
    headline_numbers()          levels, bands and changes for glue (names documented below)
"""
from __future__ import annotations

import pandas as pd

from smegvc.report.query import CHANNELS, change_between, level, national, num, pct, value_at
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK, KOR_BREAK_YEAR

MID_YEAR = 2007   # the middle year shown beside the first, pre-break and last years


def headline_series(scenario: str = "central", results=None) -> pd.DataFrame:
    """SME share of exported domestic value added by channel: country, year, channel (direct, indirect,
    total), value, low, high in percent (low/high: 5th-95th percentile, central scenario only).

    Checks direct + indirect = total in every country-year (the value-added channels are additive).
    """
    parts = []
    for ch, ind in CHANNELS.items():
        d = national(ind, scenario, results)
        d.insert(2, "channel", ch)
        parts.append(d)
    out = pd.concat(parts, ignore_index=True)
    for col in ("value", "low", "high"):
        out[col] = pct(out[col].astype(float))
    w = out.pivot_table(index=["country", "year"], columns="channel", values="value")
    gap = (w["direct"] + w["indirect"] - w["total"]).abs()
    if (gap > 1e-9 * w["total"].abs().max()).any():
        raise ArithmeticError(f"direct + indirect != total in {scenario}: {gap.idxmax()} off by {gap.max():.3g}")
    out["channel"] = pd.Categorical(out["channel"], list(CHANNELS), ordered=True)
    return out.sort_values(["country", "channel", "year"]).reset_index(drop=True)


def headline_table(years=(FIRST_YEAR, MID_YEAR, PRE_BREAK, LAST_YEAR), scenario: str = "central", results=None,
                   decimals: int = 2) -> pd.DataFrame:
    """The headline shares (percent) at ``years``: index (economy, year), columns direct, indirect, total."""
    s = headline_series(scenario, results)
    s = s[s.year.isin(years)]
    t = s.pivot_table(index=["country", "year"], columns="channel", values="value", observed=True)
    t = t[list(CHANNELS)].round(decimals)
    t.index = t.index.set_names(["economy", "year"])
    t.columns = [f"{c} (%)" for c in t.columns]
    return t


def headline_numbers(results=None) -> dict[str, float]:
    """Glue numbers of the headline (percent; changes in points):

    * ``<channel>_<iso>_<year>`` with ``_low``/``_high`` bands (years 2000, 2007, 2010, 2011, 2014);
    * ``d<channel>_<iso>_<y0>_<y1>``: changes 2000-2010, 2000-2014 and 2010-2011;
    * ``<channel>_kor_cons_<year>`` and ``d<channel>_kor_cons_2000_2014``: Korea with its pre-2011 SME
      coverage kept (scenario kor_consistent_definition);
    * ``via_large_of_sme_<iso>_<year>``: share of SMEs' exported value added leaving through large exporters;
    * ``sme_va_gross_<iso>_<year>``: SMEs' exported value added as percent of gross exports.

    The chapters declare the names they quote literally (their ``KEYS``).
    """
    out: dict[str, float] = {}
    for c in ECONOMIES:
        k = c.lower()
        for ch, ind in CHANNELS.items():
            for y in (FIRST_YEAR, MID_YEAR, PRE_BREAK, KOR_BREAK_YEAR, LAST_YEAR):
                level(out, f"{ch}_{k}_{y}", ind, c, y, results=results)
            for y0, y1 in ((FIRST_YEAR, PRE_BREAK), (FIRST_YEAR, LAST_YEAR), (PRE_BREAK, KOR_BREAK_YEAR)):
                out[f"d{ch}_{k}_{y0}_{y1}"] = num(pct(change_between(ind, c, y0, y1, results=results)["change"]))
    for ch, ind in CHANNELS.items():
        for y in (FIRST_YEAR, PRE_BREAK, KOR_BREAK_YEAR, LAST_YEAR):
            level(out, f"{ch}_kor_cons_{y}", ind, "KOR", y, "kor_consistent_definition", results)
        out[f"d{ch}_kor_cons_{FIRST_YEAR}_{LAST_YEAR}"] = num(pct(change_between(
            ind, "KOR", FIRST_YEAR, LAST_YEAR, scenario="kor_consistent_definition", results=results)["change"]))
    for c in ECONOMIES:
        k = c.lower()
        for y in (FIRST_YEAR, PRE_BREAK, LAST_YEAR):
            out[f"via_large_of_sme_{k}_{y}"] = num(pct(value_at("sme_indirect_share_sme_va_exports", c, y,
                                                                results=results)))
            out[f"sme_va_gross_{k}_{y}"] = num(pct(value_at("sme_va_exports_share_gross_exports", c, y,
                                                            results=results)))
    return out
