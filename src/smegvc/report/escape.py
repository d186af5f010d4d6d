"""The one escaping path for text from data files that reaches a page (HTML site and PDF).

    plain(value)             one line of text: whitespace collapsed, control and bidi characters removed
    myst_inline(value)       MyST for an inline place (table cell, table caption) that renders as plain(value)
    myst_text(value)         the same, safe also at the start of a paragraph (figure captions, prose)
    safe_url(url)            an http(s) URL fit for a MyST link target, or None
    myst_link(label, url)    a MyST link with literal label; just the literal label if the URL is not http(s)
    Markdown                 the type of their results: text that is already MyST (see below)
    as_markdown(value)       ``value`` if it is Markdown, else ``myst_inline(value)``
    unescape(markdown)       the literal text an escaped string renders as

Why this is enough. A chapter hands its tables, captions and figure legends to myst-nb as MyST
markdown (``nb_render_markdown_format: myst``), parsed with the extensions of ``_config.yml``. In
CommonMark a backslash-escaped ASCII punctuation character is always a literal character. In an
inline place :func:`myst_inline` escapes every character that can start inline markup: ``\\``,
backtick (code, and roles such as ``{download}`...```), ``{ }`` (roles, ``{{ substitutions }}``),
``[ ]`` (links, images ``![x](path)`` that MyST would copy from the build machine, footnotes), ``< >``
(raw HTML, autolinks), ``$`` (math), ``* _ ~`` (emphasis), ``|`` (table cells), ``^`` and ``@``; an
``&`` that would start an entity (``&lt;``); and it breaks what linkify would turn into a link (``://``,
a dot between a letter or digit and two letters). :func:`myst_text` also escapes a first character that
could start a block (``#``, ``-``, ``>``, ``:::``, ``%`` comment, ``(target)=``, ``1.`` ...). The text
then reaches Sphinx as a plain text node, which the HTML writer escapes for HTML and the LaTeX writer
for TeX (``\\``, ``{``, ``^`` ... become ``\\textbackslash{}``, ``\\{``, ``\\textasciicircum{}``, so
``^^5c`` notation cannot form). Line structure is removed (one line); control characters (which TeX
and terminals interpret) and bidirectional overrides (which make text read differently from what it
is) are dropped. Other punctuation (``. , ; : ( ) - ' "`` ...) is left as is, so tables stay readable
in the notebooks.

URLs from data are linked only if they are absolute http(s) URLs: a relative target would make MyST
copy a file of the build machine into the site; ``javascript:`` would run in the reader's browser.

:class:`Markdown` marks text that is already MyST. Concatenating a Markdown with a plain ``str`` escapes
the plain part (``md_link(...) + " (verify)"``), so a table built from pieces stays escaped;
:class:`smegvc.report.tables.MarkdownTable` escapes every cell that is not Markdown. Code-written
markup (``{numref}``, citations) must be wrapped in ``Markdown(...)`` explicitly.
"""
from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, urlsplit

_PUNCT = frozenset(string.punctuation)
_KEEP_FORMAT = {"\u200c", "\u200d"}             # zero-width (non-)joiner: needed by some scripts
_URL_SAFE = "/:?#@!$&'()*+,;=%~-._"              # kept as is in a link target; everything else is %-encoded
_INLINE = frozenset("\\`{}[]<>$*_~|^@")          # always escaped
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")     # an & that would start an entity reference
_SCHEME = re.compile(r":(?=//)")                  # what linkify takes for a URL scheme
_DOMAIN = re.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z]{2})")   # what linkify takes for a domain (example.com)
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])")   # an ordered-list marker


class Markdown(str):
    """Text that is already MyST markdown. ``Markdown + str`` and ``str + Markdown`` escape the plain
    part (inline); :meth:`join` escapes the plain items."""

    __slots__ = ()

    def __add__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Markdown(str.__add__(self, other if isinstance(other, Markdown) else _inline(other)))

    def __radd__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Markdown(str.__add__(_inline(other), self))

    def join(self, items) -> "Markdown":
        return Markdown(str.join(self, (as_markdown(i) for i in items)))

    def _repr_markdown_(self) -> str:
        """A notebook cell whose last expression is Markdown displays it as MyST Markdown."""
        return str(self)


def plain(value) -> str:
    """``value`` as one line of text: None -> "", whitespace runs -> one space, control characters,
    format characters (bidi overrides, zero-width spaces; not the joiners) and surrogates removed."""
    if value is None:
        return ""
    s = str(value)
    s = "".join(ch for ch in s if ch.isspace() or _printable(ch))
    return " ".join(s.split())


def _printable(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):
        return False
    if cat == "Cf":
        return ch in _KEEP_FORMAT
    return True


def _inline(s: str) -> str:
    """Escape ``s`` (already plain, or a fragment: spaces kept) for an inline place."""
    s = "".join(ch for ch in str(s) if ch.isspace() or _printable(ch))
    s = " ".join(s.split("\n"))
    s = "".join("\\" + ch if ch in _INLINE else ch for ch in s)
    s = _ENTITY.sub(r"\\&", s)
    s = _SCHEME.sub(r"\\:", s)
    return _DOMAIN.sub(r"\\.", s)


def myst_inline(value) -> Markdown:
    """MyST for an inline place (pipe-table cell, table caption) that renders as the literal ``plain(value)``."""
    return Markdown(_inline(plain(value)))


def myst_text(value) -> Markdown:
    """Like :func:`myst_inline`, and also safe at the start of a paragraph (block syntax escaped)."""
    s = _inline(plain(value))
    if s and s[0] in _PUNCT and not s.startswith("\\"):
        s = "\\" + s
    return Markdown(_BLOCK_START.sub(r"\1\\\2", s))


def as_markdown(value) -> Markdown:
    """``value`` unchanged if it is :class:`Markdown`, else escaped with :func:`myst_inline`."""
    return value if isinstance(value, Markdown) else myst_inline(value)


def safe_url(url) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, percent-encoded for a ``<...>`` link target;
    else None. Characters with a meaning in MyST, HTML or TeX (``<>`{}|\\^"`` and spaces) are encoded."""
    s = plain(url)
    if not s:
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(s, safe=_URL_SAFE)


def myst_link(label, url) -> Markdown:
    """A MyST link ``[label](<url>)`` with a literal label; just the literal label if ``url`` is not a
    safe http(s) URL (see :func:`safe_url`) or is empty."""
    text = myst_inline(label)
    target = safe_url(url)
    if target is None:
        return text
    return Markdown(f"[{text}](<{target}>)")


_UNESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + r"])")


def unescape(markdown: str) -> str:
    """The literal text that :func:`myst_text` output renders as (for tests and plain-text fallbacks)."""
    return _UNESCAPE.sub(r"\1", markdown)
