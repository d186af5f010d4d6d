"""Firm-size split of a national IO table: industry ``j`` -> an SME cell ``j|S`` and a large-firm cell ``j|L``.

Method: OECD *Handbook on Extended Supply and Use Tables and Extended Input-Output Tables*, compilation
in a data-scarce environment (summary in ``../shared/METHOD.md``).

**Cell order (block order).** All SME cells first, then all large-firm cells::

    cells = (j1|S, ..., jn|S, j1|L, ..., jn|L),   size = (1, ..., 1, 0, ..., 0)

so block ``(K, l)`` (``K``, ``l`` in {0: S, 1: L}) of a split ``(2n, 2n)`` matrix is
``M[K*n:(K+1)*n, l*n:(l+1)*n]``. Imported products (rows of ``Zm`` and ``Fm``, and ``em``) are products,
not producers: they keep their ``n`` rows; only the buying columns of ``Zm`` are split, so a split
table has ``Zm`` of shape ``(n, 2n)`` and ``Fm`` of shape ``(n, k)``.

**Shares** (fractions in [0, 1], one per industry): ``alpha`` SME share of output, ``gamma`` of exports,
``beta`` of value added (default ``alpha``), ``mu`` of imported intermediate inputs (default ``alpha``).
Other input rows ``T`` (net product taxes, margins, ...) are split like output.

**Construction.** ``x_S = alpha x``, ``e_S = gamma e``, ``v_S = beta v``, ``Zm[:, j|S] = mu_j Zm[:, j]``,
``T[:, j|S] = alpha_j T[:, j]``; large cells get the rest. Columns keep their industry's domestic
input mix, scaled to the cell's domestic inputs ``d_jk = x_jk - v_jk - m_jk - t_jk``:
``z[i, j|k] = z_ij w_jk`` with ``w_jk = d_jk / d_j``. Rows: exports are fixed by ``gamma``; domestic
sales (every intermediate column and every final-use column) are split by the cell's share of the
industry's domestic sales ``delta_iS = (x_iS - e_iS) / (x_i - e_i)`` (``alpha`` when ``x_i = e_i``).
Row sums are then ``x_iK`` and column sums ``d_jk``: the table balances by construction, up to the
source table's own discrepancy, which each cell inherits in proportion (``delta`` on rows, ``w`` on columns).

**Closed form (used by the fast engine).** With ``c_jk = (d_jk / x_jk) / (d_j / x_j)`` (the cell's
domestic-input intensity relative to its industry; 1 when ``beta = mu = alpha``) the split coefficient
matrix is ``A_split = P A Q`` with ``P = [diag(delta_S); diag(delta_L)]`` (2n x n) and
``Q = [diag(c_S), diag(c_L)]`` (n x 2n), so that
``(I - A_split)^-1 = I + P (I - A G)^-1 A Q`` with ``G = QP = diag(c_S delta_S + c_L delta_L)``.
:class:`SplitFactors` holds ``delta`` and ``c`` (and the cell/industry ratios of the value-added and
import coefficients); :mod:`smegvc.engine.indicators` evaluates every indicator in ``n`` dimensions with it.

**Linkage bias** (optional, ``b > -1``): within every industry pair ``(i, j)`` the 2 x 2 block
``{i|S, i|L} x {j|S, j|L}`` is re-estimated by RAS from a seed whose SME-seller / large-buyer entry is
multiplied by ``1 + b``, keeping the block's row and column sums. Every cell's total sales and
purchases, and the industry-level table, are kept; the odds ratio
``z[iS,jL] z[iL,jS] / (z[iS,jS] z[iL,jL])`` becomes ``1 + b`` (it is 1 under proportionality):
``b > 0`` makes SMEs sell relatively more to large-firm buyers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smegvc.errors import IdentityError, InfeasibleSharesError
from smegvc.io.iotable import NationalTable
from smegvc.engine.ras import ras

RTOL = 1e-9      # identities checked on every split, relative to the gross flows in the identity
FEAS_TOL = 1e-9  # slack allowed in feasibility checks, relative to output

SME, LARGE = "S", "L"


def cell_labels(industries) -> tuple[str, ...]:
    """``("A01|S", ..., "U|S", "A01|L", ..., "U|L")``: block order, SME cells first."""
    return tuple(f"{c}|{SME}" for c in industries) + tuple(f"{c}|{LARGE}" for c in industries)


def industry_codes(cells) -> tuple[str, ...]:
    """Industry codes of a block-ordered split table (inverse of :func:`cell_labels`)."""
    n = len(cells) // 2
    codes = tuple(c.rsplit("|", 1)[0] for c in cells[:n])
    if len(cells) != 2 * n or tuple(cells) != cell_labels(codes):
        raise ValueError("not a block-ordered split table: expected labels 'code|S' for all codes then 'code|L'")
    return codes


# ----------------------------------------------------------------------------------------------
# shares
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SplitShares:
    """Firm-size shares of one country-year, aligned with the table's industries (arrays (n,)).

    ``alpha`` output, ``gamma`` exports, ``beta`` value added, ``mu`` imported inputs; ``*_low`` /
    ``*_high`` bound the output and export shares (equal to the central value when not given).
    """

    industries: tuple[str, ...]
    alpha: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    mu: np.ndarray
    alpha_low: np.ndarray
    alpha_high: np.ndarray
    gamma_low: np.ndarray
    gamma_high: np.ndarray

    @classmethod
    def central(cls, industries, alpha, gamma, beta=None, mu=None) -> "SplitShares":
        """Point shares without bounds (``beta``, ``mu`` default to ``alpha``)."""
        a, g = _vec(alpha, industries, "alpha"), _vec(gamma, industries, "gamma")
        b = a if beta is None else _vec(beta, industries, "beta")
        m = a if mu is None else _vec(mu, industries, "mu")
        return cls(tuple(industries), a, g, b, m, a, a, g, g)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, industries, *, beta_ne_alpha: bool = False) -> "SplitShares":
        """From a shares frame indexed by industry code (``smegvc.evidence.shares.load_shares`` layout).

        Columns used: ``sme_output_share`` (alpha), ``sme_export_share`` (gamma), ``output_low``,
        ``output_high``, ``export_low``, ``export_high``; with ``beta_ne_alpha`` also ``sme_va_share``
        (beta) and ``sme_import_share`` (mu), each falling back to alpha where missing. Otherwise
        ``beta = mu = alpha`` (proportional input structure: the central assumption).
        Missing bounds fall back to the central value.
        """
        missing = [c for c in industries if c not in frame.index]
        if missing:
            raise InfeasibleSharesError(f"shares table has no row for industr{'y' if len(missing) == 1 else 'ies'} "
                                        f"{', '.join(missing)}")
        fr = frame.loc[list(industries)]

        def col(name, fallback=None):
            v = pd.to_numeric(fr[name], errors="coerce").to_numpy(dtype=float) if name in fr else None
            if v is None:
                return fallback.copy()
            return v if fallback is None else np.where(np.isnan(v), fallback, v)

        a = col("sme_output_share")
        g = col("sme_export_share")
        b = col("sme_va_share", a) if beta_ne_alpha else a.copy()
        m = col("sme_import_share", a) if beta_ne_alpha else a.copy()
        return cls(tuple(industries), a, g, b, m,
                   col("output_low", a), col("output_high", a), col("export_low", g), col("export_high", g))


def _vec(values, industries, name) -> np.ndarray:
    """A share vector aligned with ``industries`` (accepts arrays or Series indexed by code)."""
    if isinstance(values, pd.Series):
        missing = [c for c in industries if c not in values.index]
        if missing:
            raise InfeasibleSharesError(f"{name}: no value for industry {missing[0]}")
        return values.loc[list(industries)].to_numpy(dtype=float)
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        arr = np.full(len(industries), float(arr))
    if arr.shape[-1] != len(industries):
        raise InfeasibleSharesError(f"{name}: {arr.shape[-1]} values for {len(industries)} industries")
    return arr


# ----------------------------------------------------------------------------------------------
# the split factors (n-dimensional description of the split; batched over leading axes)
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SplitFactors:
    """What the split does to each industry (arrays of shape (..., n), leading axes = draws).

    delta_S: SME cell's share of the industry's domestic sales (rows); large cell gets 1 - delta_S.
    c_S, c_L: cell domestic-input coefficient / industry domestic-input coefficient (0 for a cell
        without output; 1 where the industry has no domestic inputs).
    vr_S, vr_L: cell / industry value-added coefficient (beta/alpha, (1-beta)/(1-alpha)).
    mr_S, mr_L: cell / industry imported-input coefficient (mu/alpha, (1-mu)/(1-alpha)).
    has_S, has_L: 1.0 where the cell has positive output.
    """

    alpha: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    mu: np.ndarray
    delta_S: np.ndarray
    c_S: np.ndarray
    c_L: np.ndarray
    vr_S: np.ndarray
    vr_L: np.ndarray
    mr_S: np.ndarray
    mr_L: np.ndarray
    has_S: np.ndarray
    has_L: np.ndarray

    @property
    def delta_L(self) -> np.ndarray:
        return 1.0 - self.delta_S

    @property
    def g(self) -> np.ndarray:
        """Diagonal of ``G = QP``: ``c_S delta_S + c_L delta_L`` (1 when beta = mu = alpha)."""
        return self.c_S * self.delta_S + self.c_L * self.delta_L


def _where_draw(mask: np.ndarray) -> tuple[tuple[int, ...], int]:
    idx = np.argwhere(mask)[0]
    return tuple(int(i) for i in idx[:-1]), int(idx[-1])


def _raise(mask, industries, message):
    draw, j = _where_draw(mask)
    code = industries[j] if industries is not None else f"#{j}"
    prefix = f"draw {draw[0] if len(draw) == 1 else draw}: " if draw else ""
    raise InfeasibleSharesError(f"{prefix}industry {code}: {message(draw + (j,))}")


def split_factors(alpha, gamma, beta, mu, x, e, vc, mc, tc, industries=None, tol: float = FEAS_TOL) -> SplitFactors:
    """Check the shares and compute the :class:`SplitFactors` (batched over leading axes of the shares).

    x, e: (n,) output and exports (USD million); vc, mc, tc: (n,) value-added, imported-input and
    other-input coefficients of the unsplit table. Shares of industries without output are ignored
    (NaN allowed there). Raises :class:`InfeasibleSharesError` naming the industry when a share is
    missing or outside [0, 1], when a cell would export more than it produces, or when a cell's
    domestic inputs ``d_jk`` would be negative (value-added or import share too high for its output share).
    """
    x, e, vc, mc, tc = (np.asarray(a, dtype=float) for a in (x, e, vc, mc, tc))
    live = x > 0
    shares = {}
    for name, val in (("alpha", alpha), ("gamma", gamma), ("beta", beta), ("mu", mu)):
        if name in ("beta", "mu") and val is alpha:     # the default beta = mu = alpha: checked already
            shares[name] = shares["alpha"]
            continue
        arr = np.asarray(val, dtype=float)
        bad = live & ~(np.isfinite(arr) & (arr >= 0.0) & (arr <= 1.0))
        if np.any(bad):
            _raise(bad, industries, lambda ix, arr=arr, name=name:
                   f"{name} = {arr[ix]!r}: a share must be a number in [0, 1]")
        shares[name] = np.where(live, arr, 0.0)
    a, g, b, m = (shares[k] for k in ("alpha", "gamma", "beta", "mu"))
    a, g, b, m = np.broadcast_arrays(a, g, b, m)

    # feasibility of exports: x_S >= e_S and x_L >= e_L
    slack_S = a * x - g * e
    slack_L = (1 - a) * x - (1 - g) * e
    tol_x = tol * np.maximum(x, 1.0)  # as smegvc.evidence.shares.check_feasibility
    for slack, cell in ((slack_S, "SME"), (slack_L, "large-firm")):
        bad = slack < -tol_x
        if np.any(bad):
            _raise(bad, industries, lambda ix, slack=slack, cell=cell:
                   f"{cell} cell would export more than it produces (alpha = {a[ix]:.6g}, gamma = {g[ix]:.6g}, "
                   f"exports/output = {e[ix[-1]] / x[ix[-1]]:.6g}; shortfall {-slack[ix]:.6g} USD million)")

    # domestic inputs per unit of industry output: d/x, d_S/x, d_L/x
    dc = np.where(live, 1.0 - vc - mc - tc, 0.0)
    dc_S = a - b * vc - m * mc - a * tc
    dc_L = dc - dc_S
    for d, cell, share in ((dc_S, "SME", "alpha"), (dc_L, "large-firm", "1 - alpha")):
        bad = live & (d < -tol)
        if np.any(bad):
            _raise(bad, industries, lambda ix, d=d, cell=cell:
                   f"{cell} cell would have negative domestic inputs d = {d[ix] * x[ix[-1]]:.6g} USD million "
                   f"(value-added share beta = {b[ix]:.6g} or import share mu = {m[ix]:.6g} too high for output "
                   f"share alpha = {a[ix]:.6g})")
    dc_S = np.clip(dc_S, 0.0, None)
    dc_L = np.clip(dc_L, 0.0, None)

    dom = x - e  # domestic sales
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(dom > tol_x, slack_S / np.where(dom > tol_x, dom, 1.0), a)
    delta = np.clip(delta, 0.0, 1.0)

    has_S = (live & (a > 0)).astype(float)
    has_L = (live & (a < 1)).astype(float)
    safe_a = np.where(has_S > 0, a, 1.0)
    safe_1a = np.where(has_L > 0, 1 - a, 1.0)
    no_dom = dc <= 0
    safe_dc = np.where(no_dom, 1.0, dc)
    if np.array_equal(b, a) and np.array_equal(m, a):
        # beta = mu = alpha: every cell keeps its industry's coefficients, so c = 1 exactly wherever the cell
        # has output; the quotients below give 1 only up to rounding (|c - 1| ~ 1e-16), which would make
        # G - I nonzero and cost the fast engine a fixed-point iteration for nothing
        c_S, c_L = has_S.copy(), has_L.copy()
    else:
        c_S = np.where(has_S > 0, np.where(no_dom, 1.0, dc_S / (safe_a * safe_dc)), 0.0)
        c_L = np.where(has_L > 0, np.where(no_dom, 1.0, dc_L / (safe_1a * safe_dc)), 0.0)
    vr_S = np.where(has_S > 0, b / safe_a, 0.0)
    vr_L = np.where(has_L > 0, (1 - b) / safe_1a, 0.0)
    mr_S = np.where(has_S > 0, m / safe_a, 0.0)
    mr_L = np.where(has_L > 0, (1 - m) / safe_1a, 0.0)
    return SplitFactors(a, g, b, m, delta, c_S, c_L, vr_S, vr_L, mr_S, mr_L, has_S, has_L)


def gamma_bounds(alpha, x, e) -> tuple[np.ndarray, np.ndarray]:
    """Feasible export shares given ``alpha``: ``gamma`` in ``[max(0, 1 - (1-alpha) x/e), min(1, alpha x/e)]``."""
    alpha, x, e = np.asarray(alpha, float), np.asarray(x, float), np.asarray(e, float)
    pos = e > 0
    ratio = x / np.where(pos, e, 1.0)
    lo = np.where(pos, np.clip(1 - (1 - alpha) * ratio, 0.0, 1.0), 0.0)
    hi = np.where(pos, np.clip(alpha * ratio, 0.0, 1.0), 1.0)
    return lo, hi


def clip_gamma(alpha, gamma, x, e, industries=None) -> tuple[np.ndarray, np.ndarray]:
    """Export shares clipped into the feasible set of :func:`gamma_bounds`; also the mask of clipped entries.

    Used where shares from different sources meet (uncertainty draws, SDA counterfactuals): an SME
    export share above ``alpha x / e`` would make SME exports exceed SME output. Raises
    :class:`InfeasibleSharesError` when no share is feasible (exports above output).
    """
    x = np.asarray(x, float)
    gamma = np.asarray(gamma, float)
    lo, hi = gamma_bounds(alpha, x, e)
    lo, hi, gamma = np.broadcast_arrays(lo, hi, gamma)
    bad = (lo > hi + FEAS_TOL) & (x > 0)
    if np.any(bad):
        _raise(bad, industries, lambda ix: "exports exceed output: no firm-size split of exports is feasible")
    out = np.where(x > 0, np.clip(gamma, lo, np.maximum(lo, hi)), gamma)
    return out, (out != gamma) & (x > 0)


# ----------------------------------------------------------------------------------------------
# the explicit split table
# ----------------------------------------------------------------------------------------------

def _coefficients(t: NationalTable):
    return t.vc, t.mc, t.tc


def split_table(t: NationalTable, alpha, gamma, beta=None, mu=None, linkage_bias: float = 0.0) -> NationalTable:
    """Split every industry of ``t`` into an SME and a large-firm cell (see module docstring).

    ``alpha``, ``gamma``, ``beta``, ``mu``: (n,) arrays or Series indexed by industry code; ``beta``
    and ``mu`` default to ``alpha``. Returns a :class:`NationalTable` with ``2n`` cells in block order
    (labels from :func:`cell_labels`, ``size`` = 1 on SME cells), flows in the units of ``t``.
    Checks the row and column identities (relative tolerance 1e-9) and raises
    :class:`InfeasibleSharesError` naming the industry when the shares are infeasible.
    """
    if t.size is not None:
        raise ValueError(f"{t.country} {t.year}: table is already split")
    ind = t.industries
    a = _vec(alpha, ind, "alpha")
    g = _vec(gamma, ind, "gamma")
    b = a if beta is None else _vec(beta, ind, "beta")
    m = a if mu is None else _vec(mu, ind, "mu")
    vc, mc, tc = _coefficients(t)
    fac = split_factors(a, g, b, m, t.x, t.e, vc, mc, tc, industries=ind)
    if not linkage_bias > -1:
        raise ValueError(f"linkage_bias must be > -1, got {linkage_bias}")
    a, g, b, m = fac.alpha, fac.gamma, fac.beta, fac.mu
    dS, dL = fac.delta_S, fac.delta_L
    wS, wL = a * fac.c_S, (1 - a) * fac.c_L  # column weights d_jk / d_j

    Z = np.block([[dS[:, None] * t.Z * wS, dS[:, None] * t.Z * wL],
                  [dL[:, None] * t.Z * wS, dL[:, None] * t.Z * wL]])
    if linkage_bias:
        Z = apply_linkage_bias(Z, linkage_bias)
    ts = NationalTable(
        country=t.country, year=t.year, industries=cell_labels(ind),
        Z=Z,
        Zm=np.hstack([t.Zm * m, t.Zm * (1 - m)]),
        F=np.vstack([dS[:, None] * t.F, dL[:, None] * t.F]),
        Fm=t.Fm.copy(), e=np.concatenate([g * t.e, (1 - g) * t.e]), em=t.em.copy(),
        T=np.hstack([t.T * a, t.T * (1 - a)]),
        v=np.concatenate([b * t.v, (1 - b) * t.v]),
        x=np.concatenate([a * t.x, (1 - a) * t.x]),
        final_labels=t.final_labels, t_labels=t.t_labels,
        size=np.concatenate([np.ones(t.n), np.zeros(t.n)]),
    )
    check_split_identities(t, ts, np.concatenate([dS, dL]), np.concatenate([wS, wL]))
    return ts


def _row_residual(t: NationalTable):
    res = t.Z.sum(1) + t.F.sum(1) + t.e - t.x
    scale = np.abs(t.Z).sum(1) + np.abs(t.F).sum(1) + np.abs(t.e) + np.abs(t.x)
    return res, scale


def _col_residual(t: NationalTable):
    res = t.Z.sum(0) + t.Zm.sum(0) + t.T.sum(0) + t.v - t.x
    scale = np.abs(t.Z).sum(0) + np.abs(t.Zm).sum(0) + np.abs(t.T).sum(0) + np.abs(t.v) + np.abs(t.x)
    return res, scale


def check_split_identities(t: NationalTable, ts: NationalTable, row_w, col_w, rtol: float = RTOL) -> None:
    """Row sums of ``ts`` = cell output and column sums = cell output, up to each cell's proportional
    part (``row_w`` = delta on rows, ``col_w`` = w on columns) of the source table's own discrepancy.
    Raises :class:`IdentityError` naming the cell."""
    for what, (res0, _), (res1, scale), w in (
            ("row (x = Z1 + F1 + e)", _row_residual(t), _row_residual(ts), row_w),
            ("column (x' = 1'Z + 1'Zm + 1'T + v')", _col_residual(t), _col_residual(ts), col_w)):
        expected = w * np.concatenate([res0, res0])
        err = np.abs(res1 - expected)
        tol = rtol * scale + 1e-300
        if np.any(err > tol):
            k = int(np.argmax(err / tol))
            raise IdentityError(f"{ts.country} {ts.year} split table, cell {ts.industries[k]}: {what} identity "
                                f"off by {err[k]:.3g} USD million (tolerance {tol[k]:.3g})")
    # SME + large = industry, for every flow block
    n = t.n
    for name, whole, parts in (("exports", t.e, ts.e[:n] + ts.e[n:]), ("output", t.x, ts.x[:n] + ts.x[n:]),
                               ("value added", t.v, ts.v[:n] + ts.v[n:]),
                               ("imported inputs", t.m, ts.m[:n] + ts.m[n:])):
        if not np.allclose(parts, whole, rtol=rtol, atol=0):
            k = int(np.argmax(np.abs(parts - whole)))
            raise IdentityError(f"{t.country} {t.year} split table, industry {t.industries[k]}: SME + large {name} "
                                f"differ from the industry's")


def apply_linkage_bias(Z: np.ndarray, bias: float) -> np.ndarray:
    """Shift SME sales toward large-firm buyers (``bias`` > 0) within every industry pair (see module doc).

    Z: (2n, 2n) block-ordered intermediate flows. Each 2 x 2 block (i, j) keeps its row and column sums;
    its odds ratio is multiplied by ``1 + bias``.
    """
    N = Z.shape[0]
    n = N // 2
    blocks = Z.reshape(2, n, 2, n).transpose(1, 3, 0, 2)  # [i, j, K, l]
    sign = np.where(blocks.sum(axis=(-1, -2)) < 0, -1.0, 1.0)[..., None, None]
    mag = blocks * sign
    seed = mag.copy()
    seed[..., 0, 1] *= 1.0 + bias
    out = ras(seed, mag.sum(-1), mag.sum(-2)) * sign
    return out.transpose(2, 0, 3, 1).reshape(N, N)


def aggregate(ts: NationalTable) -> NationalTable:
    """Sum the SME and large-firm cells of a block-ordered split table back into industries."""
    codes = industry_codes(ts.industries)
    n = len(codes)

    def rows(a):
        return a[:n] + a[n:]

    def cols(a):
        return a[..., :n] + a[..., n:]

    return NationalTable(
        country=ts.country, year=ts.year, industries=codes, Z=rows(cols(ts.Z)), Zm=cols(ts.Zm),
        F=rows(ts.F), Fm=ts.Fm.copy(), e=rows(ts.e), em=ts.em.copy(), T=cols(ts.T), v=rows(ts.v), x=rows(ts.x),
        final_labels=ts.final_labels, t_labels=ts.t_labels, size=None)


def relative_va_beta(alpha, vc, mc, tc, ratio: float) -> np.ndarray:
    """Value-added shares ``beta`` at which an SME cell's value-added coefficient is ``ratio`` times the
    large-firm cell's (imports split like output, ``mu = alpha``): ``beta = ratio alpha / (1 - alpha + ratio alpha)``,
    clipped into the interval that keeps both cells' domestic inputs >= 0,
    ``[1 - (1 - alpha) h / vc, alpha h / vc]`` with ``h = 1 - tc - mc``. (n,) arrays; NaN alpha stays NaN.
    """
    alpha = np.asarray(alpha, float)
    beta = ratio * alpha / (1 - alpha + ratio * alpha)
    h = 1 - tc - mc
    pos = vc > 0
    lo = np.where(pos, 1 - (1 - alpha) * h / np.where(pos, vc, 1.0), 0.0)
    hi = np.where(pos, alpha * h / np.where(pos, vc, 1.0), 1.0)
    return np.clip(beta, np.clip(lo, 0, 1), np.clip(hi, 0, 1))
