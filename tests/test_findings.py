"""The findings registry: every template's numbers exist, strengths come from the rule, recommendations
take the weakest strength of their findings, rendering fills every placeholder."""
import re

import pytest

from smegvc.report import findings as F


@pytest.fixture(scope="module")
def reg():
    return F.findings(), F.numbers()


def test_ids_in_reading_order_and_unique(reg):
    fs, _ = reg
    assert [f.id for f in fs] == [f"F{i}" for i in range(1, len(fs) + 1)]


def test_every_key_is_a_number(reg):
    fs, nums = reg
    for f in fs:
        assert f.keys == F._keys(f.text["en"])
        for k in f.keys:
            assert isinstance(nums[k], float), (f.id, k)


def test_strength_follows_the_rule(reg):
    fs, nums = reg
    for f in fs:
        assert f.strength == F.strength_of(f.basis, f.changes, nums)
        assert f.strength in F.STRENGTHS


def test_strength_rule_on_hand_made_intervals():
    assert F.strength_of("modelled_change", ("d",), {"d_low": 0.2, "d_high": 1.0}) == "moderate"
    assert F.strength_of("modelled_change", ("d",), {"d_low": -0.2, "d_high": 1.0}) == "weak"
    assert F.strength_of("modelled_change", ("d",), {}) == "weak"
    assert F.strength_of("modelled_change", (), {}) == "weak"
    assert F.strength_of("published") == "strong"
    assert F.strength_of("untestable") == "not testable"
    m = F.MIN_SME_CASES
    assert F.strength_of("cases", ("a", "b"), {"a": m, "b": m + 1}) == "weak"
    assert F.strength_of("cases", ("a", "b"), {"a": m, "b": m - 1}) == "anecdotal"
    assert F.strength_of("cases", (), {}) == "anecdotal"
    with pytest.raises(ValueError):
        F.strength_of("hunch")


def test_recommendation_strength_is_the_weakest(reg):
    fs, _ = reg
    by = {f.id: f for f in fs}
    for r in F.recommendations():
        assert set(r.rests_on) <= set(by)
        assert r.strength == max((by[i].strength for i in r.rests_on), key=F.STRENGTHS.index)


def test_render_fills_every_placeholder(reg):
    fs, _ = reg
    md = F.render_findings()
    assert "{" not in md and "}" not in md
    for f in fs:
        assert f"({f.id};" in md
    assert len(re.findall(r"^\d+\. ", md, flags=re.M)) == len(fs)
    sub = F.render_findings(ids=[fs[-1].id])
    assert sub.count("\n") == 1 and fs[-1].id in sub
    with pytest.raises(KeyError):
        F.render_findings(lang="xx")


def test_words_of_f3_and_f4_match_their_intervals(reg):
    """F3 and F4 state facts about intervals in words: check those facts on the committed tables."""
    from smegvc.report import change_views as V

    _, n = reg
    for k in ("kor", "twn"):
        assert n[f"io_total_{k}_2000_2010_high"] < 0                     # 'what the tables show is a small fall'
        assert n[f"chg_total_{k}_2000_2010_sets_low"] < 0 < n[f"chg_total_{k}_2000_2010_sets_high"]   # 'include zero'
    v = V.verdicts()
    assert {f"kiep_{k}": float(c) for k, c in v.tally.items()} == {k: n[k] for k in n if k.startswith("kiep_")
                                                                    and k != "kiep_n"}
    assert n["kiep_n"] == len(v.table)
    by = v.table.set_index("claim_id").verdict
    assert by["K3"] not in ("agrees", "disagrees") and by["K4"] not in ("agrees", "disagrees")
    assert by["K7"] == by["K8"] == "not_testable"


def test_chapters_show_the_registry():
    """The summary, why-they-differ and policy chapters show findings only through the registry."""
    from smegvc.report import policy, summary, why

    full = F.render_findings()
    assert str(summary.key_findings()) == full == str(policy.findings())
    assert str(why.tables_and_shares()) == F.render_findings(ids=["F3"])


def test_f7_counts_sme_cases_and_comparators_and_its_strength_follows_them(reg):
    """F7 states, per factor, how many SME cases and comparators support it (computed from the case files); with
    fewer than MIN_SME_CASES SME cases behind a factor it is anecdotal, and so is every recommendation on it."""
    from smegvc.report.case_studies import case_numbers

    fs, nums = reg
    f7 = next(f for f in fs if f.id == "F7")
    n = case_numbers()
    for factor in ("foreign_buyers", "overseas_investment", "own_technology"):
        for role in ("sme", "comp"):
            k = f"{factor}_supports_{role}"
            assert k in f7.keys and nums[k] == n[k]
    assert {"n_sme", "n_comparators", "n_firms"} <= set(f7.keys)
    assert "most widely" not in f7.text["en"]
    few = min(n[f"{k}_supports_sme"] for k in ("foreign_buyers", "overseas_investment", "own_technology"))
    assert f7.strength == ("weak" if few >= F.MIN_SME_CASES else "anecdotal")
    text = F.render_findings(ids=["F7"])
    assert f"Only {n['n_sme']} of the {n['n_firms']} documented firms" in text
    for r in F.recommendations():
        if "F7" in r.rests_on:
            assert F.STRENGTHS.index(r.strength) >= F.STRENGTHS.index(f7.strength)
