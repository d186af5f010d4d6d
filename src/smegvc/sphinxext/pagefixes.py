"""Sphinx extension: repair defects of the pinned Sphinx stack that a browser reports on every page.

1. Sphinx 7.4 adds an inline script (``add_js_file(None, body=...)``) registered after the HTML
   builder starts to the page twice: once under the file name ``None`` when it is registered and
   once under ``''`` when the builder re-reads the registry before writing
   (``StandaloneHTMLBuilder.prepare_writing``); the two do not compare equal. sphinx-thebe's
   ``const THEBE_JS_URL = ...`` then runs twice: a ``SyntaxError`` on every page. The second copy
   of any script (same file name, ``None`` taken as ``''``, priority and attributes) is dropped.
2. pydata-sphinx-theme logs "Got invalid theme mode" as a console error on a reader's first visit
   unless ``html_context["default_mode"]`` is set: it is set to ``auto`` (light or dark as the
   reader's system says) unless ``_config.yml`` sets it.
3. Without a favicon, browsers ask for ``/favicon.ico`` and get a 404: a small SVG favicon (the
   palette's blue, orange and black bars) is used unless ``_config.yml`` sets ``html_favicon``.
4. myst-parser 4 stores the address of a Markdown link HTML-escaped (``escapeHtml(uri)`` in
   ``render_link_url``): a source address with ``&`` becomes ``...?a=1&amp;b=2`` in the doctree, so
   the site links to ``&amp;amp;`` and the PDF to ``\\&amp;``, both broken. :class:`UnescapeLinks`
   turns the four escapes back into characters in every external ``refuri``.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

FAVICON = Path(__file__).with_name("static") / "smegvc-favicon.svg"


def _key(js):
    filename = getattr(js, "filename", js)
    attrs = getattr(js, "attributes", {})
    return (str(filename or ""), getattr(js, "priority", None), tuple(sorted((k, str(v)) for k, v in attrs.items())))


def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    files = context.get("script_files")
    if not isinstance(files, list):
        return
    seen, unique = set(), []
    for js in files:
        key = _key(js)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    files[:] = unique


def defaults(app, config) -> None:
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))  # undo escapeHtml, & last


def unescape_uri(uri: str) -> str:
    """Undo markdown-it's ``escapeHtml`` on a link address (``a=1&amp;b=2`` -> ``a=1&b=2``)."""
    for entity, char in _ESCAPES:
        uri = uri.replace(entity, char)
    return uri


class UnescapeLinks(SphinxTransform):
    """External link addresses as their authors wrote them (see 4. above)."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri")
            if uri and "&" in uri and "://" in uri:
                ref["refuri"] = unescape_uri(uri)


def setup(app):
    app.add_transform(UnescapeLinks)
    app.connect("config-inited", defaults)
    app.connect("html-page-context", dedupe_scripts, priority=900)  # after the themes add theirs
    return {"version": "2", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
