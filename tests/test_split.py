"""Firm-size split: a hand-worked 2-industry example, feasibility errors, linkage bias, RAS/GRAS."""
import numpy as np
import pytest

from smegvc.errors import InfeasibleSharesError
from smegvc.engine.ras import RasError, gras, ras
from smegvc.engine.split import (SplitShares, aggregate, cell_labels, clip_gamma, gamma_bounds, industry_codes,
                          split_factors, split_table)
from smegvc.engine.synthetic import synthetic_shares, synthetic_table, worked_example

ALPHA = np.array([0.5, 0.2])
GAMMA = np.array([0.125, 0.5])


def test_worked_example_split_values():
    """Worked example (smegvc.engine.synthetic.worked_example): x = (100, 100), e = (40, 20), Z = [[10, 20], [30, 10]],
    f = (30, 40); alpha = (1/2, 1/5), gamma = (1/8, 1/2), beta = mu = alpha.

    SME output (50, 20), SME exports (5, 10); SME share of domestic sales
        delta_S(A) = (50 - 5) / (100 - 40) = 3/4,   delta_S(B) = (20 - 10) / (100 - 20) = 1/8.
    beta = mu = alpha -> column weights w = alpha: z[iK, jl] = delta_iK z_ij alpha_jl.
    Row A|S: to A|S 3/4*10*1/2 = 3.75, to B|S 3/4*20*1/5 = 3, to A|L 3.75, to B|L 3/4*20*4/5 = 12;
             final use 3/4*30 = 22.5; 3.75+3+3.75+12 + 22.5 + 5 = 50 = x_AS.
    Row B|S: 30/8*1/2 = 1.875, 10/8*1/5 = 0.25, 1.875, 10/8*4/5 = 1; final 40/8 = 5; sum + 10 = 20 = x_BS.
    Row A|L (delta 1/4): 1.25, 1, 1.25, 4; final 7.5; exports 35; sum 50.
    """
    ts = split_table(worked_example(), ALPHA, GAMMA)
    assert ts.industries == ("A|S", "B|S", "A|L", "B|L")
    np.testing.assert_array_equal(ts.size, [1, 1, 0, 0])
    np.testing.assert_allclose(ts.x, [50, 20, 50, 80])
    np.testing.assert_allclose(ts.e, [5, 10, 35, 10])
    np.testing.assert_allclose(ts.Z[0], [3.75, 3, 3.75, 12])
    np.testing.assert_allclose(ts.Z[1], [1.875, 0.25, 1.875, 1])
    np.testing.assert_allclose(ts.Z[2], [1.25, 1, 1.25, 4])
    np.testing.assert_allclose(ts.F[:, 0], [22.5, 5, 7.5, 35])
    np.testing.assert_allclose(ts.v, [25, 12, 25, 48])
    np.testing.assert_allclose(ts.Zm, [[5, 0, 5, 0], [0, 2, 0, 8]])
    # rows and columns balance
    np.testing.assert_allclose(ts.Z.sum(1) + ts.F.sum(1) + ts.e, ts.x)
    np.testing.assert_allclose(ts.Z.sum(0) + ts.Zm.sum(0) + ts.T.sum(0) + ts.v, ts.x)


def test_worked_example_beta_ne_alpha_columns():
    """beta_A = 0.6 (SME A has a higher VA share), mu = alpha: SME cell of A has
    d_S = alpha x - beta v - mu m - alpha t = 50 - 30 - 5 - 0 = 15 of the industry's d = 40 domestic inputs,
    the large cell 25; so column A|S of Z is 15/40 of column A (= 3.75, 11.25 before the row split) and
    its domestic-input coefficient is 15/50 = 0.3 against 0.4 for the industry (c_S = 0.75, c_L = 1.25)."""
    t = worked_example()
    ts = split_table(t, ALPHA, GAMMA, beta=np.array([0.6, 0.2]))
    np.testing.assert_allclose(ts.Z.sum(0), [15, 6, 25, 24])
    np.testing.assert_allclose(ts.v, [30, 12, 20, 48])
    fac = split_factors(ALPHA, GAMMA, np.array([0.6, 0.2]), ALPHA, t.x, t.e, t.vc, t.mc, t.tc)
    np.testing.assert_allclose(fac.c_S, [0.75, 1.0])
    np.testing.assert_allclose(fac.c_L, [1.25, 1.0])
    np.testing.assert_allclose(ts.Z.sum(0) + ts.Zm.sum(0) + ts.v, ts.x)


def test_aggregate_gives_back_original():
    t = synthetic_table(8, 3, zero_output=(2,))
    sh = SplitShares.from_frame(synthetic_shares(t, 4), t.industries)
    back = aggregate(split_table(t, sh.alpha, sh.gamma))
    for name in ("Z", "Zm", "F", "Fm", "e", "T", "v", "x"):
        np.testing.assert_allclose(getattr(back, name), getattr(t, name), rtol=1e-12, atol=1e-9, err_msg=name)
    assert back.industries == t.industries


def test_labels_roundtrip_and_errors():
    assert industry_codes(cell_labels(("A", "C26"))) == ("A", "C26")
    with pytest.raises(ValueError):
        industry_codes(("A|S", "A|L", "B|S", "B|L"))  # interleaved is not the block order


def test_exports_above_sme_output_raise_with_industry_code():
    """B: alpha = 0.1 -> x_S = 10 but gamma = 1 -> e_S = 20.  A: alpha = 0.9 -> x_L = 10 but e_L = 0.5*40 = 20."""
    with pytest.raises(InfeasibleSharesError, match="industry B.*SME cell would export more"):
        split_table(worked_example(), np.array([0.5, 0.1]), np.array([0.125, 1.0]))
    with pytest.raises(InfeasibleSharesError, match="industry A.*large-firm cell would export more"):
        split_table(worked_example(), np.array([0.9, 0.2]), np.array([0.5, 0.5]))


def test_negative_domestic_inputs_raise():
    """beta_A = 1 with alpha_A = 0.5: d_S = 50 - 50 - 5 = -5 < 0."""
    with pytest.raises(InfeasibleSharesError, match="industry A.*negative domestic inputs"):
        split_table(worked_example(), ALPHA, GAMMA, beta=np.array([1.0, 0.2]))


def test_share_out_of_range_and_missing():
    with pytest.raises(InfeasibleSharesError, match="industry B: alpha"):
        split_table(worked_example(), np.array([0.5, 1.2]), GAMMA)
    with pytest.raises(InfeasibleSharesError, match="industry A: gamma"):
        split_table(worked_example(), ALPHA, np.array([np.nan, 0.5]))


def test_zero_output_industry_ignores_its_shares():
    t = synthetic_table(5, 1, zero_output=(1,))
    a = np.full(5, 0.4)
    a[1] = np.nan
    ts = split_table(t, a, a)
    assert ts.x[1] == 0 and ts.x[6] == 0


def test_gamma_bounds_and_clip():
    """Industry with x = 100, e = 40, alpha = 0.5: gamma in [1 - 0.5*100/40, 0.5*100/40] = [0, 1] (clipped);
    with e = 90: [1 - 50/90, 50/90] = [4/9, 5/9]."""
    lo, hi = gamma_bounds(np.array([0.5, 0.5]), np.array([100.0, 100.0]), np.array([40.0, 90.0]))
    np.testing.assert_allclose(lo, [0, 4 / 9])
    np.testing.assert_allclose(hi, [1, 5 / 9])
    g, clipped = clip_gamma(np.array([0.5, 0.5]), np.array([0.9, 0.9]), np.array([100.0, 100.0]),
                            np.array([40.0, 90.0]))
    np.testing.assert_allclose(g, [0.9, 5 / 9])
    assert clipped.tolist() == [False, True]


def test_linkage_bias_keeps_totals_and_sets_odds_ratio():
    t = worked_example()
    base = split_table(t, ALPHA, GAMMA)
    b = 0.5
    ts = split_table(t, ALPHA, GAMMA, linkage_bias=b)
    np.testing.assert_allclose(ts.Z.sum(1), base.Z.sum(1), rtol=1e-12)
    np.testing.assert_allclose(ts.Z.sum(0), base.Z.sum(0), rtol=1e-12)
    np.testing.assert_allclose(aggregate(ts).Z, t.Z, rtol=1e-12)
    n = 2
    for i in range(n):
        for j in range(n):
            ss, sl = ts.Z[i, j], ts.Z[i, n + j]
            ls, ll = ts.Z[n + i, j], ts.Z[n + i, n + j]
            assert sl * ls / (ss * ll) == pytest.approx(1 + b, rel=1e-10)
            # SMEs sell a larger share of their sales to large buyers than without the bias
            assert sl / (ss + sl) > base.Z[i, n + j] / (base.Z[i, j] + base.Z[i, n + j])
    with pytest.raises(ValueError):
        split_table(t, ALPHA, GAMMA, linkage_bias=-1.0)


def test_ras_meets_margins_and_keeps_zeros():
    rng = np.random.default_rng(0)
    S = rng.random((5, 4)) * (rng.random((5, 4)) > 0.3)
    S[:, 0] += 0.1
    S[0] += 0.1
    X0 = S * rng.uniform(0.5, 2.0, S.shape)
    X = ras(S, X0.sum(1), X0.sum(0))
    np.testing.assert_allclose(X.sum(1), X0.sum(1), rtol=1e-10)
    np.testing.assert_allclose(X.sum(0), X0.sum(0), rtol=1e-10)
    assert np.all(X[S == 0] == 0)


def test_ras_hand_2x2():
    """Seed [[1, 1], [1, 1]] to rows (3, 1), columns (2, 2): the first row scaling r = (3/2, 1/2) already
    meets the column sums (1.5 + 0.5 = 2), so X = [[1.5, 1.5], [0.5, 0.5]]."""
    np.testing.assert_allclose(ras(np.ones((2, 2)), [3, 1], [2, 2]), [[1.5, 1.5], [0.5, 0.5]])


def test_ras_errors():
    with pytest.raises(RasError, match="row 1"):
        ras(np.array([[1.0, 1.0], [0.0, 0.0]]), [1, 1], [1, 1])
    with pytest.raises(RasError):
        ras(np.ones((2, 2)), [1, 1], [1, 2])  # totals disagree
    with pytest.raises(RasError, match="gras"):
        ras(np.array([[1.0, -1.0], [1.0, 1.0]]), [0, 2], [2, 0])


def test_gras_with_negative_entries_and_equals_ras_when_positive():
    rng = np.random.default_rng(1)
    S = rng.normal(size=(6, 5))
    S[:, 0] = np.abs(S[:, 0]) + 0.5
    X0 = S * rng.uniform(0.7, 1.4, S.shape)
    X = gras(S, X0.sum(1), X0.sum(0))
    np.testing.assert_allclose(X.sum(1), X0.sum(1), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(X.sum(0), X0.sum(0), rtol=1e-9, atol=1e-9)
    assert np.all(np.sign(X) == np.sign(S))
    P = np.abs(S)
    Y0 = P * rng.uniform(0.7, 1.4, S.shape)
    np.testing.assert_allclose(gras(P, Y0.sum(1), Y0.sum(0)), ras(P, Y0.sum(1), Y0.sum(0)), rtol=1e-9)
