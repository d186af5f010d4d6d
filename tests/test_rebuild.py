"""Incremental, atomic rebuilds (smegvc.build.driver + smegvc.build.deps).

Most tests build a tiny self-contained book in tmp_path with the real driver: three chapters, one
reading a firm-size share file through a loader that calls ``smegvc.tracking.record_read``, one
reading another data file and importing a project module, one reading nothing; a glued number and a
CSV per figure (offered as a download). One slow test rebuilds a copy of the real repository.
Builds are HTML-only except where the PDF's atomicity is tested.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from smegvc.build import driver as build
from smegvc.build import deps
from smegvc.paths import ROOT

SHARES = "data/sme/firm_size_shares.csv"


# ---------------------------------------------------------------------------------------------
# A tiny book

def _nb(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, src in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(make(textwrap.dedent(src).strip()))
    return nb


def write_tiny_book(root: Path) -> Path:
    files = {
        "_config.yml": """
            title: Tiny
            author: Test
            only_build_toc_files: true
            exclude_patterns: [_build, src, data, book/_latex]
            execute:
              execute_notebooks: cache
              timeout: 120
              allow_errors: false
            latex:
              latex_documents:
                targetname: tiny.tex
            sphinx:
              config:
                language: en
                latex_additional_files: [book/_latex/bbm.sty]
            """,
        "_toc.yml": """
            format: jb-book
            root: book/intro
            chapters:
              - file: book/shares
              - file: book/other
              - file: book/plain
            """,
        "book/intro.md": "# Tiny book\n\nAn introduction.\n",
        SHARES: "country,industry,sme_output_share\nKOR,C10,0.25\nKOR,C26,0.125\nTWN,C10,0.5\n",
        "data/other.csv": "x\n1\n2\n",
        "requirements.txt": "pandas\n",
        "src/tinybook/__init__.py": "",
        "src/tinybook/load.py": """
            from pathlib import Path

            import pandas as pd

            from smegvc.tracking import record_read

            DATA = Path(__file__).resolve().parents[2] / "data"


            def shares() -> pd.DataFrame:
                p = DATA / "sme" / "firm_size_shares.csv"
                record_read(p)
                return pd.read_csv(p)


            def other() -> pd.DataFrame:
                p = DATA / "other.csv"
                record_read(p)
                return pd.read_csv(p)
            """,
        "src/tinybook/calc.py": """
            def double(x):
                return 2 * x
            """,
    }
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (root / "book/_latex").mkdir(parents=True)
    shutil.copy2(ROOT / "book/_latex/bbm.sty", root / "book/_latex/bbm.sty")  # sphinx-jupyterbook-latex needs it
    nbformat.write(_nb(
        ("md", "# Shares\n\nThe mean SME share is {glue:text}`mean_share:.4f`.\n\n"
               "{download}`Chart data <figdata/shares.csv>`"),
        ("code", """
            from pathlib import Path
            from myst_nb import glue
            from tinybook.load import shares

            s = shares()
            glue("mean_share", float(s["sme_output_share"].mean()), display=False)
            Path("figdata").mkdir(exist_ok=True)
            s.to_csv("figdata/shares.csv", index=False)
            """),
    ), root / "book/shares.ipynb")
    nbformat.write(_nb(
        ("md", "# Other\n\nTwice the sum is {glue:text}`twice:.0f`."),
        ("code", """
            from myst_nb import glue
            from tinybook.calc import double
            from tinybook.load import other

            glue("twice", double(int(other()["x"].sum())), display=False)
            """),
    ), root / "book/other.ipynb")
    nbformat.write(_nb(
        ("md", "# Plain\n\nNo data here: {glue:text}`seven`."),
        ("code", "from myst_nb import glue\nglue('seven', 7, display=False)"),
    ), root / "book/plain.ipynb")
    return root


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return write_tiny_book(tmp_path / "tiny")


def run_build(root: Path, *extra: str) -> tuple[int, dict]:
    rc = build.main(["--root", str(root), "--build-dir", str(root / "_build"), *extra])
    rec = json.loads((root / "_build/.deps/last-build.json").read_text())
    return rc, rec


def status(rec: dict) -> dict[str, str]:
    """docname -> 'reused' | 're-executed' | 'FAILED'."""
    return {d: line.split(" because")[0].split(" (")[0] for d, line in rec["chapters"].items()}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(root: Path, doc: str) -> str:
    """The visible text of a published page, whitespace collapsed."""
    p = _Text()
    p.feed((root / "_build/html" / f"{doc}.html").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(p.parts))


def download(root: Path, name: str) -> str:
    hits = list((root / "_build/html/_downloads").rglob(name))
    assert len(hits) == 1, hits
    return hits[0].read_text()


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def set_share(root: Path, row: str, value: str) -> None:
    """Set the share in the row starting with ``row`` (e.g. "KOR,C26")."""
    p = root / SHARES
    lines = p.read_text().splitlines()
    lines = [ln if not ln.startswith(row + ",") else ",".join(ln.split(",")[:-1] + [value]) for ln in lines]
    p.write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# Tests on the tiny book

def test_data_change_reexecutes_only_dependent_chapter_and_updates_html(tiny, capsys):
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    assert set(status(rec).values()) == {"re-executed"}
    assert "first build" in rec["chapters"]["book/shares"]
    assert "The mean SME share is 0.2917" in page_text(tiny, "book/shares")  # (0.25+0.125+0.5)/3
    assert "KOR,C26,0.125" in download(tiny, "shares.csv")
    capsys.readouterr()

    set_share(tiny, "KOR,C26", "0.425")  # one value in one firm-size share row
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    assert status(rec) == {"book/shares": "re-executed", "book/other": "reused", "book/plain": "reused"}
    out = capsys.readouterr().out
    assert re.search(r"book/shares\s+re-executed because data/sme/firm_size_shares.csv changed", out), out
    assert re.search(r"book/other\s+reused", out)
    assert "The mean SME share is 0.3917" in page_text(tiny, "book/shares")
    assert "KOR,C26,0.425" in download(tiny, "shares.csv")
    assert "Twice the sum is 6" in page_text(tiny, "book/other")

    # a project module imported by one chapter only
    calc = tiny / "src/tinybook/calc.py"
    calc.write_text(calc.read_text().replace("2 * x", "3 * x"))
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    assert status(rec) == {"book/shares": "reused", "book/other": "re-executed", "book/plain": "reused"}
    assert "src/tinybook/calc.py changed" in rec["chapters"]["book/other"]
    assert "Twice the sum is 9" in page_text(tiny, "book/other")


def test_noop_rebuild_executes_nothing_and_rewrites_no_page(tiny):
    assert run_build(tiny, "--html-only")[0] == 0
    staged = tiny / "_build/.staging/html/book/shares.html"
    mtime = staged.stat().st_mtime_ns
    before = tree_digest(tiny / "_build/html")
    for p in (tiny / "data").rglob("*"):  # touching is not changing
        p.touch()
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    assert set(status(rec).values()) == {"reused"}
    assert rec["executed"] == {}
    assert staged.stat().st_mtime_ns == mtime, "Sphinx rewrote an unchanged page"
    assert tree_digest(tiny / "_build/html") == before


def test_settings_and_code_invalidate_but_markdown_edits_do_not_execute(tiny):
    assert run_build(tiny, "--html-only")[0] == 0
    nbp = tiny / "book/plain.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("No data here", "Nothing read here")
    nbformat.write(nb, nbp)
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0 and set(status(rec).values()) == {"reused"}
    assert "Nothing read here: 7" in page_text(tiny, "book/plain")

    nb.cells[1].source = nb.cells[1].source.replace("7", "8")
    nbformat.write(nb, nbp)
    rc, rec = run_build(tiny, "--html-only")
    assert status(rec) == {"book/shares": "reused", "book/other": "reused", "book/plain": "re-executed"}
    assert "its code changed" in rec["chapters"]["book/plain"]
    assert "Nothing read here: 8" in page_text(tiny, "book/plain")

    def plan():
        return deps.plan(tiny, tiny / "_build")

    assert set(plan().values()) == {None}
    req = tiny / "requirements.txt"
    req.write_text("pandas==3.1.0\n")
    assert set(plan().values()) == {"requirements.txt changed"}
    req.write_text("pandas\n")
    cfg = tiny / "_config.yml"
    text = cfg.read_text()
    cfg.write_text(text.replace("timeout: 120", "timeout: 121"))
    assert set(plan().values()) == {"_config.yml execute settings changed"}
    cfg.write_text(text.replace("allow_errors: false", "allow_errors: false\n  stderr_output: remove"))
    assert set(plan().values()) == {None}, "a rendering-only setting re-executes"

    cfg.write_text(text.replace("execute_notebooks: cache", "execute_notebooks: force"))
    assert set(plan().values()) == {"execute_notebooks is force"}
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0 and all("execute_notebooks is force" in line for line in rec["chapters"].values())
    cfg.write_text(text)
    assert set(plan().values()) == {None}


def test_a_chapter_reading_a_later_chapters_output_is_rerun_in_the_same_build(tiny):
    """book/shares (first in the TOC) reads a file book/plain (last) writes: one build converges."""
    nbp = tiny / "book/shares.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "try:\n    seen = open('derived.txt').read()\nexcept FileNotFoundError:\n    seen = 'none'\n"
        "glue('seen', seen, display=False)"))
    nb.cells[0].source += "\n\nSeen: {glue:text}`seen`."
    nbformat.write(nb, nbp)
    plain = tiny / "book/plain.ipynb"
    nb = nbformat.read(plain, as_version=4)
    nb.cells[1].source += "\nopen('derived.txt', 'w').write('v1')"
    nbformat.write(nb, plain)
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    assert "book/derived.txt changed" in rec["chapters"]["book/shares"]
    assert "Seen: v1" in page_text(tiny, "book/shares")

    nb.cells[1].source = nb.cells[1].source.replace("v1", "v2")
    nbformat.write(nb, plain)
    rc, rec = run_build(tiny, "--html-only")
    assert status(rec) == {"book/shares": "re-executed", "book/other": "reused", "book/plain": "re-executed"}
    assert "Seen: v2" in page_text(tiny, "book/shares")
    rc, rec = run_build(tiny, "--html-only")
    assert set(status(rec).values()) == {"reused"}


def test_failed_execution_leaves_published_site_untouched_then_recovers(tiny, capsys):
    assert run_build(tiny, "--html-only")[0] == 0
    before = tree_digest(tiny / "_build/html")
    assert "book/shares.html" in before and "index.html" in before

    nbp = tiny / "book/other.ipynb"
    good = nbp.read_bytes()
    nb = nbformat.read(nbp, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(nb, nbp)
    set_share(tiny, "KOR,C10", "0.3")  # a change that would show if anything were published
    capsys.readouterr()
    rc, rec = run_build(tiny, "--html-only")
    out = capsys.readouterr().out
    assert rc != 0 and not rec["ok"]
    assert "broken on purpose" in out and "BUILD FAILED" in out and "book/other" in out
    assert tree_digest(tiny / "_build/html") == before

    nbp.write_bytes(good)  # revert: the stored execution of the old code is valid again
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0
    # book/shares was re-executed during the failed build; its new outputs are published now
    assert set(status(rec).values()) == {"reused"}
    assert "The mean SME share is 0.3083" in page_text(tiny, "book/shares")


def test_sphinx_warning_fails_every_time_until_fixed(tiny):
    """A warning (-W) fails the build; an unchanged rebuild must fail again, not publish."""
    assert run_build(tiny, "--html-only")[0] == 0
    before = tree_digest(tiny / "_build/html")
    intro = tiny / "book/intro.md"
    intro.write_text(intro.read_text() + "\nSee {ref}`no-such-label`.\n")
    assert run_build(tiny, "--html-only")[0] != 0
    assert run_build(tiny, "--html-only")[0] != 0, "second build published a site with a dead reference"
    assert tree_digest(tiny / "_build/html") == before
    intro.write_text("# Tiny book\n\nAn introduction, fixed.\n")
    rc, rec = run_build(tiny, "--html-only")
    assert rc == 0 and set(status(rec).values()) == {"reused"}
    assert "An introduction, fixed." in page_text(tiny, "book/intro")


def test_noop_fast_path_is_invalidated_by_each_kind_of_change(tiny, capsys):
    """A rebuild with nothing changed starts neither kernels nor Sphinx; a change to a data file, a
    chapter, a module or the configuration ends the fast path, reaches the site, and the build after
    that is a no-op again."""
    def rebuild():
        capsys.readouterr()
        rc, rec = run_build(tiny, "--html-only")
        out = capsys.readouterr().out
        assert rc == 0, out
        return rec, out

    def assert_noop():
        rec, out = rebuild()
        assert rec.get("noop") and "nothing changed since the last successful build" in out, out
        assert "+ sphinx" not in out and "executing" not in out
        assert set(status(rec).values()) == {"reused"} and set(rec["chapters"]) == {"book/shares", "book/other",
                                                                                        "book/plain"}

    assert run_build(tiny, "--html-only")[0] == 0
    assert_noop()
    page = tiny / "_build/html/book/other.html"
    mtime = page.stat().st_mtime_ns
    for p in (tiny / "src").rglob("*.py"):  # touched, not changed: hashed once, then trusted again
        p.touch()
    assert_noop()
    assert page.stat().st_mtime_ns == mtime

    # a data file (same size, so only the hash can tell)
    (tiny / "data/other.csv").write_text("x\n1\n3\n")
    rec, out = rebuild()
    assert not rec.get("noop") and "building: data/other.csv changed" in out
    assert status(rec)["book/other"] == "re-executed" and "Twice the sum is 8" in page_text(tiny, "book/other")
    assert_noop()
    # a chapter's text only: no execution, but Sphinx runs
    nbp = tiny / "book/plain.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("No data here", "Still no data")
    nbformat.write(nb, nbp)
    rec, out = rebuild()
    assert "building: book/plain.ipynb changed" in out and set(status(rec).values()) == {"reused"}
    assert "Still no data: 7" in page_text(tiny, "book/plain")
    assert_noop()
    # a module
    calc = tiny / "src/tinybook/calc.py"
    calc.write_text(calc.read_text().replace("2 * x", "5 * x"))
    rec, out = rebuild()
    assert "building: src/tinybook/calc.py changed" in out and status(rec)["book/other"] == "re-executed"
    assert "Twice the sum is 20" in page_text(tiny, "book/other")
    assert_noop()
    # the configuration
    cfg = tiny / "_config.yml"
    cfg.write_text(cfg.read_text().replace("title: Tiny", "title: Tiny Two"))
    rec, out = rebuild()
    assert "building: _config.yml changed" in out
    assert "Tiny Two" in (tiny / "_build/html/index.html").read_text(encoding="utf-8") or \
        "Tiny Two" in page_text(tiny, "book/intro")
    assert_noop()
    # a new file, a deleted published page, other build options
    (tiny / "book/notes.txt").write_text("x")
    assert "building: files were added (book/notes.txt)" in rebuild()[1]
    assert_noop()
    (tiny / "_build/html/index.html").unlink()
    assert "index.html is missing" in rebuild()[1]
    assert (tiny / "_build/html/index.html").is_file()
    assert_noop()
    rc = build.main(["--root", str(tiny), "--build-dir", str(tiny / "_build"), "--html-only", "--no-strict"])
    assert rc == 0 and "build settings changed (strict)" in capsys.readouterr().out


def test_noop_fast_path_never_follows_a_failed_build(tiny, capsys):
    assert run_build(tiny, "--html-only")[0] == 0
    intro = tiny / "book/intro.md"
    good = intro.read_text()
    intro.write_text(good + "\nSee {ref}`no-such-label`.\n")
    assert run_build(tiny, "--html-only")[0] != 0
    intro.write_text(good)  # back to the sources of the last good build, but that build's record is gone
    capsys.readouterr()
    rc, rec = run_build(tiny, "--html-only")
    out = capsys.readouterr().out
    assert rc == 0 and not rec.get("noop") and "+ sphinx" in out


@pytest.mark.slow
def test_pdf_and_site_stay_when_the_pdf_fails(tiny, capsys):
    missing = build.missing_pdf_tools()
    if missing:
        pytest.skip("PDF tools missing: " + ", ".join(missing))
    assert run_build(tiny)[0] == 0
    pdf = tiny / "_build/latex/tiny.pdf"
    assert pdf.is_file() and (tiny / "_build/html/tiny.pdf").read_bytes() == pdf.read_bytes()
    site, latex = tree_digest(tiny / "_build/html"), pdf.read_bytes()

    intro = tiny / "book/intro.md"  # valid for Sphinx and HTML, fatal for LaTeX
    intro.write_text(intro.read_text() + "\nNew text.\n\n```{raw} latex\n\\undefinedmacroxyz\n```\n")
    capsys.readouterr()
    assert run_build(tiny)[0] != 0
    assert "BUILD FAILED: the PDF build (latexmk) failed" in capsys.readouterr().out
    assert tree_digest(tiny / "_build/html") == site
    assert pdf.read_bytes() == latex

    set_share(tiny, "KOR,C10", "0.3")  # and a failing chapter
    nbp = tiny / "book/plain.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, nbp)
    assert run_build(tiny)[0] != 0
    out = capsys.readouterr().out
    assert "BUILD FAILED: executing book/plain failed" in out and "ZeroDivisionError" in out
    assert tree_digest(tiny / "_build/html") == site
    assert pdf.read_bytes() == latex


def _chapter_lines(out: str) -> list[str]:
    """The per-chapter lines a build prints, without their timings."""
    return [re.sub(r" \(\d+\.\d s\)", "", ln.strip()) for ln in out.splitlines()
            if re.match(r"\s+book/\S+\s+(reused|re-executed|FAILED)", ln)]


def _outputs(nb_path: Path) -> list:
    nb = nbformat.read(nb_path, as_version=4)
    return [(c.source, c.get("outputs"), c.get("execution_count")) for c in nb.cells if c.cell_type == "code"]


def test_parallel_execution_gives_the_sequential_output_and_messages(tmp_path, monkeypatch, capsys):
    """The same book built with one kernel at a time and with three at once: the same site, byte for
    byte, the same stored executions and the same messages in the same order."""
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    first = write_tiny_book(tmp_path / "j1" / "tiny")
    nbp = first / "book/shares.ipynb"  # the first chapter finishes last when they run at once
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[1].source = "import time; time.sleep(2)\n" + nb.cells[1].source
    nbformat.write(nb, nbp)
    roots = {1: first, 3: tmp_path / "j3" / "tiny"}
    shutil.copytree(first, roots[3])  # the same files (cell ids included)
    out = {}
    for j, root in roots.items():
        capsys.readouterr()
        assert run_build(root, "--html-only", "-j", str(j))[0] == 0
        out[j] = capsys.readouterr().out
    assert _chapter_lines(out[1]) == _chapter_lines(out[3])
    assert [ln for ln in out[1].splitlines() if ln.startswith("executing ")] == \
        [ln for ln in out[3].splitlines() if ln.startswith("executing ")]
    for doc in ("book/shares", "book/other", "book/plain"):
        a, b = (roots[j] / "_build/.deps/nb" / f"{doc}.ipynb" for j in (1, 3))
        assert _outputs(a) == _outputs(b), doc
    assert tree_digest(roots[1] / "_build/html") == tree_digest(roots[3] / "_build/html")
    assert "Kernel is running" not in out[3]  # the kernels' own messages stay out of the build's output


@pytest.mark.slow
def test_latex_is_not_run_again_for_identical_sources(tiny, capsys):
    """The PDF step reuses the last PDF when Sphinx writes the same LaTeX sources, and runs LaTeX when
    a glued number changes them."""
    missing = build.missing_pdf_tools()
    if missing:
        pytest.skip("PDF tools missing: " + ", ".join(missing))
    assert run_build(tiny)[0] == 0
    pdf = tiny / "_build/latex/tiny.pdf"
    first = pdf.read_bytes()
    (tiny / "_build/.deps/noop.json").unlink()  # no fast path: Sphinx writes the LaTeX sources again
    capsys.readouterr()
    rc, rec = run_build(tiny)
    out = capsys.readouterr().out
    assert rc == 0 and "LaTeX not run: its sources are byte-identical" in out and "all-pdf" not in out
    assert pdf.read_bytes() == first and (tiny / "_build/html/tiny.pdf").read_bytes() == first

    set_share(tiny, "KOR,C26", "0.425")
    rc, rec = run_build(tiny)
    out = capsys.readouterr().out
    assert rc == 0 and "make all-pdf" in out and "LaTeX not run" not in out
    tex = (tiny / "_build/latex/tiny.tex").read_text(encoding="utf-8")
    assert "0.3917" in tex and pdf.read_bytes() != first


def _normalized_digest(folder: Path) -> dict[str, str]:
    """:func:`tree_digest` without two marks of Sphinx's own incremental builds that change nothing a
    reader sees: the ``?v=<checksum>`` it appends to a stylesheet link only when the stylesheet was
    already in the output folder (myst-nb writes it after the pages of a first build), and words left
    in the search index with no page (``"2917": []``) once the only page holding them changed."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.suffix == ".html":
            data = re.sub(rb"\?v=[0-9a-f]{8}\b", b"", data)
        elif p.name == "searchindex.js":
            index = json.loads(data.decode()[len("Search.setIndex("):-1])
            for key in ("terms", "titleterms"):
                index[key] = {t: d for t, d in index[key].items() if d != []}
            data = json.dumps(index, sort_keys=True).encode()
        out[p.relative_to(folder).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_incremental_build_equals_a_cold_build(tiny, jobs):
    """After a build with the PDF, a one-value change re-reads and rewrites only the changed page (the
    LaTeX build used to leave a setting in the shared Sphinx environment that made the next HTML build
    re-read and rewrite every page), and the site and LaTeX sources then equal, byte for byte, those of
    a cold build of the same sources in the same folder (PDFs aside: they carry their creation time)."""
    missing = build.missing_pdf_tools()
    if missing:
        pytest.skip("PDF tools missing: " + ", ".join(missing))
    # as in the real book: parts (sphinx-jupyterbook-latex then numbers LaTeX figures by chapter), a
    # numbered part and a numbered table
    (tiny / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nparts:\n"
                                   "  - caption: Data\n    numbered: true\n    chapters:\n"
                                   "      - file: book/shares\n      - file: book/other\n"
                                   "  - caption: More\n    chapters:\n      - file: book/plain\n")
    config = tiny / "_config.yml"
    config.write_text(config.read_text().replace("    language: en\n", "    language: en\n    numfig: true\n"))
    nbp = tiny / "book/other.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[0].source += "\n\n## Sizes\n\n```{list-table} Sizes\n:name: tbl-sizes\n\n* - small\n  - large\n```\n"
    nbformat.write(nb, nbp)
    assert run_build(tiny, "-j", jobs)[0] == 0
    unchanged = tiny / "_build/.staging/html/book/other.html"
    mtime = unchanged.stat().st_mtime_ns
    set_share(tiny, "KOR,C26", "0.425")
    rc, rec = run_build(tiny, "-j", jobs)
    assert rc == 0 and status(rec)["book/shares"] == "re-executed"
    assert unchanged.stat().st_mtime_ns == mtime, "an unchanged page was rewritten"

    def sources():
        html = {k: v for k, v in _normalized_digest(tiny / "_build/html").items() if not k.endswith(".pdf")}
        latex = {k: v for k, v in tree_digest(tiny / "_build/latex").items()
                 if k.endswith((".tex", ".sty", ".cls", ".png", ".svg"))}
        return html, latex

    incremental = sources()
    assert "0.3917" in (tiny / "_build/latex/tiny.tex").read_text(encoding="utf-8")
    shutil.rmtree(tiny / "_build")
    assert run_build(tiny, "-j", jobs)[0] == 0
    cold = sources()
    for got, want in zip(incremental, cold):
        assert got.keys() == want.keys()
        assert [k for k in got if got[k] != want[k]] == []


def test_reads_are_tracked_without_the_loader(tiny):
    """A file opened directly (not through record_read) is an input too; written files are outputs."""
    nb = _nb(("md", "# Direct"), ("code", "open('../data/other.csv').read()\nopen('out.txt', 'w').write('x')"))
    nbformat.write(nb, tiny / "book/plain.ipynb")
    assert run_build(tiny, "--html-only")[0] == 0
    m = json.loads((tiny / "_build/.deps/book/plain.json").read_text())
    assert "data/other.csv" in m["inputs"]
    assert list(m["outputs"]) == ["book/out.txt"]
    (tiny / "book/out.txt").unlink()  # a reused chapter's outputs are restored
    rc, rec = run_build(tiny, "--html-only")
    assert rec["chapters"]["book/plain"] == "reused (restored book/out.txt)"
    assert (tiny / "book/out.txt").read_text() == "x"


def test_toc_docnames_and_code_hash():
    names = deps.toc_docnames(ROOT)
    assert names[0] == "book/index" and len(names) == len(set(names))
    a = _nb(("md", "x"), ("code", "1"))
    b = _nb(("md", "y"), ("code", "1"))
    assert deps.code_hash(a) == deps.code_hash(b)
    b.cells[1].source = "2"
    assert deps.code_hash(a) != deps.code_hash(b)


# ---------------------------------------------------------------------------------------------
# The real repository (a copy)

def _benchmark_module():
    """scripts/benchmark_rebuild.py, for its repository copy and one-value change."""
    spec = importlib.util.spec_from_file_location("benchmark_rebuild", ROOT / "scripts/benchmark_rebuild.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _csv_digests(html: Path) -> dict[str, str]:
    return {str(p.relative_to(html)): hashlib.sha256(p.read_bytes()).hexdigest() for p in html.rglob("*.csv")}


def _numbers(page: Path) -> list[str]:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    body = " ".join(parser.parts)
    body = body.split("How to cite this chapter")[0]  # the box carries the build date
    return re.findall(r"\d+\.\d+", body)


def _data_digests(repo: Path) -> dict[str, str]:
    return {p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (repo / "data").rglob("*") if p.is_file()}


@pytest.mark.slow
def test_real_book_after_a_share_change(tmp_path, monkeypatch):
    """Change one share prior (an input a user may edit; see scripts/benchmark_rebuild.py) in a copy of
    the repository and rebuild: the edit is accepted and logged, the firm-size share tables and the
    results are re-derived, exactly the chapters that read a changed file re-execute, the glued numbers
    of the summary and a chart CSV in the new site change, and a second rebuild re-executes nothing."""
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    bench = _benchmark_module()
    repo = tmp_path / "repo"
    bench.copy_repo(repo)
    rc, rec = run_build(repo, "--html-only")
    assert rc == 0, "the real book does not build"
    html = repo / "_build" / "html"
    before_numbers = _numbers(html / "book" / "summary.html")
    before_csv = _csv_digests(html)
    before_data = _data_digests(repo)
    manifests = {d: json.loads((repo / "_build/.deps" / f"{d}.json").read_text()) for d in rec["chapters"]}

    bench.set_share(repo / bench.SHARES, *bench.SHARE_CHANGES[0])
    rc, rec = run_build(repo, "--html-only")
    assert rc == 0
    after_data = _data_digests(repo)
    changed_data = {f for f in before_data if after_data.get(f) != before_data[f]}
    for derived in ("data/sme/firm_size_shares.csv", "data/results/results.csv", "data/CHANGELOG.csv"):
        assert derived in changed_data, f"{derived} was not re-derived after an input edit"
    log = (repo / "data/CHANGELOG.csv").read_text(encoding="utf-8")
    assert "sme/share_priors.csv" in log and "edit accepted" in log
    readers = {d for d, m in manifests.items() if changed_data & set(m["inputs"])}
    assert "book/summary" in readers
    st = status(rec)
    assert {d for d, s in st.items() if s == "re-executed"} == readers
    assert _numbers(html / "book" / "summary.html") != before_numbers, "no glued number changed"
    after_csv = _csv_digests(html)
    changed = {k for k in before_csv.keys() & after_csv.keys() if before_csv[k] != after_csv[k]}
    assert changed, "no chart CSV in the site changed"

    rc, rec = run_build(repo, "--html-only")
    assert rc == 0 and set(status(rec).values()) == {"reused"}
