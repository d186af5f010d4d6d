"""Property tests (hypothesis) on random productive tables and random feasible shares."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smegvc.engine.indicators import Core, country_year_indicators, fast_indicators, national_va_content
from smegvc.engine.ras import gras, ras
from smegvc.engine.sda import SdaYear, decompose
from smegvc.engine.split import SplitShares, aggregate, split_table
from smegvc.engine.synthetic import permute_table, scale_table, synthetic_shares, synthetic_table

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw, beta_ne_alpha=st.booleans()):
    n = draw(st.integers(2, 7))
    seed = draw(st.integers(0, 2**31 - 1))
    rho = draw(st.floats(0.05, 0.95))
    dead = draw(st.lists(st.integers(0, n - 1), max_size=1))
    t = synthetic_table(n, seed, rho=rho, density=draw(st.floats(0.3, 1.0)), zero_output=dead)
    frame = synthetic_shares(t, seed + 1, width=draw(st.floats(0.0, 0.2)))
    sh = SplitShares.from_frame(frame, t.industries, beta_ne_alpha=draw(beta_ne_alpha))
    return t, frame, sh


def _vals(df):
    return df.set_index(["indicator", "industry"]).value


@SETTINGS
@given(cases(beta_ne_alpha=st.just(False)))
def test_split_balances_and_aggregates_back(c):
    t, _, sh = c
    ts = split_table(t, sh.alpha, sh.gamma)  # checks the identities itself
    np.testing.assert_allclose(ts.Z.sum(1) + ts.F.sum(1) + ts.e, ts.x, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ts.Z.sum(0) + ts.Zm.sum(0) + ts.T.sum(0) + ts.v, ts.x, rtol=1e-9, atol=1e-9)
    back = aggregate(ts)
    for k in ("Z", "Zm", "F", "e", "T", "v", "x"):
        np.testing.assert_allclose(getattr(back, k), getattr(t, k), rtol=1e-10, atol=1e-9, err_msg=k)
    assert np.all(ts.Z >= 0) and np.all(ts.x >= 0)


@SETTINGS
@given(cases())
def test_shares_in_unit_interval_and_national_invariance(c):
    t, _, sh = c
    v = _vals(country_year_indicators(t, sh))
    shares = v[[k for k in v.index if k[0].endswith("_share") or k[0].startswith("sme_share")
                or k[0] in ("hummels_vs", "sme_indirect_share_sme_va_exports")]]
    undefined = shares[shares.isna()]
    # only 0/0 is left undefined: no domestic intermediate inputs at all
    assert all(k[0] == "sme_share_domestic_inputs_exports" and t.Z.sum() == 0 for k in undefined.index)
    shares = shares.dropna()
    assert ((shares >= -1e-12) & (shares <= 1 + 1e-12)).all()
    if np.array_equal(sh.beta, sh.alpha, equal_nan=True):
        nat = national_va_content(t)
        assert v[("dva_exports", "")] == pytest.approx(nat["dva"], rel=1e-9)
    # SME + large = national holds in every case
    assert v[("sme_va_exports", "")] + v[("large_va_exports", "")] == pytest.approx(v[("dva_exports", "")], rel=1e-9)


@SETTINGS
@given(cases())
def test_closed_form_equals_explicit(c):
    t, _, sh = c
    a = _vals(country_year_indicators(t, sh))
    b = _vals(fast_indicators(Core.from_table(t), sh))
    np.testing.assert_allclose(b.loc[a.index].to_numpy(), a.to_numpy(), rtol=1e-8, atol=1e-7)


@SETTINGS
@given(cases(), st.sampled_from([1000.0, 1e-3, 7.5]))
def test_currency_scaling_invariance(c, k):
    t, _, sh = c
    a = _vals(country_year_indicators(t, sh))
    b = _vals(country_year_indicators(scale_table(t, k), sh))
    from smegvc.engine.indicators import REGISTRY
    usd = np.array([REGISTRY[i].unit == "USD million" for i in a.index.get_level_values(0)])
    np.testing.assert_allclose(b[~usd].to_numpy(), a[~usd].to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b[usd].to_numpy(), k * a[usd].to_numpy(), rtol=1e-9, atol=1e-6 * k)


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_permutation_invariance(c, rnd):
    t, _, sh = c
    perm = list(range(t.n))
    rnd.shuffle(perm)
    tp = permute_table(t, perm)
    shp = SplitShares(tp.industries, *(getattr(sh, f)[perm] for f in
                                       ("alpha", "gamma", "beta", "mu", "alpha_low", "alpha_high", "gamma_low",
                                        "gamma_high")))
    a = _vals(country_year_indicators(t, sh))
    b = _vals(country_year_indicators(tp, shp))
    assert set(a.index) == set(b.index)
    np.testing.assert_allclose(b.loc[a.index].to_numpy(), a.to_numpy(), rtol=1e-9, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(cases(beta_ne_alpha=st.just(False)), st.integers(0, 2**31 - 1))
def test_sda_parts_sum_to_total(c, seed):
    t0, _, s0 = c
    t1 = synthetic_table(t0.n, seed, year=t0.year + 7, zero_output=[k for k in range(t0.n) if t0.x[k] == 0])
    s1 = SplitShares.from_frame(synthetic_shares(t1, seed + 1), t1.industries)
    for method in ("shapley", "polar"):
        d = decompose(SdaYear.from_table(t0, s0), SdaYear.from_table(t1, s1), method=method)
        parts = d.value.to_numpy()
        assert parts[:3].sum() == pytest.approx(parts[3], rel=1e-10, abs=1e-14)
        assert d.attrs["end"] - d.attrs["start"] == pytest.approx(parts[3], rel=1e-12, abs=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 2**31 - 1), st.booleans())
def test_ras_and_gras_reach_margins(m, k, seed, negatives):
    rng = np.random.default_rng(seed)
    S = rng.uniform(0.1, 1.0, (m, k))
    if negatives:
        S = S * np.where(rng.random((m, k)) < 0.25, -1, 1)
        S[:, 0] = np.abs(S[:, 0])
        S[0] = np.abs(S[0])
    target = S * rng.uniform(0.8, 1.25, (m, k))
    X = (gras if negatives else ras)(S, target.sum(1), target.sum(0))
    np.testing.assert_allclose(X.sum(1), target.sum(1), rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(X.sum(0), target.sum(0), rtol=1e-8, atol=1e-9)
    assert np.all(np.sign(X) == np.sign(S))
