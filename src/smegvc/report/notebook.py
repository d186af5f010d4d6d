"""Notebook display helpers: typeset tables in HTML and PDF, glue plain numbers.

myst-nb's LaTeX writer ignores ``text/html``, so a DataFrame would reach the PDF as monospace
text. :func:`setup_notebook` registers a ``text/markdown`` formatter for DataFrames; with
``nb_render_markdown_format: myst`` they render as real tables in both HTML and PDF.
"""
from __future__ import annotations

import numbers

import pandas as pd


def table_markdown(df: pd.DataFrame, floatfmt: str = ".1f", index: bool = False) -> str:
    """A pipe table for ``df`` (numbers with ``floatfmt``, missing values blank)."""
    return df.to_markdown(index=index, floatfmt=floatfmt, missingval="")


def setup_notebook() -> None:
    """Register the DataFrame -> markdown formatter and the house plotting style."""
    from IPython import get_ipython

    from smegvc.report.style import use_house_style

    use_house_style()
    ip = get_ipython()
    if ip is None:
        return
    fmt = ip.display_formatter.formatters
    fmt["text/markdown"].for_type(pd.DataFrame, lambda df: table_markdown(df, index=True))
    fmt["text/html"].for_type(pd.DataFrame, lambda df: None)


def plain(x):
    """A plain Python number for glue (numpy scalars repr badly under numpy 2)."""
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Real):
        return float(x)
    raise TypeError(f"not a real number: {x!r}")


def glue_all(*numbers: dict) -> None:
    """Glue every entry of the dicts for ``{glue:text}`` (numbers as plain Python numbers, text as is)."""
    from myst_nb import glue

    for d in numbers:
        for name, value in d.items():
            glue(name, value if isinstance(value, str) else plain(value), display=False)
