"""Accessibility basics: alt text on every image, headings in order, a palette readable in greyscale."""
import itertools
import re

import pytest
from bs4 import BeautifulSoup

from smegvc.paths import ROOT
from smegvc.sphinxext.cite import toc_docnames
from smegvc.report.style import PALETTE

# Series drawn side by side in one chart: each pair must differ in greyscale.
PAIRED = [("KOR", "TWN"), ("SME", "large"), ("direct", "indirect", "total")]
MIN_DIFFERENCE = 15.0  # percent of the black-to-white range


def site_pages(html):
    """Every page a reader reaches: the TOC pages, the index of terms and the search page."""
    root, docs = toc_docnames(ROOT / "_toc.yml")
    return [html / f"{d}.html" for d in [root, *docs]] + [html / "genindex.html", html / "search.html"]


@pytest.fixture(scope="module")
def pages(built_book):
    return {p.relative_to(built_book / "html").as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in site_pages(built_book / "html")}


def test_every_image_has_real_alt_text(pages):
    bad = []
    for name, soup in pages.items():
        for img in soup.find_all("img"):
            alt, src = (img.get("alt") or "").strip(), img.get("src", "")
            # myst-nb falls back to the file path when a figure has no alt text: that is not alt text
            if not alt or alt == src or re.fullmatch(r"\S+\.(png|svg|jpe?g|gif)", alt):
                bad.append(f"{name}: <img src={src!r} alt={alt!r}>")
    assert not bad, "images without alt text:\n" + "\n".join(bad)


def _levels(headings):
    return [int(h.name[1]) for h in headings]


def _skips(levels):
    """Places where a heading goes more than one level deeper than the one before it."""
    return [(a, b) for a, b in zip([0, *levels], levels) if b > a + 1]


def test_headings_skip_no_level(pages):
    bad = []
    for name, soup in pages.items():
        whole = _levels(soup.find_all(re.compile(r"^h[1-6]$")))
        if _skips(whole):
            bad.append(f"{name}: page headings {whole}")
        article = soup.find("article", class_="bd-article")
        if article is None:
            continue
        inner = _levels(article.find_all(re.compile(r"^h[1-6]$")))
        if not inner or inner[0] != 1 or inner.count(1) != 1 or _skips(inner):
            bad.append(f"{name}: article headings {inner} (want one h1 first, then no level skipped)")
    assert not bad, "\n".join(bad)


def test_the_heading_check_catches_a_skip():
    assert _skips([1, 2, 3, 2, 3]) == []
    assert _skips([1, 3]) == [(1, 3)]
    assert _skips([2]) == [(0, 2)]


# ---------------------------------------------------------------------------------------------
# Greyscale: two measures of lightness, both on a 0-100 scale
def _rgb(hex_colour):
    return [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]


def cie_lightness(hex_colour) -> float:
    """CIE L* (perceived lightness, 0-100) from sRGB via the relative luminance Y."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(hex_colour)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def luma(hex_colour) -> float:
    """Rec. 601 luma (0-100): what a greyscale conversion or printer typically produces."""
    r, g, b = _rgb(hex_colour)
    return 100 * (0.299 * r + 0.587 * g + 0.114 * b)


def test_lightness_measures_by_hand():
    assert cie_lightness("#000000") == 0 and cie_lightness("#FFFFFF") == pytest.approx(100)
    assert luma("#FFFFFF") == pytest.approx(100) and luma("#808080") == pytest.approx(50.2, abs=0.1)
    assert cie_lightness("#808080") == pytest.approx(53.6, abs=0.1)  # mid grey is lighter than half


@pytest.mark.parametrize("measure", [cie_lightness, luma], ids=["CIE-L*", "luma"])
@pytest.mark.parametrize("group", PAIRED, ids=["/".join(g) for g in PAIRED])
def test_paired_series_differ_in_greyscale(group, measure):
    for a, b in itertools.combinations(group, 2):
        diff = abs(measure(PALETTE[a]) - measure(PALETTE[b]))
        assert diff >= MIN_DIFFERENCE, (
            f"{a} {PALETTE[a]} and {b} {PALETTE[b]} differ by {diff:.1f} in {measure.__name__}, "
            f"below {MIN_DIFFERENCE}: they merge in greyscale")
