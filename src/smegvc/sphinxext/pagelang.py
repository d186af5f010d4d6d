"""Sphinx extension: the language of the Korean and Traditional Chinese summary pages, on their content.

The site's language is English (``language: en`` sets ``<html lang="en">``); the summaries in
:data:`PAGE_LANG` are written in another language. Their content (the article body, headings included) is
wrapped in ``<div lang="…">`` so that browsers, screen readers and search engines read it as Korean or
Traditional Chinese (screen readers switch voice; browsers choose the CJK font and line breaking), while the
site's navigation, in English, keeps ``en``. The tags are BCP 47 (``ko``, ``zh-Hant``), the same as the
languages of :mod:`smegvc.report.findings_i18n` (tests/test_summaries.py checks both).
"""
from __future__ import annotations

import html

# docname -> BCP 47 language tag of the page's content
PAGE_LANG = {"book/summary-ko": "ko", "book/summary-zh": "zh-Hant"}


def wrap_body(body: str, lang: str) -> str:
    """``body`` (HTML) inside a ``div`` carrying ``lang``."""
    tag = html.escape(lang, quote=True)
    return f'<div lang="{tag}" class="smegvc-lang">\n{body}\n</div>'


def set_page_lang(app, pagename, templatename, context, doctree) -> None:
    lang = PAGE_LANG.get(pagename)
    if lang and isinstance(context.get("body"), str):
        context["body"] = wrap_body(context["body"], lang)


def setup(app):
    app.connect("html-page-context", set_page_lang)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
