"""The national input-output table object shared by the data layer and the engine.

One country, one year, ``n`` industries (or ``N = 2n`` firm-size cells after a split).
All flows are in millions of current US dollars. Rows are sellers (products),
columns are buyers (industries or final-use categories).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class NationalTable:
    """A national IO table at basic prices (WIOD NIOT layout).

    Attributes (shapes with ``n`` = number of industries or cells):
        country, year: ISO3 code and calendar year.
        industries: tuple of ``n`` row/column labels (WIOD codes, or ``"C26|S"`` after a split).
        Z: (n, n) domestic intermediate flows, seller i -> buyer j.
        Zm: (n, n) imported intermediate flows, imported product i -> buyer j.
        F: (n, k) domestic products to domestic final use, columns ``final_labels``.
        Fm: (n, k) imported products to domestic final use.
        e: (n,) exports of domestic products (WIOD column EXP).
        em: (n,) the EXP column of the Imports block (re-exports; zero in WIOD NIOTs).
        T: (r, n) other input rows besides intermediates and value added, labels ``t_labels``
           (TXSP, EXP_adj, PURR, PURNR, IntTTM).
        v: (n,) value added at basic prices (VA).
        x: (n,) gross output at basic prices (GO).
        size: optional (n,) 1.0 for SME cells, 0.0 for large-firm cells; None before a split.
    """

    country: str
    year: int
    industries: tuple[str, ...]
    Z: np.ndarray
    Zm: np.ndarray
    F: np.ndarray
    Fm: np.ndarray
    e: np.ndarray
    em: np.ndarray
    T: np.ndarray
    v: np.ndarray
    x: np.ndarray
    final_labels: tuple[str, ...] = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
    t_labels: tuple[str, ...] = ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM")
    size: np.ndarray | None = field(default=None)

    @property
    def n(self) -> int:
        return len(self.industries)

    @property
    def f(self) -> np.ndarray:
        """(n,) total domestic final use of domestic products."""
        return self.F.sum(axis=1)

    @property
    def m(self) -> np.ndarray:
        """(n,) imported intermediate inputs by buying industry."""
        return self.Zm.sum(axis=0)

    def _per_output(self, flows: np.ndarray) -> np.ndarray:
        """Divide columns by output; zero-output columns give 0, never NaN."""
        x = self.x
        out = np.zeros_like(flows, dtype=float)
        nz = x != 0
        out[..., nz] = flows[..., nz] / x[nz]
        return out

    @property
    def A(self) -> np.ndarray:
        """(n, n) domestic input coefficients Z diag(x)^-1."""
        return self._per_output(self.Z)

    @property
    def L(self) -> np.ndarray:
        """(n, n) domestic Leontief inverse (I - A)^-1."""
        return np.linalg.inv(np.eye(self.n) - self.A)

    @property
    def vc(self) -> np.ndarray:
        """(n,) value added per unit of output."""
        return self._per_output(self.v)

    @property
    def mc(self) -> np.ndarray:
        """(n,) imported intermediate inputs per unit of output."""
        return self._per_output(self.m)

    @property
    def tc(self) -> np.ndarray:
        """(n,) other input rows (taxes, margins, ...) per unit of output."""
        return self._per_output(self.T.sum(axis=0))
