"""Chapter "Indirect exports" (book/indirect-exports.ipynb): the SME share of exported domestic value added by
channel, gross measures of indirect exports, the scenarios, and the comparison with the KIEP study and with
KITA's published estimates (percent; changes in percentage points).

    headline_series(), headline_table()      from :mod:`smegvc.report.headline`
    sourcing_series()                        from :mod:`smegvc.report.why` (gross measures)
    kita_inputs_point()                      KITA's published SME share of the domestic inputs into exports
    published_comparison(), published_comparison_table()   KITA's estimates beside our closest measures
    KIEP_CLAIMS, verdict(), kiep_comparison(), kiep_comparison_table()   the KIEP study's claims and ours
    sensitivity_table(indicator)             an indicator under every scenario, levels and changes
    comparison_numbers(), sensitivity_numbers()   glue numbers of the comparisons and the scenarios
    numbers()                                exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smegvc.report.appendix_data import method_numbers
from smegvc.report.direct import published_numbers
from smegvc.report.headline import headline_numbers, headline_series, headline_table
from smegvc.report.query import (CHANNELS, SCENARIO_LABELS, change_between, load, num, pct, pick, published_value,
                                 ratio_at, sda_value, value_at)
from smegvc.report.tables import MarkdownTable, md_text
from smegvc.report.why import sourcing_series, why_numbers
from smegvc.scope import ECONOMIES, FIRST_YEAR, KIEP_PERIOD, LAST_YEAR, PRE_BREAK

__all__ = ["KEYS", "KIEP_CLAIMS", "MATERIAL_PP", "Claim", "comparison_numbers", "headline_series", "headline_table",
           "kiep_comparison", "kiep_comparison_table", "kita_inputs_point", "numbers", "published_comparison",
           "published_comparison_table", "sensitivity_numbers", "sensitivity_table", "sourcing_series", "verdict"]

KEYS = (   # the glue keys book/indirect-exports.ipynb quotes
    "all_rounds_kor_2000", "all_rounds_kor_2014", "all_rounds_twn_2000", "all_rounds_twn_2014",
    "ddirect_kor_2000_2010", "ddirect_kor_2010_2011", "dindirect_kor_2000_2010", "dindirect_kor_2010_2011",
    "direct_kor_2000", "direct_twn_2000", "direct_twn_2014", "domestic_inputs_kor_2014", "indirect_kor_2000",
    "indirect_kor_cons_2014", "indirect_twn_2000", "indirect_twn_2010", "indirect_twn_2014",
    "kita_direct_2003", "kita_direct_2008", "kita_indirect_2003", "kita_indirect_2008", "kita_inputs_2015",
    "kita_total_2003", "kita_total_2008", "linkage_odds", "material_pp", "n_draws", "n_industries",
    "ours_direct_gross_kor_2003", "ours_direct_gross_kor_2008", "ours_first_round_kor_2003",
    "ours_first_round_kor_2008", "ours_inputs_kor_last", "ours_inputs_kor_last_year", "ours_total_kor_2003",
    "ours_total_kor_2008", "sens_d_indirect_kor_2000_2010_max", "sens_d_indirect_kor_2000_2010_min",
    "sens_d_indirect_twn_2000_2010_max", "sens_d_indirect_twn_2000_2010_min", "sens_d_total_kor_2000_2010_max",
    "sens_d_total_kor_2000_2010_min", "sens_d_total_twn_2000_2010_max", "sens_d_total_twn_2000_2010_min",
    "sens_lvl_total_kor_2014_max", "sens_lvl_total_kor_2014_min", "sens_lvl_total_twn_2014_max",
    "sens_lvl_total_twn_2014_min", "total_kor_2000", "total_kor_2000_high", "total_kor_2000_low", "total_kor_2010",
    "total_kor_cons_2014", "total_twn_2000", "total_twn_2000_high", "total_twn_2000_low", "total_twn_2010",
    "total_twn_2014", "va_ratio", "via_large_of_sme_kor_2000", "via_large_of_sme_kor_2010",
    "via_large_of_sme_kor_2014", "via_large_of_sme_twn_2000", "via_large_of_sme_twn_2010",
    "via_large_of_sme_twn_2014",
)

MATERIAL_PP = 1.0         # a change of less than one percentage point counts as "about unchanged"
KITA_YEARS = (2003, 2008)  # the years of KITA's published direct / indirect / total estimates for Korea


# ---------------------------------------------------------------------------------------------- KITA's estimates

def published_comparison(results=None) -> pd.DataFrame:
    """KITA's published estimates for Korea beside our closest measure (percent).

    Columns: published (measure and source), year, published_value, ours (our measure), our_year,
    our_value, basis. Our direct share counts all WIOD exports; our indirect measure is the first-round
    SME supply to large exporters (gross); our total is a value-added share (a different basis).
    """
    rows = []
    for pid_d, pid_i, pid_t in (("KOR-EXP-2003", "KOR-EXPIND-2003", "KOR-EXPINCL-2003"),
                                ("KOR-EXP-2008", "KOR-EXPIND-2008", "KOR-EXPINCL-2008")):
        (d, y), (i, _), (t, _) = (published_value(p) for p in (pid_d, pid_i, pid_t))
        rows += [
            ("Direct exports, % of exports (KITA 2010)", y, d, "SME exporters' share of gross exports", y,
             pct(value_at("sme_direct_export_share", "KOR", y, results=results)), "gross exports"),
            ("Indirect exports through large firms, % of exports (KITA 2010)", y, i,
             "First-round SME supply to large exporters, % of gross exports", y,
             ratio_at("sme_first_round_supply_large_exports", "exports", "KOR", y, results), "gross output"),
            ("Direct plus indirect, % of exports (KITA 2010)", y, t,
             "SME share of domestic value added in exports", y,
             pct(value_at("sme_share_dva_exports", "KOR", y, results=results)), "value added"),
        ]
    v, y = published_value("KOR-INDINP-2015")
    r = load(results)
    last = int(r[(r.country == "KOR") & (r.indicator == "sme_share_domestic_inputs_exports")].year.max())
    rows.append(("SME share of domestic inputs into exports (KITA 2017)", y, v,
                 "SME share of domestic inputs into exports (latest year)", last,
                 pct(value_at("sme_share_domestic_inputs_exports", "KOR", last, results=results)),
                 "gross output"))
    return pd.DataFrame(rows, columns=["published", "year", "published_value", "ours", "our_year", "our_value",
                                       "basis"])


def kita_inputs_point() -> dict:
    """KITA's published SME share of the domestic inputs into Korea's exports: dict year, value (percent)."""
    v, y = published_value("KOR-INDINP-2015")
    return {"year": y, "value": v}


def published_comparison_table(results=None) -> MarkdownTable:
    """:func:`published_comparison` as a typeset table."""
    p = published_comparison(results)
    df = pd.DataFrame({
        "Published measure": p.published.map(md_text), "Year": p.year.astype(str),
        "Published (%)": p.published_value.map(lambda v: f"{v:.1f}"),
        "Our closest measure": p.ours.map(md_text), "Our year": p.our_year.astype(str),
        "Ours (%)": p.our_value.map(lambda v: f"{v:.1f}"), "Basis of ours": p.basis})
    return MarkdownTable(df, caption="Published estimates of Korean SMEs' indirect exports beside our closest "
                                     "measures (central shares)",
                         name="tbl-indirect-published", widths=[25, 7, 9, 26, 7, 8, 18])


# ---------------------------------------------------------------------------------------------- the KIEP study

@dataclass(frozen=True)
class Claim:
    """One finding of the KIEP study and the result of ours that bears on it."""

    claim: str
    country: str
    indicator: str
    y0: int
    y1: int
    expect: str            # 'rise', 'fall' or 'flat' (for sda_* indicators: the sign of the part)
    why: str
    scenario: str = "central"


_CALIBRATED = ("Our direct channel is calibrated to the published direct export shares, so it follows them by "
               "construction; it measures SME value added leaving through SME exporters, not gross exports.")
KIEP_CLAIMS: tuple[Claim, ...] = (
    Claim("SMEs' direct export share fell in the 2000s", "KOR", "sme_direct_share_dva_exports", *KIEP_PERIOD,
          "fall", _CALIBRATED),
    Claim("SMEs' direct export share fell in the 2000s", "TWN", "sme_direct_share_dva_exports", *KIEP_PERIOD,
          "fall", _CALIBRATED + " Taiwan's published share (zero-rated sales) fell only a little."),
    Claim("Taiwan SMEs' indirect export share rose sharply", "TWN", "sme_indirect_share_dva_exports",
          *KIEP_PERIOD, "rise",
          "Taiwan's industry shares are spread from two published aggregates (sales and exports), so the "
          "indirect channel moves mostly with the published SME sales share and WIOD's input structure; "
          "no published Taiwanese figure pins it down."),
    Claim("Korea SMEs' indirect export share barely changed", "KOR", "sme_indirect_share_dva_exports",
          *KIEP_PERIOD, "flat",
          "Korea's SME output shares are carried from the last published benchmark (2003) while the published "
          "direct export share falls, so under proportionality more SME output reaches large exporters. "
          "Published SME exports are by exporting firm, WIOD exports by producing industry."),
    Claim("Taiwan SMEs' total export share rose", "TWN", "sme_share_dva_exports", *KIEP_PERIOD, "rise",
          "The total is the sum of the two channels above and inherits their assumptions."),
    Claim("Korea SMEs' total export share fell", "KOR", "sme_share_dva_exports", *KIEP_PERIOD, "fall",
          "Over 2000-2010 the fall of the direct channel is offset by the rise of the indirect channel in our "
          "model."),
    Claim("Korea SMEs' total export share fell", "KOR", "sme_share_dva_exports", FIRST_YEAR, LAST_YEAR, "fall",
          "With the pre-2011 SME coverage kept throughout; with the definition in force each year the total "
          "drops in 2011, when mid-sized firms leave the SME count.", "kor_consistent_definition"),
    Claim("Taiwan's growing large firms drew SMEs in as suppliers of export inputs", "TWN", "sda_input_structure",
          FIRST_YEAR, LAST_YEAR, "rise",
          "The input-structure part of the decomposition captures shifts in exporters' sourcing between "
          "industries and between domestic and imported inputs; under proportionality it cannot see a shift "
          "towards SME suppliers within an industry."),
    Claim("Korea's vertically integrated large firms did not deepen their links with SMEs", "KOR",
          "sda_input_structure", FIRST_YEAR, LAST_YEAR, "flat",
          "As above; pre-2011 SME coverage kept throughout. Vertical integration within business groups is "
          "invisible in an industry-level table.", "kor_consistent_definition"),
)


def verdict(change_pp: float, expect: str, material: float = MATERIAL_PP) -> str:
    """'yes', 'partly' or 'no': does a change (percentage points) bear out an expected rise, fall or
    no change? A change smaller than ``material`` points counts as no change; a change in the expected
    direction but smaller than ``material`` is 'partly'."""
    if expect == "flat":
        return "yes" if abs(change_pp) < material else "no"
    sign = 1.0 if expect == "rise" else -1.0 if expect == "fall" else None
    if sign is None:
        raise ValueError(f"expect must be 'rise', 'fall' or 'flat', got {expect!r}")
    s = sign * change_pp
    return "yes" if s >= material else "partly" if s > 0 else "no"


def kiep_comparison(results=None, claims=KIEP_CLAIMS) -> pd.DataFrame:
    """One row per claim of the KIEP study: claim, country, ours (text with our numbers), agree, why,
    and the numbers behind ``ours``: indicator, scenario, y0, y1, start, end (percent; NaN for
    decomposition rows), change (percentage points), low1/high1 (5-95% range in y1, central only)."""
    rows = []
    for c in claims:
        if c.indicator.startswith("sda_"):
            part = pct(sda_value(c.indicator, c.country, c.y0, c.y1, c.scenario, results))
            total = pct(sda_value("sda_total", c.country, c.y0, c.y1, c.scenario, results))
            start = end = lo = hi = np.nan
            change = part
            ours = (f"input structure: {part:+.2f} points of a {total:+.2f}-point change in the indirect share, "
                    f"{c.y0}-{c.y1}")
        else:
            ch = change_between(c.indicator, c.country, c.y0, c.y1, scenario=c.scenario, results=results)
            start, end, change = pct(ch["start"]), pct(ch["end"]), pct(ch["change"])
            ours = f"{start:.1f}% ({c.y0}) to {end:.1f}% ({c.y1}), {change:+.1f} points"
            lo = hi = np.nan
            if c.scenario == "central":
                lo = pct(value_at(c.indicator, c.country, c.y1, results=results, column="low"))
                hi = pct(value_at(c.indicator, c.country, c.y1, results=results, column="high"))
                ours += f"; 5-95% range {c.y1}: {lo:.1f}-{hi:.1f}%"
        rows.append({"claim": c.claim, "country": c.country, "ours": ours, "agree": verdict(change, c.expect),
                     "why": c.why, "indicator": c.indicator, "scenario": c.scenario, "y0": c.y0, "y1": c.y1,
                     "start": start, "end": end, "change": change, "low1": lo, "high1": hi})
    return pd.DataFrame(rows)


def kiep_comparison_table(results=None) -> MarkdownTable:
    """:func:`kiep_comparison` as a typeset table."""
    k = kiep_comparison(results)
    df = pd.DataFrame({"Claim of the KIEP study": k.claim.map(md_text), "Economy": k.country,
                       "What our results show": k.ours.map(md_text), "Agree?": k.agree,
                       "Why they may differ": k.why.map(md_text)})
    return MarkdownTable(df, caption="The KIEP study's findings and what our estimates show",
                         name="tbl-kiep-comparison", widths=[19, 9, 27, 9, 36])


def comparison_numbers(results=None) -> dict[str, float]:
    """Numbers of :func:`published_comparison` and :func:`kiep_comparison` for the text (percent):
    ``ours_<direct_gross|first_round|total>_kor_<2003|2008>``, ``ours_inputs_kor_last`` (+ ``_year``),
    ``material_pp``, ``kiep_n`` and ``kiep_<yes|partly|no>`` (counts of claims by verdict)."""
    out: dict[str, float] = {}
    p = published_comparison(results)
    for y in KITA_YEARS:
        out[f"ours_direct_gross_kor_{y}"] = num(pct(value_at("sme_direct_export_share", "KOR", y, results=results)))
        out[f"ours_first_round_kor_{y}"] = num(ratio_at("sme_first_round_supply_large_exports", "exports", "KOR", y,
                                                        results))
        out[f"ours_total_kor_{y}"] = num(pct(value_at("sme_share_dva_exports", "KOR", y, results=results)))
    last = p.iloc[-1]
    out["ours_inputs_kor_last"], out["ours_inputs_kor_last_year"] = num(last.our_value), int(last.our_year)
    out["material_pp"] = num(MATERIAL_PP)
    k = kiep_comparison(results)
    out["kiep_n"] = len(k)
    for v in ("yes", "partly", "no"):
        out[f"kiep_{v}"] = int((k.agree == v).sum())
    return out


# ---------------------------------------------------------------------------------------------- sensitivity

def sensitivity_table(indicator: str = "sme_indirect_share_dva_exports", years=(FIRST_YEAR, PRE_BREAK, LAST_YEAR),
                      results=None) -> pd.DataFrame:
    """``indicator`` (percent) in ``years`` under every scenario that has national rows, with the changes
    from the first year (percentage points). Index (economy, scenario label)."""
    r = load(results)
    rows = []
    for c in ECONOMIES:
        for s, label in SCENARIO_LABELS.items():
            sel = r[(r.indicator == indicator) & (r.scenario == s) & (r.country == c) & (r.industry == "")
                    & r.year.isin(years)].set_index("year").value
            if len(sel) != len(years):
                continue
            row = {"economy": c, "scenario": label}
            row.update({f"{y} (%)": pct(sel[y]) for y in years})
            row.update({f"change {years[0]}-{y} (points)": pct(sel[y] - sel[years[0]]) for y in years[1:]})
            rows.append(row)
    return pd.DataFrame(rows).set_index(["economy", "scenario"]).round(2)


def sensitivity_numbers(results=None) -> dict[str, float]:
    """Smallest and largest change (points) of the indirect and total shares over 2000-2010 and 2000-2014
    across the scenarios of :func:`sensitivity_table`, and the range of the 2014 levels, per economy:
    sens_<d|lvl>_<channel>_<iso>_<period|2014>_<min|max>."""
    out: dict[str, float] = {}
    for ch in ("indirect", "total"):
        t = sensitivity_table(CHANNELS[ch], results=results)
        for c in ECONOMIES:
            k, sub = c.lower(), t.loc[c]
            for col, tag in ((f"change {FIRST_YEAR}-{PRE_BREAK} (points)", f"d_{ch}_{k}_{FIRST_YEAR}_{PRE_BREAK}"),
                             (f"change {FIRST_YEAR}-{LAST_YEAR} (points)", f"d_{ch}_{k}_{FIRST_YEAR}_{LAST_YEAR}"),
                             (f"{LAST_YEAR} (%)", f"lvl_{ch}_{k}_{LAST_YEAR}")):
                out[f"sens_{tag}_min"], out[f"sens_{tag}_max"] = num(sub[col].min()), num(sub[col].max())
    return out


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from the headline, the published figures, the
    comparisons, the scenarios, the sourcing measures of :mod:`smegvc.report.why` and the method parameters."""
    return pick({**headline_numbers(results), **published_numbers(), **comparison_numbers(results),
                 **sensitivity_numbers(results), **why_numbers(results), **method_numbers()}, KEYS,
                "indirect-exports")
