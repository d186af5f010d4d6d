"""Sphinx extension: table cells that can wrap on a narrow screen (HTML builders only).

A browser breaks a line at spaces and hyphens only, so a file name such as
``firm_size_shares_kor_consistent.csv`` or a path ``wiod2016/niot_long.csv.gz`` in a table cell
sets the column's minimum width and pushes the table past the page. :class:`BreakLongWords`
adds an optional break (``<wbr>``, which is not copied with the text) after each ``_``, ``/``
and ``.`` inside words of :data:`LONG` characters or more in table cells. Code in cells wraps by
CSS (``smegvc.css``); the rest of the table layout is CSS too.
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

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for entry in self.document.findall(nodes.entry):
            for text in list(entry.findall(nodes.Text)):
                if isinstance(text.parent, (nodes.literal, nodes.literal_block, nodes.raw)):
                    continue
                pieces = split_long_words(str(text))
                if len(pieces) < 2:
                    continue
                new: list[nodes.Node] = []
                for i, piece in enumerate(pieces):
                    if i:
                        new.append(nodes.raw("", "<wbr>", format="html"))
                    new.append(nodes.Text(piece))
                parent = text.parent
                index = parent.index(text)
                parent.remove(text)
                for k, node in enumerate(new):
                    parent.insert(index + k, node)


def setup(app):
    app.add_post_transform(BreakLongWords)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
