"""The one escaping path for text from data files that reaches a page (HTML site and PDF).

    plain(value)             one line of text: whitespace collapsed, control and bidi characters removed
    myst_text(value)         ``plain(value)`` as MyST markdown that renders as exactly that text
    safe_url(url)            an http(s) URL fit for a MyST link target, or None
    myst_link(label, url)    a MyST link with literal label, or the literal label if the URL is not http(s)

Why this is enough. A chapter hands its tables, captions and figure legends to myst-nb as MyST
markdown (``nb_render_markdown_format: myst``). In CommonMark every ASCII punctuation character may be
backslash-escaped and an escaped character is always a literal character. :func:`myst_text` escapes
*every* ASCII punctuation character, so no markup can start: no raw HTML or ``<...>`` autolink, no
role ``{download}`...```, directive, ``:::`` fence, ``{{ substitution }}``, ``$math$``, link or image
(``[x](path)``, which MyST would copy as a download), entity (``&lt;``), emphasis or table pipe. The
text then reaches Sphinx as a plain text node, which the HTML writer escapes for HTML and the LaTeX
writer for TeX (``\\``, ``{``, ``^`` ... become ``\\textbackslash{}``, ``\\{``, ``\\textasciicircum{}``, so
``^^5c`` notation cannot form). Line structure is removed (one line), so no block syntax can start on a
later line; control characters (which TeX and terminals interpret) and bidirectional overrides
(which make text read differently from what it is) are dropped.

URLs from data are linked only if they are absolute http(s) URLs: a relative target would make MyST
copy a file of the build machine into the site; ``javascript:`` would run in the reader's browser.
"""
from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, urlsplit

_PUNCT = frozenset(string.punctuation)          # the ASCII punctuation CommonMark can escape
_KEEP_FORMAT = {"\u200c", "\u200d"}             # zero-width (non-)joiner: needed by some scripts
_URL_SAFE = "/:?#@!$&'()*+,;=%~-._"              # kept as is in a link target; everything else is %-encoded


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


def myst_text(value) -> str:
    """MyST markdown that renders as the literal text ``plain(value)`` (every ASCII punctuation escaped)."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in plain(value))


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


def myst_link(label, url) -> str:
    """A MyST link ``[label](<url>)`` with a literal label; just the literal label if ``url`` is not a
    safe http(s) URL (see :func:`safe_url`) or is empty."""
    text = myst_text(label)
    target = safe_url(url)
    if target is None:
        return text
    return f"[{text}](<{target}>)"


_UNESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + r"])")


def unescape(markdown: str) -> str:
    """The literal text that :func:`myst_text` output renders as (for tests and plain-text fallbacks)."""
    return _UNESCAPE.sub(r"\1", markdown)
