"""Published SME statistics for Korea and Taiwan: one row per published figure, with its source.

The table ``data/sme/published_sme_statistics.csv`` is curated by hand from the research dossier and
from stored web pages (see ``data/sme/PROVENANCE.md``); this module only reads and validates it.

    load_published(measure=None, country=None) -> DataFrame    validated rows, optionally filtered
    validate_published(df, path)                                the checks, on a frame read as text

Columns (all text in the file; ``load_published`` returns ``year`` as int and ``value`` as float):
    id              unique key, e.g. ``KOR-EXP-2009``
    country         ISO3 (KOR, TWN)
    year            calendar year (integer). A figure for a period (an average, a growth rate, a share of
                    an increase) carries its last year here and the period in ``year_note``; figures whose
                    year is unclear are either left out or flagged in ``year_note`` with confidence low.
    year_note       empty for a plain calendar-year figure
    measure         controlled vocabulary, :data:`MEASURES`
    scope           industries covered, as published (free text)
    value           the figure as published (or computed from published levels: see ``note``)
    unit            :data:`UNITS`; percent values lie in [0, 100]
    sme_definition  the SME definition in force for the figure
    source_agency, source_publication, source_table, url   where the figure comes from
    confidence      high | medium | low
    break_note      comparability warnings (definition breaks, what "exports" or "sales" cover)
    note            anything else (derivations, alternative values)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc.io.datapackage import CC_BY, field
from smegvc.errors import DataError
from smegvc.io.textcsv import exact_columns, line as _line, read_text_csv
from smegvc.scope import ECONOMIES

PUBLISHED_FILE = "sme/published_sme_statistics.csv"

CONFIDENCE = ("high", "medium", "low")
UNITS = ("percent", "percent per year", "USD bn", "NT$ tn")
PERCENT_UNITS = ("percent",)
YEAR_RANGE = (1980, 2030)

# measure -> what it is (the SME share is always SMEs' part of the all-firm total in the scope)
MEASURES: dict[str, str] = {
    "sme_export_share": "SME exporters' direct exports, percent of all exports in the scope",
    "sme_export_share_lt250": "exports of firms with fewer than 250 employees, percent of all exports",
    "sme_midsized_export_share": "exports of SMEs plus mid-sized firms, percent of all exports",
    "sme_export_share_incl_indirect": "SME direct exports plus SME goods exported by large firms, percent of all exports",
    "sme_indirect_export_share": "SME goods exported through large firms (KITA), percent of all exports",
    "sme_share_domestic_export_inputs": "SMEs' part of the domestic inputs into exports, percent",
    "sme_indirect_export_to_sales": "SME indirect exports as a percent of SME sales",
    "sme_indirect_export_growth": "average annual growth of SME indirect exports, percent per year",
    "sme_exports_level": "SME direct exports, level",
    "sme_sales_share": "SME sales, percent of all-firm sales",
    "sme_domestic_sales_share": "SME domestic sales, percent of all-firm domestic sales",
    "sme_export_to_sales_ratio": "SME exports as a percent of SME sales",
    "sme_sales_composition": "sales of SMEs in the scope, percent of all SME sales (not a within-scope share)",
    "sme_domestic_sales_composition": "domestic sales of SMEs in the scope, percent of all SME domestic sales",
    "sme_export_composition": "exports of SMEs in the scope, percent of all SME exports (not a within-scope share)",
    "sme_mfg_export_composition": "exports of SMEs in the scope, percent of SME manufacturing exports",
    "sme_output_share_mfg": "SME output (shipments), percent of the scope's output",
    "sme_va_share_mfg": "SME value added, percent of the manufacturing (or mining and manufacturing) total",
    "sme_va_share_all": "SME value added (GDP), percent of the total for the industries covered",
    "sme_va_composition": "SME value added in the scope, percent of all SME value added",
    "sme_domestic_market_share_mfg": "SME manufacturers' share of the domestic market, percent",
    "sme_va_growth_contribution_mfg": "SMEs' part of the increase in manufacturing value added over a period, percent",
}


def published_path() -> Path:
    return paths.DATA / PUBLISHED_FILE


def _where(df: pd.DataFrame, i: int) -> str:
    rid = df["id"].iat[i] if "id" in df.columns else ""
    return f"line {_line(i)}" + (f" (id {rid})" if rid else "")


def validate_published(df: pd.DataFrame, path) -> pd.DataFrame:
    """Check a frame read as text (``dtype=str``, empty cells as ""); return it typed.

    Raises :class:`DataError` naming the file, the line (and id) and the column of the first problem:
    missing or extra columns, empty required cells, duplicated ids, unknown country / measure / unit /
    confidence, a year that is not an integer in 1980-2030, a value that is not a finite number,
    a percent outside [0, 100], a negative level.
    """
    df = exact_columns(df, COLUMNS, path)
    for col in REQUIRED:
        bad = np.flatnonzero((df[col].str.strip() == "").to_numpy())
        if bad.size:
            raise DataError(path, "empty cell (required)", row=_where(df, bad[0]), column=col)
    dup = df["id"].duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.argmax(dup))
        raise DataError(path, f"duplicated id {df['id'].iat[i]!r}", row=_where(df, i), column="id")
    for col, allowed in (("country", ECONOMIES), ("measure", tuple(MEASURES)), ("unit", UNITS),
                         ("confidence", CONFIDENCE)):
        bad = np.flatnonzero(~df[col].isin(allowed).to_numpy())
        if bad.size:
            raise DataError(path, f"unknown {col} {df[col].iat[bad[0]]!r} (allowed: {', '.join(allowed)})",
                            row=_where(df, bad[0]), column=col)
    years = df["year"].str.strip()
    bad = np.flatnonzero(~years.str.fullmatch(r"\d{4}").to_numpy())
    if bad.size:
        raise DataError(path, f"year {df['year'].iat[bad[0]]!r} is not a four-digit integer "
                        "(put periods or doubts in year_note)", row=_where(df, bad[0]), column="year")
    year = years.astype(int)
    bad = np.flatnonzero(((year < YEAR_RANGE[0]) | (year > YEAR_RANGE[1])).to_numpy())
    if bad.size:
        raise DataError(path, f"year {year.iat[bad[0]]} outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}",
                        row=_where(df, bad[0]), column="year")
    value = pd.to_numeric(df["value"], errors="coerce")
    bad = np.flatnonzero(~np.isfinite(value.to_numpy(dtype=float)))
    if bad.size:
        raise DataError(path, f"value {df['value'].iat[bad[0]]!r} is not a finite number",
                        row=_where(df, bad[0]), column="value")
    pct = df["unit"].isin(PERCENT_UNITS).to_numpy()
    bad = np.flatnonzero(pct & ((value < 0) | (value > 100)).to_numpy())
    if bad.size:
        raise DataError(path, f"percent value {value.iat[bad[0]]} outside [0, 100]",
                        row=_where(df, bad[0]), column="value")
    level = ~df["unit"].str.startswith("percent").to_numpy()
    bad = np.flatnonzero(level & (value < 0).to_numpy())
    if bad.size:
        raise DataError(path, f"negative level {value.iat[bad[0]]}", row=_where(df, bad[0]), column="value")
    out = df.copy()
    out["year"] = year.astype("int64")
    out["value"] = value.astype(float)
    return out


def read_published(path=None) -> pd.DataFrame:
    """Read and validate the published-statistics file (default: the committed one)."""
    path = Path(path) if path is not None else published_path()
    return validate_published(read_text_csv(path), path)


def load_published(measure=None, country=None, *, path=None) -> pd.DataFrame:
    """Validated published SME figures, optionally only one ``measure`` and/or ``country`` (ISO3).

    ``measure`` and ``country`` may be a string or a list of strings; unknown values raise DataError.
    Returns a fresh DataFrame with ``year`` int64 and ``value`` float64, in file order.
    """
    p = Path(path) if path is not None else published_path()
    df = read_published(p)
    for col, want, allowed in (("measure", measure, tuple(MEASURES)), ("country", country, ECONOMIES)):
        if want is None:
            continue
        wants = [want] if isinstance(want, str) else list(want)
        unknown = [w for w in wants if w not in allowed]
        if unknown:
            raise DataError(p, f"unknown {col} {unknown} requested (allowed: {', '.join(allowed)})", column=col)
        df = df[df[col].isin(wants)]
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- data package

DATA_RESOURCES = [{
    "name": "sme-published-statistics",
    "path": PUBLISHED_FILE,
    "title": "Published SME statistics for Korea and Taiwan, one row per figure with its source",
    "description": "SME shares of exports, sales, output and value added, SME export levels and compositions, "
                   "as published by Korean and Taiwanese agencies and reported in the press; curated by hand. "
                   "Provenance, left-out figures and definitions: sme/PROVENANCE.md. Load: "
                   "smegvc.evidence.sme_stats.load_published().",
    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
    "sources": [{"title": "Korean and Taiwanese SME statistics (SMBA/MSS, Kbiz, KITA, KOSTAT/KCS TEC, SMEA White "
                          "Papers) as reported in the pages cited row by row (column url)",
                 "path": "sme/PROVENANCE.md"}],
    "licenses": [{**CC_BY, "title": "CC BY 4.0 for the compilation; the figures are facts from the cited "
                                     "publications"}],
    "schema": {"fields": [
        field("id", "string", "unique key", required=True, unique=True),
        field("country", "string", "ISO3 code", required=True, enum=list(ECONOMIES)),
        field("year", "integer", "calendar year (last year of a period; see year_note)", required=True,
               minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1]),
        field("year_note", "string", "period or doubt about the year; empty for a plain calendar-year figure"),
        field("measure", "string", "controlled vocabulary (smegvc.evidence.sme_stats.MEASURES)", required=True,
               enum=list(MEASURES)),
        field("scope", "string", "industries covered, as published", required=True),
        field("value", "number", "the figure (unit in column unit)", required=True),
        field("unit", "string", "percent, percent per year, USD bn or NT$ tn", required=True, enum=list(UNITS)),
        field("sme_definition", "string", "SME definition in force for the figure", required=True),
        field("source_agency", "string", "agency or author", required=True),
        field("source_publication", "string", "publication or release, and the outlet that reported it",
               required=True),
        field("source_table", "string", "table, if known"),
        field("url", "string", "page that printed the figure", required=True),
        field("confidence", "string", "high, medium or low", required=True, enum=list(CONFIDENCE)),
        field("break_note", "string", "comparability warnings"),
        field("note", "string", "derivations, alternative values"),
    ], "primaryKey": ["id"]},
    "definition_breaks": "Korea: SME export series breaks in 2011 (mid-sized firms excluded; about 31% -> 19%) "
                         "and the definition changed again in 2015; manufacturing figures are establishment size "
                         "classes (5+ workers to 2008, 10+ from 2009). Taiwan: White Paper exports are zero-rated "
                         "VAT sales; the 2020 Standards are not comparable with earlier years.",
}]
# the columns, and which must be filled, declared once: the schema fields above
COLUMNS = tuple(f["name"] for f in DATA_RESOURCES[0]["schema"]["fields"])
REQUIRED = tuple(f["name"] for f in DATA_RESOURCES[0]["schema"]["fields"] if f.get("constraints", {}).get("required"))
