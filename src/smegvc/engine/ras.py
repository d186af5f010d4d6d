"""Biproportional balancing: RAS for non-negative matrices and GRAS when entries can be negative.

Both take a seed ``(..., m, k)`` (leading axes = independent problems) and target row sums ``(..., m)``
and column sums ``(..., k)``, and return a matrix of the seed's shape meeting both margins.
Rows or columns whose target is zero and whose seed is zero stay zero; a zero seed row with a non-zero
target cannot be scaled and raises :class:`RasError` naming the row.

RAS: ``X = diag(r) S diag(s)``, alternating row and column scaling (Stone's method).
GRAS (Junius and Oosterhaven 2003, in the corrected form of Temurshoev, Miller and Bouwmeester 2013,
Economic Systems Research 25: 91-113): with ``S = P - N`` (``P``, ``N`` >= 0 the positive and negative
parts), ``X = diag(r) P diag(s) - diag(r)^-1 N diag(s)^-1``; each step solves the quadratic
``p_i r_i^2 - u_i r_i - n_i = 0`` for the row multipliers (and likewise for the columns).
"""
from __future__ import annotations

import numpy as np


class RasError(ValueError):
    """The margins cannot be reached from the seed (inconsistent totals or an empty row/column)."""


def _check_margins(seed, u, v, rtol):
    su, sv = u.sum(-1), v.sum(-1)
    scale = np.maximum(np.abs(u).sum(-1), np.abs(v).sum(-1))
    if np.any(np.abs(su - sv) > rtol * scale + 1e-300):
        raise RasError(f"row totals sum to {np.ravel(su)[0]:.6g} but column totals to {np.ravel(sv)[0]:.6g}")


def _empty_check(mag, target, axis_name, axis):
    empty = (mag.sum(axis) == 0) & (target != 0)
    if np.any(empty):
        idx = tuple(int(i) for i in np.argwhere(empty)[0])
        raise RasError(f"{axis_name} {idx[-1]}{' of problem ' + str(idx[:-1]) if len(idx) > 1 else ''} "
                       "is zero in the seed but has a non-zero target")


def ras(seed, row_totals, col_totals, *, rtol: float = 1e-12, max_iter: int = 10_000) -> np.ndarray:
    """RAS-balance a non-negative ``seed`` to the given row and column totals (see module docstring)."""
    S = np.asarray(seed, dtype=float)
    u = np.asarray(row_totals, dtype=float)
    v = np.asarray(col_totals, dtype=float)
    if np.any(S < 0):
        raise RasError("seed has negative entries: use gras()")
    if np.any(u < 0) or np.any(v < 0):
        raise RasError("negative target totals: use gras()")
    _check_margins(S, u, v, 1e-9)
    _empty_check(S, u, "row", -1)
    _empty_check(S, v, "column", -2)
    r = np.ones(u.shape)
    s = np.ones(v.shape)
    for _ in range(max_iter):
        rs = np.einsum("...ij,...j->...i", S, s)
        r = np.divide(u, rs, out=np.zeros_like(u), where=rs > 0)
        cs = np.einsum("...i,...ij->...j", r, S)
        s = np.divide(v, cs, out=np.zeros_like(v), where=cs > 0)
        X = r[..., :, None] * S * s[..., None, :]
        err = np.abs(X.sum(-1) - u)
        if np.all(err <= rtol * np.maximum(np.abs(u), np.abs(u).sum(-1, keepdims=True) * 1e-3) + 1e-300):
            return X
    raise RasError(f"RAS did not converge in {max_iter} iterations (max row error {err.max():.3g})")


def _quad_root(p, n, t):
    """Positive root of p r^2 - t r - n = 0 (r = -n/t when p = 0); 1 where p = n = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        root = (t + np.sqrt(t * t + 4 * p * n)) / (2 * p)
        lin = np.where(t != 0, -n / t, 1.0)
    r = np.where(p > 0, root, np.where(n > 0, lin, 1.0))
    return r


def gras(seed, row_totals, col_totals, *, rtol: float = 1e-12, max_iter: int = 10_000) -> np.ndarray:
    """GRAS-balance a ``seed`` with entries of either sign to the given totals (see module docstring)."""
    S = np.asarray(seed, dtype=float)
    u = np.asarray(row_totals, dtype=float)
    v = np.asarray(col_totals, dtype=float)
    _check_margins(S, u, v, 1e-9)
    P = np.clip(S, 0, None)
    N = np.clip(-S, 0, None)
    # a zero target on a single-signed row or column forces it to zero (the multiplier would be 0)
    for tot, ax in ((u, -1), (v, -2)):
        dead = (tot == 0) & ((P.sum(ax) == 0) | (N.sum(ax) == 0))
        keep = np.expand_dims(~dead, ax)
        P, N = P * keep, N * keep
    _empty_check(np.abs(S), u, "row", -1)
    _empty_check(np.abs(S), v, "column", -2)
    r = np.ones(u.shape)
    s = np.ones(v.shape)
    for _ in range(max_iter):
        inv_s = 1.0 / s
        r = _quad_root(np.einsum("...ij,...j->...i", P, s), np.einsum("...ij,...j->...i", N, inv_s), u)
        inv_r = 1.0 / r
        s = _quad_root(np.einsum("...i,...ij->...j", r, P), np.einsum("...i,...ij->...j", inv_r, N), v)
        if np.any(~np.isfinite(r)) or np.any(~np.isfinite(s)) or np.any(r <= 0) or np.any(s <= 0):
            raise RasError("GRAS multipliers left the positive reals: the margins are not reachable from the seed")
        X = r[..., :, None] * P * s[..., None, :] - N / (r[..., :, None] * s[..., None, :])
        err = np.abs(X.sum(-1) - u)
        scale = np.abs(S).sum(-1) * np.maximum(r, 1.0)
        if np.all(err <= rtol * np.maximum(scale, np.abs(u)) + 1e-300):
            return X
    raise RasError(f"GRAS did not converge in {max_iter} iterations (max row error {err.max():.3g})")
