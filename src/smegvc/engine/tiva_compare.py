"""WIOD-based domestic value-added shares of gross exports beside the OECD TiVA 2025 ones.

WIOD side (national tables, :mod:`smegvc.engine.indicators`, already in ``data/results/results.csv``,
scenario central): for a set ``J`` of exporting industries the domestic value added in their exports is
``vc'L e_J`` with ``e_J`` the export vector restricted to ``J``; it is additive over industries, so

    share_J = sum_{j in J} dva_exports_j / sum_{j in J} exports_j        (percent)

with ``J`` = all industries (national value), manufacturing (WIOD C10-C12 ... C33, = ISIC Rev. 4 section C)
or C26 (computer, electronic and optical products). Nothing is recomputed here: the per-industry
``dva_exports`` and ``exports`` rows of the results table are summed.

TiVA side (:mod:`smegvc.io.tiva`): ``EXGR_DVA`` as per cent of gross exports (published shares for KOR and
TWN; for the other economies ``100 EXGR_DVA / (EXGR_DVA + EXGR_FVA)`` of the levels, the same formula the
published shares follow, see :mod:`smegvc.io.tiva`).

All shares in percent; differences in percentage points (WIOD minus TiVA).
"""
from __future__ import annotations

import pandas as pd

from smegvc.scope import ECONOMIES

ACTIVITIES = {"_T": "all activities", "C": "manufacturing (C10-C33)",
              "C26": "computer, electronic and optical products (C26)"}


def manufacturing_codes(industries) -> tuple[str, ...]:
    """WIOD 2016 codes of ISIC Rev. 4 section C (C10-C12 ... C33), in the given order."""
    return tuple(c for c in industries if c.startswith("C") and c[1:3].isdigit())


def wiod_dva_shares(results: pd.DataFrame, countries=ECONOMIES) -> pd.DataFrame:
    """WIOD 2016 domestic value-added share of gross exports: activity (_T, C, C26), economy, year, value (%).

    ``results``: the long results table (:func:`smegvc.engine.results.load_results`); uses the central
    scenario's ``dva_exports`` and ``exports`` rows by exporting industry and national."""
    r = results[(results.scenario == "central") & results.country.isin(countries)
                & results.indicator.isin(["dva_exports", "exports"])]
    r = r.assign(industry=r.industry.fillna("").astype(str))
    ind = r[r.industry != ""]
    manu = manufacturing_codes(ind.industry.unique())
    if "C26" not in manu or len(manu) < 10:
        raise ValueError(f"results lack the manufacturing industries (found {manu})")
    parts = {
        "_T": r[r.industry == ""],
        "C": ind[ind.industry.isin(manu)],
        "C26": ind[ind.industry == "C26"],
    }
    out = []
    for act, d in parts.items():
        s = d.groupby(["country", "year", "indicator"]).value.sum().unstack("indicator")
        if s.isna().any().any() or (s["exports"] <= 0).any():
            raise ValueError(f"incomplete or zero exports for activity {act}")
        share = (100 * s["dva_exports"] / s["exports"]).rename("value").reset_index()
        out.append(share.assign(activity=act))
    df = pd.concat(out).rename(columns={"country": "economy"})
    df["year"] = df.year.astype(int)
    return df[["activity", "economy", "year", "value"]].sort_values(["activity", "economy", "year"]) \
        .reset_index(drop=True)


def tiva_dva_shares(tiva: pd.DataFrame, economies=None, activities=tuple(ACTIVITIES)) -> pd.DataFrame:
    """TiVA domestic value-added share of gross exports (percent): activity, economy, year, value, kind
    ('published share' or 'from levels'). ``tiva``: :func:`smegvc.io.tiva.load_tiva`."""
    from smegvc.io.tiva import PCT, USD

    t = tiva[tiva.activity.isin(activities)]
    pub = t[(t.unit == PCT) & (t.measure == "EXGR_DVA")][["activity", "economy", "year", "value"]]
    lv = t[t.unit == USD].pivot_table(index=["activity", "economy", "year"], columns="measure", values="value")
    lv = lv.dropna(subset=["EXGR_DVA", "EXGR_FVA"])
    calc = (100 * lv.EXGR_DVA / (lv.EXGR_DVA + lv.EXGR_FVA)).rename("value").reset_index()
    have = set(pub.economy)
    calc = calc[~calc.economy.isin(have)]
    df = pd.concat([pub.assign(kind="published share"), calc.assign(kind="from levels")])
    if economies is not None:
        df = df[df.economy.isin(list(economies))]
    return df.sort_values(["activity", "economy", "year"]).reset_index(drop=True)


def comparison(wiod: pd.DataFrame, tiva: pd.DataFrame) -> pd.DataFrame:
    """Every year both sources cover: activity, economy, year, wiod, tiva (percent), difference (pp,
    WIOD minus TiVA). Inputs: :func:`wiod_dva_shares` and :func:`tiva_dva_shares`."""
    w = wiod.rename(columns={"value": "wiod"})
    t = tiva.rename(columns={"value": "tiva"})[["activity", "economy", "year", "tiva"]]
    df = w.merge(t, on=["activity", "economy", "year"], how="inner")
    if df.empty:
        raise ValueError("no overlapping years between WIOD and TiVA")
    df["difference"] = df.wiod - df.tiva
    order = {a: k for k, a in enumerate(ACTIVITIES)}
    return df.sort_values(["activity", "economy", "year"], key=lambda s: s.map(order) if s.name == "activity"
                          else s).reset_index(drop=True)


def difference_summary(comp: pd.DataFrame) -> pd.DataFrame:
    """Per activity: max_abs (pp), where it occurs (economy, year), mean difference (pp) and the
    correlation of the year-to-year changes of the two sources (both economies pooled)."""
    rows = []
    for act, d in comp.groupby("activity", sort=False):
        k = d.difference.abs().idxmax()
        ch = d.sort_values("year").groupby("economy")[["wiod", "tiva"]].diff().dropna()
        rows.append({"activity": act, "max_abs": float(abs(d.difference[k])), "economy": d.economy[k],
                     "year": int(d.year[k]), "mean": float(d.difference.mean()),
                     "change_correlation": float(ch.wiod.corr(ch.tiva)), "n": len(d)})
    return pd.DataFrame(rows).set_index("activity")
