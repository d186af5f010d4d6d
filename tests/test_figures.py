"""The figure tooling writes the figure's data and images and returns complete figure markup."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smegvc.report import figures  # noqa: E402

ARGS = dict(chapter="demo", name="shares", caption="SME shares by year.", alt="Two lines, both falling.",
            source="Computed from WIOD 2016 {cite:p}`timmer2015`", units="percent of exports")


@pytest.fixture
def book(tmp_path):
    (tmp_path / "demo.ipynb").write_text("{}")
    return tmp_path


@pytest.fixture
def fig():
    f, ax = plt.subplots()
    ax.plot([2000, 2014], [30.5, 18.25])
    yield f
    plt.close(f)


def test_csv_holds_the_figures_data_and_images_are_written(book, fig):
    data = pd.DataFrame({"year": [2000, 2014], "share": [30.5, 18.25], "firm": ["크루셜텍", "鴻海"]})
    pub = figures.publish_figure(fig, data, book_dir=book, **ARGS)
    assert pub.csv == book / "figdata" / "demo" / "shares.csv"
    back = pd.read_csv(pub.csv, comment="#")
    pd.testing.assert_frame_equal(back, data)
    for img in pub.images:
        assert img.is_file() and img.stat().st_size > 0
    assert {p.suffix for p in pub.images} == {".png", ".svg"}
    assert not [p for p in pub.csv.parent.iterdir() if p.name.startswith(".")], "temporary file left behind"


def test_named_index_is_kept_as_a_column(book, fig):
    data = pd.DataFrame({"share": [1.0, 2.0]}, index=pd.Index(["KOR", "TWN"], name="country"))
    pub = figures.publish_figure(fig, data, book_dir=book, **ARGS)
    assert pd.read_csv(pub.csv, comment="#").columns.tolist() == ["country", "share"]


def test_markup_has_label_alt_caption_units_source_and_csv_link(book, fig):
    pub = figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book, **ARGS)
    md = pub.markdown
    assert pub.label == "fig-demo-shares"
    assert md.startswith("````{figure} figdata/demo/shares.*\n")
    assert ":name: fig-demo-shares" in md and ":alt: Two lines, both falling." in md
    assert "\nSME shares by year.\n" in md
    assert "Units: percent of exports." in md
    assert "Source: Computed from WIOD 2016 {cite:p}`timmer2015`." in md
    assert "{download}`book/figdata/demo/shares.csv <figdata/demo/shares.csv>`" in md
    assert md.rstrip().endswith("````")


@pytest.mark.parametrize("field", ["caption", "alt", "source", "units"])
@pytest.mark.parametrize("bad", ["", "   ", None])
def test_rejects_missing_text_and_writes_nothing(book, fig, field, bad):
    with pytest.raises(ValueError, match=field.replace("alt", "alt text")):
        figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book, **{**ARGS, field: bad})
    assert not (book / "figdata").exists()


def test_rejects_empty_data_unknown_chapter_bad_names_and_cited_captions(book, fig):
    with pytest.raises(ValueError, match="non-empty"):
        figures.publish_figure(fig, pd.DataFrame(), book_dir=book, **ARGS)
    with pytest.raises(ValueError, match="no nowhere.ipynb"):
        figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book, **{**ARGS, "chapter": "nowhere"})
    with pytest.raises(ValueError, match="name"):
        figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book, **{**ARGS, "name": "Bad Name"})
    with pytest.raises(ValueError, match="caption must not cite"):
        figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book,
                               **{**ARGS, "caption": "Shares {cite:p}`kiep2016`."})
    with pytest.raises(ValueError, match="single paragraph"):
        figures.publish_figure(fig, pd.DataFrame({"a": [1]}), book_dir=book,
                               **{**ARGS, "caption": "One.\n\nTwo."})
    assert not (book / "figdata").exists()


def test_show_figure_displays_markdown_and_closes_the_figure(book, fig, monkeypatch):
    shown = []
    monkeypatch.setattr(figures, "BOOK", book)
    monkeypatch.setattr("smegvc.report.figures.display", lambda obj, raw=False: shown.append(obj))
    figures.show_figure(fig, pd.DataFrame({"a": [1]}), **ARGS)
    assert len(shown) == 1 and shown[0]["text/markdown"].startswith("````{figure}")
    assert not plt.fignum_exists(fig.number)


def test_images_are_byte_for_byte_reproducible(book):
    digests = []
    for _ in range(2):
        f, ax = plt.subplots()
        ax.plot([1, 2], [3, 4])
        pub = figures.publish_figure(f, pd.DataFrame({"a": [1]}), book_dir=book, **ARGS)
        digests.append([p.read_bytes() for p in pub.images])
        plt.close(f)
    assert digests[0] == digests[1]


def test_csv_opens_with_units_source_scenario_and_version(book, fig):
    import csv
    from importlib.metadata import version

    data = pd.DataFrame({"year": [2000, 2014], "share": [30.5, 18.25]})
    pub = figures.publish_figure(fig, data, book_dir=book, scenario="central", **ARGS)
    rows = list(csv.reader(pub.csv.open(encoding="utf-8")))
    notes = {r[0][2:]: r[1] for r in rows if r and r[0].startswith("# ")}
    assert notes["units"] == ARGS["units"] and notes["scenario"] == "central"
    assert notes["source"] and notes["report version"] == version("smegvc")
    skip = int(notes["read with"].split("skiprows=")[1].rstrip(")"))
    pd.testing.assert_frame_equal(pd.read_csv(pub.csv, skiprows=skip), data)
