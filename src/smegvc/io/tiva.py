"""OECD Trade in Value Added (TiVA), 2025 edition: reader, validation and tidy extract.

Raw input (read-only, ``../shared/data/tiva2025/``, see its PROVENANCE.md): SDMX "csvfilewithlabels"
extracts of the principal-indicator dataflows, partner World, activities ``_T`` (all), ``C``
(manufacturing) and ``C26`` (computer, electronic and optical products), 1995-2022:

    niveis_<ECO>.csv   levels, USD million (UNIT_MEASURE USD, UNIT_MULT 6): EXGR, EXGR_INT, EXGR_FNL,
                       EXGR_DVA, EXGR_FVA, VALU, for KOR TWN CHN JPN USA VNM; niveis_W.csv: VALU of the world
    shares_<ECO>.csv   per cent of the same economy-activity's gross exports (PT_EXGR, UNIT_MULT 0):
                       EXGR_DVA, EXGR_FVA, for KOR TWN CHN

Tidy extract (``data/tiva2025/tiva_principal.csv``), one line per published value, sorted by
economy, activity, measure, unit, year:
    economy, activity, measure, year, value, unit, status
``unit`` is ``USD_million`` or ``pct_of_gross_exports``; ``value`` is the source text unchanged (3
decimals at most); ``status`` is ``published`` for every line (the SDMX extract carries no observation
status; nothing is estimated or filled in here).

Checks made on every read (a failure is one :class:`~smegvc.errors.DataError` naming file, row (CSV line,
header = 1) and column):
  * the exact 12-column header; every row 12 cells; codes and labels consistent (e.g. measure EXGR has
    label "Gross exports", REF_AREA equals the file's economy, COUNTERPART_AREA W, units as above);
  * TIME_PERIOD an integer year, OBS_VALUE a finite number with at most 3 decimals, levels >= 0, shares in
    [0, 100]; no duplicated (MEASURE, ACTIVITY, TIME_PERIOD); the full grid measures x activities x years;
  * identities within the published rounding (values are rounded to 0.001, so a sum of three rounded
    values is off by at most 0.0015):
      EXGR = EXGR_INT + EXGR_FNL              |gap| <= INT_FNL_TOL (USD million; measured max 0.001)
      EXGR_DVA + EXGR_FVA (shares) = 100       |gap| <= SHARE_SUM_TOL (pp; measured 0)
      EXGR_DVA + EXGR_FVA (levels) ~ EXGR      |gap| / EXGR <= DVA_FVA_RTOL (measured max 1.13e-5, CHN
                                               2009 _T; TiVA's decomposition leaves a small systematic
                                               residual, about one unit of the shares' last digit)
      share EXGR_DVA = 100 DVA / (DVA + FVA)   |gap| <= SHARE_LEVEL_TOL (pp; measured max 0.0005)
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from smegvc import paths
from smegvc.atomic import write_text
from smegvc.errors import DataError
from smegvc.scope import ECONOMIES, TIVA_ECONOMIES

EDITION = "2025"
FOLDER = "tiva2025"
EXTRACT_FILE = f"{FOLDER}/tiva_principal.csv"
PROVENANCE_FILE = f"{FOLDER}/PROVENANCE.json"

LEVEL_ECONOMIES = TIVA_ECONOMIES                 # KOR TWN CHN JPN USA VNM (smegvc.scope)
SHARE_ECONOMIES = ECONOMIES + ("CHN",)            # the shares files the source query returned
WORLD = "W"
FIRST_YEAR, LAST_YEAR = 1995, 2022
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

HEADER = ("MEASURE", "Measure", "REF_AREA", "Reference area", "ACTIVITY", "Economic activity",
          "COUNTERPART_AREA", "Counterpart area", "UNIT_MEASURE", "TIME_PERIOD", "OBS_VALUE", "UNIT_MULT")
MEASURES = {
    "EXGR": "Gross exports",
    "EXGR_INT": "Gross exports of intermediate products",
    "EXGR_FNL": "Gross exports of final products",
    "EXGR_DVA": "Domestic value added in gross exports",
    "EXGR_FVA": "Foreign value added in gross exports",
    "VALU": "Value added",
}
ACTIVITIES = {
    "_T": "Total - All activities",
    "C": "Manufacturing",
    "C26": "Manufacture of computer, electronic and optical products",
}
AREA_LABELS = {"KOR": "Korea", "TWN": "Chinese Taipei", "CHN": "China (People\u2019s Republic of)",
               "JPN": "Japan", "USA": "United States", "VNM": "Viet Nam", "W": "World"}
USD, PCT = "USD_million", "pct_of_gross_exports"
UNITS = {USD: ("USD", "6"), PCT: ("PT_EXGR", "0")}
STATUS = "published"
TIDY_COLUMNS = ("economy", "activity", "measure", "year", "value", "unit", "status")

INT_FNL_TOL = 0.0015 + 1e-9      # USD million: three values rounded to 0.001
SHARE_SUM_TOL = 0.001 + 1e-9     # percentage points: two values rounded to 0.001
DVA_FVA_RTOL = 2e-5              # relative to EXGR: two units of the shares' last digit (0.001 pp)
SHARE_LEVEL_TOL = 0.0015         # pp: share rounding (0.0005) plus the ratio of rounded levels

_NUMBER = re.compile(r"^\d+(\.\d{1,3})?$")


@dataclass(frozen=True)
class SourceFile:
    """One raw file: its name, economy, kind ('levels' | 'shares'), the measures it must hold, its unit."""

    name: str
    economy: str
    kind: str
    measures: tuple[str, ...]
    unit: str


def source_files() -> tuple[SourceFile, ...]:
    """The ten shared files, in a fixed order."""
    lv = tuple(SourceFile(f"niveis_{e}.csv", e, "levels", tuple(MEASURES), USD) for e in LEVEL_ECONOMIES)
    w = (SourceFile("niveis_W.csv", WORLD, "levels", ("VALU",), USD),)
    sh = tuple(SourceFile(f"shares_{e}.csv", e, "shares", ("EXGR_DVA", "EXGR_FVA"), PCT) for e in SHARE_ECONOMIES)
    return lv + w + sh


def source_dir(source=None) -> Path:
    """``source/data/tiva2025`` when ``source`` is the shared folder (default ../shared), else ``source``."""
    source = Path(source) if source else paths.shared_dir()
    nested = source / "data" / FOLDER
    return nested if nested.is_dir() else source


# ---------------------------------------------------------------------------------------------- reading

def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def read_source_file(path, spec: SourceFile | None = None) -> pd.DataFrame:
    """Read and validate one raw TiVA file; returns columns measure, activity, year (int), value (float),
    text (the OBS_VALUE string), line (CSV line number) in file order."""
    path = Path(path)
    if spec is None:
        spec = next((s for s in source_files() if s.name == path.name), None)
        if spec is None:
            raise DataError(path, "unknown TiVA file name (expected niveis_<ECO>.csv or shares_<ECO>.csv)")
    if not path.is_file():
        raise DataError(path, "file not found")
    from smegvc import tracking
    tracking.record_read(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 ({exc})") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError(path, f"malformed CSV ({exc})") from exc
    if not rows:
        raise DataError(path, "empty file: no header row", row=1)
    header = tuple(rows[0])
    if header != HEADER:
        missing = [c for c in HEADER if c not in header]
        extra = [c for c in header if c not in HEADER]
        if missing:
            raise DataError(path, f"missing column {missing[0]!r} (expected {list(HEADER)})", row=1, column=missing[0])
        if extra:
            raise DataError(path, f"unexpected column {extra[0]!r} (expected {list(HEADER)})", row=1, column=extra[0])
        j = next(k for k, (a, b) in enumerate(zip(header, HEADER)) if a != b)
        raise DataError(path, f"column {header[j]!r} out of order, expected {HEADER[j]!r} at position {j + 1}",
                        row=1, column=header[j])
    unit_code, mult = UNITS[spec.unit]
    area_label = AREA_LABELS[spec.economy]
    out, seen = [], {}
    for i, r in enumerate(rows[1:], start=2):
        if not r:
            raise DataError(path, "empty line", row=i)
        if len(r) != len(HEADER):
            raise DataError(path, f"{len(r)} cells, expected {len(HEADER)}", row=i)
        c = dict(zip(HEADER, r))

        def expect(col, want, what):
            if c[col] != want:
                raise DataError(path, f"{c[col]!r}, expected {want!r} ({what})", row=i, column=col)

        m = c["MEASURE"]
        if m not in spec.measures:
            raise DataError(path, f"measure {m!r} not expected in this file (expected one of {list(spec.measures)})",
                            row=i, column="MEASURE")
        expect("Measure", MEASURES[m], f"label of {m}")
        expect("REF_AREA", spec.economy, "the file's economy")
        expect("Reference area", area_label, f"label of {spec.economy}")
        a = c["ACTIVITY"]
        if a not in ACTIVITIES:
            raise DataError(path, f"activity {a!r} not one of {list(ACTIVITIES)}", row=i, column="ACTIVITY")
        expect("Economic activity", ACTIVITIES[a], f"label of {a}")
        expect("COUNTERPART_AREA", WORLD, "partner World")
        expect("Counterpart area", "World", "label of W")
        expect("UNIT_MEASURE", unit_code, spec.kind)
        expect("UNIT_MULT", mult, f"unit multiplier of {unit_code}")
        ys = c["TIME_PERIOD"]
        if not re.fullmatch(r"\d{4}", ys):
            raise DataError(path, f"{ys!r} is not a year", row=i, column="TIME_PERIOD")
        y = int(ys)
        if not FIRST_YEAR <= y <= LAST_YEAR:
            raise DataError(path, f"year {y} outside {FIRST_YEAR}-{LAST_YEAR}", row=i, column="TIME_PERIOD")
        vs = c["OBS_VALUE"]
        if vs == "":
            raise DataError(path, "value missing (empty)", row=i, column="OBS_VALUE")
        try:
            v = float(vs)
        except ValueError:
            raise DataError(path, f"{vs!r} is not a number", row=i, column="OBS_VALUE") from None
        if not math.isfinite(v):
            raise DataError(path, f"{vs!r} is not a finite number", row=i, column="OBS_VALUE")
        if v < 0:
            raise DataError(path, f"negative value {vs}", row=i, column="OBS_VALUE")
        if not _NUMBER.match(vs):
            raise DataError(path, f"{vs!r}: expected a plain decimal with at most 3 decimals (the published "
                                  "rounding)", row=i, column="OBS_VALUE")
        if spec.kind == "shares" and v > 100:
            raise DataError(path, f"share {vs} above 100 per cent", row=i, column="OBS_VALUE")
        key = (m, a, y)
        if key in seen:
            raise DataError(path, f"duplicated observation {m} {a} {y} (first on line {seen[key]})", row=i,
                            column="MEASURE,ACTIVITY,TIME_PERIOD")
        seen[key] = i
        out.append((m, a, y, v, vs, i))
    missing = [(m, a, y) for m in spec.measures for a in ACTIVITIES for y in YEARS if (m, a, y) not in seen]
    if missing:
        m, a, y = missing[0]
        raise DataError(path, f"{len(missing)} observation(s) missing, first {m} {a} {y} (expected every "
                              f"measure x activity x year {FIRST_YEAR}-{LAST_YEAR})", row=len(rows) + 1,
                        column="TIME_PERIOD")
    df = pd.DataFrame(out, columns=["measure", "activity", "year", "value", "text", "line"])
    check_identities(df, spec, path)
    return df


def _gap_error(path, df, key, what, gap, tol):
    m, a, y = key
    line = int(df.set_index(["measure", "activity", "year"]).loc[(m, a, y), "line"])
    return DataError(path, f"{what} fails for {a} {y}: gap {gap:.6g}, tolerance {tol:.3g}", row=line,
                     column="OBS_VALUE")


def check_identities(df: pd.DataFrame, spec: SourceFile, path) -> None:
    """The accounting identities of one file (tolerances in the module docstring); DataError at the first
    failure, naming the line of the total (EXGR, or the EXGR_DVA share)."""
    wide = df.pivot_table(index=["activity", "year"], columns="measure", values="value", aggfunc="first")
    if spec.kind == "levels" and "EXGR" in wide:
        gap = wide["EXGR"] - wide["EXGR_INT"] - wide["EXGR_FNL"]
        bad = gap.abs() > INT_FNL_TOL
        if bad.any():
            k = gap.abs().idxmax()
            raise _gap_error(path, df, ("EXGR",) + k, "EXGR = EXGR_INT + EXGR_FNL", gap[k], INT_FNL_TOL)
        rgap = (wide["EXGR"] - wide["EXGR_DVA"] - wide["EXGR_FVA"]) / wide["EXGR"].where(wide["EXGR"] > 0)
        bad = rgap.abs() > DVA_FVA_RTOL
        if bad.any():
            k = rgap.abs().idxmax()
            raise _gap_error(path, df, ("EXGR",) + k, "EXGR_DVA + EXGR_FVA = EXGR (relative)", rgap[k], DVA_FVA_RTOL)
    if spec.kind == "shares":
        gap = wide["EXGR_DVA"] + wide["EXGR_FVA"] - 100.0
        bad = gap.abs() > SHARE_SUM_TOL
        if bad.any():
            k = gap.abs().idxmax()
            raise _gap_error(path, df, ("EXGR_DVA",) + k, "EXGR_DVA + EXGR_FVA = 100 per cent", gap[k],
                             SHARE_SUM_TOL)


def check_shares_against_levels(shares: pd.DataFrame, levels: pd.DataFrame, path) -> None:
    """The published DVA share equals 100 DVA / (DVA + FVA) of the levels file within SHARE_LEVEL_TOL."""
    lv = levels.pivot_table(index=["activity", "year"], columns="measure", values="value", aggfunc="first")
    sh = shares[shares.measure == "EXGR_DVA"].set_index(["activity", "year"])
    ratio = 100.0 * lv["EXGR_DVA"] / (lv["EXGR_DVA"] + lv["EXGR_FVA"])
    gap = (sh["value"] - ratio.reindex(sh.index)).abs()
    if (gap > SHARE_LEVEL_TOL).any():
        k = gap.idxmax()
        raise DataError(path, f"EXGR_DVA share {sh.loc[k, 'value']} differs from 100 DVA/(DVA+FVA) = "
                              f"{ratio[k]:.4f} of the levels file for {k[0]} {k[1]}",
                        row=int(sh.loc[k, "line"]), column="OBS_VALUE")


def read_all(source=None) -> dict[str, pd.DataFrame]:
    """Every shared file, validated (file name -> frame), plus the shares-vs-levels cross-check."""
    folder = source_dir(source)
    frames = {s.name: read_source_file(folder / s.name, s) for s in source_files()}
    for s in source_files():
        if s.kind == "shares":
            check_shares_against_levels(frames[s.name], frames[f"niveis_{s.economy}.csv"], folder / s.name)
    return frames


def tidy_rows(frames: dict[str, pd.DataFrame]) -> list[tuple[str, ...]]:
    """The extract's rows (strings), sorted by economy, activity, measure, unit, year."""
    specs = {s.name: s for s in source_files()}
    rows = []
    for name, df in frames.items():
        s = specs[name]
        for m, a, y, t in zip(df.measure, df.activity, df.year, df.text):
            rows.append((s.economy, a, m, str(y), t, s.unit, STATUS))
    act = {a: k for k, a in enumerate(ACTIVITIES)}
    return sorted(rows, key=lambda r: (r[0], act[r[1]], r[2], r[5], int(r[3])))


def _csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- extract

SOURCE = {
    "title": "OECD Trade in Value Added (TiVA) database, 2025 edition, principal indicators "
             "(DSD_TIVA_MAINLV@DF_MAINLV 1.1, DSD_TIVA_MAINSH@DF_MAINSH 1.1)",
    "path": "https://www.oecd.org/en/topics/sub-issues/trade-in-value-added.html",
    "citation": "OECD (2025), Trade in Value Added (TiVA) database, 2025 edition",
}
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (OECD data, believed CC BY 4.0 since 2024; not verified here)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
BREAKS = ("TiVA 2025 edition only (ISIC Rev. 4, SNA 2008, OECD ICIO 2025 tables, 1995-2022). Not spliced with "
          "WIOD: levels differ between the sources (inter-country vs national tables, treatment of processing "
          "trade, editions, industry detail); compare trends. OECD revises TiVA between editions; the vintage "
          "is a download of 2026-09-25 and may include a revision of the 2025 edition.")


def extract_tiva(source=None, out=None, log=print) -> list[Path]:
    """Read and validate all ten shared files, then write the tidy extract and PROVENANCE.json."""
    from smegvc.io.datapackage import sha256_file
    from smegvc.io.extract import write_provenance

    folder = source_dir(source)
    out = Path(out) if out else paths.DATA
    frames = read_all(folder)
    log(f"read {len(frames)} TiVA files in {folder} (identities hold)")
    target = out / EXTRACT_FILE
    rows = tidy_rows(frames)
    write_text(target, _csv_text(TIDY_COLUMNS, rows))
    prov = out / PROVENANCE_FILE
    write_provenance(prov, {
        "dataset": f"OECD Trade in Value Added (TiVA), {EDITION} edition, principal indicators, partner World",
        "source": SOURCE["title"] + "; SDMX endpoint https://sdmx.oecd.org/sti-public/rest/data/, format "
                  "csvfilewithlabels",
        "query": {"levels": "OECD.STI.PIE,DSD_TIVA_MAINLV@DF_MAINLV,1.1/"
                            "EXGR+EXGR_INT+EXGR_FNL+EXGR_DVA+EXGR_FVA+VALU.<AREA>._T+C+C26.W..A",
                  "shares": "OECD.STI.PIE,DSD_TIVA_MAINSH@DF_MAINSH,1.1/"
                            "EXGR+EXGR_INT+EXGR_FNL+EXGR_DVA+EXGR_FVA+VALU.<AREA>._T+C+C26.W..A "
                            "(only EXGR_DVA and EXGR_FVA are returned)",
                  "downloaded": "2026-09-25 (per the intermediary repository's access log)"},
        "route": ("copied as text from the public GitHub repository nicolassilveriogass-cpu/tcc-semicondutores-cgv, "
                  "commit 026fb92a0d14ae4d1796a1f61d6c5484b3f57435, brutos/tiva/ (see the shared folder's "
                  "PROVENANCE.md for how the copy was checked)"),
        "citation": SOURCE["citation"],
        "licence": {**LICENCE, "note": "The data are the OECD's; the intermediary repository is only the route. "
                                       "Check the current OECD terms before republishing."},
        "sources": [{"file": s.name, "sha256": sha256_file(folder / s.name), "economy": s.economy,
                     "kind": s.kind, "rows": len(frames[s.name])} for s in source_files()],
        "command": "python -m smegvc extract --tiva",
        "extracted_on": _dt.date.today().isoformat(),
        "outputs": {EXTRACT_FILE.split("/", 1)[1]: {"sha256": sha256_file(target), "rows": len(rows)}},
        "units": {USD: "millions of current US dollars (source UNIT_MEASURE USD, UNIT_MULT 6)",
                  PCT: "per cent of gross exports of the same economy and activity (source PT_EXGR)"},
        "definitions": {k: v for k, v in MEASURES.items()} | {"activities": ACTIVITIES,
                                                              "W": "world total (VALU only)",
                                                              "TWN": "labelled 'Chinese Taipei' by the OECD"},
        "checks": ("header and labels; full grid of measures x activities x years; values >= 0 with at most 3 "
                   f"decimals; EXGR = EXGR_INT + EXGR_FNL within {INT_FNL_TOL:.4f} (measured max 0.001); "
                   f"share DVA + FVA = 100 within {SHARE_SUM_TOL:.3f} pp (measured 0); levels DVA + FVA = EXGR "
                   f"within {DVA_FVA_RTOL:g} relative (measured max 1.13e-5, CHN _T 2009); share DVA = 100 "
                   f"DVA/(DVA+FVA) within {SHARE_LEVEL_TOL} pp (measured max 0.0005)"),
        "definition_breaks": BREAKS,
        "notes": [
            "Values are the source text unchanged (rounded by the OECD to 0.001).",
            "status is 'published' on every line: the extract carries no observation-status flags; "
            "OECD TiVA values are model-based point estimates without published confidence intervals.",
            "The published shares are 100 DVA / (DVA + FVA), not 100 DVA / EXGR: the two differ by the small "
            "residual EXGR - DVA - FVA (up to 11 USD million for CHN, below 0.2 for the others).",
            "Partner breakdowns (EXGR_PSH, EXGR_DVA_PSH) were not copied and are not included.",
        ],
    })
    log(f"wrote {target} ({len(rows)} rows), {prov}")
    return [target, prov]


# ---------------------------------------------------------------------------------------------- loading

def extract_path(data_dir=None) -> Path:
    return (Path(data_dir) if data_dir else paths.DATA) / EXTRACT_FILE


@lru_cache(maxsize=4)
def _load(path_str: str) -> pd.DataFrame:
    from smegvc.io.textcsv import read_text_csv
    path = Path(path_str)
    df = read_text_csv(path, TIDY_COLUMNS)
    bad = ~df["unit"].isin(list(UNITS))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(path, f"unit {df['unit'].iat[i]!r} not one of {list(UNITS)}", row=i + 2, column="unit")
    val = pd.to_numeric(df["value"], errors="coerce")
    if val.isna().any():
        i = int(val.isna().to_numpy().argmax())
        raise DataError(path, f"{df['value'].iat[i]!r} is not a number", row=i + 2, column="value")
    df["value"] = val.astype(float)
    df["year"] = df["year"].astype(int)
    return df


def load_tiva(data_dir=None) -> pd.DataFrame:
    """The committed tidy extract (economy, activity, measure, year (int), value (float), unit, status)."""
    return _load(str(extract_path(data_dir))).copy()


def series(measure: str, activity: str, unit: str = USD, economies=None, data_dir=None) -> pd.DataFrame:
    """Wide table year x economy of one measure-activity-unit."""
    df = load_tiva(data_dir)
    df = df[(df.measure == measure) & (df.activity == activity) & (df.unit == unit)]
    if economies is not None:
        df = df[df.economy.isin(list(economies))]
    wide = df.pivot(index="year", columns="economy", values="value")
    return wide[[e for e in (economies or wide.columns) if e in wide.columns]]


# ---------------------------------------------------------------------------------------------- data package

def _fields():
    from smegvc.io.datapackage import field
    return [
        field("economy", "string", "ISO3 code of the reporting economy (TWN = Chinese Taipei in OECD "
              "labels); W = world", required=True, enum=list(LEVEL_ECONOMIES) + [WORLD]),
        field("activity", "string", "; ".join(f"{k}: {v}" for k, v in ACTIVITIES.items()), required=True,
              enum=list(ACTIVITIES)),
        field("measure", "string", "; ".join(f"{k}: {v}" for k, v in MEASURES.items()) + " (partner World)",
              required=True, enum=list(MEASURES)),
        field("year", "integer", "calendar year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
        field("value", "number", "published value (source text, 0.001 rounding)", "see unit", required=True,
              minimum=0),
        field("unit", "string", f"{USD}: millions of current US dollars; {PCT}: per cent of the economy-"
              "activity's gross exports", required=True, enum=list(UNITS)),
        field("status", "string", "published: as published by the OECD (no estimates or fills here)",
              required=True, enum=[STATUS]),
    ]


def _resources() -> list[dict]:
    return [
        {
            "name": "tiva2025-principal",
            "path": EXTRACT_FILE,
            "title": "OECD TiVA 2025 principal indicators for KOR, TWN, CHN, JPN, USA, VNM (and world value "
                     "added), all activities, manufacturing and C26, 1995-2022",
            "description": "Gross exports (total, intermediate, final), domestic and foreign value added in gross "
                           "exports (levels; shares for KOR TWN CHN) and value added, partner World. Rebuild: "
                           "python -m smegvc extract --tiva. Provenance: tiva2025/PROVENANCE.json.",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [SOURCE], "licenses": [LICENCE],
            "schema": {"fields": _fields(), "primaryKey": ["economy", "activity", "measure", "unit", "year"]},
            "definition_breaks": BREAKS,
        },
        {
            "name": "tiva2025-provenance",
            "path": PROVENANCE_FILE,
            "title": "Provenance of the TiVA 2025 extract (query, route, source hashes, units, checks)",
            "format": "json", "mediatype": "application/json", "encoding": "utf-8",
            "sources": [SOURCE], "licenses": [LICENCE],
        },
    ]


def check_extract(path) -> None:
    """Semantic check of the committed extract: the identities, as for the raw files."""
    df = _load.__wrapped__(str(Path(path)))
    df = df.assign(text=df["value"].astype(str), line=df.index + 2)
    for s in source_files():
        part = df[(df.economy == s.economy) & (df.unit == s.unit)]
        check_identities(part[["measure", "activity", "year", "value", "text", "line"]], s, path)


DATA_RESOURCES = _resources()
