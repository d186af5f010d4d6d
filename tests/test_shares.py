"""Firm-size share table: the scaling rule, the committed table, and clear errors on bad files."""
import io

import numpy as np
import pandas as pd
import pytest

from smegvc.evidence import shares, share_rule, shares_schema
from smegvc import tracking
from smegvc.errors import DataError, InfeasibleSharesError
from smegvc.io.wiod2016 import INDUSTRIES


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def inputs():
    return {"priors": shares.read_priors(), "bm": shares.read_benchmarks(), "wiod": shares.wiod_vectors()}


@pytest.fixture(scope="session")
def derived(inputs):
    """Both scenarios, derived once from the committed inputs."""
    return {s: share_rule.derive_shares(inputs["bm"], inputs["priors"], inputs["wiod"], scenario=s)
            for s in shares_schema.SCENARIOS}


@pytest.fixture(scope="session")
def committed_text():
    return shares.shares_path().read_text(encoding="utf-8")


def block(df, country, year):
    return df[(df["country"] == country) & (df["year"] == year)].set_index("industry").loc[list(INDUSTRIES)]


# ---------------------------------------------------------------------------------------------- the rule

def test_hand_worked_three_industry_scaling():
    """Three industries, equal weights, priors 1/2, 1/3, 2/3 (odds 1, 1/2, 2), target mean 59/90.

    The rule moves all three by one logit shift c, i.e. multiplies every prior odds by k = exp(c).
    With k = 2 the odds are 2, 1, 4, the shares 2/3, 1/2, 4/5 and their mean
    (2/3 + 1/2 + 4/5) / 3 = (20 + 15 + 24) / 90 = 59/90 -- the target. The mean rises with k, so k = 2
    (c = ln 2) is the unique solution: the derived shares must be exactly 2/3, 1/2 and 4/5.
    """
    prior = np.array([1 / 2, 1 / 3, 2 / 3])
    target = {"mask": np.ones(3, bool), "w": np.ones(3), "value": 59 / 90, "label": "toy"}
    s, pinned = share_rule.fit_nested(share_rule.logit(prior)[None, :], [target])
    np.testing.assert_allclose(s[0], [2 / 3, 1 / 2, 4 / 5], rtol=1e-12)
    assert (pinned == 0).all()
    c = share_rule.solve_shift(share_rule.logit(prior)[None, :], np.ones(3), [59 / 30])
    assert c[0] == pytest.approx(np.log(2), rel=1e-12)


def test_nested_targets_fit_narrow_scope_first_and_leave_the_rest_to_the_broad_one():
    """Scope {0, 1} must average 0.3 (weights 1, 3); all three must average 0.5 (weights 1, 3, 4).

    Industry 2 alone absorbs the broad target: 4 s2 = 0.5 * 8 - 0.3 * 4 = 2.8, so s2 = 0.7 exactly.
    """
    base = share_rule.logit(np.array([[0.4, 0.4, 0.4]]))
    w = np.array([1.0, 3.0, 4.0])
    narrow = {"mask": np.array([True, True, False]), "w": w, "value": 0.3, "label": "narrow"}
    broad = {"mask": np.ones(3, bool), "w": w, "value": 0.5, "label": "broad"}
    s, pinned = share_rule.fit_nested(base, [broad, narrow])
    assert (s[0, :2] * w[:2]).sum() / 4 == pytest.approx(0.3, rel=1e-12)
    assert s[0, 2] == pytest.approx(0.7, rel=1e-12)
    assert list(pinned) == [1, 1, 0]
    with pytest.raises(ValueError, match="nested"):
        share_rule.fit_nested(base, [narrow, {**broad, "mask": np.array([False, True, True])}])


def test_export_clip_keeps_both_firm_sizes_within_their_output():
    alpha = np.array([0.2, 0.6, 0.5])
    x = np.array([100.0, 100.0, 50.0])
    e = np.array([90.0, 10.0, 50.0])      # industry 2 exports all its output
    lo, hi = share_rule.export_interval(alpha, x, e)
    np.testing.assert_allclose(lo, [1 - 0.8 * 100 / 90, 0.0, 0.5])
    np.testing.assert_allclose(hi, [0.2 * 100 / 90, 1.0, 0.5])
    # the clipped rule still meets a reachable target; an unreachable one is an error
    base = share_rule.logit(alpha)[None, :]
    t = {"mask": np.ones(3, bool), "w": e, "value": 0.32, "label": "exports"}   # reachable: [35, 55] / 150
    g, _ = share_rule.fit_nested(base, [t], lo, hi)
    assert (g[0] * e).sum() / e.sum() == pytest.approx(0.32, rel=1e-12)
    assert g[0, 2] == 0.5                 # pinned by feasibility
    assert (alpha * x >= g[0] * e - 1e-9).all() and ((1 - alpha) * x >= (1 - g[0]) * e - 1e-9).all()
    with pytest.raises(InfeasibleSharesError, match="outside the reachable range"):
        share_rule.fit_nested(base, [{**t, "value": 0.9}], lo, hi)


def test_target_at_interpolates_inside_and_carries_outside():
    pts = pd.DataFrame({"year": [2003, 2007], "value": [0.18, 0.17], "valid_from": 2000, "valid_to": 2014,
                        "benchmark_id": ["a", "b"]})
    assert share_rule.target_at(pts, 2007) == (0.17, "benchmark", 0, ["b"])
    v, how, dist, ids = share_rule.target_at(pts, 2004)
    assert v == pytest.approx(0.18 - 0.01 / 4) and how == "interpolated" and dist == 1 and ids == ["a", "b"]
    assert share_rule.target_at(pts, 2012)[:3] == (0.17, "carried", 5)
    assert share_rule.target_at(pts.assign(valid_to=2010), 2012) is None


# ---------------------------------------------------------------------------------------------- real data

def test_derived_shares_reproduce_every_published_benchmark(inputs, derived):
    """Weighted by WIOD output, value added or exports, each benchmark year gives the published figure."""
    bm, wiod = inputs["bm"], inputs["wiod"]
    checked = 0
    for scenario, df in derived.items():
        use = bm[bm["scenario"].isin([scenario, "all"]) & bm["year"].between(2000, 2014)
                 & (bm["valid_from"] <= bm["year"]) & (bm["valid_to"] >= bm["year"])]
        for _, b in use.iterrows():
            d = block(df, b["country"], b["year"])
            w = np.clip(wiod[(b["country"], b["year"])][b["weight"]], 0, None)
            s = d["sme_output_share" if b["quantity"] == "output" else "sme_export_share"].to_numpy(float)
            m = np.isin(INDUSTRIES, shares_schema.SCOPES[b["scope"]])
            if b["kind"] == "share":
                got = (s[m] * w[m]).sum() / w[m].sum()
            else:   # composition: the scope's part of all SME output in of_scope
                mo = np.isin(INDUSTRIES, shares_schema.SCOPES[b["of_scope"]])
                got = (s[m] * w[m]).sum() / (s[mo] * w[mo]).sum()
            assert got == pytest.approx(b["value"], rel=1e-9), b["benchmark_id"]
            checked += 1
    assert checked >= 30


def test_every_row_is_in_range_ordered_and_feasible(inputs, derived):
    for df in derived.values():
        assert len(df) == 2 * 15 * 56
        for col in shares_schema.REQUIRED_SHARES:
            assert df[col].between(0, 1).all(), col
        assert (df["output_low"] <= df["sme_output_share"]).all()
        assert (df["sme_output_share"] <= df["output_high"]).all()
        assert (df["export_low"] <= df["sme_export_share"]).all()
        assert (df["sme_export_share"] <= df["export_high"]).all()
        assert set(df["status"]) <= set(shares_schema.STATUSES) - {"published_industry"}
        shares.check_feasibility(df, inputs["wiod"], "derived")      # raises on any infeasible row


def test_statuses_say_what_the_row_rests_on(derived):
    """The status is the weaker of what the output and the export share rest on (calibrated_published <
    interpolated < carried < prior), and every status has a documented meaning (the schema's enum)."""
    df = derived["in_force"]
    mfg = list(shares_schema.SCOPES["manufacturing"])
    assert (block(df, "TWN", 2007)["status"] == "calibrated_published").all()   # both TWN targets published
    assert (block(df, "TWN", 2001)["status"] == "carried").all()                # output carried from 2007
    kor = block(df, "KOR", 2002)
    assert (kor.loc[mfg, "status"] == "interpolated").all()          # VA interpolated 2001-2003, exports published
    assert (kor.drop(index=mfg)["status"] == "prior").all()          # no Korean output share outside manufacturing
    assert (block(df, "KOR", 2003).loc[mfg, "status"] == "calibrated_published").all()
    assert (block(df, "KOR", 2014).loc[mfg, "status"] == "carried").all()
    assert (block(df, "KOR", 2014).drop(index=mfg)["status"] == "prior").all()
    assert shares_schema.STATUSES == tuple(shares_schema.STATUS_MEANINGS)
    field = next(f for f in shares_schema.SHARE_FIELDS if f["name"] == "status")
    assert field["constraints"]["enum"] == list(shares_schema.STATUSES)
    assert all(k in field["description"] for k in shares_schema.STATUSES)


def test_korean_2011_break_is_explicit(inputs, derived):
    """In force: 2010 carries the pre-break 2009 share, 2011 uses the post-break one. Consistent: no break."""
    e_of = {y: inputs["wiod"][("KOR", y)]["e"] for y in (2010, 2011)}
    goods = np.isin(INDUSTRIES, shares_schema.SCOPES["goods"])

    def goods_share(df, y):
        s = block(df, "KOR", y)["sme_export_share"].to_numpy(float)
        return (s[goods] * e_of[y][goods]).sum() / e_of[y][goods].sum()

    assert goods_share(derived["in_force"], 2010) == pytest.approx(0.323, rel=1e-9)
    assert goods_share(derived["in_force"], 2011) == pytest.approx(0.183, rel=1e-9)
    assert goods_share(derived["consistent"], 2011) == pytest.approx(0.323 + 2 / 3 * (0.321 - 0.323), rel=1e-9)
    notes = block(derived["in_force"], "KOR", 2011)["note"]
    assert notes.str.contains("post-2011").all()
    # output shares (establishment size classes) do not depend on the scenario
    a = derived["in_force"]["sme_output_share"].to_numpy()
    b = derived["consistent"]["sme_output_share"].to_numpy()
    np.testing.assert_array_equal(a, b)


def test_committed_table_is_the_build_of_the_committed_inputs(derived, committed_text):
    assert shares.share_table_csv(derived["in_force"]) == committed_text
    other = (shares.paths.DATA / shares_schema.CONSISTENT_FILE).read_text(encoding="utf-8")
    assert shares.share_table_csv(derived["consistent"]) == other


def test_build_writes_both_files_atomically(tmp_path, committed_text, monkeypatch):
    out = tmp_path / "firm_size_shares.csv"
    written = shares.build_share_table(out, log=lambda *a: None)
    assert written == [out, tmp_path / "firm_size_shares_kor_consistent.csv"]
    assert out.read_text(encoding="utf-8") == committed_text

    def boom(*a, **k):
        raise DataError("priors.csv", "broken on purpose", row=3, column="prior_sme_output_share")

    monkeypatch.setattr(shares, "read_priors", boom)
    fresh = tmp_path / "other" / "firm_size_shares.csv"
    with pytest.raises(DataError, match="broken on purpose"):
        shares.build_share_table(fresh, log=lambda *a: None)
    assert not fresh.parent.exists() or not any(fresh.parent.iterdir())


def test_a_published_row_passes_through_and_the_rest_still_meets_the_targets(inputs, derived):
    base = block(derived["in_force"], "TWN", 2007)
    row = base.loc["C26"].to_dict()
    row.update(country="TWN", year=2007, industry="C26", sme_output_share=0.2, sme_export_share=0.15,
               sme_va_share=0.25, sme_import_share=np.nan, status="published_industry", output_low=0.18,
               output_high=0.22, export_low=0.12, export_high=0.18, source="user survey", note="true share")
    ov = pd.DataFrame([row], columns=list(shares_schema.SHARE_COLUMNS))
    wiod = {("TWN", 2007): inputs["wiod"][("TWN", 2007)]}
    df = share_rule.derive_shares(inputs["bm"], inputs["priors"], wiod, overrides=ov)
    got = df.set_index("industry").loc["C26"]
    for col in shares_schema.SHARE_COLUMNS:
        if col == "industry":
            continue
        a, b = got[col], row[col]
        assert (pd.isna(a) and pd.isna(b)) or a == b, col
    v = wiod[("TWN", 2007)]
    s = df.set_index("industry").loc[list(INDUSTRIES)]
    assert (s["sme_output_share"] * v["x"]).sum() / v["x"].sum() == pytest.approx(0.2834, rel=1e-9)
    assert (s["sme_export_share"] * v["e"].clip(0)).sum() / v["e"].clip(0).sum() == pytest.approx(0.1702, rel=1e-9)
    # and a file holding such a row loads
    text = shares.share_table_csv(df)
    parsed = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    checked = shares.validate_share_frame(parsed, "user.csv", wiod)
    assert checked.set_index("industry").loc["C26", "status"] == "published_industry"


# ---------------------------------------------------------------------------------------------- loading

def test_load_shares_returns_56_industries_in_order_and_records_the_read():
    d = shares.load_shares("KOR", 2005)
    assert list(d.index) == list(INDUSTRIES)
    assert d["sme_va_share"].isna().all()        # engine falls back on sme_output_share
    assert str(shares.shares_path().resolve()) in tracking.reads()
    with pytest.raises(DataError, match="no rows for KOR 1999"):
        shares.load_shares("KOR", 1999)


@pytest.fixture
def broken(tmp_path, committed_text):
    """Write a modified copy of the committed table; returns (path, line of the modified row)."""
    df = pd.read_csv(io.StringIO(committed_text), dtype=str, keep_default_na=False)
    i = int(((df["country"] == "KOR") & (df["year"] == "2005") & (df["industry"] == "C26")).to_numpy().nonzero()[0][0])

    def make(**changes):
        d = df.copy()
        for k, v in changes.items():
            if k == "drop":
                d = d.drop(columns=[v])
            else:
                d.loc[i, k] = v
        p = tmp_path / "shares.csv"
        d.to_csv(p, index=False)
        return p, i + 2

    return make


def test_share_above_one_names_file_row_and_column(broken):
    p, line = broken(sme_output_share="1.2", output_high="1.3")
    with pytest.raises(DataError, match="1.2 is above the maximum 1") as exc:
        shares.load_shares("KOR", 2005, path=p)
    assert str(p) in str(exc.value) and exc.value.row == f"KOR 2005 C26 (line {line})"
    assert exc.value.column == "sme_output_share"


def test_infeasible_row_names_file_row_and_column(broken):
    # C26 exports a large part of its output: an SME export share of 1 with output share 0.01 is impossible
    p, line = broken(sme_output_share="0.01", output_low="0.0", sme_export_share="1.0", export_high="1.0")
    with pytest.raises(InfeasibleSharesError) as exc:
        shares.load_shares("KOR", 2005, path=p)
    assert isinstance(exc.value, DataError)
    assert "KOR 2005 C26" in str(exc.value) and "column sme_export_share" in str(exc.value)
    assert str(p) in str(exc.value) and "SME exports exceed SME output" in str(exc.value)


def test_unordered_bounds_and_missing_column_are_named(broken):
    p, _ = broken(output_low="0.99")
    with pytest.raises(DataError, match="output_low") as exc:
        shares.load_shares("KOR", 2005, path=p)
    assert exc.value.column == "output_low"
    p, _ = broken(drop="export_high")
    with pytest.raises(DataError, match="missing column") as exc:
        shares.load_shares("KOR", 2005, path=p)
    assert exc.value.column == "export_high"
    p, _ = broken(status="guessed")
    with pytest.raises(DataError, match="status") as exc:
        shares.load_shares("KOR", 2005, path=p)
    assert exc.value.column == "status"


def test_priors_and_benchmarks_are_checked(tmp_path):
    pri = pd.read_csv(shares.paths.DATA / shares_schema.PRIORS_FILE, dtype=str, keep_default_na=False)
    pri.loc[3, "prior_sme_output_share"] = "1.5"
    p = tmp_path / "priors.csv"
    pri.to_csv(p, index=False)
    with pytest.raises(DataError, match="1.5 is above the maximum 1") as exc:
        shares.read_priors(p)
    assert exc.value.row == 5 and exc.value.column == "prior_sme_output_share"
    bm = pd.read_csv(shares.paths.DATA / shares_schema.BENCHMARKS_FILE, dtype=str, keep_default_na=False)
    bm.loc[0, "published_id"] = "KOR-NOPE-2001"
    p = tmp_path / "bm.csv"
    bm.to_csv(p, index=False)
    with pytest.raises(DataError, match="not in the published-statistics table") as exc:
        shares.read_benchmarks(p)
    assert exc.value.column == "published_id"


def test_year_outside_wiod_and_user_rows_without_published_status_are_refused(broken, tmp_path, committed_text):
    p, _ = broken(year="1999")
    with pytest.raises(DataError, match="1999 is below the minimum 2000") as exc:
        shares.read_share_table(p)
    assert exc.value.column == "year"
    df = pd.read_csv(io.StringIO(committed_text), dtype=str, keep_default_na=False).head(1)
    ov = tmp_path / "share_overrides.csv"
    df.to_csv(ov, index=False)                       # status "prior": not a user-supplied figure
    with pytest.raises(DataError, match="status 'published_industry'") as exc:
        shares.read_overrides(ov)
    assert exc.value.column == "status" and exc.value.row.startswith("KOR 2000 A01")
    df.loc[0, "status"] = "published_industry"
    df.to_csv(ov, index=False)
    assert shares.read_overrides(ov)["status"].tolist() == ["published_industry"]
