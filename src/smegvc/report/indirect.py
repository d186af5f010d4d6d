"""Chapter "Indirect exports" (book/indirect-exports.ipynb): the SME share of exported domestic value added by
channel, gross measures of indirect exports, the scenarios, and the comparison with the KIEP study and with
KITA's published estimates (percent; changes in percentage points).

    headline_series(), headline_table()      from :mod:`smegvc.report.headline`
    sourcing_series()                        from :mod:`smegvc.report.why` (gross measures)
    kita_inputs_point()                      KITA's published SME share of the domestic inputs into exports
    published_comparison(), published_comparison_table()   KITA's estimates beside our closest measures
    kita_matched(), kita_matched_table()     ... and beside our measures on matched bases (:mod:`.kita_views`)
    verdicts(), verdict_table(), verdict_sentences_md()   the KIEP study's claims, judged by one rule (one call)
    change_markdown()                        changes with intervals, tables alone, shares alone, benchmark sets
    sensitivity_table(indicator)             an indicator under every scenario, levels and changes
    comparison_numbers(), sensitivity_numbers()   glue numbers of the comparisons and the scenarios
    numbers()                                exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import pandas as pd

from smegvc.report.appendix_data import method_numbers
from smegvc.report.change_views import (change_markdown, change_numbers, verdict_numbers, verdict_sentences_md,
                                        verdict_table, verdicts)
from smegvc.report.direct import published_numbers
from smegvc.report.headline import headline_numbers, headline_series, headline_table
from smegvc.report.kita_views import kita_matched, kita_matched_numbers, kita_matched_table
from smegvc.report.query import CHANNELS, SCENARIO_LABELS, load, num, pct, pick, published_value, value_at
from smegvc.report.tables import MarkdownTable, md_text
from smegvc.report.why import sourcing_series, why_numbers
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK

__all__ = ["KEYS", "change_markdown", "comparison_numbers", "headline_series", "headline_table", "kita_inputs_point",
           "kita_matched", "kita_matched_table",
           "numbers", "published_comparison", "published_comparison_table", "sensitivity_numbers", "sensitivity_table",
           "sourcing_series", "verdict_sentences_md", "verdict_table", "verdicts"]

KEYS = (   # the glue keys book/indirect-exports.ipynb quotes
    "interval_level",
    "all_rounds_kor_2000", "all_rounds_kor_2014", "all_rounds_twn_2000", "all_rounds_twn_2014",
    "chg_total_kor_2000_2010_high", "chg_total_kor_2000_2010_low", "chg_total_kor_2000_2010_sets_high",
    "chg_total_kor_2000_2010_sets_low", "chg_total_twn_2000_2010_high", "chg_total_twn_2000_2010_low",
    "chg_total_twn_2000_2010_sets_high", "chg_total_twn_2000_2010_sets_low", "ddirect_kor_2000_2010",
    "ddirect_kor_2010_2011", "dindirect_kor_2000_2010", "dindirect_kor_2010_2011", "direct_kor_2000",
    "direct_twn_2000", "direct_twn_2014", "domestic_inputs_kor_2014", "indirect_kor_2000",
    "indirect_kor_cons_2014", "indirect_twn_2000", "indirect_twn_2010", "indirect_twn_2014",
    "io_indirect_kor_2000_2010", "io_indirect_twn_2000_2010", "io_total_kor_2000_2010",
    "io_total_kor_2000_2010_high", "io_total_kor_2000_2010_low", "io_total_twn_2000_2010",
    "io_total_twn_2000_2010_high", "io_total_twn_2000_2010_low", "kita_direct_2003", "kita_direct_2008",
    "kita_indirect_2003", "kita_indirect_2008", "kita_inputs_2015", "kita_total_2003", "kita_total_2008",
    "kitam_growth_from", "kitam_growth_to", "kitam_growth_usd", "kitam_growth_won", "kitam_growth_won_consistent",
    "kitam_indirect_2003", "kitam_indirect_2008", "kitam_inputs_last", "kitam_pub_growth", "kitam_pub_growth_to",
    "kitam_total_2003", "kitam_total_2008", "kitam_year_a", "kitam_year_b",
    "linkage_odds", "n_draws", "n_industries", "ours_direct_gross_kor_2003", "ours_direct_gross_kor_2008",
    "ours_first_round_kor_2003", "ours_first_round_kor_2008", "ours_inputs_kor_last", "ours_inputs_kor_last_year",
    "ours_total_kor_2003", "ours_total_kor_2008", "sens_lvl_total_kor_2014_max", "sens_lvl_total_kor_2014_min",
    "sens_lvl_total_twn_2014_max", "sens_lvl_total_twn_2014_min", "sh_total_kor_2000_2010",
    "sh_total_kor_2000_2010_high", "sh_total_kor_2000_2010_low", "sh_total_twn_2000_2010",
    "sh_total_twn_2000_2010_high", "sh_total_twn_2000_2010_low", "total_kor_2000", "total_kor_2000_high",
    "total_kor_2000_low", "total_kor_2010", "total_kor_cons_2014", "total_twn_2000", "total_twn_2000_high",
    "total_twn_2000_low", "total_twn_2010", "total_twn_2014", "va_ratio", "via_large_of_sme_kor_2000",
    "via_large_of_sme_kor_2010", "via_large_of_sme_kor_2014", "via_large_of_sme_twn_2000",
    "via_large_of_sme_twn_2010", "via_large_of_sme_twn_2014",
)

KITA_YEARS = (2003, 2008)  # the years of KITA's published direct / indirect / total estimates for Korea


# ---------------------------------------------------------------------------------------------- KITA's estimates

def published_comparison(results=None) -> pd.DataFrame:
    """KITA's published estimates for Korea beside our closest measure (percent).

    Columns: published (measure and source), year, published_value, ours (our measure), our_year,
    our_value, basis. Our direct share counts all WIOD exports; our indirect measure is the first-round
    SME sales to large exporters (gross) and our total the direct share plus that: KITA's bases (first round,
    gross), though ours count every industry's sales, goods and services, in US dollars.
    """
    rows = []
    for pid_d, pid_i, pid_t in (("KOR-EXP-2003", "KOR-EXPIND-2003", "KOR-EXPINCL-2003"),
                                ("KOR-EXP-2008", "KOR-EXPIND-2008", "KOR-EXPINCL-2008")):
        (d, y), (i, _), (t, _) = (published_value(p) for p in (pid_d, pid_i, pid_t))
        rows += [
            ("Direct exports, % of exports (KITA 2010)", y, d, "SME exporters' share of gross exports", y,
             pct(value_at("sme_direct_export_share", "KOR", y, results=results)), "gross exports"),
            ("Indirect exports through large firms, % of exports (KITA 2010)", y, i,
             "First-round SME sales to large exporters, % of gross exports", y,
             pct(value_at("sme_indirect_export_share_gross_first", "KOR", y, results=results)),
             "gross, first round (all industries)"),
            ("Direct plus indirect, % of exports (KITA 2010)", y, t,
             "SME direct exports plus first-round sales to large exporters, % of gross exports", y,
             pct(value_at("sme_total_export_share_gross_first", "KOR", y, results=results)),
             "gross, first round (all industries)"),
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
# The claims, the rule and the verdicts live in smegvc.engine.verdicts (data/results/verdicts.csv); the table,
# the tally and the sentences shown here come from one call (smegvc.report.change_views.verdicts).


def comparison_numbers(results=None) -> dict[str, float]:
    """Numbers of :func:`published_comparison` and of the KIEP verdicts for the text (percent):
    ``ours_<direct_gross|first_round|total>_kor_<2003|2008>`` (total: direct plus first-round sales, gross),
    ``ours_inputs_kor_last`` (+ ``_year``), ``kiep_n`` and ``kiep_<verdict>`` (counts of claims by verdict)."""
    out: dict[str, float] = {}
    p = published_comparison(results)
    for y in KITA_YEARS:
        out[f"ours_direct_gross_kor_{y}"] = num(pct(value_at("sme_direct_export_share", "KOR", y, results=results)))
        out[f"ours_first_round_kor_{y}"] = num(pct(value_at("sme_indirect_export_share_gross_first", "KOR", y,
                                                            results=results)))
        out[f"ours_total_kor_{y}"] = num(pct(value_at("sme_total_export_share_gross_first", "KOR", y,
                                                      results=results)))
    last = p.iloc[-1]
    out["ours_inputs_kor_last"], out["ours_inputs_kor_last_year"] = num(last.our_value), int(last.our_year)
    out.update(verdict_numbers())
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
                 **sensitivity_numbers(results), **why_numbers(results), **method_numbers(), **change_numbers(),
                 **kita_matched_numbers()}, KEYS,
                "indirect-exports")
