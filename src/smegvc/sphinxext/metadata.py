"""The report's bibliographic metadata (``metadata.yml``) and the citations made from it.

``metadata.yml`` at the repository root is the one source of truth for the report's title,
authors, version, release date, site address, licences and repository. From it come the
citation box of every chapter, the How to cite page, the PDF title page, the site footer and
``CITATION.cff``:

    python -m smegvc.sphinxext.metadata --write-cff   # regenerate CITATION.cff
    python -m smegvc.sphinxext.metadata --check-cff   # exit 1 if CITATION.cff has drifted

Authors follow the Citation File Format: a person has ``family-names`` and ``given-names``
(optionally ``orcid``, ``affiliation``); a team or an institution has a ``name``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError
from ..paths import ROOT
from ..tracking import record_read

METADATA = ROOT / "metadata.yml"
CFF = ROOT / "CITATION.cff"
CFF_HEADER = ("# Generated from metadata.yml by `python -m smegvc.sphinxext.metadata --write-cff`.\n"
              "# Do not edit by hand: edit metadata.yml and regenerate (a test checks they agree).\n")
REQUIRED = ("title", "authors", "version", "date-released", "site_url", "repository", "license")
PERSON_KEYS = {"family-names", "given-names", "name-particle", "name-suffix", "orcid", "affiliation",
               "email", "website", "alias"}
ENTITY_KEYS = {"name", "orcid", "email", "website", "address", "city", "country", "alias"}


@dataclass(frozen=True)
class Report:
    """The report's metadata. ``authors`` are CFF person or entity mappings, in order."""

    title: str
    authors: tuple
    version: str
    date: dt.date
    site_url: str
    repository: str
    license_text: str
    license_code: str
    abstract: str = ""
    keywords: tuple = ()
    pdf: str = "report.pdf"
    cite_key: str = "report"
    no_cite_box: tuple = ()
    data_version: str | None = None

    @property
    def year(self) -> int:
        return self.date.year

    def chapter_url(self, docname: str) -> str:
        """The chapter's address on the published site (HTML builder file names)."""
        return f"{self.site_url}{docname}.html"

    def chapter_key(self, docname: str) -> str:
        """BibTeX key of a chapter, e.g. ``smegvc2026-summary``."""
        return f"{self.cite_key}{self.year}-{docname.rsplit('/', 1)[-1]}"

    @property
    def report_key(self) -> str:
        return f"{self.cite_key}{self.year}"


def load(path: Path | str = METADATA) -> Report:
    """Read and check ``metadata.yml``; a missing or malformed field raises :class:`DataError`."""
    path = Path(path)
    record_read(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "metadata file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(path, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                        row=mark.line + 1 if mark else None) from None
    if not isinstance(raw, dict):
        raise DataError(path, "expected a mapping of fields at the top level")
    for key in REQUIRED:
        if raw.get(key) in (None, "", [], {}):
            raise DataError(path, "required field is missing or empty", column=key)
    authors = raw["authors"]
    if not isinstance(authors, list):
        raise DataError(path, "expected a list of authors", column="authors")
    for i, a in enumerate(authors, start=1):
        _check_author(path, i, a)
    date = raw["date-released"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise DataError(path, f"not a YYYY-MM-DD date: {date!r}", column="date-released") from None
    if not isinstance(date, dt.date):
        raise DataError(path, f"not a YYYY-MM-DD date: {date!r}", column="date-released")
    site = str(raw["site_url"])
    for key in ("site_url", "repository"):
        if not re.match(r"^https?://\S+$", str(raw[key])):
            raise DataError(path, f"not an http(s) address: {raw[key]!r}", column=key)
    lic = raw["license"]
    if not (isinstance(lic, dict) and lic.get("text") and lic.get("code")):
        raise DataError(path, "expected 'text' and 'code' SPDX identifiers", column="license")
    version = str(raw["version"])
    if not re.match(r"^\d+\.\d+(\.\d+)?([-.+][0-9A-Za-z.]+)?$", version):
        raise DataError(path, f"not a version number: {version!r}", column="version")
    return Report(
        title=str(raw["title"]).strip(),
        authors=tuple(dict(a) for a in authors),
        version=version,
        date=date,
        site_url=site if site.endswith("/") else site + "/",
        repository=str(raw["repository"]).rstrip("/"),
        license_text=str(lic["text"]),
        license_code=str(lic["code"]),
        abstract=" ".join(str(raw.get("abstract", "")).split()),
        keywords=tuple(str(k) for k in raw.get("keywords") or ()),
        pdf=str(raw.get("pdf", "report.pdf")),
        cite_key=str(raw.get("cite_key", "report")),
        no_cite_box=tuple(str(d) for d in raw.get("no_cite_box") or ()),
        data_version=str(raw["data_version"]) if raw.get("data_version") else None,
    )


def _check_author(path, i, a) -> None:
    where = f"authors[{i}]"
    if not isinstance(a, dict):
        raise DataError(path, "expected a mapping (name, or family-names and given-names)", column=where)
    if "name" in a:
        extra = set(a) - ENTITY_KEYS
    elif a.get("family-names"):
        extra = set(a) - PERSON_KEYS
    else:
        raise DataError(path, "an author needs 'family-names' (a person) or 'name' (a team)", column=where)
    if extra:
        raise DataError(path, f"unknown author fields {sorted(extra)}", column=where)


# ---------------------------------------------------------------------------------------------
# Author names
def _initials(given: str) -> str:
    """'Seung-shin Anne' -> 'S.-s. A.' (APA initials keep hyphens)."""
    out = []
    for word in given.split():
        out.append("-".join(f"{part[0]}." for part in word.split("-") if part))
    return " ".join(out)


def apa_name(a: dict) -> str:
    if "name" in a:
        return a["name"]
    family = " ".join(x for x in (a.get("name-particle"), a["family-names"]) if x)
    given = _initials(a.get("given-names", ""))
    name = f"{family}, {given}" if given else family
    return f"{name}, {a['name-suffix']}" if a.get("name-suffix") else name


def apa_authors(authors) -> str:
    """APA 7 author list: 'A', 'A, & B', 'A, B, & C'; past 20, the first 19, '...', the last."""
    names = [apa_name(a) for a in authors]
    if len(names) == 1:
        return names[0]
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def display_name(a: dict) -> str:
    """A name as written in running text: 'Given Family' or the team's name."""
    if "name" in a:
        return a["name"]
    parts = (a.get("given-names"), a.get("name-particle"), a["family-names"], a.get("name-suffix"))
    return " ".join(x for x in parts if x)


def display_authors(authors) -> str:
    names = [display_name(a) for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def bibtex_name(a: dict) -> str:
    if "name" in a:
        return "{" + _bibtex_escape(a["name"]) + "}"
    family = " ".join(x for x in (a.get("name-particle"), a["family-names"]) if x)
    parts = [family] + ([a["name-suffix"]] if a.get("name-suffix") else []) + [a.get("given-names", "")]
    return ", ".join(_bibtex_escape(p) for p in parts if p)


# ---------------------------------------------------------------------------------------------
# Citations. An APA citation is a list of (text, italic) segments, so that each writer can set
# the italic part its own way (HTML <em>, docutils emphasis for LaTeX, *...* in plain text).
Segments = list[tuple[str, bool]]


def _period(s: str) -> str:
    return s if s.endswith((".", "?", "!")) else s + "."


def apa_report(r: Report) -> Segments:
    """APA 7 reference to the whole report (a report with a version, read online)."""
    return [(f"{_period(apa_authors(r.authors))} ({r.year}). ", False), (r.title, True),
            (f" (Version {r.version}). {r.site_url}", False)]


def apa_chapter(r: Report, docname: str, chapter_title: str) -> Segments:
    """APA 7 reference to one chapter of the report."""
    return [(f"{_period(apa_authors(r.authors))} ({r.year}). {_period(chapter_title)} In ", False),
            (r.title, True), (f" (Version {r.version}). {r.chapter_url(docname)}", False)]


def plain_text(segments: Segments, italic: str = "*") -> str:
    return "".join(f"{italic}{t}{italic}" if it else t for t, it in segments)


_BIB_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_escape(s: str) -> str:
    return "".join(_BIB_SPECIAL.get(c, c) for c in s)


def _bibtex(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}"


def bibtex_report(r: Report) -> str:
    """BibTeX entry for the whole report (titles in double braces keep their capitals)."""
    return _bibtex("techreport", r.report_key, [
        ("author", " and ".join(bibtex_name(a) for a in r.authors)),
        ("title", "{" + _bibtex_escape(r.title) + "}"),
        ("institution", " and ".join(_bibtex_escape(display_name(a)) for a in r.authors)),
        ("type", "Executable report"),
        ("year", str(r.year)),
        ("version", r.version),
        ("note", f"Version {r.version}"),
        ("url", r.site_url),
    ])


def bibtex_chapter(r: Report, docname: str, chapter_title: str) -> str:
    """BibTeX entry for one chapter (``@incollection`` in the report)."""
    return _bibtex("incollection", r.chapter_key(docname), [
        ("author", " and ".join(bibtex_name(a) for a in r.authors)),
        ("title", "{" + _bibtex_escape(chapter_title) + "}"),
        ("booktitle", "{" + _bibtex_escape(r.title) + "}"),
        ("publisher", " and ".join(_bibtex_escape(display_name(a)) for a in r.authors)),
        ("year", str(r.year)),
        ("version", r.version),
        ("note", f"Version {r.version}"),
        ("url", r.chapter_url(docname)),
    ])


# ---------------------------------------------------------------------------------------------
# CITATION.cff
def _cff_author(a: dict) -> dict:
    return {k: a[k] for k in a}  # already CFF-shaped; copy so the dump has no YAML aliases


def cff_text(r: Report) -> str:
    """The text of ``CITATION.cff`` (CFF 1.2.0) for the repository, citing the report first."""
    doc = {
        "cff-version": "1.2.0",
        "message": "If you use this report, its code or its data, please cite the report as below.",
        "type": "software",
        "title": r.title,
        "abstract": r.abstract or None,
        "authors": [_cff_author(a) for a in r.authors],
        "version": r.version,
        "date-released": r.date.isoformat(),
        "url": r.site_url,
        "repository-code": r.repository,
        "license": r.license_code,
        "keywords": list(r.keywords) or None,
        "preferred-citation": {
            "type": "report",
            "title": r.title,
            "authors": [_cff_author(a) for a in r.authors],
            "version": r.version,
            "year": r.year,
            "date-released": r.date.isoformat(),
            "url": r.site_url,
            "repository-code": r.repository,
            "license": r.license_text,
        },
    }
    doc = {k: v for k, v in doc.items() if v is not None}
    return CFF_HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------------------------------------
# Versions of the build and of the data
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_version(r: Report | None = None, root: Path = ROOT) -> str:
    """A short fingerprint of the data: ``data_version`` from the metadata if set, else the
    first 12 hex digits of the SHA-256 of ``data/datapackage.json`` or, without it, of the
    paths and contents of every file under ``data/``; ``"none"`` when there is no data."""
    if r is not None and r.data_version:
        return r.data_version
    package = root / "data" / "datapackage.json"
    if package.is_file():
        return _sha256(package)[:12]
    files = sorted(p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    if not files:
        return "none"
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + _sha256(p).encode() + b"\n")
    return h.hexdigest()[:12]


def build_date() -> dt.date:
    """Today (UTC), or the date of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def source_commit(root: Path = ROOT) -> str | None:
    """Short hash of the checked-out commit, with '+' when tracked files differ from it; None
    outside a git work tree."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write or check CITATION.cff from metadata.yml.")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-cff", action="store_true", help="regenerate CITATION.cff")
    group.add_argument("--check-cff", action="store_true", help="exit 1 if CITATION.cff differs")
    args = ap.parse_args(argv)
    text = cff_text(load())
    if args.write_cff:
        from ..atomic import write_text

        write_text(CFF, text)
        print(f"wrote {CFF}")
        return 0
    if not CFF.is_file() or CFF.read_text(encoding="utf-8") != text:
        print(f"{CFF} differs from metadata.yml: run python -m smegvc.sphinxext.metadata --write-cff",
              file=sys.stderr)
        return 1
    print(f"{CFF} agrees with metadata.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
