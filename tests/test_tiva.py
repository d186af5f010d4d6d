"""OECD TiVA 2025 extract: it reproduces the shared files, its identities hold within the published
rounding, and malformed raw files give one DataError naming file, row and column (nothing half-written).

Malformed cases are built from the committed extract, written back in the raw SDMX layout, so they run
without ../shared; the comparison with the shared files themselves needs ../shared (skipped otherwise).
"""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from smegvc.errors import DataError
from smegvc.io import tiva


# ---------------------------------------------------------------------------------------------- helpers

def _spec(name):
    return next(s for s in tiva.source_files() if s.name == name)


def raw_rows(name: str) -> list[list[str]]:
    """The raw file ``name`` rebuilt from the committed extract (header first), in extract order."""
    s = _spec(name)
    df = tiva.load_tiva()
    df = df[(df.economy == s.economy) & (df.unit == s.unit)]
    text = pd.read_csv(tiva.extract_path(), dtype=str, keep_default_na=False).loc[df.index, "value"]
    unit, mult = tiva.UNITS[s.unit]
    rows = [list(tiva.HEADER)]
    for (m, a, y), t in zip(zip(df.measure, df.activity, df.year), text):
        rows.append([m, tiva.MEASURES[m], s.economy, tiva.AREA_LABELS[s.economy], a, tiva.ACTIVITIES[a],
                     "W", "World", unit, str(y), t, mult])
    return rows


def write_raw(folder, name, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p = folder / name
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def _line(rows, measure, activity, year):
    """CSV line number (header = 1) of an observation."""
    return next(i for i, r in enumerate(rows) if i and r[0] == measure and r[4] == activity and r[9] == str(year)) + 1


def _raises(path, *, row=None, column=None, match=None):
    with pytest.raises(DataError) as ei:
        tiva.read_source_file(path)
    err = ei.value
    assert err.path == str(path) and str(path) in str(err)
    if row is not None:
        assert str(err.row) == str(row), err
    if column is not None:
        assert column in str(err.column), err
    if match:
        assert match in str(err), err
    return err


# ---------------------------------------------------------------------------------------------- the extract

def test_extract_covers_the_grid():
    df = tiva.load_tiva()
    assert set(df.year) == set(tiva.YEARS)
    lv = df[df.unit == tiva.USD]
    for e in tiva.LEVEL_ECONOMIES:
        assert len(lv[lv.economy == e]) == 6 * 3 * 28
    assert set(lv[lv.economy == "W"].measure) == {"VALU"}
    sh = df[df.unit == tiva.PCT]
    assert sorted(sh.economy.unique()) == sorted(tiva.SHARE_ECONOMIES)
    assert (df.status == "published").all()
    assert not df.duplicated(["economy", "activity", "measure", "unit", "year"]).any()


def test_identity_intermediate_plus_final_equals_gross_exports():
    """EXGR = EXGR_INT + EXGR_FNL within the rounding of three values to 0.001 (0.0015)."""
    df = tiva.load_tiva()
    w = df[df.unit == tiva.USD].pivot_table(index=["economy", "activity", "year"], columns="measure", values="value")
    w = w.dropna(subset=["EXGR"])
    gap = (w.EXGR - w.EXGR_INT - w.EXGR_FNL).abs()
    assert len(gap) == 6 * 3 * 28
    assert gap.max() <= 0.0015 + 1e-9
    assert gap.max() > 0            # the data are rounded: the identity is not exact


def test_identity_dva_plus_fva_close_to_gross_exports():
    """DVA + FVA ~ EXGR: relative gap at most 2e-5, i.e. two units of the published shares' last digit
    (0.001 percentage points); each share adds to 100 within the rounding of two values."""
    df = tiva.load_tiva()
    w = df[df.unit == tiva.USD].pivot_table(index=["economy", "activity", "year"], columns="measure", values="value")
    w = w.dropna(subset=["EXGR"])
    rel = ((w.EXGR - w.EXGR_DVA - w.EXGR_FVA) / w.EXGR).abs()
    assert rel.max() <= tiva.DVA_FVA_RTOL
    assert 100 * rel.max() < 0.002           # in percentage points of EXGR
    s = df[df.unit == tiva.PCT].pivot_table(index=["economy", "activity", "year"], columns="measure", values="value")
    assert ((s.EXGR_DVA + s.EXGR_FVA - 100).abs() <= 0.001 + 1e-9).all()
    # the shares are DVA / (DVA + FVA) of the levels, within rounding
    ratio = 100 * w.EXGR_DVA / (w.EXGR_DVA + w.EXGR_FVA)
    gap = (s.EXGR_DVA - ratio.reindex(s.index)).abs()
    assert gap.max() <= tiva.SHARE_LEVEL_TOL


def test_check_extract_passes_on_committed_file():
    tiva.check_extract(tiva.extract_path())


def test_series_is_year_by_economy():
    s = tiva.series("EXGR_DVA", "C26", tiva.PCT, economies=("KOR", "TWN"))
    assert list(s.columns) == ["KOR", "TWN"] and list(s.index) == list(tiva.YEARS)
    assert ((s > 0) & (s < 100)).all().all()


def test_extract_reproduces_shared_files(shared, tmp_path):
    """Every value of every shared file is in the extract, as the same text; and re-extracting gives the
    committed file byte for byte."""
    folder = tiva.source_dir(shared)
    committed = pd.read_csv(tiva.extract_path(), dtype=str, keep_default_na=False)
    key = committed.set_index(["economy", "activity", "measure", "unit", "year"])["value"]
    n = 0
    for s in tiva.source_files():
        with open(folder / s.name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                assert key[(s.economy, r["ACTIVITY"], r["MEASURE"], s.unit, r["TIME_PERIOD"])] == r["OBS_VALUE"]
                n += 1
    assert n == len(committed) == 6 * 504 + 84 + 3 * 168
    tiva.extract_tiva(shared, out=tmp_path, log=lambda *_: None)
    assert (tmp_path / tiva.EXTRACT_FILE).read_bytes() == tiva.extract_path().read_bytes()


def test_rebuilt_raw_file_reads_back(tmp_path):
    rows = raw_rows("niveis_KOR.csv")
    df = tiva.read_source_file(write_raw(tmp_path, "niveis_KOR.csv", rows))
    assert len(df) == 504
    ref = tiva.load_tiva()
    ref = ref[(ref.economy == "KOR") & (ref.unit == tiva.USD)]
    assert np.array_equal(df.value.to_numpy(), ref.value.to_numpy())


# ---------------------------------------------------------------------------------------------- malformed input

def test_missing_file(tmp_path):
    _raises(tmp_path / "niveis_KOR.csv", match="not found")


def test_unknown_file_name(tmp_path):
    p = write_raw(tmp_path, "levels_KOR.csv", raw_rows("niveis_KOR.csv"))
    _raises(p, match="unknown TiVA file name")


def test_not_utf8(tmp_path):
    p = tmp_path / "niveis_KOR.csv"
    p.write_bytes(",".join(tiva.HEADER).encode() + b"\n\xff\xfe\n")
    _raises(p, match="not UTF-8")


def test_empty_file(tmp_path):
    p = tmp_path / "niveis_KOR.csv"
    p.write_text("")
    _raises(p, row=1, match="empty file")


def test_missing_column(tmp_path):
    rows = [r[:-1] for r in raw_rows("niveis_KOR.csv")]
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=1, column="UNIT_MULT", match="missing column")


def test_extra_column(tmp_path):
    rows = [r + (["OBS_STATUS"] if i == 0 else ["A"]) for i, r in enumerate(raw_rows("niveis_KOR.csv"))]
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=1, column="OBS_STATUS")


def test_columns_swapped(tmp_path):
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[10], r[9], r[11]]
            for r in raw_rows("niveis_KOR.csv")]
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=1, column="OBS_VALUE", match="out of order")


def test_short_row(tmp_path):
    rows = raw_rows("niveis_KOR.csv")
    rows[7] = rows[7][:-2]
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=8, match="10 cells")


@pytest.mark.parametrize("col,value,match", [
    (0, "EXGR_XYZ", "not expected in this file"),
    (1, "Gross exports (revised)", "label of"),
    (2, "TWN", "the file's economy"),
    (4, "C27", "not one of"),
    (6, "CHN", "partner World"),
    (8, "USD_PPP", "levels"),
    (9, "20x1", "not a year"),
    (9, "1990", "outside"),
    (10, "", "missing"),
    (10, "n/a", "not a number"),
    (10, "nan", "not a finite number"),
    (10, "-3.5", "negative"),
    (10, "1.2345", "at most 3 decimals"),
    (10, "1e3", "at most 3 decimals"),
    (11, "3", "unit multiplier"),
])
def test_bad_cell(tmp_path, col, value, match):
    rows = raw_rows("niveis_KOR.csv")
    rows[12][col] = value
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=13, column=tiva.HEADER[col], match=match)


def test_share_above_100(tmp_path):
    rows = raw_rows("shares_TWN.csv")
    rows[3][10] = "100.5"
    _raises(write_raw(tmp_path, "shares_TWN.csv", rows), row=4, column="OBS_VALUE", match="above 100")


def test_duplicated_observation(tmp_path):
    rows = raw_rows("niveis_KOR.csv")
    rows.append(list(rows[5]))
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=len(rows), match="duplicated observation")


def test_missing_observation(tmp_path):
    rows = raw_rows("niveis_KOR.csv")
    del rows[40]
    _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), column="TIME_PERIOD", match="1 observation(s) missing")


def test_identity_int_fnl_broken(tmp_path):
    """A digit swap in EXGR_INT breaks EXGR = INT + FNL: the error names EXGR's line."""
    rows = raw_rows("niveis_KOR.csv")
    i = _line(rows, "EXGR_INT", "C26", 2018) - 1
    rows[i][10] = f"{float(rows[i][10]) + 0.01:.3f}"
    err = _raises(write_raw(tmp_path, "niveis_KOR.csv", rows), row=_line(rows, "EXGR", "C26", 2018),
                  column="OBS_VALUE", match="EXGR = EXGR_INT + EXGR_FNL")
    assert "C26 2018" in str(err)


def test_identity_int_fnl_within_rounding_passes(tmp_path):
    rows = raw_rows("niveis_KOR.csv")
    i = _line(rows, "EXGR_INT", "C26", 2018) - 1
    base = tiva.read_source_file(write_raw(tmp_path, "niveis_KOR.csv", rows))
    w = base.pivot_table(index=["activity", "year"], columns="measure", values="value").loc[("C26", 2018)]
    slack = tiva.INT_FNL_TOL - abs(w.EXGR - w.EXGR_INT - w.EXGR_FNL)
    if slack > 0.001:            # move by one unit of the last digit, still within rounding
        rows[i][10] = f"{float(rows[i][10]) + 0.001:.3f}"
        tiva.read_source_file(write_raw(tmp_path, "niveis_KOR.csv", rows))


def test_identity_dva_fva_broken(tmp_path):
    rows = raw_rows("niveis_TWN.csv")
    i = _line(rows, "EXGR_FVA", "_T", 2020) - 1
    rows[i][10] = f"{float(rows[i][10]) * 1.001:.3f}"
    _raises(write_raw(tmp_path, "niveis_TWN.csv", rows), row=_line(rows, "EXGR", "_T", 2020),
            column="OBS_VALUE", match="EXGR_DVA + EXGR_FVA = EXGR")


def test_shares_not_adding_to_100(tmp_path):
    rows = raw_rows("shares_CHN.csv")
    i = _line(rows, "EXGR_FVA", "C", 2005) - 1
    rows[i][10] = f"{float(rows[i][10]) + 0.01:.3f}"
    _raises(write_raw(tmp_path, "shares_CHN.csv", rows), row=_line(rows, "EXGR_DVA", "C", 2005),
            match="= 100 per cent")


def test_shares_inconsistent_with_levels(tmp_path):
    """Both shares moved together (sum still 100) but no longer DVA / (DVA + FVA) of the levels file."""
    for name in (s.name for s in tiva.source_files()):
        write_raw(tmp_path, name, raw_rows(name))
    rows = raw_rows("shares_KOR.csv")
    d, f = _line(rows, "EXGR_DVA", "C26", 2022) - 1, _line(rows, "EXGR_FVA", "C26", 2022) - 1
    rows[d][10] = f"{float(rows[d][10]) + 0.5:.3f}"
    rows[f][10] = f"{float(rows[f][10]) - 0.5:.3f}"
    write_raw(tmp_path, "shares_KOR.csv", rows)
    with pytest.raises(DataError) as ei:
        tiva.read_all(tmp_path)
    assert "shares_KOR.csv" in str(ei.value) and ei.value.row == d + 1 and "DVA/(DVA+FVA)" in str(ei.value)


def test_bad_source_writes_nothing(tmp_path):
    """All ten files are read and checked before anything is written."""
    src = tmp_path / "src"
    src.mkdir()
    for name in (s.name for s in tiva.source_files()):
        write_raw(src, name, raw_rows(name))
    rows = raw_rows("shares_CHN.csv")
    rows[9][10] = "oops"
    write_raw(src, "shares_CHN.csv", rows)
    out = tmp_path / "out"
    with pytest.raises(DataError, match="shares_CHN.csv"):
        tiva.extract_tiva(src, out=out, log=lambda *_: None)
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


def test_extract_from_rebuilt_files_equals_committed(tmp_path):
    """Raw files rebuilt from the extract extract back to the same values (the writer loses nothing)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in (s.name for s in tiva.source_files()):
        write_raw(src, name, raw_rows(name))
    tiva.extract_tiva(src, out=tmp_path / "out", log=lambda *_: None)
    assert (tmp_path / "out" / tiva.EXTRACT_FILE).read_bytes() == tiva.extract_path().read_bytes()
