"""Export indicators of SMEs per country-year, on the firm-size split table (``N = 2n`` cells, ``s`` = size).

Notation: ``e`` exports, ``vc``/``mc``/``tc`` value-added, imported-input and other-input (TOT rows
TXSP, EXP_adj, PURR, PURNR, IntTTM) coefficients, ``rc`` the source table's column discrepancy per unit of
output (WIOD balances columns only to ~2e-7; see :mod:`smegvc.io.wiod2016.checks`), ``A`` domestic coefficients,
``L = (I - A)^-1``. All amounts in USD million (current prices), shares in [0, 1].

Headline (value added: additive across channels, never double counted):
    SME VA in exports          (vc o s)'L e
      ... via SME exporters    (vc o s)'L (e o s)        direct channel, includes SME-to-SME supply
      ... via large exporters  (vc o s)'L (e o (1-s))    indirect channel
Gross measures (count every round of supply; never add them to direct exports):
    s'L (e o (1-s)), s'A (e o (1-s)), s'(L - I)e / 1'(L - I)e.
See :data:`REGISTRY` for every indicator's formula, unit and basis.

Two evaluation paths give identical numbers (tests compare them):
  * explicit: :func:`table_primitives` solves with the ``2n x 2n`` split table (any split, including a
    linkage bias);
  * closed form: :func:`fast_primitives` works in ``n`` dimensions from :class:`~smegvc.engine.split.SplitFactors`
    (``A_split = P A Q``, so ``u'L_split r = u'r + (P'u)'(I - AG)^-1 A Q r``), vectorised over draws.
    When ``beta = mu = alpha`` (``G = I``) it needs only ``L - I`` of the unsplit table, computed once.
Identities checked on every call (relative tolerance 1e-9): ``(vc + mc + tc + rc)'Le = 1'e``;
SME + large = national; industry results sum to the national ones; with ``beta = mu = alpha`` the
national ``vc'Le`` and ``mc'Le`` equal those of the unsplit table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smegvc.errors import IdentityError
from smegvc.io.iotable import NationalTable
from smegvc.engine.split import SplitFactors, SplitShares, industry_codes, split_factors, split_table

RTOL = 1e-9


# ----------------------------------------------------------------------------------------------
# registry
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorInfo:
    """One indicator: ``unit`` 'USD million' | 'share' | 'ratio'; ``basis`` 'gross exports' |
    'value added' | 'gross output'; ``additive``: amounts add up across channels without double counting
    (False for gross-output measures, which count every round of supply); ``national``: has a national
    value; ``by``: None, 'exporting industry' or 'producing industry' for the per-industry breakdown."""

    name: str
    label: str
    unit: str
    basis: str
    additive: bool
    formula: str
    national: bool = True
    by: str | None = None


_EXP, _VA, _GO = "gross exports", "value added", "gross output"
_USD, _SH, _RAT = "USD million", "share", "ratio"
_J = "exporting industry"

REGISTRY: dict[str, IndicatorInfo] = {i.name: i for i in [
    IndicatorInfo("exports", "Gross exports", _USD, _EXP, True, "1'e", by=_J),
    IndicatorInfo("sme_direct_exports", "SME direct exports", _USD, _EXP, True, "s'e", by=_J),
    IndicatorInfo("sme_direct_export_share", "SME share of gross exports (direct exports)", _SH, _EXP, True,
                  "s'e / 1'e", by=_J),
    IndicatorInfo("value_added", "Value added, all firms", _USD, _VA, True, "1'v"),
    IndicatorInfo("sme_value_added", "SME value added", _USD, _VA, True, "s'v"),
    IndicatorInfo("sme_va_share", "SME share of value added", _SH, _VA, True, "s'v / 1'v"),
    IndicatorInfo("dva_exports", "Domestic value added in exports", _USD, _VA, True, "vc'Le", by=_J),
    IndicatorInfo("import_content_exports", "Imported intermediate inputs embodied in exports", _USD, _VA, True,
                  "mc'Le", by=_J),
    IndicatorInfo("other_input_content_exports",
                  "Other input rows (net product taxes, cif/fob, purchases abroad, margins) embodied in exports",
                  _USD, _VA, True, "tc'Le"),
    IndicatorInfo("balancing_residual_exports", "Source-table column discrepancy embodied in exports", _USD, _VA,
                  True, "rc'Le"),
    IndicatorInfo("dva_share_exports", "Domestic value-added share of gross exports", _SH, _VA, True,
                  "vc'Le / 1'e", by=_J),
    IndicatorInfo("hummels_vs", "Import content of exports (Hummels VS share)", _SH, _VA, True, "mc'Le / 1'e", by=_J),
    IndicatorInfo("sme_va_exports", "SME value added in exports", _USD, _VA, True, "(vc o s)'Le", by=_J),
    IndicatorInfo("sme_va_exports_via_sme", "SME value added exported through SME exporters (direct channel)",
                  _USD, _VA, True, "(vc o s)'L(e o s)", by=_J),
    IndicatorInfo("sme_va_exports_via_large", "SME value added exported through large exporters (indirect channel)",
                  _USD, _VA, True, "(vc o s)'L(e o (1-s))", by=_J),
    IndicatorInfo("large_va_exports", "Large-firm value added in exports", _USD, _VA, True, "(vc o (1-s))'Le"),
    IndicatorInfo("sme_share_dva_exports", "SME share of domestic value added in exports", _SH, _VA, True,
                  "(vc o s)'Le / vc'Le", by=_J),
    IndicatorInfo("sme_direct_share_dva_exports",
                  "SME value added via SME exporters, share of domestic value added in exports", _SH, _VA, True,
                  "(vc o s)'L(e o s) / vc'Le"),
    IndicatorInfo("sme_indirect_share_dva_exports",
                  "SME value added via large exporters, share of domestic value added in exports", _SH, _VA, True,
                  "(vc o s)'L(e o (1-s)) / vc'Le"),
    IndicatorInfo("sme_indirect_share_sme_va_exports",
                  "Share of SME value added in exports that leaves through large exporters", _SH, _VA, True,
                  "(vc o s)'L(e o (1-s)) / (vc o s)'Le"),
    IndicatorInfo("sme_va_exports_share_gross_exports", "SME value added in exports, share of gross exports", _SH,
                  _VA, True, "(vc o s)'Le / 1'e"),
    IndicatorInfo("sme_export_dependence", "Export dependence of SME value added", _SH, _VA, True,
                  "(vc o s)'Le / s'v"),
    IndicatorInfo("sme_output_induced_by_large_exports",
                  "SME output induced by large exporters, all rounds (gross, not additive with direct exports)",
                  _USD, _GO, False, "s'L(e o (1-s))"),
    IndicatorInfo("sme_first_round_supply_large_exports",
                  "SME first-round supply to large exporters (gross, not additive with direct exports)",
                  _USD, _GO, False, "s'A(e o (1-s))"),
    IndicatorInfo("sme_share_domestic_inputs_exports",
                  "SME share of domestic inputs into exports (gross, not additive with direct exports)",
                  _SH, _GO, False, "s'(L-I)e / 1'(L-I)e"),
    IndicatorInfo("sme_indirect_export_share_gross_first",
                  "SME sales to large exporters, first round, share of gross exports (KIEP/KITA-comparable; gross)",
                  _SH, _GO, False, "s'A(e o (1-s)) / 1'e"),
    IndicatorInfo("sme_indirect_export_share_gross_all",
                  "SME sales to large exporters, all rounds, share of gross exports (KIEP-comparable; gross)",
                  _SH, _GO, False, "s'L(e o (1-s)) / 1'e"),
    IndicatorInfo("sme_total_export_share_gross_first",
                  "SME direct exports plus first-round sales to large exporters, share of gross exports (gross)",
                  _SH, _GO, False, "(s'e + s'A(e o (1-s))) / 1'e"),
    IndicatorInfo("sme_total_export_share_gross_all",
                  "SME direct exports plus all-round sales to large exporters, share of gross exports (gross)",
                  _SH, _GO, False, "(s'e + s'L(e o (1-s))) / 1'e"),
    IndicatorInfo("sme_va_exports_by_source", "SME value added in exports, by the SME's own industry", _USD, _VA,
                  True, "(vc o s o Le) summed over the producing industry's SME cell", national=False,
                  by="producing industry"),
]}

HEADLINE = ("sme_direct_export_share", "sme_share_dva_exports", "sme_direct_share_dva_exports",
            "sme_indirect_share_dva_exports", "sme_indirect_share_sme_va_exports", "sme_export_dependence",
            "sme_va_exports", "sme_va_exports_via_sme", "sme_va_exports_via_large", "dva_share_exports",
            "hummels_vs", "sme_output_induced_by_large_exports", "sme_first_round_supply_large_exports",
            "sme_share_domestic_inputs_exports")


def registry_frame() -> pd.DataFrame:
    """The registry as a table (one row per indicator)."""
    return pd.DataFrame([vars(i) for i in REGISTRY.values()])


# ----------------------------------------------------------------------------------------------
# n-dimensional inputs of one country-year
# ----------------------------------------------------------------------------------------------

def residual_coefficients(t: NationalTable) -> np.ndarray:
    """(n,) the column discrepancy per unit of output, ``1 - 1'A - vc - mc - tc`` (0 where x = 0)."""
    return np.where(t.x > 0, 1.0 - t.A.sum(0) - t.vc - t.mc - t.tc, 0.0)


@dataclass(frozen=True)
class Core:
    """What the closed-form engine needs from an unsplit table (shapes (n,) or (n, n)).

    A: domestic coefficients; vc, mc, tc, rc: value-added, imported-input, other-input and discrepancy
    coefficients; x, e, v: output, exports, value added (USD million); LmI = L - I = (I - A)^-1 A.
    """

    country: str
    year: int
    industries: tuple[str, ...]
    A: np.ndarray
    vc: np.ndarray
    mc: np.ndarray
    tc: np.ndarray
    rc: np.ndarray
    x: np.ndarray
    e: np.ndarray
    v: np.ndarray
    LmI: np.ndarray

    @classmethod
    def from_table(cls, t: NationalTable) -> "Core":
        if t.size is not None:
            raise ValueError("Core needs the unsplit table")
        return cls.from_parts(t.industries, t.A, t.vc, t.mc, t.tc, residual_coefficients(t), t.x, t.e,
                              v=t.v, country=t.country, year=t.year)

    @classmethod
    def from_parts(cls, industries, A, vc, mc, tc, rc, x, e, v=None, country="", year=0) -> "Core":
        n = len(industries)
        LmI = np.linalg.solve(np.eye(n) - A, A)
        v = vc * x if v is None else v
        return cls(country, year, tuple(industries), A, vc, mc, tc, rc, x, e, v, LmI)

    def factors(self, alpha, gamma, beta=None, mu=None) -> SplitFactors:
        beta = alpha if beta is None else beta
        mu = alpha if mu is None else mu
        return split_factors(alpha, gamma, beta, mu, self.x, self.e, self.vc, self.mc, self.tc, self.industries)


# ----------------------------------------------------------------------------------------------
# primitives: the amounts every indicator is made of
# ----------------------------------------------------------------------------------------------
# national: exports, sme_exports, value_added, sme_value_added, sme_va_via_sme, sme_va_via_large,
#   large_va_via_sme, large_va_via_large, dva, mva, tva, rva, sme_induced_by_large, sme_dom_inputs,
#   dom_inputs, sme_first_round_large                                   -> arrays of shape (...)
# per industry (prefix j_): j_exports, j_sme_exports, j_sme_va_via_sme, j_sme_va_via_large, j_dva, j_mva
#   (by exporting industry), j_sme_va_by_source (by producing industry)  -> arrays of shape (..., n)


def table_primitives(ts: NationalTable) -> dict[str, np.ndarray]:
    """Primitives from an explicit block-ordered split table (``2n`` cells), by direct solves."""
    codes = industry_codes(ts.industries)
    n = len(codes)
    N = 2 * n
    s = ts.size.astype(float)
    A = ts.A
    B = np.eye(N) - A
    e = ts.e
    eS, eL = e * s, e * (1 - s)
    LeS, LeL = np.linalg.solve(B, np.column_stack([eS, eL])).T
    Le = LeS + LeL
    vc, mc, tc = ts.vc, ts.mc, ts.tc
    rc = residual_coefficients(ts)
    vcs, vcl = vc * s, vc * (1 - s)
    lam_vcs, lam_vc, lam_mc = np.linalg.solve(B.T, np.column_stack([vcs, vc, mc])).T  # u'L for three u

    def fold(a):
        return a[:n] + a[n:]

    return {
        "exports": e.sum(), "sme_exports": eS.sum(), "value_added": ts.v.sum(), "sme_value_added": (s * ts.v).sum(),
        "sme_va_via_sme": vcs @ LeS, "sme_va_via_large": vcs @ LeL,
        "large_va_via_sme": vcl @ LeS, "large_va_via_large": vcl @ LeL,
        "dva": vc @ Le, "mva": mc @ Le, "tva": tc @ Le, "rva": rc @ Le,
        "sme_induced_by_large": s @ LeL, "sme_dom_inputs": s @ (Le - e), "dom_inputs": (Le - e).sum(),
        "sme_first_round_large": s @ (A @ eL),
        "j_exports": fold(e), "j_sme_exports": eS[:n],
        "j_sme_va_via_sme": (lam_vcs * eS)[:n], "j_sme_va_via_large": (lam_vcs * eL)[n:],
        "j_dva": fold(lam_vc * e), "j_mva": fold(lam_mc * e),
        "j_sme_va_by_source": (vcs * Le)[:n],
    }


def _rowdot(a, b):
    return (a * b).sum(-1)


FP_TOL = 1e-15    # fixed-point iteration stops when the largest change is below FP_TOL x the largest entry
FP_MAX_ITER = 200


def _mm(x: np.ndarray, M: np.ndarray) -> np.ndarray:
    """``x @ M`` for x (..., n) and M (n, n) as one 2-D product: one BLAS call for all draws and rows instead
    of one per leading index (numpy's stacked matmul), several times faster for (1000, 2, 56) inputs."""
    x = np.ascontiguousarray(x)
    return (x.reshape(-1, x.shape[-1]) @ M).reshape(x.shape[:-1] + (M.shape[1],))


def _solve_IAG(core: "Core", h: np.ndarray, rhs: np.ndarray, left: bool) -> np.ndarray:
    """``(I - A G)^-1 A`` applied to the rows of ``rhs`` (..., k, n) with ``G = diag(1 + h)``, h (..., n).

    right (``left=False``): returns z with z_r = (I - AG)^-1 A rhs_r, the fixed point of z = (rhs + h o z) (L - I)'.
    left (``left=True``): returns ell with ell_r' = rhs_r'(I - AG)^-1 A, the fixed point of
    ell = (rhs + h o ell)(L - I).
    (Both from (I - A)^-1 A = L - I.) With h = 0 (beta = mu = alpha) one product is exact. Otherwise the
    iteration contracts at rate rho((L - I) diag(h)), small when the cells' input intensities are close to
    their industry's; it is a handful of (D k, n) x (n, n) products for all draws at once. If it does not
    converge in FP_MAX_ITER steps, a batched LU solve of (I - AG) per draw is used instead.
    """
    M = core.LmI if left else core.LmI.T
    hh = h[..., None, :]
    shape = np.broadcast_shapes(rhs.shape, hh.shape[:-2] + rhs.shape[-2:])
    rhs = np.broadcast_to(rhs, shape)
    w = _mm(rhs, M)
    if not np.any(hh):
        return w
    delta = np.inf
    for _ in range(FP_MAX_ITER):
        wn = _mm(rhs + hh * w, M)
        delta = np.max(np.abs(wn - w))
        w = wn
        if delta <= FP_TOL * np.max(np.abs(w)) or not np.isfinite(delta):
            break
    if np.all(np.isfinite(w)) and delta <= FP_TOL * np.max(np.abs(w)):
        return w
    n = core.A.shape[0]
    B = np.eye(n) - core.A * (1.0 + h)[..., None, :]
    B = np.broadcast_to(B, shape[:-2] + (n, n))
    if left:
        y = np.linalg.solve(np.swapaxes(B, -1, -2), np.swapaxes(rhs, -1, -2))
        return np.swapaxes(y, -1, -2) @ core.A
    z = np.linalg.solve(B, core.A @ np.swapaxes(rhs, -1, -2))
    return np.swapaxes(z, -1, -2)


def fast_primitives(core: Core, fac: SplitFactors, by_industry: bool = True) -> dict[str, np.ndarray]:
    """Primitives in ``n`` dimensions from the split factors (closed form; see module docstring).

    ``fac`` arrays may carry leading draw axes ``(D, n)``; results then have shape ``(D,)`` / ``(D, n)``.
    When ``G = I`` (``beta = mu = alpha``) only matrix products with ``core.LmI`` are needed; otherwise a
    fixed-point iteration on the same products (:func:`_solve_IAG`), with a batched LU as fallback.
    """
    A, e, x = core.A, core.e, core.x
    live = x > 0
    dS = fac.delta_S
    dL = 1.0 - dS
    eS = fac.gamma * e
    eL = (1.0 - fac.gamma) * e
    qS, qL = fac.c_S * eS, fac.c_L * eL             # Q r for r = exports of SME cells, of large cells
    AqL = qL @ A.T
    g = np.where(live, fac.g, 1.0)
    h = g - 1.0
    vcS, vcL = fac.vr_S * core.vc, fac.vr_L * core.vc
    mcS, mcL = fac.mr_S * core.mc, fac.mr_L * core.mc
    tcS, tcL = fac.has_S * core.tc, fac.has_L * core.tc
    rcS, rcL = fac.c_S * core.rc, fac.c_L * core.rc
    z = _solve_IAG(core, h, np.stack(np.broadcast_arrays(qS, qL), axis=-2), left=False)
    zS, zL = z[..., 0, :], z[..., 1, :]

    def uLr(uS, uL, pS=None, pL=None, dotS=None, dotL=None):
        """u'L_split r for r = SME-cell exports and r = large-cell exports. ``None`` for a zero ``uS``/``uL``
        skips its products (0 + x is x exactly); ``pS = uS * dS``, ``pL = uL * dL``, ``dotS = uS'eS``,
        ``dotL = uL'eL`` may be passed when already computed (same bits)."""
        if uS is not None:
            pS = uS * dS if pS is None else pS
            dotS = _rowdot(uS, eS) if dotS is None else dotS
        if uL is not None:
            pL = uL * dL if pL is None else pL
            dotL = _rowdot(uL, eL) if dotL is None else dotL
        p = pL if uS is None else pS if uL is None else pS + pL
        rS, rL = _rowdot(p, zS), _rowdot(p, zL)
        return (rS if uS is None else dotS + rS), (rL if uL is None else dotL + rL)

    pvS, pvL = vcS * dS, vcL * dL
    dvS, dvL = _rowdot(vcS, eS), _rowdot(vcL, eL)
    sme_va_via_sme, sme_va_via_large = uLr(vcS, None, pS=pvS, dotS=dvS)
    large_va_via_sme, large_va_via_large = uLr(None, vcL, pL=pvL, dotL=dvL)
    dva = sum(uLr(vcS, vcL, pvS, pvL, dvS, dvL))
    mva = sum(uLr(mcS, mcL))
    tva = sum(uLr(tcS, tcL))
    rva = sum(uLr(rcS, rcL))
    zsum = zS + zL  # (L_split e)_iK = e_iK + delta_iK zsum_i
    out = {
        "exports": np.broadcast_to(e.sum(), dva.shape).copy(), "sme_exports": eS.sum(-1),
        "value_added": np.broadcast_to(core.v.sum(), dva.shape).copy(), "sme_value_added": (fac.beta * core.v).sum(-1),
        "sme_va_via_sme": sme_va_via_sme, "sme_va_via_large": sme_va_via_large,
        "large_va_via_sme": large_va_via_sme, "large_va_via_large": large_va_via_large,
        "dva": dva, "mva": mva, "tva": tva, "rva": rva,
        "sme_induced_by_large": _rowdot(dS, zL),    # u'L_split r for uS = 1, uL = 0: 1 * dS is dS exactly
        "sme_dom_inputs": _rowdot(dS, zsum), "dom_inputs": zsum.sum(-1),
        "sme_first_round_large": _rowdot(dS, AqL),
    }
    if by_industry:
        # left solves: lambda' = u'L_split, lambda_jk = u_jk + ell_j c_jk with ell' = (P'u)'(I - AG)^-1 A
        P = np.stack(np.broadcast_arrays(vcS * dS, vcS * dS + vcL * dL, mcS * dS + mcL * dL), axis=-2)  # (..., 3, n)
        ell = _solve_IAG(core, h, P, left=True)
        l_vcs, l_vc, l_mc = ell[..., 0, :], ell[..., 1, :], ell[..., 2, :]
        out.update({
            "j_exports": np.broadcast_to(e, eS.shape).copy(), "j_sme_exports": eS,
            "j_sme_va_via_sme": (vcS + l_vcs * fac.c_S) * eS, "j_sme_va_via_large": l_vcs * fac.c_L * eL,
            "j_dva": (vcS + l_vc * fac.c_S) * eS + (vcL + l_vc * fac.c_L) * eL,
            "j_mva": (mcS + l_mc * fac.c_S) * eS + (mcL + l_mc * fac.c_L) * eL,
            "j_sme_va_by_source": vcS * (eS + dS * zsum),
        })
    return out


# ----------------------------------------------------------------------------------------------
# identities and derived indicators
# ----------------------------------------------------------------------------------------------

def _close(a, b, scale, what, where, rtol=RTOL):
    a, b, scale = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float), np.abs(np.asarray(scale, float)))
    err = np.abs(a - b)
    tol = rtol * scale + 1e-9 * rtol
    if np.any(err > tol):
        k = np.unravel_index(int(np.argmax(err - tol)), err.shape)
        draw = f" (draw {k[0] if len(k) == 1 else k})" if err.ndim else ""
        raise IdentityError(f"{where}{draw}: {what}: {a[k]:.12g} vs {b[k]:.12g} (tolerance {tol[k]:.3g})")


def check_identities(p: dict, where: str = "") -> None:
    """Raise :class:`IdentityError` unless the accounting identities hold (relative tolerance 1e-9)."""
    _close(p["dva"] + p["mva"] + p["tva"] + p["rva"], p["exports"], p["exports"],
           "vc'Le + mc'Le + tc'Le + rc'Le = 1'e", where)
    _close(p["sme_va_via_sme"] + p["sme_va_via_large"] + p["large_va_via_sme"] + p["large_va_via_large"], p["dva"],
           p["dva"], "SME + large value added in exports = national", where)
    if "j_dva" in p:
        sme = p["sme_va_via_sme"] + p["sme_va_via_large"]
        for name, total, ref in (("j_dva", p["dva"], p["dva"]), ("j_mva", p["mva"], p["exports"]),
                                 ("j_sme_va_via_sme", p["sme_va_via_sme"], p["dva"]),
                                 ("j_sme_va_via_large", p["sme_va_via_large"], p["dva"]),
                                 ("j_sme_va_by_source", sme, p["dva"]), ("j_exports", p["exports"], p["exports"]),
                                 ("j_sme_exports", p["sme_exports"], p["exports"])):
            _close(p[name].sum(-1), total, ref, f"industry values of {name[2:]} sum to the national value", where)


def _ratio(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return np.divide(a, b, out=np.full(a.shape, np.nan), where=b != 0)


def derive(p: dict) -> dict[str, np.ndarray]:
    """Every registry indicator from the primitives; national ones keyed ``name``, per-industry ``j:name``."""
    sme_va = p["sme_va_via_sme"] + p["sme_va_via_large"]
    out = {
        "exports": p["exports"], "sme_direct_exports": p["sme_exports"],
        "sme_direct_export_share": _ratio(p["sme_exports"], p["exports"]),
        "value_added": p["value_added"], "sme_value_added": p["sme_value_added"],
        "sme_va_share": _ratio(p["sme_value_added"], p["value_added"]),
        "dva_exports": p["dva"], "import_content_exports": p["mva"], "other_input_content_exports": p["tva"],
        "balancing_residual_exports": p["rva"],
        "dva_share_exports": _ratio(p["dva"], p["exports"]), "hummels_vs": _ratio(p["mva"], p["exports"]),
        "sme_va_exports": sme_va, "sme_va_exports_via_sme": p["sme_va_via_sme"],
        "sme_va_exports_via_large": p["sme_va_via_large"],
        "large_va_exports": p["large_va_via_sme"] + p["large_va_via_large"],
        "sme_share_dva_exports": _ratio(sme_va, p["dva"]),
        "sme_direct_share_dva_exports": _ratio(p["sme_va_via_sme"], p["dva"]),
        "sme_indirect_share_dva_exports": _ratio(p["sme_va_via_large"], p["dva"]),
        "sme_indirect_share_sme_va_exports": _ratio(p["sme_va_via_large"], sme_va),
        "sme_va_exports_share_gross_exports": _ratio(sme_va, p["exports"]),
        "sme_export_dependence": _ratio(sme_va, p["sme_value_added"]),
        "sme_output_induced_by_large_exports": p["sme_induced_by_large"],
        "sme_first_round_supply_large_exports": p["sme_first_round_large"],
        "sme_share_domestic_inputs_exports": _ratio(p["sme_dom_inputs"], p["dom_inputs"]),
        "sme_indirect_export_share_gross_first": _ratio(p["sme_first_round_large"], p["exports"]),
        "sme_indirect_export_share_gross_all": _ratio(p["sme_induced_by_large"], p["exports"]),
        "sme_total_export_share_gross_first": _ratio(p["sme_exports"] + p["sme_first_round_large"], p["exports"]),
        "sme_total_export_share_gross_all": _ratio(p["sme_exports"] + p["sme_induced_by_large"], p["exports"]),
    }
    if "j_dva" in p:
        jsme = p["j_sme_va_via_sme"] + p["j_sme_va_via_large"]
        out.update({
            "j:exports": p["j_exports"], "j:sme_direct_exports": p["j_sme_exports"],
            "j:sme_direct_export_share": _ratio(p["j_sme_exports"], p["j_exports"]),
            "j:dva_exports": p["j_dva"], "j:import_content_exports": p["j_mva"],
            "j:dva_share_exports": _ratio(p["j_dva"], p["j_exports"]),
            "j:hummels_vs": _ratio(p["j_mva"], p["j_exports"]),
            "j:sme_va_exports": jsme, "j:sme_va_exports_via_sme": p["j_sme_va_via_sme"],
            "j:sme_va_exports_via_large": p["j_sme_va_via_large"],
            "j:sme_share_dva_exports": _ratio(jsme, p["j_dva"]),
            "j:sme_va_exports_by_source": p["j_sme_va_by_source"],
        })
    return out


def tidy(derived: dict, industries) -> pd.DataFrame:
    """Long table ``indicator, industry, value`` ('' industry = national). Per-industry values that are
    undefined (0/0, e.g. a share of zero exports) are left out. Single evaluation (no draw axis)."""
    rows = []
    for key, val in derived.items():
        if key.startswith("j:"):
            val = np.asarray(val, float)
            for code, v in zip(industries, val):
                if np.isfinite(v):
                    rows.append((key[2:], code, float(v)))
        else:
            rows.append((key, "", float(val)))
    return pd.DataFrame(rows, columns=["indicator", "industry", "value"])


# ----------------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------------

def national_va_content(t: NationalTable) -> dict[str, float]:
    """``vc'Le``, ``mc'Le``, ``tc'Le``, ``rc'Le`` and ``1'e`` of an unsplit table (USD million)."""
    Le = np.linalg.solve(np.eye(t.n) - t.A, t.e)
    return {"dva": t.vc @ Le, "mva": t.mc @ Le, "tva": t.tc @ Le, "rva": residual_coefficients(t) @ Le,
            "exports": t.e.sum()}


def table_indicators(ts: NationalTable) -> pd.DataFrame:
    """All indicators of an explicit split table, identities checked; long format (see :func:`tidy`)."""
    p = table_primitives(ts)
    check_identities(p, f"{ts.country} {ts.year}")
    return tidy(derive(p), industry_codes(ts.industries))


def country_year_indicators(t: NationalTable, shares: SplitShares, linkage_bias: float = 0.0) -> pd.DataFrame:
    """Split ``t`` with ``shares`` (explicit ``2n`` table), compute every indicator, check identities.

    With ``beta = mu = alpha`` also checks that the split leaves the national ``vc'Le`` and ``mc'Le`` of
    ``t`` unchanged (it does, with or without a linkage bias: every cell keeps its industry's coefficients).
    """
    ts = split_table(t, shares.alpha, shares.gamma, shares.beta, shares.mu, linkage_bias=linkage_bias)
    p = table_primitives(ts)
    where = f"{t.country} {t.year}"
    check_identities(p, where)
    live = t.x > 0
    if np.array_equal(shares.beta[live], shares.alpha[live]) and np.array_equal(shares.mu[live], shares.alpha[live]):
        nat = national_va_content(t)
        _close(p["dva"], nat["dva"], nat["exports"], "split leaves vc'Le unchanged", where)
        _close(p["mva"], nat["mva"], nat["exports"], "split leaves mc'Le unchanged", where)
    return tidy(derive(p), t.industries)


def fast_indicators(core: Core, shares: SplitShares, by_industry: bool = True) -> pd.DataFrame:
    """Same numbers as :func:`country_year_indicators` without the linkage bias, by the closed form."""
    fac = core.factors(shares.alpha, shares.gamma, shares.beta, shares.mu)
    p = fast_primitives(core, fac, by_industry)
    check_identities(p, f"{core.country} {core.year}")
    return tidy(derive(p), core.industries)
