"""KITA's published estimates of Korean SMEs' indirect exports beside our measures on matched bases
(book/indirect-exports.ipynb; issue 11, item 4). Percent; growth in percent per year.

    kita_matched()         tidy frame, one row per published figure and measure of ours: the published figure,
                           our measure on the matched basis (first round, goods, won), what is matched, and the
                           scope mismatch that remains
    kita_matched_table()   the same as a typeset table (tbl-indirect-kita-matched)
    kita_matched_numbers() glue keys ``kitam_<key>`` (ours) of every row, KITA's growth rate and the years

The measures are :mod:`smegvc.engine.matched` on the WIOD 2016 tables split with the committed central
shares: Korea's SME definition in force each year (``data/sme/firm_size_shares.csv``: KITA publishes on the
definition of its time), and, for the growth rate, also with the pre-2011 coverage held
(``firm_size_shares_kor_consistent.csv``). Won: WIOD's exchange rates (``data/wiod2016/exchange_rates.csv``).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from smegvc import paths
from smegvc.engine.indicators import Core
from smegvc.engine.matched import cagr, first_round_amounts, matched_shares
from smegvc.engine.split import SplitShares
from smegvc.evidence.shares import load_shares
from smegvc.evidence.shares_schema import CONSISTENT_FILE
from smegvc.io.wiod2016.load import exchange_rates, load_niot
from smegvc.report.query import num, pct, published_value
from smegvc.report.tables import MarkdownTable, md_text
from smegvc.scope import LAST_YEAR

KITA2010_YEARS = (2003, 2008)
GROWTH_FROM = 2001          # KITA (2017): average growth 2001-2015; our tables end in LAST_YEAR
COLUMNS = ["key", "published_id", "published", "year", "published_value", "unit", "ours", "our_year", "our_value",
           "matched_on", "mismatch"]

_KITA2010_MISMATCH = ("KITA counts firms by the exporter of record (customs): SME goods exported through trading "
                      "companies count for KITA as indirect or large-firm exports, for WIOD as exports of the "
                      "producing industry (our direct share); KITA's method is not published (first round presumed)")
_DIRECT_MISMATCH = ("none in the level: our SME share of goods exports is calibrated to this figure (exporter of "
                    "record for KITA, producing industry for the tables)")
_INPUTS_MISMATCH = ("one year apart; KITA's round is not stated (an input-output multiplier, i.e. all rounds, is "
                    "possible); WIOD's industry split of output by firm size rests on assumed shares")


@lru_cache(maxsize=8)
def _amounts(year: int, consistent: bool = False) -> dict:
    t = load_niot("KOR", year)
    frame = load_shares("KOR", year, path=paths.DATA / CONSISTENT_FILE if consistent else None)
    sh = SplitShares.from_frame(frame, t.industries)
    return first_round_amounts(Core.from_table(t), sh.alpha, sh.gamma)


def _won_tn(amount_usd_m: float, year: int) -> float:
    """USD million -> trillion won at WIOD's rate of ``year``."""
    r = exchange_rates()
    rate = float(r[(r.country == "KOR") & (r.year == year)].usd_per_unit.iloc[0])
    return amount_usd_m / rate / 1e6


def kita_matched() -> pd.DataFrame:
    """The comparison (see module docstring): columns :data:`COLUMNS`; values in percent (growth: percent per
    year). ``key`` names the row for glue (``kitam_<key>``)."""
    rows = []
    for y in KITA2010_YEARS:
        s = matched_shares(_amounts(y))
        for kind, pid, label, ours, matched in (
                ("direct", f"KOR-EXP-{y}", "SME direct exports, % of exports",
                 "SME exports of goods industries, % of goods exports", "goods exports"),
                ("indirect", f"KOR-EXPIND-{y}", "SME supplies to large exporters, % of exports",
                 "First-round sales of SME goods suppliers to large goods exporters, % of goods exports",
                 "first round; goods suppliers and exporters; share of goods exports"),
                ("total", f"KOR-EXPINCL-{y}", "Direct plus indirect, % of exports",
                 "Direct plus first-round indirect, goods, % of goods exports",
                 "first round; goods suppliers and exporters; share of goods exports")):
            v, py = published_value(pid)
            rows.append((f"{kind}_{y}", pid, label + " (KITA 2010)", py, v, "%", ours, y,
                         pct(s[f"{kind}_goods"]), matched, _DIRECT_MISMATCH if kind == "direct" else _KITA2010_MISMATCH))
    v, py = published_value("KOR-INDINP-2015")
    rows.append(("inputs_last", "KOR-INDINP-2015", "SME share of the domestic supply of export materials and parts "
                 "(KITA 2017)", py, v, "%", "SME share of the first-round domestic goods inputs into exports", LAST_YEAR,
                 pct(matched_shares(_amounts(LAST_YEAR))["inputs_goods"]), "first round; goods suppliers; gross",
                 _INPUTS_MISMATCH))
    v, _ = published_value("KOR-INDCAGR-2015")
    n = LAST_YEAR - GROWTH_FROM
    period = f"{GROWTH_FROM}-{LAST_YEAR}"
    a0, a1 = _amounts(GROWTH_FROM)["sme_goods_inputs_exports"], _amounts(LAST_YEAR)["sme_goods_inputs_exports"]
    c0, c1 = (_amounts(y, consistent=True)["sme_goods_inputs_exports"] for y in (GROWTH_FROM, LAST_YEAR))
    growth_label = "Growth of SME supplies of export materials and parts, % a year, 2001-2015 (KITA 2017)"
    for key, ours, val, matched, mismatch in (
            ("growth_won", f"Growth of SME goods suppliers' first-round inputs into exports, in won, {period}",
             cagr(_won_tn(a0, GROWTH_FROM), _won_tn(a1, LAST_YEAR), n), "first round; goods suppliers; won",
             "ends a year earlier; SME definition in force each year (KITA's is not stated), so the 2011 "
             "definition change (mid-sized firms no longer SMEs) lowers the later years"),
            ("growth_won_consistent", f"The same, pre-2011 SME coverage held throughout, in won, {period}",
             cagr(_won_tn(c0, GROWTH_FROM), _won_tn(c1, LAST_YEAR), n), "first round; goods suppliers; won",
             "ends a year earlier; one SME definition throughout, unlike any published series"),
            ("growth_usd", f"The same as the first growth row, in US dollars, {period}", cagr(a0, a1, n),
             "first round; goods suppliers", "in dollars, not won: the won's movements against the dollar are in "
             "the difference")):
        rows.append((key, "KOR-INDCAGR-2015", growth_label, 2015, v, "% a year", ours, LAST_YEAR, pct(val),
                     matched, mismatch))
    return pd.DataFrame(rows, columns=COLUMNS)


def kita_matched_table() -> MarkdownTable:
    """:func:`kita_matched` as a typeset table (tbl-indirect-kita-matched)."""
    k = kita_matched()
    df = pd.DataFrame({
        "Published (KITA)": k.published.map(md_text), "Year": k.year.astype(str),
        "Published": [f"{v:.1f}" for v in k.published_value], "Our measure on a matched basis": k.ours.map(md_text),
        "Our year": k.our_year.astype(str), "Ours": [f"{v:.1f}" for v in k.our_value],
        "Matched on": k.matched_on.map(md_text), "Mismatch that remains": k.mismatch.map(md_text)})
    return MarkdownTable(df, caption="KITA's estimates of Korean SMEs' indirect exports beside our measures on matched "
                                     "bases (first round, goods suppliers, won), with the scope mismatch that remains "
                                     "(percent; growth in percent a year; central shares)",
                         name="tbl-indirect-kita-matched", widths=[17, 6, 7, 20, 6, 6, 13, 25])


def kita_matched_numbers() -> dict[str, float]:
    """Glue: ``kitam_<key>`` = our value of each row of :func:`kita_matched` (percent or percent a year);
    ``kitam_growth_from`` / ``kitam_growth_to`` the years of our growth rates; ``kitam_pub_growth`` KITA's rate
    and ``kitam_pub_growth_to`` its last year; ``kitam_year_a`` / ``_b`` the years of KITA's 2010 figures."""
    k = kita_matched()
    out = {f"kitam_{key}": num(v) for key, v in zip(k.key, k.our_value)}
    g = k[k.key == "growth_won"].iloc[0]
    out.update({"kitam_growth_from": GROWTH_FROM, "kitam_growth_to": LAST_YEAR, "kitam_pub_growth": num(g.published_value),
                "kitam_pub_growth_to": int(g.year), "kitam_year_a": KITA2010_YEARS[0], "kitam_year_b": KITA2010_YEARS[1]})
    return out
