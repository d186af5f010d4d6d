"""WIOD 2016 national tables: the reader on raw workbooks, the committed extract, the loader."""
from __future__ import annotations

import gzip
import json
from functools import lru_cache

import numpy as np
import pytest

from smegvc import tracking
from smegvc.io.wiod2016.load import industries, load_niot, niot_countries, niot_path, niot_years
from smegvc.errors import DataError
from smegvc.paths import DATA, niot_workbook
from smegvc.io.wiod2016.checks import RTOL_COL, RTOL_ROW, column_residual, row_residual
from smegvc.io.wiod2016 import COLUMNS, INDUSTRIES, ROW_KEYS
from smegvc.io.wiod2016.reader import national_table, read_workbook, to_long

from fixtures.synthetic_niot import niot_rows, write_workbook

YEARS = tuple(range(2000, 2015))


@lru_cache(maxsize=None)
def _workbook(country):
    return read_workbook(niot_workbook(country))


def _identities_hold(t):
    res, scale = row_residual(t)
    assert np.all(np.abs(res) <= RTOL_ROW * np.maximum(scale, 1e-300)), (t.country, t.year)
    res, scale = column_residual(t)
    assert np.all(np.abs(res) <= RTOL_COL * np.maximum(scale, 1e-300)), (t.country, t.year)


# ---------------------------------------------------------------------------------------------- raw workbooks

@pytest.mark.parametrize("country", ["JPN", "CHN"])
def test_reader_on_other_countries(shared, country):
    wb = _workbook(country)
    assert wb.years == YEARS
    for y in (2000, 2014):
        t = national_table(country, y, wb.values[y])
        _identities_hold(t)
        assert np.isfinite(t.L).all() and (t.L >= -1e-12).all()
        # zero-output industries have zero coefficient columns, not NaN
        zero = t.x == 0
        assert zero.any() and not t.A[:, zero].any()
        # the domestic GO column equals the TOT GO row exactly
        assert np.array_equal(wb.values[y][:56, COLUMNS.index("GO")], t.x)


def test_committed_extract_equals_workbook(shared):
    wb = _workbook("KOR")
    for y in (2000, 2007, 2014):
        a, b = national_table("KOR", y, wb.values[y]), load_niot("KOR", y)
        for k in ("Z", "Zm", "F", "Fm", "e", "em", "T", "v", "x"):
            assert np.array_equal(getattr(a, k), getattr(b, k)), k


def test_reextract_reproduces_committed_files(shared, tmp_path):
    from smegvc.io.extract import extract_wiod2016

    extract_wiod2016(("KOR", "TWN"), out=tmp_path, log=lambda *_: None)
    for rel in ("wiod2016/niot_long.csv.gz", "wiod2016/industries.csv", "wiod2016/exchange_rates.csv"):
        new, old = (tmp_path / rel).read_bytes(), (DATA / rel).read_bytes()
        if rel.endswith(".gz"):
            assert gzip.decompress(new) == gzip.decompress(old), rel
        assert new == old, f"{rel} differs byte for byte from a fresh extraction"
    prov = json.loads((DATA / "wiod2016" / "PROVENANCE.json").read_text())
    from smegvc.io.extract import sha256_file
    for s in prov["sources"]:
        assert s["sha256"] == sha256_file(niot_workbook(s["country"]))
    exr = prov["exchange_rates_source"]
    assert exr["sha256"] == sha256_file(niot_workbook("KOR").parent.parent / exr["file"])


def test_to_long_round_trip_on_synthetic_workbook(tmp_path):
    path = write_workbook(tmp_path / "XXX_NIOT_nov16.xlsx", niot_rows((2003,)))
    wb = read_workbook(path)
    assert wb.country == "XXX" and wb.years == (2003,)
    long = to_long(wb, drop_zeros=False)
    assert len(long) == len(ROW_KEYS) * len(COLUMNS)
    back = long.pivot_table(index=["block", "row"], columns="column", values="value", sort=False)
    assert np.isclose(back.loc[("TOT", "GO"), "A01"], wb.values[2003][2 * 56 + 7, 0], rtol=0, atol=0)


# ---------------------------------------------------------------------------------------------- committed extract

def test_extract_covers_kor_twn_all_years():
    assert niot_countries() == ("KOR", "TWN")
    assert niot_years("KOR") == YEARS and niot_years("TWN") == YEARS
    assert niot_years("JPN") == ()


@pytest.mark.parametrize("country", ["KOR", "TWN"])
def test_identities_every_year(country):
    for y in niot_years(country):
        t = load_niot(country, y)
        _identities_hold(t)
        # row identity written out by hand: output = domestic intermediate use + domestic final use + exports
        lhs = t.Z.sum(1) + t.F.sum(1) + t.e
        assert np.allclose(lhs, t.x, rtol=1e-9, atol=0)
        # intermediate flows and output are non-negative in the data
        assert (t.Z >= 0).all() and (t.Zm >= 0).all() and (t.x >= 0).all()
        # the Imports block has no exports (re-exports) in the WIOD national tables
        assert not t.em.any()


def test_zero_output_industries_and_leontief():
    expect = {"KOR": {"C33", "T", "U"}, "TWN": {"U"}}
    for c, zero in expect.items():
        for y in niot_years(c):
            t = load_niot(c, y)
            assert {t.industries[j] for j in np.flatnonzero(t.x == 0)} == zero
            L = t.L
            assert np.isfinite(L).all()
            assert np.allclose(np.diag(L) >= 1 - 1e-12, True)
            # L (I - A) = I
            assert np.allclose(L @ (np.eye(t.n) - t.A), np.eye(t.n), atol=1e-10)
            rho = max(abs(np.linalg.eigvals(t.A)))
            assert 0.3 < rho < 0.6  # shared/README: 0.39-0.48


def test_negative_final_uses_are_only_inventories_or_small():
    """What the data hold: INVEN may be negative; GFCF negative only for KOR C24; exports >= -0.01."""
    for c in ("KOR", "TWN"):
        for y in niot_years(c):
            t = load_niot(c, y)
            inven = t.final_labels.index("INVEN")
            others = np.delete(t.F, inven, axis=1)
            rows, _ = np.nonzero(others < 0)
            assert {t.industries[i] for i in rows} <= {"C24"}
            assert t.e.min() > -0.01


def test_industries_table():
    ind = industries()
    assert tuple(ind["code"]) == INDUSTRIES and len(ind) == 56
    assert ind.set_index("code").loc["C26", "description"].startswith("Manufacture of computer, electronic")
    assert not ind["description"].str.endswith(" ").any()


def test_load_niot_unknown_country_or_year():
    with pytest.raises(DataError, match="country 'JPN' not in the extract"):
        load_niot("JPN", 2010)
    with pytest.raises(DataError, match="year 1999 not in the extract for KOR"):
        load_niot("KOR", 1999)


def test_load_niot_records_read_and_is_cached():
    t1 = load_niot("kor", 2010)
    assert str(niot_path().resolve()) in tracking.reads()
    assert load_niot("KOR", 2010) is t1
    assert t1.Z.shape == (56, 56) and t1.F.shape == (56, 5) and t1.T.shape == (5, 56)


def test_extract_cli_on_synthetic_source(tmp_path, capsys):
    import argparse

    from smegvc.catalog import run_extract
    from smegvc.io import extract as cli_extract

    src = tmp_path / "src"
    src.mkdir()
    write_workbook(src / "XXX_NIOT_nov16.xlsx", niot_rows((2005,)))
    parser = argparse.ArgumentParser()
    cli_extract.add_arguments(parser)
    out = tmp_path / "out"
    assert run_extract(parser.parse_args(["--countries", "XXX", "--source", str(src), "--out", str(out)])) == 0
    t = load_niot("XXX", 2005, path=out / "wiod2016" / "niot_long.csv.gz")
    assert t.country == "XXX" and t.x[-1] == 0
    prov = json.loads((out / "wiod2016" / "PROVENANCE.json").read_text())
    assert prov["command"] == "python -m smegvc extract --countries XXX"
    assert run_extract(parser.parse_args(["--countries", "YYY", "--source", str(src), "--out", str(out)])) == 1
    assert "YYY_NIOT_nov16.xlsx" in capsys.readouterr().err
