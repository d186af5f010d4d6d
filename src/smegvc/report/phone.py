"""Chapter "The phone value chain" (book/phone-value-chain.ipynb): the value chain's stages, the value-added
content of electronics exports, the SME share in them, and China's place in the chain (percent).

    stage_table()                             the stages of the chain with leading firms (MarkdownTable)
    va_content_series()                       domestic value added / imported inputs in C26 and C27 exports
    sme_share_industry(), sme_industry_table()   SME share of the domestic value added in an industry's exports
    china_share_series(), china_va_source_share()   China in electronics intermediate exports / foreign VA
    participation_series()                    backward and forward GVC participation (WIOD 2013)
    electronics_destinations(), destinations_table()   where electronics intermediate exports go
    phone_key_table()                         key values of the chapter, Korea and Taiwan
    tiva_electronics_figure(), tiva_levels_figure()   C26 after 2014 from OECD TiVA 2025 (:mod:`~smegvc.report.tiva_views`)
    phone_numbers()                           the chapter's numbers for glue (also quoted by other chapters)
    numbers()                                 exactly the glue keys this chapter quotes (:data:`KEYS`)

WIOD 2016 rows use industry C26 (computer, electronic and optical products); WIOD 2013 rows industry c14
(electrical and optical equipment), 1995-2011.
"""
from __future__ import annotations

import pandas as pd

from smegvc.engine.gvc import electronics_destinations as _destinations
from smegvc.engine.gvc import foreign_va_sources
from smegvc.evidence.cases import load_gvc_structure
from smegvc.io.wiod2013.load import load_wiod2013
from smegvc.report import case_views
from smegvc.report.appendix_data import status_spans
from smegvc.report.query import by_industry, load, num, pct, pick
from smegvc.report.tables import MarkdownTable
from smegvc.report.tiva_charts import electronics_levels as levels_chart
from smegvc.report.tiva_charts import electronics_to_2022
from smegvc.report.tiva_views import comparison_numbers, electronics_levels, electronics_numbers, electronics_shares
from smegvc.scope import COMPARATORS, ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK, WIOD2013_FOCUS, name

KEYS = (   # the glue keys book/phone-value-chain.ipynb quotes
    "backward_kor_2000", "backward_kor_2011", "backward_twn_2000", "backward_twn_2011", "china_kor_2000",
    "china_kor_2011", "china_twn_2000", "china_twn_2011", "chinava_kor_2000", "chinava_kor_2011",
    "chinava_twn_2000", "chinava_twn_2011", "ddva_c26_kor_2000_2014", "ddva_c26_twn_2000_2014",
    "derived_years_kor", "derived_years_twn", "dest_usa_kor_2000", "dest_usa_kor_2011", "dest_usa_twn_2000",
    "dest_usa_twn_2011", "dva_c26_kor_2000", "dva_c26_kor_2014", "dva_c26_twn_2000", "dva_c26_twn_2014",
    "dva_c27_kor_2014", "dva_c27_twn_2014", "forward_kor_2011", "forward_twn_2011", "imp_c26_kor_2000",
    "imp_c26_kor_2014", "imp_c26_twn_2000", "imp_c26_twn_2014", "sme_c26_kor_2014", "sme_c26_kor_2014_high",
    "sme_c26_kor_2014_low", "sme_c26_twn_2014", "sme_c26_twn_2014_high", "sme_c26_twn_2014_low", "w13_first",
    "w13_last", "tiva_last", "wt_maxdiff_c26", "tiva_dva_c26_twn_2014", "tiva_dva_c26_twn_2018",
    "tiva_dva_c26_twn_2022", "tiva_ddva_c26_twn_2014_2022", "tiva_dva_c26_kor_2014", "tiva_dva_c26_kor_2018",
    "tiva_dva_c26_kor_2022", "tiva_ddva_c26_kor_2014_2022", "tiva_dva_c26_chn_2014", "tiva_dva_c26_chn_2022",
    "tiva_exgr_c26_vnm_2014_bn", "tiva_exgr_c26_vnm_2022_bn", "tiva_dva_c26_vnm_2014", "tiva_dva_c26_vnm_2022",
    "tiva_int_c26_kor_2022", "tiva_int_c26_twn_2022", "tiva_int_c26_kor_2014", "tiva_int_c26_twn_2014",
    "tiva_int_c26_chn_2022", "tiva_dva_c26_twn_2014_bn", "tiva_dva_c26_twn_2022_bn", "tiva_fva_c26_twn_2014_bn",
    "tiva_fva_c26_twn_2022_bn", "tiva_dva_c26_kor_2014_bn", "tiva_dva_c26_kor_2018_bn", "tiva_dva_c26_kor_2022_bn",
    "tiva_fva_c26_kor_2014_bn", "tiva_fva_c26_kor_2022_bn",
)


def stage_table(**table) -> MarkdownTable:
    """The stages of the mobile-phone value chain (data/cases): see :func:`smegvc.report.case_views.stage_table`."""
    return case_views.stage_table(load_gvc_structure(), **table)


def va_content_series(industries=("C26", "C27"), results=None) -> pd.DataFrame:
    """Value-added content of gross exports by exporting industry (percent of the industry's exports):
    country, year, industry, measure ('domestic value added', 'imported inputs', 'other'), value.
    'other' = net product taxes, margins and the source table's discrepancy embodied in the exports."""
    d = by_industry("dva_share_exports", results=results)
    m = by_industry("hummels_vs", results=results)
    d, m = (x[x.industry.isin(industries)].set_index(["country", "year", "industry"]).value for x in (d, m))
    out = pd.concat({"domestic value added": pct(d), "imported inputs": pct(m), "other": pct(1 - d - m)},
                    names=["measure"]).rename("value").reset_index()
    return out[["country", "year", "industry", "measure", "value"]].sort_values(
        ["country", "industry", "measure", "year"]).reset_index(drop=True)


def sme_share_industry(industries=("C26", "C27"), results=None) -> pd.DataFrame:
    """SME share of the domestic value added in an industry's exports (percent, central shares): country,
    year, industry, value, low, high (5-95% range over the Monte Carlo draws)."""
    c = by_industry("sme_share_dva_exports", results=results)
    c = c[c.industry.isin(industries)]
    return c.assign(value=pct(c.value), low=pct(c.low), high=pct(c.high)).sort_values(
        ["country", "industry", "year"]).reset_index(drop=True)


def sme_industry_table(years=(FIRST_YEAR, LAST_YEAR), industries=("C26", "C27"), results=None) -> pd.DataFrame:
    """:func:`sme_share_industry` in ``years``: index (economy, industry, year), columns central value and the
    5-95% range (percent)."""
    s = sme_share_industry(industries, results)
    s = s[s.year.isin(years)].rename(columns={"country": "economy", "value": "SME share (%)",
                                              "low": "5th pct. (%)", "high": "95th pct. (%)"})
    return s.set_index(["economy", "industry", "year"]).sort_index()


def china_share_series(results=None) -> pd.DataFrame:
    """China's share of KOR's and TWN's electrical and optical (WIOD 2013 c14) intermediate exports:
    country, year, value (percent)."""
    r = load(results)
    s = r[(r.indicator == "electronics_intermediate_exports_china_share") & (r.scenario == "wiod2013")]
    return s.assign(value=pct(s.value))[["country", "year", "value"]].sort_values(["country", "year"]) \
        .reset_index(drop=True)


def participation_series(industry: str = "c14", countries=WIOD2013_FOCUS, results=None) -> pd.DataFrame:
    """Backward and forward GVC participation (WIOD 2013, percent of gross exports): country, year,
    measure ('backward', 'forward'), value. ``industry`` '' for the whole economy, 'c14' for electrical and
    optical equipment."""
    r = load(results)
    s = r[(r.scenario == "wiod2013") & (r.industry == industry) & r.country.isin(countries)
          & r.indicator.isin(["gvc_backward", "gvc_forward"])]
    return s.assign(measure=s.indicator.str.removeprefix("gvc_"), value=pct(s.value))[
        ["country", "year", "measure", "value"]].sort_values(["country", "measure", "year"]).reset_index(drop=True)


def electronics_destinations(partners=COMPARATORS) -> pd.DataFrame:
    """Where KOR's and TWN's c14 intermediate exports go (WIOD 2013): year, origin, destination
    (``partners`` or 'Other'), value (USD million), share (percent)."""
    d = _destinations(load_wiod2013("electronics"))
    d = d.assign(destination=d.destination.where(d.destination.isin(partners), "Other"))
    out = d.groupby(["year", "origin", "destination"]).value.sum().reset_index()
    out["share"] = pct(out.value / out.groupby(["year", "origin"]).value.transform("sum"))
    out["destination"] = pd.Categorical(out.destination, list(partners) + ["Other"], ordered=True)
    return out.sort_values(["origin", "destination", "year"]).reset_index(drop=True)


def destinations_table(years=None, partners=COMPARATORS) -> pd.DataFrame:
    """:func:`electronics_destinations` in ``years`` (default: 2000 and the release's last year): index
    destination, columns (origin year) shares in percent."""
    d = electronics_destinations(partners)
    years = (FIRST_YEAR, int(d.year.max())) if years is None else years
    d = d[d.year.isin(years)]
    t = d.pivot_table(index="destination", columns=["origin", "year"], values="share", observed=True)
    t.columns = [f"{o} {y} (%)" for o, y in t.columns]
    t.index = [name(str(i)) for i in t.index]
    t.index.name = "destination"
    return t


def china_va_source_share(industry: str = "c14") -> pd.DataFrame:
    """China's share of the foreign value added in KOR's and TWN's exports of ``industry`` (WIOD 2013):
    country, year, value (percent)."""
    f = foreign_va_sources(load_wiod2013("va"), industry)
    f = f[(f.source == "CHN") & f.country.isin(ECONOMIES)]
    return f.assign(value=pct(f.share))[["country", "year", "value"]].sort_values(["country", "year"]) \
        .reset_index(drop=True)


PHONE_KEY_ROWS = (   # (label, source); each row shows the first and the last year of its source
    ("Domestic value added, % of C26 exports", "dva"),
    ("Imported inputs, % of C26 exports", "imp"),
    ("SME share of domestic value added in C26 exports (modelled, assumed shares)", "sme"),
    ("Foreign value added, % of electrical and optical exports (WIOD 2013)", "backward"),
    ("China's share of electrical and optical intermediate exports (WIOD 2013)", "china"),
    ("China's share of foreign value added in electrical and optical exports (WIOD 2013)", "chinava"),
)


def phone_key_table(results=None) -> pd.DataFrame:
    """Key values of the phone chapter in percent: index (measure, year), columns Korea, Taiwan. WIOD 2016
    rows (C26 = computer, electronic and optical products) at 2000 and 2014, WIOD 2013 rows (c14 =
    electrical and optical equipment) at 2000 and the release's last year."""
    va = va_content_series(("C26",), results).set_index(["country", "measure", "year"]).value
    sme = sme_share_industry(("C26",), results).set_index(["country", "year"]).value
    part = participation_series(results=results).set_index(["country", "measure", "year"]).value
    ch = china_share_series(results).set_index(["country", "year"]).value
    chva = china_va_source_share().set_index(["country", "year"]).value
    last13 = int(ch.index.get_level_values("year").max())
    get = {"dva": lambda c, y: va[(c, "domestic value added", y)],
           "imp": lambda c, y: va[(c, "imported inputs", y)],
           "sme": lambda c, y: sme[(c, y)],
           "backward": lambda c, y: part[(c, "backward", y)],
           "china": lambda c, y: ch[(c, y)],
           "chinava": lambda c, y: chva[(c, y)]}
    rows = []
    for label, key in PHONE_KEY_ROWS:
        years = (FIRST_YEAR, LAST_YEAR) if key in ("dva", "imp", "sme") else (FIRST_YEAR, last13)
        for y in years:
            rows.append({"measure": label, "year": y,
                         **{name(c) + " (%)": float(get[key](c, y)) for c in ECONOMIES}})
    return pd.DataFrame(rows).set_index(["measure", "year"]).round(1)


def phone_numbers(results=None) -> dict[str, float]:
    """Numbers of the chapter for glue (percent; changes in points): ``dva_<c26|c27>_<iso>_<year>`` and
    ``imp_...`` (value-added content), ``ddva_c26_<iso>_2000_2014`` and ``dimp_c26_...`` (their changes),
    ``sme_<c26|c27>_<iso>_<year>`` (+ bands), ``dest_<jpn|usa>_<iso>_<year>``, ``china_<iso>_<year>``,
    ``chinava_<iso>_<year>``, ``<backward|forward>_<iso>_<year>`` and ``w13_first``/``w13_last`` (WIOD 2013
    years)."""
    out: dict[str, float] = {}
    va = va_content_series(results=results).set_index(["country", "industry", "measure", "year"]).value
    sme = sme_share_industry(results=results).set_index(["country", "industry", "year"])
    ch = china_share_series(results).set_index(["country", "year"]).value
    part = participation_series(results=results).set_index(["country", "measure", "year"]).value
    src = china_va_source_share().set_index(["country", "year"]).value
    dest = electronics_destinations().set_index(["origin", "destination", "year"]).share
    w13 = sorted(ch.index.get_level_values("year").unique())
    out["w13_first"], out["w13_last"] = int(w13[0]), int(w13[-1])
    for c in ECONOMIES:
        k = c.lower()
        for ind in ("C26", "C27"):
            i = ind.lower()
            for y in (FIRST_YEAR, PRE_BREAK, LAST_YEAR):
                out[f"dva_{i}_{k}_{y}"] = num(va[(c, ind, "domestic value added", y)])
                out[f"imp_{i}_{k}_{y}"] = num(va[(c, ind, "imported inputs", y)])
            for y in (FIRST_YEAR, LAST_YEAR):
                out[f"sme_{i}_{k}_{y}"] = num(sme.loc[(c, ind, y), "value"])
                out[f"sme_{i}_{k}_{y}_low"] = num(sme.loc[(c, ind, y), "low"])
                out[f"sme_{i}_{k}_{y}_high"] = num(sme.loc[(c, ind, y), "high"])
        for meas, tag in (("domestic value added", "dva"), ("imported inputs", "imp")):
            out[f"d{tag}_c26_{k}_{FIRST_YEAR}_{LAST_YEAR}"] = num(va[(c, "C26", meas, LAST_YEAR)]
                                                                  - va[(c, "C26", meas, FIRST_YEAR)])
        for y in (w13[0], FIRST_YEAR, w13[-1]):
            for partner in ("JPN", "USA"):
                out[f"dest_{partner.lower()}_{k}_{y}"] = num(dest[(c, partner, y)])
            out[f"china_{k}_{y}"] = num(ch[(c, y)])
            out[f"chinava_{k}_{y}"] = num(src[(c, y)])
            for meas in ("backward", "forward"):
                out[f"{meas}_{k}_{y}"] = num(part[(c, meas, y)])
    return out


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from :func:`phone_numbers` and the years with derived
    firm-size shares (:func:`smegvc.report.appendix_data.status_spans`)."""
    return pick({**phone_numbers(results), **status_spans(), **electronics_numbers(results),
                 **comparison_numbers(results)}, KEYS, "phone-value-chain")


def tiva_electronics_figure(results=None):
    """(figure, data): C26 domestic value-added and intermediate shares of gross exports, OECD TiVA 2025 for
    six economies to 2022, with the WIOD C26 share of KOR and TWN as a separate series (2000-2014)."""
    return electronics_to_2022(electronics_shares(results))


def tiva_levels_figure():
    """(figure, data): domestic and foreign value added in KOR's and TWN's C26 exports (TiVA, USD billion)."""
    return levels_chart(electronics_levels())
