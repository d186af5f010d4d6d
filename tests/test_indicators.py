"""Indicators: a hand-worked 2-industry example, explicit vs closed form, identities, registry."""
import numpy as np
import pandas as pd
import pytest

from smegvc.errors import IdentityError
from smegvc.engine.indicators import (HEADLINE, REGISTRY, Core, check_identities, country_year_indicators, derive,
                               fast_indicators, fast_primitives, national_va_content, registry_frame,
                               table_indicators, table_primitives)
from smegvc.engine.split import SplitShares, clip_gamma, split_table
from smegvc.engine.synthetic import synthetic_shares, synthetic_table, worked_example

ALPHA = np.array([0.5, 0.2])
GAMMA = np.array([0.125, 0.5])


def _values(df):
    return df.set_index(["indicator", "industry"])["value"]


@pytest.fixture(scope="module")
def worked():
    t = worked_example()
    return t, _values(country_year_indicators(t, SplitShares.central(t.industries, ALPHA, GAMMA)))


def test_worked_example_national(worked):
    """Worked example: A = [[.1, .2], [.3, .1]], L = [[6/5, 4/15], [2/5, 6/5]], e = (40, 20), vc = (.5, .6),
    mc = (.1, .1); alpha = (1/2, 1/5), gamma = (1/8, 1/2) -> delta_S = (3/4, 1/8) (see test_split).

    National: Le = (160/3, 40); vc'Le = 80/3 + 24 = 152/3; mc'Le = 28/3; 152/3 + 28/3 = 60 = 1'e.
    With beta = mu = alpha every cell keeps its industry's coefficients, so
    u'L_split r = u'r + (vc o delta_S)'(L - I) r_folded for u = vc o s:
      (L - I)e = (40/3, 20);  SME VA in exports = vc'(gamma o e) + (vc o delta_S)'(L - I)e
                                                = (2.5 + 6) + (0.375 * 40/3 + 0.075 * 20) = 8.5 + 6.5 = 15.
      via SME exporters: r = gamma o e = (5, 10), (L - I)r = (26/3 - 5, 14 - 10) = (11/3, 4)
                         -> 8.5 + 0.375 * 11/3 + 0.075 * 4 = 8.5 + 1.375 + 0.3 = 10.175
      via large exporters: r = (35, 10), (L - I)r = (29/3, 16) -> 0 + 0.375 * 29/3 + 0.075 * 16 = 4.825.
    SME direct export share (5 + 10)/60 = 1/4; SME VA s'v = 25 + 12 = 37; export dependence 15/37.
    Gross: s'L(e o (1-s)) = delta_S'(L - I)(35, 10) = 0.75 * 29/3 + 0.125 * 16 = 9.25;
           first round s'A(e o (1-s)) = delta_S'A(35, 10) = 0.75 * 5.5 + 0.125 * 11.5 = 5.5625;
           SME share of domestic inputs into exports = delta_S'(40/3, 20) / (100/3) = 12.5 / (100/3) = 0.375.
    """
    _, v = worked
    dva = 152 / 3
    expect = {
        "exports": 60, "dva_exports": dva, "import_content_exports": 28 / 3, "hummels_vs": 28 / 180,
        "sme_direct_export_share": 0.25, "sme_va_exports": 15, "sme_va_exports_via_sme": 10.175,
        "sme_va_exports_via_large": 4.825, "large_va_exports": dva - 15, "sme_share_dva_exports": 15 / dva,
        "sme_indirect_share_dva_exports": 4.825 / dva, "sme_direct_share_dva_exports": 10.175 / dva,
        "sme_indirect_share_sme_va_exports": 4.825 / 15, "sme_value_added": 37, "sme_export_dependence": 15 / 37,
        "sme_output_induced_by_large_exports": 9.25, "sme_first_round_supply_large_exports": 5.5625,
        "sme_share_domestic_inputs_exports": 0.375, "sme_va_share": 37 / 110,
    }
    for name, x in expect.items():
        assert v[(name, "")] == pytest.approx(x, rel=1e-12), name


def test_worked_example_by_industry(worked):
    """By exporting industry, with vc'L = (0.84, 64/75) and mc'L = (0.16, 11/75):
    dva_A = 0.84 * 40 = 33.6, dva_B = 64/75 * 20 = 17.0667; VS_A = 0.16, VS_B = 11/75.
    SME VA by exporter (lambda' = (vc o s)'L_split; lambda_jk = vc_j s_jk + ell_j with
    ell' = (vc o delta_S)'(L - I) = (0.375, 0.075) [[1/5, 4/15], [2/5, 1/5]] = (0.105, 0.115)):
      A: lambda_AS = 0.605, lambda_AL = 0.105 -> 0.605 * 5 + 0.105 * 35 = 3.025 + 3.675 = 6.7
      B: lambda_BS = 0.715, lambda_BL = 0.115 -> 0.715 * 10 + 0.115 * 10 = 8.3;  6.7 + 8.3 = 15.
    By source (SME cell's own VA): (L_split e)_iS = e_iS + delta_iS ((L - I)e)_i = (5 + 10, 10 + 2.5)
      -> 0.5 * 15 = 7.5 and 0.6 * 12.5 = 7.5."""
    _, v = worked
    assert v[("dva_exports", "A")] == pytest.approx(33.6)
    assert v[("dva_exports", "B")] == pytest.approx(64 / 75 * 20)
    assert v[("hummels_vs", "B")] == pytest.approx(11 / 75)
    assert v[("sme_va_exports", "A")] == pytest.approx(6.7)
    assert v[("sme_va_exports", "B")] == pytest.approx(8.3)
    assert v[("sme_va_exports_via_sme", "A")] == pytest.approx(3.025)
    assert v[("sme_va_exports_via_large", "A")] == pytest.approx(3.675)
    assert v[("sme_va_exports_by_source", "A")] == pytest.approx(7.5)
    assert v[("sme_va_exports_by_source", "B")] == pytest.approx(7.5)
    assert v[("sme_direct_export_share", "A")] == pytest.approx(0.125)


@pytest.fixture(scope="module")
def synth():
    t = synthetic_table(12, 11, zero_output=(3,))
    return t, synthetic_shares(t, 12)


@pytest.mark.parametrize("beta_ne_alpha", [False, True])
def test_fast_equals_explicit(synth, beta_ne_alpha):
    t, frame = synth
    sh = SplitShares.from_frame(frame, t.industries, beta_ne_alpha=beta_ne_alpha)
    a = _values(country_year_indicators(t, sh))
    b = _values(fast_indicators(Core.from_table(t), sh))
    assert a.index.equals(b.index)
    np.testing.assert_allclose(b.to_numpy(), a.to_numpy(), rtol=1e-9, atol=1e-8)


def test_split_leaves_national_unchanged(synth):
    t, frame = synth
    sh = SplitShares.from_frame(frame, t.industries)
    v = _values(country_year_indicators(t, sh, linkage_bias=0.7))
    nat = national_va_content(t)
    assert v[("dva_exports", "")] == pytest.approx(nat["dva"], rel=1e-10)
    assert v[("import_content_exports", "")] == pytest.approx(nat["mva"], rel=1e-10)


def test_linkage_bias_moves_sme_va_toward_large_exporters(synth):
    t, frame = synth
    sh = SplitShares.from_frame(frame, t.industries)
    base = _values(country_year_indicators(t, sh))
    bias = _values(country_year_indicators(t, sh, linkage_bias=1.0))
    assert bias[("sme_va_exports_via_large", "")] > base[("sme_va_exports_via_large", "")]
    assert bias[("sme_output_induced_by_large_exports", "")] > base[("sme_output_induced_by_large_exports", "")]


def test_identity_checks_detect_errors(synth):
    t, frame = synth
    sh = SplitShares.from_frame(frame, t.industries)
    p = table_primitives(split_table(t, sh.alpha, sh.gamma))
    check_identities(p)
    bad = dict(p, mva=p["mva"] * (1 + 1e-6))
    with pytest.raises(IdentityError, match="1'e"):
        check_identities(bad)
    bad = dict(p, j_sme_va_by_source=p["j_sme_va_by_source"] * 1.001)
    with pytest.raises(IdentityError, match="sme_va_by_source"):
        check_identities(bad)


def test_unbalanced_source_table_residual_is_carried():
    """A source table whose column misses output by 1e-6 (as WIOD's, ~2e-7): the discrepancy shows up as
    rc'Le and the identity vc'Le + mc'Le + tc'Le + rc'Le = 1'e still holds."""
    t = worked_example()
    from dataclasses import replace
    t2 = replace(t, v=t.v + np.array([1e-4, -2e-4]))
    sh = SplitShares.central(t2.industries, ALPHA, GAMMA)
    v = _values(country_year_indicators(t2, sh))
    assert abs(v[("balancing_residual_exports", "")]) > 0
    total = sum(v[(k, "")] for k in ("dva_exports", "import_content_exports", "other_input_content_exports",
                                      "balancing_residual_exports"))
    assert total == pytest.approx(60, rel=1e-12)


def test_beta_mu_alpha_gives_g_exactly_one_and_one_product(synth, monkeypatch):
    """beta = mu = alpha: every cell keeps its industry's coefficients, so c_S = c_L = 1 and G = I exactly (not
    up to rounding), and the fast engine needs one product with L - I, no fixed-point iteration."""
    import smegvc.engine.indicators as ind

    t, frame = synth
    core = Core.from_table(t)
    sh = SplitShares.from_frame(frame, t.industries)
    rng = np.random.default_rng(2)
    live = t.x > 0
    alpha = np.clip(np.where(live, sh.alpha, 0.5) + rng.uniform(-0.02, 0.02, (5, t.n)), 0.01, 0.99)
    gamma, _ = clip_gamma(alpha, np.where(live, sh.gamma, 0.0), t.x, t.e)
    fac = core.factors(alpha, gamma)
    assert np.array_equal(np.where(live, fac.g, 1.0), np.ones_like(alpha))
    assert np.array_equal(fac.c_S, fac.has_S) and np.array_equal(fac.c_L, fac.has_L)
    calls = []
    real = ind._mm
    monkeypatch.setattr(ind, "_mm", lambda x, M: calls.append(1) or real(x, M))
    p = fast_primitives(core, fac, by_industry=False)
    assert len(calls) == 1
    for d in (0, 4):
        p2 = table_primitives(split_table(t, alpha[d], gamma[d], alpha[d], alpha[d]))
        for k in p:
            np.testing.assert_allclose(p[k][d], p2[k], rtol=1e-9, atol=1e-8, err_msg=k)


def test_batched_fast_primitives_match_single(synth):
    """Draw axes: four perturbed share sets (beta != alpha, so the batched-LU branch) evaluated at once equal
    the same sets evaluated one by one."""
    t, frame = synth
    core = Core.from_table(t)
    sh = SplitShares.from_frame(frame, t.industries, beta_ne_alpha=True)
    rng = np.random.default_rng(0)
    live = t.x > 0
    a0 = np.where(live, sh.alpha, 0.5)
    alpha = np.clip(a0 + rng.uniform(-0.01, 0.01, (4, t.n)), 0.01, 0.99)
    beta = np.clip(alpha * np.where(live, sh.beta, 0.5) / a0, 0, 1)
    gamma, _ = clip_gamma(alpha, np.where(live, sh.gamma, 0.0), t.x, t.e)
    fac = core.factors(alpha, gamma, beta, alpha)
    assert not np.allclose(fac.g[:, live], 1.0)
    p = fast_primitives(core, fac)
    for d in range(4):
        p1 = fast_primitives(core, core.factors(alpha[d], gamma[d], beta[d], alpha[d]))
        for k in p:
            np.testing.assert_allclose(p[k][d], p1[k], rtol=1e-10, atol=1e-9, err_msg=k)
        ts = split_table(t, alpha[d], gamma[d], beta[d], alpha[d])
        p2 = table_primitives(ts)
        for k in p:
            np.testing.assert_allclose(p[k][d], p2[k], rtol=1e-9, atol=1e-8, err_msg=k)


def test_registry_covers_derived_and_is_labelled():
    t = worked_example()
    names = set(_values(table_indicators(split_table(t, ALPHA, GAMMA))).index.get_level_values(0))
    assert names <= set(REGISTRY)
    assert set(HEADLINE) <= set(REGISTRY)
    reg = registry_frame()
    assert {"name", "label", "unit", "basis", "additive"} <= set(reg.columns)
    gross = reg[reg.basis == "gross output"]
    assert not gross.additive.any() and all("gross" in lbl for lbl in gross.label)
    p = table_primitives(split_table(t, ALPHA, GAMMA))
    d = derive(p)
    assert {k.removeprefix("j:") for k in d} == set(REGISTRY)
    assert isinstance(registry_frame(), pd.DataFrame)


def test_lu_fallback_equals_fixed_point(synth, monkeypatch):
    """beta != alpha: the fixed-point iteration and the batched-LU fallback give the same primitives."""
    import smegvc.engine.indicators as ind

    t, frame = synth
    core = Core.from_table(t)
    sh = SplitShares.from_frame(frame, t.industries, beta_ne_alpha=True)
    fac = core.factors(sh.alpha, sh.gamma, sh.beta, sh.mu)
    a = fast_primitives(core, fac)
    monkeypatch.setattr(ind, "FP_MAX_ITER", 1)
    b = fast_primitives(core, fac)
    for k in a:
        np.testing.assert_allclose(b[k], a[k], rtol=1e-12, atol=1e-9, err_msg=k)
