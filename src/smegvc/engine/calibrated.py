"""Calibrated Monte Carlo: uncertainty that respects what the published aggregates pin down.

**What varies.** The firm-size shares follow the rule of :mod:`smegvc.evidence.shares`: prior logits of the
industries' SME output shares, shifted (per target scope) so that every published aggregate holds exactly;
export shares likewise from the output shares. What the published figures do *not* fix is how the SME
part is spread over the industries of a scope (the priors), the value of a year's target where no figure
is published for it (interpolated or carried), and the figures themselves within their published
precision. Each draw ``d`` perturbs exactly these:

* prior logits: ``logit p_jt + SIGMA_PRIOR * z_djt`` (output) and the export base
  ``logit alpha_djt + SIGMA_PRIOR * z'_djt``, with ``z_djt = sqrt(RHO) eta_dj + sqrt(1 - RHO) eps_djt``:
  a **persistent** part ``eta`` shared by all years of a draw and **year noise** ``eps`` (standard normal,
  independent); ``SIGMA_PRIOR = log(PRIOR_ODDS) / 1.645`` so that an industry whose share no target
  constrains has its odds within halved-to-doubled in 90% of draws (the bounds of the share table);
* published figures: ``T + h u`` with ``u`` uniform on [-1, 1] per figure (common to every year and
  scenario that uses it) and ``h`` half the last published digit (:func:`smegvc.evidence.benchmark_sets.precision`);
* targets of years without a published figure (interpolated or carried): logit shifted by
  ``SIGMA_DRIFT * distance * xi``, ``xi`` standard normal per target series and draw (persistent), the
  distance in years to the nearest benchmark.

Then every draw is **re-calibrated**: the nested logit shifts are solved again (Newton's method with a
bisection safeguard, to 1e-13), so each draw reproduces its year's (drawn) targets exactly, export shares
within feasibility. The same draws (same seed) serve every year, every scenario (benchmark set) and every
counterfactual, so the change of an indicator between two years, or between two scenarios, has its own
distribution: ``low``/``high`` of a change are percentiles of the per-draw changes.

**Determinism.** Random numbers come from ``numpy.random.default_rng(SeedSequence(seed, spawn_key=(k,)))``
with ``k`` a CRC32 of a fixed label (the country and the stream; the published id; the target series),
so a draw does not depend on which scenarios or years are evaluated, or in what order. Sums run in
fixed order (numpy reductions over fixed axes).

Public: :func:`calibrated_draws` (shares per year, draws x industries), :func:`evaluate`
(national indicators per draw), :func:`run` (everything the results need for one economy), constants.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from smegvc.errors import InfeasibleSharesError

RHO = 0.8                  # share of the prior-logit variance that persists across years
SIGMA_DRIFT = 0.05         # logit units per year of distance to the nearest published benchmark
DEFAULT_SEED = 20250101
N_DRAWS = 1000
Z90 = 1.6448536269514722   # standard normal 95th percentile


def expit(z):
    """Logistic function (``1 / (1 + exp(-z))``, argument clipped to +-700 so that exp cannot overflow).
    (``np.minimum(np.maximum(..))`` is ``np.clip`` bit for bit, with less overhead.)"""
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -700.0), 700.0)))


def sigma_prior() -> float:
    from smegvc.evidence.share_rule import PRIOR_ODDS

    return float(np.log(PRIOR_ODDS) / Z90)


def _rng(seed: int, label: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(label.encode()),)))


@dataclass
class Streams:
    """The random numbers of one economy (shared by all years and scenarios)."""
    n_draws: int
    seed: int
    country: str
    years: tuple[int, ...]
    n: int

    def __post_init__(self):
        T, D, n = len(self.years), self.n_draws, self.n
        self._z = {}
        for q in ("output", "export"):
            g = _rng(self.seed, f"{self.country}:{q}:prior")
            eta = g.standard_normal((D, n))
            eps = g.standard_normal((D, T, n))
            self._z[q] = np.sqrt(RHO) * eta[:, None, :] + np.sqrt(1.0 - RHO) * eps   # (D, T, n)
        self._u: dict[str, np.ndarray] = {}
        self._xi: dict[str, np.ndarray] = {}

    def z(self, quantity: str, year: int) -> np.ndarray:
        return self._z[quantity][:, self.years.index(year), :]

    def u(self, published_id: str) -> np.ndarray:
        if published_id not in self._u:
            self._u[published_id] = 2.0 * _rng(self.seed, f"pub:{published_id}").random(self.n_draws) - 1.0
        return self._u[published_id]

    def xi(self, series: str) -> np.ndarray:
        if series not in self._xi:
            self._xi[series] = _rng(self.seed, f"series:{series}").standard_normal(self.n_draws)
        return self._xi[series]


# ---------------------------------------------------------------------------------------------- solver

def solve_shift_newton(base, w, required, lo, hi, *, label="target", tol=1e-13, bad_ok=False):
    """c (k,) with sum_j w_j clip(expit(base_kj + c_k), lo_kj, hi_kj) = required_k (k rows at once).

    Newton steps inside a bracket [a, b] that always contains the root; a step leaving it is replaced by
    bisection. The steps are taken on the logit of the weighted share ``F(c) / sum w`` (nearly linear in c,
    exactly so when every base is equal), a step or two fewer than Newton on ``F`` itself; where the share
    or the target share is 0 or 1, the step is Newton's on ``F``. Stops when ``|F(c) - required| <= tol *
    sum w`` (~5 steps). Raises InfeasibleSharesError when a target lies outside the reachable range, unless
    ``bad_ok``: then returns (c, bad) with ``bad`` (k,) the rows whose target was out of reach (their c
    reaches the nearest end of the range).

    ``lo``/``hi`` None: bounds [0, 1] (then no clip is needed: ``expit`` lies in [0, 1], and where it rounds
    to 1 its derivative ``p (1 - p)`` is 0 already). Each step works only on the rows not yet converged (a
    converged row's c is final), in place. Every array is made C-contiguous first, so each row's sums run
    in one order (numpy's pairwise sum along the row) whatever the memory layout of the inputs and however
    many rows are solved together: a draw's result is bit for bit the same alone or in a batch (numpy sums
    an F-ordered ``(k, m)`` array column by column instead)."""
    base = np.ascontiguousarray(base, float)
    k, m = base.shape
    w = np.ascontiguousarray(w, float)
    unbounded = lo is None and hi is None
    lo = np.zeros((k, m)) if lo is None else np.ascontiguousarray(np.broadcast_to(lo, (k, m)), float)
    hi = np.ones((k, m)) if hi is None else np.ascontiguousarray(np.broadcast_to(hi, (k, m)), float)
    scale = max(float(w.sum()), 1e-300)
    gmin, gmax = (lo * w).sum(1), (hi * w).sum(1)
    bad = (required < gmin - 1e-12 * scale) | (required > gmax + 1e-12 * scale)
    if bad.any() and not bad_ok:
        i = int(np.argmax(bad))
        raise InfeasibleSharesError(f"{label}: weighted total {required[i]:.6g} is outside the reachable range "
                                    f"[{gmin[i]:.6g}, {gmax[i]:.6g}] (draw {i})")
    required = np.clip(required, gmin, gmax)   # only rows flagged bad are moved
    # expit(z) = 1 / (1 + exp(-z)) needs no clip of z against overflow while |base| + |c| < 700 (c stays in
    # the bracket [-60, 60]); otherwise the clipped expit is used
    clip_z = not np.all(np.abs(base) < 600.0)
    a, b = np.full(k, -60.0), np.full(k, 60.0)
    c = np.zeros(k)
    act = np.arange(k)                         # rows not yet converged
    tol_abs = tol * scale
    with np.errstate(divide="ignore", invalid="ignore"):
        r_share = required / scale
        r_logit = np.log(r_share) - np.log1p(-r_share)
    for _ in range(200):
        ca = c[act]
        z = base + ca[:, None] if act.size == k else base[act] + ca[:, None]
        if clip_z:
            p = expit(z)
        else:
            np.negative(z, out=z)
            np.exp(z, out=z)
            z += 1.0
            p = np.divide(1.0, z, out=z)
        if unbounded:
            F = (p * w).sum(1)
        else:
            la, ha = (lo, hi) if act.size == k else (lo[act], hi[act])
            F = (np.minimum(np.maximum(p, la), ha) * w).sum(1)
        f = F - required[act]
        conv = np.abs(f) <= tol_abs
        if conv.all():
            return (c, bad) if bad_ok else c
        if conv.any():
            keep = ~conv
            act, f, F, ca, p = act[keep], f[keep], F[keep], ca[keep], p[keep]
            if not unbounded:
                la, ha = la[keep], ha[keep]
        aa = np.where(f < 0, ca, a[act])
        bb = np.where(f > 0, ca, b[act])
        a[act], b[act] = aa, bb
        dp = p * (1.0 - p)
        dp *= w
        if not unbounded:
            dp *= (p > la) & (p < ha)
        d = dp.sum(1)
        sh = F / scale
        with np.errstate(divide="ignore", invalid="ignore"):
            # logit step: (logit(F/W) - logit(R/W)) / (F'/W / (F/W (1 - F/W))); Newton's on F where undefined
            step = (np.log(sh) - np.log1p(-sh) - r_logit[act]) * sh * (1.0 - sh) * scale / d
            step = np.where(np.isfinite(step), step, f / d)
            cn = ca - step
        ok = np.isfinite(cn) & (cn > aa) & (cn < bb)
        c[act] = np.where(ok, cn, 0.5 * (aa + bb))
    p = expit(base + c[:, None])
    f = (np.clip(p, lo, hi) * w).sum(1) - required
    if np.any(np.abs(f) > 1e-10 * scale):
        raise InfeasibleSharesError(f"{label}: calibration did not converge (residual {np.abs(f).max():.3g})")
    return (c, bad) if bad_ok else c


def fit_nested_draws(base, targets, lo=None, hi=None):
    """:func:`smegvc.evidence.share_rule.fit_nested` for many draws at once with the Newton solver; targets'
    ``value`` may be (k,). Returns (s, pinned, bad): ``bad`` (k,) marks draws for which some target was out
    of reach of the shares within their bounds (those rows are not calibrated)."""
    base = np.asarray(base, float)
    k, n = base.shape
    unbounded = lo is None and hi is None
    lo = np.zeros((k, n)) if lo is None else np.broadcast_to(lo, (k, n))
    hi = np.ones((k, n)) if hi is None else np.broadcast_to(hi, (k, n))
    s = np.clip(expit(base), lo, hi)
    done = np.zeros(n, bool)
    pinned = np.full(n, -1)
    bad = np.zeros(k, bool)
    for t in sorted(range(len(targets)), key=lambda i: int(targets[i]["mask"].sum())):
        tg = targets[t]
        mask, w = tg["mask"], np.clip(np.asarray(tg["w"], float), 0.0, None)
        value = np.broadcast_to(np.asarray(tg["value"], float), (k,))
        free, held = mask & ~done, mask & done
        required = value * w[mask].sum() - (np.ascontiguousarray(s[:, held]) * w[held]).sum(1)   # row order
        if free.any() and w[free].sum() > 0:
            c, b = solve_shift_newton(base[:, free], w[free], required, None if unbounded else lo[:, free],
                                      None if unbounded else hi[:, free], label=tg["label"], bad_ok=True)
            bad |= b
            s[:, free] = np.clip(expit(base[:, free] + c[:, None]), lo[:, free], hi[:, free])
        pinned[free] = t
        done |= mask
    return s, pinned, bad


# ---------------------------------------------------------------------------------------------- targets

_RANK = {"benchmark": 0, "interpolated": 1, "carried": 2}


@dataclass(frozen=True)
class Series:
    """One target series (a scope, weight and kind) of an economy: its benchmark rows as arrays."""
    key: str
    scope: str
    weight: str
    kind: str
    of_scope: str
    years: np.ndarray
    values: np.ndarray
    pids: tuple[str, ...]
    valid_from: np.ndarray
    valid_to: np.ndarray


def series_of(bm, country, definition, quantity) -> list[Series]:
    """The target series of one quantity (output or export) for an economy and Korean definition."""
    sel = bm[(bm["country"] == country) & (bm["quantity"] == quantity) & bm["scenario"].isin([definition, "all"])]
    out = []
    for (scope, weight, kind, of_scope), g in sel.groupby(["scope", "weight", "kind", "of_scope"], sort=True):
        g = g.sort_values("year", kind="stable")
        key = f"{country}:{definition}:{quantity}:{scope}:{weight}" + (":comp" if kind == "composition" else "")
        out.append(Series(key, scope, weight, kind, of_scope, g["year"].to_numpy(int), g["value"].to_numpy(float),
                          tuple(g["published_id"]), g["valid_from"].to_numpy(int), g["valid_to"].to_numpy(int)))
    return out


def _terms(se: Series, year):
    """[(row, weight)], how, distance: the linear rule of :func:`smegvc.evidence.share_rule.target_at`."""
    ok = np.flatnonzero((se.valid_from <= year) & (se.valid_to >= year))
    if not ok.size:
        return None
    yrs = se.years[ok]
    same = np.flatnonzero(yrs == year)
    if same.size:
        return [(ok[same[0]], 1.0)], "benchmark", 0
    before, after = np.flatnonzero(yrs < year), np.flatnonzero(yrs > year)
    if before.size and after.size:
        i, j = before[-1], after[0]
        f = (year - yrs[i]) / (yrs[j] - yrs[i])
        return [(ok[i], 1.0 - f), (ok[j], f)], "interpolated", int(min(year - yrs[i], yrs[j] - year))
    i = before[-1] if before.size else after[0]
    return [(ok[i], 1.0)], "carried", int(abs(year - yrs[i]))


def _series_value(se: Series, year, prec, streams, perturb):
    from smegvc.evidence.share_rule import logit

    got = _terms(se, year)
    if got is None:
        return None
    terms, how, dist = got
    central = sum(wt * float(se.values[i]) for i, wt in terms)
    if not perturb:
        return np.full(streams.n_draws, central), how, dist
    v = sum(wt * (float(se.values[i]) + prec.get(se.pids[i], 0.0) * streams.u(se.pids[i])) for i, wt in terms)
    if dist > 0:
        v = expit(logit(np.clip(v, 1e-12, 1 - 1e-12)) + SIGMA_DRIFT * dist * streams.xi(se.key))
    return v, how, dist


def targets_for(series: list[Series], country, year, quantity, vec, prec, streams, perturb=True):
    """Targets (dicts for :func:`fit_nested_draws`) of one quantity for one country-year, values (D,);
    ``series`` from :func:`series_of`."""
    from smegvc.evidence.shares_schema import SCOPES
    from smegvc.io.wiod2016 import INDUSTRIES

    out = []
    for se in series:
        if se.kind != "share":
            continue
        got = _series_value(se, year, prec, streams, perturb)
        if got is None:
            continue
        out.append({"mask": np.isin(INDUSTRIES, SCOPES[se.scope]), "w": np.clip(vec[se.weight], 0, None),
                    "value": got[0], "how": got[1], "dist": got[2], "scope": se.scope, "weight": se.weight,
                    "label": f"{country} {year} {quantity} {se.scope}"})
    for se in series:
        if se.kind != "composition":
            continue
        got = _series_value(se, year, prec, streams, perturb)
        if got is None:
            continue
        parent = next(t for t in out if t["scope"] == se.of_scope and t["weight"] == se.weight)
        w = np.clip(vec[se.weight], 0, None)
        mask = np.isin(INDUSTRIES, SCOPES[se.scope])
        value = got[0] * parent["value"] * w[parent["mask"]].sum() / w[mask].sum()
        out.append({"mask": mask, "w": w, "value": value, "how": max(got[1], parent["how"], key=_RANK.get),
                    "dist": max(got[2], parent["dist"]), "scope": se.scope, "weight": se.weight,
                    "label": f"{country} {year} {quantity} {se.scope} (composition of {se.of_scope})"})
    return out


# ---------------------------------------------------------------------------------------------- draws

@dataclass
class YearShares:
    """Shares of one country-year: ``alpha``, ``gamma`` (D, n) draws and (n,) central; the targets."""
    year: int
    alpha: np.ndarray
    gamma: np.ndarray
    alpha0: np.ndarray
    gamma0: np.ndarray
    targets_out: list       # the targets each draw meets (values (D,), after any shrinking)
    targets_exp: list
    shrunk: np.ndarray      # (D,) halvings of the prior perturbation needed to reach the targets


def export_bounds(alpha, x, e):
    """Feasible export shares (lo, hi), arrays like ``alpha`` (..., n): SME and large-firm exports within
    their output (as :func:`smegvc.evidence.share_rule.export_interval`, broadcasting over draws)."""
    pos = e > 0
    ratio = np.where(pos, x / np.where(pos, e, 1.0), np.inf)
    hi = np.where(pos, np.minimum(1.0, alpha * ratio), 1.0)
    lo = np.where(pos, np.maximum(0.0, 1.0 - (1.0 - alpha) * ratio), 0.0)
    return lo, np.maximum(hi, lo)


MAX_SHRINK = 12   # halvings of a draw's prior perturbation before giving up


def _shares(prior_logit, z_out, z_exp, t_out, t_exp, x, e, c_out=None, c_exp=None):
    """(alpha, gamma, shrunk, values_out, values_exp): calibrated draws and the target values (k,) they meet; a draw whose shares cannot reach every target (e.g. an
    export-intensive industry given so large an SME output share that its SME exports alone exceed the
    published total) has its perturbations (of the priors and, given the central targets ``c_out``/``c_exp``,
    of the targets) halved until it can; ``shrunk`` (k,) counts the halvings."""
    from smegvc.evidence.share_rule import PRIOR_CAP, logit

    sp = sigma_prior()
    k = max(z_out.shape[0], 1)
    z_out, z_exp = np.array(z_out, float), np.array(z_exp, float)
    shrunk = np.zeros(k, int)
    todo = np.arange(k)
    alpha = np.empty((k, len(prior_logit)))
    gamma = np.empty_like(alpha)
    outside = ~np.any([t["mask"] for t in t_exp], axis=0) if t_exp else np.ones(len(prior_logit), bool)
    eff_out = [np.empty(k) for _ in t_out]
    eff_exp = [np.empty(k) for _ in t_exp]
    for _ in range(MAX_SHRINK + 1):
        f = 0.5 ** shrunk[todo]

        def sub(ts, cs):
            out = []
            for i, t in enumerate(ts):
                v = np.broadcast_to(t["value"], (k,))[todo]
                if cs is not None:
                    c0 = float(np.asarray(cs[i]["value"]).ravel()[0])
                    v = c0 + (v - c0) * f
                out.append(dict(t, value=v))
            return out

        a, _, bad_a = fit_nested_draws(prior_logit[None, :] + sp * z_out[todo], sub(t_out, c_out))
        base_g = logit(np.clip(a, 1 - PRIOR_CAP, PRIOR_CAP)) + sp * z_exp[todo]
        lo, hi = export_bounds(a, x, e)
        g, _, bad_g = fit_nested_draws(base_g, sub(t_exp, c_exp), lo, hi)
        g[:, outside] = a[:, outside]
        alpha[todo], gamma[todo] = a, g
        for lst, ts in ((eff_out, sub(t_out, c_out)), (eff_exp, sub(t_exp, c_exp))):
            for i, t in enumerate(ts):
                lst[i][todo] = t["value"]
        bad = bad_a | bad_g
        if not bad.any():
            return alpha, gamma, shrunk, eff_out, eff_exp
        todo = todo[bad]
        shrunk[todo] += 1
        z_out[todo] *= 0.5
        z_exp[todo] *= 0.5
    raise InfeasibleSharesError(f"{t_exp[0]['label'] if t_exp else 'shares'}: {len(todo)} draws cannot reach the "
                                f"published targets even with their prior perturbation shrunk {MAX_SHRINK} times")


def prior_logits(priors=None) -> np.ndarray:
    """Logits of the prior SME output shares (capped at PRIOR_CAP), (n,); ``priors`` as ``read_priors()``."""
    from smegvc.evidence.share_rule import PRIOR_CAP, logit
    from smegvc.evidence.shares import read_priors

    priors = read_priors() if priors is None else priors
    return logit(np.clip(priors["prior_sme_output_share"].to_numpy(float), 1 - PRIOR_CAP, PRIOR_CAP))


def calibrated_draws(country: str, years, bm, tables: dict, *, definition: str = "in_force",
                     streams: Streams, prec: dict, prior_logit=None) -> dict[int, YearShares]:
    """Calibrated share draws for each year: {year: YearShares}. ``tables``: {year: NationalTable};
    ``prior_logit``: :func:`prior_logits` (read when None)."""
    pl = prior_logits() if prior_logit is None else prior_logit
    out = {}
    zeros = np.zeros((1, len(pl)))
    s_out, s_exp = series_of(bm, country, definition, "output"), series_of(bm, country, definition, "export")
    for y in years:
        t = tables[y]
        vec = {"x": np.asarray(t.x, float), "e": np.asarray(t.e, float), "v": np.asarray(t.v, float)}
        t_out = targets_for(s_out, country, y, "output", vec, prec, streams)
        t_exp = targets_for(s_exp, country, y, "export", vec, prec, streams)
        c_out = [dict(t, value=t["value"][:1]) for t in
                 targets_for(s_out, country, y, "output", vec, prec, streams, perturb=False)]
        c_exp = [dict(t, value=t["value"][:1]) for t in
                 targets_for(s_exp, country, y, "export", vec, prec, streams, perturb=False)]
        a0, g0, *_ = _shares(pl, zeros, zeros, c_out, c_exp, vec["x"], vec["e"])
        alpha, gamma, shrunk, v_out, v_exp = _shares(pl, streams.z("output", y), streams.z("export", y), t_out, t_exp,
                                                     vec["x"], vec["e"], c_out, c_exp)
        t_out = [dict(t, value=v) for t, v in zip(t_out, v_out)]
        t_exp = [dict(t, value=v) for t, v in zip(t_exp, v_exp)]
        out[y] = YearShares(y, alpha, gamma, a0[0], g0[0], t_out, t_exp, shrunk)
    return out


# ---------------------------------------------------------------------------------------------- evaluation

GOODS_PREFIX = "ABC"


def evaluate(core, alpha, gamma) -> dict[str, np.ndarray]:
    """National indicators for share arrays (D, n) (or (n,)) on one table (``Core``); export shares are
    clipped into feasibility first (counterfactuals pair shares with another year's table). Adds the
    KIEP-comparable gross measures (share of gross exports):
    ``sme_indirect_export_share_gross_first`` = s'A(e o (1-s)) / 1'e (first round, SME sales to large
    exporters), ``..._all`` = s'(L - I)(e o (1-s)) / 1'e (all rounds), ``sme_total_export_share_gross_*`` =
    direct exports share + the indirect one, and ``sme_direct_export_share_goods`` (goods exports A-C)."""
    from smegvc.engine.indicators import derive, fast_primitives
    from smegvc.engine.split import clip_gamma

    gamma, _ = clip_gamma(alpha, gamma, core.x, core.e, core.industries)
    fac = core.factors(alpha, gamma)
    p = fast_primitives(core, fac, by_industry=False)
    d = derive(p)
    goods = np.array([c[0] in GOODS_PREFIX for c in core.industries])
    d["sme_direct_export_share_goods"] = (gamma * core.e)[..., goods].sum(-1) / core.e[goods].sum()
    return d
