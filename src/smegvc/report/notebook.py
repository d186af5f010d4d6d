"""Notebook setup and glue for the chapter notebooks.

    setup_notebook()    the house plotting style and the DataFrame table formatter (call once per notebook)
    glue_all(*dicts)    glue every entry for ``{glue:text}`` (a chapter module's ``numbers()``)
    plain(x)            a plain Python number for glue

Tables are displayed through :mod:`smegvc.report.tables`, figures through :mod:`smegvc.report.figures`.
"""
from __future__ import annotations

import numbers

from IPython import get_ipython
from myst_nb import glue

from smegvc.report.style import use_house_style
from smegvc.report.tables import register_dataframe_formatter


def setup_notebook() -> None:
    """Apply the house plotting style and register the DataFrame -> markdown formatter."""
    use_house_style()
    ip = get_ipython()
    if ip is not None:
        register_dataframe_formatter(ip)


def plain(x):
    """A plain Python number for glue (numpy scalars repr badly under numpy 2)."""
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Real):
        return float(x)
    raise TypeError(f"not a real number: {x!r}")


def glue_all(*numbers: dict) -> None:
    """Glue every entry of the dicts for ``{glue:text}`` (numbers as plain Python numbers, text as is)."""
    for d in numbers:
        for name, value in d.items():
            glue(name, value if isinstance(value, str) else plain(value), display=False)
