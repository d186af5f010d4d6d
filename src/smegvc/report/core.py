"""Tidy frames for the report's quantitative chapters, read from the engine's results and the data files.

Every function returns a DataFrame (or a dict of numbers to glue) that a chapter shows as it is; the
chapters hold no computation of their own. Shares are in **percent** and changes in **percentage
points** (the results table stores fractions); money in millions of current US dollars.

    headline_series(scenario)        direct / indirect / total SME share of exported domestic value added
    headline_table(years)            the same at a few years
    change_between(indicator, ...)   an indicator in two years and the change
    direct_share_published()         published SME direct export shares with definition and break flags
    modelled_direct_share()          the engine's (calibrated) SME direct export share, goods and all exports
    direct_model_table(), oecd_comparison()
    published_comparison()           KITA's published indirect-export figures beside our closest measures
    kiep_comparison()                the KIEP study's claims | our numbers | agree? | why (verdict rule: verdict)
    sensitivity_table(indicator)     an indicator under every scenario, levels and changes
    share_status_summary()           percent of output / exports resting on derived vs assumed shares
    export_mix(), firm_size_structure(), sourcing_series(), sda_table()   why the two economies differ
    va_content_series(), sme_share_industry(), china_share_series(), participation_series(),
    electronics_destinations(), china_va_source_share(), destinations_table()   electronics and China
    phone_key_table()                key values of the phone chapter (percent), Korea and Taiwan
    resource_table(), definitions_table(), scenario_table()               the data appendix
    *_numbers(), status_spans()      dicts of plain numbers (or text) for myst-nb glue; glue_all() glues them
                                     (policy_numbers(): the few the policy chapter needs beyond the others)
    show_table(df, caption, name)    a frame as a typeset, numbered table (MarkdownTable)

Most functions take ``results=None`` (the committed results table, loaded once per process) so that
tests can pass a small hand-made frame.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.report.tables import MarkdownTable, md_link, md_text
from smegvc.io.wiod2016 import INDUSTRIES

COUNTRIES = ("KOR", "TWN")
COUNTRY_NAMES = {"KOR": "Korea", "TWN": "Taiwan", "CHN": "China", "JPN": "Japan", "USA": "United States"}
CHANNELS = {"direct": "sme_direct_share_dva_exports",
            "indirect": "sme_indirect_share_dva_exports",
            "total": "sme_share_dva_exports"}
CHANNEL_LABELS = {"direct": "Direct (through SME exporters)",
                  "indirect": "Indirect (through large exporters)",
                  "total": "Total"}
SCENARIO_LABELS = {
    "central": "Central",
    "linkage_bias": "Linkage bias (SMEs sell more to large firms)",
    "beta_ne_alpha": "SME value-added share differs from output share",
    "kor_consistent_definition": "Korea: pre-2011 SME definition throughout",
    "shares_low": "All shares at their lower bounds",
    "shares_high": "All shares at their upper bounds",
}
FIRST, LAST = 2000, 2014
PRE_BREAK = 2010          # last year of Korea's pre-2011 SME definition
KIEP_PERIOD = (2000, 2010)  # "the 2000s", before Korea's definition break
MATERIAL_PP = 1.0         # a change of less than one percentage point counts as "about unchanged"
GOODS = tuple(c for c in INDUSTRIES if c[0] in "ABC")   # agriculture, mining, manufacturing (A01-C33)

EXPORT_GROUPS: dict[str, tuple[str, ...]] = {
    "Electronics (C26)": ("C26",),
    "Electrical equipment (C27)": ("C27",),
    "Machinery (C28)": ("C28",),
    "Transport equipment (C29-C30)": ("C29", "C30"),
    "Chemicals, petroleum, plastics (C19-C22)": ("C19", "C20", "C21", "C22"),
    "Metals (C24-C25)": ("C24", "C25"),
    "Other goods": (),     # the remaining agriculture, mining and manufacturing industries
    "Services": (),        # D35 to U
}

_CACHE: dict = {}


# ---------------------------------------------------------------------------------------------- inputs

def load(results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The results table: ``results`` if given, else the committed one (loaded once per process)."""
    if results is not None:
        return results
    from smegvc.engine.results import RESULTS_FILE, load_results

    p = paths.DATA / RESULTS_FILE
    key = ("results", str(p), p.stat().st_mtime_ns, p.stat().st_size)
    if key not in _CACHE:
        _CACHE[key] = load_results(p)
    tracking.record_read(p)
    return _CACHE[key]


def pct(x):
    """A fraction as percent."""
    return 100.0 * x


def national(indicator: str, scenario: str = "central", results=None, countries=COUNTRIES) -> pd.DataFrame:
    """National values of ``indicator``: country, year, value, low, high (as stored: fractions or USD m)."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.scenario == scenario) & (r.industry == "") & r.base_year.isna()
            & r.country.isin(countries)]
    if sel.empty:
        raise KeyError(f"no national rows for {indicator!r} in scenario {scenario!r}")
    return sel[["country", "year", "value", "low", "high"]].sort_values(["country", "year"]).reset_index(drop=True)


def by_industry(indicator: str, scenario: str = "central", results=None, countries=COUNTRIES) -> pd.DataFrame:
    """Industry values of ``indicator``: country, year, industry, value, low, high."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.scenario == scenario) & (r.industry != "") & r.country.isin(countries)]
    return sel[["country", "year", "industry", "value", "low", "high"]].reset_index(drop=True)


def value_at(indicator: str, country: str, year: int, scenario: str = "central", industry: str = "",
             results=None, column: str = "value") -> float:
    """One stored value (``column`` value, low or high); KeyError if absent."""
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.country == country) & (r.year == year) & (r.scenario == scenario)
            & (r.industry == industry) & r.base_year.isna()]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows for {indicator} {country} {year} {scenario} {industry!r}")
    return float(sel[column].iloc[0])


# ---------------------------------------------------------------------------------------------- headline

def headline_series(scenario: str = "central", results=None) -> pd.DataFrame:
    """SME share of exported domestic value added by channel: country, year, channel (direct, indirect,
    total), value, low, high in percent (low/high: 5th-95th percentile, central scenario only).

    Checks direct + indirect = total in every country-year (the value-added channels are additive).
    """
    parts = []
    for ch, ind in CHANNELS.items():
        d = national(ind, scenario, results)
        d.insert(2, "channel", ch)
        parts.append(d)
    out = pd.concat(parts, ignore_index=True)
    for col in ("value", "low", "high"):
        out[col] = pct(out[col].astype(float))
    w = out.pivot_table(index=["country", "year"], columns="channel", values="value")
    gap = (w["direct"] + w["indirect"] - w["total"]).abs()
    if (gap > 1e-9 * w["total"].abs().max()).any():
        raise ArithmeticError(f"direct + indirect != total in {scenario}: {gap.idxmax()} off by {gap.max():.3g}")
    out["channel"] = pd.Categorical(out["channel"], list(CHANNELS), ordered=True)
    return out.sort_values(["country", "channel", "year"]).reset_index(drop=True)


def headline_table(years=(FIRST, 2007, PRE_BREAK, LAST), scenario: str = "central", results=None,
                   decimals: int = 2) -> pd.DataFrame:
    """The headline shares (percent) at ``years``: index (economy, year), columns direct, indirect, total."""
    s = headline_series(scenario, results)
    s = s[s.year.isin(years)]
    t = s.pivot_table(index=["country", "year"], columns="channel", values="value", observed=True)
    t = t[list(CHANNELS)].round(decimals)
    t.index = t.index.set_names(["economy", "year"])
    t.columns = [f"{c} (%)" for c in t.columns]
    return t


def change_between(indicator: str, country: str, y0: int, y1: int, *, scenario: str = "central",
                   industry: str = "", results=None) -> dict[str, float]:
    """``indicator`` in ``y0`` and ``y1`` and the change: dict start, end, change (units as stored)."""
    a = value_at(indicator, country, y0, scenario, industry, results)
    b = value_at(indicator, country, y1, scenario, industry, results)
    return {"start": a, "end": b, "change": b - a}


# ---------------------------------------------------------------------------------------------- direct exports

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
    from smegvc.evidence.sme_stats import load_published

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
    from smegvc.evidence.sme_stats import load_published

    p = load_published().set_index("id").value
    missing = [i for i in PUBLISHED_QUOTED.values() if i not in p.index]
    if missing:
        raise KeyError(f"published figures not found: {missing}")
    return {name: _f(p[i]) for name, i in PUBLISHED_QUOTED.items()}


def direct_model_table(years=(FIRST, 2003, 2007, PRE_BREAK, 2011, 2012, LAST), results=None) -> pd.DataFrame:
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
    from smegvc.evidence.sme_stats import load_published

    p = load_published("sme_export_share_lt250", "KOR")
    if len(p) != 1:
        raise ValueError(f"expected one Korean <250-employee export share, found {len(p)}")
    r = p.iloc[0]
    m = re.search(r"OECD average of (\d+) countries:\s*([\d.]+)", r.note)
    if not m:
        raise ValueError(f"{r.id}: the note does not state the OECD average: {r.note!r}")
    return {"year": int(r.year), "korea": float(r.value), "oecd": float(m.group(2)),
            "oecd_countries": int(m.group(1))}


# ---------------------------------------------------------------------------------------------- comparisons

def _published_value(pid: str) -> tuple[float, int]:
    from smegvc.evidence.sme_stats import load_published

    p = load_published()
    sel = p[p.id == pid]
    if len(sel) != 1:
        raise KeyError(f"published figure {pid!r} not found")
    return float(sel.value.iloc[0]), int(sel.year.iloc[0])


def _ratio_at(num: str, den: str, country: str, year: int, results=None, large_den: bool = False) -> float:
    a = value_at(num, country, year, results=results)
    b = value_at(den, country, year, results=results)
    if large_den:
        b = b - value_at("sme_direct_exports", country, year, results=results)
    return pct(a / b)


def published_comparison(results=None) -> pd.DataFrame:
    """KITA's published estimates for Korea beside our closest measure (percent).

    Columns: published (measure and source), year, published_value, ours (our measure), our_year,
    our_value, basis. Our direct share counts all WIOD exports; our indirect measure is the first-round
    SME supply to large exporters (gross); our total is a value-added share (a different basis).
    """
    rows = []
    for pid_d, pid_i, pid_t in (("KOR-EXP-2003", "KOR-EXPIND-2003", "KOR-EXPINCL-2003"),
                                ("KOR-EXP-2008", "KOR-EXPIND-2008", "KOR-EXPINCL-2008")):
        (d, y), (i, _), (t, _) = (_published_value(p) for p in (pid_d, pid_i, pid_t))
        rows += [
            ("Direct exports, % of exports (KITA 2010)", y, d, "SME exporters' share of gross exports", y,
             pct(value_at("sme_direct_export_share", "KOR", y, results=results)), "gross exports"),
            ("Indirect exports through large firms, % of exports (KITA 2010)", y, i,
             "First-round SME supply to large exporters, % of gross exports", y,
             _ratio_at("sme_first_round_supply_large_exports", "exports", "KOR", y, results), "gross output"),
            ("Direct plus indirect, % of exports (KITA 2010)", y, t,
             "SME share of domestic value added in exports", y,
             pct(value_at("sme_share_dva_exports", "KOR", y, results=results)), "value added"),
        ]
    v, y = _published_value("KOR-INDINP-2015")
    r = load(results)
    last = int(r[(r.country == "KOR") & (r.indicator == "sme_share_domestic_inputs_exports")].year.max())
    rows.append(("SME share of domestic inputs into exports (KITA 2017)", y, v,
                 "SME share of domestic inputs into exports (latest year)", last,
                 pct(value_at("sme_share_domestic_inputs_exports", "KOR", last, results=results)),
                 "gross output"))
    return pd.DataFrame(rows, columns=["published", "year", "published_value", "ours", "our_year", "our_value",
                                       "basis"])


def kita_inputs_point() -> dict:
    """KITA's published SME share of the domestic inputs into Korea's exports: dict year, value (percent)."""
    v, y = _published_value("KOR-INDINP-2015")
    return {"year": y, "value": v}


def published_comparison_table(results=None) -> MarkdownTable:
    p = published_comparison(results)
    df = pd.DataFrame({
        "Published measure": p.published.map(md_text), "Year": p.year.astype(str),
        "Published (%)": p.published_value.map(lambda v: f"{v:.1f}"),
        "Our closest measure": p.ours.map(md_text), "Our year": p.our_year.astype(str),
        "Ours (%)": p.our_value.map(lambda v: f"{v:.1f}"), "Basis of ours": p.basis})
    return MarkdownTable(df, caption="Published estimates of Korean SMEs' indirect exports beside our closest "
                                     "measures (central shares)",
                         name="tbl-indirect-published", widths=[25, 7, 9, 26, 7, 8, 18])


@dataclass(frozen=True)
class Claim:
    """One finding of the KIEP study and the result of ours that bears on it."""

    claim: str
    country: str
    indicator: str
    y0: int
    y1: int
    expect: str            # 'rise', 'fall' or 'flat' (for sda_* indicators: the sign of the part)
    why: str
    scenario: str = "central"


_CALIBRATED = ("Our direct channel is calibrated to the published direct export shares, so it follows them by "
               "construction; it measures SME value added leaving through SME exporters, not gross exports.")
KIEP_CLAIMS: tuple[Claim, ...] = (
    Claim("SMEs' direct export share fell in the 2000s", "KOR", "sme_direct_share_dva_exports", *KIEP_PERIOD,
          "fall", _CALIBRATED),
    Claim("SMEs' direct export share fell in the 2000s", "TWN", "sme_direct_share_dva_exports", *KIEP_PERIOD,
          "fall", _CALIBRATED + " Taiwan's published share (zero-rated sales) fell only a little."),
    Claim("Taiwan SMEs' indirect export share rose sharply", "TWN", "sme_indirect_share_dva_exports",
          *KIEP_PERIOD, "rise",
          "Taiwan's industry shares are spread from two published aggregates (sales and exports), so the "
          "indirect channel moves mostly with the published SME sales share and WIOD's input structure; "
          "no published Taiwanese figure pins it down."),
    Claim("Korea SMEs' indirect export share barely changed", "KOR", "sme_indirect_share_dva_exports",
          *KIEP_PERIOD, "flat",
          "Korea's SME output shares are carried from the last published benchmark (2003) while the published "
          "direct export share falls, so under proportionality more SME output reaches large exporters. "
          "Published SME exports are by exporting firm, WIOD exports by producing industry."),
    Claim("Taiwan SMEs' total export share rose", "TWN", "sme_share_dva_exports", *KIEP_PERIOD, "rise",
          "The total is the sum of the two channels above and inherits their assumptions."),
    Claim("Korea SMEs' total export share fell", "KOR", "sme_share_dva_exports", *KIEP_PERIOD, "fall",
          "Over 2000-2010 the fall of the direct channel is offset by the rise of the indirect channel in our "
          "model."),
    Claim("Korea SMEs' total export share fell", "KOR", "sme_share_dva_exports", FIRST, LAST, "fall",
          "With the pre-2011 SME coverage kept throughout; with the definition in force each year the total "
          "drops in 2011, when mid-sized firms leave the SME count.", "kor_consistent_definition"),
    Claim("Taiwan's growing large firms drew SMEs in as suppliers of export inputs", "TWN", "sda_input_structure",
          FIRST, LAST, "rise",
          "The input-structure part of the decomposition captures shifts in exporters' sourcing between "
          "industries and between domestic and imported inputs; under proportionality it cannot see a shift "
          "towards SME suppliers within an industry."),
    Claim("Korea's vertically integrated large firms did not deepen their links with SMEs", "KOR",
          "sda_input_structure", FIRST, LAST, "flat",
          "As above; pre-2011 SME coverage kept throughout. Vertical integration within business groups is "
          "invisible in an industry-level table.", "kor_consistent_definition"),
)


def verdict(change_pp: float, expect: str, material: float = MATERIAL_PP) -> str:
    """'yes', 'partly' or 'no': does a change (percentage points) bear out an expected rise, fall or
    no change? A change smaller than ``material`` points counts as no change; a change in the expected
    direction but smaller than ``material`` is 'partly'."""
    if expect == "flat":
        return "yes" if abs(change_pp) < material else "no"
    sign = 1.0 if expect == "rise" else -1.0 if expect == "fall" else None
    if sign is None:
        raise ValueError(f"expect must be 'rise', 'fall' or 'flat', got {expect!r}")
    s = sign * change_pp
    return "yes" if s >= material else "partly" if s > 0 else "no"


def _sda_value(indicator, country, base, year, scenario, results=None) -> float:
    r = load(results)
    sel = r[(r.indicator == indicator) & (r.country == country) & (r.year == year) & (r.base_year == base)
            & (r.scenario == scenario)]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows for {indicator} {country} {base}-{year} {scenario}")
    return float(sel.value.iloc[0])


def kiep_comparison(results=None, claims=KIEP_CLAIMS) -> pd.DataFrame:
    """One row per claim of the KIEP study: claim, country, ours (text with our numbers), agree, why,
    and the numbers behind ``ours``: indicator, scenario, y0, y1, start, end (percent; NaN for
    decomposition rows), change (percentage points), low1/high1 (5-95% range in y1, central only)."""
    rows = []
    for c in claims:
        if c.indicator.startswith("sda_"):
            part = pct(_sda_value(c.indicator, c.country, c.y0, c.y1, c.scenario, results))
            total = pct(_sda_value("sda_total", c.country, c.y0, c.y1, c.scenario, results))
            start = end = lo = hi = np.nan
            change = part
            ours = (f"input structure: {part:+.2f} points of a {total:+.2f}-point change in the indirect share, "
                    f"{c.y0}-{c.y1}")
        else:
            ch = change_between(c.indicator, c.country, c.y0, c.y1, scenario=c.scenario, results=results)
            start, end, change = pct(ch["start"]), pct(ch["end"]), pct(ch["change"])
            ours = f"{start:.1f}% ({c.y0}) to {end:.1f}% ({c.y1}), {change:+.1f} points"
            lo = hi = np.nan
            if c.scenario == "central":
                lo = pct(value_at(c.indicator, c.country, c.y1, results=results, column="low"))
                hi = pct(value_at(c.indicator, c.country, c.y1, results=results, column="high"))
                ours += f"; 5-95% range {c.y1}: {lo:.1f}-{hi:.1f}%"
        rows.append({"claim": c.claim, "country": c.country, "ours": ours, "agree": verdict(change, c.expect),
                     "why": c.why, "indicator": c.indicator, "scenario": c.scenario, "y0": c.y0, "y1": c.y1,
                     "start": start, "end": end, "change": change, "low1": lo, "high1": hi})
    return pd.DataFrame(rows)


def kiep_comparison_table(results=None) -> MarkdownTable:
    k = kiep_comparison(results)
    df = pd.DataFrame({"Claim of the KIEP study": k.claim.map(md_text), "Economy": k.country,
                       "What our results show": k.ours.map(md_text), "Agree?": k.agree,
                       "Why they may differ": k.why.map(md_text)})
    return MarkdownTable(df, caption="The KIEP study's findings and what our estimates show",
                         name="tbl-kiep-comparison", widths=[19, 9, 27, 9, 36])


# ---------------------------------------------------------------------------------------------- sensitivity

def sensitivity_table(indicator: str = "sme_indirect_share_dva_exports", years=(FIRST, PRE_BREAK, LAST),
                      results=None) -> pd.DataFrame:
    """``indicator`` (percent) in ``years`` under every scenario that has national rows, with the changes
    from the first year (percentage points). Index (economy, scenario label)."""
    r = load(results)
    rows = []
    for c in COUNTRIES:
        for s, label in SCENARIO_LABELS.items():
            sel = r[(r.indicator == indicator) & (r.scenario == s) & (r.country == c) & (r.industry == "")
                    & r.year.isin(years)].set_index("year").value
            if len(sel) != len(years):
                continue
            row = {"economy": c, "scenario": label}
            row.update({f"{y} (%)": pct(sel[y]) for y in years})
            row.update({f"change {years[0]}-{y} (points)": pct(sel[y] - sel[years[0]]) for y in years[1:]})
            rows.append(row)
    return pd.DataFrame(rows).set_index(["economy", "scenario"]).round(2)


# ---------------------------------------------------------------------------------------------- share status

def share_status_summary(countries=COUNTRIES, years=range(FIRST, LAST + 1), shares_path=None) -> pd.DataFrame:
    """How much of each country-year rests on which kind of firm-size share: country, year and, for
    gross output and exports, the percent whose industry share is published, derived (from published or
    interpolated aggregates that year) or assumed (a prior or a carried benchmark)."""
    from smegvc.io.data import load_niot
    from smegvc.evidence.shares import STATUSES, load_shares

    rows = []
    for c in countries:
        for y in years:
            t = load_niot(c, y)
            st = load_shares(c, y, path=shares_path)["status"].to_numpy()
            row = {"country": c, "year": y}
            for what, w in (("output", t.x), ("exports", np.clip(t.e, 0, None))):
                for s in STATUSES:
                    row[f"{what}_{s}"] = pct(w[st == s].sum() / w.sum())
            rows.append(row)
    return pd.DataFrame(rows)


def share_status_table(**kw) -> pd.DataFrame:
    """:func:`share_status_summary` for display: index (economy, year), percent derived and assumed."""
    s = share_status_summary(**kw)
    t = s.set_index(["country", "year"])[["output_derived", "output_assumed", "exports_derived", "exports_assumed"]]
    t.index = t.index.set_names(["economy", "year"])
    t.columns = ["output derived (%)", "output assumed (%)", "exports derived (%)", "exports assumed (%)"]
    return t.round(1)


def share_status_overview(**kw) -> pd.DataFrame:
    """Per country: years with any derived share and the mean percent of output and exports that rests on
    assumed shares over all years. Index economy."""
    s = share_status_summary(**kw)
    out = {}
    for c, g in s.groupby("country"):
        yrs = g.loc[(g.output_derived > 0) | (g.exports_derived > 0), "year"].tolist()
        out[c] = {"years with derived shares": _span(yrs) or "none",
                  "output on assumed shares, mean (%)": round(g.output_assumed.mean(), 1),
                  "exports on assumed shares, mean (%)": round(g.exports_assumed.mean(), 1)}
    df = pd.DataFrame(out).T
    df.index.name = "economy"
    return df


def _span(years) -> str:
    """'2001-2003' for consecutive years, '2001, 2007' otherwise."""
    years = sorted(int(y) for y in years)
    if not years:
        return ""
    groups, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            groups.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(groups)


# ---------------------------------------------------------------------------------------------- structure

def _group_of(code: str) -> str:
    for g, codes in EXPORT_GROUPS.items():
        if code in codes:
            return g
    return "Other goods" if code[0] in "ABC" else "Services"


def export_mix(results=None, years=None) -> pd.DataFrame:
    """Gross exports by industry group: country, year, group, exports (USD million), share (percent)."""
    e = by_industry("exports", results=results)
    if years is not None:
        e = e[e.year.isin(years)]
    e = e.assign(group=e.industry.map(_group_of))
    out = e.groupby(["country", "year", "group"]).value.sum().rename("exports").reset_index()
    out["share"] = pct(out.exports / out.groupby(["country", "year"]).exports.transform("sum"))
    out["group"] = pd.Categorical(out.group, list(EXPORT_GROUPS), ordered=True)
    return out.sort_values(["country", "year", "group"]).reset_index(drop=True)


def export_mix_table(years=(FIRST, LAST), results=None) -> pd.DataFrame:
    """:func:`export_mix` in ``years``: index group, columns (economy year) shares in percent."""
    m = export_mix(results, years)
    t = m.pivot_table(index="group", columns=["country", "year"], values="share", observed=True)
    t.columns = [f"{c} {y} (%)" for c, y in t.columns]
    t.index = t.index.astype(str)
    t.index.name = "export group"
    return t.round(1)


def firm_size_structure(countries=COUNTRIES, years=range(FIRST, LAST + 1), shares_path=None) -> pd.DataFrame:
    """Output and exports by firm size at the central shares: country, year, large_output, sme_output,
    large_exports, sme_exports (USD million), large_share_output, large_share_exports (percent)."""
    from smegvc.io.data import load_niot
    from smegvc.evidence.shares import load_shares

    rows = []
    for c in countries:
        for y in years:
            t = load_niot(c, y)
            sh = load_shares(c, y, path=shares_path)
            a, g = sh.sme_output_share.to_numpy(float), sh.sme_export_share.to_numpy(float)
            rows.append({"country": c, "year": y, "large_output": float(((1 - a) * t.x).sum()),
                         "sme_output": float((a * t.x).sum()), "large_exports": float(((1 - g) * t.e).sum()),
                         "sme_exports": float((g * t.e).sum())})
    df = pd.DataFrame(rows)
    df["large_share_output"] = pct(df.large_output / (df.large_output + df.sme_output))
    df["large_share_exports"] = pct(df.large_exports / (df.large_exports + df.sme_exports))
    return df


SOURCING = {
    "first_round": "SME first-round supply per dollar of large-firm exports",
    "all_rounds": "SME output induced per dollar of large-firm exports, all rounds",
    "domestic_inputs": "SME share of domestic inputs into exports",
}


def sourcing_series(results=None) -> pd.DataFrame:
    """Large exporters' domestic sourcing from SMEs (gross measures, percent): country, year, measure
    (:data:`SOURCING` keys), value, low, high (low/high for the domestic-inputs share only).

    first_round = s'A(e o (1-s)) / 1'(e o (1-s)); all_rounds = s'L(e o (1-s)) / 1'(e o (1-s)) (SME output
    in every round of supply to large exporters); domestic_inputs = s'(L-I)e / 1'(L-I)e. All three count
    gross output: never add them to direct exports.
    """
    ex = national("exports", results=results).set_index(["country", "year"]).value
    sme = national("sme_direct_exports", results=results).set_index(["country", "year"]).value
    large = ex - sme
    parts = []
    for key, ind in (("first_round", "sme_first_round_supply_large_exports"),
                     ("all_rounds", "sme_output_induced_by_large_exports")):
        v = national(ind, results=results).set_index(["country", "year"]).value
        parts.append(pct(v / large).rename("value").reset_index().assign(measure=key, low=np.nan, high=np.nan))
    d = national("sme_share_domestic_inputs_exports", results=results)
    parts.append(d.assign(measure="domestic_inputs", value=pct(d.value), low=pct(d.low), high=pct(d.high)))
    out = pd.concat(parts, ignore_index=True)
    return out[["country", "year", "measure", "value", "low", "high"]]


def sourcing_table(years=(FIRST, PRE_BREAK, LAST), results=None) -> pd.DataFrame:
    """:func:`sourcing_series` in ``years`` (percent; gross measures): index (economy, year), one column
    per measure."""
    s = sourcing_series(results)
    t = s[s.year.isin(years)].pivot_table(index=["country", "year"], columns="measure", values="value")
    t = t[list(SOURCING)]
    t.columns = ["SME first-round supply per $ of large-firm exports (cents)",
                 "SME output per $ of large-firm exports, all rounds (cents)",
                 "SME share of domestic inputs into exports (%)"]
    t.index = t.index.set_names(["economy", "year"])
    return t.round(1)


SDA_PARTS = {"sda_export_mix": "export mix", "sda_input_structure": "input structure",
             "sda_firm_size": "firm-size shares", "sda_total": "total change"}


def sda_table(results=None) -> pd.DataFrame:
    """The structural decomposition of the change in the SME indirect share (percentage points): one row
    per country, period and variant (Shapley central, Shapley with Korea's pre-2011 definition, polar
    average), columns export mix, input structure, firm-size shares, total change, and the indirect
    share (percent) at the start and end of the period under the variant's shares."""
    r = load(results)
    s = r[r.indicator.isin(list(SDA_PARTS))]
    variants = {"central": "Shapley", "kor_consistent_definition": "Shapley, pre-2011 definition",
                "sda_polar": "polar average"}
    rows = []
    for (c, b, y, sc), g in s.groupby(["country", "base_year", "year", "scenario"]):
        if sc == "kor_consistent_definition" and y <= PRE_BREAK:
            continue  # same shares as the central run before Korea's 2011 definition change
        v = g.set_index("indicator").value
        lvl = "central" if sc == "sda_polar" else sc
        row = {"economy": c, "period": f"{b}-{y}", "method": variants[sc]}
        row.update({lab: pct(v[k]) for k, lab in SDA_PARTS.items()})
        row["indirect share at start (%)"] = pct(value_at(CHANNELS["indirect"], c, int(b), lvl, results=results))
        row["indirect share at end (%)"] = pct(value_at(CHANNELS["indirect"], c, int(y), lvl, results=results))
        rows.append(row)
    order = {m: i for i, m in enumerate(variants.values())}
    df = pd.DataFrame(rows)
    df = df.sort_values(["economy", "period", "method"], key=lambda col: col.map(order) if col.name == "method"
                        else col).set_index(["economy", "period", "method"])
    return df


# ---------------------------------------------------------------------------------------------- electronics

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


def sme_industry_table(years=(FIRST, LAST), industries=("C26", "C27"), results=None) -> pd.DataFrame:
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


def participation_series(industry: str = "c14", countries=COUNTRIES + ("CHN", "JPN", "USA"),
                         results=None) -> pd.DataFrame:
    """Backward and forward GVC participation (WIOD 2013, percent of gross exports): country, year,
    measure ('backward', 'forward'), value. ``industry`` '' for the whole economy, 'c14' for electrical and
    optical equipment."""
    r = load(results)
    s = r[(r.scenario == "wiod2013") & (r.industry == industry) & r.country.isin(countries)
          & r.indicator.isin(["gvc_backward", "gvc_forward"])]
    return s.assign(measure=s.indicator.str.removeprefix("gvc_"), value=pct(s.value))[
        ["country", "year", "measure", "value"]].sort_values(["country", "measure", "year"]).reset_index(drop=True)


def electronics_destinations(partners=("CHN", "JPN", "USA")) -> pd.DataFrame:
    """Where KOR's and TWN's c14 intermediate exports go (WIOD 2013): year, origin, destination
    (``partners`` or 'Other'), value (USD million), share (percent)."""
    from smegvc.io.data import load_wiod2013
    from smegvc.engine.gvc import electronics_destinations as dest

    d = dest(load_wiod2013("electronics"))
    d = d.assign(destination=d.destination.where(d.destination.isin(partners), "Other"))
    out = d.groupby(["year", "origin", "destination"]).value.sum().reset_index()
    out["share"] = pct(out.value / out.groupby(["year", "origin"]).value.transform("sum"))
    out["destination"] = pd.Categorical(out.destination, list(partners) + ["Other"], ordered=True)
    return out.sort_values(["origin", "destination", "year"]).reset_index(drop=True)


def destinations_table(years=(2000, 2011), partners=("CHN", "JPN", "USA")) -> pd.DataFrame:
    """:func:`electronics_destinations` in ``years``: index destination, columns (origin year) shares in
    percent."""
    d = electronics_destinations(partners)
    d = d[d.year.isin(years)]
    t = d.pivot_table(index="destination", columns=["origin", "year"], values="share", observed=True)
    t.columns = [f"{o} {y} (%)" for o, y in t.columns]
    t.index = [COUNTRY_NAMES.get(str(i), str(i)) for i in t.index]
    t.index.name = "destination"
    return t


def china_va_source_share(industry: str = "c14") -> pd.DataFrame:
    """China's share of the foreign value added in KOR's and TWN's exports of ``industry`` (WIOD 2013):
    country, year, value (percent)."""
    from smegvc.io.data import load_wiod2013
    from smegvc.engine.gvc import foreign_va_sources

    f = foreign_va_sources(load_wiod2013("va"), industry)
    f = f[(f.source == "CHN") & f.country.isin(COUNTRIES)]
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
        years = (FIRST, LAST) if key in ("dva", "imp", "sme") else (FIRST, last13)
        for y in years:
            rows.append({"measure": label, "year": y,
                         **{COUNTRY_NAMES[c] + " (%)": float(get[key](c, y)) for c in COUNTRIES}})
    return pd.DataFrame(rows).set_index(["measure", "year"]).round(1)


# ---------------------------------------------------------------------------------------------- appendix

def load_package(path=None) -> dict:
    """``data/datapackage.json`` as a dict."""
    from smegvc.io.datapackage import PACKAGE_FILE

    p = Path(path) if path is not None else paths.DATA / PACKAGE_FILE
    tracking.record_read(p)
    return json.loads(p.read_text(encoding="utf-8"))


def count_rows(path) -> int:
    """Data rows of a (possibly gzip) CSV file: lines after the header, counting quoted line breaks once."""
    import csv

    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8", newline="") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


def resource_table(package: dict | None = None, data_dir=None) -> pd.DataFrame:
    """One row per resource of the data package: path, title, source, licence, rows (CSV only),
    sha256 (first 12 hex digits)."""
    pkg = load_package() if package is None else package
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA
    rows = []
    for r in pkg["resources"]:
        p = data_dir / r["path"]
        n = None
        if r.get("format") == "csv" and p.is_file():
            tracking.record_read(p)
            n = count_rows(p)
        src = "; ".join(s.get("title", "") for s in r.get("sources", []))
        lic = "; ".join(x.get("name", "") for x in r.get("licenses", pkg.get("licenses", [])))
        rows.append({"path": r["path"], "title": r.get("title", ""), "source": src, "licence": lic,
                     "rows": n, "sha256": r.get("hash", "").removeprefix("sha256:")[:12]})
    return pd.DataFrame(rows).astype({"rows": "Int64"})


def resource_markdown_table(**kw) -> MarkdownTable:
    """:func:`resource_table` as a typeset table (path, content and source, licence, rows, sha256 prefix)."""
    t = resource_table(**kw)
    df = pd.DataFrame({"File (in data/)": t.path.map(lambda s: md_text(s.replace("/", "/ "))),
                       "Content and source": [md_text(f"{a}. Source: {b}") for a, b in zip(t.title, t.source)],
                       "Licence": t.licence.map(md_text),
                       "Rows": t.rows.map(lambda n: "" if pd.isna(n) else f"{int(n):,}"),
                       "sha256 (start)": t.sha256})
    return MarkdownTable(df, caption="The data files of the report (generated from data/datapackage.json)",
                         name="tbl-data-resources", widths=[29, 34, 8, 12, 17])


def definitions_table() -> MarkdownTable:
    """The SME definitions behind the published figures: economy, definition, years of the figures that
    use it, number of figures (from data/sme/published_sme_statistics.csv)."""
    from smegvc.evidence.sme_stats import load_published

    p = load_published()
    g = p.groupby(["country", "sme_definition"], sort=False).year.agg(["min", "max", "size"]).reset_index()
    g = g.sort_values(["country", "min", "max"])
    df = pd.DataFrame({"Economy": g.country, "SME definition (as used by the source)": g.sme_definition.map(md_text),
                       "Years of the figures": [f"{a}" if a == b else f"{a}-{b}" for a, b in zip(g["min"], g["max"])],
                       "Figures": g["size"].astype(str)})
    return MarkdownTable(df, caption="SME definitions behind the published statistics",
                         name="tbl-data-definitions", widths=[9, 65, 14, 8])


# ---------------------------------------------------------------------------------------------- glue

def _f(x) -> float:
    return float(round(float(x), 6))


def _lvl(out, name, indicator, country, year, scenario="central", results=None, bands=True):
    out[name] = _f(pct(value_at(indicator, country, year, scenario, results=results)))
    if bands and scenario == "central":
        out[name + "_low"] = _f(pct(value_at(indicator, country, year, results=results, column="low")))
        out[name + "_high"] = _f(pct(value_at(indicator, country, year, results=results, column="high")))


def headline_numbers(results=None) -> dict[str, float]:
    """Levels (percent, with _low/_high bands) of the three channels for each economy in 2000, 2010 and
    2014, changes 2000-2010 and 2000-2014 (points), and Korea's pre-2011-definition values. Names:
    ``<channel>_<kor|twn>_<year>``, ``d<channel>_<iso>_<y0>_<y1>``, ``<channel>_kor_cons_<year>``."""
    out: dict[str, float] = {}
    for c in COUNTRIES:
        k = c.lower()
        for ch, ind in CHANNELS.items():
            for y in (FIRST, 2007, PRE_BREAK, 2011, LAST):
                _lvl(out, f"{ch}_{k}_{y}", ind, c, y, results=results)
            for y0, y1 in ((FIRST, PRE_BREAK), (FIRST, LAST), (PRE_BREAK, 2011)):
                out[f"d{ch}_{k}_{y0}_{y1}"] = _f(pct(change_between(ind, c, y0, y1, results=results)["change"]))
    for ch, ind in CHANNELS.items():
        for y in (FIRST, PRE_BREAK, 2011, LAST):
            _lvl(out, f"{ch}_kor_cons_{y}", ind, "KOR", y, "kor_consistent_definition", results)
        out[f"d{ch}_kor_cons_{FIRST}_{LAST}"] = _f(pct(change_between(
            ind, "KOR", FIRST, LAST, scenario="kor_consistent_definition", results=results)["change"]))
    for c in COUNTRIES:
        k = c.lower()
        for y in (FIRST, PRE_BREAK, LAST):
            out[f"via_large_of_sme_{k}_{y}"] = _f(pct(value_at("sme_indirect_share_sme_va_exports", c, y,
                                                               results=results)))
            out[f"sme_va_gross_{k}_{y}"] = _f(pct(value_at("sme_va_exports_share_gross_exports", c, y,
                                                           results=results)))
    return out


def status_numbers(**kw) -> dict[str, float]:
    """Share-status figures for the text: mean percent of exports and output on assumed shares per
    economy, the largest percent of exports on derived shares in any year, and the count of country-years
    with no derived share at all."""
    s = share_status_summary(**kw)
    out: dict[str, float] = {}
    for c, g in s.groupby("country"):
        k = c.lower()
        out[f"assumed_exports_{k}"] = _f(g.exports_assumed.mean())
        out[f"assumed_output_{k}"] = _f(g.output_assumed.mean())
        out[f"max_derived_exports_{k}"] = _f(g.exports_derived.max())
        out[f"max_derived_output_{k}"] = _f(g.output_derived.max())
        out[f"years_all_assumed_{k}"] = int(((g.output_derived == 0) & (g.exports_derived == 0)
                                             & (g.output_published == 0)).sum())
    out["n_years"] = int(s.year.nunique())
    return out


def direct_numbers(results=None) -> dict[str, float]:
    """The OECD comparison and the engine's calibrated direct export shares (percent) for the text:
    oecd_year, oecd_korea, oecd_avg, oecd_n, model_<goods|all>_<iso>_<year>."""
    out: dict[str, float] = {}
    o = oecd_comparison()
    out.update({"oecd_year": o["year"], "oecd_korea": _f(o["korea"]), "oecd_avg": _f(o["oecd"]),
                "oecd_n": o["oecd_countries"]})
    m = modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    for c in COUNTRIES:
        k = c.lower()
        for scope in ("goods", "all"):
            for y in (FIRST, PRE_BREAK, 2011, LAST):
                out[f"model_{scope}_{k}_{y}"] = _f(m[(c, scope, y)])
    return out


def comparison_numbers(results=None) -> dict[str, float]:
    """Numbers of :func:`published_comparison` and :func:`kiep_comparison` for the text."""
    out: dict[str, float] = {}
    p = published_comparison(results)
    for y in (2003, 2008):
        out[f"ours_direct_gross_kor_{y}"] = _f(pct(value_at("sme_direct_export_share", "KOR", y, results=results)))
        out[f"ours_first_round_kor_{y}"] = _f(_ratio_at("sme_first_round_supply_large_exports", "exports", "KOR", y,
                                                        results))
        out[f"ours_total_kor_{y}"] = _f(pct(value_at("sme_share_dva_exports", "KOR", y, results=results)))
    last = p.iloc[-1]
    out["ours_inputs_kor_last"], out["ours_inputs_kor_last_year"] = _f(last.our_value), int(last.our_year)
    out["material_pp"] = _f(MATERIAL_PP)
    k = kiep_comparison(results)
    out["kiep_n"] = len(k)
    for v in ("yes", "partly", "no"):
        out[f"kiep_{v}"] = int((k.agree == v).sum())
    return out


def why_numbers(results=None) -> dict[str, float]:
    """Numbers for the why-they-differ chapter: export mix, firm-size structure, sourcing, SDA parts."""
    out: dict[str, float] = {}
    m = export_mix(results, (FIRST, LAST)).set_index(["country", "year", "group"]).share
    f = firm_size_structure(years=(FIRST, PRE_BREAK, LAST)).set_index(["country", "year"])
    s = sourcing_series(results).set_index(["country", "measure", "year"]).value
    for c in COUNTRIES:
        k = c.lower()
        for y in (FIRST, LAST):
            out[f"mix_c26_{k}_{y}"] = _f(m[(c, y, "Electronics (C26)")])
            out[f"mix_services_{k}_{y}"] = _f(m[(c, y, "Services")])
        for y in (FIRST, PRE_BREAK, LAST):
            out[f"large_output_{k}_{y}"] = _f(f.loc[(c, y), "large_share_output"])
            out[f"large_exports_{k}_{y}"] = _f(f.loc[(c, y), "large_share_exports"])
            for meas in SOURCING:
                out[f"{meas}_{k}_{y}"] = _f(s[(c, meas, y)])
        out[f"large_exports_growth_{k}"] = _f(f.loc[(c, LAST), "large_exports"] / f.loc[(c, FIRST), "large_exports"])
    sda = sda_table(results)
    short = {"export mix": "mix", "input structure": "input", "firm-size shares": "size", "total change": "total"}
    tag = {"Shapley": "", "Shapley, pre-2011 definition": "_cons", "polar average": "_polar"}
    for (c, period, method), row in sda.iterrows():
        for lab, sh in short.items():
            out[f"sda_{sh}_{c.lower()}_{period.replace('-', '_')}{tag[method]}"] = _f(row[lab])
    parts = ["export mix", "input structure", "firm-size shares"]
    shap = sda.xs("Shapley", level="method")[parts]
    polar = sda.xs("polar average", level="method")[parts]
    out["sda_polar_maxdiff"] = _f((shap - polar).abs().to_numpy().max())
    return out


def phone_numbers(results=None) -> dict[str, float]:
    """Numbers for the electronics sections of the phone chapter (percent)."""
    out: dict[str, float] = {}
    va = va_content_series(results=results).set_index(["country", "industry", "measure", "year"]).value
    sme = sme_share_industry(results=results).set_index(["country", "industry", "year"])
    ch = china_share_series(results).set_index(["country", "year"]).value
    part = participation_series(results=results).set_index(["country", "measure", "year"]).value
    src = china_va_source_share().set_index(["country", "year"]).value
    dest = electronics_destinations().set_index(["origin", "destination", "year"]).share
    w13 = sorted(ch.index.get_level_values("year").unique())
    out["w13_first"], out["w13_last"] = int(w13[0]), int(w13[-1])
    for c in COUNTRIES:
        k = c.lower()
        for ind in ("C26", "C27"):
            i = ind.lower()
            for y in (FIRST, PRE_BREAK, LAST):
                out[f"dva_{i}_{k}_{y}"] = _f(va[(c, ind, "domestic value added", y)])
                out[f"imp_{i}_{k}_{y}"] = _f(va[(c, ind, "imported inputs", y)])
            for y in (FIRST, LAST):
                out[f"sme_{i}_{k}_{y}"] = _f(sme.loc[(c, ind, y), "value"])
                out[f"sme_{i}_{k}_{y}_low"] = _f(sme.loc[(c, ind, y), "low"])
                out[f"sme_{i}_{k}_{y}_high"] = _f(sme.loc[(c, ind, y), "high"])
        for y in (w13[0], 2000, w13[-1]):
            for partner in ("JPN", "USA"):
                out[f"dest_{partner.lower()}_{k}_{y}"] = _f(dest[(c, partner, y)])
            out[f"china_{k}_{y}"] = _f(ch[(c, y)])
            out[f"chinava_{k}_{y}"] = _f(src[(c, y)])
            for meas in ("backward", "forward"):
                out[f"{meas}_{k}_{y}"] = _f(part[(c, meas, y)])
    return out


def sensitivity_numbers(results=None) -> dict[str, float]:
    """Smallest and largest change (points) of the indirect and total shares over 2000-2010 and 2000-2014
    across the scenarios of :func:`sensitivity_table`, and the range of the 2014 levels, per economy:
    sens_<d|lvl>_<channel>_<iso>_<period|2014>_<min|max>."""
    out: dict[str, float] = {}
    for ch in ("indirect", "total"):
        t = sensitivity_table(CHANNELS[ch], results=results)
        for c in COUNTRIES:
            k, sub = c.lower(), t.loc[c]
            for col, tag in ((f"change {FIRST}-{PRE_BREAK} (points)", f"d_{ch}_{k}_{FIRST}_{PRE_BREAK}"),
                             (f"change {FIRST}-{LAST} (points)", f"d_{ch}_{k}_{FIRST}_{LAST}"),
                             (f"{LAST} (%)", f"lvl_{ch}_{k}_{LAST}")):
                out[f"sens_{tag}_min"], out[f"sens_{tag}_max"] = _f(sub[col].min()), _f(sub[col].max())
    return out


def policy_numbers(results=None) -> dict[str, float]:
    """Numbers the policy chapter quotes that no other ``*_numbers`` function glues (percent, points):

    * ``direct_gross_<iso>_<year>`` (2000, 2010, 2014) and ``d_direct_gross_<iso>_<y0>_<y1>`` (2000-2010,
      2000-2014): the engine's SME direct export share in the scope of each economy's published series
      (Korea: goods exports; Taiwan: all exports), see :func:`modelled_direct_share`;
    * ``dependence_<iso>_<year>`` (+ ``_low``/``_high``; 2000, 2014) and ``ddependence_<iso>_2000_2014``:
      export dependence of SME value added, ``(vc o s)'Le / s'v``;
    * ``ddva_c26_<iso>_2000_2014``, ``dimp_c26_<iso>_2000_2014``: change in the domestic value-added share
      and the import content of electronics (C26) exports;
    * ``via_large_of_sme_kor_cons_2014``: the share of Korean SMEs' exported value added that leaves through
      large exporters in 2014 with the pre-2011 SME coverage kept.
    """
    out: dict[str, float] = {}
    scope = {"KOR": "goods", "TWN": "all"}
    m = modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    va = va_content_series(("C26",), results).set_index(["country", "measure", "year"]).value
    for c in COUNTRIES:
        k = c.lower()
        for y in (FIRST, PRE_BREAK, LAST):
            out[f"direct_gross_{k}_{y}"] = _f(m[(c, scope[c], y)])
        for y0, y1 in ((FIRST, PRE_BREAK), (FIRST, LAST)):
            out[f"d_direct_gross_{k}_{y0}_{y1}"] = _f(m[(c, scope[c], y1)] - m[(c, scope[c], y0)])
        for y in (FIRST, LAST):
            _lvl(out, f"dependence_{k}_{y}", "sme_export_dependence", c, y, results=results)
        out[f"ddependence_{k}_{FIRST}_{LAST}"] = _f(pct(change_between("sme_export_dependence", c, FIRST, LAST,
                                                                       results=results)["change"]))
        for meas, tag in (("domestic value added", "dva"), ("imported inputs", "imp")):
            out[f"d{tag}_c26_{k}_{FIRST}_{LAST}"] = _f(va[(c, meas, LAST)] - va[(c, meas, FIRST)])
    out["via_large_of_sme_kor_cons_2014"] = _f(pct(value_at("sme_indirect_share_sme_va_exports", "KOR", LAST,
                                                            "kor_consistent_definition", results=results)))
    return out


def scenario_table() -> MarkdownTable:
    """The engine's scenarios as documented in :data:`smegvc.engine.results.SCENARIOS`."""
    from smegvc.engine.results import SCENARIOS

    df = pd.DataFrame({"Scenario": [f"`{k}`" for k in SCENARIOS],
                       "Label in the report": [SCENARIO_LABELS.get(k, "") for k in SCENARIOS],
                       "Definition": [md_text(v) for v in SCENARIOS.values()]})
    return MarkdownTable(df, caption="Scenarios of the results table (data/results/results.csv)",
                         name="tbl-data-scenarios", widths=[20, 22, 58])


def status_spans(**kw) -> dict[str, str]:
    """Years with any derived share, per economy, as text: derived_years_<iso> (e.g. '2001-2003')."""
    s = share_status_summary(**kw)
    return {f"derived_years_{c.lower()}": _span(g.loc[(g.output_derived > 0) | (g.exports_derived > 0), "year"])
            or "no year" for c, g in s.groupby("country")}


def formatted(df: pd.DataFrame, fmt: str = "{:.2f}") -> pd.DataFrame:
    """A copy of ``df`` with its numbers as text in ``fmt`` (for tables whose numbers need more decimals
    than the notebook default shows); missing values become empty text."""
    return df.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else fmt.format(v))
                    if pd.api.types.is_numeric_dtype(col) else col)


def show_table(df: pd.DataFrame, caption: str | None = None, name: str | None = None, fmt: str = "{:.1f}",
               widths: list[int] | None = None) -> MarkdownTable:
    """``df`` as a typeset table: index levels become the first columns, numbers are written with ``fmt``
    (missing values empty), text is escaped; with ``caption`` numbered and, with ``name``, a {numref}
    target. Its plain-text form (what nbval compares) is the formatted table."""
    t = df.reset_index() if any(n is not None for n in df.index.names) else df.reset_index(drop=True)
    out = formatted(t, fmt)
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(t[col]):
            out[col] = t[col].map(lambda v: "" if pd.isna(v) else md_text(v))
        elif pd.api.types.is_integer_dtype(t[col]):
            out[col] = t[col].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return MarkdownTable(out, caption=caption, name=name, widths=widths)


def method_numbers() -> dict[str, float]:
    """Parameters of the method quoted in the text: n_industries (WIOD 2016), n_draws (Monte Carlo draws per
    country-year), va_ratio (SME value added per unit of output relative to the large firms' in the
    beta_ne_alpha scenario), linkage_odds (factor on the odds that an SME sells to a large firm)."""
    from smegvc.engine import results as res

    return {"n_industries": len(INDUSTRIES), "n_draws": int(res.N_DRAWS), "va_ratio": _f(res.VA_RATIO),
            "linkage_odds": _f(1.0 + res.LINKAGE_BIAS)}
