"""Chapter "Data appendix" (book/appendix-data.ipynb): the data files, the SME definitions, how much rests on
assumed firm-size shares, the scenarios, and the method parameters the chapters quote.

    share_status_summary()       percent of output / exports on shares of each status, per country-year
    share_status_table(), share_status_overview()   the same for display (DataFrames)
    share_status_display()       the per-year status table typeset (tbl-data-status)
    status_numbers(), status_spans()   share-status figures and year spans for glue (also quoted by other chapters)
    method_numbers()             parameters of the method quoted in the text
    load_package(), count_rows(), resource_table(), resource_markdown_table()   the data package's files
    definitions_table(), scenario_table(), changelog_table()                    typeset tables (MarkdownTable)
    wiod_tiva_table(), wiod_tiva_figure()   WIOD vs OECD TiVA domestic value-added shares (:mod:`~smegvc.report.tiva_views`)
    numbers()                    exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths, tracking
from smegvc.engine import results as res
from smegvc.engine.uncertainty import QUANTILES
from smegvc.evidence.shares import load_shares, read_share_table, shares_path
from smegvc.evidence.shares_schema import STATUSES
from smegvc.evidence.sme_stats import load_published
from smegvc.io.wiod2016.load import load_niot
from smegvc.io.datapackage import PACKAGE_FILE
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.report.query import SCENARIO_LABELS, num, pct, pick, span
from smegvc.report.tables import MarkdownTable, md_text, show_table
from smegvc.report.tiva_charts import wiod_tiva_validation
from smegvc.report.tiva_views import comparison_figure_data, comparison_numbers, comparison_table
from smegvc.scope import ECONOMIES, YEARS

KEYS = (   # the glue keys book/appendix-data.ipynb quotes
    "derived_years_kor", "derived_years_twn", "n_industries", "n_years", "years_all_assumed_kor",
    "years_all_assumed_twn", "n_rows_published_industry", "assumed_output_kor", "assumed_output_twn",
    "status_calibrated_published_exports_kor", "status_interpolated_exports_kor", "status_carried_exports_kor",
    "status_prior_exports_kor", "status_calibrated_published_exports_twn", "status_interpolated_exports_twn",
    "status_carried_exports_twn", "status_prior_exports_twn", "wt_first", "wt_last", "wt_maxdiff_total", "wt_maxdiff_total_where",
    "wt_maxdiff_manuf", "wt_maxdiff_manuf_where", "wt_maxdiff_c26", "wt_maxdiff_c26_where", "wt_meandiff_total",
    "wt_meandiff_manuf", "wt_meandiff_c26", "wt_corr_total", "wt_corr_manuf", "wt_corr_c26", "wt_n_below", "wt_n",
    "wiod_other_c26_kor_2014", "wiod_other_c26_twn_2014", "tiva_dva_fva_tol_pct",
)


# ---------------------------------------------------------------------------------------------- share status
# The status of a share row says what it rests on (smegvc.evidence.shares_schema.STATUS_MEANINGS). The
# other chapters quote two groups: shares *pinned* for their year (calibrated to published aggregates for
# that year, or interpolated between published years; an industry's own published share would count too)
# and *assumed* ones (carried from another year, or prior only).
PINNED = ("published_industry", "calibrated_published", "interpolated")
ASSUMED = ("carried", "prior")
STATUS_LABELS = {"published_industry": "published for the industry", "calibrated_published": "calibrated",
                 "interpolated": "interpolated", "carried": "carried", "prior": "prior only"}


def share_status_summary(countries=ECONOMIES, years=YEARS, shares_path=None) -> pd.DataFrame:
    """How much of each country-year rests on which kind of firm-size share: country, year and, for gross
    output and exports, the percent in industries of each status (:data:`STATUSES`: ``output_<status>``,
    ``exports_<status>``; each group of five sums to 100), weighted by WIOD output and exports of that year."""
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


def _grouped(s: pd.DataFrame) -> pd.DataFrame:
    """``s`` with ``<what>_pinned`` and ``<what>_assumed`` (sums over :data:`PINNED` / :data:`ASSUMED`)."""
    s = s.copy()
    for what in ("output", "exports"):
        s[f"{what}_pinned"] = s[[f"{what}_{k}" for k in PINNED]].sum(axis=1)
        s[f"{what}_assumed"] = s[[f"{what}_{k}" for k in ASSUMED]].sum(axis=1)
    return s


def share_status_table(**kw) -> pd.DataFrame:
    """:func:`share_status_summary` for display: index (economy, year, of: ``output`` or ``exports``), one
    column per status that occurs in the table, in percent (each row sums to 100; a status no row has is
    left out; :func:`status_numbers` counts them). Long rather than wide, so it fits a laptop screen."""
    s = share_status_summary(**kw)
    present = [k for k in STATUSES if (s[[f"output_{k}", f"exports_{k}"]].to_numpy() > 0).any()]
    parts = []
    for what in ("output", "exports"):
        part = s[["country", "year"] + [f"{what}_{k}" for k in present]].copy()
        part.columns = ["economy", "year"] + [f"{STATUS_LABELS[k]} (%)" for k in present]
        part.insert(2, "of", what)
        parts.append(part)
    order = {"output": 0, "exports": 1}
    t = pd.concat(parts).sort_values(["economy", "year", "of"], key=lambda c: c.map(order) if c.name == "of" else c)
    return t.set_index(["economy", "year", "of"]).round(1)


def share_status_display(**kw) -> MarkdownTable:
    """:func:`share_status_table` typeset (tbl-data-status), column widths fitted to the statuses present."""
    t = share_status_table(**kw)
    return show_table(t, name="tbl-data-status", widths=[10, 6, 9] + [12] * t.shape[1],
                      caption="Percent of gross output and of exports in industries whose SME shares are calibrated to "
                              "that year's published aggregates, interpolated between published years, carried from "
                              "the nearest one, or prior only")


def share_status_overview(**kw) -> pd.DataFrame:
    """Per country: years with any share pinned for its year (calibrated or interpolated) and the mean percent
    of output and exports that rests on carried or prior-only shares over all years. Index economy."""
    s = _grouped(share_status_summary(**kw))
    out = {}
    for c, g in s.groupby("country"):
        yrs = g.loc[(g.output_pinned > 0) | (g.exports_pinned > 0), "year"].tolist()
        out[c] = {"years with calibrated or interpolated shares": span(yrs) or "none",
                  "output on carried or prior shares, mean (%)": round(g.output_assumed.mean(), 1),
                  "exports on carried or prior shares, mean (%)": round(g.exports_assumed.mean(), 1)}
    df = pd.DataFrame(out).T
    df.index.name = "economy"
    return df


def status_numbers(**kw) -> dict[str, float]:
    """Share-status figures for the text, per economy ``<iso>``: mean percent of exports and output on assumed
    (carried or prior-only) shares (``assumed_<exports|output>_<iso>``); the largest percent of exports and
    output pinned for its year in any year (``max_derived_<exports|output>_<iso>``); the count of years with
    no pinned share at all (``years_all_assumed_<iso>``); the mean percent of exports and output on each
    status (``status_<status>_<exports|output>_<iso>``); ``n_years``; and ``n_rows_published_industry``, the
    rows of the share table with the industry's own published share."""
    raw = share_status_summary(**kw)
    s = _grouped(raw)
    out: dict[str, float] = {}
    for c, g in s.groupby("country"):
        k = c.lower()
        out[f"assumed_exports_{k}"] = num(g.exports_assumed.mean())
        out[f"assumed_output_{k}"] = num(g.output_assumed.mean())
        out[f"max_derived_exports_{k}"] = num(g.exports_pinned.max())
        out[f"max_derived_output_{k}"] = num(g.output_pinned.max())
        out[f"years_all_assumed_{k}"] = int(((g.output_pinned == 0) & (g.exports_pinned == 0)).sum())
        for st in STATUSES:
            for what in ("exports", "output"):
                out[f"status_{st}_{what}_{k}"] = num(g[f"{what}_{st}"].mean())
    out["n_years"] = int(s.year.nunique())
    table = read_share_table(kw.get("shares_path") or shares_path())
    out["n_rows_published_industry"] = int((table["status"] == "published_industry").sum())
    return out


def status_spans(**kw) -> dict[str, str]:
    """Years with any share pinned for its year (calibrated or interpolated), per economy, as text:
    derived_years_<iso> (e.g. '2001-2003')."""
    s = _grouped(share_status_summary(**kw))
    return {f"derived_years_{c.lower()}": span(g.loc[(g.output_pinned > 0) | (g.exports_pinned > 0), "year"])
            or "no year" for c, g in s.groupby("country")}


def method_numbers() -> dict[str, float]:
    """Parameters of the method quoted in the text: n_industries (WIOD 2016), n_draws (Monte Carlo draws per
    country-year), va_ratio (SME value added per unit of output relative to the large firms' in the
    beta_ne_alpha scenario), linkage_odds (factor on the odds that an SME sells to a large firm),
    interval_level (percent of the draws inside the reported intervals of levels and changes)."""
    return {"n_industries": len(INDUSTRIES), "n_draws": int(res.N_DRAWS), "va_ratio": num(res.VA_RATIO),
            "linkage_odds": num(1.0 + res.LINKAGE_BIAS),
            "interval_level": int(round(100 * (QUANTILES[1] - QUANTILES[0])))}


# ---------------------------------------------------------------------------------------------- data package

def load_package(path=None) -> dict:
    """``data/datapackage.json`` as a dict."""
    p = Path(path) if path is not None else paths.DATA / PACKAGE_FILE
    tracking.record_read(p)
    return json.loads(p.read_text(encoding="utf-8"))


def count_rows(path) -> int:
    """Data rows of a (possibly gzip) CSV file: lines after the header, counting quoted line breaks once."""
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
    p = load_published()
    g = p.groupby(["country", "sme_definition"], sort=False).year.agg(["min", "max", "size"]).reset_index()
    g = g.sort_values(["country", "min", "max"])
    df = pd.DataFrame({"Economy": g.country, "SME definition (as used by the source)": g.sme_definition.map(md_text),
                       "Years of the figures": [f"{a}" if a == b else f"{a}-{b}" for a, b in zip(g["min"], g["max"])],
                       "Figures": g["size"].astype(str)})
    return MarkdownTable(df, caption="SME definitions behind the published statistics",
                         name="tbl-data-definitions", widths=[9, 65, 14, 8])


def scenario_table() -> MarkdownTable:
    """The engine's scenarios as documented in :data:`smegvc.engine.results.SCENARIOS`."""
    df = pd.DataFrame({"Scenario": [f"`{k}`" for k in res.SCENARIOS],
                       "Label in the report": [SCENARIO_LABELS.get(k, "") for k in res.SCENARIOS],
                       "Definition": [md_text(v) for v in res.SCENARIOS.values()]})
    return MarkdownTable(df, caption="Scenarios of the results table (data/results/results.csv)",
                         name="tbl-data-scenarios", widths=[20, 22, 58])


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`). ``results`` is not used (the share status reads the
    input tables and the firm-size shares); it is accepted like every chapter's ``numbers``."""
    return pick({**status_numbers(), **status_spans(), **method_numbers(), **comparison_numbers(results)}, KEYS,
                "appendix-data")


# ---------------------------------------------------------------------------------------------- WIOD vs TiVA

def wiod_tiva_table(results=None) -> pd.DataFrame:
    """WIOD 2016 vs OECD TiVA 2025 domestic value-added share of gross exports in selected years (percent,
    difference in pp): :func:`smegvc.report.tiva_views.comparison_table`."""
    return comparison_table(results=results)


def wiod_tiva_figure(results=None):
    """(figure, data) of the WIOD-vs-TiVA comparison, every year of both sources."""
    return wiod_tiva_validation(comparison_figure_data(results))


def changelog_table(data_dir=None) -> MarkdownTable:
    """The data changelog (``data/CHANGELOG.csv``, written by :mod:`smegvc.intake`): every edit of an input
    the build accepted and every file it re-derived, with the sha256 before and after (first 12 digits)."""
    path = Path(data_dir or paths.DATA) / "CHANGELOG.csv"
    tracking.record_read(path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    df = pd.DataFrame({
        "Time (UTC)": [r["time"].replace("T", " ").rstrip("Z") for r in rows],
        "File (in data/)": [r["file"] for r in rows], "Role": [r["role"] for r in rows],
        "sha256 before": [r["old_sha256"][:12] for r in rows], "sha256 after": [r["new_sha256"][:12] for r in rows],
        "What the build did": [r["action"] for r in rows]})
    if df.empty:
        df.loc[0] = ["—", "no change since the data were extracted", "", "", "", ""]
    return MarkdownTable(df, caption="Changes to the data files (data/CHANGELOG.csv)", name="tbl-data-changelog",
                         widths=[16, 26, 8, 12, 12, 26])
