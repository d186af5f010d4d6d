"""Chapter "Executive summary" (book/executive-summary.ipynb), the first chapter of the site and of the PDF,
and the numbers the landing page (book/index.md) repeats from it.

    headline_numbers()            the four headline levels with their intervals, the years and the interval level
    headline_figure()             the one chart: the headline levels with their intervals, both economies
    findings_brief(lang)          every finding in one line: id, title, strength, chapter
    findings_markdown(lang)       every finding of the registry (smegvc.report.findings), numbers filled in
    recommendations_markdown(lang) every recommendation with the findings it rests on and its strength
    numbers()                     exactly the glue keys this chapter quotes (:data:`KEYS`)

Levels are percent of the domestic value added in gross exports; intervals are the 5th-95th percentiles of
the engine's Monte Carlo draws (smegvc.engine.uncertainty.QUANTILES), i.e. 90% intervals.
"""
from __future__ import annotations

from smegvc.engine.uncertainty import QUANTILES
from smegvc.report import charts, findings
from smegvc.report.escape import Markdown
from smegvc.report.findings_i18n import LABELS, title_of
from smegvc.report.query import pick
from smegvc.scope import FIRST_YEAR, KOR_BREAK_YEAR, LAST_YEAR

__all__ = ["KEYS", "findings_brief", "findings_markdown", "headline_figure", "headline_numbers", "numbers",
           "recommendations_markdown"]

KEYS = (   # the glue keys book/executive-summary.ipynb quotes
    "first_year", "indirect_kor_cons_2014", "indirect_kor_cons_2014_high", "indirect_kor_cons_2014_low",
    "indirect_twn_2014", "indirect_twn_2014_high", "indirect_twn_2014_low", "interval_level", "korea_break_year", "last_year",
    "min_sme_cases", "total_kor_2014", "total_kor_cons_2014", "total_kor_cons_2014_high", "total_kor_cons_2014_low",
    "total_twn_2014", "total_twn_2014_high", "total_twn_2014_low",
)
# The headline levels (keys of smegvc.report.findings.numbers, each with _low and _high). Korea's are on the
# consistent definition (the pre-2011 SME coverage kept, scenario kor_consistent_definition), the one every Korean
# trend and level of the report is read on (issue 11); its value under the definition in force (VARIANT) is
# shown only as a labelled variant.
HEADLINE = ("total_kor_cons_2014", "total_twn_2014", "indirect_kor_cons_2014", "indirect_twn_2014")
HEADLINE_SCENARIO = {"total_kor_cons_2014": "kor_consistent_definition", "total_twn_2014": "central",
                     "indirect_kor_cons_2014": "kor_consistent_definition", "indirect_twn_2014": "central"}
VARIANT = {"total_kor_2014": "central"}   # Korea under the definition in force: labelled where quoted


def headline_numbers(results=None) -> dict[str, float]:
    """The headline levels and intervals (percent; :data:`HEADLINE`, Korea on the consistent definition), Korea's
    total under the definition in force (:data:`VARIANT`), the study's first and last years, the year Korea's SME definition changed, the interval level
    (percent), the number of findings and recommendations and the strength rule's threshold of SME cases."""
    nums = findings.numbers(results)
    out: dict[str, float] = {}
    for k in HEADLINE:
        for suffix in ("", "_low", "_high"):
            out[k + suffix] = nums[k + suffix]
    for k in VARIANT:
        out[k] = nums[k]
    out.update({"first_year": int(FIRST_YEAR), "last_year": int(LAST_YEAR), "korea_break_year": int(KOR_BREAK_YEAR),
                "interval_level": int(round(100 * (QUANTILES[1] - QUANTILES[0]))),
                "min_sme_cases": int(findings.MIN_SME_CASES),
                "n_findings": len(findings.findings(results)),
                "n_recommendations": len(findings.recommendations(results))})
    return out


def headline_figure(results=None):
    """(figure, data): the four headline levels with their intervals (:func:`smegvc.report.charts.headline_bars`),
    Korea on the consistent definition."""
    return charts.headline_bars(findings.numbers(results), LAST_YEAR, korea="kor_cons")


def findings_markdown(lang: str = "en", results=None):
    """Every finding, rendered by :func:`smegvc.report.findings.render_findings`, for display as Markdown."""
    return findings.findings_markdown(lang=lang, results=results)


def findings_brief(lang: str = "en", results=None):
    """Every finding of the registry in one line: id, title and the strength of its evidence, linked to the
    chapter that argues it (the full wording is in the summary chapter)."""
    w = LABELS[lang]
    lines = [f"- **{f.id}** {title_of(f.id, f.title, lang)} ({w['evidence']}: {w[f.strength]}; {{doc}}`{f.chapter}`)"
             for f in findings.findings(results)]
    return Markdown("\n".join(lines) + "\n")


def recommendations_markdown(lang: str = "en", results=None):
    """Every recommendation, rendered by :func:`smegvc.report.findings.render_recommendations`."""
    return findings.recommendations_markdown(lang=lang, results=results)


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`)."""
    return pick(headline_numbers(results), KEYS, "executive-summary")
