"""Publish a figure from a chapter notebook: numbered caption, alt text, source, units and its data.

One call per figure, in the cell that draws it::

    show_figure(fig, data, chapter="case-studies", name="success-factors",
                caption="Which success factors each case supports.",
                alt="Grid of 12 firms by 4 factors coloured by verdict.",
                source="Research dossier; see the case table.", units="verdict")

:func:`publish_figure` writes ``book/figdata/<chapter>/<name>.csv`` (the plotted data, after ``# key,value``
lines with the caption, units, source, scenario and report version), ``<name>.png``
and ``<name>.svg`` (each written atomically) and returns the MyST markup of a ``{figure}`` directive;
:func:`show_figure` displays that markup as the cell's ``text/markdown`` output. myst-nb parses it
(``nb_render_markdown_format: myst``), so the figure gets a number (``numfig``), a caption, alt text,
a source line, its units and a download link to the CSV. The image is referenced as ``<name>.*``:
the HTML builder picks the SVG, the LaTeX builder the PNG. In the PDF the download link prints as the
CSV's path in the repository. The figure's label, for ``{numref}``, is ``fig-<chapter>-<name>``.

The files exist before Sphinx reads the rendered output because myst-nb executes a notebook before it
renders its outputs; ``book/figdata/`` is generated at build time and not committed.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from smegvc import paths
from smegvc.atomic import atomic_path, write_bytes

BOOK = paths.ROOT / "book"
FIGDATA = "figdata"
IMAGE_FORMATS = ("png", "svg")
PNG_DPI = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PublishedFigure:
    """What :func:`publish_figure` wrote and the markup that shows it."""

    label: str            # target name for {numref}, e.g. "fig-case-studies-success-factors"
    csv: Path             # the figure's data
    images: tuple[Path, ...]
    markdown: str         # MyST {figure} directive with caption, legend and CSV link


def figure_label(chapter: str, name: str) -> str:
    """The cross-reference target of figure ``name`` in ``chapter``."""
    return f"fig-{chapter}-{name}"


def _text(value, what: str, *, single_line: bool = False) -> str:
    """``value`` stripped; reject empty text, blank lines (captions are one paragraph) and fences."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"figure {what} must be non-empty text, got {value!r}")
    text = " ".join(value.split()) if single_line else value.strip()
    if re.search(r"\n\s*\n", text):
        raise ValueError(f"figure {what} must be a single paragraph (no blank line)")
    if "````" in text:
        raise ValueError(f"figure {what} must not contain a code fence (````)")
    return text


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (unless it already ends with . ! or ?)."""
    return text if text[-1] in ".!?" else text + "."


def _check_slug(value, what: str) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError(f"figure {what} must be lower-case words joined by '-', got {value!r}")
    return value


def figure_markdown(*, chapter: str, name: str, caption: str, alt: str, source: str, units: str,
                    width: str | None = None) -> str:
    """MyST markup of the figure (paths relative to the chapter, which lives in ``book/``)."""
    rel = f"{FIGDATA}/{chapter}/{name}"
    lines = [f"````{{figure}} {rel}.*", f":name: {figure_label(chapter, name)}", f":alt: {alt}"]
    if width:
        lines.append(f":width: {width}")
    lines += [
        "",
        caption,
        "",
        f"Units: {_sentence(units)} Source: {_sentence(source)} "
        f"Data: {{download}}`book/{rel}.csv <{rel}.csv>`.",
        "````",
    ]
    return "\n".join(lines) + "\n"


def _plain_markup(text: str) -> str:
    """MyST markup of a source line as plain text: {cite:p}`a,b` -> (a, b), [x](url) -> x (url)."""
    text = re.sub(r"\{cite:\w+\}`([^`]*)`", lambda m: "(" + ", ".join(m.group(1).split(",")) + ")", text)
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*(?:<[^`]*>)?`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\(<?([^)>]*)>?\)", r"\1 (\2)", text)
    return " ".join(text.replace("\\", "").split())


def figure_header(*, caption: str, units: str, source: str, scenario: str | None = None) -> list[tuple[str, str]]:
    """The ``# key,value`` lines that open a figure's CSV: what it shows, units, source, scenario, version."""
    try:
        report_version = version("smegvc")
    except PackageNotFoundError:  # running from a source tree without installing
        report_version = "unknown"
    return [("figure", _plain_markup(caption)), ("units", _plain_markup(units)), ("source", _plain_markup(source)),
            ("scenario", _plain_markup(scenario) if scenario else "as stated in the caption"),
            ("report version", report_version)]


def write_figure_data(data: pd.DataFrame, target: Path, header: list[tuple[str, str]] | None = None) -> Path:
    """Write ``data`` as UTF-8 CSV, atomically; named index levels become columns. ``header``: lines
    ``# key,value`` written first, then one saying how many to skip (a spreadsheet shows them as rows)."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"figure data must be a pandas DataFrame, got {type(data).__name__}")
    if data.empty:
        raise ValueError("figure data is empty: publish the numbers the figure shows")
    keep_index = any(n is not None for n in data.index.names)
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if header:
                w = csv.writer(fh, lineterminator="\n")
                lines = [*header, ("read with", f"pandas.read_csv(path, skiprows={len(header) + 1})")]
                for key, value in lines:
                    w.writerow([f"# {key}", value])
            data.to_csv(fh, index=keep_index, lineterminator="\n")
    return target


def publish_figure(fig, data: pd.DataFrame, *, chapter: str, name: str, caption: str, alt: str,
                   source: str, units: str, width: str | None = None, scenario: str | None = None,
                   book_dir: Path | None = None) -> PublishedFigure:
    """Write the figure's data and images under ``book/figdata/<chapter>/`` and return its markup.

    ``chapter`` is the chapter's file name without extension (it must exist in ``book_dir``);
    ``name`` a slug unique within the chapter. ``caption``, ``alt``, ``source`` and ``units`` are
    required, non-empty text; MyST markup is allowed, but citations ({cite:p}) only in ``source``.
    Nothing is written if an argument is invalid.
    """
    book_dir = Path(book_dir) if book_dir is not None else BOOK
    _check_slug(chapter, "chapter")
    _check_slug(name, "name")
    if not any((book_dir / f"{chapter}{ext}").is_file() for ext in (".ipynb", ".md")):
        raise ValueError(f"figure chapter {chapter!r}: no {chapter}.ipynb or {chapter}.md in {book_dir}")
    caption = _text(caption, "caption")
    if "{cite" in caption:
        raise ValueError("figure caption must not cite (a citation inside a LaTeX caption breaks the PDF): "
                         "put {cite:p} in `source`")
    alt = _text(alt, "alt text", single_line=True)
    source = _text(source, "source")
    units = _text(units, "units", single_line=True)
    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ValueError("figure data must be a non-empty pandas DataFrame")

    folder = book_dir / FIGDATA / chapter
    csv_path = write_figure_data(data, folder / f"{name}.csv",
                                 figure_header(caption=caption, units=units, source=source, scenario=scenario))
    images = []
    for fmt in IMAGE_FORMATS:
        buf = io.BytesIO()
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        with mpl.rc_context({"svg.hashsalt": f"{chapter}/{name}"}):  # same figure -> same bytes
            fig.savefig(buf, format=fmt, dpi=PNG_DPI, bbox_inches="tight", metadata=meta)
        target = folder / f"{name}.{fmt}"
        write_bytes(target, buf.getvalue())
        images.append(target)
    md = figure_markdown(chapter=chapter, name=name, caption=caption, alt=alt, source=source,
                         units=units, width=width)
    return PublishedFigure(figure_label(chapter, name), csv_path, tuple(images), md)


def show_figure(fig, data: pd.DataFrame, *, chapter: str, name: str, caption: str, alt: str,
                source: str, units: str, width: str | None = None, scenario: str | None = None) -> None:
    """Publish the figure (see :func:`publish_figure`), close it and display it as a numbered figure."""
    pub = publish_figure(fig, data, chapter=chapter, name=name, caption=caption, alt=alt,
                         source=source, units=units, width=width, scenario=scenario)
    plt.close(fig)  # the inline backend must not show it a second time, unnumbered
    display({"text/markdown": pub.markdown,
             "text/plain": f"Figure {pub.label}: {caption} [data: book/{FIGDATA}/{chapter}/{name}.csv]"},
            raw=True)
