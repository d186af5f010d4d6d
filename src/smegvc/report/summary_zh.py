"""Chapter "Traditional Chinese summary (中文摘要)" (book/summary-zh.ipynb): the executive summary for a ministry reader in
language "zh-Hant", with the same glued numbers and the same registry of findings and recommendations
(:mod:`smegvc.report.findings`, translations in :mod:`smegvc.report.findings_i18n`).

    findings_markdown(), recommendations_markdown(), headline_figure()   as in :mod:`smegvc.report.executive_summary`
    numbers()    exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

from smegvc.report import executive_summary
from smegvc.report.query import pick

__all__ = ["KEYS", "LANG", "findings_markdown", "headline_figure", "numbers", "recommendations_markdown"]

LANG = "zh-Hant"
KEYS = (   # the glue keys book/summary-zh.ipynb quotes
    "first_year", "indirect_kor_cons_2014", "indirect_kor_cons_2014_high", "indirect_kor_cons_2014_low",
    "indirect_twn_2014", "indirect_twn_2014_high", "indirect_twn_2014_low", "interval_level", "korea_break_year", "last_year",
    "min_sme_cases", "total_kor_2014", "total_kor_cons_2014", "total_kor_cons_2014_high", "total_kor_cons_2014_low",
    "total_twn_2014", "total_twn_2014_high", "total_twn_2014_low",
)


def findings_markdown(results=None):
    return executive_summary.findings_markdown(LANG, results)


def recommendations_markdown(results=None):
    return executive_summary.recommendations_markdown(LANG, results)


def headline_figure(results=None):
    return executive_summary.headline_figure(results)


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`)."""
    return pick(executive_summary.headline_numbers(results), KEYS, "summary-zh")
