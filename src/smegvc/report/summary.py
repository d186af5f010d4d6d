"""Chapter "Summary" (book/summary.ipynb): the headline result and the numbers the summary quotes from every
chapter.

    headline_series(), headline_table()   the headline shares, Korea on the consistent definition (from
                                          :mod:`smegvc.report.headline`), Korea's total in force as a variant
    key_findings()                        the findings, from the registry (:mod:`smegvc.report.findings`)
    numbers()                             exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import pandas as pd

from smegvc.report import headline
from smegvc.report.appendix_data import method_numbers, status_numbers, status_spans
from smegvc.report.findings import MIN_SME_CASES, findings_markdown
from smegvc.report.query import pick
from smegvc.scope import FIRST_YEAR, KOR_BREAK_YEAR, LAST_YEAR

__all__ = ["KEYS", "MAIN_SCENARIO", "headline_series", "headline_table", "key_findings", "numbers"]

KEYS = (   # the glue keys book/summary.ipynb quotes
    "first_year", "interval_level", "korea_break_year", "last_year", "min_sme_cases",
    "assumed_exports_kor", "assumed_exports_twn", "derived_years_kor", "derived_years_twn", "n_industries",
    "n_years",
)


# The scenario each economy's headline series is read on: Korea's pre-2011 SME coverage kept throughout (the
# consistent definition, issue 11), Taiwan's central scenario. Korea under the definition in force is a variant.
MAIN_SCENARIO = {"KOR": "kor_consistent_definition", "TWN": "central"}


def headline_series(results=None):
    """country, year, channel, value, low, high (percent), scenario: each economy on :data:`MAIN_SCENARIO`, plus
    Korea's total under the definition in force (scenario "central", the labelled variant)."""
    parts = [headline.headline_series(sc, results).query("country == @c").assign(scenario=sc)
             for c, sc in MAIN_SCENARIO.items()]
    variant = headline.headline_series("central", results)
    parts.append(variant[(variant.country == "KOR") & (variant.channel == "total")].assign(scenario="central"))
    return pd.concat(parts, ignore_index=True)


def headline_table(results=None):
    """The headline shares (percent) at four years, Korea on the consistent definition: index (economy, year)."""
    parts = []
    for c, sc in MAIN_SCENARIO.items():
        t = headline.headline_table(scenario=sc, results=results)
        t = t[t.index.get_level_values("economy") == c]
        label = f"{c}, consistent definition" if sc == "kor_consistent_definition" else c
        t.index = pd.MultiIndex.from_tuples([(label, y) for _, y in t.index], names=["economy", "year"])
        parts.append(t)
    return pd.concat(parts)


def key_findings():
    """The report's findings (all of them, numbered as in the registry), as Markdown for the chapter."""
    return findings_markdown()


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`): the share-status figures, the method's dimensions and the
    strength rule's threshold of SME cases (:data:`smegvc.report.findings.MIN_SME_CASES`), the study's years and
    the year Korea's SME definition changed."""
    years = {"first_year": int(FIRST_YEAR), "last_year": int(LAST_YEAR), "korea_break_year": int(KOR_BREAK_YEAR)}
    return pick({**status_numbers(), **status_spans(), **method_numbers(), "min_sme_cases": int(MIN_SME_CASES),
                 **years}, KEYS, "summary")
