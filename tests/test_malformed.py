"""Malformed inputs: each gives ONE DataError naming the file, the row and the column; nothing half-written.

Workbooks are built with openpyxl from a small synthetic table (tests/fixtures/synthetic_niot.py) and then
broken one way each; CSV and RData cases likewise.
"""
from __future__ import annotations

import copy
import gzip
from functools import lru_cache

import numpy as np
import pytest

from smegvc.errors import DataError
from smegvc.io.wiod2016.reader import read_workbook

from fixtures.synthetic_niot import cell, niot_rows, write_workbook


@lru_cache(maxsize=None)
def _base_rows():
    return niot_rows((2000,))


def rows():
    return copy.deepcopy(_base_rows())


def _write(tmp_path, r, **kw):
    return write_workbook(tmp_path / "XXX_NIOT_nov16.xlsx", r, **kw)


def _raises(path, *, row=None, column=None, match=None, **kw):
    with pytest.raises(DataError) as ei:
        read_workbook(path, **kw)
    err = ei.value
    assert err.path == str(path)
    if row is not None:
        assert str(err.row).split(" ")[0] == str(row), err
    if column is not None:
        assert column in str(err.column), err
    if match:
        assert match in str(err), err
    assert str(path) in str(err)
    return err


def test_synthetic_workbook_is_valid(tmp_path):
    wb = read_workbook(_write(tmp_path, rows()))
    assert wb.years == (2000,)


# ---------------------------------------------------------------------------------------------- the file itself

def test_not_a_zip(tmp_path):
    p = tmp_path / "XXX_NIOT_nov16.xlsx"
    p.write_text("this is not a workbook")
    _raises(p, match="not a readable .xlsx workbook")


def test_truncated_workbook(tmp_path):
    good = _write(tmp_path, rows()).read_bytes()
    p = tmp_path / "cut.xlsx"
    p.write_bytes(good[: len(good) // 2])
    _raises(p, match="not a readable")


def test_missing_file(tmp_path):
    _raises(tmp_path / "nope.xlsx", match="not found")


def test_missing_sheet_wrong_workbook(tmp_path):
    p = write_workbook(tmp_path / "other.xlsx", [["a", "b"], [1, 2]], sheet="Sheet1", notes=False)
    _raises(p, match="sheet 'National IO-tables' not found (sheets: Sheet1)")


def test_wrong_header_row(tmp_path):
    r = rows()
    r.insert(0, [None] * len(r[0]))           # header shifted one row down
    _raises(_write(tmp_path, r), row=1, column="A", match="is row 1 the header row?")


# ---------------------------------------------------------------------------------------------- header columns

def test_extra_industry_column(tmp_path):
    r = rows()
    for k, row in enumerate(r):
        row.insert(5, "C99" if k == 0 else 0.0)
    _raises(_write(tmp_path, r), row=1, column="F", match="unknown column code 'C99'")


def test_duplicated_column_code(tmp_path):
    r = rows()
    r[0][5] = "A01"
    _raises(_write(tmp_path, r), row=1, column="F (A01)", match="duplicated column code 'A01'")


def test_missing_final_column(tmp_path):
    r = [row[:-1] for row in rows()]            # GO column dropped
    _raises(_write(tmp_path, r), row=1, column="BO", match="missing column 'GO'")


def test_value_beyond_last_column(tmp_path):
    r = rows()
    r[5].append(1.0)
    _raises(_write(tmp_path, r), row=6, column="BP", match="beyond the last column")


# ---------------------------------------------------------------------------------------------- row labels

def test_duplicated_industry_row(tmp_path):
    r = rows()
    i, _ = cell(r, 2000, "Domestic", "A02", "A01")
    r[i][1] = "A01"
    _raises(_write(tmp_path, r), row=i + 1, column="B (Code)", match="duplicated Domestic row code 'A01'")


def test_unknown_industry_row(tmp_path):
    r = rows()
    i, _ = cell(r, 2000, "Imports", "C26", "A01")
    r[i][1] = "C26X"
    _raises(_write(tmp_path, r), row=i + 1, column="B (Code)", match="unknown Imports row code 'C26X'")


def test_wrong_origin_label(tmp_path):
    r = rows()
    i, _ = cell(r, 2000, "Imports", "B", "A01")
    r[i][3] = "Import"
    _raises(_write(tmp_path, r), row=i + 1, column="D (Origin)", match="origin 'Import'")


def test_year_block_cut_short(tmp_path):
    r = rows()
    i, _ = cell(r, 2000, "TOT", "VA", "A01")
    del r[i]                                    # one TOT row missing: the block no longer lines up
    err = _raises(_write(tmp_path, r), row=i + 1)
    assert "TOT row code 'IntTTM' out of order, expected 'VA'" in str(err)


def test_missing_year_requested(tmp_path):
    _raises(_write(tmp_path, rows()), column="A (Year)", match="year(s) [2005] not in the workbook",
            years=[2000, 2005])


# ---------------------------------------------------------------------------------------------- cell values

def test_text_in_numeric_cell(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "Domestic", "C26", "C27")
    r[i][j] = "12,5"
    _raises(_write(tmp_path, r), row=i + 1, column="V (C27)", match="text '12,5' in a numeric cell")


def test_empty_cell(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "Imports", "A03", "GFCF")
    r[i][j] = None
    _raises(_write(tmp_path, r), row=i + 1, column="GFCF", match="empty cell")


def test_nan_cell(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "TOT", "VA", "B")
    r[i][j] = float("nan")                      # xlsx cannot hold NaN: it is stored as an empty cell
    _raises(_write(tmp_path, r), row=i + 1, column="H (B)", match="empty cell")


def test_negative_output(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "TOT", "GO", "C10-C12")
    k, g = cell(r, 2000, "Domestic", "C10-C12", "GO")
    r[i][j] = r[k][g] = -5.0
    _raises(_write(tmp_path, r), row=i + 1, column="I (C10-C12)", match="negative gross output -5.0")


def test_negative_intermediate_flow(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "Domestic", "A01", "A02")
    r[i][j] = -1.0
    _raises(_write(tmp_path, r), row=i + 1, column="F (A02)", match="negative intermediate flow")


def test_row_identity_broken_by_units(tmp_path):
    """Final uses of one product in thousands instead of millions: the row identity fails on that row."""
    r = rows()
    i, _ = cell(r, 2000, "Domestic", "F", "A01")
    for c in ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"):
        r[i][r[0].index(c)] *= 1000
    err = _raises(_write(tmp_path, r), row=i + 1, column="GO", match="row identity fails")
    assert "wrong units" in str(err)


def test_column_identity_broken(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "TOT", "VA", "G46")
    r[i][j] *= 1.01
    _raises(_write(tmp_path, r), column="(G46)", match="column identity fails")


def test_go_column_differs_from_go_row(tmp_path):
    r = rows()
    i, j = cell(r, 2000, "Domestic", "H49", "GO")
    r[i][j] += 1.0
    _raises(_write(tmp_path, r), row=i + 1, column="GO", match="differs from row TOT GO")


# ---------------------------------------------------------------------------------------------- long extract

def _long_file(tmp_path, mutate):
    """Write a valid long extract of the synthetic workbook, edit its text lines, return the path."""
    from smegvc.io.extract import niot_rows as fmt_rows
    from smegvc.io.wiod2016 import LONG_COLUMNS

    wb = read_workbook(_write(tmp_path, rows()))
    lines = [",".join(LONG_COLUMNS)] + [",".join(r) for r in fmt_rows([wb])]
    lines = mutate(lines)
    p = tmp_path / "niot_long.csv.gz"
    p.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    return p


def _load_raises(p, row=None, column=None, match=None):
    from smegvc.io.wiod2016.load import load_niot
    with pytest.raises(DataError) as ei:
        load_niot("XXX", 2000, path=p)
    err = ei.value
    assert err.path.endswith("niot_long.csv.gz")
    if row is not None:
        assert err.row == row, err
    if column is not None:
        assert err.column == column, err
    if match:
        assert match in str(err), err
    return err


def test_long_extract_valid_and_exact(tmp_path):
    from smegvc.io.wiod2016.load import load_niot
    p = _long_file(tmp_path, lambda l: l)
    t = load_niot("XXX", 2000, path=p)
    wb = read_workbook(tmp_path / "XXX_NIOT_nov16.xlsx")
    assert np.array_equal(t.x, wb.values[2000][-1, :56])


def test_long_extract_text_value(tmp_path):
    def mutate(l):
        l[10] = l[10].rsplit(",", 1)[0] + ",n/a"
        return l
    _load_raises(_long_file(tmp_path, mutate), row=11, column="value", match="text 'n/a'")


def test_long_extract_duplicated_key(tmp_path):
    def mutate(l):
        l[20] = l[19].rsplit(",", 1)[0] + ",1.0"
        return l
    _load_raises(_long_file(tmp_path, mutate), row=21, match="duplicated key")


def test_long_extract_missing_cell(tmp_path):
    def mutate(l):
        del l[100]
        return l
    _load_raises(_long_file(tmp_path, mutate), match="missing")


def test_long_extract_unknown_column_code(tmp_path):
    def mutate(l):
        parts = l[7].split(",")
        parts[4] = "C99"
        l[7] = ",".join(parts)
        return l
    _load_raises(_long_file(tmp_path, mutate), row=8, column="column", match="unknown column code 'C99'")


def test_long_extract_extra_column(tmp_path):
    def mutate(l):
        return [x + (",unit" if k == 0 else ",musd") for k, x in enumerate(l)]
    _load_raises(_long_file(tmp_path, mutate), row=1, column="unit", match="unexpected column")


def test_long_extract_identity_broken(tmp_path):
    """A value scaled by 1000 in the extract breaks the row identity at load time."""
    def mutate(l):
        k = next(i for i, x in enumerate(l) if x.startswith("XXX,2000,Domestic,C20,CONS_h,"))
        head, v = l[k].rsplit(",", 1)
        l[k] = f"{head},{float(v) * 1000!r}"
        return l
    _load_raises(_long_file(tmp_path, mutate), row="XXX 2000 Domestic C20", column="GO",
                 match="row identity fails")


def test_long_extract_not_gzip(tmp_path):
    p = tmp_path / "niot_long.csv.gz"
    p.write_bytes(b"\x1f\x8b\x08garbage")
    _load_raises(p, match="cannot read as gzip CSV")


# ---------------------------------------------------------------------------------------------- RData (WIOD 2013)

def _rdata(tmp_path, drop=None, scale_final=None):
    import rdata
    from smegvc.io.wiod2013 import INDUSTRY_CODES

    from fixtures.synthetic_world import synthetic_world
    w = synthetic_world()
    F = w.F.copy()
    if scale_final is not None:
        F[scale_final] *= 1000
    obj = {"inter": w.Z, "final": F, "output": w.x, "countries": np.array(w.countries),
           "industries": np.array(INDUSTRY_CODES), "year": np.array([2000])}
    if drop:
        del obj[drop]
    p = tmp_path / "wiot_2000.RData"
    rdata.write_rda(p, {"wiot_2000": obj})
    return p


def test_rdata_valid(tmp_path):
    from smegvc.io.wiod2013.reader import read_wiot
    w = read_wiot(_rdata(tmp_path))
    assert w.year == 2000 and w.G == 7


def test_rdata_missing_element(tmp_path):
    from smegvc.io.wiod2013.reader import read_wiot
    p = _rdata(tmp_path, drop="final")
    with pytest.raises(DataError) as ei:
        read_wiot(p)
    assert ei.value.column == "final" and "element 'final' missing" in str(ei.value) and str(p) in str(ei.value)


def test_rdata_units_error(tmp_path):
    from smegvc.io.wiod2013.reader import read_wiot
    p = _rdata(tmp_path, scale_final=5)         # KOR c6 final use in thousands
    with pytest.raises(DataError) as ei:
        read_wiot(p)
    assert ei.value.row == "KOR c6" and ei.value.column == "output" and "row identity fails" in str(ei.value)


def test_rdata_corrupt(tmp_path):
    from smegvc.io.wiod2013.reader import read_wiot
    p = tmp_path / "wiot_1999.RData"
    p.write_bytes(b"RDX3\nnot really")
    with pytest.raises(DataError, match="not a readable R data file"):
        read_wiot(p)


# ---------------------------------------------------------------------------------------------- atomic writes

def _tmp_leftovers(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_failing_extract_keeps_previous_file(tmp_path, monkeypatch):
    """The writer fails midway: the previous extract stays intact and no partial or temporary file remains."""
    from smegvc.io import extract as cli_extract

    src = tmp_path / "src"
    src.mkdir()
    write_workbook(src / "XXX_NIOT_nov16.xlsx", rows())
    out = tmp_path / "out"
    cli_extract.extract_wiod2016(["XXX"], source=src, out=out, log=lambda *_: None)
    target = out / "wiod2016" / "niot_long.csv.gz"
    before = target.read_bytes()

    real = cli_extract.niot_rows

    def failing(workbooks):
        for k, row in enumerate(real(workbooks)):
            if k == 5000:
                raise OSError("disk full (simulated)")
            yield row

    monkeypatch.setattr(cli_extract, "niot_rows", failing)
    with pytest.raises(OSError, match="simulated"):
        cli_extract.extract_wiod2016(["XXX"], source=src, out=out, log=lambda *_: None)
    assert target.read_bytes() == before
    assert _tmp_leftovers(out) == []


def test_bad_source_writes_nothing(tmp_path):
    """All sources are read and checked before anything is written."""
    from smegvc.io import extract as cli_extract

    src = tmp_path / "src"
    src.mkdir()
    write_workbook(src / "XXX_NIOT_nov16.xlsx", rows())
    r = rows()
    r[10][10] = "oops"
    write_workbook(src / "YYY_NIOT_nov16.xlsx", r)
    out = tmp_path / "out"
    with pytest.raises(DataError, match="YYY_NIOT_nov16.xlsx"):
        cli_extract.extract_wiod2016(["XXX", "YYY"], source=src, out=out, log=lambda *_: None)
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []
