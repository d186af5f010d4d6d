"""Every table of the built site and PDF can be downloaded and says what it holds (issue 15)."""
import csv
import io
import re

import pandas as pd
from bs4 import BeautifulSoup

from smegvc.paths import ROOT
from smegvc.sphinxext import metadata as md
from smegvc.sphinxext import tabledata
from smegvc.sphinxext.cite import toc_docnames


def _pages(built_book):
    _, docs = toc_docnames(ROOT / "_toc.yml")
    return {d: BeautifulSoup((built_book / "html" / f"{d}.html").read_text(encoding="utf-8"), "html.parser")
            for d in docs}


def _download(built_book, page_doc, href):
    return (built_book / "html" / page_doc).parent.joinpath(href).resolve()


def test_every_table_has_a_download_with_units_source_and_version(built_book):
    report = md.load()
    registry = tabledata.load_registry(ROOT / "book" / "_tables.yml")
    tables, problems = 0, []
    for doc, soup in _pages(built_book).items():
        for table in soup.select("article table"):
            if table.find_parent("table") is not None:
                continue
            tables += 1
            name = table.get("id") or "(unnamed)"
            note = table.find_parent(class_="pst-scrollable-table-container") or table
            note = note.find_next_sibling(class_="smegvc-table-note")
            link = note.find("a", class_="smegvc-table-download") if note else None
            if link is None:
                problems.append(f"{doc} {name}: no download link under the table")
                continue
            path = _download(built_book, f"{doc}.html", link["href"])
            if not path.is_file():
                problems.append(f"{doc} {name}: {link['href']} missing")
                continue
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            meta = {r[0][2:]: r[1] for r in rows if r and r[0].startswith("# ")}
            for key in ("units", "source", "scenario", "report", "data version"):
                if not meta.get(key):
                    problems.append(f"{doc} {name}: the download does not state its {key}")
            if f"version {report.version}" not in meta.get("report", ""):
                problems.append(f"{doc} {name}: the download does not state the report version")
            if table.get("id") and table["id"] not in registry:
                problems.append(f"{doc} {name}: not in book/_tables.yml (units, source, scenario)")
            skip = int(re.search(r"skiprows=(\d+)", meta["read with"]).group(1))
            data = pd.read_csv(path, skiprows=skip, dtype=str, keep_default_na=False)
            body = table.select("tbody tr")
            if len(data) != len(body) or len(data.columns) != len(body[0].find_all(["td", "th"])):
                problems.append(f"{doc} {name}: the download has {data.shape}, the table {len(body)} rows")
    assert tables >= 25, f"only {tables} tables found"
    assert not problems, "\n".join(problems)


def test_a_repeated_note_is_printed_once(built_book):
    soup = _pages(built_book)["book/direct-exports"]
    table = soup.find(id="tbl-direct-published")
    cells = [td.get_text(" ", strip=True) for tr in table.select("tbody tr") for td in tr.find_all("td")
             if td.find("a") is None]  # a source with its own link in each row is not a note
    long_repeats = {c for c in cells if len(c) >= tabledata.NOTE_MIN_CHARS and cells.count(c) >= tabledata.NOTE_MIN_ROWS}
    assert not long_repeats, f"texts repeated in the table's rows: {sorted(long_repeats)[:2]}"


def test_no_bare_address_in_a_table_cell(built_book):
    bare = []
    for doc, soup in _pages(built_book).items():
        for td in soup.select("article table td"):
            for s in td.find_all(string=re.compile(r"https?://")):
                bare.append(f"{doc}: {str(s).strip()[:60]}")
    assert not bare, bare[:5]


def test_pdf_tables_have_their_source_line(built_book):
    tex = built_book / "latex" / "sme-gvc-report.tex"
    if not tex.is_file():
        import pytest

        pytest.skip("no LaTeX build")
    tex = tex.read_text(encoding="utf-8")
    tables = len(re.findall(r"\\begin\{(?:longtable|tabulary|tabular)\}", tex))
    notes = tex.count(r"\begin{sphinxuseclass}{smegvc-table-note}")
    assert notes >= tables - 2 and notes >= 25, f"{notes} source lines for {tables} tables"
    assert "_downloads/tables/" in tex
