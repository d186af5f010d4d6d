"""Synthetic national IO tables and shares of realistic structure, for tests and the engine benchmark.

Not data: random tables that satisfy the accounting identities exactly (rows and columns balance),
with a domestic coefficient matrix of chosen spectral radius, WIOD 2016 industry codes when n = 56,
and optional zero-output industries (as KOR C33, T, U in the real tables).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc.io.iotable import NationalTable

WIOD56 = ('A01', 'A02', 'A03', 'B', 'C10-C12', 'C13-C15', 'C16', 'C17', 'C18', 'C19', 'C20', 'C21', 'C22',
          'C23', 'C24', 'C25', 'C26', 'C27', 'C28', 'C29', 'C30', 'C31_C32', 'C33', 'D35', 'E36', 'E37-E39',
          'F', 'G45', 'G46', 'G47', 'H49', 'H50', 'H51', 'H52', 'H53', 'I', 'J58', 'J59_J60', 'J61', 'J62_J63',
          'K64', 'K65', 'K66', 'L68', 'M69_M70', 'M71', 'M72', 'M73', 'M74_M75', 'N', 'O84', 'P85', 'Q', 'R_S',
          'T', 'U')


def synthetic_table(n: int = 56, rng=None, *, country: str = "SYN", year: int = 2000, rho: float = 0.45,
                    density: float = 0.6, zero_output=(), scale: float = 1e4) -> NationalTable:
    """A random balanced table with ``n`` industries (flows in 'USD million', output around ``scale``).

    rho: spectral radius of the domestic coefficient matrix; density: share of non-zero coefficients;
    zero_output: industry codes (or indices) given zero output, inputs and sales.
    """
    rng = np.random.default_rng(rng)
    codes = WIOD56 if n == 56 else tuple(f"I{k:02d}" for k in range(n))
    dead = np.zeros(n, bool)
    for z in zero_output:
        dead[codes.index(z) if isinstance(z, str) else int(z)] = True
    A = rng.random((n, n)) * (rng.random((n, n)) < density)
    A[dead, :] = 0
    A[:, dead] = 0
    # column sums of domestic coefficients between 0.15 and 0.65, then the spectral radius set to rho
    col = A.sum(0)
    A = A * np.divide(rng.uniform(0.15, 0.65, n), col, out=np.zeros(n), where=col > 0)
    r = max(abs(np.linalg.eigvals(A)))
    if r > 0:
        A *= rho / r
    mc = rng.uniform(0.03, 0.30, n)
    tc = rng.uniform(0.0, 0.04, n)
    vc = 1 - A.sum(0) - mc - tc
    if np.any(vc[~dead] <= 0.05):  # keep value added positive
        k = 0.9 / (A.sum(0) + mc + tc).max()
        A, mc, tc = A * k, mc * k, tc * k
        vc = 1 - A.sum(0) - mc - tc
    y = scale * rng.lognormal(0.0, 1.0, n) * ~dead
    x = np.linalg.solve(np.eye(n) - A, y)
    exp_ratio = rng.uniform(0.0, 0.85, n)
    e = y * exp_ratio
    f = y - e
    k = 5
    F = f[:, None] * rng.dirichlet(np.ones(k), n)
    Z = A * x
    m = mc * x
    Zm = rng.dirichlet(np.ones(n) * 0.5, n).T * m  # column j spreads m_j over imported products
    Fm = rng.uniform(0, 0.1, (n, k)) * scale * ~dead[:, None]
    T = rng.dirichlet(np.ones(5), n).T * (tc * x)
    v = vc * x
    for arr in (vc, mc, tc):
        arr[dead] = 0
    v = np.where(dead, 0.0, v)
    return NationalTable(country=country, year=year, industries=codes, Z=Z, Zm=Zm, F=F, Fm=Fm, e=e,
                         em=np.zeros(n), T=T, v=v, x=x)


def synthetic_shares(t: NationalTable, rng=None, *, width: float = 0.08) -> pd.DataFrame:
    """Random feasible shares for ``t`` in the ``smegvc.evidence.shares.load_shares`` layout (indexed by industry).

    alpha ~ U(0.15, 0.85); gamma drawn inside the feasible range given alpha (so SME exports never
    exceed SME output); bounds +-``width`` around alpha and gamma, clipped to [0, 1].
    """
    from smegvc.engine.split import gamma_bounds

    rng = np.random.default_rng(rng)
    n = t.n
    alpha = rng.uniform(0.15, 0.85, n)
    lo, hi = gamma_bounds(alpha, t.x, t.e)
    target = np.clip(alpha * rng.uniform(0.3, 1.0, n), lo, hi)
    gamma = np.where(t.x > 0, target, np.nan)
    alpha = np.where(t.x > 0, alpha, np.nan)
    beta, mu = feasible_beta_mu(np.nan_to_num(alpha), t.vc, t.mc, t.tc, rng)
    return pd.DataFrame({
        "sme_output_share": alpha,
        "sme_export_share": gamma,
        "sme_va_share": np.where(t.x > 0, beta, np.nan),
        "sme_import_share": np.where(t.x > 0, mu, np.nan),
        "status": "synthetic",
        "output_low": np.clip(alpha - width, 0, 1), "output_high": np.clip(alpha + width, 0, 1),
        "export_low": np.clip(gamma - width, 0, 1), "export_high": np.clip(gamma + width, 0, 1),
    }, index=pd.Index(t.industries, name="industry"))


def feasible_beta_mu(alpha, vc, mc, tc, rng=None, spread: float = 0.3):
    """Value-added and import shares that differ from ``alpha`` but keep both cells' domestic inputs >= 0.

    beta is drawn within +-``spread`` x alpha inside its feasible interval (given mu = alpha), then mu
    inside its feasible interval given beta (see :func:`smegvc.engine.split.split_factors`).
    """
    rng = np.random.default_rng(rng)
    alpha = np.asarray(alpha, float)
    n = alpha.shape[-1]
    h = 1 - tc - mc
    with np.errstate(divide="ignore", invalid="ignore"):
        b_lo = np.where(vc > 0, 1 - (1 - alpha) * h / vc, 0.0)
        b_hi = np.where(vc > 0, alpha * h / vc, 1.0)
    b_lo = np.maximum.reduce([b_lo, alpha * (1 - spread), np.zeros(n)])
    b_hi = np.minimum.reduce([b_hi, alpha * (1 + spread), np.ones(n)])
    beta = b_lo + rng.random(n) * (b_hi - b_lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        m_lo = np.where(mc > 0, 1 - ((1 - alpha) * (1 - tc) - (1 - beta) * vc) / mc, 0.0)
        m_hi = np.where(mc > 0, (alpha * (1 - tc) - beta * vc) / mc, 1.0)
    m_lo = np.maximum.reduce([m_lo, alpha * (1 - spread), np.zeros(n)])
    m_hi = np.minimum.reduce([m_hi, alpha * (1 + spread), np.ones(n)])
    mu = m_lo + rng.random(n) * np.clip(m_hi - m_lo, 0, None)
    return beta, mu


def worked_example() -> NationalTable:
    """The 2-industry table of the hand-worked examples in the tests (units arbitrary, 'USD million').

    Z = [[10, 20], [30, 10]], one final-use column f = (30, 40), e = (40, 20), x = (100, 100);
    imported inputs Zm = diag(10, 10), one other-input row of zeros, v = (50, 60).
    So A = [[0.1, 0.2], [0.3, 0.1]], vc = (0.5, 0.6), mc = (0.1, 0.1), L = [[6/5, 4/15], [2/5, 6/5]].
    """
    return NationalTable(
        country="HND", year=2000, industries=("A", "B"),
        Z=np.array([[10.0, 20.0], [30.0, 10.0]]), Zm=np.array([[10.0, 0.0], [0.0, 10.0]]),
        F=np.array([[30.0], [40.0]]), Fm=np.array([[5.0], [5.0]]), e=np.array([40.0, 20.0]), em=np.zeros(2),
        T=np.zeros((1, 2)), v=np.array([50.0, 60.0]), x=np.array([100.0, 100.0]),
        final_labels=("CONS_h",), t_labels=("TXSP",))


def permute_table(t: NationalTable, perm) -> NationalTable:
    """The same table with industries reordered by ``perm`` (new position k holds old industry perm[k])."""
    p = np.asarray(perm)
    return NationalTable(country=t.country, year=t.year, industries=tuple(t.industries[k] for k in p),
                         Z=t.Z[np.ix_(p, p)], Zm=t.Zm[np.ix_(p, p)], F=t.F[p], Fm=t.Fm[p], e=t.e[p], em=t.em[p],
                         T=t.T[:, p], v=t.v[p], x=t.x[p], final_labels=t.final_labels, t_labels=t.t_labels)


def scale_table(t: NationalTable, k: float) -> NationalTable:
    """Every flow multiplied by ``k`` (a change of currency unit)."""
    return NationalTable(country=t.country, year=t.year, industries=t.industries, Z=t.Z * k, Zm=t.Zm * k,
                         F=t.F * k, Fm=t.Fm * k, e=t.e * k, em=t.em * k, T=t.T * k, v=t.v * k, x=t.x * k,
                         final_labels=t.final_labels, t_labels=t.t_labels)
