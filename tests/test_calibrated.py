"""Calibrated common draws, changes with intervals, counterfactuals and verdicts (issue 11).

Properties: every draw reproduces the aggregates its year is calibrated to (many seeds); published figures
are met within their published precision; the central shares equal the committed share table; draws are
deterministic and do not depend on which scenarios are run; io_only equals a hand computation on a small
table; the committed change table holds its identities and bands; the verdict table, tally and sentences
agree; the national direct export share in its published scope has a 5-95% band of at most one point in
every year a published figure pins it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smegvc import paths
from smegvc.engine import calibrated as cal
from smegvc.engine import changes as CH
from smegvc.engine import verdicts as V
from smegvc.engine.indicators import Core
from smegvc.evidence.benchmark_sets import benchmark_set, precision, published_use_table
from smegvc.io.textcsv import read_text_csv

YEARS = (2000, 2003, 2007, 2010, 2014)


@pytest.fixture(scope="module")
def tables():
    from smegvc.io.wiod2016.load import load_niot

    return {c: {y: load_niot(c, y) for y in YEARS} for c in ("KOR", "TWN")}


@pytest.fixture(scope="module")
def prec():
    return precision(read_text_csv(paths.DATA / "sme" / "published_sme_statistics.csv"))


def _draws(country, tabs, prec, seed, n=60, bset="central", definition="in_force", years=YEARS):
    st = cal.Streams(n, seed, country, tuple(years), 56)
    return cal.calibrated_draws(country, years, benchmark_set(bset), tabs, definition=definition, streams=st,
                                prec=prec)


@pytest.mark.parametrize("seed", [1, 7, 20250101, 99991])
@pytest.mark.parametrize("country,bset,definition", [("KOR", "central", "in_force"), ("KOR", "central", "consistent"),
                                                     ("KOR", "bm_kor_mfg_drift", "consistent"),
                                                     ("TWN", "central", "in_force"),
                                                     ("TWN", "bm_all_usable", "in_force"),
                                                     ("TWN", "bm_first_hand", "in_force")])
def test_every_draw_reproduces_its_aggregates(tables, prec, seed, country, bset, definition):
    bm = benchmark_set(bset)
    ds = _draws(country, tables[country], prec, seed, bset=bset, definition=definition)
    pub = {pid: v for pid, v in zip(bm.published_id, bm.value)}
    for y, ys in ds.items():
        for shares, targets in ((ys.alpha, ys.targets_out), (ys.gamma, ys.targets_exp)):
            assert targets, (country, y)
            for t in targets:
                w = t["w"] * t["mask"]
                got = (shares * w).sum(1) / w.sum()
                np.testing.assert_allclose(got, t["value"], rtol=0, atol=1e-11, err_msg=t["label"])
        # a year with a published figure of its own: every draw within the figure's published precision
        for t in ys.targets_out + ys.targets_exp:
            if t["how"] == "benchmark" and "composition" not in t["label"]:
                ids = bm[(bm.country == country) & (bm.year == y) & (bm.scope == t["scope"])
                         & (bm.weight == t["weight"]) & bm.scenario.isin([definition, "all"])
                         & (bm.kind == "share")].published_id
                assert len(ids) == 1, t["label"]
                pid = ids.iloc[0]
                assert np.all(np.abs(t["value"] - pub[pid]) <= prec[pid] * (1 + 1e-9)), t["label"]
        # shares stay shares; exports feasible
        assert np.all((ys.alpha >= 0) & (ys.alpha <= 1) & (ys.gamma >= 0) & (ys.gamma <= 1))
        x, e = np.asarray(tables[country][y].x), np.asarray(tables[country][y].e)
        assert np.all(ys.alpha * x - ys.gamma * e >= -1e-9 * np.maximum(x, 1))
        assert np.all((1 - ys.alpha) * x - (1 - ys.gamma) * e >= -1e-9 * np.maximum(x, 1))


def test_central_draw_is_the_committed_share_table(tables, prec):
    from smegvc.evidence.shares import load_shares

    for c, definition in (("KOR", "in_force"), ("TWN", "in_force")):
        ds = _draws(c, tables[c], prec, 1, n=2, definition=definition)
        for y, ys in ds.items():
            f = load_shares(c, y)
            np.testing.assert_allclose(ys.alpha0, f.sme_output_share.to_numpy(), atol=1e-11)
            np.testing.assert_allclose(ys.gamma0, f.sme_export_share.to_numpy(), atol=1e-11)


def test_draws_are_deterministic_and_independent_of_what_else_runs(tables, prec):
    a = _draws("TWN", tables["TWN"], prec, 5, n=30)
    b = _draws("TWN", tables["TWN"], prec, 5, n=30)
    c = _draws("TWN", {y: tables["TWN"][y] for y in (2000, 2010)}, prec, 5, n=30, years=(2000, 2010))
    for y in (2000, 2010):
        assert np.array_equal(a[y].alpha, b[y].alpha) and np.array_equal(a[y].gamma, b[y].gamma)
    # the persistent part is shared across years: same seed, fewer years -> the prior noise of a year differs
    # only through its year noise, and the published figures' draws are identical
    s1 = cal.Streams(30, 5, "TWN", YEARS, 56)
    s2 = cal.Streams(30, 5, "TWN", YEARS, 56)
    assert np.array_equal(s1.u("TWN-EXP-2007"), s2.u("TWN-EXP-2007"))
    assert c[2000].alpha.shape == (30, 56)


def test_newton_solver_matches_bisection():
    from smegvc.evidence.share_rule import solve_shift

    rng = np.random.default_rng(3)
    base = rng.normal(size=(20, 9))
    w = rng.random(9)
    lo = np.zeros((20, 9))
    hi = np.full((20, 9), 0.9)
    req = rng.uniform(0.1, 0.8, 20) * w.sum()
    c1 = cal.solve_shift_newton(base, w, req, lo, hi)
    c2 = solve_shift(base, w, req, lo, hi)
    f = lambda c: (np.clip(cal.expit(base + c[:, None]), lo, hi) * w).sum(1)  # noqa: E731
    np.testing.assert_allclose(f(c1), req, atol=1e-12)
    np.testing.assert_allclose(f(c1), f(c2), atol=1e-12)


def test_newton_solver_result_of_a_draw_does_not_depend_on_its_batch():
    """A row's result is bit for bit the same solved alone, in a batch, or from F-ordered inputs (numpy would
    sum an F-ordered array column by column, a different rounding): the calibrated draws do not depend on
    how many draws are calibrated together."""
    rng = np.random.default_rng(11)
    base = rng.normal(size=(200, 23)) - 1.0
    w = rng.random(23) * 100
    hi = np.clip(rng.uniform(0.3, 1.0, (200, 23)), 0, 1)
    lo = hi * rng.uniform(0.0, 0.2, (200, 23))
    req = rng.uniform(0.15, 0.25, 200) * w.sum()
    for bounds in ((None, None), (lo, hi)):
        c = cal.solve_shift_newton(base, w, req, *bounds)
        cf = cal.solve_shift_newton(np.asfortranarray(base), w, req,
                                    *(None if b is None else np.asfortranarray(b) for b in bounds))
        assert np.array_equal(c, cf)
        for r in (0, 17, 199):
            one = cal.solve_shift_newton(base[r:r + 1], w, req[r:r + 1],
                                         *(None if b is None else b[r:r + 1] for b in bounds))
            assert one[0] == c[r]
        p = cal.expit(base + c[:, None])
        got = (p * w).sum(1) if bounds[0] is None else (np.clip(p, lo, hi) * w).sum(1)
        np.testing.assert_allclose(got, req, rtol=0, atol=1e-12 * w.sum())


# ---------------------------------------------------------------------------------------------- io_only by hand

def _tiny_run():
    """Two industries, two years; shares given directly (one 'draw' each = the central shares)."""
    from smegvc.engine.calibrated import YearShares

    A0 = np.array([[0.10, 0.20], [0.05, 0.10]])
    A1 = np.array([[0.20, 0.10], [0.10, 0.30]])
    x0, x1 = np.array([100.0, 80.0]), np.array([120.0, 90.0])
    e0, e1 = np.array([30.0, 40.0]), np.array([50.0, 30.0])
    mc = np.array([0.2, 0.25])
    cores = {}
    for y, A, x, e in ((2000, A0, x0, e0), (2010, A1, x1, e1)):
        tc = np.zeros(2)
        vc = 1.0 - A.sum(0) - mc
        cores[y] = Core.from_parts(("C10-C12", "C26"), A, vc, mc, tc, np.zeros(2), x, e, country="XXX", year=y)
    a = {2000: np.array([0.6, 0.2]), 2010: np.array([0.5, 0.3])}
    g = {2000: np.array([0.4, 0.1]), 2010: np.array([0.45, 0.15])}
    draws = {"central": {y: YearShares(y, a[y][None], g[y][None], a[y], g[y], [], [], np.zeros(1, int))
                         for y in (2000, 2010)}}
    return CH.EconomyRun("XXX", (2000, 2010), cores, draws), cores, a, g


def test_io_only_equals_a_hand_computation():
    run, cores, a, g = _tiny_run()
    ch = CH.changes_frame([run], periods=((2000, 2010),)).set_index(["indicator", "scenario"])
    # direct export share s'e / 1'e with 2000 shares on the 2010 table minus on the 2000 table
    e0, e1 = cores[2000].e, cores[2010].e
    hand = (g[2000] @ e1) / e1.sum() - (g[2000] @ e0) / e0.sum()
    assert ch.loc[("sme_direct_export_share", "io_only"), "value"] == pytest.approx(hand, abs=1e-15)
    hand_sh = (g[2010] @ e0) / e0.sum() - (g[2000] @ e0) / e0.sum()
    assert ch.loc[("sme_direct_export_share", "shares_only"), "value"] == pytest.approx(hand_sh, abs=1e-15)

    # indirect share (vc o s)'L(e o (1-s)) / vc'Le on the explicit 4 x 4 split, by hand
    def indirect(core, al, ga):
        n = 2
        A, x, e = core.A, core.x, core.e
        vc = core.vc
        xs, xl = al * x, (1 - al) * x
        es, el = ga * e, (1 - ga) * e
        dS = (xs - es) / (x - e)
        Z = A * x[None, :]
        Zs = np.zeros((2 * n, 2 * n))
        for i in range(n):
            for j in range(n):
                for ri, rs in ((i, dS[i]), (n + i, 1 - dS[i])):
                    Zs[ri, j] = rs * Z[i, j] * al[j]
                    Zs[ri, n + j] = rs * Z[i, j] * (1 - al[j])
        X = np.concatenate([xs, xl])
        As = Zs / X[None, :]
        L = np.linalg.inv(np.eye(2 * n) - As)
        v = np.concatenate([vc, vc])
        sme = np.concatenate([np.ones(n), np.zeros(n)])
        E_large = np.concatenate([np.zeros(n), el])
        E = np.concatenate([es, el])
        return (v * sme) @ L @ E_large / (v @ L @ E)

    hand = indirect(cores[2010], a[2000], g[2000]) - indirect(cores[2000], a[2000], g[2000])
    assert ch.loc[("sme_indirect_share_dva_exports", "io_only"), "value"] == pytest.approx(hand, rel=1e-10)
    total = indirect(cores[2010], a[2010], g[2010]) - indirect(cores[2000], a[2000], g[2000])
    assert ch.loc[("sme_indirect_share_dva_exports", "central"), "value"] == pytest.approx(total, rel=1e-10)
    parts = ch.loc[[("sme_indirect_share_dva_exports", s) for s in CH.COUNTERFACTUALS], "value"].sum()
    assert parts == pytest.approx(total, rel=1e-12)


# ---------------------------------------------------------------------------------------------- committed tables

@pytest.fixture(scope="module")
def changes():
    return pd.read_csv(paths.DATA / "results" / "changes.csv")


def test_change_table_shape_and_bands(changes):
    assert list(changes.columns) == ["country", "indicator", "from_year", "to_year", "scenario", "value", "low",
                                     "high"]
    assert not changes.duplicated(["country", "indicator", "from_year", "to_year", "scenario"]).any()
    for (y0, y1) in ((2000, 2010), (2000, 2014), (2010, 2014)):
        for c in ("KOR", "TWN"):
            for ind in CH.CHANGE_INDICATORS:
                for s in ("central", "io_only", "shares_only"):
                    assert len(changes[(changes.country == c) & (changes.indicator == ind) & (changes.from_year == y0)
                                       & (changes.to_year == y1) & (changes.scenario == s)]) == 1
    main = changes[changes.scenario.isin(CH.BENCHMARK_SCENARIOS + ("kor_in_force", "io_only", "shares_only"))]
    assert (main.low <= main.value).all() and (main.value <= main.high).all()
    assert (changes.low <= changes.high).all()
    # the three parts add up to the central change
    w = changes.pivot_table(index=["country", "indicator", "from_year", "to_year"], columns="scenario", values="value")
    np.testing.assert_allclose(w[list(CH.COUNTERFACTUALS)].sum(axis=1), w["central"], atol=1e-12)


def test_direct_share_band_within_one_point_where_published(changes):
    """Korea (goods exports, pre-2011 definition) and Taiwan (all exports): 5-95% band <= 1 point in every
    year a published national figure pins the share."""
    from smegvc.engine.results import load_results

    r = load_results()
    bm = benchmark_set("central")
    pinned = {"KOR": sorted(set(bm[(bm.country == "KOR") & (bm.quantity == "export") & (bm.scenario == "in_force")
                                   & (bm.year <= 2014)].year)),
              "TWN": sorted(set(bm[(bm.country == "TWN") & (bm.quantity == "export") & (bm.year <= 2014)].year))}
    assert 2000 in pinned["KOR"] and 2007 in pinned["TWN"]
    for c, ind in (("KOR", "sme_direct_export_share_goods"), ("TWN", "sme_direct_export_share")):
        for y in pinned[c]:
            row = r[(r.country == c) & (r.year == y) & (r.indicator == ind) & (r.scenario == "central")
                    & (r.industry == "")]
            assert len(row) == 1, (c, y)
            assert row.high.iloc[0] - row.low.iloc[0] <= 0.01, (c, y, row.low.iloc[0], row.high.iloc[0])
            assert row.low.iloc[0] <= row.value.iloc[0] <= row.high.iloc[0]


def test_verdict_table_tally_and_text_agree(changes):
    v = V.kiep_verdicts(changes)
    assert list(v.table.claim_id) == [c.claim_id for c in V.CLAIMS]
    assert not v.table.claim.duplicated().any()          # each claim once
    assert set(v.table.verdict) <= set(V.VERDICTS)
    assert sum(v.tally.values()) == len(v.table)
    for k, n in v.tally.items():
        assert n == int((v.table.verdict == k).sum())
    for s, r, c in zip(v.sentences, v.table.itertuples(), V.CLAIMS):
        assert s.startswith(r.claim_id) and r.claim in s
        assert (V.PHRASE[r.verdict] if c.indicators else V.PHRASE_EXPLANATION) in s
    stored = pd.read_csv(paths.DATA / "results" / "verdicts.csv", keep_default_na=False)
    assert stored.verdict.tolist() == v.table.verdict.tolist()
    assert stored.reason.tolist() == v.table.reason.tolist()


def _toy(values, lows, highs, sets=("central", "bm_all_usable")):
    rows = [("TWN", "m", 2000, 2010, s, v, lo, hi) for s, v, lo, hi in zip(sets, values, lows, highs)]
    return pd.DataFrame(rows, columns=["country", "indicator", "from_year", "to_year", "scenario", "value", "low",
                                       "high"])


@pytest.mark.parametrize("values,lows,highs,expect,sharp,verdict", [
    ((0.03, 0.04), (0.01, 0.02), (0.05, 0.06), "rise", False, "agrees"),
    ((0.03, 0.04), (0.01, 0.025), (0.05, 0.06), "rise", True, "direction_only"),
    ((0.05, 0.06), (0.025, 0.03), (0.07, 0.08), "rise", True, "agrees"),
    ((0.03, 0.04), (-0.01, 0.02), (0.05, 0.06), "rise", False, "direction_only"),
    ((-0.03, -0.04), (-0.05, -0.06), (-0.01, -0.02), "rise", False, "disagrees"),
    ((-0.03, 0.04), (-0.05, -0.01), (0.01, 0.06), "rise", False, "not_testable"),
    ((0.001, -0.002), (-0.005, -0.008), (0.006, 0.004), "flat", False, "agrees"),
    ((0.03, 0.04), (0.01, 0.02), (0.05, 0.06), "flat", False, "disagrees"),
    ((0.03, 0.04), (-0.01, 0.02), (0.05, 0.06), "flat", False, "not_testable"),
])
def test_verdict_rule_on_hand_made_changes(values, lows, highs, expect, sharp, verdict):
    claim = V.Claim("X", "a claim", "TWN", ("m",), expect, sharp)
    assert V.judge(claim, _toy(values, lows, highs))[0] == verdict
    assert V.judge(V.Claim("Y", "why", "TWN", (), "", untestable_reason="r"), _toy(values, lows, highs)) == \
        ("not_testable", "r")


def test_every_published_figure_is_used_or_excluded_with_a_reason():
    t = published_use_table()
    assert set(t.use) == {"used", "excluded"}
    assert (t[t.use == "excluded"].reason.str.len() > 10).all()
    assert not t.reason.str.contains("no rule").any()
    used = set(t[t.use == "used"].id)
    assert {"TWN-SALES-2005", "TWN-SALES-2012", "KOR-VA-MFG-2018"} <= used
    assert "bm_all_usable" in t.set_index("id").loc["TWN-SALES-2005", "sets"]
