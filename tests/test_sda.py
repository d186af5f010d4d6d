"""Structural decomposition: exact additivity, attribution when one factor moves, hand-worked Shapley."""
from dataclasses import replace

import numpy as np
import pytest

from smegvc.engine.indicators import country_year_indicators
from smegvc.engine.sda import FACTORS, SdaYear, counterfactual, decompose, polar, sequential, shapley
from smegvc.engine.split import SplitShares
from smegvc.engine.synthetic import synthetic_shares, synthetic_table


def test_shapley_hand_worked():
    """y(w) = (1 + w0)(1 + w1)(1 + w2) - 1 goes from 0 to 7; symmetric -> 7/3 each.
    y(w) = 2 w0 + 3 w1 + w0 w1 (no third factor): Shapley gives the interaction half each:
    (2 + 1/2, 3 + 1/2, 0)."""
    np.testing.assert_allclose(shapley(lambda w: (1 + w[0]) * (1 + w[1]) * (1 + w[2]) - 1, 3), [7 / 3] * 3)
    np.testing.assert_allclose(shapley(lambda w: 2 * w[0] + 3 * w[1] + w[0] * w[1], 3), [2.5, 3.5, 0])


def test_polar_hand_worked():
    """y = 2 w0 + 3 w1 + w0 w1: order (0, 1, 2) gives (2, 4, 0), order (2, 1, 0) gives (3, 3, 0); mean (2.5, 3.5, 0).
    Three factors y = w0 w1 w2: forward order gives (0, 0, 1), reverse (1, 0, 0) -> polar (1/2, 0, 1/2)
    while Shapley gives 1/3 each."""
    f = lambda w: 2 * w[0] + 3 * w[1] + w[0] * w[1]  # noqa: E731
    np.testing.assert_allclose(sequential(f, [0, 1, 2]), [2, 4, 0])
    np.testing.assert_allclose(polar(f, 3), [2.5, 3.5, 0])
    g = lambda w: w[0] * w[1] * w[2]  # noqa: E731
    np.testing.assert_allclose(polar(g, 3), [0.5, 0, 0.5])
    np.testing.assert_allclose(shapley(g, 3), [1 / 3] * 3)


@pytest.fixture(scope="module")
def two_years():
    t0 = synthetic_table(10, 21, year=2000)
    t1 = synthetic_table(10, 22, year=2014)
    s0 = SplitShares.from_frame(synthetic_shares(t0, 23), t0.industries)
    s1 = SplitShares.from_frame(synthetic_shares(t1, 24), t1.industries)
    return (t0, s0), (t1, s1)


@pytest.mark.parametrize("method", ["shapley", "polar"])
def test_parts_sum_to_total_and_ends_match_indicators(two_years, method):
    (t0, s0), (t1, s1) = two_years
    d = decompose(SdaYear.from_table(t0, s0), SdaYear.from_table(t1, s1), method=method)
    assert list(d.factor) == list(FACTORS) + ["total"]
    parts = d.value.to_numpy()
    assert parts[:3].sum() == pytest.approx(parts[3], rel=1e-12, abs=1e-15)
    for t, s, key in ((t0, s0, "start"), (t1, s1, "end")):
        v = country_year_indicators(t, s).set_index(["indicator", "industry"]).value
        assert d.attrs[key] == pytest.approx(v[(d.attrs["indicator"], "")], rel=1e-9)


@pytest.mark.parametrize("moving", FACTORS)
def test_single_moving_factor_gets_everything(two_years, moving):
    (t0, s0), (t1, s1) = two_years
    y0 = SdaYear.from_table(t0, s0)
    y1 = SdaYear.from_table(t1, s1)
    # year "1" = year 0 with only one factor taken from year 1
    mixed = {
        "export_mix": replace(y0, core=replace(y0.core, e=y1.core.e), f=y1.f),
        "input_structure": replace(y1, f=y0.f, core=replace(y1.core, e=y0.core.e), shares=y0.shares),
        "firm_size": replace(y0, shares=y1.shares),
    }[moving]
    d = decompose(y0, mixed).set_index("factor").value
    assert d[moving] == pytest.approx(d["total"], rel=1e-12, abs=1e-15)
    for other in FACTORS:
        if other != moving:
            assert d[other] == 0.0
    assert d["total"] != 0.0


def test_counterfactual_recomputes_output(two_years):
    (t0, s0), (t1, s1) = two_years
    y0, y1 = SdaYear.from_table(t0, s0), SdaYear.from_table(t1, s1)
    core, fac, _ = counterfactual(y0, y0, y0)
    np.testing.assert_allclose(core.x, t0.x, rtol=1e-12)
    core, fac, _ = counterfactual(y1, y0, y0)  # year-1 demand through year-0 technology
    A = t0.A
    np.testing.assert_allclose(core.x - A @ core.x, y1.f + t1.e, rtol=1e-10)
