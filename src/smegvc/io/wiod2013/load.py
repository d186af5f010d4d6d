"""Loader of the committed WIOD 2013 extract in ``data/wiod2013/`` (no raw sources needed).

    load_wiod2013(name) -> DataFrame   one table, validated against its schema on first load

Tables (millions of current US$; definitions in data/wiod2013/PROVENANCE.json): ``industries`` (code,
isic_rev3, description); ``intermediate_exports`` (year, origin, industry, destination, value);
``electronics`` (year, origin, destination, destination_group, value); ``va`` (year, country, industry,
measure, partner, value), measures gross_exports, va_in_exports, va_in_partner_exports.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.io.datapackage import validate_table
from smegvc.io.wiod2013 import FILES, SCHEMAS


@lru_cache(maxsize=8)
def _wiod2013(path_str: str, name: str) -> pd.DataFrame:
    validate_table(path_str, SCHEMAS[name])
    return pd.read_csv(path_str, keep_default_na=False)


def load_wiod2013(name: str, *, data_dir=None) -> pd.DataFrame:
    """One WIOD 2013 extract table, validated against its schema on first load (a copy; millions of US$).

    name: one of ``industries``, ``intermediate_exports``, ``electronics``, ``va`` (see the module docstring).
    """
    if name not in FILES:
        raise KeyError(f"unknown WIOD 2013 table {name!r}; one of {sorted(FILES)}")
    p = (Path(data_dir) if data_dir else paths.DATA) / FILES[name]
    tracking.record_read(p)
    return _wiod2013(str(p.resolve()), name).copy()
