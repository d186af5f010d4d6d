"""The book builds: a strict HTML site and a PDF with embedded CJK fonts and typeset tables."""
import re
import shutil
import subprocess

import pytest
import yaml

from smegvc.build import driver as build
from smegvc.paths import ROOT

KIEP_TITLE_KO = "뉴노멀 시대 중소기업의 대외경쟁력 제고를 위한 정책과제 연구"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [c["file"] for c in part["chapters"]]
    return files


def test_every_toc_entry_exists_and_every_chapter_is_listed():
    files = toc_files()
    for f in files:
        assert any((ROOT / f"{f}{ext}").is_file() for ext in (".md", ".ipynb")), f"missing chapter {f}"
    on_disk = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").glob("*.*")
               if p.suffix in (".md", ".ipynb")}
    assert on_disk == set(files), f"chapters not in the TOC: {on_disk - set(files)}"


def test_html_site_has_every_page(built_book):
    html = built_book / "html"
    assert (html / "index.html").is_file()
    for f in toc_files():
        assert (html / f"{f}.html").is_file(), f"page missing for {f}"


def test_no_chapter_page_of_the_site_says_verify(built_book):
    """Unverified facts live in the evidence appendix, not in a chapter's prose or tables (issue 13)."""
    from bs4 import BeautifulSoup

    html = built_book / "html"
    for f in toc_files():
        text = BeautifulSoup((html / f"{f}.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert "(verify)" not in text, f"{f} says (verify)"
        assert not re.search(r"\bverify\)", text), f"{f} marks a fact 'verify'"


def test_korean_and_chinese_summaries_carry_their_language(built_book):
    """The content of the Korean and Traditional Chinese summaries is marked lang="ko" / lang="zh-Hant" (the
    site stays lang="en"); no other page is."""
    from bs4 import BeautifulSoup

    from smegvc.sphinxext.pagelang import PAGE_LANG

    html = built_book / "html"
    for f in toc_files():
        soup = BeautifulSoup((html / f"{f}.html").read_text(encoding="utf-8"), "html.parser")
        marked = soup.select("div.smegvc-lang[lang]")
        if f in PAGE_LANG:
            assert len(marked) == 1 and marked[0]["lang"] == PAGE_LANG[f], f
            assert marked[0].find("h1") is not None, f"{f}: the page heading is outside the marked content"
        else:
            assert not marked, f


@pytest.fixture(scope="module")
def pdf(built_book):
    missing = build.missing_pdf_tools()
    if missing:
        pytest.skip("PDF tools missing: " + ", ".join(missing))
    path = built_book / "latex" / build.PDF_NAME
    assert path.is_file()
    return path


def _run(*cmd):
    if shutil.which(cmd[0]) is None:
        pytest.skip(f"{cmd[0]} not installed (Debian package poppler-utils)")
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def test_pdf_embeds_a_cjk_font(pdf):
    rows = [r.split() for r in _run("pdffonts", str(pdf)).splitlines()[2:]]
    cjk = [r for r in rows if "CJK" in r[0]]
    assert cjk, "no CJK font in the PDF"
    # columns: name type encoding emb sub uni ...; 'emb' is the 4th from the end of the fixed part
    assert all(r[-5] == "yes" for r in cjk), f"CJK font not embedded: {cjk}"


def test_pdf_text_has_korean_title_and_no_unresolved_references(pdf):
    text = _run("pdftotext", str(pdf), "-")
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", KIEP_TITLE_KO) in flat
    assert "中小企業" in flat
    assert "??" not in text, "unresolved reference (??) in the PDF"


def test_pdf_has_numbered_chapters_and_page_numbers(pdf):
    tex = (pdf.parent / "sme-gvc-report.tex").read_text()
    assert r"\sphinxtableofcontents" in tex
    assert r"\chapter{Summary}" in tex or r"\chapter{Summary}" in tex.replace(r"\chapter*", r"\chapter")
    info = _run("pdfinfo", str(pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 5
    # page numbers: two consecutive late pages each print their number on a line of its own, n and n+1
    numbers = [{int(x) for x in re.findall(r"^\s*(\d+)\s*$", _run("pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"), flags=re.M)}
               for p in (pages - 2, pages - 1)]
    assert any(n + 1 in numbers[1] for n in numbers[0]), f"no running page numbers on pages {pages - 2}-{pages - 1}"


def test_pdf_tables_are_typeset_not_text_dumps(pdf):
    tex = (pdf.parent / "sme-gvc-report.tex").read_text()
    assert "Styler object" not in tex
    assert "<pandas" not in tex
    tables = len(re.findall(r"\\begin\{(?:tabulary|longtable|tabular)", tex))
    assert tables >= 1, "no typeset table in the PDF"


def _chapter_title(f):
    """The first level-1 heading of a chapter's source (Markdown page or notebook)."""
    md_file, nb_file = ROOT / f"{f}.md", ROOT / f"{f}.ipynb"
    if md_file.is_file():
        text = md_file.read_text(encoding="utf-8")
    else:
        import json

        cells = json.loads(nb_file.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    m = re.search(r"^# (.+)$", text, flags=re.M)
    assert m, f"{f} has no level-1 heading"
    return m.group(1).strip()


def test_pdf_has_every_chapter_title(pdf):
    import unicodedata

    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _run("pdftotext", str(pdf), "-")))
    missing = [t for t in map(_chapter_title, toc_files()[1:])
               if re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)) not in flat]
    assert not missing, f"chapter titles not in the PDF text: {missing}"


def test_pdf_pages_render_with_ink(pdf, tmp_path):
    from PIL import Image

    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    for n in sorted({1, max(1, pages // 2), pages}):
        _run("pdftoppm", "-f", str(n), "-l", str(n), "-r", "40", "-png", "-singlefile", str(pdf), str(tmp_path / f"p{n}"))
        grey = Image.open(tmp_path / f"p{n}.png").convert("L")
        inked = sum(grey.histogram()[:200])  # pixels clearly darker than the paper
        assert grey.size[0] > 100 and inked > 0.002 * grey.size[0] * grey.size[1], f"page {n} renders blank"


# ---------------------------------------------------------------------------------------------
# Typesetting (issue 15)
MAX_OVERFULL = 10


def test_pdf_log_has_few_overfull_lines(pdf):
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    overfull = re.findall(r"^Overfull \\hbox \((\d+\.\d+)pt too wide\)[^\n]*\n([^\n]*)", log, flags=re.M)
    worst = sorted(overfull, key=lambda o: -float(o[0]))[:5]
    assert len(overfull) <= MAX_OVERFULL, (
        f"{len(overfull)} overfull lines in {pdf.with_suffix('.log').name} (at most {MAX_OVERFULL}); widest: "
        + "; ".join(f"{w}pt: {t.strip()[:60]}" for w, t in worst))


def test_link_targets_are_not_html_escaped(built_book, pdf):
    """myst-parser stores link addresses HTML-escaped; smegvc.sphinxext.pagefixes undoes it."""
    tex = (pdf.parent / "sme-gvc-report.tex").read_text(encoding="utf-8")
    targets = re.findall(r"\\(?:sphinxhref|sphinxurl|sphinxnolinkurl|href|url)\{([^}]*)\}", tex)
    assert targets, "no links in the LaTeX source"
    bad = sorted({t for t in targets if "&amp;" in t or "&quot;" in t})
    assert not bad, f"HTML-escaped link targets in the PDF: {bad[:5]}"
    raw = pdf.read_bytes()
    assert b"&amp;" not in raw, "the PDF holds '&amp;' (a broken link target)"
    html_bad = sorted({p.name for p in (built_book / "html").rglob("*.html")
                       if "&amp;amp;" in p.read_text(encoding="utf-8")})
    assert not html_bad, f"links to '&amp;amp;' on {html_bad}"


def test_landing_page_does_not_repeat_the_contents_in_the_pdf(pdf):
    tex = (pdf.parent / "sme-gvc-report.tex").read_text(encoding="utf-8")
    head = tex[tex.index(r"\sphinxtableofcontents"):tex.index(r"\chapter{")]
    chapter_titles = [t for t in map(_chapter_title, toc_files()[1:])]
    listed = [t for t in chapter_titles if f"\n{t}\n" in head or f"{{{t}}}" in head]
    assert not listed, f"the landing page lists chapters again in the PDF: {listed}"


def test_references_chapter_is_not_empty_in_the_pdf(pdf):
    """The References chapter holds the list (no empty page, no later 'Bibliography')."""
    from smegvc.sphinxext.bibstyle import entry_labels

    first = next(iter(entry_labels(ROOT / "references.bib").values()))  # labels in list order
    pages = _run("pdftotext", "-layout", str(pdf), "-").split("\f")
    starts = [p for p in pages if re.search(r"^\s*References\s*$", p, flags=re.M | re.I) and f"{first}." in p]
    assert starts, f"no page of the PDF has the References heading followed by the first entry ({first})"
    assert not any(re.search(r"^\s*Bibliography\s*$", p, flags=re.M | re.I) for p in pages), "a Bibliography chapter"


def test_executive_summary_opens_the_site_and_the_pdf_in_two_pages(pdf):
    assert toc_files()[1] == "book/executive-summary"
    tex = (pdf.parent / "sme-gvc-report.tex").read_text()
    between = tex[tex.index(r"\sphinxtableofcontents"):tex.index(r"\chapter{Executive summary}")]
    assert r"\sphinxAtStartPar" not in between and r"\chapter" not in between, "text between contents and summary"
    parts = re.findall(r"\\part\{", between)   # a part heading there must be swallowed (no part page)
    assert not parts or r"\renewcommand{\part}[1]{\let\part\smegvcPart}" in between
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    texts = [_run("pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-") for p in range(1, min(pages, 20) + 1)]
    start = next(i for i, t in enumerate(texts) if "executive summary" in t.lower() and "headline numbers" in t.lower())
    end = next(i for i, t in enumerate(texts) if i >= start and "How to cite this chapter" in t)   # its last box
    # the contents end on the page before the summary: the contents pages list the summary with a page number
    assert re.search(r"Executive summary\s+\d", "\n".join(texts[:start]))
    assert end - start + 1 <= 2, f"the executive summary runs over {end - start + 1} pages"


def test_korean_and_chinese_summaries_render_in_their_fonts(pdf):
    fonts = _run("pdffonts", str(pdf))
    assert "NotoSerifCJK" in fonts, "no Noto CJK font embedded"
    tex = (pdf.parent / "sme-gvc-report.tex").read_text()
    zh = tex[tex.index(r"\chapter{中文摘要"):]
    zh = zh[:zh.index(r"\chapter{", 10)]
    assert r"\smegvcBeginTC" in zh and r"\smegvcEndTC" in zh, "the Chinese summary does not switch to the TC font"
    log = (pdf.parent / "sme-gvc-report.log").read_text(errors="replace")
    assert "Noto Serif CJK TC" in log, "the TC font was not loaded"
    flat = re.sub(r"\s+", "", _run("pdftotext", str(pdf), "-"))
    for term in ("한국어요약", "중소기업", "간접수출", "글로벌가치사슬", "中文摘要", "中小企業", "間接出口"):
        assert term in flat, f"{term} not in the PDF text"
