"""The results table: regression values for KOR and TWN 2000, 2007, 2014, structure, freshness, atomic writes.

Refresh the stored regression values (after a deliberate change of data or method) with
    python -m smegvc results --refresh-regression
and review the diff of tests/regression/headline.csv before committing it.
"""
import numpy as np
import pandas as pd
import pytest

from smegvc.engine.changes import LEVEL_INDICATORS

from smegvc.engine import results
from smegvc import scope, tracking
from smegvc.engine.indicators import REGISTRY, country_year_indicators
from smegvc.engine.split import SplitShares


@pytest.fixture(scope="module")
def table():
    return results.load_results()


def test_headline_regression():
    ref = pd.read_csv(results.REGRESSION_FILE, keep_default_na=False, na_values={"value": [""]})
    ref["base_year"] = pd.to_numeric(ref["base_year"].replace("", pd.NA)).astype("Int64")
    now = results.headline_regression()
    key = ["country", "year", "indicator", "base_year"]
    m = ref.merge(now, on=key, how="outer", suffixes=("_ref", "_now"), indicator=True)
    assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"][key]
    np.testing.assert_allclose(m.value_now, m.value_ref, rtol=1e-9, atol=1e-14)
    assert set(ref.year) == set(results.REGRESSION_YEARS) and set(ref.country) == {"KOR", "TWN"}


def test_results_structure(table):
    assert list(table.columns) == results.COLUMNS
    assert set(table.scenario) <= set(results.SCENARIOS)
    central = table[(table.scenario == "central") & ~table.indicator.str.startswith("sda_")]
    national = {k for k, i in REGISTRY.items() if i.national}
    for (c, y), grp in central[central.industry == ""].groupby(["country", "year"]):
        assert set(grp.indicator) == national | {"sme_direct_export_share_goods"}, (c, y)
    assert set(zip(central.country, central.year)) == {(c, y) for c in scope.ECONOMIES for y in scope.YEARS}
    assert (central.low <= central.high + 1e-9 * central.high.abs()).all()
    banded = table.scenario.isin(results.BANDED_SCENARIOS)
    assert table[~banded].low.isna().all()
    nat = table[banded & (table.industry == "") & ~table.indicator.str.startswith("sda_")
                & ((table.scenario != "kor_consistent_definition") | table.indicator.isin(LEVEL_INDICATORS))]
    assert nat.low.notna().all() and (nat.low <= nat.high + 1e-12).all()
    assert table.base_year.notna().eq(table.indicator.str.startswith("sda_")).all()


def test_sda_rows_add_up(table):
    sda = table[table.indicator.str.startswith("sda_")]
    for _, grp in sda.groupby(["country", "year", "base_year", "scenario"]):
        v = grp.set_index("indicator").value
        assert v[["sda_export_mix", "sda_input_structure", "sda_firm_size"]].sum() == pytest.approx(
            v["sda_total"], rel=1e-9, abs=1e-14)
        assert len(v) == 4


@pytest.mark.parametrize("country,year", [("KOR", 2014), ("TWN", 2000)])
def test_results_are_current(table, country, year):
    """The committed table equals a fresh computation from the committed data (else: rerun
    ``python -m smegvc results``)."""
    t, frame = results._inputs(country, year)
    fresh = country_year_indicators(t, SplitShares.from_frame(frame, t.industries))
    got = table[(table.country == country) & (table.year == year) & (table.scenario == "central")]
    m = fresh.merge(got, on=["indicator", "industry"], suffixes=("_fresh", ""))
    assert len(m) == len(fresh)
    np.testing.assert_allclose(m.value, m.value_fresh, rtol=1e-9, atol=1e-9)


def test_compute_write_load_roundtrip(tmp_path):
    df = results.compute_results(n_draws=40, countries=("TWN",), years=(2000, 2007), log=lambda s: None)
    out = tmp_path / "results" / "results.csv"
    results.write_results(df, out, 40, 1)
    back = results.load_results(out)
    assert str(out.resolve()) in tracking.reads()
    pd.testing.assert_frame_equal(back.reset_index(drop=True), df.reset_index(drop=True), check_dtype=False)
    readme = (tmp_path / "results" / "README.md").read_text()
    for col in results.COLUMNS:
        assert f"`{col}`" in readme
    assert set(df[df.indicator.str.startswith("sda_")].base_year) == {2000}


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    out = tmp_path / "results.csv"
    out.write_text("old\n")

    def boom(df):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(results, "results_csv", boom)
    with pytest.raises(RuntimeError):
        results.write_results(pd.DataFrame(columns=results.COLUMNS), out, 1, 1)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
