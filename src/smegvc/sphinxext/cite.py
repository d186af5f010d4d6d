"""Sphinx extension: cite any chapter, download what it shows, link to it for good.

Everything comes from ``metadata.yml`` (see :mod:`smegvc.sphinxext.metadata`):

- **Title, version, footer.** ``project``, ``html_title``, ``author``, ``version``/``release``,
  ``copyright``, ``today`` (the version's date) and the PDF title page (title, authors,
  "Version x.y.z", date) are set from the metadata; the site footer gets the version, the
  build date, the source commit and the data version.
- **Stable anchors.** The first heading of every page in ``_toc.yml`` but the root gets the
  anchor and label ``ch-<file name>`` (e.g. ``ch-summary``): ``book/summary.html#ch-summary``
  and ``{ref}`ch-summary``` work whatever the chapter's title becomes.
- **"How to cite this chapter".** Every page in ``_toc.yml`` except the root and the pages in
  ``no_cite_box`` ends with a box: the APA reference and the BibTeX entry of the chapter, and
  its downloads: the notebook as executed for this build (``.ipynb``, with a first cell saying
  how to install the package and data and run it: :mod:`smegvc.sphinxext.runnable`; the page source
  for Markdown pages), every chart's data (each ``*.csv`` in ``book/figdata/<file name>/``, which
  the chapter writes when it runs) and the PDF of the whole report. The files are copied into
  ``_downloads/`` of the site as the page is written. In the PDF, each chapter ends with its
  APA reference only (no BibTeX or downloads); the How to cite chapter has the rest.
- **How to cite page.** Directives for ``book/how-to-cite.md``: ``{report-citation}`` (APA and
  BibTeX for the whole report), ``{chapter-citations}`` (every chapter's key and address) and
  ``{report-version}`` (version, date, data version, build).

The HTML box is added to the rendered page (``html-page-context``), so it is not in the search
index; the LaTeX text is added to the assembled document (``doctree-resolved``).
"""
from __future__ import annotations

import dataclasses
import html
import posixpath
import shutil
from pathlib import Path
from urllib.parse import quote

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.texescape import escape as tex_escape

from . import metadata as md
from . import runnable

logger = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
BOX_ID = "cite-this-chapter"
ANCHOR_PREFIX = "ch-"
FIGDATA = "figdata"


# ---------------------------------------------------------------------------------------------
# Which pages
def chapter_anchor(docname: str) -> str:
    """The stable anchor of a chapter: ``ch-`` and its file name (``book/summary`` -> ``ch-summary``)."""
    return ANCHOR_PREFIX + docname.rsplit("/", 1)[-1]


def toc_docnames(toc_path: Path) -> tuple[str, list[str]]:
    """The root and the other files of a jb-book ``_toc.yml``, in reading order."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(entries):
        for e in entries or ():
            if "file" in e:
                found.append(str(e["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(e.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return str(toc["root"]), found


def _toc(app) -> tuple[str, list[str]]:
    path = getattr(app.config, "external_toc_path", None) or "_toc.yml"
    path = Path(app.srcdir, path)
    key = (str(path), path.stat().st_mtime_ns if path.is_file() else None)
    cache = app.__dict__.setdefault("_smegvc_toc", {})
    if key not in cache:
        cache.clear()
        cache[key] = toc_docnames(path) if path.is_file() else ("", [])
    return cache[key]


def report(app) -> md.Report:
    return md.Report(**app.config.smegvc_report)


def anchored(app, docname: str) -> bool:
    return docname in _toc(app)[1]


def has_cite_box(app, docname: str) -> bool:
    return anchored(app, docname) and docname not in report(app).no_cite_box


def chapter_title(app, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# Configuration from the metadata
def footer_html(r: md.Report, built, commit: str | None, data_version: str) -> str:
    esc = html.escape
    parts = [f"Version {esc(r.version)} of {esc(_long_date(r.date))}",
             f"built {built.isoformat()}" + (f" from commit <code>{esc(commit)}</code>" if commit else ""),
             f"data version <code>{esc(data_version)}</code>",
             f"text {esc(r.license_text)}, code {esc(r.license_code)}"]
    return '<p class="smegvc-footer">' + " · ".join(parts) + "</p>"


def _long_date(d) -> str:
    return f"{d.day} {d:%B %Y}"


def config_from_metadata(app, config) -> None:
    path = Path(app.srcdir, config.smegvc_metadata_file)
    r = md.load(path)
    config.smegvc_report = dataclasses.asdict(r)
    config.project = r.title
    config.html_title = r.title
    config.author = md.display_authors(r.authors)
    config.version = config.release = r.version
    config.copyright = str(r.year)
    config.today = _long_date(r.date)
    if not config.html_baseurl:
        config.html_baseurl = r.site_url
    config.latex_elements = {**config.latex_elements, "releasename": "Version"}
    theme = dict(config.html_theme_options or {})
    theme["extra_footer"] = footer_html(r, md.build_date(), md.source_commit(Path(app.srcdir)),
                                        md.data_version(r, Path(app.srcdir)))
    config.html_theme_options = theme
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def latex_title_from_metadata(app, env) -> None:
    """Title and authors of the PDF from the metadata (jupyter-book sets them after init)."""
    if app.builder.format != "latex":
        return
    r = report(app)
    docs = []
    for entry in app.config.latex_documents:
        entry = list(entry)
        entry[2] = tex_escape(r.title)
        entry[3] = tex_escape(md.display_authors(r.authors))
        docs.append(tuple(entry))
    app.config.latex_documents = docs


# ---------------------------------------------------------------------------------------------
# Stable anchors
class ChapterAnchor(SphinxTransform):
    """Give the first section of each TOC page the explicit label ``ch-<file name>``."""

    default_priority = 700  # before SphinxDomains (850), which collects the labels

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not anchored(self.app, docname):
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        label = chapter_anchor(docname)
        if section is None or label in self.document.ids:
            return
        section["ids"].append(label)
        section["names"].append(label)
        self.document.nameids[label] = label
        self.document.nametypes[label] = True
        self.document.ids[label] = section


# ---------------------------------------------------------------------------------------------
# Downloads of a chapter (HTML)
def chapter_downloads(app, docname: str) -> list[tuple[str, str, Path]]:
    """(label, site path, source file) of the chapter's downloads other than the PDF."""
    base = docname.rsplit("/", 1)[-1]
    out = []
    source = Path(app.env.doc2path(docname))
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    if source.suffix == ".ipynb":
        nb = executed if executed.is_file() else source
        out.append(("notebook (.ipynb)", f"_downloads/chapters/{base}.ipynb", nb))
    elif source.is_file():
        out.append((f"page source ({source.suffix})", f"_downloads/chapters/{base}{source.suffix}", source))
    figdir = Path(app.srcdir, posixpath.dirname(docname), FIGDATA, base)
    for csv in sorted(figdir.glob("*.csv")) if figdir.is_dir() else ():
        out.append((csv.name, f"_downloads/{FIGDATA}/{base}/{csv.name}", csv))
    return out


def _copy_if_changed(src: Path, dest: Path) -> None:
    if dest.is_file() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _write_if_changed(text: str, dest: Path) -> None:
    if dest.is_file() and dest.read_text(encoding="utf-8") == text:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")


def box_html(app, docname: str, pathto) -> str:
    """The "How to cite this chapter" box of a page, with its downloads (copied as a side effect)."""
    r = report(app)
    title = chapter_title(app, docname)
    esc = html.escape
    apa = "".join(f"<em>{esc(t)}</em>" if it else esc(t) for t, it in md.apa_chapter(r, docname, title))
    url = r.chapter_url(docname)
    apa = apa.replace(esc(url), f'<a href="{esc(url)}">{esc(url)}</a>')
    bib = esc(md.bibtex_chapter(r, docname, title))
    items = []
    csvs = []
    for label, site_path, src in chapter_downloads(app, docname):
        if site_path.endswith(".ipynb"):  # with a first cell saying how to run it elsewhere
            text = runnable.runnable_notebook(src, r, docname, title, md.source_commit(Path(app.srcdir)))
            _write_if_changed(text, Path(app.outdir, site_path))
        else:
            _copy_if_changed(src, Path(app.outdir, site_path))
        link = f'<a href="{esc(quote(pathto(site_path, 1)))}" download>{esc(label)}</a>'
        (csvs if label.endswith(".csv") else items).append(link)
    if csvs:
        items.append("chart data (CSV): " + ", ".join(csvs))
    tables = sorted(Path(app.outdir, "_downloads", "tables", docname.rsplit("/", 1)[-1]).glob("*.csv"))
    if tables:  # written by smegvc.sphinxext.tabledata as the page's tables were resolved
        items.append("table data (CSV): " + ", ".join(
            f'<a href="{esc(quote(pathto(p.relative_to(app.outdir).as_posix(), 1)))}" download>{esc(p.name)}</a>'
            for p in tables))
    items.append(f'<a href="{esc(pathto(r.pdf, 1))}">the whole report (PDF)</a>')
    anchor = chapter_anchor(docname)
    return (
        f'\n<aside class="smegvc-cite" id="{BOX_ID}" aria-labelledby="{BOX_ID}-title">\n'
        f'<h2 class="smegvc-cite__title" id="{BOX_ID}-title">How to cite this chapter</h2>\n'
        f'<p class="smegvc-cite__apa">{apa}</p>\n'
        '<details class="smegvc-cite__bibtex"><summary>BibTeX</summary>\n'
        f'<div class="highlight-bibtex notranslate"><div class="highlight"><pre>{bib}</pre></div></div>\n'
        "</details>\n"
        f'<p class="smegvc-cite__downloads">Download: {" · ".join(items)}</p>\n'
        f'<p class="smegvc-cite__link">Stable link to this chapter: <a href="#{anchor}">#{anchor}</a>. '
        f'<a href="{esc(pathto(md_howto(app), 0))}">How to cite the report</a>.</p>\n'
        "</aside>\n")


def md_howto(app) -> str:
    """The docname of the How to cite page (the TOC page named ``how-to-cite``), else the root."""
    root, docs = _toc(app)
    return next((d for d in docs if d.rsplit("/", 1)[-1] == "how-to-cite"), root)


def add_cite_box(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or "body" not in context or not has_cite_box(app, pagename):
        return
    context["body"] += box_html(app, pagename, context["pathto"])


# ---------------------------------------------------------------------------------------------
# Nodes for the LaTeX box and the How to cite page (built from the metadata when resolved)
def apa_paragraph(segments: md.Segments, url: str | None = None) -> nodes.paragraph:
    para = nodes.paragraph()
    for text, italic in segments:
        if url and not italic and text.endswith(url):
            head = text[: -len(url)]
            if head:
                para += nodes.Text(head)
            para += nodes.reference(url, url, refuri=url)
        elif italic:
            para += nodes.emphasis(text, text)
        else:
            para += nodes.Text(text)
    return para


def latex_box(app, docname: str) -> nodes.Element:
    r = report(app)
    box = nodes.admonition(classes=["smegvc-cite"])
    box += nodes.title("", "How to cite this chapter")
    box += apa_paragraph(md.apa_chapter(r, docname, chapter_title(app, docname)), r.chapter_url(docname))
    return box


class report_citation(nodes.General, nodes.Element):
    """Placeholder for the report's citation (APA and BibTeX)."""


class chapter_citations(nodes.General, nodes.Element):
    """Placeholder for the list of chapter keys and addresses."""


class report_version(nodes.General, nodes.Element):
    """Placeholder for the version, data version and build."""


def _placeholder_directive(node_class):
    class _Directive(Directive):
        has_content = False

        def run(self):
            return [node_class()]

    _Directive.__name__ = node_class.__name__.title().replace("_", "")
    return _Directive


def _report_citation_nodes(app) -> list[nodes.Node]:
    r = report(app)
    bib = md.bibtex_report(r)
    block = nodes.literal_block(bib, bib, language="bibtex")
    return [nodes.paragraph("", "APA (7th edition):"), apa_paragraph(md.apa_report(r), r.site_url),
            nodes.paragraph("", "BibTeX:"), block]


def _chapter_citations_nodes(app, fromdoc: str) -> list[nodes.Node]:
    r = report(app)
    items = nodes.bullet_list()
    for doc in _toc(app)[1]:
        if not has_cite_box(app, doc):
            continue
        para = nodes.paragraph()
        title = chapter_title(app, doc)
        if app.builder.format == "html":
            uri = app.builder.get_relative_uri(fromdoc, doc) + "#" + chapter_anchor(doc)
            para += nodes.reference(title, title, internal=True, refuri=uri)
        else:
            para += nodes.strong(title, title)
        para += nodes.Text(" — BibTeX key ")
        para += nodes.literal(r.chapter_key(doc), r.chapter_key(doc))
        para += nodes.Text(", ")
        para += nodes.reference(r.chapter_url(doc), r.chapter_url(doc), refuri=r.chapter_url(doc))
        items += nodes.list_item("", para)
    return [items]


def _report_version_nodes(app) -> list[nodes.Node]:
    r = report(app)
    srcdir = Path(app.srcdir)
    commit = md.source_commit(srcdir)
    para = nodes.paragraph()
    para += nodes.Text(f"This is version {r.version} of the report, released on {_long_date(r.date)}. "
                       "Its data version is ")
    dv = md.data_version(r, srcdir)
    para += nodes.literal(dv, dv)
    para += nodes.Text(f" and this copy was built on {md.build_date().isoformat()}")
    if commit:
        para += nodes.Text(" from commit ")
        para += nodes.literal(commit, commit)
    para += nodes.Text(f". The text is licensed {r.license_text} and the code {r.license_code}.")
    return [para]


def resolve(app, doctree, docname) -> None:
    for node in list(doctree.findall(report_citation)):
        node.replace_self(_report_citation_nodes(app))
    for node in list(doctree.findall(chapter_citations)):
        node.replace_self(_chapter_citations_nodes(app, docname))
    for node in list(doctree.findall(report_version)):
        node.replace_self(_report_version_nodes(app))
    if app.builder.format == "latex":
        for sof in doctree.findall(addnodes.start_of_file):
            doc = sof.get("docname")
            if doc and has_cite_box(app, doc):
                section = next(iter(sof.findall(nodes.section)), None)
                if section is not None:
                    section += latex_box(app, doc)


def _skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_config_value("smegvc_metadata_file", "metadata.yml", "env")
    app.add_config_value("smegvc_report", {}, "env")
    for node_class in (report_citation, chapter_citations, report_version):
        app.add_node(node_class, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_directive("report-citation", _placeholder_directive(report_citation))
    app.add_directive("chapter-citations", _placeholder_directive(chapter_citations))
    app.add_directive("report-version", _placeholder_directive(report_version))
    app.add_transform(ChapterAnchor)
    app.add_css_file("smegvc.css")
    app.connect("config-inited", config_from_metadata)
    app.connect("env-updated", latex_title_from_metadata)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_cite_box)
    app.setup_extension("smegvc.sphinxext.offline")
    app.setup_extension("smegvc.sphinxext.pagefixes")
    app.setup_extension("smegvc.sphinxext.latexlayout")
    app.setup_extension("smegvc.sphinxext.weblayout")
    app.setup_extension("smegvc.sphinxext.tabledata")
    app.setup_extension("smegvc.sphinxext.pagelang")
    from . import bibstyle

    bibstyle.register()  # before sphinxcontrib-bibtex looks the styles up (builder-inited)
    # env_version: bump when what this extension puts into documents changes, so that a kept
    # Sphinx environment (incremental builds) is rebuilt instead of reused
    return {"version": "1", "env_version": 9, "parallel_read_safe": True, "parallel_write_safe": True}
