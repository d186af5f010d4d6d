"""Sphinx extension: every table of the report downloadable, with a source line, in the site and the PDF.

For each table of a page (a post-transform of the HTML and LaTeX builders):

1. **Download.** The table as shown is written to ``_downloads/tables/<chapter>/<table id>.csv``
   (``table-<n>`` for a table without a name). Its first lines, each starting with ``#``, state the
   table's number and caption, its address on the site, its units, source and scenario, the notes
   below, and the report's version, data version and build; then come the column names and the
   rows. A spreadsheet shows those lines as two-column rows above the data; the last of them says
   how many to skip (``pandas.read_csv(path, skiprows=n)``). In the PDF the link points to the file on the published site.
2. **Source line.** A line under the table (class ``smegvc-table-note``) gives the units, source
   and scenario, the table notes and the download link. Units, source and scenario come from the
   table registry ``book/_tables.yml`` (config ``smegvc_table_meta``), keyed by the table's name;
   a table missing from it says "units as in the column headers", "source: see the text".
3. **Notes once.** A long text (:data:`NOTE_MIN_CHARS` characters or more) repeated in
   :data:`NOTE_MIN_ROWS` rows or more of a column is printed once, as note *a*, *b*, ... in the
   source line; the cells say "note a". The download keeps the full text in every row.
4. **Addresses out of cells.** A bare address in a cell's text (``... via etn.fi: https://...``)
   becomes a link labelled with its host name.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from . import metadata as md

logger = logging.getLogger(__name__)
FOLDER = "_downloads/tables"
NOTE_MIN_CHARS = 50
NOTE_MIN_ROWS = 3
_BARE_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")
META_KEYS = ("units", "source", "scenario")


# ---------------------------------------------------------------------------------------------
# Registry
def load_registry(path: Path) -> dict[str, dict[str, str]]:
    """``book/_tables.yml``: table name -> {units, source, scenario}; every value one line of text."""
    if not path.is_file():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of table names")
    out = {}
    for name, meta in raw.items():
        if not isinstance(meta, dict) or set(meta) - set(META_KEYS) or not meta.get("units") or not meta.get("source"):
            raise ValueError(f"{path}: {name}: expected units, source and optionally scenario")
        out[str(name)] = {k: " ".join(str(v).split()) for k, v in meta.items()}
    return out


def _registry(app) -> dict[str, dict[str, str]]:
    path = Path(app.srcdir, app.config.smegvc_table_meta)
    key = (str(path), path.stat().st_mtime_ns if path.is_file() else None)
    cache = app.__dict__.setdefault("_smegvc_tables", {})
    if key not in cache:
        cache.clear()
        cache[key] = load_registry(path)
    return cache[key]


# ---------------------------------------------------------------------------------------------
# Reading a table
def _rows(table: nodes.table):
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return [], []
    head = [r for t in tgroup.findall(nodes.thead) for r in t.findall(nodes.row)]
    body = [r for t in tgroup.findall(nodes.tbody) for r in t.findall(nodes.row)]
    return head, body


def _cells(row: nodes.row) -> list[nodes.entry]:
    return [c for c in row.children if isinstance(c, nodes.entry)]


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def table_matrix(table: nodes.table) -> tuple[list[str], list[list[str]]]:
    """Column names (header rows joined) and the body cells, as text."""
    head, body = _rows(table)
    ncol = max([len(_cells(r)) for r in head + body] or [0])
    names = [""] * ncol
    for r in head:
        for j, c in enumerate(_cells(r)):
            names[j] = " ".join(x for x in (names[j], _text(c)) if x)
    return names, [[_text(c) for c in _cells(r)] for r in body]


def csv_text(header: list[tuple[str, str]], names: list[str], rows: list[list[str]]) -> str:
    """CSV with ``# key,value`` lines first (see the module)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for key, value in header:
        w.writerow([f"# {key}", value])
    w.writerow(names)
    w.writerows(rows)
    return buf.getvalue()


def repeated_notes(rows: list[list[str]]) -> dict[str, str]:
    """Long texts repeated in many rows of one column -> note letters, in order of appearance."""
    counts = Counter((j, v) for r in rows for j, v in enumerate(r) if len(v) >= NOTE_MIN_CHARS)
    notes: dict[str, str] = {}
    for r in rows:
        for j, v in enumerate(r):
            if counts[(j, v)] >= NOTE_MIN_ROWS and v not in notes:
                notes[v] = chr(ord("a") + len(notes)) if len(notes) < 26 else f"n{len(notes)}"
    return notes


# ---------------------------------------------------------------------------------------------
# Changing a table
def link_bare_urls(table: nodes.table) -> None:
    """A bare address in a cell's text becomes a link labelled with its host (see the module); so does
    a link whose text is its own address."""
    for ref in list(table.findall(nodes.reference)):
        uri, label = ref.get("refuri", ""), ref.astext().strip()
        if uri and _BARE_URL.fullmatch(label):
            host = urlsplit(label).netloc or label
            ref.children = [nodes.Text(host)]
    for entry in table.findall(nodes.entry):
        for text in list(entry.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.reference, nodes.literal, nodes.raw)):
                continue
            s = str(text)
            if not _BARE_URL.search(s):
                continue
            new, last = [], 0
            for m in _BARE_URL.finditer(s):
                if m.start() > last:
                    new.append(nodes.Text(s[last:m.start()]))
                host = urlsplit(m.group()).netloc or m.group()
                new.append(nodes.reference(host, host, refuri=m.group()))
                last = m.end()
            if last < len(s):
                new.append(nodes.Text(s[last:]))
            parent, i = text.parent, text.parent.index(text)
            parent.remove(text)
            for k, n in enumerate(new):
                parent.insert(i + k, n)


def replace_notes(table: nodes.table, notes: dict[str, str]) -> None:
    head, body = _rows(table)
    for r in body:
        for c in _cells(r):
            letter = notes.get(_text(c))
            if letter:
                c.children = []
                c += nodes.paragraph("", "", nodes.emphasis(f"note {letter}", f"note {letter}"))


# ---------------------------------------------------------------------------------------------
# Per page
def _docname_of(node, default: str | None) -> str | None:
    """The document a node came from in an assembled (LaTeX) doctree: its start_of_file or section."""
    while node is not None:
        if isinstance(node, addnodes.start_of_file) or (isinstance(node, nodes.section) and node.get("docname")):
            return node["docname"]
        node = node.parent
    return default


def _source_doc(app, node) -> str | None:
    """The document a node was read from, by its source path (myst-nb notes the notebook's path)."""
    for n in (node, *_ancestors(node)):
        src = n.source if getattr(n, "source", None) else n.get("source") if isinstance(n, nodes.Element) else None
        if src:
            doc = app.env.path2doc(str(src).split(":", 1)[0] if not Path(str(src)).exists() else str(src))
            if doc:
                return doc
    return None


def _number(app, docname: str, table_id: str | None) -> str | None:
    if not table_id:
        return None
    num = app.env.toc_fignumbers.get(docname, {}).get("table", {}).get(table_id)
    return ".".join(map(str, num)) if num else None


def _caption(table: nodes.table) -> str:
    title = next(iter(table.findall(nodes.title)), None)
    return _text(title) if title is not None else ""


def _page_header(app, r: md.Report, docname: str, table_id, caption, number, meta, notes, srcdir) -> list:
    label = f"Table {number}" if number else "Table"
    url = r.chapter_url(docname) + (f"#{table_id}" if table_id else "")
    commit = md.source_commit(srcdir)
    header = [("table", f"{label}: {caption}" if caption else label), ("page", url),
              ("units", meta.get("units", "as in the column headers")),
              ("source", meta.get("source", "see the text of the page")),
              ("scenario", meta.get("scenario", "not applicable"))]
    header += [(f"note {letter}", text) for text, letter in notes.items()]
    header += [("report", f"{r.title}, version {r.version} of {r.date.isoformat()}"),
               ("data version", md.data_version(r, srcdir)),
               ("build", md.build_date().isoformat() + (f", commit {commit}" if commit else ""))]
    return header + [("read with", f"pandas.read_csv(path, skiprows={len(header) + 1})")]


def _note_node(meta: dict, notes: dict[str, str], link: nodes.Node | None) -> nodes.container:
    box = nodes.container(classes=["smegvc-table-note"])
    para = nodes.paragraph()
    parts = [f"Units: {meta['units']}." if meta.get("units") else None,
             f"Source: {meta['source']}." if meta.get("source") else None,
             f"Scenario: {meta['scenario']}." if meta.get("scenario") else None]
    para += nodes.Text(" ".join(p.replace("..", ".") for p in parts if p) + (" " if any(parts) else ""))
    for text, letter in notes.items():
        para += nodes.emphasis(f"Note {letter}:", f"Note {letter}:")
        para += nodes.Text(f" {text}{'' if text.endswith(('.', '!', '?')) else '.'} ")
    if link is not None:
        para += nodes.Text("Download: ")
        para += link
        para += nodes.Text(" (units, source and version in its first lines).")
    box += para
    return box


class TableData(SphinxPostTransform):
    """Downloads, source lines, notes and links of every table (see the module)."""

    default_priority = 300  # before latexlayout.TableLayout (400) measures the cells
    formats = ("html", "latex")

    def run(self, **kwargs) -> None:
        process(self.app, self.document, self.env.docname)


def process(app, doctree, docname) -> None:
    fmt = app.builder.format
    r = md.Report(**app.config.smegvc_report)
    registry = _registry(app)
    srcdir = Path(app.srcdir)
    counters: Counter = Counter()
    for table in list(doctree.findall(nodes.table)):
        if any(isinstance(a, nodes.table) for a in _ancestors(table)) or "smegvc-no-download" in table["classes"]:
            continue
        doc = _docname_of(table, None) or _source_doc(app, table) or docname
        base = doc.rsplit("/", 1)[-1]
        names, rows = table_matrix(table)
        if not rows:
            continue
        table_id = next((i for i in table["ids"] if not i.startswith("id")), None)
        counters[doc] += 1
        stem = table_id or f"table-{counters[doc]}"
        meta = registry.get(table_id, {}) if table_id else {}
        _, body = _rows(table)
        plain = [[v if not any(True for _ in c.findall(nodes.reference)) else "" for v, c in zip(row, _cells(r))]
                 for row, r in zip(rows, body)]  # a cell with links keeps them: never a note
        notes = repeated_notes(plain)
        site_path = f"{FOLDER}/{base}/{stem}.csv"
        header = _page_header(app, r, doc, table_id, _caption(table), _number(app, doc, table_id), meta, notes,
                              srcdir)
        if fmt == "html":
            dest = Path(app.outdir, site_path)
            text = csv_text(header, names, rows)
            if not (dest.is_file() and dest.read_text(encoding="utf-8") == text):
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
            uri = relative_uri(app.builder.get_target_uri(doc), site_path)
        else:
            uri = r.site_url + site_path
        link = nodes.reference(f"{stem}.csv", f"{stem}.csv", refuri=uri, classes=["smegvc-table-download"])
        link_bare_urls(table)
        replace_notes(table, notes)
        table.parent.insert(table.parent.index(table) + 1, _note_node(meta, notes, link))


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def setup(app):
    app.add_config_value("smegvc_table_meta", "book/_tables.yml", "env")
    app.add_post_transform(TableData)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
