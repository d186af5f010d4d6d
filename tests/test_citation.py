"""Citation: one metadata source (metadata.yml) for CITATION.cff, the chapter boxes, the PDF title page
and the footer; a valid CFF 1.2.0 file; stable chapter anchors; a bibliography with every main source."""
import datetime as dt
import re
import tomllib

import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft7Validator
from pybtex.database import parse_string

from smegvc.errors import DataError
from smegvc.paths import ROOT
from smegvc.sphinxext import bibstyle, cite
from smegvc.sphinxext import metadata as md

# The parts of the CFF 1.2.0 schema this repository's file uses, written from the specification
# (https://github.com/citation-file-format/citation-file-format): root keys, authors (person or
# entity), dates, URLs and the preferred citation. Unknown keys are errors, as in the full schema.
_URL = {"type": "string", "pattern": "^(https|http|ftp|sftp)://.+"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"}
_SPDX = {"enum": ["MIT", "Apache-2.0", "BSD-3-Clause", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0",
                  "GPL-3.0-or-later", "GPL-3.0-only"]}  # a subset of the SPDX list
_TEXT = {"type": "string", "minLength": 1}
_PERSON = {"type": "object", "additionalProperties": False, "properties": {
    k: _TEXT for k in ("family-names", "given-names", "name-particle", "name-suffix", "affiliation",
                       "alias", "address", "city", "region", "post-code", "tel", "fax")} | {
    "orcid": {"type": "string", "pattern": r"^https://orcid\.org/[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$"},
    "email": {"type": "string", "pattern": r"^[\S]+@[\S]+\.[\S]{2,}$"}, "website": _URL}}
_ENTITY = {"type": "object", "additionalProperties": False, "required": ["name"], "properties": {
    k: _TEXT for k in ("name", "alias", "address", "city", "region", "post-code", "tel", "fax",
                       "location")} | {"website": _URL, "date-start": _DATE, "date-end": _DATE}}
_AUTHORS = {"type": "array", "minItems": 1, "items": {"anyOf": [_ENTITY, _PERSON]}}
_LICENSE = {"oneOf": [_SPDX, {"type": "array", "items": _SPDX, "minItems": 1, "uniqueItems": True}]}
_REFERENCE_TYPES = [
    "art", "article", "audiovisual", "bill", "blog", "book", "catalogue", "conference", "conference-paper",
    "data", "database", "dictionary", "edited-work", "encyclopedia", "film-broadcast", "generic",
    "government-document", "grant", "hearing", "historical-work", "legal-case", "legal-rule",
    "magazine-article", "manual", "map", "multimedia", "music", "newspaper-article", "pamphlet", "patent",
    "personal-communication", "proceedings", "report", "serial", "slides", "software", "software-code",
    "software-container", "software-executable", "software-virtual-machine", "sound-recording",
    "standard", "statute", "thesis", "unpublished", "video", "website"]
CFF_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["authors", "cff-version", "message", "title"],
    "properties": {
        "cff-version": {"const": "1.2.0"}, "message": _TEXT, "title": _TEXT, "abstract": _TEXT,
        "type": {"enum": ["software", "dataset"]}, "authors": _AUTHORS,
        "version": {"type": ["string", "number"]}, "date-released": _DATE, "url": _URL,
        "repository-code": _URL, "repository": _URL, "repository-artifact": _URL, "license": _LICENSE,
        "license-url": _URL, "commit": _TEXT, "keywords": {"type": "array", "items": _TEXT, "minItems": 1},
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$"},
        "preferred-citation": {
            "type": "object", "additionalProperties": False, "required": ["authors", "title", "type"],
            "properties": {"type": {"enum": _REFERENCE_TYPES}, "title": _TEXT, "authors": _AUTHORS,
                           "version": {"type": ["string", "number"]}, "year": {"type": "integer"},
                           "date-released": _DATE, "url": _URL, "repository-code": _URL,
                           "license": _LICENSE, "abstract": _TEXT},
        },
    },
}
MAIN_SOURCES = ("kiep2016", "oecd2024esut", "wiod2016data", "timmer2015", "chong2019", "hummels2001",
                "kita2010", "kita2017", "smea2008wp", "smea2025wp", "kostat2017tec", "kostat2018tec")


@pytest.fixture(scope="module")
def report():
    return md.load()


def _cff_errors(doc):
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in Draft7Validator(CFF_SCHEMA).iter_errors(doc)]


# ---------------------------------------------------------------------------------------------
# One source of truth
def test_citation_cff_is_generated_from_metadata(report):
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == md.cff_text(report), (
        "CITATION.cff differs from metadata.yml: run python -m smegvc.sphinxext.metadata --write-cff")


def test_citation_cff_is_valid_cff_1_2_0(report):
    doc = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert _cff_errors(doc) == []
    assert doc["title"] == report.title and doc["version"] == report.version
    assert doc["preferred-citation"]["year"] == report.year


def test_the_cff_check_rejects_what_cff_forbids(report):
    doc = yaml.safe_load(md.cff_text(report))
    for broken in ({**doc, "date-released": "27.11.2026"}, {**doc, "authors": [{"given-names": 1}]},
                   {**doc, "url": "sme-gvc.github.io"}, {**doc, "licence": "MIT"},
                   {k: v for k, v in doc.items() if k != "message"}):
        assert _cff_errors(broken), broken


def test_version_title_authors_and_licence_agree_with_package_and_config(report):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == report.version, "metadata.yml and pyproject.toml give different versions"
    licence = project["license"]  # an SPDX string (PEP 639) or an old-style {text = ...} table
    assert (licence if isinstance(licence, str) else licence["text"]) == report.license_code
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == report.title, "_config.yml title differs from metadata.yml"
    assert config["author"] == md.display_authors(report.authors)
    assert "smegvc.sphinxext.cite" in config["sphinx"]["extra_extensions"]
    assert config["sphinx"]["config"]["bibtex_reference_style"] == bibstyle.REFERENCE_STYLE
    assert config["sphinx"]["config"]["bibtex_default_style"] == bibstyle.STYLE
    assert config["sphinx"]["config"]["bibtex_cite_id"] == "cite-{key}"
    assert report.site_url.endswith("/") and report.repository.startswith("https://")


def test_toc_pages_are_read_in_order_with_nested_sections(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(yaml.safe_dump({"format": "jb-book", "root": "intro", "parts": [
        {"caption": "A", "chapters": [{"file": "a/one", "sections": [{"file": "a/one-b"}]}, {"file": "two"}]},
        {"caption": "B", "chapters": [{"file": "three"}]}]}))
    assert cite.toc_docnames(toc) == ("intro", ["a/one", "a/one-b", "two", "three"])
    assert cite.chapter_anchor("a/one-b") == "ch-one-b"


def test_every_no_cite_box_page_is_in_the_toc(report):
    _, docs = cite.toc_docnames(ROOT / "_toc.yml")
    assert set(report.no_cite_box) <= set(docs)


# ---------------------------------------------------------------------------------------------
# Formatting, worked by hand
PERSONS = [{"family-names": "Lee", "given-names": "Seung-shin"},
           {"family-names": "Berg", "given-names": "Marcel", "name-particle": "van den"},
           {"family-names": "Na", "given-names": "Su Yeob"}]


def test_apa_author_lists():
    assert md.apa_authors(PERSONS[:1]) == "Lee, S.-s."
    assert md.apa_authors(PERSONS[:2]) == "Lee, S.-s., & van den Berg, M."
    assert md.apa_authors(PERSONS) == "Lee, S.-s., van den Berg, M., & Na, S. Y."
    many = [{"family-names": f"F{i}", "given-names": "A"} for i in range(1, 23)]
    assert md.apa_authors(many) == ", ".join(f"F{i}, A." for i in range(1, 20)) + ", . . . F22, A."
    assert md.apa_authors([{"name": "OECD"}]) == "OECD"
    assert md.display_authors(PERSONS) == "Seung-shin Lee, Marcel van den Berg and Su Yeob Na"


def _report(**changes):
    base = dict(title="A & B: 100% of SMEs", authors=tuple(PERSONS[:2]), version="1.2.3",
                date=dt.date(2027, 3, 4), site_url="https://example.org/r/", repository="https://example.org/g",
                license_text="CC-BY-4.0", license_code="MIT", cite_key="rep")
    return md.Report(**{**base, **changes})


def test_apa_chapter_reference_by_hand():
    r = _report()
    assert md.plain_text(md.apa_chapter(r, "book/summary", "Summary")) == (
        "Lee, S.-s., & van den Berg, M. (2027). Summary. In *A & B: 100% of SMEs* (Version 1.2.3). "
        "https://example.org/r/book/summary.html")
    team = _report(authors=({"name": "The team"},))
    assert md.plain_text(md.apa_report(team)) == (
        "The team. (2027). *A & B: 100% of SMEs* (Version 1.2.3). https://example.org/r/")


def test_bibtex_entries_parse_and_escape_specials():
    r = _report()
    for text, key in ((md.bibtex_report(r), "rep2027"), (md.bibtex_chapter(r, "book/summary", "Summary"), "rep2027-summary")):
        entry = parse_string(text, "bibtex").entries[key]
        assert [str(p) for p in entry.persons["author"]] == ["Lee, Seung-shin", "van den Berg, Marcel"]
        assert entry.fields["year"] == "2027" and entry.fields["version"] == "1.2.3"
    chapter = parse_string(md.bibtex_chapter(r, "book/summary", "Summary"), "bibtex").entries["rep2027-summary"]
    assert chapter.fields["booktitle"] == r"{A \& B: 100\% of SMEs}"
    assert chapter.fields["url"] == "https://example.org/r/book/summary.html"


# ---------------------------------------------------------------------------------------------
# Bad metadata names the file and the field
GOOD = {"title": "T", "authors": [{"name": "Team"}], "version": "1.0.0", "date-released": "2026-01-02",
        "site_url": "https://x.org/", "repository": "https://g.org/x", "license": {"text": "CC-BY-4.0", "code": "MIT"}}


@pytest.mark.parametrize("change, column", [
    ({"title": None}, "title"),
    ({"date-released": "2026-13-01"}, "date-released"),
    ({"authors": [{"given-names": "Ann"}]}, "authors[1]"),
    ({"authors": [{"name": "Team", "colour": "red"}]}, "authors[1]"),
    ({"site_url": "x.org"}, "site_url"),
    ({"license": "MIT"}, "license"),
    ({"version": "first"}, "version"),
])
def test_bad_metadata_names_file_and_field(tmp_path, change, column):
    path = tmp_path / "metadata.yml"
    path.write_text(yaml.safe_dump({**GOOD, **change}), encoding="utf-8")
    with pytest.raises(DataError) as err:
        md.load(path)
    assert err.value.column == column and str(path) in str(err.value)


def test_good_metadata_loads(tmp_path):
    path = tmp_path / "metadata.yml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    r = md.load(path)
    assert r.date == dt.date(2026, 1, 2) and r.year == 2026 and r.license_text == "CC-BY-4.0"


def test_data_version_follows_the_data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    assert md.data_version(root=tmp_path) == "none"
    (data / "a.csv").write_text("x\n1\n")
    v1 = md.data_version(root=tmp_path)
    (data / "a.csv").write_text("x\n2\n")
    v2 = md.data_version(root=tmp_path)
    assert len(v1) == 12 and v1 != v2
    (data / "datapackage.json").write_text("{}")
    v3 = md.data_version(root=tmp_path)
    (data / "a.csv").write_text("x\n3\n")  # with a data package, the package's hash is the version
    assert md.data_version(root=tmp_path) == v3 != v2
    assert md.data_version(_report(data_version="v7"), root=tmp_path) == "v7"


# ---------------------------------------------------------------------------------------------
# Bibliography
def test_references_bib_has_unique_keys_links_and_the_main_sources():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M)
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate BibTeX keys: {dupes}"
    entries = parse_string(text, "bibtex").entries
    assert set(MAIN_SOURCES) <= set(entries), set(MAIN_SOURCES) - set(entries)
    unlinked = [k for k in MAIN_SOURCES if not ({"url", "doi"} & {f.lower() for f in entries[k].fields})]
    assert not unlinked, f"main sources without url or doi: {unlinked}"


HAND_BIB = r"""
@article{a1, author = {Lee, Joonkoo and Kim, Jong-Cheol and Lim, Jinho}, title = {Zeta}, journal = {J}, year = {2016}}
@techreport{a2, author = {Lee, Seungshin and Lee, Hyuntae and Na, Suyeob}, title = {Alpha}, institution = {K}, year = {2016}}
@misc{a3, author = {Lee, Keun and Mathews, John A.}, title = {South {Korea} and {Taiwan}}, year = {2012}}
@misc{a4, author = {{Statistics Korea}}, title = {{SME} trade}, year = {2017}}
@article{a5, author = {Tsan, Wen-Nan and others}, title = {Phones}, journal = {J}, volume = {2}, number = {3}, year = {2012}}
@misc{a6, author = {van den Berg, Marcel}, title = {Tables}, year = {2016}}
"""


def _labels(text):
    bibstyle.register()
    style = bibstyle.Style()
    entries = style.sort(parse_string(text, "bibtex").entries.values())
    return style, entries, {e.key: lab for e, lab in zip(entries, style.format_labels(entries))}


def test_author_year_labels_by_hand():
    style, entries, labels = _labels(HAND_BIB)
    # same author part and year: a and b, in list order (titles: Alpha before Zeta)
    assert labels == {"a1": "Lee et al., 2016b", "a2": "Lee et al., 2016a", "a3": "Lee and Mathews, 2012",
                      "a4": "Statistics Korea, 2017", "a5": "Tsan et al., 2012", "a6": "van den Berg, 2016"}
    assert [e.key for e in entries] == ["a3", "a2", "a1", "a4", "a5", "a6"]
    assert bibstyle.split_label("Statistics Korea and Korea Customs Service, 2018") == (
        "Statistics Korea and Korea Customs Service", "2018")
    text = {fe.key: fe.text.render_as("text") for fe in style.format_entries(entries)}
    assert text["a5"].startswith("Wen-Nan Tsan et al. Phones.") and "others" not in text["a5"]
    assert "2(3)" in text["a5"]
    assert "South Korea and Taiwan" in text["a3"] and "SME trade" in text["a4"]


def test_no_two_references_share_a_label():
    labels = bibstyle.entry_labels(ROOT / "references.bib")
    dupes = sorted({lab for lab in labels.values() if list(labels.values()).count(lab) > 1})
    assert not dupes, f"two references render with the same label: {dupes}"
    # the two 2016 works of authors called Lee (the KIEP study and Lee, Kim & Lim) are told apart
    assert {labels["kiep2016"], labels["lee2016phones"]} == {"Lee et al., 2016a", "Lee et al., 2016b"}


def test_references_render_proper_nouns_and_journal_volumes():
    bibstyle.register()
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    entries = parse_string(text, "bibtex").entries
    style = bibstyle.Style()
    rendered = {fe.key: fe.text.render_as("text") for fe in style.format_entries(style.sort(entries.values()))}
    for key, line in rendered.items():
        for word in ("taiwan", "korea", "sme", "smes", "world input-output database",
                     "trade by enterprise characteristics"):
            assert not re.search(rf"(?<![\w/.-]){word}(?![\w/-])", line), f"{key}: lowercased {word!r}: {line}"
        assert " others" not in line and " and others" not in line, f"{key}: {line}"
    for key, entry in entries.items():
        if entry.type == "article":
            missing = {"journal", "volume", "number", "year"} - set(entry.fields)
            assert not missing, f"{key}: article without {sorted(missing)}"


# ---------------------------------------------------------------------------------------------
# In the built site and PDF
def _cite_docs(report):
    _, docs = cite.toc_docnames(ROOT / "_toc.yml")
    return docs, [d for d in docs if d not in report.no_cite_box]


def test_every_chapter_has_its_stable_anchor_and_cite_box(built_book, report):
    docs, cited = _cite_docs(report)
    for doc in docs:
        soup = BeautifulSoup((built_book / "html" / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        anchor = cite.chapter_anchor(doc)
        assert soup.find(id=anchor) is not None, f"{doc}.html has no #{anchor}"
        box = soup.find("aside", class_="smegvc-cite")
        if doc not in cited:
            assert box is None
            continue
        assert box is not None, f"{doc}.html has no citation box"
        title = soup.select_one("article h1").get_text(" ", strip=True).rstrip("#").strip()
        apa = box.find(class_="smegvc-cite__apa").get_text(" ", strip=True)
        assert report.chapter_url(doc) in apa and f"Version {report.version}" in apa and report.title in apa
        assert re.sub(r"^[\d.]+\s*", "", title) in apa
        entry = parse_string(box.find("pre").get_text(), "bibtex").entries[report.chapter_key(doc)]
        assert entry.fields["url"] == report.chapter_url(doc)


def test_footer_shows_version_build_and_data_version(built_book, report):
    dv = md.data_version(report)
    root, docs = cite.toc_docnames(ROOT / "_toc.yml")
    for name in [f"{d}.html" for d in [root, *docs]] + ["genindex.html", "search.html"]:
        page = built_book / "html" / name
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(class_="smegvc-footer")
        assert footer is not None, f"{page} has no version footer"
        line = footer.get_text(" ", strip=True)
        assert f"Version {report.version}" in line and dv in line and "built " in line


def test_how_to_cite_page_and_pdf_title_come_from_metadata(built_book, report):
    page = BeautifulSoup((built_book / "html" / "book" / "how-to-cite.html").read_text(encoding="utf-8"), "html.parser")
    text = page.get_text(" ", strip=True)
    assert md.plain_text(md.apa_report(report), italic="") in text
    assert report.report_key in text and md.data_version(report) in text
    tex = built_book / "latex" / "sme-gvc-report.tex"
    if not tex.is_file():
        pytest.skip("no LaTeX build (PDF tools missing)")
    tex = tex.read_text(encoding="utf-8")
    assert f"\\release{{{report.version}}}" in tex and r"\renewcommand{\releasename}{Version}" in tex
    assert f"\\date{{{report.date.day} {report.date:%B %Y}}}" in tex
    assert tex.count(r"\begin{sphinxadmonition}{note}{How to cite this chapter}") == len(_cite_docs(report)[1])


def test_one_references_section_with_stable_anchors_in_the_site(built_book):
    labels = bibstyle.entry_labels(ROOT / "references.bib")
    page = BeautifulSoup((built_book / "html" / "book" / "references.html").read_text(encoding="utf-8"),
                         "html.parser")
    cites = page.select("article div.citation")
    assert len(cites) == len(labels), f"{len(cites)} entries in references.html, {len(labels)} in references.bib"
    shown = {c["id"]: c.find(class_="label").get_text(strip=True).strip("[]") for c in cites}
    assert shown == {f"cite-{k}": lab for k, lab in labels.items()}, "anchors or labels differ from the keys"
    # in-text citations link to those anchors and read as the labels
    index = BeautifulSoup((built_book / "html" / "book" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = index.select_one('span.bibtex-citation a[href$="#cite-kiep2016"]')
    assert link is not None and link.get_text(strip=True) == labels["kiep2016"]
    assert link.find_parent("span").get_text(strip=True) == f"({labels['kiep2016']})"
    others = [p for p in (built_book / "html").rglob("*.html")
              if p.name != "references.html" and "div class=\"citation\"" in p.read_text(encoding="utf-8")]
    assert not others, f"a second bibliography on {others}"


def test_one_references_chapter_in_the_pdf(built_book):
    tex = built_book / "latex" / "sme-gvc-report.tex"
    if not tex.is_file():
        pytest.skip("no LaTeX build (PDF tools missing)")
    tex = tex.read_text(encoding="utf-8")
    chapters = re.split(r"\\chapter\{", tex)
    refs = [c for c in chapters if c.startswith("References}")]
    assert len(refs) == 1, "no References chapter, or more than one"
    items = re.findall(r"\\bibitem\[([^\]]*)\]\{book/references:cite-([^}]*)\}", refs[0])
    labels = bibstyle.entry_labels(ROOT / "references.bib")
    assert len(items) == len(labels) and {k for _, k in items} == set(labels), "References chapter is not the list"
    assert tex.count(r"\begin{sphinxthebibliography}") == 1, "the list appears twice"
    assert not re.search(r"\\chapter\*?\{(Bibliography|\\bibname)\}", tex), "a Bibliography chapter"


def test_references_section_is_not_empty_in_the_site(built_book):
    page = BeautifulSoup((built_book / "html" / "book" / "references.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = page.select_one("article")
    assert article is not None and len(article.get_text(" ", strip=True)) > 2000
    assert article.select("div.citation p"), "references.html lists no entries"
