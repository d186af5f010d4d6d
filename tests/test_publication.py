"""Publication details that need no book build: PDF table layout, link addresses (issue 15)."""
import doctest

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from smegvc.sphinxext import latexlayout, pagefixes, weblayout


def _doctree(markdown: str):
    from myst_parser.parsers.docutils_ import Parser

    return publish_doctree(markdown, parser=Parser(), settings_overrides={"report_level": 5})


def _table(markdown: str) -> nodes.table:
    return next(iter(_doctree(markdown).findall(nodes.table)))


def test_latexlayout_and_weblayout_doctests():
    assert doctest.testmod(latexlayout).failed == 0
    assert doctest.testmod(weblayout).failed == 0


def test_long_file_names_get_break_points_but_addresses_do_not():
    pieces = weblayout.split_long_words("wiod2016/niot_long.csv.gz and firm_size_shares_kor_consistent.csv")
    assert "".join(pieces) == "wiod2016/niot_long.csv.gz and firm_size_shares_kor_consistent.csv"
    assert max(len(p) for p in pieces) <= 12
    assert weblayout.split_long_words("https://a.org/very_long_path/x.csv") == ["https://a.org/very_long_path/x.csv"]


def test_allocate_keeps_minimums_and_shares_the_rest():
    widths = latexlayout.allocate([30, 30, 30], [1, 1, 8], 300)
    assert sum(widths) == pytest.approx(300)
    assert all(w >= m - 1e-9 for w, m in zip(widths, [30, 30, 30]))
    assert widths[2] > widths[0] == widths[1]
    # a column whose share would be under its minimum gets the minimum, the others share the rest
    assert latexlayout.allocate([100, 10], [1, 9], 200) == pytest.approx([100, 100])


TABLE = """
```{list-table}
:header-rows: 1
:widths: 2 2 96

* - Economy
  - Year
  - Comparability
* - KOR
  - 2008
  - Korea 2011 definition change: mid-sized firms leave the SME count (series falls from about 31% to about 19%)
* - TWN
  - 2009
  - zero-rated sales
```
"""


def test_narrow_given_widths_are_widened_to_fit_the_longest_word():
    table = _table(TABLE)
    latexlayout.layout_table(table)
    specs = [c for c in next(iter(table.findall(nodes.tgroup))).children if isinstance(c, nodes.colspec)]
    widths = [c["colwidth"] for c in specs]
    total = sum(widths)
    size = dict(latexlayout.SIZES)[table["smegvc_font"]]
    pad = 2 * latexlayout.TABCOLSEP_PT
    for j, word in enumerate(["Economy", "2008"]):
        room = latexlayout.LINEWIDTH_PT * widths[j] / total - pad
        need = 1.1 * latexlayout._token_em(word, False) * size if j == 0 else latexlayout.text_em(word) * size
        assert room >= need, f"column {j} ({room:.1f}pt) narrower than {word!r} ({need:.1f}pt)"
    assert widths[2] > widths[0] + widths[1], "the text column keeps most of the line"
    assert "colwidths-given" in table["classes"]


def test_short_long_table_is_kept_on_one_page_and_a_long_one_has_no_tails():
    short = _table(TABLE)
    latexlayout.layout_table(short)
    rows = list(next(iter(short.findall(nodes.tbody))).findall(nodes.row))
    assert [bool(r.get("smegvc_nobreak")) for r in rows] == [True, False]
    body = "\n".join(f"* - {i}\n  - {'word ' * 40}" for i in range(30))
    long = _table("```{list-table}\n:header-rows: 1\n\n* - n\n  - text\n" + body + "\n```\n")
    latexlayout.layout_table(long)
    rows = list(next(iter(long.findall(nodes.tbody))).findall(nodes.row))
    keep = [i for i, r in enumerate(rows) if r.get("smegvc_nobreak")]
    assert keep == [0, 1, 27, 28], keep  # never 1-2 rows alone at the top or the bottom of a page


def test_link_addresses_are_unescaped():
    url = "http://seriworld.org/01/wldIssueV.html?mn=B&mncd=0203&p_page=6"
    doctree = _doctree(f"[SERI](<{url}>) and [x]({url})\n")
    refs = list(doctree.findall(nodes.reference))
    escaped = [r["refuri"] for r in refs]
    assert refs and all(u == url or "&amp;" in u for u in escaped)  # what myst-parser stores
    assert [pagefixes.unescape_uri(u) for u in escaped] == [url] * len(refs)
    assert pagefixes.unescape_uri("a?x=&lt;1&gt;&amp;y=&quot;z&quot;") == 'a?x=<1>&y="z"'
    assert pagefixes.unescape_uri("a?x=&amp;amp;") == "a?x=&amp;"  # one level only


# ---------------------------------------------------------------------------------------------
# Table downloads, source lines, notes once (smegvc.sphinxext.tabledata)
from smegvc.paths import ROOT  # noqa: E402
from smegvc.sphinxext import tabledata  # noqa: E402

NOTE = "Korea 2011 definition change: mid-sized firms leave the SME count (series falls from about 31%)"


def test_a_long_text_repeated_in_rows_becomes_one_note():
    rows = [["KOR", "2006", NOTE], ["KOR", "2007", NOTE], ["KOR", "2008", NOTE], ["TWN", "2008", "zero-rated sales"],
            ["KOR", "2012", NOTE[:-1] + "!"]]
    assert tabledata.repeated_notes(rows) == {NOTE: "a"}
    assert tabledata.repeated_notes(rows[:2]) == {}, "two rows are not many"
    table = _table("| a | b | c |\n|---|---|---|\n" + "\n".join(f"| {' | '.join(r)} |" for r in rows) + "\n")
    tabledata.replace_notes(table, {NOTE: "a"})
    names, shown = tabledata.table_matrix(table)
    assert names == ["a", "b", "c"] and [r[2] for r in shown] == ["note a"] * 3 + rows[3][2:] + rows[4][2:]


def test_bare_addresses_in_cells_become_links_named_by_host():
    table = _table("| Source |\n|---|\n| DRAMeXchange via etn.fi: https://etn.fi/index.php/13-news/2881-a. |\n")
    tabledata.link_bare_urls(table)
    refs = list(table.findall(nodes.reference))
    assert [(r.astext(), r["refuri"]) for r in refs] == [("etn.fi", "https://etn.fi/index.php/13-news/2881-a")]
    assert tabledata.table_matrix(table)[1] == [["DRAMeXchange via etn.fi: etn.fi."]]
    table = _table("| Source |\n|---|\n| [https://a.org/x?y=1](https://a.org/x?y=1) |\n")
    tabledata.link_bare_urls(table)
    assert tabledata.table_matrix(table)[1] == [["a.org"]]


def test_csv_header_lines_then_the_table():
    import csv
    import io

    import pandas as pd

    text = tabledata.csv_text([("units", "percent"), ("source", "A, B"), ("read with", "pandas.read_csv(path, skiprows=3)")],
                              ["economy", "share (%)"], [["KOR", "1,5"], ["TWN", "2.0"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["# units", "percent"] and rows[1] == ["# source", "A, B"]
    back = pd.read_csv(io.StringIO(text), skiprows=3, dtype=str)
    assert back.to_dict("list") == {"economy": ["KOR", "TWN"], "share (%)": ["1,5", "2.0"]}


def test_table_registry_is_complete_and_well_formed():
    registry = tabledata.load_registry(ROOT / "book" / "_tables.yml")
    assert registry and all(m["units"] and m["source"] for m in registry.values())
