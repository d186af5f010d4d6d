"""Sphinx extension: long words in table cells that can wrap (HTML and LaTeX builders).

A browser breaks a line at spaces and hyphens only, and TeX does not break at ``_`` either, so a
file name such as ``firm_size_shares_kor_consistent.csv`` or a path ``wiod2016/niot_long.csv.gz`` in
a table cell sets the column's minimum width: the table runs past the screen, or the PDF sets it in
tiny type. :class:`BreakLongWords` adds an optional break after each ``_``, ``/`` and ``.`` inside
words of :data:`LONG` characters or more in table cells: ``<wbr>`` in HTML (not copied with the
text), ``\\allowbreak`` in LaTeX. It runs after the table downloads are written
(:mod:`smegvc.sphinxext.tabledata`) and before the PDF's column widths are measured
(:mod:`smegvc.sphinxext.latexlayout`), which takes the pieces as separate words. Code in cells wraps
by CSS (``smegvc.css``); the rest of the site's table layout is CSS too.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LONG = 16
_BREAK_AFTER = re.compile(r"(?<=[_/.])(?=[^\s_/.])")
_WORD = re.compile(r"\S{%d,}" % LONG)


def split_long_words(text: str) -> list[str]:
    """``text`` cut where an optional break goes (``"a_very_long_file_name.csv"`` -> pieces).

    >>> split_long_words("see firm_size_shares_kor.csv now")
    ['see firm_', 'size_', 'shares_', 'kor.', 'csv now']
    >>> split_long_words("short words only")
    ['short words only']
    """
    pieces, last = [], 0
    for m in _WORD.finditer(text):
        if "://" in m.group():
            continue  # addresses are links: CSS lets them break anywhere
        for b in _BREAK_AFTER.finditer(text, m.start(), m.end()):
            if b.start() < m.end():
                pieces.append(text[last:b.start()])
                last = b.start()
    pieces.append(text[last:])
    return [p for p in pieces if p]


class BreakLongWords(SphinxPostTransform):
    """Optional line breaks in long words of table cells (see the module)."""

    default_priority = 350  # after tabledata (300), before latexlayout's TableLayout (400)
    formats = ("html", "latex")

    def run(self, **kwargs) -> None:
        fmt = self.app.builder.format
        mark = "<wbr>" if fmt == "html" else "\\allowbreak{}"
        for entry in self.document.findall(nodes.entry):
            for text in list(entry.findall(nodes.Text)):
                if isinstance(text.parent, (nodes.literal, nodes.literal_block, nodes.raw)):
                    continue
                if fmt == "latex" and isinstance(text.parent, nodes.reference):
                    continue  # a link's text is a macro argument in LaTeX: leave it whole
                pieces = split_long_words(str(text))
                if len(pieces) < 2:
                    continue
                new: list[nodes.Node] = []
                for i, piece in enumerate(pieces):
                    if i:
                        new.append(nodes.raw("", mark, format=fmt))
                    new.append(nodes.Text(piece))
                parent = text.parent
                index = parent.index(text)
                parent.remove(text)
                for k, node in enumerate(new):
                    parent.insert(index + k, node)


def setup(app):
    app.add_post_transform(BreakLongWords)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
