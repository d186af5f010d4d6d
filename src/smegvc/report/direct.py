"""Chapter "Direct exports" (book/direct-exports.ipynb): published SME direct export shares and the engine's
calibrated ones, in percent of (goods) exports.

    direct_share_published()   published SME shares of exports, one row per figure, with its comparable series
    direct_share_table()       the same as a typeset table with linked sources (MarkdownTable)
    modelled_direct_share()    the engine's SME direct export share, goods and all exports
    direct_model_table()       published beside modelled shares at a few years
    oecd_comparison()          Korea's share of exports by firms < 250 employees and the OECD average
    published_numbers()        the published figures the chapters quote (:data:`PUBLISHED_QUOTED`)
    direct_numbers()           the OECD comparison and the modelled shares for glue
    numbers()                  exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from smegvc.evidence.sme_stats import load_published
from smegvc.report.query import GOODS, by_industry, national, num, pct, pick
from smegvc.report.tables import MarkdownTable, md_link, md_text
from smegvc.scope import ECONOMIES, FIRST_YEAR, KOR_BREAK_YEAR, LAST_YEAR, PRE_BREAK

KEYS = (   # the glue keys book/direct-exports.ipynb quotes
    "model_all_kor_2014", "model_goods_kor_2014", "oecd_avg", "oecd_korea", "oecd_n", "oecd_year",
    "pub_kor_2001", "pub_kor_2003", "pub_kor_2007", "pub_kor_2009", "pub_kor_2010_kita", "pub_kor_2011",
    "pub_kor_2015", "pub_kor_2018", "pub_kor_mid_2012", "pub_kor_mid_2013", "pub_twn_2003", "pub_twn_2007",
    "pub_twn_2010", "pub_twn_2012", "pub_twn_2015", "pub_twn_2019", "pub_twn_2024",
)


def _direct_series(row) -> str:
    """Which comparable series a published direct-export figure belongs to."""
    if row.measure == "sme_export_share_lt250":
        return "KOR: firms < 250 employees"
    if row.measure == "sme_midsized_export_share":
        return "KOR: SMEs + mid-sized firms"
    d = row.sme_definition.lower()
    if row.country == "KOR":
        if "unclear" in d or "not stated" in row.break_note.lower():
            return "KOR: definition not stated"
        return "KOR: SMEs, before 2011" if row.year <= PRE_BREAK else "KOR: SMEs, from 2011"
    if "2020" in row.sme_definition:
        return "TWN: SMEs, 2020 Standards"
    return "TWN: SMEs (zero-rated VAT sales)"


def direct_share_published() -> pd.DataFrame:
    """Published SME shares of all (goods) exports, one row per figure, in file order.

    Columns: id, country, year, value (percent), series (comparable series, see :func:`_direct_series`),
    definition, break_note, agency, url, confidence. Left out: figures for part of a year or a period
    (``year_note``), for part of the economy (manufacturing or services only), and customs flags that
    the source itself says are not comparable.
    """
    p = load_published(["sme_export_share", "sme_midsized_export_share", "sme_export_share_lt250"])
    keep = (p.year_note.str.strip() == "") & p.scope.str.startswith("all industries") \
        & ~p.break_note.str.contains("not comparable with the SMBA", regex=False)
    p = p[keep].copy()
    p["series"] = [_direct_series(r) for r in p.itertuples()]
    p = p.rename(columns={"sme_definition": "definition", "source_agency": "agency"})
    return p[["id", "country", "year", "value", "series", "definition", "break_note", "agency", "url",
              "confidence"]].reset_index(drop=True)


def direct_share_table() -> MarkdownTable:
    """:func:`direct_share_published` as a typeset table with linked sources."""
    p = direct_share_published()
    df = pd.DataFrame({
        "Economy": p.country, "Year": p.year.astype(str), "Share (%)": p.value.map(lambda v: f"{v:.1f}"),
        "Series": p.series.map(md_text),
        "Source": [md_link(a, u) for a, u in zip(p.agency, p.url)],
        "Comparability": p.break_note.map(md_text)})
    return MarkdownTable(df, caption="Published SME shares of exports, with the definition each figure uses",
                         name="tbl-direct-published", widths=[9, 7, 8, 17, 24, 35])


def modelled_direct_share(results=None) -> pd.DataFrame:
    """The engine's SME direct export share (percent of gross exports, central shares): country, year,
    scope ('goods' = WIOD A01-C33, the scope of Korea's published customs figures; 'all' = all WIOD
    exports, the scope of Taiwan's zero-rated sales), value, low, high (low/high for 'all' only)."""
    allx = national("sme_direct_export_share", results=results)
    allx = allx.assign(scope="all", value=pct(allx.value), low=pct(allx.low), high=pct(allx.high))
    sme = by_industry("sme_direct_exports", results=results)
    tot = by_industry("exports", results=results)
    g = lambda d: d[d.industry.isin(GOODS)].groupby(["country", "year"]).value.sum()  # noqa: E731
    goods = (pct(g(sme) / g(tot))).rename("value").reset_index().assign(scope="goods", low=np.nan, high=np.nan)
    out = pd.concat([goods, allx], ignore_index=True)
    return out[["country", "year", "scope", "value", "low", "high"]].sort_values(
        ["country", "scope", "year"]).reset_index(drop=True)


PUBLISHED_QUOTED = {   # glue name -> id in data/sme/published_sme_statistics.csv
    "pub_kor_2000": "KOR-EXP-2000", "pub_kor_2001": "KOR-EXP-2001", "pub_kor_2003": "KOR-EXP-2003",
    "pub_kor_2007": "KOR-EXP-2007", "pub_kor_2009": "KOR-EXP-2009",
    "pub_kor_2011": "KOR-EXP-2011-SMBA", "pub_kor_2012": "KOR-EXP-2012-SMBA", "pub_kor_mid_2012": "KOR-EXPMID-2012",
    "pub_kor_mid_2013": "KOR-EXPMID-2013", "pub_kor_2015": "KOR-EXP-2015-TEC", "pub_kor_2018": "KOR-EXP-2018-TEC",
    "pub_kor_2010_kita": "KOR-EXP-2010-KITA",
    "pub_twn_2003": "TWN-EXP-2003-KITA", "pub_twn_2007": "TWN-EXP-2007", "pub_twn_2010": "TWN-EXP-2010-KITA",
    "pub_twn_2012": "TWN-EXP-2012", "pub_twn_2015": "TWN-EXP-2015", "pub_twn_2019": "TWN-EXP-2019",
    "pub_twn_2024": "TWN-EXP-2024",
    "kita_direct_2003": "KOR-EXP-2003", "kita_direct_2008": "KOR-EXP-2008",
    "kita_indirect_2003": "KOR-EXPIND-2003", "kita_indirect_2008": "KOR-EXPIND-2008",
    "kita_total_2003": "KOR-EXPINCL-2003", "kita_total_2008": "KOR-EXPINCL-2008",
    "kita_inputs_2015": "KOR-INDINP-2015",
}


def published_numbers() -> dict[str, float]:
    """The published figures quoted in the text (percent), by glue name (:data:`PUBLISHED_QUOTED`)."""
    p = load_published().set_index("id").value
    missing = [i for i in PUBLISHED_QUOTED.values() if i not in p.index]
    if missing:
        raise KeyError(f"published figures not found: {missing}")
    return {name: num(p[i]) for name, i in PUBLISHED_QUOTED.items()}


def direct_model_table(years=(FIRST_YEAR, 2003, 2007, PRE_BREAK, KOR_BREAK_YEAR, 2012, LAST_YEAR),
                       results=None) -> pd.DataFrame:
    """Published SME direct export shares beside the engine's calibrated ones (percent), index year.
    Published: the SME series in force (Korea: SMBA/Kbiz/KITA/KCS figures, before and from 2011; Taiwan:
    White Paper zero-rated sales); several figures for one year are averaged; empty where none."""
    pub = direct_share_published()
    pub = pub[pub.series.isin(["KOR: SMEs, before 2011", "KOR: SMEs, from 2011", "TWN: SMEs (zero-rated VAT sales)"])]
    pubv = pub.groupby(["country", "year"]).value.mean()
    m = modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    rows = []
    for y in years:
        rows.append({"year": y,
                     "KOR published (%)": pubv.get(("KOR", y), np.nan),
                     "KOR model, goods (%)": m[("KOR", "goods", y)],
                     "KOR model, all exports (%)": m[("KOR", "all", y)],
                     "TWN published (%)": pubv.get(("TWN", y), np.nan),
                     "TWN model, all exports (%)": m[("TWN", "all", y)]})
    return pd.DataFrame(rows).set_index("year").round(2)


def oecd_comparison() -> dict[str, float]:
    """Korea's share of exports by firms with fewer than 250 employees and the OECD average printed with
    it (parsed from the figure's note): keys year, korea, oecd, oecd_countries."""
    p = load_published("sme_export_share_lt250", "KOR")
    if len(p) != 1:
        raise ValueError(f"expected one Korean <250-employee export share, found {len(p)}")
    r = p.iloc[0]
    m = re.search(r"OECD average of (\d+) countries:\s*([\d.]+)", r.note)
    if not m:
        raise ValueError(f"{r.id}: the note does not state the OECD average: {r.note!r}")
    return {"year": int(r.year), "korea": float(r.value), "oecd": float(m.group(2)),
            "oecd_countries": int(m.group(1))}


def direct_numbers(results=None) -> dict[str, float]:
    """The OECD comparison and the engine's calibrated direct export shares (percent) for the text:
    oecd_year, oecd_korea, oecd_avg, oecd_n, model_<goods|all>_<iso>_<year>."""
    out: dict[str, float] = {}
    o = oecd_comparison()
    out.update({"oecd_year": o["year"], "oecd_korea": num(o["korea"]), "oecd_avg": num(o["oecd"]),
                "oecd_n": o["oecd_countries"]})
    m = modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    for c in ECONOMIES:
        k = c.lower()
        for scope in ("goods", "all"):
            for y in (FIRST_YEAR, PRE_BREAK, KOR_BREAK_YEAR, LAST_YEAR):
                out[f"model_{scope}_{k}_{y}"] = num(m[(c, scope, y)])
    return out


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from :func:`published_numbers` and :func:`direct_numbers`."""
    return pick({**published_numbers(), **direct_numbers(results)}, KEYS, "direct-exports")
