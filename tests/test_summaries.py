"""The executive summary and its Korean and Traditional Chinese versions (issue 13): every number on these
pages is glued or rendered from the findings registry, never typed; the translations use exactly the
registry's numbers; one change to a finding reaches the executive summary, the summary and the policy
chapter."""
import json
import re
import string

import pytest

from smegvc.paths import ROOT
from smegvc.report import executive_summary, findings, findings_i18n, policy, summary, summary_ko, summary_zh

BOOK = ROOT / "book"
PAGES = {"executive-summary": executive_summary, "summary-ko": summary_ko, "summary-zh": summary_zh}
ROLES = re.compile(r"\{(?:glue(?::[a-z]*)?|cite(?::[a-z]*)?|doc|numref|ref|download)\}`[^`]+`")
GLUE = re.compile(r"\{glue(?::[a-z]*)?\}`([^`]+)`")


def cells(page, kind):
    nb = json.loads((BOOK / f"{page}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def placeholders(template):
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def typed_digits(template):
    """Digit runs outside the {key:fmt} placeholders."""
    return re.findall(r"\d+", re.sub(r"\{[^}]*\}", "", template))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_number_is_typed_in_the_summary_pages(page):
    for text in cells(page, "markdown"):
        prose = re.sub(r"```\{raw\}.*?```", "", ROLES.sub("", text), flags=re.S)
        assert not re.findall(r"\d", prose), f"{page}: typed digits in {prose[:200]!r}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_headline_numbers_are_glued_with_their_intervals(page):
    refs = [r.split("::")[-1].split(":")[0] for t in cells(page, "markdown") for r in GLUE.findall(t)]
    levels = [k for k in executive_summary.HEADLINE if k in refs]
    assert len(levels) >= 4
    for k in levels:
        assert f"{k}_low" in refs and f"{k}_high" in refs, f"{page}: {k} without its interval"
    mod = PAGES[page]
    code = "\n".join(cells(page, "code"))
    assert (f"{mod.__name__.rsplit('.', 1)[1]}.findings_markdown(" in code
            or f"{mod.__name__.rsplit('.', 1)[1]}.findings_brief(" in code)
    assert f"{mod.__name__.rsplit('.', 1)[1]}.recommendations_markdown(" in code


def test_landing_page_shows_the_executive_summarys_numbers():
    text = (BOOK / "index.md").read_text(encoding="utf-8")
    refs = {r.split("::")[-1].split(":")[0] for r in GLUE.findall(text) if r.startswith("executive-summary.ipynb::")}
    for k in executive_summary.HEADLINE:
        assert {k, f"{k}_low", f"{k}_high"} <= refs


def test_every_finding_and_recommendation_is_translated_with_the_same_numbers():
    for f in findings.findings():
        assert set(f.text) >= {"en", "ko", "zh-Hant"}, f.id
        for lang in ("ko", "zh-Hant"):
            assert placeholders(f.text[lang]) == placeholders(f.text["en"]), f"{f.id} {lang}: other numbers"
            assert set(typed_digits(f.text[lang])) <= set(typed_digits(f.text["en"])), f"{f.id} {lang}: typed number"
            assert findings_i18n.title_of(f.id, f.title, lang) != f.title
    for r in findings.recommendations():
        assert set(r.text) >= {"en", "ko", "zh-Hant"}, r.id
        for lang in ("ko", "zh-Hant"):
            assert not typed_digits(r.text[lang])
    assert "중소기업" in findings.render_findings("ko") and "간접수출" in findings.render_findings("ko")
    assert "中小企業" in findings.render_findings("zh-Hant")


@pytest.mark.parametrize("lang", ["en", "ko", "zh-Hant"])
def test_every_recommendation_names_its_findings_and_strength(lang):
    text = findings.render_recommendations(lang)
    words = findings_i18n.LABELS[lang]
    recs = findings.recommendations()
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == len(recs)
    for line, r in zip(lines, recs):
        assert words["sep"].join(r.rests_on) in line and words[r.strength] in line


def test_one_changed_finding_changes_all_three_pages(monkeypatch):
    renderers = {"executive-summary": ("executive_summary.findings_brief()", executive_summary.findings_brief),
                 "summary": ("summary.key_findings()", summary.key_findings),
                 "policy": ("policy.findings()", policy.findings)}
    for page, (call, _) in renderers.items():   # each page shows the registry, not its own copy
        assert any(call in c for c in cells(page, "code")), f"{page} does not call {call}"
    before = {p: str(r()) for p, (_, r) in renderers.items()}
    specs = list(findings._SPECS)
    fid, title, basis, chapter, en, changes = specs[1]
    specs[1] = (fid, title + " Changed-for-the-test.", basis, chapter, en, changes)
    monkeypatch.setattr(findings, "_SPECS", tuple(specs))
    after = {p: str(r()) for p, (_, r) in renderers.items()}
    for p in renderers:
        assert after[p] != before[p] and "Changed-for-the-test." in after[p], p


def test_one_changed_finding_changes_the_recommendations_on_all_three_pages(monkeypatch):
    """The executive summary, the Korean summary and the policy chapter render every recommendation from the
    registry: a finding made weaker changes the strength every page shows for the recommendations on it."""
    renderers = {"executive-summary": ("executive_summary.recommendations_markdown()",
                                       executive_summary.recommendations_markdown),
                 "summary-ko": ("summary_ko.recommendations_markdown()", summary_ko.recommendations_markdown),
                 "policy": ("policy.recommendations()", policy.recommendations)}
    for page, (call, _) in renderers.items():
        assert any(call in c for c in cells(page, "code")), f"{page} does not call {call}"
    table = ("policy.recommendations_table()", lambda: policy.recommendations_table()._repr_markdown_())
    assert any(table[0] in c for c in cells("policy", "code"))
    assert not any("| Rests on |" in c for c in cells("policy", "markdown")), "a hand-typed recommendations table"
    renderers["policy (table)"] = table
    recs = findings.recommendations()
    before = {p: str(r()) for p, (_, r) in renderers.items()}
    for p, text in before.items():   # every recommendation, each with the ids it rests on
        for r in recs:
            assert findings_i18n.LABELS["ko" if p == "summary-ko" else "en"]["sep"].join(r.rests_on) in text, (p, r.id)
    for r, row in zip(recs, before["policy (table)"].splitlines()[2:]):
        assert f"| {r.id[1:]}. " in row and f"{', '.join(r.rests_on)} ({r.strength})" in row, (r.id, row)
    specs = list(findings._SPECS)
    i = next(i for i, s in enumerate(specs) if s[0] == "F5")
    fid, title, basis, chapter, en, changes = specs[i]
    specs[i] = (fid, title, "untestable", chapter, en, changes)   # F5 now 'not testable'
    monkeypatch.setattr(findings, "_SPECS", tuple(specs))
    after = {p: str(r()) for p, (_, r) in renderers.items()}
    for p in renderers:
        assert after[p] != before[p], p
    assert "not testable" in after["policy"] and "not testable" not in before["policy"]


def test_translated_pages_follow_the_registrys_numbers(monkeypatch):
    nums = findings.numbers()
    before = str(summary_ko.findings_markdown())
    monkeypatch.setattr(findings, "numbers", lambda results=None: {**nums, "total_twn_2014": 99.25})
    after_ko, after_zh = str(summary_ko.findings_markdown()), str(summary_zh.findings_markdown())
    assert after_ko != before and "99.2%" in after_ko and "99.2%" in after_zh


KOREA_LEVEL = re.compile(r"^(total|direct|indirect)_kor(_cons)?_(\d{4})(_low|_high)?$")
INDICATOR = {"total": "sme_share_dva_exports", "direct": "sme_direct_share_dva_exports",
             "indirect": "sme_indirect_share_dva_exports"}
VARIANT_LABEL = {"en": "definition in force", "ko": "현행 정의", "zh-Hant": "現行定義"}
HEADLINE_PAGES = {"executive-summary": "en", "summary-ko": "ko", "summary-zh": "zh-Hant", "summary": "en",
                  "index": "en"}


def korea_scenario_of(key: str, value: float) -> str:
    """The results scenario a glued Korean level comes from, found by its value (percent, 6 decimals)."""
    from smegvc.report.query import value_at

    ch, _, year, band = KOREA_LEVEL.match(key).groups()
    column = (band or "_value")[1:]
    hits = [sc for sc in ("central", "kor_consistent_definition")
            if abs(100 * value_at(INDICATOR[ch], "KOR", int(year), sc, column=column) - value) < 1e-5]
    assert len(hits) == 1, (key, value, hits)
    return hits[0]


def page_paragraphs(page):
    if page == "index":
        text = (BOOK / "index.md").read_text(encoding="utf-8")
    else:
        text = "\n\n".join(cells(page, "markdown"))
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.mark.parametrize("page", sorted(HEADLINE_PAGES))
def test_korean_headline_levels_are_on_the_consistent_definition(page):
    """Issue 11: Korea's levels and trends are read on the consistent definition (pre-2011 SME coverage kept). A
    Korean level glued on the summary pages comes from that scenario, checked by its value in results.csv; a
    level under the definition in force may appear only outside the tables, in a paragraph that labels it."""
    nums = {**findings.numbers(), **executive_summary.headline_numbers()}
    seen = 0
    for para in page_paragraphs(page):
        for key in {r.split("::")[-1].split(":")[0] for r in GLUE.findall(para)}:
            if not KOREA_LEVEL.match(key):
                continue
            seen += 1
            scenario = korea_scenario_of(key, nums[key])
            if scenario != "kor_consistent_definition":
                assert VARIANT_LABEL[HEADLINE_PAGES[page]] in para and not para.lstrip().startswith("|"), (
                    f"{page}: {key} (definition in force) quoted as a headline: {para[:160]!r}")
    if page != "summary":
        assert seen >= 6, f"{page}: the headline table is missing"


def test_headline_keys_figure_and_summary_table_are_on_the_consistent_definition():
    nums = executive_summary.headline_numbers()
    for k in executive_summary.HEADLINE:
        for suffix in ("", "_low", "_high"):
            if k.startswith(("total_kor", "indirect_kor")):
                assert korea_scenario_of(k + suffix, nums[k + suffix]) == "kor_consistent_definition", k + suffix
    _, data = executive_summary.headline_figure()
    kor = data[data.country == "KOR"].set_index("channel")
    assert set(kor.scenario) == {"kor_consistent_definition"}
    for ch in ("total", "indirect"):
        assert korea_scenario_of(f"{ch}_kor_{executive_summary.LAST_YEAR}", kor.at[ch, "value"]) == \
            "kor_consistent_definition"
    table = summary.headline_table()
    k = table.xs(("KOR, consistent definition", executive_summary.LAST_YEAR))
    assert abs(k["total (%)"] - nums["total_kor_cons_2014"]) < 0.01
    assert abs(k["total (%)"] - nums["total_kor_2014"]) > 0.01   # the definition in force differs: the test can fail


def test_summary_pages_carry_their_language_in_the_html():
    """smegvc.sphinxext.pagelang marks the Korean and Chinese pages with the languages the pages render in
    (the built site is checked in tests/test_book.py)."""
    from smegvc.sphinxext import pagelang

    assert pagelang.PAGE_LANG == {f"book/{p}": m.LANG for p, m in PAGES.items() if p != "executive-summary"}
    assert set(pagelang.PAGE_LANG.values()) <= set(findings_i18n.LANGUAGES)
    for docname, lang in pagelang.PAGE_LANG.items():
        ctx = {"body": "<section><h1>요약</h1><p>x</p></section>"}
        pagelang.set_page_lang(None, docname, "page.html", ctx, None)
        assert ctx["body"].startswith(f'<div lang="{lang}"') and "<h1>요약</h1>" in ctx["body"]
    ctx = {"body": "<p>x</p>"}
    pagelang.set_page_lang(None, "book/summary", "page.html", ctx, None)
    assert ctx["body"] == "<p>x</p>"
