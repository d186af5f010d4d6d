"""Chapter "Case studies" (book/case-studies.ipynb): the case firms' sourced facts, their size at the time of
the events, their comparison matrix and the verdicts on the KIEP study's success factors. The rules and
tables are in :mod:`smegvc.report.case_views` (re-exported here), the data in :mod:`smegvc.evidence.cases`.

    load_cases()      facts, verdicts, firm sizes and the comparison matrix, as the chapter shows them
    case_numbers()    the counts the chapters quote (:func:`smegvc.report.case_views.case_counts`)
    grade_table, size_table, matrix_table, fact_table, rule_markdown, factor_summary, verdict_notes
                      the chapter's tables
    numbers()         exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import pandas as pd

from smegvc.evidence.cases import load_facts, load_firm_sizes, load_success_factors
from smegvc.report.case_views import (case_counts, case_matrix, fact_table, factor_summary, grade_table,
                                      matrix_table, rule_markdown, size_table, verdict_notes)
from smegvc.report.query import pick

__all__ = ["KEYS", "case_numbers", "fact_table", "factor_summary", "grade_table", "load_cases", "matrix_table",
           "numbers", "rule_markdown", "size_table", "verdict_notes"]

KEYS = (   # the glue keys book/case-studies.ipynb quotes
    "abroad_kor", "abroad_twn", "buyers_dom_kor", "buyers_dom_twn", "buyers_for_twn", "dom_only_kor",
    "foreign_buyers_contradicts_comp", "foreign_buyers_supports_comp", "foreign_buyers_supports_sme", "n_c_only",
    "n_comparators", "n_facts", "n_firms", "n_kor", "n_sme", "n_sme_kor", "n_sme_twn", "n_twn", "n_verdicts",
    "n_verify", "overseas_investment_contradicts_comp", "overseas_investment_supports_comp",
    "overseas_investment_supports_sme", "own_technology_contradicts_comp", "own_technology_supports_comp",
)


def load_cases() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(facts, verdicts, sizes, matrix): the sourced facts, the success-factor verdicts and the firm sizes,
    both checked against the facts, and one row per firm of :func:`smegvc.report.case_views.case_matrix`."""
    facts = load_facts()
    return (facts, load_success_factors(facts=facts), load_firm_sizes(facts=facts), case_matrix(facts))


def case_numbers() -> dict[str, int]:
    """The counts of :func:`smegvc.report.case_views.case_counts` on the committed case data."""
    facts, verdicts, sizes, matrix = load_cases()
    return case_counts(facts, matrix, verdicts, sizes)


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`). ``results`` is not used (the chapter quotes no result of
    the engine); it is accepted like every chapter's ``numbers``."""
    return pick(case_numbers(), KEYS, "case-studies")
