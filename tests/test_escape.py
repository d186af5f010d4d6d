"""The one escaping path (smegvc.report.escape): data text renders as literal text under the book's
own MyST parser configuration, for HTML and TeX alike."""
from __future__ import annotations

import html

import pytest
from hypothesis import given, settings, strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from smegvc.report import escape

# the extensions of _config.yml
EXTENSIONS = {"colon_fence", "dollarmath", "amsmath", "deflist", "substitution", "linkify"}
MD = create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)

PAYLOADS = [
    "{download}`x <../../../../../../etc/passwd>`",
    "{math}`^^5cinput{/etc/hostname}`",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<https://evil.example/x>",
    "<javascript:alert(1)>",
    "![x](../../../../etc/passwd)",
    "[click](javascript:alert(1))",
    "$\\input{/etc/passwd}$",
    "$$\\input{/etc/passwd}$$",
    "{{ sub }}",
    "\\begin{equation}\\input{/etc/passwd}\\end{equation}",
    "::: {warning}",
    "```{include} /etc/passwd",
    "# heading",
    "- list item",
    "1. ordered",
    ": definition",
    "a | b | c",
    "&lt;b&gt; &amp; &#60;",
    "*em* **strong** _u_ ~~s~~",
    "^^5c^^5c input",
    "\\\\ \\ \\{ trailing backslash \\",
    "(a) [b] {c} <d>",
    "https://example.com/a_b and www.example.com",
    "{ref}`x` {doc}`/etc/passwd` {eval}`1+1`",
    "%comment & #hash ~tilde",
    "line1\n\n```{raw} html\n<script>x</script>\n```",
    "\x00nul\x1bESC\x7fdel",
    "bidi \u202eoverride\u202c and \u2066isolate\u2069",
    "Korean 삼성전자 and 鴻海 with 'quotes' \"double\"",
]


def _inline_types(md: str) -> set[str]:
    types = set()
    for tok in MD.parse(md):
        if tok.type not in ("paragraph_open", "paragraph_close", "inline"):
            types.add(tok.type)
        for c in tok.children or []:
            types.add(c.type)
    return types


def _rendered_text(md: str) -> str:
    """The HTML markdown-it renders for ``md``: one paragraph whose decoded text is returned."""
    out = MD.render(md).strip()
    if not out:
        return ""
    assert out.startswith("<p>") and out.endswith("</p>") and "<" not in out[3:-4], out
    return html.unescape(out[3:-4])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_parses_to_one_paragraph_of_literal_text(payload):
    md = escape.myst_text(payload)
    assert "\n" not in md
    assert _inline_types(md) <= {"text"}, md
    assert _rendered_text(md) == escape.plain(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_pipe_table_cell_stays_in_its_cell(payload):
    table = f"| a | b |\n|---|---|\n| {escape.myst_text(payload)} | z |\n"
    tokens = MD.parse(table)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2
    inline = [t for t in tokens if t.type == "inline"]
    assert all(c.type == "text" for t in inline for c in t.children)
    assert inline[-2].content and escape.unescape(inline[-2].content) == escape.plain(payload)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_literal(text):
    md = escape.myst_text(text)
    assert _inline_types(md) <= {"text"}
    assert escape.unescape(md) == escape.plain(text)
    assert _rendered_text(md) == escape.plain(text).strip()


def test_plain_removes_controls_and_overrides_but_keeps_joiners_and_cjk():
    assert escape.plain("a\x00b\x1b[31mc\u202ed") == "ab[31mcd"
    assert escape.plain("  two\n\nlines\t ") == "two lines"
    assert escape.plain("\u200d삼성") == "\u200d삼성"
    assert escape.plain(None) == ""
    assert escape.plain(1.5) == "1.5"


@pytest.mark.parametrize("url,ok", [
    ("https://example.com/a b?x=<y>&z={1}^`", True),
    ("http://example.com", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("../../../../etc/passwd", False),
    ("/etc/passwd", False),
    ("file:///etc/passwd", False),
    ("javascript:alert(1)", False),
    ("data:text/html,<script>", False),
    ("https:///nohost", False),
    ("", False),
    (None, False),
])
def test_only_absolute_http_urls_are_linked(url, ok):
    target = escape.safe_url(url)
    assert (target is not None) == ok
    link = escape.myst_link("label <b>", url)
    types = _inline_types(link)
    if ok:
        assert types == {"link_open", "text", "link_close"}
        assert not any(c in target for c in "<>`{}|\\^\" ")
        tok = next(c for t in MD.parse(link) for c in t.children or [] if c.type == "link_open")
        assert tok.attrs["href"].lower().startswith("http")
    else:
        assert types <= {"text"}
        assert escape.unescape(link) == "label <b>"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\`{}[]<>$*_~|^@&#;:/.-+=%()!0123456789 aZw\n")), max_size=40))
def test_punctuation_heavy_text_is_literal(text):
    md = escape.myst_text(text)
    assert _inline_types(md) <= {"text"}, md
    assert _rendered_text(md) == escape.plain(text)
    cell = f"| a |\n|---|\n| {escape.myst_inline(text) or ' '} |\n"
    inline = [t for t in MD.parse(cell) if t.type == "inline"]
    assert all(c.type == "text" for t in inline for c in t.children), cell
    assert escape.unescape(inline[-1].content) == escape.plain(text)


def test_ordinary_punctuation_stays_readable():
    assert escape.myst_inline("Korea: pre-2011 SMEs (e.g. R&D), 15.55%") == "Korea: pre-2011 SMEs (e.g. R&D), 15.55%"
    assert escape.myst_inline("see example.com or https://x.org") == "see example\\.com or https\\://x\\.org"
    assert escape.myst_text("1. not a list") == "1\\. not a list"
    assert escape.myst_text("- not a list") == "\\- not a list"


def test_markdown_pieces_concatenate_with_plain_text_escaped():
    link = escape.myst_link("KITA <stats>", "https://kita.net/a")
    cell = link + " (verify) <b>"
    assert isinstance(cell, escape.Markdown)
    assert cell == "[KITA \\<stats\\>](<https://kita.net/a>) (verify) \\<b\\>"
    assert isinstance("<i>" + link, escape.Markdown) and ("<i>" + link).startswith("\\<i\\>")
    joined = escape.Markdown("; ").join([link, "x|y"])
    assert joined == f"{link}; x\\|y" and isinstance(joined, escape.Markdown)
    assert escape.as_markdown(link) is link
