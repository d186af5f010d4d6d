"""Semantic checks of the committed WIOD 2013 extract, beyond its schema (run by ``python -m smegvc validate``).

    check_va_extract(path)   value added in exports by source sums to gross exports in every
                             (year, country, industry), to 1e-9 relative (the identity of the Leontief
                             decomposition; see :mod:`smegvc.io.wiod2013.measures`)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc.errors import DataError


def check_va_extract(path) -> None:
    """Raise DataError (file, the (year, country, industry) key, column value) when VA by source does not
    sum to gross exports."""
    df = pd.read_csv(path, dtype={"value": float})
    ge = df[df.measure == "gross_exports"].set_index(["year", "country", "industry"])["value"]
    va = df[df.measure == "va_in_exports"].groupby(["year", "country", "industry"])["value"].sum()
    gap = (va - ge.reindex(va.index)).abs()
    tol = 1e-9 * np.maximum(ge.reindex(va.index).abs(), 1.0)
    if (gap > tol).any() or ge.reindex(va.index).isna().any():
        k = gap.sub(tol).idxmax()
        raise DataError(path, f"value added in exports by source does not sum to gross exports for {k} "
                        f"(gap {gap[k]:.3g})", row=" ".join(map(str, k)), column="value")
