"""The chapter modules of smegvc.report (see its package docstring): identities, hand-worked examples, and that
every number a chapter quotes can be traced to the results table or the published statistics."""
import ast
import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smegvc.report
from smegvc.engine import results as res
from smegvc.engine.results import COLUMNS, load_results
from smegvc.evidence.sme_stats import load_published
from smegvc.report import appendix_data, direct, headline, indirect, phone, policy, query, tables, why
from smegvc.scope import PRE_BREAK


@pytest.fixture(scope="module")
def results():
    return load_results()


def tiny(rows):
    """A results-shaped frame from (country, year, indicator, value[, scenario, industry, low, high, base])."""
    out = []
    for r in rows:
        c, y, ind, v, *rest = r
        scen, industry, low, high, base = (rest + ["central", "", np.nan, np.nan, pd.NA][len(rest):])[:5]
        out.append({"country": c, "year": y, "indicator": ind, "industry": industry, "value": v, "low": low,
                    "high": high, "scenario": scen, "base_year": base})
    df = pd.DataFrame(out, columns=COLUMNS)
    df["base_year"] = df["base_year"].astype("Int64")
    return df


# ---------------------------------------------------------------------------------------------- headline

def test_headline_direct_plus_indirect_is_total(results):
    s = headline.headline_series(results=results)
    w = s.pivot_table(index=["country", "year"], columns="channel", values="value", observed=True)
    np.testing.assert_allclose(w["direct"] + w["indirect"], w["total"], rtol=1e-12)
    assert set(w.index.get_level_values("country")) == {"KOR", "TWN"}
    assert len(w) == 30
    assert (s.low <= s.value + 1e-9).all() and (s.value <= s.high + 1e-9).all()


def test_headline_series_rejects_broken_identity():
    rows = []
    for ch, ind in query.CHANNELS.items():
        rows.append(("KOR", 2000, ind, {"direct": 0.3, "indirect": 0.1, "total": 0.5}[ch]))
    with pytest.raises(ArithmeticError, match="direct \\+ indirect"):
        headline.headline_series(results=tiny(rows))


def test_headline_series_converts_to_percent():
    rows = [("TWN", 2001, ind, v, "central", "", v - 0.01, v + 0.01)
            for ind, v in zip(query.CHANNELS.values(), (0.15, 0.1, 0.25))]
    s = headline.headline_series(results=tiny(rows)).set_index("channel")
    assert s.loc["total", "value"] == pytest.approx(25.0)
    assert s.loc["direct", "low"] == pytest.approx(14.0)


def test_change_between_hand_checked():
    t = tiny([("KOR", 2000, "x", 0.10), ("KOR", 2010, "x", 0.25), ("TWN", 2010, "x", 0.9),
              ("KOR", 2010, "x", 0.5, "other")])
    got = query.change_between("x", "KOR", 2000, 2010, results=t)
    assert got == {"start": 0.10, "end": 0.25, "change": pytest.approx(0.15)}
    assert query.change_between("x", "KOR", 2010, 2000, results=t)["change"] == pytest.approx(-0.15)
    with pytest.raises(KeyError):
        query.change_between("x", "TWN", 2000, 2010, results=t)


def test_headline_table_matches_series(results):
    t = headline.headline_table(results=results)
    s = headline.headline_series(results=results).set_index(["country", "year", "channel"]).value
    assert t.loc[("KOR", 2014), "indirect (%)"] == pytest.approx(round(s[("KOR", 2014, "indirect")], 2))


# ---------------------------------------------------------------------------------------------- verdicts

def test_kiep_verdicts_shown_are_the_stored_ones():
    """The chapter's verdict table, tally and sentences come from one call on the committed change table
    (the rule itself is tested in tests/test_calibrated.py)."""
    from smegvc import paths

    v = indirect.verdicts()
    stored = pd.read_csv(paths.DATA / "results" / "verdicts.csv", keep_default_na=False)
    assert stored.claim_id.tolist() == v.table.claim_id.tolist()
    assert stored.verdict.tolist() == v.table.verdict.tolist()
    md = str(indirect.verdict_sentences_md(v))
    assert all(s in md for s in v.sentences)
    assert indirect.verdict_table(v).df.shape[0] == len(v.table)
    n = indirect.comparison_numbers()
    assert n["kiep_n"] == len(v.table) and all(n[f"kiep_{k}"] == c for k, c in v.tally.items())


def test_published_comparison_traces_to_sources(results):
    pub = load_published().set_index("id").value
    p = indirect.published_comparison(results)
    assert set(p.published_value) <= set(pub.round(6))
    assert p.loc[p.published.str.startswith("SME share of domestic inputs"), "published_value"].item() == \
        pub["KOR-INDINP-2015"]
    direct = p[p.published.str.startswith("Direct exports")]
    for r in direct.itertuples():
        v = results[(results.indicator == "sme_direct_export_share") & (results.country == "KOR")
                    & (results.year == r.our_year) & (results.scenario == "central") & (results.industry == "")]
        assert r.our_value == pytest.approx(100 * v.value.item())


# ---------------------------------------------------------------------------------------------- direct exports

def test_direct_share_published_series():
    p = direct.direct_share_published()
    assert p.value.between(0, 100).all()
    assert not p.id.isin(["KOR-EXP-1997H1", "KOR-EXP-KCS-AVG", "KOR-EXPMFG-2015-TEC"]).any()
    kor = p[p.series.str.startswith("KOR: SMEs,")]
    assert (kor[kor.series == "KOR: SMEs, before 2011"].year <= 2010).all()
    assert (kor[kor.series == "KOR: SMEs, from 2011"].year >= 2011).all()
    assert p.loc[p.id == "TWN-EXP-2024", "series"].item() == "TWN: SMEs, 2020 Standards"
    assert p.loc[p.id == "KOR-EXPMID-2012", "series"].item() == "KOR: SMEs + mid-sized firms"


def test_modelled_goods_share_reproduces_korean_benchmarks(results):
    """The share rule calibrates Korea's goods exports to the published shares: the engine returns them."""
    m = direct.modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    pub = load_published().set_index("id").value
    for pid, year in (("KOR-EXP-2000", 2000), ("KOR-EXP-2003", 2003), ("KOR-EXP-2009", 2009),
                      ("KOR-EXP-2011-SMBA", 2011), ("KOR-EXP-2012-SMBA", 2012)):
        assert m[("KOR", "goods", year)] == pytest.approx(pub[pid], abs=1e-6)
    assert m[("TWN", "all", 2007)] == pytest.approx(pub["TWN-EXP-2007"], abs=1e-6)


def test_oecd_comparison_parsed_from_note():
    o = direct.oecd_comparison()
    row = load_published("sme_export_share_lt250", "KOR").iloc[0]
    assert o["korea"] == row.value and o["year"] == row.year
    assert f"{o['oecd_countries']} countries" in row.note and str(o["oecd"]) in row.note


def test_published_numbers_are_the_files_values():
    pub = load_published().set_index("id").value
    n = direct.published_numbers()
    assert all(n[k] == pytest.approx(pub[i]) for k, i in direct.PUBLISHED_QUOTED.items())


# ---------------------------------------------------------------------------------------------- sensitivity, status

def test_sensitivity_table_central_row_and_changes(results):
    t = indirect.sensitivity_table(results=results)
    s = headline.headline_series(results=results).set_index(["country", "channel", "year"]).value
    assert t.loc[("KOR", "Central"), "2014 (%)"] == pytest.approx(round(s[("KOR", "indirect", 2014)], 2))
    diff = t["2014 (%)"] - t["2000 (%)"]
    np.testing.assert_allclose(t["change 2000-2014 (points)"], diff, atol=0.011)
    assert ("TWN", query.SCENARIO_LABELS["kor_consistent_definition"]) not in t.index


def test_share_status_sums_to_100_and_marks_benchmark_years():
    from smegvc.evidence.shares_schema import STATUSES

    s = appendix_data.share_status_summary()
    for what in ("output", "exports"):
        total = s[[f"{what}_{k}" for k in STATUSES]].sum(axis=1)
        np.testing.assert_allclose(total, 100.0, atol=1e-9)
    st = s.set_index(["country", "year"])
    assert st.loc[("TWN", 2007), "output_calibrated_published"] == pytest.approx(100.0)
    assert st.loc[("KOR", 2002), "exports_interpolated"] > 0
    assert st.loc[("KOR", 2010), ["output_carried", "output_prior"]].sum() == pytest.approx(100.0)
    # the per-year table shows each status present, and the text's averages are the table's
    t = appendix_data.share_status_table()
    assert list(t.columns) == [f"{appendix_data.STATUS_LABELS[k]} (%)"
                               for k in ("calibrated_published", "interpolated", "carried", "prior")]
    np.testing.assert_allclose(t.sum(axis=1), 100.0, atol=0.25)   # each row: one share split by status
    assert len(t) == 2 * len(s)
    n = appendix_data.status_numbers()
    kor = t.xs(("KOR", "exports"), level=["economy", "of"])
    assert n["status_carried_exports_kor"] == pytest.approx(kor["carried (%)"].mean(), abs=0.06)
    assert n["assumed_exports_kor"] == pytest.approx(n["status_carried_exports_kor"] + n["status_prior_exports_kor"])
    assert n["n_rows_published_industry"] == 0


def test_span():
    assert query.span([2003, 2001, 2002]) == "2001-2003"
    assert query.span([2001, 2007]) == "2001, 2007"
    assert query.span([]) == ""


# ---------------------------------------------------------------------------------------------- structure

def test_export_mix_shares_and_totals(results):
    m = why.export_mix(results)
    np.testing.assert_allclose(m.groupby(["country", "year"]).share.sum(), 100.0, rtol=1e-12)
    nat = query.national("exports", results=results).set_index(["country", "year"]).value
    tot = m.groupby(["country", "year"]).exports.sum()
    np.testing.assert_allclose(tot.loc[nat.index], nat, rtol=1e-9)
    assert why._group_of("C26") == "Electronics (C26)" and why._group_of("C10-C12") == "Other goods"
    assert why._group_of("G46") == "Services" and why._group_of("C30") == "Transport equipment (C29-C30)"


def test_sourcing_series_hand_checked():
    rows = [("KOR", 2000, "exports", 200.0), ("KOR", 2000, "sme_direct_exports", 50.0),
            ("KOR", 2000, "sme_first_round_supply_large_exports", 30.0),
            ("KOR", 2000, "sme_output_induced_by_large_exports", 60.0),
            ("KOR", 2000, "sme_share_domestic_inputs_exports", 0.4, "central", "", 0.3, 0.5)]
    s = why.sourcing_series(tiny(rows)).set_index("measure")
    assert s.loc["first_round", "value"] == pytest.approx(20.0)   # 30 / (200 - 50)
    assert s.loc["all_rounds", "value"] == pytest.approx(40.0)
    assert s.loc["domestic_inputs", ["value", "low", "high"]].tolist() == pytest.approx([40.0, 30.0, 50.0])


def test_sda_table_is_additive_and_matches_levels(results):
    t = why.sda_table(results)
    parts = t[["export mix", "input structure", "firm-size shares"]].sum(axis=1)
    np.testing.assert_allclose(parts, t["total change"], atol=1e-9)
    np.testing.assert_allclose(t["indirect share at end (%)"] - t["indirect share at start (%)"], t["total change"],
                               atol=1e-8)
    methods = set(t.index.get_level_values("method"))
    assert methods == {"Shapley", "Shapley, pre-2011 definition", "polar average"}
    cons = t.xs("Shapley, pre-2011 definition", level="method")
    assert all(int(p.split("-")[1]) > PRE_BREAK for p in cons.index.get_level_values("period"))


def test_va_content_parts_sum_to_100(results):
    v = phone.va_content_series(results=results)
    tot = v.groupby(["country", "year", "industry"]).value.sum()
    np.testing.assert_allclose(tot, 100.0, rtol=1e-12)
    assert set(v.industry) == {"C26", "C27"}


def test_china_and_participation_series(results):
    c = phone.china_share_series(results)
    assert c.value.between(0, 100).all() and set(c.country) == {"KOR", "TWN"}
    p = phone.participation_series(results=results)
    assert set(p.measure) == {"backward", "forward"}
    d = phone.electronics_destinations()
    np.testing.assert_allclose(d.groupby(["year", "origin"]).share.sum(), 100.0, rtol=1e-12)
    chn = d[d.destination == "CHN"].set_index(["origin", "year"]).share
    np.testing.assert_allclose(chn.loc[list(zip(c.country, c.year))], c.value, rtol=1e-9)


# ---------------------------------------------------------------------------------------------- appendix

def test_count_rows(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('a,b\n1,"two\nlines"\n3,4\n', encoding="utf-8")
    assert appendix_data.count_rows(p) == 2
    g = tmp_path / "a.csv.gz"
    g.write_bytes(gzip.compress(p.read_bytes()))
    assert appendix_data.count_rows(g) == 2
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    assert appendix_data.count_rows(tmp_path / "e.csv") == 0


def test_resource_table_follows_the_package():
    pkg = appendix_data.load_package()
    t = appendix_data.resource_table(pkg)
    assert t.path.tolist() == [r["path"] for r in pkg["resources"]]
    for r, row in zip(pkg["resources"], t.itertuples()):
        assert r["hash"].startswith("sha256:" + row.sha256) and len(row.sha256) == 12
    shares = t.set_index("path").rows["sme/firm_size_shares.csv"]
    assert shares == 2 * 15 * 56
    assert pd.isna(t.set_index("path").rows["wiod2016/PROVENANCE.json"])


# ---------------------------------------------------------------------------------------------- glue

def test_glue_numbers_are_plain(results):
    for f in (headline.headline_numbers, direct.direct_numbers, indirect.comparison_numbers, why.why_numbers,
              phone.phone_numbers):
        d = f(results)
        assert d and all(type(v) in (int, float) for v in d.values()), f.__name__
        assert all(np.isfinite(v) for v in d.values()), f.__name__
    h = headline.headline_numbers(results)
    assert h["direct_kor_2000"] + h["indirect_kor_2000"] == pytest.approx(h["total_kor_2000"], abs=1e-5)


# ---------------------------------------------------------------------------------------------- display helpers

def test_show_table_flattens_index_formats_and_escapes():
    df = pd.DataFrame({"economy": ["KOR", "TWN"], "year": [2000, 2014], "share (%)": [12.345, np.nan],
                       "note": ["a|b", "*x*"]}).set_index(["economy", "year"])
    t = tables.show_table(df, caption="Cap", name="tbl-x", fmt="{:.2f}")
    md = t._repr_markdown_()
    assert ":name: tbl-x" in md and md.startswith("````{table} Cap")
    assert "| KOR | 2000 | 12.35 | a\\|b |" in md
    assert "| TWN | 2014 |   | \\*x\\* |" in md
    assert repr(t).splitlines()[0].split() == ["economy", "year", "share", "(%)", "note"]


def test_direct_model_table_agrees_with_published_and_model(results):
    t = direct.direct_model_table(results=results)
    pub = direct.direct_share_published()
    assert t.loc[2003, "KOR published (%)"] == pytest.approx(pub.loc[pub.id == "KOR-EXP-2003", "value"].item())
    assert t.loc[2003, "KOR model, goods (%)"] == pytest.approx(t.loc[2003, "KOR published (%)"], abs=0.005)
    assert np.isnan(t.loc[2014, "KOR published (%)"])


def test_sensitivity_numbers_bracket_the_central_change(results):
    n = indirect.sensitivity_numbers(results)
    h = headline.headline_numbers(results)
    for ch in ("indirect", "total"):
        for k in ("kor", "twn"):
            c = h[f"d{ch}_{k}_2000_2010"]
            assert n[f"sens_d_{ch}_{k}_2000_2010_min"] - 0.01 <= c <= n[f"sens_d_{ch}_{k}_2000_2010_max"] + 0.01


def test_destinations_table_columns_sum_to_100():
    t = phone.destinations_table()
    assert list(t.index) == ["China", "Japan", "United States", "Other"]
    np.testing.assert_allclose(t.sum(), 100.0, rtol=1e-12)


def test_method_numbers_follow_the_engine():
    m = appendix_data.method_numbers()
    assert m["n_draws"] == res.N_DRAWS and m["va_ratio"] == pytest.approx(res.VA_RATIO)
    assert m["linkage_odds"] == pytest.approx(1 + res.LINKAGE_BIAS) and m["n_industries"] == 56


def test_policy_numbers_follow_their_sources(results):
    n = policy.policy_numbers(results)
    m = direct.modelled_direct_share(results).set_index(["country", "scope", "year"]).value
    assert n["direct_gross_kor_2000"] == pytest.approx(m[("KOR", "goods", 2000)], abs=1e-5)
    assert n["direct_gross_twn_2014"] == pytest.approx(m[("TWN", "all", 2014)], abs=1e-5)
    for k in ("kor", "twn"):
        assert n[f"d_direct_gross_{k}_2000_2014"] == pytest.approx(
            n[f"direct_gross_{k}_2014"] - n[f"direct_gross_{k}_2000"], abs=1e-5)
        assert n[f"ddependence_{k}_2000_2014"] == pytest.approx(n[f"dependence_{k}_2014"] - n[f"dependence_{k}_2000"],
                                                                abs=1e-5)
        for y in (2000, 2014):
            assert n[f"dependence_{k}_{y}_low"] <= n[f"dependence_{k}_{y}"] <= n[f"dependence_{k}_{y}_high"]
    p = phone.phone_numbers(results)
    assert p["ddva_c26_twn_2000_2014"] == pytest.approx(p["dva_c26_twn_2014"] - p["dva_c26_twn_2000"], abs=1e-5)
    assert p["dimp_c26_kor_2000_2014"] == pytest.approx(p["imp_c26_kor_2014"] - p["imp_c26_kor_2000"], abs=1e-5)
    assert n["via_large_of_sme_kor_cons_2014"] == pytest.approx(100 * query.value_at(
        "sme_indirect_share_sme_va_exports", "KOR", 2014, "kor_consistent_definition", results=results), abs=1e-5)
    assert all(type(v) is float and np.isfinite(v) for v in n.values())


def test_phone_key_table_matches_the_glued_numbers(results):
    t = phone.phone_key_table(results)
    p = phone.phone_numbers(results)
    assert list(t.columns) == ["Korea (%)", "Taiwan (%)"] and len(t) == 2 * len(phone.PHONE_KEY_ROWS)
    dva, china = phone.PHONE_KEY_ROWS[0][0], phone.PHONE_KEY_ROWS[4][0]
    assert t.loc[(dva, 2014), "Korea (%)"] == pytest.approx(p["dva_c26_kor_2014"], abs=0.05)
    assert t.loc[(china, p["w13_last"]), "Taiwan (%)"] == pytest.approx(p[f"china_twn_{p['w13_last']}"], abs=0.05)
    assert ((t >= 0) & (t <= 100)).all().all()


def test_pick_returns_the_declared_keys_in_order_and_names_missing_ones():
    assert query.pick({"b": 2, "a": 1, "c": 3}, ("a", "b"), "demo") == {"a": 1, "b": 2}
    assert list(query.pick({"b": 2, "a": 1}, ("b", "a"), "demo")) == ["b", "a"]
    with pytest.raises(KeyError, match=r"demo: declared glue keys not computed: \['x', 'y'\]"):
        query.pick({"a": 1}, ("a", "x", "y"), "demo")


def test_report_modules_import_at_the_top():
    """Imports inside functions hide a module's dependencies; one that must stay (an import cycle, a heavy
    optional package) carries a comment ``# deferred: <reason>`` on its line."""
    for p in sorted(Path(smegvc.report.__file__).parent.glob("*.py")):
        lines = p.read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        assert "# deferred:" in lines[node.lineno - 1], (
                            f"{p.name}:{node.lineno}: import inside {fn.name}(); move it to the top of the module")
