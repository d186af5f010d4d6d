"""Markdown tables for chapter notebooks: cells that may hold MyST links, numbered captions, page breaks.

    MarkdownTable(df, caption=None, name=None, widths=None)   displays as a (captioned) MyST table
    md_text(text), md_link(label, url)                       escape text / make a link for a table cell

With ``nb_render_markdown_format: myst`` the table is typeset in HTML and PDF alike; with a caption it
is numbered and, with ``name``, a target for ``{numref}``.
"""
from __future__ import annotations

import pandas as pd


def _clean(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def md_text(text) -> str:
    """Text safe inside a MyST pipe-table cell: no '|', no '$' math, no stray brackets."""
    s = _clean(text)
    return (s.replace("\\", "\\\\").replace("|", "\\|").replace("$", "\\$").replace("[", "\\[")
            .replace("]", "\\]").replace("*", "\\*").replace("<", "\\<"))


def md_link(label: str, url: str) -> str:
    label = md_text(label)
    if not url:
        return label
    return f"[{label}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"



class MarkdownTable:
    """A table whose cells are already MyST markdown (links, escapes); displays as a typeset table.

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
        lines = ["| " + " | ".join(md_text(c) for c in cols) + " |", "|" + "---|" * len(cols)]
        for _, r in self.df.iterrows():
            lines.append("| " + " | ".join(str(v) if str(v) else " " for v in r.tolist()) + " |")
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

    def __repr__(self) -> str:
        return self.df.to_string(index=False)
