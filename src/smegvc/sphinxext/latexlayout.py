"""Sphinx extension: tables and the bibliography laid out for the printed page (LaTeX builder only).

- **Column widths from the content.** Sphinx gives a long table without ``:widths:`` equal columns
  and applies given widths blindly, so a year or an economy code overflows a narrow column (the
  "Overfull \\hbox" lines of the LaTeX log). :class:`TableLayout` measures every table: each column
  is at least as wide as its longest unbreakable word (URLs break anywhere, other words only after a
  hyphen; words of :data:`HYPHENATE_FROM` letters or more may be hyphenated; code is monospaced)
  and the rest of the line is shared in proportion to the given widths, or to the columns' longest cells when none are given. Tables are
  set in ``\\small``; one that does not fit gets ``\\footnotesize``, then ``\\scriptsize``.
- **No one- or two-row tails.** A long table of at most :data:`KEEP_ROWS` rows of estimated height
  is not broken across pages; a longer one never breaks after its first two body rows or before
  its last three (``\\\\*`` in longtable).
- **One references chapter.** Sphinx moves every bibliography entry to the end of the PDF, under a
  heading of its own ("Bibliography"), and leaves the page that holds the ``{bibliography}``
  directive empty. :class:`PlaceBibliography` puts the list back into that page's chapter, and the
  preamble (``_config.yml``) sets it without a heading of its own.

Widths are estimated from character classes (:func:`text_em`), not measured by TeX; the test
suite counts the overfull lines of the LaTeX log (``tests/test_book.py``).
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.latex import LaTeXTranslator

# The text block of the PDF (A4, Sphinx's 1in margins): 597.5pt - 2 x 72.27pt, less a little.
LINEWIDTH_PT = 445.0
TABCOLSEP_PT = 4.0        # set in the preamble for tables (_config.yml)
# font sizes tried, in order (11pt document): \small, \footnotesize, \scriptsize
SIZES = (("small", 10.0), ("footnotesize", 9.0), ("scriptsize", 8.0))
HYPHENATE_FROM = 9        # longer words may be hyphenated: their minimum is a syllable-ish part
KEEP_ROWS = 30            # estimated text lines below which a long table is kept on one page
MAX_SHARE = 0.6           # no column's minimum may take more of the line than this
_URL = re.compile(r"^(https?|ftp)://|^www\.", re.I)


def char_em(c: str) -> float:
    """Rough advance width of a character in em (Times-like serif; bold sans is ~10% wider)."""
    if "\u1100" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\uffef":
        return 1.0   # CJK, Hangul, full-width forms
    if c.isupper():
        return 0.70
    if c.isdigit():
        return 0.50
    if c.islower():
        return 0.46
    if c in " .,;:'’|!()[]":
        return 0.28
    return 0.55


def text_em(text: str) -> float:
    return sum(char_em(c) for c in text)


def _token_em(tok: str, mono: bool) -> float:
    """Width in em of the widest piece of one word a line may not break."""
    if _URL.match(tok):
        return 0.0  # \url breaks anywhere (xurl)
    best = 0.0
    for p in (x for x in re.split(r"(?<=[-–—])", tok) if x):  # TeX breaks after a hyphen or dash
        w = 0.6 * len(p) if mono else text_em(p)
        if len(p) >= HYPHENATE_FROM and p.isalpha() and not mono:
            w *= 0.6  # hyphenation leaves at most about this much on a line
        best = max(best, w)
    return best


def _min_cell_em(cell: nodes.Element, urls: set[str]) -> float:
    """Width in em of the widest unbreakable piece of a cell (code in monospace: 0.6 em a character)."""
    best = 0.0
    for text in cell.findall(nodes.Text):
        mono = any(isinstance(a, (nodes.literal, nodes.literal_block)) for a in _ancestors(text))
        in_url = any(isinstance(a, nodes.reference) and a.get("refuri") in urls and a.astext() == a.get("refuri")
                     for a in _ancestors(text))
        if in_url:
            continue
        for tok in str(text).split():
            best = max(best, _token_em(tok, mono))
    return best


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _cells(row: nodes.row) -> list[nodes.entry]:
    return [c for c in row.children if isinstance(c, nodes.entry)]


def allocate(mins: list[float], prefs: list[float], total: float) -> list[float]:
    """Widths summing to ``total``, each >= its minimum, the rest in proportion to ``prefs``.

    >>> [round(w) for w in allocate([10, 10], [1, 3], 100)]
    [25, 75]
    >>> [round(w) for w in allocate([40, 10], [1, 3], 100)]
    [40, 60]
    """
    n = len(mins)
    fixed: dict[int, float] = {}
    while True:
        free = [j for j in range(n) if j not in fixed]
        if not free:
            break
        room = total - sum(fixed.values())
        weight = sum(prefs[j] for j in free) or float(len(free))
        share = {j: room * (prefs[j] if weight else 1.0) / weight for j in free}
        newly = [j for j in free if share[j] < mins[j]]
        if not newly:
            fixed.update(share)
            break
        for j in newly:
            fixed[j] = mins[j]
    return [fixed[j] for j in range(n)]


def layout_table(table: nodes.table) -> None:
    """Set the column widths, font size and unbreakable rows of one table (see the module)."""
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return
    colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
    n = len(colspecs)
    rows = list(tgroup.findall(nodes.row))
    if n == 0 or not rows or any(len(_cells(r)) != n for r in rows):
        return  # merged cells: leave to Sphinx
    head_rows = {id(r) for t in tgroup.findall(nodes.thead) for r in t.findall(nodes.row)}
    urls = {ref["refuri"] for ref in table.findall(nodes.reference) if ref.get("refuri")}
    min_em, nat_em = [0.0] * n, [0.0] * n
    for r in rows:
        bold = 1.1 if id(r) in head_rows else 1.0
        for j, cell in enumerate(_cells(r)):
            text = " ".join(cell.astext().split())
            min_em[j] = max(min_em[j], bold * _min_cell_em(cell, urls))
            nat_em[j] = max(nat_em[j], bold * text_em(text))
    given = [float(c.get("colwidth", 0) or 0) for c in colspecs]
    use_given = "colwidths-given" in table.get("classes", []) and all(g > 0 for g in given)
    pad = 2 * TABCOLSEP_PT + 1.0
    for size_name, size in SIZES:
        mins = [min(m * size + pad, MAX_SHARE * LINEWIDTH_PT) for m in min_em]
        if sum(mins) <= LINEWIDTH_PT:
            break
    nats = [max(m, e * size + pad) for m, e in zip(mins, nat_em)]
    prefs = given if use_given else nats
    widths = allocate(mins, prefs, LINEWIDTH_PT) if sum(mins) <= LINEWIDTH_PT else mins
    total = sum(widths)
    ints = [max(1, round(1000 * w / total)) for w in widths]
    for spec, w in zip(colspecs, ints):
        spec["colwidth"] = w
    classes = [c for c in table.get("classes", []) if c != "colwidths-auto"]
    table["classes"] = classes + (["colwidths-given"] if "colwidths-given" not in classes else [])
    table["smegvc_font"] = size_name
    # rows after which the page may not break
    body = [r for t in tgroup.findall(nodes.tbody) for r in t.findall(nodes.row)]
    lines = []
    for r in body:
        per_cell = [text_em(" ".join(c.astext().split())) * size / max(w - pad, 1.0)
                    for c, w in zip(_cells(r), widths)]
        lines.append(max(1, *[int(x) + 1 for x in per_cell]))
    if sum(lines) <= KEEP_ROWS:
        keep = range(len(body) - 1)
    else:
        keep = [i for i in range(len(body) - 1) if i < 2 or i >= len(body) - 3]
    for i in keep:
        body[i]["smegvc_nobreak"] = True


class TableLayout(SphinxPostTransform):
    """Column widths, font size and page breaks of every table in the PDF (see the module)."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if not list(table.findall(nodes.table))[1:]:  # nested tables: leave to Sphinx
                layout_table(table)


class PlaceBibliography(SphinxPostTransform):
    """Put the bibliography Sphinx gathered at the end back into the chapter that shows it."""

    default_priority = 800  # after Sphinx's BibliographyTransform (750) and jupyterbook-latex (700)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for bib in list(self.document.findall(thebibliography)):
            docnames = {c.get("docname") for c in bib.children if isinstance(c, nodes.citation)}
            if len(docnames) != 1:
                continue
            doc = docnames.pop()
            start = next((s for s in self.document.findall(addnodes.start_of_file)
                          if s.get("docname") == doc), None)
            if start is None:
                continue
            section = next(iter(start.findall(nodes.section)), None)
            bib.parent.remove(bib)
            (section if section is not None else start).append(bib)


class Translator(LaTeXTranslator):
    """Sphinx's LaTeX translator, plus the table font size and unbreakable rows set above."""

    def depart_row(self, node) -> None:
        super().depart_row(node)
        if node.get("smegvc_nobreak") and self.table is not None and self.table.get_table_type() == "longtable":
            for i in range(len(self.body) - 1, -1, -1):
                if self.body[i] == "\\\\\n":
                    self.body[i] = "\\\\*\n"
                    break

    def visit_table(self, node) -> None:
        font = node.get("smegvc_font")
        if font and font != SIZES[0][0] and not self.tables:
            self.body.append(f"\n\\begingroup\\def\\smegvctablefont{{\\{font}}}")
        super().visit_table(node)

    def depart_table(self, node) -> None:
        nested = len(self.tables) > 1
        super().depart_table(node)
        font = node.get("smegvc_font")
        if font and font != SIZES[0][0] and not nested:
            self.body.append("\\endgroup\n")


def _use_translator(app) -> None:
    # Only for the LaTeX builder: pydata-sphinx-theme wraps the registered translators of an HTML
    # build, and finding any (even a LaTeX one) registered it would skip its own HTML translator.
    if app.builder.format == "latex":
        app.set_translator(app.builder.name, Translator, override=True)


def setup(app):
    app.add_post_transform(TableLayout)
    app.add_post_transform(PlaceBibliography)
    app.connect("builder-inited", _use_translator, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
