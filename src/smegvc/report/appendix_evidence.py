"""Appendix "Evidence" (book/appendix-evidence.ipynb): every case fact, value-chain figure and policy
instrument that cites a grade C source, and how the report uses it.

    load_evidence()               facts, verdicts, value-chain rows and policy instruments (data/cases)
    evidence_appendix_table, c_graded_rows_table   the appendix's tables (:mod:`smegvc.report.case_views`)
    numbers()                     exactly the glue keys this appendix quotes (:data:`KEYS`)
"""
from __future__ import annotations

from smegvc.evidence.cases import (load_facts, load_gvc_structure, load_policy_instruments,
                                   load_success_factors)
from smegvc.report.case_studies import case_numbers
from smegvc.report.case_views import c_graded_rows_table, evidence_appendix_table
from smegvc.report.query import pick

__all__ = ["KEYS", "c_graded_rows_table", "evidence_appendix_table", "load_evidence", "numbers"]

KEYS = ("n_c_only", "n_facts", "n_verify")   # the glue keys book/appendix-evidence.ipynb quotes


def load_evidence():
    """(facts, verdicts, gvc, policy): the case data the appendix lists."""
    facts = load_facts()
    return facts, load_success_factors(facts=facts), load_gvc_structure(), load_policy_instruments()


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the appendix (:data:`KEYS`); ``results`` is not used."""
    return pick(case_numbers(), KEYS, "appendix-evidence")
