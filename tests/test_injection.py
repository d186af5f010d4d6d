"""Injection payloads from data cells reach the built site and PDF only as literal text (issue 12).

One slow test builds a small book once (HTML and PDF, with the real driver and the book's MyST
extensions) whose chapter shows the payloads through every table path of the report: a MarkdownTable
with plain cells (as case topics and policy areas are), md_text cells, md_link labels and targets,
show_table, a bare DataFrame, and the case-study fact table. A secret file outside the project stands
for a host file; neither it nor /etc/passwd may reach _build.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from smegvc.build import driver
from smegvc.paths import ROOT

TOKEN = "s3cr3t-host-file-7c1e9"

PAYLOADS = [
    "{download}`x <../../../../../../etc/passwd>`",
    "{download}`y <../../../../secret.txt>`",
    "{math}`^^5cinput{/etc/hostname}`",
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "![i](../../../../secret.txt)",
    "[l](../../../../secret.txt)",
    "$\\input{/etc/passwd}$",
    "{{ sub }} :::{warning} x",
    "\\begin{equation}\\input{/etc/passwd}\\end{equation}",
    "```{include} ../../../../secret.txt",
    "%comment ^^5c & #hash ~~strike~~ | pipe",
]


def _notebook(secret: Path) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Payloads"))
    setup = f"""
        import pandas as pd
        from smegvc.report.tables import MarkdownTable, md_text, md_link, show_table, table_markdown
        from smegvc.report.notebook import setup_notebook
        from smegvc.report.case_views import fact_table
        setup_notebook()
        P = {PAYLOADS!r}
        SECRET = {str(secret)!r}
    """
    cells = [
        setup,
        'MarkdownTable(pd.DataFrame({"plain": P, "md_text": [md_text(p) for p in P]}), caption="Plain and escaped")',
        'MarkdownTable(pd.DataFrame({"link": [md_link(p, u) for p, u in zip(P, ["../../../../secret.txt", '
        '"file://" + SECRET, "javascript:alert(3)", SECRET] * 3)]}), caption="Links")',
        'show_table(pd.DataFrame({"shown": P, "n": range(len(P))}), caption="show_table")',
        'pd.DataFrame({"bare": P}, index=pd.Index(P, name="idx"))',
        'facts = pd.DataFrame({"country": "KOR", "firm": P, "topic": P, "value": P, "source_outlet": P, '
        '"source_date": "", "source_url": "../../../../secret.txt", "source_also": "", "url_grades": "", '
        '"grade": "B", "verify": False, "fact_id": [f"f{i}" for i in range(len(P))], "case_id": "c"})\n'
        'try:\n    t = fact_table(facts, "KOR", caption="Facts")\nexcept Exception as e:  # a changed signature\n'
        '    t = MarkdownTable(facts[["firm", "topic", "value"]], caption="Facts")\nt',
    ]
    for c in cells:
        nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(c).strip()))
    return nb


def write_book(root: Path, secret: Path) -> None:
    (root / "book" / "_latex").mkdir(parents=True)
    shutil.copy2(ROOT / "book/_latex/bbm.sty", root / "book/_latex/bbm.sty")  # sphinx-jupyterbook-latex needs it
    (root / "_config.yml").write_text(textwrap.dedent("""
        title: Payloads
        author: Test
        only_build_toc_files: true
        exclude_patterns: [_build, book/_latex]
        execute:
          execute_notebooks: cache
          timeout: 300
          allow_errors: false
        parse:
          myst_enable_extensions: [colon_fence, dollarmath, amsmath, deflist, substitution, linkify]
        latex:
          latex_engine: xelatex
          latex_documents:
            targetname: payloads.tex
        sphinx:
          config:
            language: en
            latex_additional_files: [book/_latex/bbm.sty]
            nb_render_markdown_format: myst
            suppress_warnings: ["mystnb.unknown_mime_type"]
        """).lstrip())
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n- file: book/payloads\n")
    (root / "index.md").write_text("# Payload test\n\nA test book.\n")
    nbformat.write(_notebook(secret), root / "book" / "payloads.ipynb")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.slow
def test_payloads_are_literal_text_in_site_and_pdf(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(TOKEN + "\n")
    root = tmp_path / "proj" / "book-root"
    write_book(root, secret)
    pdf_possible = not driver.missing_pdf_tools()
    rc = driver.main(["--root", str(root), "--build-dir", str(root / "_build"), "--no-strict"]
                     + ([] if pdf_possible else ["--html-only"]))
    assert rc == 0
    build = root / "_build"
    files = [p for p in build.rglob("*") if p.is_file()]
    # no host file reaches _build
    for p in files:
        data = p.read_bytes()
        assert TOKEN.encode() not in data, p
        assert b"root:x:0:0" not in data, p
        assert p.name not in ("passwd", "hostname", "secret.txt"), p
    page = (build / "html" / "book" / "payloads.html").read_text(encoding="utf-8")
    main = page[page.index('<article'):page.index('</article>')]   # the chapter, without the theme's buttons
    tags = _Tags()
    tags.feed(main)
    assert not [t for t, a in tags.tags if t in ("img", "iframe", "object")], "raw HTML from data"
    assert not [s for s in re.findall(r"<script[^>]*>(.*?)</script>", main, re.S) if "alert" in s]
    assert not [a for t, a in tags.tags if any(k.startswith("on") for k in a)], "event handler from data"
    hrefs = [a.get("href", "") for t, a in tags.tags if t == "a"]
    assert not [h for h in hrefs if h.startswith(("javascript:", "file:")) or "_downloads" in h or "secret" in h]
    assert "math" not in {c for t, a in tags.tags for c in a.get("class", "").split()}
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    import html as _html
    text = _html.unescape(text)
    for p in ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "{math}`^^5cinput{/etc/hostname}`",
              "$\\input{/etc/passwd}$", "![i](../../../../secret.txt)"):
        assert p in text, p
    if pdf_possible:
        pdf = build / "latex" / "payloads.pdf"
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", "", out)
        for frag in ("^^5cinput{/etc/hostname}", "onerror=alert(1)", "\\input{/etc/passwd}", "secret.txt"):
            assert re.sub(r"\s+", "", frag) in flat, frag
        assert TOKEN not in out and "root:x:0:0" not in out
