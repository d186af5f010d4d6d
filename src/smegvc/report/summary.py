"""Chapter "Summary" (book/summary.ipynb): the headline result and the numbers the summary quotes from every
chapter.

    headline_series(), headline_table()   from :mod:`smegvc.report.headline`
    numbers()                             exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

from smegvc.report.appendix_data import method_numbers, status_numbers, status_spans
from smegvc.report.direct import published_numbers
from smegvc.report.headline import headline_numbers, headline_series, headline_table
from smegvc.report.indirect import comparison_numbers, sensitivity_numbers
from smegvc.report.phone import phone_numbers
from smegvc.report.query import pick
from smegvc.report.why import why_numbers

__all__ = ["KEYS", "headline_series", "headline_table", "numbers"]

KEYS = (   # the glue keys book/summary.ipynb quotes
    "assumed_exports_kor", "assumed_exports_twn", "china_kor_2000", "china_kor_2011", "china_twn_2000",
    "china_twn_2011", "derived_years_kor", "derived_years_twn", "dindirect_kor_2000_2010", "dindirect_twn_2000_2010",
    "direct_kor_2014", "direct_twn_2014", "dtotal_kor_2000_2010", "dtotal_twn_2000_2010", "dva_c26_kor_2014",
    "dva_c26_twn_2014", "indirect_kor_2014", "indirect_twn_2014", "kiep_n", "kiep_no", "kiep_partly", "kiep_yes",
    "n_industries", "n_years", "pub_kor_2001", "pub_kor_2009", "pub_kor_2011", "pub_kor_mid_2012", "pub_twn_2003",
    "pub_twn_2010", "pub_twn_2019", "sda_input_twn_2000_2014", "sda_size_twn_2000_2014",
    "sens_d_indirect_kor_2000_2010_max", "sens_d_indirect_kor_2000_2010_min", "sens_d_indirect_twn_2000_2010_max",
    "sens_d_indirect_twn_2000_2010_min", "sens_d_total_kor_2000_2010_max", "sens_d_total_kor_2000_2010_min",
    "sens_d_total_twn_2000_2010_max", "sens_d_total_twn_2000_2010_min", "total_kor_2000", "total_kor_2014",
    "total_kor_2014_high", "total_kor_2014_low", "total_kor_cons_2014", "total_twn_2014", "total_twn_2014_high",
    "total_twn_2014_low",
)


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from the headline and the numbers of every chapter that
    the summary quotes."""
    return pick({**headline_numbers(results), **status_numbers(), **status_spans(), **published_numbers(),
                 **comparison_numbers(results), **why_numbers(results), **phone_numbers(results),
                 **sensitivity_numbers(results), **method_numbers()}, KEYS, "summary")
