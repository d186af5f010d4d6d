"""Build the book: execute chapters, build the HTML site and the PDF.

Usage: ``python -m smegvc.build [--html-only] [--strict/--no-strict]``

The HTML build is strict (``-W -n --keep-going``): any warning, dead cross-reference or
notebook error fails it. Chapters execute through Jupyter Book's cache, which this driver
clears before each build so that no stale output is published. The PDF needs XeLaTeX,
latexmk, xindy and the Noto CJK fonts; without them the HTML is built and the missing
tools are named.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import ROOT

# The output folder; SMEGVC_BUILD_DIR moves it (e.g. to build two copies side by side).
BUILD = Path(os.environ.get("SMEGVC_BUILD_DIR", ROOT / "_build")).resolve()
PDF_NAME = "sme-gvc-report.pdf"
PDF_TOOLS = ("xelatex", "latexmk", "xindy")


def jb(*args: str) -> list[str]:
    if BUILD.name != "_build":  # jupyter-book always writes <path-output>/_build
        raise SystemExit(f"SMEGVC_BUILD_DIR must name a folder called _build, not {BUILD}")
    exe = str(Path(sys.executable).with_name("jupyter-book"))
    return [exe, "build", str(ROOT), "--path-output", str(BUILD.parent), *args]


def missing_pdf_tools() -> list[str]:
    missing = [t for t in PDF_TOOLS if shutil.which(t) is None]
    fc = shutil.which("fc-list")
    if fc is None or "Noto Serif CJK KR" not in subprocess.run([fc], capture_output=True, text=True).stdout:
        missing.append("Noto CJK fonts (fonts-noto-cjk)")
    return missing


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def build_html(strict: bool = True) -> Path:
    run(jb(*(["-W", "-n", "--keep-going"] if strict else []), "--builder", "html"))
    return BUILD / "html"


def build_pdf() -> Path:
    run(jb("--builder", "pdflatex"))
    pdf = BUILD / "latex" / PDF_NAME
    if not pdf.is_file():
        raise SystemExit(f"PDF build finished but {pdf} is missing")
    shutil.copy2(pdf, BUILD / "html" / PDF_NAME)
    return pdf


def clear_execution_cache() -> None:
    shutil.rmtree(BUILD / ".jupyter_cache", ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html-only", action="store_true", help="skip the PDF")
    ap.add_argument("--no-strict", dest="strict", action="store_false", help="do not turn warnings into errors")
    args = ap.parse_args(argv)
    (BUILD / ".mplconfig").mkdir(parents=True, exist_ok=True)
    clear_execution_cache()
    html = build_html(args.strict)
    print(f"site: {html / 'index.html'}")
    if args.html_only:
        return 0
    missing = missing_pdf_tools()
    if missing:
        print("PDF skipped: missing " + ", ".join(missing) + ".\n  As root on Debian: "
              "apt-get install --no-install-recommends texlive-xetex texlive-latex-extra "
              "texlive-latex-recommended texlive-lang-cjk texlive-lang-chinese "
              "texlive-fonts-recommended latexmk xindy fonts-noto-cjk fonts-freefont-otf")
        return 0
    print(f"pdf: {build_pdf()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
