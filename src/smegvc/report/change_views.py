"""Changes with intervals, benchmark sets, what the tables identify, and the verdicts on the KIEP study,
as frames, tables and glue numbers for the chapters (percent; changes in percentage points).

    load_changes()                     data/results/changes.csv (the committed one, loaded once per process)
    change(country, indicator, y0, y1, scenario)   dict value, low, high (percentage points)
    envelope(country, indicator, y0, y1)           the widest interval over the benchmark sets (points)
    change_table(indicators, periods)  central change, what the tables alone and the shares alone give, and
                                       the change under each benchmark set, each with its 90% interval
    verdicts()                         :func:`smegvc.engine.verdicts.kiep_verdicts` on the committed changes:
                                       the table, tally and sentences come from this one call
    verdict_table(), verdict_sentences_md(), verdict_numbers()
    published_use_markdown()           every published figure: used (in which sets) or excluded, and why
    change_numbers()                   glue numbers: d/io/sh/<channel>_<iso>_<y0>_<y1> (+ _low/_high, _sets_*)
"""
from __future__ import annotations

import pandas as pd

from smegvc import paths, tracking
from smegvc.engine.changes import BENCHMARK_SCENARIOS, CHANGE_SCENARIOS
from smegvc.engine.results import CHANGES_FILE
from smegvc.engine.verdicts import PHRASE, PHRASE_EXPLANATION, VERDICTS, Verdicts, kiep_verdicts
from smegvc.evidence.benchmark_sets import published_use_table
from smegvc.report.escape import Markdown
from smegvc.report.tables import MarkdownTable, md_text
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, NAMES, PRE_BREAK

MEASURES = {"sme_direct_share_dva_exports": ("direct", "Direct channel, value added"),
            "sme_indirect_share_dva_exports": ("indirect", "Indirect channel, value added"),
            "sme_share_dva_exports": ("total", "Total, value added"),
            "sme_direct_export_share": ("gdirect", "Direct exports, gross"),
            "sme_indirect_export_share_gross_first": ("gind1", "Sales to large exporters, first round, gross"),
            "sme_indirect_export_share_gross_all": ("gind", "Sales to large exporters, all rounds, gross"),
            "sme_total_export_share_gross_first": ("gtot1", "Direct plus first-round sales, gross"),
            "sme_total_export_share_gross_all": ("gtot", "Direct plus all-round sales, gross")}
SCENARIO_TEXT = {"central": "Central", "kor_in_force": "Korea, definition in force",
                 "bm_all_usable": "All usable figures", "bm_first_hand": "Without second-hand figures",
                 "bm_kor_mfg_drift": "Korean manufacturing drifting", "io_only": "Tables alone (shares of the start year)",
                 "shares_only": "Shares alone (table of the start year)", "interaction": "Interaction"}
PERIODS = ((FIRST_YEAR, PRE_BREAK), (FIRST_YEAR, LAST_YEAR), (PRE_BREAK, LAST_YEAR))
_CACHE: dict = {}


def load_changes(changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The change table (share units): ``changes`` if given, else the committed one."""
    if changes is not None:
        return changes
    p = paths.DATA / CHANGES_FILE
    key = (str(p), p.stat().st_mtime_ns, p.stat().st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = pd.read_csv(p)
    tracking.record_read(p)
    return _CACHE[key]


def change(country, indicator, y0, y1, scenario="central", changes=None) -> dict[str, float]:
    """One change in percentage points: value, low, high."""
    c = load_changes(changes)
    sel = c[(c.country == country) & (c.indicator == indicator) & (c.from_year == y0) & (c.to_year == y1)
            & (c.scenario == scenario)]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} change rows for {country} {indicator} {y0}-{y1} {scenario}")
    r = sel.iloc[0]
    return {"value": 100 * float(r.value), "low": 100 * float(r.low), "high": 100 * float(r.high)}


def envelope(country, indicator, y0, y1, changes=None) -> dict[str, float]:
    """The lowest 5th and highest 95th percentile of the change over every benchmark set that concerns the
    economy (points), and the smallest and largest central change: low, high, min, max. The interval excludes
    zero in every set exactly when this envelope does."""
    c = load_changes(changes)
    sel = c[(c.country == country) & (c.indicator == indicator) & (c.from_year == y0) & (c.to_year == y1)
            & c.scenario.isin(BENCHMARK_SCENARIOS)]
    if sel.empty:
        raise KeyError(f"no change rows for {country} {indicator} {y0}-{y1}")
    return {"low": 100 * float(sel.low.min()), "high": 100 * float(sel.high.max()),
            "min": 100 * float(sel.value.min()), "max": 100 * float(sel.value.max()), "n": int(len(sel))}


def _cell(d) -> str:
    return f"{d['value']:+.1f} ({d['low']:+.1f} to {d['high']:+.1f})"


def change_table(indicators=("sme_indirect_share_dva_exports", "sme_share_dva_exports"), periods=PERIODS,
                 changes=None) -> pd.DataFrame:
    """Per economy, measure and period: the central change, its parts (tables alone, shares alone) and the
    change under each other benchmark set, each as 'value (5th to 95th percentile)' in points."""
    c = load_changes(changes)
    rows = []
    for country in ECONOMIES:
        sets = [s for s in BENCHMARK_SCENARIOS[1:] if ((c.country == country) & (c.scenario == s)).any()]
        for ind in indicators:
            for y0, y1 in periods:
                row = {"economy": NAMES[country], "measure": MEASURES[ind][1], "period": f"{y0}-{y1}"}
                for s in ("central", "io_only", "shares_only", *sets):
                    row[SCENARIO_TEXT[s]] = _cell(change(country, ind, y0, y1, s, c))
                rows.append(row)
    return pd.DataFrame(rows)


def change_markdown(indicators=("sme_indirect_share_dva_exports", "sme_share_dva_exports"), periods=PERIODS,
                    changes=None, **kw) -> MarkdownTable:
    """:func:`change_table` as a typeset table; benchmark sets that concern only one economy are shown in one
    column ('Other benchmark sets')."""
    c = load_changes(changes)
    rows = []
    for country in ECONOMIES:
        sets = [s for s in BENCHMARK_SCENARIOS[1:] if ((c.country == country) & (c.scenario == s)).any()]
        for ind in indicators:
            for y0, y1 in periods:
                other = "; ".join(f"{SCENARIO_TEXT[s]}: {_cell(change(country, ind, y0, y1, s, c))}" for s in sets)
                rows.append({"Economy": NAMES[country], "Measure": md_text(MEASURES[ind][1]), "Period": f"{y0}-{y1}",
                             "Change (90% interval)": _cell(change(country, ind, y0, y1, "central", c)),
                             "Tables alone": _cell(change(country, ind, y0, y1, "io_only", c)),
                             "Shares alone": _cell(change(country, ind, y0, y1, "shares_only", c)),
                             "Other benchmark sets": md_text(other)})
    return MarkdownTable(pd.DataFrame(rows), **kw)


# ---------------------------------------------------------------------------------------------- verdicts

def verdicts(changes=None) -> Verdicts:
    """The KIEP verdicts on the committed change table: table, tally and sentences from one call."""
    return kiep_verdicts(load_changes(changes))


VERDICT_TEXT = {"agrees": "agrees", "direction_only": "direction only", "disagrees": "disagrees",
                "not_testable": "not testable"}


def verdict_table(v: Verdicts | None = None, **kw) -> MarkdownTable:
    """The verdict table (claim, economy, verdict, the numbers behind it)."""
    v = v or verdicts()
    t = v.table
    df = pd.DataFrame({"Claim of the KIEP study": t.claim.map(md_text), "Economy": t.country.map(NAMES),
                       "Verdict": t.verdict.map(VERDICT_TEXT), "Why (90% intervals of the change, points)":
                       t.reason.map(md_text)})
    return MarkdownTable(df, **kw)


def verdict_sentences_md(v: Verdicts | None = None) -> Markdown:
    """The sentences, one bullet per claim, and the tally, as MyST Markdown."""
    v = v or verdicts()
    tally = ", ".join(f"{n} {VERDICT_TEXT[k]}" for k, n in v.tally.items())
    return Markdown("\n".join(f"- {s}" for s in v.sentences) + f"\n\nTally: {tally}.\n")


def verdict_numbers(v: Verdicts | None = None) -> dict[str, float]:
    """kiep_n and kiep_<verdict> counts (from the same call as the table and the sentences)."""
    v = v or verdicts()
    out = {"kiep_n": int(len(v.table))}
    out.update({f"kiep_{k}": int(n) for k, n in v.tally.items()})
    return out


# ---------------------------------------------------------------------------------------------- numbers

def change_numbers(changes=None) -> dict[str, float]:
    """Glue numbers (points): ``chg_<m>_<iso>_<y0>_<y1>`` central change, ``io_<m>_...`` tables alone,
    ``sh_<m>_...`` shares alone, each with ``_low``/``_high``; ``chg_<m>_..._sets_low``/``_sets_high``: the
    envelope over the benchmark sets. ``<m>`` from :data:`MEASURES` (direct, indirect, total, gdirect, gind1,
    gind, gtot1, gtot). Korea's central is the consistent definition."""
    out: dict[str, float] = {}
    for country in ECONOMIES:
        k = country.lower()
        for ind, (m, _) in MEASURES.items():
            for y0, y1 in PERIODS:
                tag = f"{k}_{y0}_{y1}"
                for prefix, scen in (("chg", "central"), ("io", "io_only"), ("sh", "shares_only")):
                    d = change(country, ind, y0, y1, scen, changes)
                    out[f"{prefix}_{m}_{tag}"] = round(d["value"], 6)
                    out[f"{prefix}_{m}_{tag}_low"] = round(d["low"], 6)
                    out[f"{prefix}_{m}_{tag}_high"] = round(d["high"], 6)
                e = envelope(country, ind, y0, y1, changes)
                out[f"chg_{m}_{tag}_sets_low"] = round(e["low"], 6)
                out[f"chg_{m}_{tag}_sets_high"] = round(e["high"], 6)
    return out


def published_use_markdown(**kw) -> MarkdownTable:
    """Every published figure in data/sme: used (in which benchmark sets) or excluded, and why."""
    t = published_use_table()
    df = pd.DataFrame({"Figure": t.id, "Year": t.year.astype(str), "Value": [f"{v:g} {u}" for v, u in
                                                                               zip(t.value, t.unit)],
                       "Use": t.use, "Benchmark sets": t.sets.map(md_text), "Why excluded": t.reason.map(md_text)})
    return MarkdownTable(df, **kw)


__all__ = ["CHANGE_SCENARIOS", "MEASURES", "PHRASE", "PHRASE_EXPLANATION", "VERDICTS", "change", "change_markdown",
           "change_numbers", "change_table", "envelope", "load_changes", "published_use_markdown", "verdict_numbers",
           "verdict_sentences_md", "verdict_table", "verdicts"]
