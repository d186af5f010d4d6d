"""Case-study data: every fact sourced, every verdict backed by a fact, derived views as documented."""
import shutil
import textwrap

import pandas as pd
import pytest

from smegvc.report import case_views
from smegvc.evidence import cases
from smegvc.report import tables as mdtable
from smegvc import paths
from smegvc.errors import DataError


@pytest.fixture(scope="module")
def facts():
    return cases.load_facts()


@pytest.fixture(scope="module")
def verdicts(facts):
    return cases.load_success_factors(facts=facts)


# ------------------------------------------------------------------------------------ committed data

def test_every_fact_has_a_source_url_outlet_and_grade(facts):
    assert len(facts) > 0
    assert facts["source_url"].str.match(r"https?://\S+$").all()
    assert (facts["source_outlet"].str.len() > 0).all()
    assert facts["grade"].isin(list("ABC")).all()
    assert facts["fact_id"].is_unique
    # grade C always means verify
    assert facts.loc[facts["grade"] == "C", "verify"].all()


def test_every_verdict_points_to_existing_facts_of_the_same_firm(facts, verdicts):
    ids = set(facts["fact_id"])
    backed = verdicts[verdicts["verdict"] != "no evidence"]
    assert len(backed) > 0
    for r in backed.itertuples():
        ev = cases.evidence_ids(r.evidence)
        assert ev, f"{r.case_id}/{r.factor} has no evidence"
        for e in ev:
            assert e in ids and e.startswith(r.case_id + ".")


def test_verdicts_cover_every_firm_and_factor_once(facts, verdicts):
    firms = facts["case_id"].unique()
    assert len(verdicts) == len(firms) * len(cases.FACTORS)
    grid = case_views.success_factor_grid(verdicts, facts)
    assert grid.shape == (len(firms), len(cases.FACTORS))
    assert grid.isin(cases.VERDICTS).all().all()
    summary = case_views.factor_summary(verdicts, facts)
    for country in facts["country"].unique():  # each factor's counts add up to the country's firms
        n = facts.drop_duplicates("case_id")["country"].eq(country).sum()
        cols = [f"{country} {v}" for v in cases.VERDICTS]
        assert (summary[cols].sum(axis=1) == n).all()


def test_matrix_has_one_row_per_firm_and_traces_its_facts(facts):
    m = case_views.case_matrix(facts)
    assert len(m) == facts["case_id"].nunique() and m["case_id"].is_unique
    assert m["entry_mode"].isin(case_views.ENTRY_MODES).all()
    assert not (m["entry_mode"] == "unclassified").any()
    known = set(facts["fact_id"])
    for col in ("entry_mode_facts", "customers_facts", "rnd_facts", "production_abroad_facts", "outcome_facts"):
        for cell in m[col]:
            assert all(e in known for e in cases.evidence_ids(cell))
    # a cell without a fact says so, and a cell with a fact is that fact's text
    fx = facts.set_index("fact_id")
    for r in m.itertuples():
        if r.outcome_facts:
            assert r.outcome.startswith(fx.at[r.outcome_facts, "value"])
        else:
            assert r.outcome == case_views.NO_FACT


def test_gvc_and_policy_rows_are_sourced_and_ordered():
    gvc = cases.load_gvc_structure()
    assert gvc["source_url"].str.match(r"https?://").all()
    assert gvc["stage_order"].is_monotonic_increasing
    pol = cases.load_policy_instruments()
    assert pol["source_url"].str.match(r"https?://").all()
    assert set(pol["country"]) == {"KOR", "TWN"}
    assert (pol["area"] != "other").all()
    assert pol["instrument_id"].is_unique


def test_committed_files_equal_a_fresh_extract(shared, tmp_path):
    (tmp_path / "cases").mkdir()
    shutil.copy(paths.DATA / cases.GRADES_FILE, tmp_path / cases.GRADES_FILE)
    cases.extract_cases(out=tmp_path, log=lambda *a: None)
    for rel in (cases.FACTS_FILE, cases.GVC_FILE, cases.POLICY_FILE, cases.PROVENANCE_FILE):
        assert (tmp_path / rel).read_bytes() == (paths.DATA / rel).read_bytes(), f"{rel} is stale"


# ------------------------------------------------------------------------------------ rules on hand examples

@pytest.mark.parametrize("text, mode", [
    ("Own-technology component supplier selling directly to foreign brand leaders", "component supplier"),
    ("Captive first-tier supplier inside Samsung's internalised chain", "component supplier"),
    ("Approved as a first-tier camera-module vendor", "component supplier"),
    ("ODM: designed and built Windows Mobile PDAs under their brands", "ODM"),
    ("took control of client Dopod and moved to own brand (ODM→OBM)", "own brand"),
    ("EMS assembly of handsets for Apple", "OEM"),
    ("OEM production of camera lenses", "OEM"),
    ("Small precision die-cast metal parts: phone hinges", "component supplier"),
    ("Flexible printed circuits (FPC) for smartphones", "component supplier"),
    ("Spun off from UMC's multimedia unit", "unclassified"),
])
def test_entry_mode_rules(text, mode):
    assert case_views.classify_entry_mode(text) == mode


def test_buyers_are_found_in_order_of_mention_and_places_by_economy():
    assert case_views.find_buyers("Apple (exclusive), Sony, LG Electronics, Huawei") == [
        ("Apple", "USA"), ("Sony / Sony Ericsson", "JPN"), ("LG", "KOR"), ("Huawei", "CHN")]
    assert case_views.find_buyers("rivals Atmel, Cypress, Synaptics") == []
    assert case_views.find_places("Main production in Xiamen; Taichung makes glass") == ["China", "Taiwan"]
    assert case_views.find_places("Partron Vina (Vinh Phuc); Greater Noida") == ["Vietnam", "India"]


def test_matrix_splits_buyers_by_home_economy_and_flags_verify():
    rows = [
        ("x.gvc_entry_mode", "x", "TWN", "gvc_entry_mode", "Component supplier to Apple and HTC", False),
        ("x.customers", "x", "TWN", "customers", "Huawei and Apple", True),
        ("x.overseas_production", "x", "TWN", "overseas_production", "Plants in Kunshan and Tainan", False),
    ]
    f = pd.DataFrame(rows, columns=["fact_id", "case_id", "country", "field", "value", "verify"])
    f = f.assign(firm="X", firm_local="")
    m = case_views.case_matrix(f).iloc[0]
    assert m["domestic_buyers"] == "HTC"
    assert m["foreign_buyers"] == "Apple, Huawei (verify)"
    assert m["production_abroad"] == "China"
    assert m["rnd"] == case_views.NO_FACT


@pytest.mark.parametrize("text, area", [
    ("Kaohsiung Export Processing Zone (first EPZ) FDI attraction", "FDI attraction"),
    ("ITRI (Industrial Technology Research Institute) applied research", "public research and science parks"),
    ("SBIR subsidy up to 50% of SME R&D cost", "SME R&D subsidies"),
    ("World Class 300 R&D and KOTRA packages", "growth-champion programmes"),
    ("수출바우처 (Export Voucher)", "export promotion"),
    ("하도급법 (Fair Subcontracting Act)", "large-small firm relations"),
    ("SME Credit Guarantee Fund (信保基金)", "SME finance"),
])
def test_policy_area_rules(text, area):
    assert cases.policy_area(text) == area


def test_start_year():
    assert cases.start_year("1966-12-03") == (1966, "")
    assert cases.start_year("c.1974 (created after the 1973 oil-crisis shock; year inferred)") == (1974, "approximate")
    assert cases.start_year("start year not verified in stored sources; budget data for 1994") == (None, "not verified")


def test_markdown_cells_escape_math_and_table_pipes():
    assert mdtable.md_text("US$4m raised to US$269.4m | x") == "US\\$4m raised to US\\$269.4m \\| x"
    assert mdtable.md_link("전자신문 [파워기업]", "https://e.com/a b").startswith("[전자신문 \\[파워기업\\]](<https://e.com/a%20b>)")


# ------------------------------------------------------------------------------------ builder and loaders on bad input

GRADES = "domain,grade,kind,note\ngood.com,B,news,x\nblog.com,C,blog,x\n"
SOURCES = "sources:\n  S1:\n    url: https://listed.org/a\n    reliability: A (mirror)\n"
GVC = "stage,korean_firms_and_size,taiwanese_firms,published_figure,year,source_outlet,source_url\n" \
      "Camera lens,—,Largan,40%,2011,ITPro,https://good.com/x\n" \
      "Passive components (MLCC),SEMCO,Yageo,none,—,not found,\n"
POLICY = "country,instrument,start_date,content_and_figures,source_outlet,source_url\n" \
         "Taiwan,SBIR,1999-02,R&D subsidy,SMEA,https://listed.org/a | https://blog.com/b\n"


def _dossier(tmp_path, cases_yaml):
    src, out = tmp_path / "src", tmp_path / "out"
    (src).mkdir()
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "source_grades.csv").write_text(GRADES)
    (src / "sources.yaml").write_text(SOURCES)
    (src / "gvc_structure.csv").write_text(GVC)
    (src / "policy_instruments.csv").write_text(POLICY)
    (src / "cases.yaml").write_text(textwrap.dedent(cases_yaml))
    return src, out


GOOD_CASE = """
cases:
- firm: Example (例子)
  country: Taiwan
  size_note: small
  facts:
  - field: product
    value: Lenses
    source: {outlet: Good, date: '2011', url: 'https://good.com/1', also: ['https://blog.com/2']}
  - field: gvc_entry_mode
    value: Component supplier to Apple
    source: {outlet: Listed, date: 2012, url: 'https://listed.org/a'}
  - field: rnd_intensity
    value: null
    source: {outlet: not found, date: null, url: null}
"""


def test_builder_normalises_grades_and_records_gaps(tmp_path):
    src, out = _dossier(tmp_path, GOOD_CASE)
    written = cases.extract_cases(source=src, out=out, log=lambda *a: None)
    assert len(written) == 4
    f = cases.load_facts(out / cases.FACTS_FILE)
    assert f["fact_id"].tolist() == ["example.product", "example.gvc_entry_mode"]
    p, e = f.iloc[0], f.iloc[1]
    assert (p["firm"], p["firm_local"], p["country"], p["topic"]) == ("Example", "例子", "TWN", "product")
    assert p["grade"] == "C" and p["verify"]            # worst of B and C
    assert p["source_also"] == "https://blog.com/2"
    assert e["grade"] == "A" and not e["verify"] and e["source_ids"] == "S1"
    gvc = cases.load_gvc_structure(out / cases.GVC_FILE)
    assert len(gvc) == 1 and gvc.loc[0, "korean_firms"] == "" and gvc.loc[0, "stage_group"] == "Camera modules and lenses"
    pol = cases.load_policy_instruments(out / cases.POLICY_FILE)
    assert pol.loc[0, "grade"] == "C" and pol.loc[0, "source_also"] == "https://blog.com/b"
    prov = (out / cases.PROVENANCE_FILE).read_text()
    assert "Example: `rnd_intensity`" in prov and "Passive components (MLCC)" in prov


@pytest.mark.parametrize("edit, match, column", [
    (("url: 'https://good.com/1'", "url: null"), "no source url", "product"),
    (("field: product", "field: colour"), "unknown fact field", "colour"),
    (("url: 'https://good.com/1'", "url: 'https://nowhere.net/1'"), "no reliability grade", "source_url"),
    (("country: Taiwan", "country: Japan"), "country", "country"),
])
def test_builder_rejects_bad_dossier_and_writes_nothing(tmp_path, edit, match, column):
    src, out = _dossier(tmp_path, GOOD_CASE.replace(*edit))
    with pytest.raises(DataError, match=match) as err:
        cases.extract_cases(source=src, out=out, log=lambda *a: None)
    assert err.value.column == column and "cases.yaml" in err.value.path
    assert sorted(p.name for p in (out / "cases").iterdir()) == ["source_grades.csv"]


def test_verdict_loader_rejects_unbacked_or_unknown_evidence(tmp_path, facts):
    fid = facts["fact_id"].iloc[0]
    firm = facts["case_id"].iloc[0]
    header = "case_id,factor,verdict,evidence,note\n"
    bad = {
        f"{firm},own_technology,supports,,x\n": ("needs an evidence fact", "evidence"),
        f"{firm},own_technology,supports,{firm}.nothing,x\n": ("not a fact id", "evidence"),
        f"{firm},own_technology,maybe,{fid},x\n": ("verdict", "verdict"),
        f"{firm},luck,supports,{fid},x\n": ("unknown factor", "factor"),
    }
    for row, (match, column) in bad.items():
        p = tmp_path / "v.csv"
        p.write_text(header + row)
        with pytest.raises(DataError, match=match) as err:
            cases.load_success_factors(p, facts=facts)
        assert err.value.row == 2 and err.value.column == column


def test_tables_are_captioned_myst_tables_and_long_ones_may_break_across_pages():
    gvc = cases.load_gvc_structure()
    t = case_views.stage_table(gvc, caption="Stages", name="tbl-x", widths=[1, 1, 1, 1, 1])
    md = t._repr_markdown_()
    assert md.startswith("````{table} Stages\n:name: tbl-x\n:class: longtable\n:widths: 1 1 1 1 1\n")
    assert md.rstrip().endswith("````")
    body = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(body) == len(gvc) + 1                      # header + one line per stage row
    assert all(line.count(" | ") == 4 for line in body)   # no stray pipe splits a cell
    short = mdtable.MarkdownTable(pd.DataFrame({"a": [1]}), caption="Short")._repr_markdown_()
    assert ":class: longtable" not in short
    with pytest.raises(ValueError, match="widths"):
        mdtable.MarkdownTable(pd.DataFrame({"a": [1]}), widths=[1, 2])
