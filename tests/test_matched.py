"""Matched-basis measures for KITA's estimates (smegvc.engine.matched, smegvc.report.kita_views): a hand-worked
two-industry example of the goods-only first-round measures, agreement with the engine's first-round measure,
the exchange-rate extract, and the comparison frame."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smegvc.engine.indicators import Core, fast_primitives
from smegvc.engine.matched import GOODS, cagr, first_round_amounts, goods_mask, matched_shares


def _two_industries():
    """C20 (chemicals, a goods industry) and G46 (wholesale, not goods); beta = mu = alpha, so c = 1.

    A = [[0.2, 0.1], [0.1, 0.2]] (column sums 0.3 = 1 - vc - mc), x = (100, 80), e = (40, 10),
    alpha = (0.5, 0.25), gamma = (0.25, 0.2):
    SME exports eS = (10, 2), large eL = (30, 8); delta_S = (alpha x - gamma e) / (x - e) = (40/60, 18/70).
    Large goods exports (30, 0) buy A (30, 0) = (6, 3) first round; SME goods cells supply 2/3 of the 6: 4.
    Goods exports 40: indirect 4/40 = 0.1, direct 10/40 = 0.25, total 0.35.
    All exports buy A e = (9, 6); goods inputs 9, of which SMEs supply 2/3: 6, a share of 2/3.
    SME sales to every large exporter (all industries): A eL = (6.8, 4.6) -> 2/3 6.8 + 18/70 4.6.
    """
    A = np.array([[0.2, 0.1], [0.1, 0.2]])
    core = Core.from_parts(("C20", "G46"), A, np.array([0.5, 0.6]), np.array([0.2, 0.1]), np.zeros(2), np.zeros(2),
                           np.array([100.0, 80.0]), np.array([40.0, 10.0]))
    return core, np.array([0.5, 0.25]), np.array([0.25, 0.2])


def test_goods_only_first_round_by_hand():
    core, alpha, gamma = _two_industries()
    a = first_round_amounts(core, alpha, gamma)
    assert a["goods_exports"] == pytest.approx(40.0)
    assert a["sme_goods_exports"] == pytest.approx(10.0)
    assert a["sme_goods_to_large_goods"] == pytest.approx(4.0)
    assert a["goods_inputs_exports"] == pytest.approx(9.0)
    assert a["sme_goods_inputs_exports"] == pytest.approx(6.0)
    assert a["sme_to_large"] == pytest.approx(2 / 3 * 6.8 + 18 / 70 * 4.6)
    s = matched_shares(a)
    assert s["indirect_goods"] == pytest.approx(0.1)
    assert s["direct_goods"] == pytest.approx(0.25)
    assert s["total_goods"] == pytest.approx(0.35)
    assert s["inputs_goods"] == pytest.approx(2 / 3)


def test_all_goods_economy_equals_the_engines_first_round_measure():
    """With every industry a goods industry the goods-only measure is the engine's first-round SME sales to large
    exporters (fast_primitives' sme_first_round_large), draw by draw."""
    from smegvc.engine.synthetic import synthetic_shares, synthetic_table
    from smegvc.engine.split import SplitShares, clip_gamma

    t = synthetic_table(12, 7, country="XXX", year=2005)
    sh = SplitShares.from_frame(synthetic_shares(t, 2005), t.industries)
    t0 = Core.from_table(t)
    parts = (t0.A, t0.vc, t0.mc, t0.tc, t0.rc, t0.x, t0.e)
    core = Core.from_parts(GOODS[:12], *parts)                       # every industry a goods industry
    rng = np.random.default_rng(1)
    alpha = np.clip(sh.alpha + rng.uniform(-0.02, 0.02, (3, t.n)), 0.01, 0.99)
    a = first_round_amounts(core, alpha, sh.gamma)
    gamma, _ = clip_gamma(alpha, sh.gamma, t.x, t.e)
    p = fast_primitives(core, core.factors(alpha, gamma), by_industry=False)
    np.testing.assert_allclose(a["sme_to_large"], p["sme_first_round_large"], rtol=1e-12)
    G = goods_mask(core.industries)
    assert G.all()
    np.testing.assert_allclose(a["sme_goods_to_large_goods"], a["sme_to_large"], rtol=1e-12)
    # restricted to part of the industries, the goods measure is smaller (fewer suppliers, fewer buyers)
    core2 = Core.from_parts(("D35", "G46") + GOODS[2:12], *parts)
    a2 = first_round_amounts(core2, alpha, sh.gamma)
    # the goods measure never exceeds the all-industry one (fewer suppliers, fewer buyers)
    assert np.all(a2["sme_goods_to_large_goods"] < a2["sme_to_large"])


def test_goods_are_isic_a_to_c():
    from smegvc.io.wiod2016 import INDUSTRIES

    assert GOODS == tuple(c for c in INDUSTRIES if c[0] in "ABC")
    assert "D35" not in GOODS and "C33" in GOODS and "A01" in GOODS


def test_cagr():
    assert cagr(100.0, 121.0, 2) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        cagr(1.0, 2.0, 0)


def test_exchange_rates_extract():
    from smegvc.io.wiod2016.load import exchange_rates
    from smegvc.scope import YEARS

    r = exchange_rates()
    assert len(r) == 2 * len(YEARS) and set(r.currency) == {"KRW", "TWD"}
    kor = r[r.country == "KOR"].set_index("year").usd_per_unit
    assert 1 / kor[2008] > 900 and 1 / kor[2008] < 1300      # about 1,100 won per dollar


def test_exchange_rates_refuses_a_bad_rate(tmp_path):
    from smegvc.errors import DataError
    from smegvc import paths
    from smegvc.io.wiod2016.load import exchange_rates

    text = (paths.DATA / "wiod2016" / "exchange_rates.csv").read_text().replace("KOR,2005,KRW,", "KOR,2005,KRW,-")
    p = tmp_path / "exchange_rates.csv"
    p.write_text(text)
    with pytest.raises(DataError, match="usd_per_unit"):
        exchange_rates(p)


def test_kita_matched_frame():
    from smegvc.report.kita_views import COLUMNS, kita_matched, kita_matched_numbers

    k = kita_matched()
    assert list(k.columns) == COLUMNS
    assert k.key.is_unique and (k.mismatch.str.len() > 20).all()
    # direct goods-export shares are calibrated to KITA's own figures
    d = k[k.key.str.startswith("direct_")]
    np.testing.assert_allclose(d.our_value, d.published_value, atol=0.05)
    t = k.set_index("key").our_value
    for y in (2003, 2008):
        assert t[f"total_{y}"] == pytest.approx(t[f"direct_{y}"] + t[f"indirect_{y}"])
    n = kita_matched_numbers()
    assert n["kitam_indirect_2008"] == pytest.approx(t["indirect_2008"], abs=1e-5)
    assert isinstance(k, pd.DataFrame)
