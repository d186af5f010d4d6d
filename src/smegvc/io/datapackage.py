"""``data/datapackage.json`` (Frictionless Data Package v1) and a lightweight validator for it.

    python -m smegvc validate                  check every listed file (hash, header, types, constraints, keys)
    python -m smegvc validate --update-hashes  regenerate datapackage.json from RESOURCES + current files

The metadata of each file is one dict (name, path, title, description, format, encoding, sources, licenses,
schema with fields and primaryKey, optional definition_breaks): the WIOD extracts in :func:`_resources`;
other modules declare theirs in a module-level ``DATA_RESOURCES`` list (discovered automatically) or in
:data:`EXTRA_RESOURCES`. Then run ``python -m smegvc validate --update-hashes``. A resource added to the JSON
by hand (not in RESOURCES) is kept by ``--update-hashes`` (only its hash and size are refreshed).

Checks (each failure is one :class:`~smegvc.errors.DataError` naming the file, row (CSV line, header = 1)
and column; at most one content error per file, the first found):
    listed file exists and its sha256 matches; every file under data/ is listed (except datapackage.json
    and Markdown notes such as README.md or PROVENANCE.md); CSV header equals the schema's field names in
    order; values parse as the field type (number: finite float; integer; year; date YYYY-MM-DD;
    boolean true/false; string); constraints
    required, minimum, maximum, enum, pattern, unique; primaryKey unique; registered semantic checks
    (:data:`SEMANTIC_CHECKS`, e.g. the IO accounting identities of the NIOT extract).
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc.atomic import write_text
from smegvc.errors import DataError
from smegvc.scope import FIRST_YEAR, LAST_YEAR, WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR

PACKAGE_FILE = "datapackage.json"
UNLISTED_OK = {PACKAGE_FILE, "README.md"}
USD = "millions of current US dollars"

WIOD_2016_SOURCE = {
    "title": "World Input-Output Database, November 2016 release, national input-output tables",
    "path": "https://doi.org/10.34894/PJ2M1C",
    "citation": "Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), Review of International Economics "
                "23: 575-605",
}
WIOD_2013_SOURCE = {
    "title": "World Input-Output Database, 2013 release, world input-output tables 1995-2011 (R data)",
    "path": "http://www.wiod.org",
    "citation": "Timmer et al. (2015); Timmer (ed.) (2012), WIOD Working Paper 10",
}
CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
WIOD2013_LICENCE = {"name": "unspecified", "title": "WIOD 2013 release: no explicit licence found; cite Timmer et al. (2015)"}


def field(name, type_, description, unit=None, **constraints):
    """A schema field; keyword arguments become constraints (required, minimum, maximum, enum, pattern, unique)."""
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    if constraints:
        field["constraints"] = constraints
    return field


def _niot_fields():
    from smegvc.io.wiod2016 import BLOCKS, COLUMNS, TOT_ROWS, INDUSTRIES
    return [
        field("country", "string", "ISO3 code", required=True, pattern="^[A-Z]{3}$"),
        field("year", "integer", "calendar year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
        field("block", "string", "Domestic: domestic products; Imports: imported products; TOT: totals and "
           "primary inputs", required=True, enum=list(BLOCKS)),
        field("row", "string", "product (industry) code, or TOT row", required=True,
           enum=list(dict.fromkeys(INDUSTRIES + TOT_ROWS))),
        field("column", "string", "buying industry, final-use category, EXP (exports) or GO (output)",
           required=True, enum=list(COLUMNS)),
        field("value", "number", "flow at basic prices", USD, required=True),
    ]


def _w13_common():
    from smegvc.io.wiod2013 import INDUSTRY_CODES
    return (field("year", "integer", "calendar year", required=True, minimum=WIOD2013_FIRST_YEAR, maximum=WIOD2013_LAST_YEAR),
            lambda name, desc: field(name, "string", desc, required=True, enum=list(INDUSTRY_CODES)))


def _resources() -> list[dict]:
    from smegvc.io.wiod2013 import DEST_GROUPS, FOCUS, ORIGINS, OTHER
    year13, ind13 = _w13_common()
    country_pat = "^([A-Z]{3}|RoW)$"
    return [
        {
            "name": "wiod2016-niot",
            "path": "wiod2016/niot_long.csv.gz",
            "title": "WIOD 2016 national input-output tables of Korea and Taiwan, 2000-2014 (long format)",
            "description": "Every cell of the sheet 'National IO-tables' of KOR_NIOT_nov16.xlsx and "
                           "TWN_NIOT_nov16.xlsx, one line per cell, full float precision. Rebuild: "
                           "python -m smegvc extract. Provenance: wiod2016/PROVENANCE.json.",
            "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2016_SOURCE], "licenses": [CC_BY],
            "schema": {"fields": _niot_fields(), "primaryKey": ["country", "year", "block", "row", "column"]},
            "definition_breaks": "None within 2000-2014 (one release, ISIC Rev. 4, SNA 2008). Zero output in "
                                 "all years: KOR C33, T, U; TWN U. Column identity holds to ~2e-7 relative "
                                 "(source rounding), row identity to float precision.",
        },
        {
            "name": "wiod2016-industries",
            "path": "wiod2016/industries.csv",
            "title": "The 56 industries of the WIOD 2016 release (ISIC Rev. 4), in table order",
            "description": "Codes and descriptions from header rows 1-2 of the NIOT workbooks (trailing blanks "
                           "stripped).",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2016_SOURCE], "licenses": [CC_BY],
            "schema": {"fields": [field("code", "string", "WIOD industry code", required=True, unique=True),
                                  field("description", "string", "industry name", required=True)],
                       "primaryKey": ["code"]},
        },
        {
            "name": "wiod2016-provenance",
            "path": "wiod2016/PROVENANCE.json",
            "title": "Provenance of the WIOD 2016 extract (source hashes, command, units, notes)",
            "format": "json", "mediatype": "application/json", "encoding": "utf-8",
            "sources": [WIOD_2016_SOURCE], "licenses": [CC_BY],
        },
        {
            "name": "wiod2013-industries",
            "path": "wiod2013/industries.csv",
            "title": "The 35 industries of the WIOD 2013 release (ISIC Rev. 3)",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2013_SOURCE], "licenses": [WIOD2013_LICENCE],
            "schema": {"fields": [field("code", "string", "WIOD 2013 code c1..c35", required=True, unique=True),
                                  field("isic_rev3", "string", "ISIC Rev. 3 division(s)", required=True),
                                  field("description", "string", "industry name", required=True)],
                       "primaryKey": ["code"]},
        },
        {
            "name": "wiod2013-intermediate-exports",
            "path": "wiod2013/intermediate_exports.csv.gz",
            "title": "Intermediate exports of Korea and Taiwan by industry and destination country, 1995-2011",
            "description": "Sum over the destination country's using industries of the world table's "
                           "intermediate flows. Rebuild: python -m smegvc extract --wiod2013.",
            "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2013_SOURCE], "licenses": [WIOD2013_LICENCE],
            "schema": {"fields": [year13,
                                  field("origin", "string", "exporting country", required=True, enum=list(ORIGINS)),
                                  ind13("industry", "exporting industry"),
                                  field("destination", "string", "importing country (RoW = rest of world)",
                                     required=True, pattern=country_pat),
                                  field("value", "number", "intermediate exports", USD, required=True, minimum=0)],
                       "primaryKey": ["year", "origin", "industry", "destination"]},
            "definition_breaks": "WIOD 2013 release (ISIC Rev. 3, SNA 1993): not comparable industry by industry "
                                 "with the 2016 release.",
        },
        {
            "name": "wiod2013-electronics-intermediates",
            "path": "wiod2013/electronics_intermediates.csv",
            "title": "Intermediate exports of electrical and optical equipment (c14) of Korea and Taiwan by "
                     "destination country and destination-industry group, 1995-2011",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2013_SOURCE], "licenses": [WIOD2013_LICENCE],
            "schema": {"fields": [year13,
                                  field("origin", "string", "exporting country", required=True, enum=list(ORIGINS)),
                                  field("destination", "string", "importing country", required=True,
                                     pattern=country_pat),
                                  field("destination_group", "string", "; ".join(f"{k}: {' '.join(v)}" for k, v in
                                                                             DEST_GROUPS.items()),
                                     required=True, enum=list(DEST_GROUPS)),
                                  field("value", "number", "intermediate exports of c14", USD, required=True,
                                     minimum=0)],
                       "primaryKey": ["year", "origin", "destination", "destination_group"]},
        },
        {
            "name": "wiod2013-va-in-exports",
            "path": "wiod2013/va_in_exports.csv.gz",
            "title": "Gross exports and value added in exports by source (backward) and by exporter (forward) "
                     "for KOR, TWN, CHN, JPN, USA by industry, 1995-2011",
            "description": "Global Leontief inverse of each year's 1435x1435 world table. gross_exports: sales to "
                           "other countries (partner WLD); va_in_exports: VA from source group 'partner' in the "
                           "gross exports of country-industry (sums to gross exports); va_in_partner_exports: "
                           "VA of country-industry in the gross exports of exporter group 'partner'. "
                           f"{OTHER} = all other regions incl. RoW. Definitions: wiod2013/PROVENANCE.json.",
            "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
            "sources": [WIOD_2013_SOURCE], "licenses": [WIOD2013_LICENCE],
            "schema": {"fields": [year13,
                                  field("country", "string", "exporting country (VA source for the forward measure)",
                                     required=True, enum=list(FOCUS)),
                                  ind13("industry", "industry of 'country'"),
                                  field("measure", "string", "quantity", required=True,
                                     enum=["gross_exports", "va_in_exports", "va_in_partner_exports"]),
                                  field("partner", "string", "VA source or exporter group; WLD for gross exports",
                                     required=True, enum=list(FOCUS) + [OTHER, "WLD"]),
                                  field("value", "number", "value", USD, required=True)],
                       "primaryKey": ["year", "country", "industry", "measure", "partner"]},
            "definition_breaks": "Value added is the residual 1 - column sum of A (includes net taxes and "
                                 "international margins). Measures count double-counted flows as in Hummels "
                                 "et al. (2001) VS/VS1; negative values come from negative inventory changes "
                                 "abroad.",
        },
        {
            "name": "wiod2013-provenance",
            "path": "wiod2013/PROVENANCE.json",
            "title": "Provenance of the WIOD 2013 extract (source hashes, command, definitions, notes)",
            "format": "json", "mediatype": "application/json", "encoding": "utf-8",
            "sources": [WIOD_2013_SOURCE], "licenses": [WIOD2013_LICENCE],
        },
    ]


# Other modules' files: either define a module-level list ``DATA_RESOURCES = [{...}, ...]`` in your own
# module under src/smegvc/ (found automatically, see :func:`discovered_resources`), or append one dict per
# file here (same keys as above); then run `python -m smegvc validate --update-hashes`.
EXTRA_RESOURCES: list[dict] = []
_DECLARES = re.compile(r"^DATA_RESOURCES\s*(:[^=]*)?=", re.MULTILINE)


def discovered_resources() -> list[dict]:
    """Resources declared as ``DATA_RESOURCES`` in the modules of the smegvc package (sorted by module)."""
    import importlib

    found = []
    pkg = Path(__file__).resolve().parents[1]
    for py in sorted(pkg.rglob("*.py")):
        if py.stem in ("datapackage", "__main__") or not _DECLARES.search(py.read_text(encoding="utf-8")):
            continue
        mod = ".".join(("smegvc",) + py.relative_to(pkg).with_suffix("").parts)
        found += list(getattr(importlib.import_module(mod), "DATA_RESOURCES", []))
    return found


def resources() -> list[dict]:
    """Every registered resource (metadata only; hash and bytes are added by :func:`describe`)."""
    return _resources() + EXTRA_RESOURCES + discovered_resources()


PACKAGE_META = {
    "profile": "tabular-data-package",
    "name": "smegvc-data",
    "title": "Data of the report 'SMEs in global value chains: Korea and Taiwan'",
    "description": "Tidy extracts derived from the raw sources by `python -m smegvc extract`, and the report's "
                   "own tables. Every file is listed with its schema, source, licence and sha256.",
    "licenses": [CC_BY],
    "definition_breaks": "WIOD 2016 (2000-2014, ISIC Rev. 4, SNA 2008) and WIOD 2013 (1995-2011, ISIC Rev. 3, "
                         "SNA 1993) are different releases: compare trends, not levels, across them. Korea's SME "
                         "statistics break in 2011 (mid-sized firms excluded).",
}


# ---------------------------------------------------------------------------------------------- hashing

def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe(data_dir=None, registry=None, existing=None) -> dict:
    """The package descriptor: registry metadata + current sha256 and size of each file present.

    ``existing``: a previous descriptor whose resources not in the registry are kept (hashes refreshed).
    """
    data_dir = Path(data_dir) if data_dir else paths.DATA
    registry = resources() if registry is None else registry
    res = [dict(r) for r in registry]
    names = {r["name"] for r in res}
    if existing:
        res += [dict(r) for r in existing.get("resources", []) if r.get("name") not in names]
    for r in res:
        p = data_dir / r["path"]
        if p.is_file():
            r["hash"] = "sha256:" + sha256_file(p)
            r["bytes"] = p.stat().st_size
    return {**PACKAGE_META, "resources": res}


def update_hashes(data_dir=None, registry=None, only=None) -> Path:
    """Regenerate ``data/datapackage.json`` atomically. ``only`` is accepted for the extract command
    (the whole descriptor is rewritten either way; files absent on disk are listed without a hash)."""
    data_dir = Path(data_dir) if data_dir else paths.DATA
    target = data_dir / PACKAGE_FILE
    existing = None
    if target.is_file():
        try:
            existing = json.loads(target.read_text(encoding="utf-8"))
        except ValueError:
            existing = None
    desc = describe(data_dir, registry, existing)
    write_text(target, json.dumps(desc, indent=2, ensure_ascii=False) + "\n")
    return target


# ---------------------------------------------------------------------------------------------- validation

_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_csv_text(path) -> list[list[str]]:
    """Rows of a (possibly gzip) UTF-8 CSV as lists of strings; DataError on unreadable files."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot read ({type(exc).__name__}: {exc})") from exc
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError(path, f"malformed CSV ({exc})") from exc


def _parse_column(path, name, type_, values: pd.Series, missing: np.ndarray):
    """Parsed values (float array for numbers, else the strings) or DataError at the first bad cell."""
    present = ~missing
    if type_ in ("number", "integer", "year"):
        if type_ == "number":
            num = pd.to_numeric(values.where(present, "0"), errors="coerce").to_numpy(dtype=float)
            bad = present & ~np.isfinite(num)
        else:
            ok = values.str.match(_INT).to_numpy(dtype=bool)
            bad = present & ~ok
            num = pd.to_numeric(values.where(present & ok, "0")).to_numpy(dtype=float)
        if bad.any():
            i = int(np.argmax(bad))
            what = "a finite number" if type_ == "number" else "an integer"
            raise DataError(path, f"{values.iat[i]!r} is not {what}", row=i + 2, column=name)
        return num
    if type_ == "boolean":
        bad = present & ~values.str.lower().isin(["true", "false", "1", "0"]).to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise DataError(path, f"{values.iat[i]!r} is not a boolean (true/false)", row=i + 2, column=name)
    if type_ == "date":
        parsed = pd.to_datetime(values.where(present, "2000-01-01"), format="%Y-%m-%d", errors="coerce")
        ok = parsed.notna().to_numpy() & values.str.match(_DATE).fillna(False).to_numpy(dtype=bool)
        bad = present & ~ok
        if bad.any():
            i = int(np.argmax(bad))
            raise DataError(path, f"{values.iat[i]!r} is not a date YYYY-MM-DD", row=i + 2, column=name)
    return values


def validate_table(path, schema: dict) -> None:
    """Check one CSV file against its table schema; raise DataError at the first problem."""
    rows = read_csv_text(path)
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    if not rows:
        raise DataError(path, "empty file: no header row", row=1)
    header = rows[0]
    if header != names:
        extra = [c for c in header if c not in names]
        missing = [c for c in names if c not in header]
        if extra:
            raise DataError(path, f"unexpected column {extra[0]!r} (schema fields: {names})", row=1, column=extra[0])
        if missing:
            raise DataError(path, f"missing column {missing[0]!r} (schema fields: {names})", row=1,
                            column=missing[0])
        dup = next((c for c in header if header.count(c) > 1), None)
        if dup:
            raise DataError(path, f"duplicated column {dup!r}", row=1, column=dup)
        j = next(k for k, (a, b) in enumerate(zip(header, names)) if a != b)
        raise DataError(path, f"column {header[j]!r} out of order, expected {names[j]!r} at position {j + 1}",
                        row=1, column=header[j])
    body = rows[1:]
    for i, r in enumerate(body):
        if len(r) != len(names):
            raise DataError(path, f"{len(r)} cells, expected {len(names)}", row=i + 2)
    missing_values = set(schema.get("missingValues", [""]))
    cols = {n: pd.Series([r[k] for r in body], dtype=object) for k, n in enumerate(names)}
    parsed = {}
    for f in fields:
        name, type_ = f["name"], f.get("type", "string")
        vals = cols[name].astype(str)
        miss = vals.isin(missing_values).to_numpy()
        cons = f.get("constraints", {})
        if cons.get("required") and miss.any():
            i = int(np.argmax(miss))
            raise DataError(path, "required value missing (empty)", row=i + 2, column=name)
        out = _parse_column(path, name, type_, vals, miss)
        parsed[name] = out
        present = ~miss
        if "enum" in cons:
            allowed = [str(a) for a in cons["enum"]]
            bad = present & ~vals.isin(allowed).to_numpy()
            if bad.any():
                i = int(np.argmax(bad))
                raise DataError(path, f"{vals.iat[i]!r} not one of {allowed}", row=i + 2, column=name)
        if "pattern" in cons:
            bad = present & ~vals.str.fullmatch(cons["pattern"]).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                i = int(np.argmax(bad))
                raise DataError(path, f"{vals.iat[i]!r} does not match pattern {cons['pattern']!r}",
                                row=i + 2, column=name)
        for key, op, word in (("minimum", np.less, "below the minimum"), ("maximum", np.greater, "above the maximum")):
            if key in cons:
                lim = cons[key]
                if type_ in ("number", "integer", "year"):
                    bad = present & op(out, float(lim))
                else:
                    bad = present & op(vals.to_numpy(dtype=str), str(lim))
                if bad.any():
                    i = int(np.argmax(bad))
                    raise DataError(path, f"{vals.iat[i]} is {word} {lim}", row=i + 2, column=name)
        if cons.get("unique"):
            dup = present & vals.duplicated(keep=False).to_numpy()
            if dup.any():
                lines = [int(k) + 2 for k in np.flatnonzero(dup & (vals == vals.iat[int(np.argmax(dup))]).to_numpy())]
                raise DataError(path, f"value {vals.iat[lines[0] - 2]!r} not unique (lines {lines[:5]})",
                                row=lines[1], column=name)
    pk = schema.get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else list(pk)
        unknown = [k for k in pk if k not in names]
        if unknown:
            raise DataError(path, f"primaryKey field {unknown[0]!r} is not a column", column=unknown[0])
        frame = pd.DataFrame({k: cols[k].astype(str) for k in pk})
        dup = frame.duplicated(keep=False).to_numpy()
        if dup.any():
            first = int(np.argmax(dup))
            same = (frame == frame.iloc[first]).all(axis=1).to_numpy()
            lines = [int(k) + 2 for k in np.flatnonzero(same)]
            key = ", ".join(f"{k}={frame[k].iat[first]}" for k in pk)
            raise DataError(path, f"duplicated primary key ({key}) on lines {lines[:5]}", row=lines[1],
                            column=",".join(pk))


# semantic checks beyond the schema: resource name -> function(path) raising DataError
def _check_niot(path):
    from smegvc.io.data import validated_niot_tables
    validated_niot_tables(path)


def _check_va(path):
    df = pd.read_csv(path, dtype={"value": float})
    ge = df[df.measure == "gross_exports"].set_index(["year", "country", "industry"])["value"]
    va = df[df.measure == "va_in_exports"].groupby(["year", "country", "industry"])["value"].sum()
    gap = (va - ge.reindex(va.index)).abs()
    tol = 1e-9 * np.maximum(ge.reindex(va.index).abs(), 1.0)
    if (gap > tol).any() or ge.reindex(va.index).isna().any():
        k = gap.sub(tol).idxmax()
        raise DataError(path, f"value added in exports by source does not sum to gross exports for {k} "
                        f"(gap {gap[k]:.3g})", row=" ".join(map(str, k)), column="value")


def _check_tiva(path):
    from smegvc.io.tiva import check_extract
    check_extract(path)


SEMANTIC_CHECKS = {"wiod2016-niot": _check_niot, "wiod2013-va-in-exports": _check_va,
                   "tiva2025-principal": _check_tiva}


def validate(data_dir=None, package=None, semantic=True) -> list[DataError]:
    """All problems of the package, one DataError each (at most one content error per file)."""
    data_dir = Path(data_dir) if data_dir else paths.DATA
    pkg_path = Path(package) if package else data_dir / PACKAGE_FILE
    errors: list[DataError] = []
    try:
        pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [DataError(pkg_path, "data package descriptor not found; run `python -m smegvc validate "
                                    "--update-hashes`")]
    except ValueError as exc:
        return [DataError(pkg_path, f"not valid JSON ({exc})")]
    listed = set()
    for k, r in enumerate(pkg.get("resources", [])):
        rel = r.get("path")
        if not rel or not r.get("name"):
            errors.append(DataError(pkg_path, "resource without name or path", row=f"resources[{k}]"))
            continue
        listed.add(rel)
        p = data_dir / rel
        if not p.is_file():
            errors.append(DataError(p, f"listed in {PACKAGE_FILE} (resource {r['name']!r}) but missing"))
            continue
        want = r.get("hash")
        if not want:
            errors.append(DataError(p, f"no hash in {PACKAGE_FILE}; run `python -m smegvc validate --update-hashes`"))
        else:
            got = "sha256:" + sha256_file(p)
            if got != want:
                errors.append(DataError(p, f"sha256 mismatch: file {got}, {PACKAGE_FILE} {want} (changed since "
                                           "the last --update-hashes?)"))
        try:
            if r.get("format") == "csv" and "schema" in r:
                validate_table(p, r["schema"])
            elif r.get("format") == "json":
                json.loads(p.read_text(encoding="utf-8"))
            if semantic and r["name"] in SEMANTIC_CHECKS:
                SEMANTIC_CHECKS[r["name"]](p)
        except DataError as exc:
            errors.append(exc)
        except ValueError as exc:
            errors.append(DataError(p, f"invalid content ({exc})"))
    for p in sorted(data_dir.rglob("*")):
        if p.is_file():
            rel = p.relative_to(data_dir).as_posix()
            if rel not in listed and rel not in UNLISTED_OK and p.suffix != ".md":
                errors.append(DataError(p, f"not listed in {PACKAGE_FILE}: declare it in DATA_RESOURCES of "
                                           "your module (or EXTRA_RESOURCES in src/smegvc/datapackage.py), then "
                                           "run `python -m smegvc validate --update-hashes` (see data/README.md)"))
    return errors


# ---------------------------------------------------------------------------------------------- CLI

def add_arguments(parser) -> None:
    parser.add_argument("--update-hashes", action="store_true",
                        help="regenerate data/datapackage.json (metadata from RESOURCES, current hashes)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")
    parser.add_argument("--no-semantic", action="store_true", help="skip the dataset-specific checks")


def run(args) -> int:
    if args.update_hashes:
        target = update_hashes(args.data)
        print(f"wrote {target}")
    errors = validate(args.data, semantic=not args.no_semantic)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    n = len(json.loads(((args.data or paths.DATA) / PACKAGE_FILE).read_text()).get("resources", [])) \
        if ((args.data or paths.DATA) / PACKAGE_FILE).is_file() else 0
    print(f"{n} resources, {len(errors)} error(s)")
    return 1 if errors else 0
