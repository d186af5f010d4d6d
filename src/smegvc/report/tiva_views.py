"""OECD TiVA 2025 in the report: the WIOD-vs-TiVA validation (data appendix) and the electronics story to 2022
(phone chapter). The chapter modules :mod:`smegvc.report.phone` and :mod:`smegvc.report.appendix_data`
re-export what their notebooks call; the numbers for glue are in percent (levels), percentage points
(differences, changes) and billions of current US dollars (``*_bn``).

    comparison(results)            WIOD and TiVA domestic value-added shares, every overlapping year
    comparison_table(years)        the same for display (selected years)
    comparison_figure_data()       both sources, all their years, for the validation figure
    electronics_shares()           TiVA: DVA share and intermediate share of C26 gross exports, 6 economies,
                                   with the WIOD C26 DVA share of KOR and TWN beside it (source column)
    electronics_levels()           TiVA: DVA and FVA in C26 exports of KOR and TWN (USD billion)
    comparison_numbers(), electronics_numbers()    numbers for glue

Sources are never spliced: every frame carries a ``source`` column, and the figures mark where the WIOD
series end (2014).
"""
from __future__ import annotations

import pandas as pd

from smegvc.engine import tiva_compare as tc
from smegvc.io import tiva
from smegvc.report.query import load, num
from smegvc.scope import ECONOMIES, LAST_YEAR, TIVA_ECONOMIES, name

WIOD = "WIOD 2016 national tables"
TIVA = "OECD TiVA 2025"
ACTIVITY_LABELS = {"_T": "All activities", "C": "Manufacturing", "C26": "Computer, electronic and optical (C26)"}
TRADE_CONFLICT = 2018      # first US tariffs of the US-China trade conflict


def comparison(results=None) -> pd.DataFrame:
    """activity, economy, year, wiod, tiva (percent), difference (pp, WIOD minus TiVA), every year both
    sources cover (2000-2014), KOR and TWN."""
    return tc.comparison(tc.wiod_dva_shares(load(results), ECONOMIES),
                         tc.tiva_dva_shares(tiva.load_tiva(), ECONOMIES))


def comparison_table(years=(2000, 2005, 2010, 2014), results=None) -> pd.DataFrame:
    """:func:`comparison` in ``years``: index (measure, economy, year), columns WIOD (%), TiVA (%),
    difference (pp)."""
    c = comparison(results)
    c = c[c.year.isin(years)]
    out = pd.DataFrame({"measure": c.activity.map(ACTIVITY_LABELS), "economy": c.economy.map(name),
                        "year": c.year, "WIOD (%)": c.wiod, "TiVA (%)": c.tiva,
                        "difference (pp)": c.difference})
    return out.set_index(["measure", "economy", "year"]).round(1)


def comparison_figure_data(results=None) -> pd.DataFrame:
    """source, activity, economy, year, value (percent): WIOD 2000-2014 and TiVA 1995-2022, KOR and TWN."""
    w = tc.wiod_dva_shares(load(results), ECONOMIES).assign(source=WIOD)
    t = tc.tiva_dva_shares(tiva.load_tiva(), ECONOMIES).drop(columns="kind").assign(source=TIVA)
    return pd.concat([w, t], ignore_index=True)[["source", "activity", "economy", "year", "value"]]


def electronics_shares(results=None) -> pd.DataFrame:
    """source, measure, economy, year, value (percent of C26 gross exports): measure 'domestic value added'
    (TiVA for the six economies, 1995-2022; WIOD for KOR and TWN, 2000-2014) and 'intermediate exports'
    (TiVA EXGR_INT / EXGR)."""
    t = tc.tiva_dva_shares(tiva.load_tiva(), TIVA_ECONOMIES, activities=("C26",))
    dva = t.assign(source=TIVA, measure="domestic value added")
    lv = tiva.load_tiva()
    lv = lv[(lv.activity == "C26") & (lv.unit == tiva.USD) & lv.economy.isin(TIVA_ECONOMIES)]
    w = lv.pivot_table(index=["economy", "year"], columns="measure", values="value")
    it = (100 * w.EXGR_INT / w.EXGR).rename("value").reset_index().assign(source=TIVA, measure="intermediate exports")
    wd = tc.wiod_dva_shares(load(results), ECONOMIES)
    wd = wd[wd.activity == "C26"].assign(source=WIOD, measure="domestic value added")
    cols = ["source", "measure", "economy", "year", "value"]
    return pd.concat([dva[cols], it[cols], wd[cols]], ignore_index=True)


def electronics_levels() -> pd.DataFrame:
    """source, economy, year, measure ('domestic value added', 'foreign value added'), value (USD billion):
    TiVA value added in the C26 gross exports of KOR and TWN, 1995-2022."""
    lv = tiva.load_tiva()
    lv = lv[(lv.activity == "C26") & (lv.unit == tiva.USD) & lv.economy.isin(ECONOMIES)
            & lv.measure.isin(["EXGR_DVA", "EXGR_FVA"])]
    out = lv.assign(source=TIVA, value=lv.value / 1000.0,
                    measure=lv.measure.map({"EXGR_DVA": "domestic value added", "EXGR_FVA": "foreign value added"}))
    return out[["source", "economy", "year", "measure", "value"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- glue

def comparison_numbers(results=None) -> dict[str, float | str]:
    """``wt_maxdiff_<total|manuf|c26>`` (pp), where it occurs (``wt_maxdiff_<m>_where``, text), the mean
    difference ``wt_meandiff_<m>`` (pp), the correlation of year-to-year changes ``wt_corr_<m>``, the years
    compared ``wt_first``/``wt_last``, and the WIOD 'other' content of C26 exports (net product taxes,
    margins and table discrepancy; percent) ``wiod_other_c26_<iso>_2014``, and the tolerance within which
    TiVA's domestic plus foreign value added equals gross exports ``tiva_dva_fva_tol_pct`` (percent)."""
    c = comparison(results)
    s = tc.difference_summary(c)
    out: dict[str, float | str] = {"wt_first": int(c.year.min()), "wt_last": int(c.year.max())}
    for act, tag in (("_T", "total"), ("C", "manuf"), ("C26", "c26")):
        out[f"wt_maxdiff_{tag}"] = num(s.loc[act, "max_abs"])
        out[f"wt_maxdiff_{tag}_where"] = f"{name(s.loc[act, 'economy'])}, {int(s.loc[act, 'year'])}"
        out[f"wt_meandiff_{tag}"] = num(s.loc[act, "mean"])
        out[f"wt_corr_{tag}"] = num(s.loc[act, "change_correlation"])
    r = load(results)
    for c_ in ECONOMIES:
        sel = r[(r.country == c_) & (r.year == LAST_YEAR) & (r.scenario == "central") & (r.industry == "C26")]
        v = sel.set_index("indicator").value
        out[f"wiod_other_c26_{c_.lower()}_{LAST_YEAR}"] = num(100 * (1 - v["dva_share_exports"] - v["hummels_vs"]))
    n_below = int((c.difference < 0).sum())
    out["wt_n_below"], out["wt_n"] = n_below, int(len(c))
    out["tiva_dva_fva_tol_pct"] = num(100 * tiva.DVA_FVA_RTOL)   # tolerance of DVA + FVA ~ EXGR, percent
    return out


def electronics_numbers(results=None) -> dict[str, float]:
    """TiVA numbers of the phone chapter's 2015-2022 section: ``tiva_dva_c26_<iso>_<year>`` (percent of C26
    gross exports), ``tiva_ddva_c26_<iso>_2014_2022`` (pp), ``tiva_int_c26_<iso>_<year>`` (intermediate
    share, percent), ``tiva_exgr_c26_<iso>_<year>_bn``, ``tiva_dva_c26_<iso>_<year>_bn`` and
    ``tiva_fva_c26_<iso>_<year>_bn`` (USD billion), for 2014, 2018 and 2022, and ``tiva_last``."""
    sh = electronics_shares(results)
    sh = sh[sh.source == TIVA].set_index(["measure", "economy", "year"]).value
    lv = tiva.load_tiva()
    lv = lv[(lv.activity == "C26") & (lv.unit == tiva.USD)].set_index(["measure", "economy", "year"]).value
    out: dict[str, float] = {"tiva_last": int(tiva.LAST_YEAR), "tiva_conflict": TRADE_CONFLICT}
    for c in TIVA_ECONOMIES:
        k = c.lower()
        for y in (LAST_YEAR, TRADE_CONFLICT, tiva.LAST_YEAR):
            out[f"tiva_dva_c26_{k}_{y}"] = num(sh[("domestic value added", c, y)])
            out[f"tiva_int_c26_{k}_{y}"] = num(sh[("intermediate exports", c, y)])
            out[f"tiva_exgr_c26_{k}_{y}_bn"] = num(lv[("EXGR", c, y)] / 1000)
            out[f"tiva_dva_c26_{k}_{y}_bn"] = num(lv[("EXGR_DVA", c, y)] / 1000)
            out[f"tiva_fva_c26_{k}_{y}_bn"] = num(lv[("EXGR_FVA", c, y)] / 1000)
        out[f"tiva_ddva_c26_{k}_{LAST_YEAR}_{tiva.LAST_YEAR}"] = num(
            sh[("domestic value added", c, tiva.LAST_YEAR)] - sh[("domestic value added", c, LAST_YEAR)])
        out[f"tiva_dint_c26_{k}_{LAST_YEAR}_{tiva.LAST_YEAR}"] = num(
            sh[("intermediate exports", c, tiva.LAST_YEAR)] - sh[("intermediate exports", c, LAST_YEAR)])
    return out
