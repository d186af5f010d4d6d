"""Published SME statistics: the committed table validates, filters work, bad files fail clearly."""
import pandas as pd
import pytest

from smegvc.evidence import sme_stats
from smegvc import scope, tracking
from smegvc.errors import DataError


@pytest.fixture(scope="module")
def raw():
    """The committed table as text, for making broken copies."""
    return pd.read_csv(sme_stats.published_path(), dtype=str, keep_default_na=False)


def write(tmp_path, df, name="pub.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False)
    return p


def test_committed_table_loads_with_types_and_records_the_read():
    df = sme_stats.load_published()
    assert list(df.columns) == list(sme_stats.COLUMNS)
    assert df["year"].dtype == "int64" and df["value"].dtype == "float64"
    assert df["id"].is_unique
    assert set(df["country"]) <= set(scope.ECONOMIES)
    assert set(df["measure"]) <= set(sme_stats.MEASURES)
    pct = df[df["unit"] == "percent"]["value"]
    assert pct.between(0, 100).all()
    assert str(sme_stats.published_path().resolve()) in tracking.reads()


def test_filters_return_only_what_was_asked():
    df = sme_stats.load_published("sme_export_share", "TWN")
    assert len(df) > 0
    assert set(df["measure"]) == {"sme_export_share"} and set(df["country"]) == {"TWN"}
    both = sme_stats.load_published(["sme_sales_share", "sme_export_share"])
    assert set(both["measure"]) == {"sme_sales_share", "sme_export_share"}
    with pytest.raises(DataError, match="unknown measure"):
        sme_stats.load_published("sme_magic_share")


def test_korean_export_rows_carry_the_2011_break_warning():
    """Every Korean SME export share in 2000-2014 says on which side of the definition break it lies."""
    df = sme_stats.load_published("sme_export_share", "KOR")
    span = df[df["year"].between(2000, 2014)]
    assert len(span) >= 12
    assert (span["break_note"].str.strip() != "").all()
    post = span[(span["year"] >= 2011) & span["sme_definition"].str.contains("2011")]
    assert len(post) >= 3 and post["sme_definition"].str.contains("mid-sized").all()


def test_year_is_always_a_plain_integer_and_periods_are_noted(raw):
    assert raw["year"].str.fullmatch(r"\d{4}").all()
    periods = raw[raw["year_note"] != ""]
    assert len(periods) >= 3      # averages, growth rates and partial years are flagged, not hidden


@pytest.mark.parametrize("column, bad, message", [
    ("value", "101", "outside \\[0, 100\\]"),
    ("value", "n/a", "not a finite number"),
    ("measure", "sme_magic_share", "unknown measure"),
    ("country", "JPN", "unknown country"),
    ("year", "2013?", "not a four-digit integer"),
    ("confidence", "certain", "unknown confidence"),
    ("url", "", "empty cell"),
])
def test_a_bad_cell_names_file_line_id_and_column(tmp_path, raw, column, bad, message):
    df = raw.copy()
    i = int((df["unit"] == "percent").to_numpy().nonzero()[0][3])
    df.loc[i, column] = bad
    p = write(tmp_path, df)
    with pytest.raises(DataError, match=message) as exc:
        sme_stats.load_published(path=p)
    msg = str(exc.value)
    assert str(p) in msg and f"line {i + 2}" in msg and f"column {column}" in msg
    assert exc.value.column == column


def test_missing_column_and_duplicated_id_are_named(tmp_path, raw):
    p = write(tmp_path, raw.drop(columns=["sme_definition"]))
    with pytest.raises(DataError, match="missing column") as exc:
        sme_stats.load_published(path=p)
    assert exc.value.column == "sme_definition"
    df = raw.copy()
    df.loc[5, "id"] = df.loc[4, "id"]
    p = write(tmp_path, df, "dup.csv")
    with pytest.raises(DataError, match="duplicated id") as exc:
        sme_stats.load_published(path=p)
    assert exc.value.row.startswith("line 7")


def test_a_negative_level_is_refused(tmp_path, raw):
    df = raw.copy()
    i = int((df["unit"] == "USD bn").to_numpy().nonzero()[0][0])
    df.loc[i, "value"] = "-3"
    with pytest.raises(DataError, match="negative level"):
        sme_stats.load_published(path=write(tmp_path, df))
