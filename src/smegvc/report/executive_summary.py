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
from smegvc.scope import FIRST_YEAR, LAST_YEAR

__all__ = ["KEYS", "findings_brief", "findings_markdown", "headline_figure", "headline_numbers", "numbers",
           "recommendations_markdown"]

KEYS = (   # the glue keys book/executive-summary.ipynb quotes
    "first_year", "indirect_kor_2014", "indirect_kor_2014_high", "indirect_kor_2014_low", "indirect_twn_2014",
    "indirect_twn_2014_high", "indirect_twn_2014_low", "interval_level", "last_year", "min_sme_cases", "total_kor_2014", "total_kor_2014_high", "total_kor_2014_low", "total_twn_2014",
    "total_twn_2014_high", "total_twn_2014_low",
)
# The headline levels (keys of smegvc.report.findings.numbers, each with _low and _high).
HEADLINE = ("total_kor_2014", "total_twn_2014", "indirect_kor_2014", "indirect_twn_2014")


def headline_numbers(results=None) -> dict[str, float]:
    """The headline levels and intervals (percent), the study's first and last years, the interval level
    (percent), the number of findings and recommendations and the strength rule's threshold of SME cases."""
    nums = findings.numbers(results)
    out: dict[str, float] = {}
    for k in HEADLINE:
        for suffix in ("", "_low", "_high"):
            out[k + suffix] = nums[k + suffix]
    out.update({"first_year": int(FIRST_YEAR), "last_year": int(LAST_YEAR),
                "interval_level": int(round(100 * (QUANTILES[1] - QUANTILES[0]))),
                "min_sme_cases": int(findings.MIN_SME_CASES),
                "n_findings": len(findings.findings(results)),
                "n_recommendations": len(findings.recommendations(results))})
    return out


def headline_figure(results=None):
    """(figure, data): the four headline levels with their intervals (:func:`smegvc.report.charts.headline_bars`)."""
    return charts.headline_bars(findings.numbers(results), LAST_YEAR)


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
