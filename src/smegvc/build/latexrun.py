"""The PDF step's memory: skip LaTeX when its sources are byte-identical to the last successful run.

Sphinx writes the LaTeX sources (``.tex``, the class and style files, images, the ``Makefile``) into the
staging folder, where the previous run's auxiliary files and PDF also live. :func:`sources_digest`
hashes every file there except what LaTeX and latexmk themselves write (:data:`OUTPUT_SUFFIXES`) and
the PDF. After a successful ``make all-pdf`` the driver records that digest with the PDF's SHA-256 in
``<build>/.deps/latex.json`` (:func:`remember`); the next time, if the digest is the same and the
PDF there is still the one recorded (:func:`reusable`), LaTeX is not run and that PDF is used. The
record is deleted before every LaTeX run (:func:`forget`), so a failed run is never taken for a good one.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from smegvc.atomic import write_text

RECORD = Path(".deps") / "latex.json"
# Files LaTeX, makeindex/xindy and latexmk write next to the sources (not inputs of the run).
OUTPUT_SUFFIXES = (".aux", ".log", ".toc", ".out", ".idx", ".ind", ".ilg", ".fls", ".fdb_latexmk", ".xdv",
                   ".lof", ".lot", ".synctex.gz", ".glo", ".gls", ".glg", ".blg", ".brf", ".nav", ".snm",
                   ".vrb", ".maf", ".run.xml", ".bcf", ".mw", ".ptc", ".mtc", ".stamp")


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sources_digest(latex_dir: Path, pdf_name: str) -> str:
    """SHA-256 over the names and contents of the LaTeX sources in ``latex_dir`` (sorted)."""
    latex_dir = Path(latex_dir)
    h = hashlib.sha256()
    for p in sorted(latex_dir.rglob("*")):
        if not p.is_file() or p.name == pdf_name or p.name.endswith(OUTPUT_SUFFIXES) or p.name.startswith("."):
            continue
        h.update(p.relative_to(latex_dir).as_posix().encode() + b"\0" + _sha256(p).encode() + b"\n")
    return h.hexdigest()


def _load(build: Path) -> dict:
    try:
        rec = json.loads((Path(build) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return rec if isinstance(rec, dict) else {}


def reusable(build: Path, digest: str, pdf: Path) -> bool:
    """True when the last successful LaTeX run had exactly these sources and made this very PDF."""
    rec = _load(build)
    return bool(rec) and rec.get("sources") == digest and pdf.is_file() and rec.get("pdf") == _sha256(pdf)


def forget(build: Path) -> None:
    (Path(build) / RECORD).unlink(missing_ok=True)


def remember(build: Path, digest: str, pdf: Path) -> None:
    write_text(Path(build) / RECORD, json.dumps({"sources": digest, "pdf": _sha256(pdf),
                                                 "pdf_name": os.path.basename(pdf)}, indent=1) + "\n")
