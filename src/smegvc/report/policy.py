"""Chapter "Policy" (book/policy.ipynb): the policy instruments of both governments and the numbers the
chapter's conclusions quote from every other chapter.

    load_instruments()               the SME and value-chain policy instruments (data/cases)
    instrument_area_counts, instrument_table   the chapter's tables (from :mod:`smegvc.report.case_views`)
    findings()                       the report's findings, from the registry (:mod:`smegvc.report.findings`)
    recommendations()                every recommendation with the findings it rests on, from the same registry
    recommendations_table()          the recommendations at a glance: findings, strength and instruments in place
    policy_numbers()                 the numbers only this chapter quotes (documented below)
    numbers()                        exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import pandas as pd

from smegvc.evidence.cases import load_policy_instruments as load_instruments
from smegvc.report import findings as registry
from smegvc.report.appendix_data import status_numbers
from smegvc.report.case_studies import case_numbers
from smegvc.report.case_views import instrument_area_counts, instrument_table, policy_counts
from smegvc.report.direct import modelled_direct_share, published_numbers
from smegvc.report.escape import Markdown
from smegvc.report.findings import findings_markdown, recommendations_markdown
from smegvc.report.headline import headline_numbers
from smegvc.report.indirect import sensitivity_numbers
from smegvc.report.phone import phone_numbers
from smegvc.report.query import change_between, level, num, pct, pick, value_at
from smegvc.report.tables import MarkdownTable
from smegvc.report.tiva_views import electronics_numbers
from smegvc.report.why import why_numbers
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK

__all__ = ["KEYS", "PUBLISHED_SCOPE", "findings", "instrument_area_counts", "instrument_table", "load_instruments", "numbers",
           "policy_numbers", "recommendations", "recommendations_table"]

KEYS = (   # the glue keys book/policy.ipynb quotes
    "abroad_kor", "abroad_twn", "assumed_exports_kor", "assumed_exports_twn", "china_kor_2000", "china_kor_2011",
    "china_twn_2000", "china_twn_2011", "chinava_kor_2000", "chinava_kor_2011", "chinava_twn_2000",
    "chinava_twn_2011", "ddva_c26_kor_2000_2014", "ddva_c26_twn_2000_2014", "dindirect_kor_2010_2011", "n_firms",
    "n_instruments", "n_instruments_kor", "n_instruments_twn", "n_kor", "n_twn", "n_years",
    "tiva_ddva_c26_kor_2014_2022", "tiva_dva_c26_kor_2014", "tiva_dva_c26_kor_2022", "tiva_dva_c26_twn_2014",
    "tiva_dva_c26_twn_2022", "tiva_dva_c26_vnm_2014", "tiva_dva_c26_vnm_2022", "tiva_exgr_c26_vnm_2014_bn",
    "tiva_exgr_c26_vnm_2022_bn", "tiva_last", "via_large_of_sme_kor_2000", "via_large_of_sme_kor_2010",
    "via_large_of_sme_kor_cons_2014", "via_large_of_sme_twn_2010",
)

# The scope of each economy's published direct export series: Korea's customs figures count goods,
# Taiwan's zero-rated sales all exports (see smegvc.report.direct.modelled_direct_share).
PUBLISHED_SCOPE = {"KOR": "goods", "TWN": "all"}


def findings():
    """The report's findings as in the summary (the registry), as Markdown for the chapter."""
    return findings_markdown()


def recommendations():
    """Every recommendation with the finding ids it rests on and its strength (the registry), as Markdown."""
    return recommendations_markdown()


# Per recommendation of the registry: a short title and the instruments each government has in place for it, as
# documented in the chapter's instrument tables (the findings and strength come from the registry).
AT_A_GLANCE = {
    "R1": ("Measure indirect exports by firm size", "none in our list", "none in our list"),
    "R2": ("Widen Korean suppliers' customer base", "KOTRA, export vouchers, champion programmes", "not assessed"),
    "R3": ("Share public research, fund long-horizon R&D", "SME technology-innovation R&D, World Class 300",
           "ITRI, 科技專案, SBIR"),
    "R4": ("Support buyer-following investment abroad (changed after 2014)", "KOTRA trade centres",
           "SME Credit Guarantee Fund"),
    "R5": ("Use foreign investment to create suppliers", "none in our list", "export processing zones"),
    "R6": ("Treat buyer and technology dependence as a risk", "none in our list", "none in our list"),
}


def recommendations_table(results=None):
    """The recommendations at a glance (a table without caption): each with the findings it rests on, their
    chapters and its strength (:mod:`smegvc.report.findings`), and the instruments in place (:data:`AT_A_GLANCE`)."""
    chapter = {f.id: f.chapter for f in registry.findings(results)}
    rows = []
    for r in registry.recommendations(results):
        title, kor, twn = AT_A_GLANCE[r.id]
        docs = ", ".join(f"{{doc}}`{c}`" for c in dict.fromkeys(chapter[i] for i in r.rests_on))
        rows.append({"Recommendation": f"{r.id[1:]}. {title}",
                     "Rests on": Markdown(f"{', '.join(r.rests_on)} ({r.strength}); {docs}"),
                     "Korea: instruments in place": kor, "Taiwan: instruments in place": twn})
    return MarkdownTable(pd.DataFrame(rows))


def policy_numbers(results=None) -> dict[str, float]:
    """Numbers the policy chapter quotes that no other chapter glues (percent, points):

    * ``direct_gross_<iso>_<year>`` (2000, 2010, 2014) and ``d_direct_gross_<iso>_<y0>_<y1>`` (2000-2010,
      2000-2014): the engine's SME direct export share in the scope of each economy's published series
      (:data:`PUBLISHED_SCOPE`), see :func:`smegvc.report.direct.modelled_direct_share`;
    * ``dependence_<iso>_<year>`` (+ ``_low``/``_high``; 2000, 2014) and ``ddependence_<iso>_2000_2014``:
      export dependence of SME value added, ``(vc o s)'Le / s'v``;
    * ``via_large_of_sme_kor_cons_2014``: the share of Korean SMEs' exported value added that leaves through
      large exporters in 2014 with the pre-2011 SME coverage kept.
    """
    out: dict[str, float] = {}
    m = modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    for c in ECONOMIES:
        k, scope = c.lower(), PUBLISHED_SCOPE[c]
        for y in (FIRST_YEAR, PRE_BREAK, LAST_YEAR):
            out[f"direct_gross_{k}_{y}"] = num(m[(c, scope, y)])
        for y0, y1 in ((FIRST_YEAR, PRE_BREAK), (FIRST_YEAR, LAST_YEAR)):
            out[f"d_direct_gross_{k}_{y0}_{y1}"] = num(m[(c, scope, y1)] - m[(c, scope, y0)])
        for y in (FIRST_YEAR, LAST_YEAR):
            level(out, f"dependence_{k}_{y}", "sme_export_dependence", c, y, results=results)
        out[f"ddependence_{k}_{FIRST_YEAR}_{LAST_YEAR}"] = num(pct(change_between(
            "sme_export_dependence", c, FIRST_YEAR, LAST_YEAR, results=results)["change"]))
    out["via_large_of_sme_kor_cons_2014"] = num(pct(value_at("sme_indirect_share_sme_va_exports", "KOR", LAST_YEAR,
                                                             "kor_consistent_definition", results=results)))
    return out


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from the headline and every chapter's numbers that the
    conclusions quote, :func:`policy_numbers`, and the counts of cases and instruments."""
    return pick({**headline_numbers(results), **status_numbers(), **published_numbers(), **why_numbers(results),
                 **phone_numbers(results), **sensitivity_numbers(results), **policy_numbers(results),
                 **case_numbers(), **policy_counts(load_instruments()), **electronics_numbers(results)}, KEYS,
                "policy")
