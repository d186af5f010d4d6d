"""Uncertainty bands: reproducibility, degenerate bounds, feasibility, agreement with the explicit split."""
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from smegvc.engine.indicators import Core, derive, fast_indicators, table_primitives
from smegvc.engine.split import SplitShares, clip_gamma, split_table
from smegvc.engine.synthetic import synthetic_shares, synthetic_table
from smegvc.engine.uncertainty import (alpha_upper_bound, bands, bands_many, draw_shares, industry_groups, rng_for,
                                scenario_grid, simulate, triangular_ppf)


@pytest.fixture(scope="module")
def case():
    t = synthetic_table(56, 31, zero_output=("T", "U"))
    frame = synthetic_shares(t, 32)
    return t, Core.from_table(t), frame


def test_triangular_ppf():
    """Triangular on [0, 1] with mode 0.25: F(mode) = 0.25; ppf(0) = 0, ppf(1) = 1, ppf(0.25) = 0.25;
    ppf(u) = sqrt(0.25 u) below the mode, so ppf(0.04) = 0.1. Mean (0 + 0.25 + 1)/3."""
    np.testing.assert_allclose(triangular_ppf(np.array([0, 0.04, 0.25, 1]), 0.0, 0.25, 1.0), [0, 0.1, 0.25, 1])
    u = np.random.default_rng(0).random(200_000)
    assert triangular_ppf(u, 0.0, 0.25, 1.0).mean() == pytest.approx(1.25 / 3, abs=2e-3)
    assert np.all(triangular_ppf(u[:10], 0.3, 0.3, 0.3) == 0.3)


def test_reproducible_and_seed_dependent(case):
    t, core, frame = case
    sh = SplitShares.from_frame(frame, t.industries)
    a = bands(core, sh, n_draws=200, seed=7)
    b = bands(core, sh, n_draws=200, seed=7)
    c = bands(core, sh, n_draws=200, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.low, c.low)


def test_streams_independent_of_order(case):
    t, core, frame = case
    sh = SplitShares.from_frame(frame, t.industries)
    other = replace(core, year=core.year + 1)
    ab = bands_many([(core, sh), (other, sh)], n_draws=100)
    ba = bands_many([(other, sh), (core, sh)], n_draws=100)
    key = ["country", "year", "indicator", "industry"]
    pd.testing.assert_frame_equal(ab.sort_values(key).reset_index(drop=True),
                                  ba.sort_values(key).reset_index(drop=True))
    assert rng_for("KOR", 2000).random() != rng_for("TWN", 2000).random()


def test_central_and_degenerate_bounds(case):
    """value = the indicator at central shares; with low = high = central every draw is the central table."""
    t, core, frame = case
    sh = SplitShares.from_frame(frame, t.industries)
    b = bands(core, sh, n_draws=100, by_industry=True)
    ref = fast_indicators(core, sh).set_index(["indicator", "industry"]).value
    got = b.set_index(["indicator", "industry"]).value
    np.testing.assert_allclose(got.to_numpy(), ref.loc[got.index].to_numpy(), rtol=1e-12)
    assert np.all(b.low <= b.high + 1e-12)
    flat = SplitShares.central(t.industries, sh.alpha, sh.gamma)
    f = bands(core, flat, n_draws=50)
    np.testing.assert_allclose(f.low, f.value, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(f.high, f.value, rtol=1e-12, atol=1e-9)


def test_bands_bracket_central_for_headline(case):
    t, core, frame = case
    b = bands(core, SplitShares.from_frame(frame, t.industries), n_draws=500)
    b = b[b.indicator.isin(["sme_share_dva_exports", "sme_indirect_share_dva_exports", "sme_direct_export_share"])]
    assert np.all(b.low < b.value) and np.all(b.value < b.high)
    assert np.all((b.low >= 0) & (b.high <= 1))


def test_draws_agree_with_explicit_split(case):
    """The vectorised closed form on a few draws equals splitting the table explicitly with those shares."""
    t, core, frame = case
    for bna in (False, True):
        sh = SplitShares.from_frame(frame, t.industries, beta_ne_alpha=bna)
        rng = rng_for(core.country, core.year)
        alpha, gamma, beta, mu = draw_shares(sh, t.x > 0, 3, rng, core_coefs=(core.vc, core.mc, core.tc))
        gamma, _ = clip_gamma(alpha, gamma, t.x, t.e)
        draws, _ = simulate(core, sh, n_draws=3, by_industry=True)
        for d in range(3):
            ref = derive(table_primitives(split_table(t, alpha[d], gamma[d], beta[d], mu[d])))
            for k, v in ref.items():
                np.testing.assert_allclose(draws[k][d], v, rtol=1e-9, atol=1e-8, err_msg=f"{bna} {k}")


def test_wide_export_bounds_are_clipped_to_feasible(case):
    t, core, frame = case
    wide = frame.assign(export_low=0.0, export_high=1.0)
    sh = SplitShares.from_frame(wide, t.industries)
    b = bands(core, sh, n_draws=300)  # would raise InfeasibleSharesError without the clip
    assert b.attrs["clipped"]
    assert all(0 < v <= 1 for v in b.attrs["clipped"].values())


def test_alpha_cap_keeps_domestic_inputs_non_negative(case):
    t, core, frame = case
    sh = SplitShares.from_frame(frame.assign(output_high=1.0), t.industries, beta_ne_alpha=True)
    ub = alpha_upper_bound(sh, (core.vc, core.mc, core.tc))
    live = t.x > 0
    assert np.all(ub[live] >= sh.alpha[live])
    bands(core, sh, n_draws=200)  # raises if any draw has negative domestic inputs
    same = SplitShares.from_frame(frame, t.industries)
    assert np.all(alpha_upper_bound(same, (core.vc, core.mc, core.tc)) == 1.0)


@pytest.mark.parametrize("correlation,distinct", [("common", 1), ("group", 4), ("independent", None)])
def test_correlation_structure(case, correlation, distinct):
    t, core, frame = case
    sh = SplitShares.from_frame(frame.assign(output_low=0.0, output_high=1.0), t.industries)
    live = t.x > 0
    alpha, *_ = draw_shares(sh, live, 50, np.random.default_rng(0), correlation=correlation)
    # rank of each industry's draw within its own distribution: identical ranks <=> common quantile
    ranks = np.argsort(np.argsort(alpha[:, live], axis=0), axis=0)
    n_patterns = len({tuple(col) for col in ranks.T})
    if distinct is None:
        assert n_patterns == live.sum()
    else:
        groups = industry_groups(np.array(t.industries)[live])
        assert n_patterns == min(distinct, len(set(groups)))


def test_scenario_grid_matches_point_evaluation(case):
    t, core, frame = case
    sh = SplitShares.from_frame(frame, t.industries)
    g = scenario_grid(core, sh).set_index(["scenario", "indicator", "industry"]).value
    gamma_lo, _ = clip_gamma(sh.alpha_low, sh.gamma_low, t.x, t.e)
    low = SplitShares.central(t.industries, sh.alpha_low, gamma_lo)
    ref = fast_indicators(core, low, by_industry=False).set_index(["indicator", "industry"]).value
    for k, v in ref.items():
        assert g[("shares_low",) + k] == pytest.approx(v, rel=1e-12, abs=1e-9)
