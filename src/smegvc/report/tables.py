"""The one display path for tables in chapter notebooks: typeset MyST tables in HTML and PDF alike.

    show_table(df, caption, name, fmt, widths)               a DataFrame as a typeset (numbered) table
    MarkdownTable(df, caption=None, name=None, widths=None)   a table whose cells are already MyST markdown
    md_text(text), md_link(label, url)                       escape text / make a link for a table cell
    formatted(df, fmt)                                       numbers as text in a fixed format
    table_markdown(df), register_dataframe_formatter(ip)     a bare DataFrame shown as a pipe table

With ``nb_render_markdown_format: myst`` a table is typeset in HTML and PDF alike; with a caption it
is numbered and, with ``name``, a target for ``{numref}``. A bare DataFrame left as a cell's value is
shown through :func:`table_markdown` (myst-nb's LaTeX writer ignores ``text/html``, so without it a
DataFrame would reach the PDF as monospace text); :func:`smegvc.report.notebook.setup_notebook`
registers that formatter.
"""
from __future__ import annotations

import pandas as pd

from smegvc.report.escape import Markdown, as_markdown, myst_inline, myst_link, unescape


def md_text(text) -> Markdown:
    """Text from data, escaped for a MyST table cell or caption (:func:`smegvc.report.escape.myst_inline`)."""
    return myst_inline(text)


def md_link(label: str, url: str) -> Markdown:
    """A link for a table cell; only absolute http(s) URLs are linked (:func:`smegvc.report.escape.myst_link`)."""
    return myst_link(label, url)


class MarkdownTable:
    """A table for display, typeset in HTML and PDF. Cells that are :class:`~smegvc.report.escape.Markdown`
    (from :func:`md_text`, :func:`md_link`) are used as they are; every other cell and every column name
    is escaped, so text from data can never become markup.

    With a ``caption`` the table is wrapped in a MyST ``{table}`` directive: numbered, captioned and,
    with ``name``, a target for ``{numref}``. ``widths``: relative column widths (LaTeX needs them for
    long text columns). A table of more than LONGTABLE_ROWS rows is typeset as a LaTeX longtable, which
    may break across pages.
    """

    LONGTABLE_ROWS = 3

    def __init__(self, df: pd.DataFrame, caption: str | None = None, name: str | None = None,
                 widths: list[int] | None = None):
        if widths is not None and len(widths) != df.shape[1]:
            raise ValueError(f"{len(widths)} widths for {df.shape[1]} columns")
        self.df, self.caption, self.name, self.widths = df, caption, name, widths

    def pipe_table(self) -> str:
        cols = list(self.df.columns)
        lines = ["| " + " | ".join(as_markdown(c) for c in cols) + " |", "|" + "---|" * len(cols)]
        for _, r in self.df.iterrows():
            lines.append("| " + " | ".join(_cell(v) or " " for v in r.tolist()) + " |")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:
        if not self.caption:
            return self.pipe_table()
        opts = [f":name: {self.name}"] if self.name else []
        if len(self.df) > self.LONGTABLE_ROWS:
            opts.append(":class: longtable")
        if self.widths:
            opts.append(":widths: " + " ".join(str(w) for w in self.widths))
        return "\n".join([f"````{{table}} {' '.join(self.caption.split())}", *opts, "", self.pipe_table(), "````"]) + "\n"

    def _repr_html_(self):  # the markdown rendering wins in HTML and PDF
        return None

    def __repr__(self) -> str:  # the literal text of the cells
        return self.df.map(lambda v: unescape(v) if isinstance(v, Markdown) else v).to_string(index=False)


def _cell(value) -> str:
    if isinstance(value, Markdown):
        return value
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else as_markdown(value)


def formatted(df: pd.DataFrame, fmt: str = "{:.2f}") -> pd.DataFrame:
    """A copy of ``df`` with its numbers as text in ``fmt`` (for tables whose numbers need more decimals
    than the notebook default shows); missing values become empty text."""
    return df.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else fmt.format(v))
                    if pd.api.types.is_numeric_dtype(col) else col)


def show_table(df: pd.DataFrame, caption: str | None = None, name: str | None = None, fmt: str = "{:.1f}",
               widths: list[int] | None = None) -> MarkdownTable:
    """``df`` as a typeset table: index levels become the first columns, numbers are written with ``fmt``
    (missing values empty), text is escaped; with ``caption`` numbered and, with ``name``, a {numref}
    target. Its plain-text form (what nbval compares) is the formatted table."""
    t = df.reset_index() if any(n is not None for n in df.index.names) else df.reset_index(drop=True)
    out = formatted(t, fmt)
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(t[col]):
            out[col] = t[col].map(lambda v: "" if pd.isna(v) else md_text(v))
        elif pd.api.types.is_integer_dtype(t[col]):
            out[col] = t[col].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return MarkdownTable(out, caption=caption, name=name, widths=widths)


def table_markdown(df: pd.DataFrame, floatfmt: str = ".1f", index: bool = False) -> str:
    """A pipe table for ``df`` (numbers with ``floatfmt``, missing values blank); text cells, index
    labels and column names escaped like every other table (:func:`md_text`)."""
    out = df.copy()
    out.columns, out.index = _escaped_labels(out.columns), _escaped_labels(out.index)
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            out.isetitem(j, col.map(_esc).astype(object))
    return out.to_markdown(index=index, floatfmt=floatfmt, missingval="")


def _esc(v):
    return as_markdown(v) if isinstance(v, str) else v


def _escaped_labels(ix: pd.Index) -> pd.Index:
    """Index or column labels (every level of a MultiIndex) and their names, text escaped."""
    if isinstance(ix, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(_esc(x) for x in t) for t in ix],
                                         names=[_esc(n) for n in ix.names])
    if pd.api.types.is_numeric_dtype(ix) or pd.api.types.is_bool_dtype(ix):
        return ix
    return pd.Index([_esc(x) for x in ix], name=_esc(ix.name), dtype=object)


def register_dataframe_formatter(ip) -> None:
    """Make the IPython shell ``ip`` show a bare DataFrame as a pipe table (text/markdown, no text/html)."""
    fmt = ip.display_formatter.formatters
    fmt["text/markdown"].for_type(pd.DataFrame, lambda df: table_markdown(df, index=True))
    fmt["text/html"].for_type(pd.DataFrame, lambda df: None)
