"""data/datapackage.json and its validator: the committed package, and one clear error per malformed file."""
from __future__ import annotations

import json

import pytest

from smegvc import catalog
from smegvc.io import datapackage as dp
from smegvc.paths import DATA

SHARES_SCHEMA = {
    "fields": [
        dp.field("industry", "string", "industry code", required=True, enum=["C26", "C27", "G46"]),
        dp.field("year", "integer", "year", required=True, minimum=2000, maximum=2030),
        dp.field("share", "number", "SME share of output", "share", required=True, minimum=0, maximum=1),
        dp.field("status", "string", "published or estimated", required=True, enum=["published", "estimated"]),
        dp.field("date", "date", "date published"),
        dp.field("source", "string", "citation key", pattern="^[a-z0-9_]+$"),
    ],
    "primaryKey": ["industry", "year"],
}
GOOD = """industry,year,share,status,date,source
C26,2010,0.25,published,2012-05-01,tec_2015
C27,2010,0.5,estimated,,tec_2015
G46,2010,0.75,published,2012-05-01,
C26,2011,0.3,published,2013-05-01,kita_2017
"""
REGISTRY = [{"name": "shares", "path": "sme/shares.csv", "title": "SME shares", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "sources": [{"title": "test"}],
             "licenses": [dp.CC_BY], "schema": SHARES_SCHEMA},
            {"name": "notes", "path": "sme/notes.json", "format": "json", "encoding": "utf-8",
             "sources": [{"title": "test"}], "licenses": [dp.CC_BY]}]


@pytest.fixture
def pkg(tmp_path):
    """A valid package in tmp_path with one CSV and one JSON resource; returns (data_dir, csv_path)."""
    (tmp_path / "sme").mkdir()
    csv = tmp_path / "sme" / "shares.csv"
    csv.write_text(GOOD)
    (tmp_path / "sme" / "notes.json").write_text('{"a": 1}\n')
    dp.update_hashes(tmp_path, registry=REGISTRY)
    assert dp.validate(tmp_path) == []
    return tmp_path, csv


def _one_error(data_dir, csv_text=None, *, rehash=True, row=None, column=None, match=None, path=None):
    if csv_text is not None:
        (data_dir / "sme" / "shares.csv").write_text(csv_text)
    if rehash:
        dp.update_hashes(data_dir, registry=REGISTRY)
    errors = dp.validate(data_dir)
    assert len(errors) == 1, errors
    err = errors[0]
    assert err.path.endswith(path or "shares.csv"), err
    if row is not None:
        assert err.row == row, err
    if column is not None:
        assert err.column == column, err
    if match:
        assert match in str(err), err
    return err


# ---------------------------------------------------------------------------------------------- committed package

def test_committed_package_is_valid():
    errors = catalog.validate(DATA)
    assert errors == [], "\n".join(map(str, errors))


def test_committed_descriptor_in_sync_with_registry():
    pkg = json.loads((DATA / dp.PACKAGE_FILE).read_text())
    assert catalog.describe(DATA, existing=pkg) == pkg, "run `python -m smegvc validate --update-hashes`"


def test_every_resource_is_described():
    pkg = json.loads((DATA / dp.PACKAGE_FILE).read_text())
    for r in pkg["resources"]:
        for key in ("name", "path", "format", "encoding", "sources", "licenses", "hash", "bytes"):
            assert r.get(key), (r["name"], key)
        assert r["hash"].startswith("sha256:") and len(r["hash"]) == 7 + 64
        if r["format"] == "csv":
            assert all(f.get("type") and f.get("description") for f in r["schema"]["fields"])
            assert r["schema"].get("primaryKey")
    names = [r["name"] for r in pkg["resources"]]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------------------------------------- malformed CSVs

def test_share_above_one(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("0.75", "1.2"), row=4, column="share", match="1.2 is above the maximum 1")


def test_negative_share(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("0.25", "-0.1"), row=2, column="share", match="below the minimum 0")


def test_extra_column(pkg):
    d, _ = pkg
    text = "\n".join(l + (",unit" if k == 0 else ",x") for k, l in enumerate(GOOD.strip().splitlines())) + "\n"
    _one_error(d, text, row=1, column="unit", match="unexpected column 'unit'")


def test_missing_column(pkg):
    d, _ = pkg
    text = "\n".join(",".join(l.split(",")[:3] + l.split(",")[4:]) for l in GOOD.strip().splitlines()) + "\n"
    _one_error(d, text, row=1, column="status", match="missing column 'status'")


def test_columns_out_of_order(pkg):
    d, _ = pkg
    lines = [l.split(",") for l in GOOD.strip().splitlines()]
    text = "\n".join(",".join([l[1], l[0]] + l[2:]) for l in lines) + "\n"
    _one_error(d, text, row=1, column="year", match="out of order")


def test_text_in_numeric_cell(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("0.5,", "half,"), row=3, column="share", match="'half' is not a finite number")


def test_nan_in_numeric_cell(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("0.5,", "NaN,"), row=3, column="share", match="not a finite number")


def test_required_value_empty(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("0.5,", ","), row=3, column="share", match="required value missing")


def test_bad_integer(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("C27,2010", "C27,2010.5"), row=3, column="year", match="not an integer")


def test_bad_enum(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("estimated", "guessed"), row=3, column="status", match="'guessed' not one of")


def test_bad_date(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("2013-05-01", "2013-13-01"), row=5, column="date", match="not a date")


def test_pattern_mismatch(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("kita_2017", "KITA 2017"), row=5, column="source", match="does not match pattern")


def test_duplicated_primary_key(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("C26,2011", "C26,2010"), row=5, column="industry,year",
               match="duplicated primary key (industry=C26, year=2010) on lines [2, 5]")


def test_ragged_row(pkg):
    d, _ = pkg
    _one_error(d, GOOD.replace("G46,2010,0.75,published,2012-05-01,", "G46,2010,0.75,published"), row=4,
               match="4 cells, expected 6")


# ---------------------------------------------------------------------------------------------- package level

def test_hash_mismatch(pkg):
    d, csv = pkg
    csv.write_text(GOOD.replace("0.3", "0.35"))       # still a valid table, but not the one hashed
    _one_error(d, rehash=False, match="sha256 mismatch")


def test_unlisted_file(pkg):
    d, _ = pkg
    (d / "sme" / "extra.csv").write_text("a\n1\n")
    _one_error(d, rehash=False, path="extra.csv", match="not listed in datapackage.json")


def test_listed_file_missing(pkg):
    d, _ = pkg
    (d / "sme" / "notes.json").unlink()
    _one_error(d, rehash=False, path="notes.json", match="but missing")


def test_broken_json_resource(pkg):
    d, _ = pkg
    (d / "sme" / "notes.json").write_text("{not json")
    _one_error(d, path="notes.json", match="invalid content")


def test_descriptor_missing(tmp_path):
    errors = dp.validate(tmp_path)
    assert len(errors) == 1 and "descriptor not found" in str(errors[0])


def test_update_keeps_hand_added_resources(pkg):
    d, _ = pkg
    desc = json.loads((d / dp.PACKAGE_FILE).read_text())
    (d / "cases").mkdir()
    (d / "cases" / "firms.csv").write_text("firm,country\nA,KOR\n")
    desc["resources"].append({"name": "firms", "path": "cases/firms.csv", "format": "csv", "encoding": "utf-8",
                              "schema": {"fields": [{"name": "firm", "type": "string"},
                                                    {"name": "country", "type": "string",
                                                     "constraints": {"enum": ["KOR", "TWN"]}}],
                                         "primaryKey": ["firm"]}})
    (d / dp.PACKAGE_FILE).write_text(json.dumps(desc))
    dp.update_hashes(d, registry=REGISTRY)
    new = json.loads((d / dp.PACKAGE_FILE).read_text())
    firms = next(r for r in new["resources"] if r["name"] == "firms")
    assert firms["hash"].startswith("sha256:")
    assert dp.validate(d) == []
    (d / "cases" / "firms.csv").write_text("firm,country\nA,JPN\n")
    dp.update_hashes(d, registry=REGISTRY)
    errors = dp.validate(d)
    assert len(errors) == 1 and errors[0].row == 2 and errors[0].column == "country"


def test_cli_update_and_validate(pkg, capsys):
    import argparse

    d, _ = pkg
    parser = argparse.ArgumentParser()
    catalog.add_arguments(parser)
    assert catalog.run(parser.parse_args(["--data", str(d)])) == 0
    (d / "sme" / "shares.csv").write_text(GOOD.replace("0.75", "7.5"))
    assert catalog.run(parser.parse_args(["--data", str(d)])) == 1     # hash mismatch and maximum
    err = capsys.readouterr().err
    assert "sha256 mismatch" in err and "above the maximum" in err


def test_markdown_notes_need_no_listing(pkg):
    d, _ = pkg
    (d / "sme" / "PROVENANCE.md").write_text("# notes\n")
    assert dp.validate(d) == []
