"""Chapter "Summary" (book/summary.ipynb): the headline result and the numbers the summary quotes from every
chapter.

    headline_series(), headline_table()   from :mod:`smegvc.report.headline`
    key_findings()                        the findings, from the registry (:mod:`smegvc.report.findings`)
    numbers()                             exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

from smegvc.report.appendix_data import method_numbers, status_numbers, status_spans
from smegvc.report.findings import MIN_SME_CASES, findings_markdown
from smegvc.report.headline import headline_series, headline_table
from smegvc.report.query import pick

__all__ = ["KEYS", "headline_series", "headline_table", "key_findings", "numbers"]

KEYS = (   # the glue keys book/summary.ipynb quotes
    "interval_level", "min_sme_cases",
    "assumed_exports_kor", "assumed_exports_twn", "derived_years_kor", "derived_years_twn", "n_industries",
    "n_years",
)


def key_findings():
    """The report's findings (all of them, numbered as in the registry), as Markdown for the chapter."""
    return findings_markdown()


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`): the share-status figures, the method's dimensions and the
    strength rule's threshold of SME cases (:data:`smegvc.report.findings.MIN_SME_CASES`)."""
    return pick({**status_numbers(), **status_spans(), **method_numbers(), "min_sme_cases": int(MIN_SME_CASES)},
                KEYS, "summary")
