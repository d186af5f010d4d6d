"""WIOD-based domestic value-added shares beside OECD TiVA: aggregation by hand, agreement with the engine's
own shares, the comparison table and the figures' data (reaching 2022, sources kept apart)."""
import numpy as np
import pandas as pd
import pytest

from smegvc.engine import tiva_compare as tc
from smegvc.engine.results import load_results
from smegvc.io import tiva


def _results(rows):
    return pd.DataFrame(rows, columns=["country", "year", "indicator", "industry", "value", "scenario"])


def test_wiod_shares_by_hand():
    """Manufacturing = sum of DVA over C-industries / sum of their exports, not a mean of shares."""
    rows = []
    for ind, e, d in (("A01", 10.0, 9.0), ("C10-C12", 20.0, 10.0), ("C26", 60.0, 30.0), ("C33", 20.0, 16.0),
                      ("G46", 10.0, 8.0)):
        rows += [("KOR", 2005, "exports", ind, e, "central"), ("KOR", 2005, "dva_exports", ind, d, "central"),
                 ("KOR", 2005, "exports", ind, 999.0, "shares_low")]
    rows += [("KOR", 2005, "exports", "", 120.0, "central"), ("KOR", 2005, "dva_exports", "", 73.0, "central")]
    # pad the manufacturing list to a realistic size (zero-export industries change nothing)
    for ind in ("C13-C15", "C16", "C17", "C18", "C19", "C20", "C21"):
        rows += [("KOR", 2005, "exports", ind, 0.0, "central"), ("KOR", 2005, "dva_exports", ind, 0.0, "central")]
    w = tc.wiod_dva_shares(_results(rows), ("KOR",)).set_index("activity").value
    assert w["_T"] == pytest.approx(100 * 73 / 120)
    assert w["C"] == pytest.approx(100 * (10 + 30 + 16) / (20 + 60 + 20))      # 56%, while the mean of shares is 60%
    assert w["C26"] == pytest.approx(50.0)


def test_manufacturing_codes():
    assert tc.manufacturing_codes(["A01", "C10-C12", "C26", "C31_C32", "D35", "C"]) == ("C10-C12", "C26", "C31_C32")


def test_comparison_and_summary_by_hand():
    w = pd.DataFrame({"activity": ["C26"] * 3, "economy": ["KOR"] * 3, "year": [2000, 2001, 2002],
                      "value": [60.0, 62.0, 61.0]})
    t = pd.DataFrame({"activity": ["C26"] * 4, "economy": ["KOR"] * 4, "year": [1999, 2000, 2001, 2002],
                      "value": [50.0, 64.0, 65.0, 66.0], "kind": "published share"})
    c = tc.comparison(w, t)
    assert list(c.year) == [2000, 2001, 2002] and list(c.difference) == [-4.0, -3.0, -5.0]
    s = tc.difference_summary(c).loc["C26"]
    assert s.max_abs == 5.0 and s.year == 2002 and s["mean"] == pytest.approx(-4.0) and s.n == 3
    with pytest.raises(ValueError, match="no overlapping"):
        tc.comparison(w.assign(year=w.year + 50), t)


def test_wiod_side_agrees_with_the_engine():
    """The national and C26 WIOD shares equal the engine's own dva_share_exports (no re-implementation)."""
    r = load_results()
    w = tc.wiod_dva_shares(r).set_index(["activity", "economy", "year"]).value
    own = r[(r.scenario == "central") & (r.indicator == "dva_share_exports") & r.country.isin(["KOR", "TWN"])]
    own = own.assign(industry=own.industry.fillna(""))
    for act, ind in (("_T", ""), ("C26", "C26")):
        o = own[own.industry == ind].set_index(["country", "year"]).value * 100
        got = w.loc[act]
        assert len(o) == len(got) == 30
        assert np.allclose(got.reindex(o.index).to_numpy(), o.to_numpy(), rtol=1e-12)


def test_tiva_side_uses_published_shares_and_the_same_formula_elsewhere():
    t = tc.tiva_dva_shares(tiva.load_tiva())
    assert set(t[t.kind == "published share"].economy) == set(tiva.SHARE_ECONOMIES)
    assert set(t[t.kind == "from levels"].economy) == {"JPN", "USA", "VNM"}
    assert len(t) == 6 * 3 * 28 and t.value.between(0, 100).all()


def test_comparison_on_the_committed_data():
    c = tc.comparison(tc.wiod_dva_shares(load_results()), tc.tiva_dva_shares(tiva.load_tiva()))
    assert len(c) == 3 * 2 * 15 and set(c.year) == set(range(2000, 2015))
    assert np.allclose(c.difference, c.wiod - c.tiva)
    s = tc.difference_summary(c)
    assert list(s.index) == ["_T", "C", "C26"]
    assert (s.max_abs > 0).all() and (s.max_abs < 25).all()     # same concept: gaps of points, not tens


def test_figure_data_reach_2022_for_both_economies_and_keep_sources_apart():
    from smegvc.report import tiva_views as tv

    sh = tv.electronics_shares()
    for c in ("KOR", "TWN"):
        t = sh[(sh.economy == c) & (sh.source == tv.TIVA) & (sh.measure == "domestic value added")]
        w = sh[(sh.economy == c) & (sh.source == tv.WIOD)]
        assert t.year.max() == 2022 and t.year.min() == 1995
        assert w.year.min() == 2000 and w.year.max() == 2014
    assert set(sh.source) == {tv.TIVA, tv.WIOD}
    lv = tv.electronics_levels()
    assert lv.groupby("economy").year.max().to_dict() == {"KOR": 2022, "TWN": 2022}
    fig = tv.comparison_figure_data()
    assert set(fig.source) == {tv.TIVA, tv.WIOD} and fig[fig.source == tv.WIOD].year.max() == 2014


def test_numbers_match_the_extract():
    from smegvc.report import tiva_views as tv

    n = tv.electronics_numbers()
    s = tiva.series("EXGR_DVA", "C26", tiva.PCT, economies=("TWN",))
    assert n["tiva_dva_c26_twn_2022"] == pytest.approx(s.loc[2022, "TWN"])
    assert n["tiva_ddva_c26_twn_2014_2022"] == pytest.approx(s.loc[2022, "TWN"] - s.loc[2014, "TWN"])
    g = tiva.series("EXGR", "C26", economies=("VNM",))
    assert n["tiva_exgr_c26_vnm_2022_bn"] == pytest.approx(g.loc[2022, "VNM"] / 1000)
    m = tv.comparison_numbers()
    assert m["wt_first"] == 2000 and m["wt_last"] == 2014 and m["wt_n"] == 90
