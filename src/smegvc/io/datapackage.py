"""The generic Frictionless Data Package (v1) tools: descriptor writing, hashing, schema validation.

This module knows no dataset: the list of the project's datasets, their semantic checks and the
``python -m smegvc validate`` command are in :mod:`smegvc.catalog`, which passes them in here.

    field(name, type, description, unit, **constraints)      one schema field
    describe(data_dir, registry, existing, meta) -> dict     descriptor: metadata + sha256 and bytes of each file
    update_hashes(data_dir, registry, meta)                   rewrite data/datapackage.json atomically
    set_hashes(data_dir, paths)                               record the hash of the named files only
    validate(data_dir, package, checks) -> [DataError]        every problem of a package, one error each
    validate_table(path, schema)                              one CSV against its table schema
    sha256_file(path)                                         hex digest, read in 1 MiB chunks

Checks (each failure is one :class:`~smegvc.errors.DataError` naming the file, row (CSV line, header = 1)
and column; at most one content error per file, the first found):
    listed file exists and its sha256 matches; every file under data/ is listed (except datapackage.json
    and Markdown notes such as README.md or PROVENANCE.md); CSV header equals the schema's field names in
    order; values parse as the field type (number: finite float; integer; year; date YYYY-MM-DD;
    boolean true/false; string); constraints
    required, minimum, maximum, enum, pattern, unique; primaryKey unique; the ``checks`` passed in
    ({resource name: function(path) raising DataError}, e.g. the IO accounting identities of an extract).
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc.atomic import write_text
from smegvc.errors import DataError
from smegvc.io.textcsv import line

PACKAGE_FILE = "datapackage.json"
CHANGELOG_FILE = "CHANGELOG.csv"          # the data changelog: every accepted or re-derived change
CHANGELOG_COLUMNS = ["time", "file", "role", "old_sha256", "new_sha256", "action"]
UNLISTED_OK = {PACKAGE_FILE, "README.md"}
USD = "millions of current US dollars"
CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


def field(name, type_, description, unit=None, **constraints):
    """A schema field; keyword arguments become constraints (required, minimum, maximum, enum, pattern, unique)."""
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    if constraints:
        field["constraints"] = constraints
    return field


# ---------------------------------------------------------------------------------------------- hashing

def sha256_file(path) -> str:
    """sha256 hex digest of a file (read in 1 MiB chunks)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe(data_dir=None, registry=(), existing=None, meta=None, only=None) -> dict:
    """The package descriptor: ``meta`` (package-level keys) + the ``registry`` resources + the current
    sha256 and size of each file present.

    ``existing``: a previous descriptor whose resources not in the registry are kept.
    ``only``: if given, the paths (relative to ``data_dir``) whose hash is recorded anew; every other
    resource keeps the hash ``existing`` recorded for it (a resource new to the package is hashed).
    """
    data_dir = Path(data_dir) if data_dir else paths.DATA
    res = [dict(r) for r in registry]
    names = {r["name"] for r in res}
    old = {r.get("path"): r for r in (existing or {}).get("resources", [])}
    if existing:
        res += [dict(r) for r in existing.get("resources", []) if r.get("name") not in names]
    wanted = None if only is None else {Path(p).as_posix() for p in only}
    for r in res:
        p = data_dir / r["path"]
        prev = old.get(r["path"], {})
        if wanted is not None and r["path"] not in wanted and "hash" in prev:
            r["hash"], r["bytes"] = prev["hash"], prev.get("bytes")
        elif p.is_file():
            r["hash"] = "sha256:" + sha256_file(p)
            r["bytes"] = p.stat().st_size
    return {**(meta or {}), "resources": res}


def read_descriptor(data_dir=None) -> dict | None:
    """The current ``datapackage.json`` of ``data_dir`` (None when absent or not valid JSON)."""
    target = (Path(data_dir) if data_dir else paths.DATA) / PACKAGE_FILE
    if not target.is_file():
        return None
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except ValueError:
        return None


def update_hashes(data_dir=None, registry=(), meta=None, only=None) -> Path:
    """Regenerate ``datapackage.json`` atomically from ``registry`` and ``meta`` (resources added to the
    JSON by hand are kept; files absent on disk are listed without a hash). ``only``: see :func:`describe`
    (None re-records every hash: the maintainer's explicit ``validate --update-hashes``)."""
    data_dir = Path(data_dir) if data_dir else paths.DATA
    target = data_dir / PACKAGE_FILE
    desc = describe(data_dir, registry, read_descriptor(data_dir), meta, only)
    write_text(target, json.dumps(desc, indent=2, ensure_ascii=False) + "\n")
    return target


def set_hashes(data_dir, rel_paths) -> Path:
    """Record the current sha256 and size of the named files (paths relative to ``data_dir``) in
    ``datapackage.json``, atomically; every other entry is left exactly as it was. This is how code that
    writes a file records it: no other file's hash is ever refreshed along the way."""
    data_dir = Path(data_dir) if data_dir else paths.DATA
    desc = read_descriptor(data_dir)
    if desc is None:
        raise DataError(data_dir / PACKAGE_FILE, "no readable descriptor; restore it (git checkout)")
    wanted = {Path(r).as_posix() for r in rel_paths}
    for r in desc.get("resources", []):
        if r.get("path") in wanted:
            p = data_dir / r["path"]
            if p.is_file():
                r["hash"] = "sha256:" + sha256_file(p)
                r["bytes"] = p.stat().st_size
    target = data_dir / PACKAGE_FILE
    write_text(target, json.dumps(desc, indent=2, ensure_ascii=False) + "\n")
    return target


def append_changelog(data_dir: Path, rows: list[tuple]) -> Path:
    """Append (file, role, old, new, action) rows, stamped with the time, to CHANGELOG.csv (atomically)."""
    path = data_dir / CHANGELOG_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not text:
        text = ",".join(CHANGELOG_COLUMNS) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for file, role, old, new, action in rows:
        w.writerow([stamp, file, role, old, new, action])
    write_text(path, text + buf.getvalue())
    return path


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
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(path, f"cannot read ({exc.strerror or exc})") from None
    if text.startswith("\ufeff"):
        raise DataError(path, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM", row=1)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError(path, f"malformed CSV ({exc})") from exc


def _parse_column(path, name, type_, values: pd.Series, missing: np.ndarray, where=line):
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
            raise DataError(path, f"{values.iat[i]!r} is not {what}", row=where(i), column=name)
        return num
    if type_ == "boolean":
        bad = present & ~values.str.lower().isin(["true", "false", "1", "0"]).to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise DataError(path, f"{values.iat[i]!r} is not a boolean (true/false)", row=where(i), column=name)
    if type_ == "date":
        parsed = pd.to_datetime(values.where(present, "2000-01-01"), format="%Y-%m-%d", errors="coerce")
        ok = parsed.notna().to_numpy() & values.str.match(_DATE).fillna(False).to_numpy(dtype=bool)
        bad = present & ~ok
        if bad.any():
            i = int(np.argmax(bad))
            raise DataError(path, f"{values.iat[i]!r} is not a date YYYY-MM-DD", row=where(i), column=name)
    return values


def validate_table(path, schema: dict) -> None:
    """Check one CSV file against its table schema; raise DataError at the first problem."""
    rows = read_csv_text(path)
    if not rows:
        raise DataError(path, "empty file: no header row", row=1)
    check_rows(path, rows[0], rows[1:], schema)


def check_rows(path, header: list[str], body: list[list[str]], schema: dict, row_label=None) -> None:
    """Check a table given as text (``header``, then ``body`` rows of cells) against its schema; the
    one implementation of the schema checks, for files (:func:`validate_table`) and for tables built or
    read in memory. ``row_label(i)``: the ``row`` of an error at 0-based data row ``i`` (default: its CSV
    line number). Raises DataError at the first problem."""
    where = row_label or line
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    header = list(header)
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
    for i, r in enumerate(body):
        if len(r) != len(names):
            raise DataError(path, f"{len(r)} cells, expected {len(names)}", row=where(i))
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
            raise DataError(path, "required value missing (empty)", row=where(i), column=name)
        out = _parse_column(path, name, type_, vals, miss, where)
        parsed[name] = out
        present = ~miss
        if "enum" in cons:
            allowed = [str(a) for a in cons["enum"]]
            bad = present & ~vals.isin(allowed).to_numpy()
            if bad.any():
                i = int(np.argmax(bad))
                raise DataError(path, f"{vals.iat[i]!r} not one of {allowed}", row=where(i), column=name)
        if "pattern" in cons:
            bad = present & ~vals.str.fullmatch(cons["pattern"]).fillna(False).to_numpy(dtype=bool)
            if bad.any():
                i = int(np.argmax(bad))
                raise DataError(path, f"{vals.iat[i]!r} does not match pattern {cons['pattern']!r}",
                                row=where(i), column=name)
        for key, op, word in (("minimum", np.less, "below the minimum"), ("maximum", np.greater, "above the maximum")):
            if key in cons:
                lim = cons[key]
                if type_ in ("number", "integer", "year"):
                    bad = present & op(out, float(lim))
                else:
                    bad = present & op(vals.to_numpy(dtype=str), str(lim))
                if bad.any():
                    i = int(np.argmax(bad))
                    raise DataError(path, f"{vals.iat[i]} is {word} {lim}", row=where(i), column=name)
        if cons.get("unique"):
            dup = present & vals.duplicated(keep=False).to_numpy()
            if dup.any():
                rows_ = np.flatnonzero(dup & (vals == vals.iat[int(np.argmax(dup))]).to_numpy())
                lines = [line(k) for k in rows_]
                raise DataError(path, f"value {vals.iat[rows_[0]]!r} not unique (lines {lines[:5]})",
                                row=where(rows_[1]), column=name)
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
            rows_ = np.flatnonzero(same)
            lines = [line(k) for k in rows_]
            key = ", ".join(f"{k}={frame[k].iat[first]}" for k in pk)
            raise DataError(path, f"duplicated primary key ({key}) on lines {lines[:5]}", row=where(rows_[1]),
                            column=",".join(pk))


def validate(data_dir=None, package=None, checks=None) -> list[DataError]:
    """All problems of the package, one DataError each (at most one content error per file).

    ``checks``: {resource name: function(path) raising DataError}, run after the schema checks.
    """
    checks = checks or {}
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
            if r["name"] in checks:
                checks[r["name"]](p)
        except DataError as exc:
            errors.append(exc)
        except ValueError as exc:
            errors.append(DataError(p, f"invalid content ({exc})"))
    for p in sorted(data_dir.rglob("*")):
        if p.is_file():
            rel = p.relative_to(data_dir).as_posix()
            if rel not in listed and rel not in UNLISTED_OK and p.suffix != ".md":
                errors.append(DataError(p, f"not listed in {PACKAGE_FILE}: declare its resource in the module that "
                                           "writes it and list it in src/smegvc/catalog.py, then run "
                                           "`python -m smegvc validate --update-hashes` (see data/README.md)"))
    return errors
