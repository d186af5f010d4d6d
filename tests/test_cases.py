"""Case-study data: every fact sourced, every verdict backed by an A or B source under a falsifiable rule,
every firm's size class sourced and comparators never counted as SMEs; derived views as documented."""
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


@pytest.fixture(scope="module")
def sizes(facts):
    return cases.load_firm_sizes(facts=facts)


# ------------------------------------------------------------------------------------ committed data

def test_every_fact_has_a_source_url_outlet_and_grade(facts):
    assert len(facts) > 0
    assert facts["source_url"].str.match(r"https?://\S+$").all()
    assert (facts["source_outlet"].str.len() > 0).all()
    assert facts["grade"].isin(list("ABC")).all()
    assert facts["fact_id"].is_unique
    # grade C always means verify; url_grades has one grade per URL, grade its worst, best_grade its best
    assert facts.loc[facts["grade"] == "C", "verify"].all()
    for _, r in facts.iterrows():
        grades = [g for _, g in cases.fact_urls(r)]
        assert r["grade"] == max(grades, key="ABC".index)
        assert r["best_grade"] == min(grades, key="ABC".index) or (r["best_grade"] == "C" and r["verify"])


def test_every_verdict_points_to_existing_facts_of_the_same_firm(facts, verdicts):
    ids = set(facts["fact_id"])
    backed = verdicts[verdicts["verdict"] != "no evidence"]
    assert len(backed) > 0
    for r in backed.itertuples():
        ev = cases.evidence_ids(r.evidence)
        assert ev, f"{r.case_id}/{r.factor} has no evidence"
        for e in ev:
            assert e in ids and e.startswith(r.case_id + ".")


def test_every_verdict_rests_on_an_a_or_b_source_of_its_facts(facts, verdicts):
    fx = facts.set_index("fact_id", drop=False)
    for _, r in verdicts[verdicts["verdict"] != "no evidence"].iterrows():
        graded = {u: g for e in cases.evidence_ids(r["evidence"]) for u, g in cases.fact_urls(fx.loc[e])}
        basis = cases.basis_urls(r["basis"])
        assert basis and all(graded[u] in ("A", "B") for u in basis), f"{r['case_id']}/{r['factor']}"
    # a fact resting only on grade C sources decides no verdict through any of its URLs
    c_only = set(case_views.c_only_facts(facts)["fact_id"])
    for _, r in verdicts.iterrows():
        urls = set(cases.basis_urls(r["basis"]))
        for e in set(cases.evidence_ids(r["evidence"])) & c_only:
            assert not urls & {u for u, _ in cases.fact_urls(fx.loc[e])}


def test_verdicts_follow_the_written_rule_and_never_support_by_absence(verdicts):
    for r in verdicts.itertuples():
        assert r.verdict == cases.VERDICT_RULE.get((r.factor_status, r.outcome), "no evidence")
        if r.verdict == "supports":
            assert r.factor_status == "present" and r.outcome == "success"
        if r.factor_status == "absent":
            assert r.verdict != "supports"
    # the rule is falsifiable: every documented status has an outcome that contradicts it
    for status in ("present", "absent"):
        assert "contradicts" in {cases.code_verdict(status, o) for o in cases.OUTCOMES}
    assert cases.code_verdict("absent", "setback") == "no evidence"
    # Melfas lost its one domestic buyer: that absence is not support for the foreign-buyer factor
    melfas = verdicts.set_index(["case_id", "factor"]).loc[("melfas", "foreign_buyers")]
    assert melfas["factor_status"] == "absent" and melfas["verdict"] == "no evidence"


def test_verdicts_cover_every_firm_and_factor_once(facts, verdicts, sizes):
    firms = facts["case_id"].unique()
    assert len(verdicts) == len(firms) * len(cases.FACTORS)
    grid = case_views.success_factor_grid(verdicts, facts)
    assert grid.shape == (len(firms), len(cases.FACTORS))
    assert grid.isin(cases.VERDICTS).all().all()
    summary = case_views.factor_summary(verdicts, facts, sizes)
    decided = verdicts[verdicts["verdict"] != "no evidence"]
    assert summary.to_numpy().sum() == len(decided)
    sme = set(sizes.loc[sizes["role"] == "SME case", "case_id"])
    n_sme = decided["case_id"].isin(sme).groupby(decided["factor"].map(cases.FACTORS)).sum()
    sme_cols = [c for c in summary.columns if c.startswith("SME cases")]
    assert (summary[sme_cols].sum(axis=1) == n_sme.reindex(summary.index, fill_value=0)).all()


# ------------------------------------------------------------------------------------ firm size

def test_every_firm_has_a_sourced_size_class(facts, sizes):
    assert sorted(sizes["case_id"]) == sorted(facts["case_id"].unique())
    assert sizes["size_class"].isin(cases.SIZE_CLASSES).all()
    fx = facts.set_index("fact_id", drop=False)
    for _, r in sizes[sizes["size_class"] != "not documented"].iterrows():
        graded = {u: g for e in cases.evidence_ids(r["evidence"]) for u, g in cases.fact_urls(fx.loc[e])}
        basis = cases.basis_urls(r["basis"])
        assert basis and all(graded[u] in ("A", "B") for u in basis), r["case_id"]
        assert r["figure"] and r["period"]


def test_large_firms_and_affiliates_are_comparators_not_sme_successes(facts, verdicts, sizes):
    role = sizes.set_index("case_id")
    for firm in ("htc", "mediatek", "interflex", "partron"):
        assert role.at[firm, "size_class"] != "SME" and role.at[firm, "role"] == "comparator"
    assert (sizes["role"] == "SME case").eq(sizes["size_class"] == cases.SME_CLASS).all()
    counts = case_views.case_counts(facts, case_views.case_matrix(facts), verdicts, sizes)
    frame = case_views.verdict_frame(verdicts, facts, sizes)
    for key, label in cases.FACTORS.items():
        sel = (frame["factor"] == label) & (frame["verdict"] == "supports")
        assert counts[f"{key}_supports_sme"] == int((sel & frame["case_id"].isin(
            sizes.loc[sizes["size_class"] == "SME", "case_id"])).sum())
    # the SME count of the success-factor figure excludes every comparator
    assert counts["n_sme"] + counts["n_comparators"] == counts["n_firms"]
    assert counts["n_sme"] == int((sizes["size_class"] == "SME").sum())


def test_success_factor_figure_marks_grade_and_size(facts, verdicts, sizes):
    import matplotlib
    matplotlib.use("Agg")
    from smegvc.report import case_charts
    fig, data = case_charts.success_factor_heatmap(verdicts, facts, sizes)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    first = sizes.set_index("case_id")
    assert len(labels) == facts["case_id"].nunique()
    # SME cases come first, each label names the size class
    n_sme = int((sizes["role"] == "SME case").sum())
    assert all(lab.endswith("\nSME") for lab in labels[:n_sme]) and not any(lab.endswith("\nSME") for lab in labels[n_sme:])
    texts = [t.get_text() for t in ax.texts]
    decided = data[data["verdict"] != "no evidence"]
    assert len(texts) == len(decided)
    assert all(t[-1] in "AB" for t in texts)
    assert set(data["grade"][data["verdict"] != "no evidence"]) <= {"A", "B"}
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == len(cases.FACTORS) * int((first["role"] != "SME case").sum())
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_chapter_tables_never_say_verify_and_leave_out_c_only_facts(facts, verdicts, sizes):
    c_only = case_views.c_only_facts(facts)
    assert len(c_only) > 0
    outputs = [case_views.fact_table(facts, iso, caption="x")._repr_markdown_() for iso in ("KOR", "TWN")]
    outputs += [case_views.matrix_table(case_views.case_matrix(facts), part, caption="x")._repr_markdown_()
                for part in ("links", "record")]
    outputs += [case_views.verdict_notes(verdicts, facts, sizes, caption="x")._repr_markdown_(),
                case_views.stage_table(cases.load_gvc_structure(), caption="x")._repr_markdown_(),
                case_views.instrument_table(cases.load_policy_instruments(), "TWN", caption="x")._repr_markdown_()]
    for md in outputs:
        assert "verify" not in md.lower()
    facts_md = "".join(outputs[:4])
    appendix = case_views.evidence_appendix_table(facts, verdicts, caption="x")._repr_markdown_()
    for value in c_only["value"]:
        assert mdtable.md_text(value) not in facts_md
        assert mdtable.md_text(value) in appendix


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


def test_matrix_splits_buyers_by_home_economy_and_ignores_c_only_facts():
    rows = [
        ("x.gvc_entry_mode", "x", "TWN", "gvc_entry_mode", "Component supplier to Apple and HTC", False, "B"),
        ("x.customers", "x", "TWN", "customers", "Huawei and Apple", True, "B"),
        ("x.key_customers", "x", "TWN", "key_customers", "Nokia (forum post)", True, "C"),
        ("x.overseas_production", "x", "TWN", "overseas_production", "Plants in Kunshan and Tainan", False, "A"),
    ]
    f = pd.DataFrame(rows, columns=["fact_id", "case_id", "country", "field", "value", "verify", "best_grade"])
    f = f.assign(firm="X", firm_local="")
    m = case_views.case_matrix(f).iloc[0]
    assert m["domestic_buyers"] == "HTC"
    assert m["foreign_buyers"] == "Huawei, Apple"        # in field order; Nokia rests only on a grade C source
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


def test_verdict_loader_rejects_unbacked_unknown_or_grade_c_evidence(tmp_path, facts):
    fact = facts[facts["url_grades"] == "B"].iloc[0]
    fid, firm, url = fact["fact_id"], fact["case_id"], fact["source_url"]
    cfact = facts[(facts["best_grade"] == "C") & (facts["case_id"] != firm)].iloc[0]
    header = "case_id,factor,factor_status,outcome,evidence,basis,note\n"
    bad = {
        f"{firm},own_technology,present,success,,,x\n": ("needs an evidence fact", "evidence"),
        f"{firm},own_technology,present,success,{fid},,x\n": ("needs a basis URL", "basis"),
        f"{firm},own_technology,present,success,{firm}.nothing,{url},x\n": ("not a fact id", "evidence"),
        f"{firm},own_technology,present,success,{fid},https://elsewhere.org/x,x\n": ("not a source", "basis"),
        f"{cfact['case_id']},own_technology,present,success,{cfact['fact_id']},{cfact['source_url']},x\n":
            ("graded C", "basis"),
        f"{firm},own_technology,maybe,success,{fid},{url},x\n": ("factor_status", "factor_status"),
        f"{firm},own_technology,present,lucky,{fid},{url},x\n": ("outcome", "outcome"),
        f"{firm},own_technology,not documented,success,,,x\n": ("no outcome", "outcome"),
        f"{firm},luck,present,success,{fid},{url},x\n": ("unknown factor", "factor"),
    }
    for row, (match, column) in bad.items():
        p = tmp_path / "v.csv"
        p.write_text(header + row)
        with pytest.raises(DataError, match=match) as err:
            cases.load_success_factors(p, facts=facts)
        assert err.value.row == 2 and err.value.column == column
    # absent + setback is accepted without a basis: it decides nothing
    p.write_text(header + f"{firm},foreign_buyers,absent,setback,{fid},,x\n")
    assert cases.load_success_factors(p, facts=facts).loc[0, "verdict"] == "no evidence"


def test_size_loader_rejects_unsourced_or_incomplete_classes(tmp_path, facts):
    fact = facts[facts["url_grades"] == "B"].iloc[0]
    fid, firm, url = fact["fact_id"], fact["case_id"], fact["source_url"]
    header = "case_id,period,size_class,figure,evidence,basis,note\n"
    others = "".join(f"{c},2010,not documented,none,,,x\n" for c in facts["case_id"].unique() if c != firm)
    bad = {
        f"{firm},2010,tiny,x,{fid},{url},x\n": ("size_class", "size_class"),
        f"{firm},2010,SME,x,,,x\n": ("needs an evidence fact", "evidence"),
        f"{firm},2010,SME,x,{fid},,x\n": ("needs a basis URL", "basis"),
    }
    for row, (match, column) in bad.items():
        p = tmp_path / "s.csv"
        p.write_text(header + row + others)
        with pytest.raises(DataError, match=match) as err:
            cases.load_firm_sizes(p, facts=facts)
        assert err.value.row == 2 and err.value.column == column
    p.write_text(header + others)
    with pytest.raises(DataError, match="no size class"):
        cases.load_firm_sizes(p, facts=facts)
    p.write_text(header + f"{firm},2010,SME,x,{fid},{url},x\n" + others)
    s = cases.load_firm_sizes(p, facts=facts).set_index("case_id")
    assert s.at[firm, "role"] == "SME case" and (s.drop(firm)["role"] == "comparator").all()


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


def test_outlet_labels_drop_the_dossiers_verify_notes():
    assert case_views.outlet_label("news repost (verify)") == "news repost"
    assert case_views.outlet_label("NYT report quoted on a forum — verify against filings") == "NYT report quoted on a forum"
    assert case_views.outlet_label("Korea JoongAng Daily") == "Korea JoongAng Daily"
    assert case_views.source_cell("blog — verify", "2011", "https://b.com/x", "C").endswith("(grade C)")
