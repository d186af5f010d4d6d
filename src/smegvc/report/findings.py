"""The report's findings and recommendations, in one registry (issue 11; API agreed with issues 13 and 14).

Every chapter that states a finding shows it through :func:`render_findings` (and the policy chapter its
recommendations through :func:`render_recommendations`), so the wording, the numbering and the strength
of a finding cannot drift between the executive summary, the summary chapter and the policy chapter.

* A :class:`Finding` has a stable id ("F1", ... in reading order), a short title, one sentence template
  per language (``text["en"]`` required; placeholders ``{key:fmt}`` filled from :func:`numbers`), the
  number keys it uses, the docname of the chapter that argues it, and a *basis* (what the finding rests
  on). Its ``strength`` is never typed by hand: :func:`strength_of` computes it from the basis and, for
  modelled changes, from whether the 90% interval of each change it rests on excludes zero (see
  :data:`STRENGTH_RULE`).
* A :class:`Recommendation` rests on findings; its strength is the weakest strength among them.

Numbers are percent (levels) and percentage points (changes), rounded to 6 decimals, as plain floats.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field

import pandas as pd

from smegvc import paths, tracking
from smegvc.engine.results import RESULTS_FILE, load_results
from smegvc.evidence.sme_stats import load_published
from smegvc.report.case_studies import case_numbers
from smegvc.report.tiva_views import comparison_numbers, electronics_numbers
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK
from smegvc.report.change_views import change_numbers, verdict_numbers
from smegvc.report.escape import Markdown
from smegvc.report.findings_i18n import LABELS, text_of, title_of

STRENGTHS = ("strong", "moderate", "weak", "anecdotal", "not testable")
MIN_SME_CASES = 3   # SME cases supporting a factor below which a finding on the cases is only anecdotal
BASES = ("published", "tables", "estimate", "modelled_level", "modelled_change", "cases", "untestable")
STRENGTH_RULE = {
    "published": "strong: a published figure, quoted with its source and definition",
    "tables": "strong: read straight from the input-output tables, no firm-size assumption",
    "estimate": "moderate: another institution's published model-based estimates (OECD TiVA), point "
                "estimates without a stated interval, revised between editions, levels not comparable with ours",
    "modelled_level": "moderate: a modelled level whose 90% interval is stated beside it",
    "modelled_change": "moderate if the 90% interval of every change the finding rests on excludes zero in "
                       "every benchmark set (the envelope of the intervals over the sets excludes zero), weak "
                       "otherwise (including when no interval of the change is available)",
    "cases": "weak if at least MIN_SME_CASES firms classed SME at the time of the events support every factor "
             "the finding names (documented firm cases illustrate, they do not measure); anecdotal otherwise: "
             "the factors then rest mostly on comparators (large firms, group affiliates), which cannot show "
             "what makes SMEs succeed",
    "untestable": "not testable: the tables cannot confirm or refute it",
}


@dataclass(frozen=True)
class Finding:
    id: str                      # stable id "F1", "F2", ... in reading order
    title: str                   # short label
    text: dict[str, str]         # language -> sentence template ({key:fmt} from numbers())
    keys: tuple[str, ...]        # the number keys the templates use
    strength: str                # one of STRENGTHS (from strength_of)
    chapter: str                 # docname where it is argued
    basis: str = "modelled_level"                     # see BASES / STRENGTH_RULE
    # modelled_change: keys "<name>" with "<name>_low"/"_high" in numbers(); cases: keys of the number of SME
    # cases supporting each factor the finding names
    changes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Recommendation:
    id: str                      # "R1", ...
    text: dict[str, str]         # language -> sentence
    rests_on: tuple[str, ...]    # finding ids
    strength: str                # weakest strength among the findings it rests on (computed)


# ---------------------------------------------------------------------------------------------- numbers

_CACHE: dict = {}


def _results(results=None) -> pd.DataFrame:
    if results is not None:
        return results
    p = paths.DATA / RESULTS_FILE
    key = (str(p), p.stat().st_mtime_ns, p.stat().st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_results(p)
    tracking.record_read(p)
    return _CACHE[key]


def _r6(x) -> float:
    return float(round(float(x), 6))


def _value(r: pd.DataFrame, indicator, country, year, scenario="central", column="value", base_year=None):
    sel = r[(r.indicator == indicator) & (r.country == country) & (r.year == year) & (r.scenario == scenario)
            & (r.industry == "")]
    sel = sel[sel.base_year.isna()] if base_year is None else sel[sel.base_year == base_year]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows for {indicator} {country} {year} {scenario}")
    return float(sel[column].iloc[0])


CHANNELS = {"direct": "sme_direct_share_dva_exports", "indirect": "sme_indirect_share_dva_exports",
            "total": "sme_share_dva_exports"}
PUBLISHED = {"pub_kor_2001": "KOR-EXP-2001", "pub_kor_2009": "KOR-EXP-2009", "pub_kor_2011": "KOR-EXP-2011-SMBA",
             "pub_kor_mid_2012": "KOR-EXPMID-2012", "pub_twn_2003": "TWN-EXP-2003-KITA",
             "pub_twn_2010": "TWN-EXP-2010-KITA", "pub_twn_2019": "TWN-EXP-2019"}


def numbers(results=None) -> dict[str, float]:
    """Every number the findings use (percent or percentage points), keyed as in the templates."""
    r = _results(results)
    out: dict[str, float] = {}
    pub = load_published().set_index("id").value
    for k, pid in PUBLISHED.items():
        out[k] = _r6(pub[pid])
    for c in ECONOMIES:
        k = c.lower()
        for ch, ind in CHANNELS.items():
            for y in (FIRST_YEAR, PRE_BREAK, LAST_YEAR):
                out[f"{ch}_{k}_{y}"] = _r6(100 * _value(r, ind, c, y))
                for col in ("low", "high"):
                    out[f"{ch}_{k}_{y}_{col}"] = _r6(100 * _value(r, ind, c, y, column=col))
            for y0, y1 in ((FIRST_YEAR, PRE_BREAK), (FIRST_YEAR, LAST_YEAR)):
                out[f"d{ch}_{k}_{y0}_{y1}"] = _r6(100 * (_value(r, ind, c, y1) - _value(r, ind, c, y0)))
        for y in (FIRST_YEAR, LAST_YEAR):
            out[f"dva_c26_{k}_{y}"] = _r6(100 * _c26_dva_share(r, c, y))
        for part in ("input_structure", "firm_size", "total"):
            out[f"sda_{part}_{k}_{FIRST_YEAR}_{LAST_YEAR}"] = _r6(100 * _value(
                r, f"sda_{part}", c, LAST_YEAR, base_year=FIRST_YEAR))
        for y in (2000, 2011):
            out[f"china_{k}_{y}"] = _r6(100 * _value(r, "electronics_intermediate_exports_china_share", c, y,
                                                     "wiod2013"))
    out.update(_tiva_numbers(r))
    out.update(_change_numbers())
    out.update(_case_numbers())
    for ch, ind in CHANNELS.items():
        out[f"{ch}_kor_cons_{LAST_YEAR}"] = _r6(100 * _value(r, ind, "KOR", LAST_YEAR, "kor_consistent_definition"))
        for col in ("low", "high"):
            out[f"{ch}_kor_cons_{LAST_YEAR}_{col}"] = _r6(100 * _value(r, ind, "KOR", LAST_YEAR,
                                                                       "kor_consistent_definition", column=col))
        out[f"d{ch}_kor_cons_{FIRST_YEAR}_{LAST_YEAR}"] = _r6(100 * (
            _value(r, ind, "KOR", LAST_YEAR, "kor_consistent_definition")
            - _value(r, ind, "KOR", FIRST_YEAR, "kor_consistent_definition")))
    return out


def _change_numbers() -> dict[str, float]:
    """Changes with their intervals and the KIEP verdict tally (:mod:`smegvc.report.change_views`)."""

    return {k: float(v) for k, v in {**change_numbers(), **verdict_numbers()}.items()}


def _case_numbers() -> dict[str, float]:
    """The firm counts of F7 (:func:`smegvc.report.case_studies.case_numbers`): firms, SME cases, comparators and,
    per factor, the SME cases and comparators that support or contradict it; and :data:`MIN_SME_CASES`."""
    n = case_numbers()
    keys = [k for k in n if k.endswith(("_sme", "_comp"))] + ["n_firms", "n_sme", "n_comparators"]
    return {**{k: float(n[k]) for k in keys}, "min_sme_cases": float(MIN_SME_CASES)}


def _tiva_numbers(r) -> dict[str, float]:
    """The OECD TiVA numbers of F6 (percent, USD billion, pp; :mod:`smegvc.report.tiva_views`)."""
    n = {**electronics_numbers(r), **comparison_numbers(r)}
    keys = ("tiva_dva_c26_twn_2014", "tiva_dva_c26_twn_2022", "tiva_dva_c26_kor_2014", "tiva_dva_c26_kor_2022",
            "tiva_exgr_c26_vnm_2014_bn", "tiva_exgr_c26_vnm_2022_bn", "tiva_dva_c26_vnm_2014",
            "tiva_dva_c26_vnm_2022", "wt_maxdiff_c26")
    return {k: _r6(n[k]) for k in keys}


def _c26_dva_share(r, country, year) -> float:
    sel = r[(r.country == country) & (r.year == year) & (r.scenario == "central") & (r.industry == "C26")]
    v = sel.set_index("indicator").value
    return float(v["dva_exports"] / v["exports"])


# ---------------------------------------------------------------------------------------------- strength

def strength_of(basis: str, changes=(), nums: dict | None = None) -> str:
    """The strength of a finding from its basis (:data:`STRENGTH_RULE`). For ``modelled_change``:
    'moderate' if every change key in ``changes`` has an interval in ``nums`` that excludes zero, else 'weak'.
    The interval of a change key ``k`` is ``k_sets_low``/``k_sets_high`` (the envelope over the benchmark sets)
    where present, else ``k_low``/``k_high``. For ``cases``: 'weak' if every count key in ``changes`` (SME
    cases supporting a factor) is at least :data:`MIN_SME_CASES` in ``nums``, else 'anecdotal'."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    if basis in ("published", "tables"):
        return "strong"
    if basis in ("modelled_level", "estimate"):
        return "moderate"
    if basis == "untestable":
        return "not testable"
    nums = nums or {}
    if basis == "cases":
        ok = changes and all(nums.get(k, 0) >= MIN_SME_CASES for k in changes)
        return "weak" if ok else "anecdotal"
    if not changes:
        return "weak"
    for k in changes:
        lo, hi = nums.get(f"{k}_sets_low", nums.get(f"{k}_low")), nums.get(f"{k}_sets_high", nums.get(f"{k}_high"))
        if lo is None or hi is None or not (lo > 0 or hi < 0):
            return "weak"
    return "moderate"


def weakest(strengths) -> str:
    """The weakest of several strengths ('not testable' is weaker than 'weak')."""
    s = list(strengths)
    if not s:
        raise ValueError("no strengths given")
    return max(s, key=STRENGTHS.index)


# ---------------------------------------------------------------------------------------------- the registry

# (id, title, basis, chapter, english template, change keys). Order = reading order.
_SPECS = (
    ("F1", "Direct exports in official statistics", "published", "direct-exports",
     "Under Korea's pre-2011 definition the SME share of goods exports peaked at {pub_kor_2001:.1f}% in 2001 "
     "and stood at {pub_kor_2009:.1f}% in 2009; Taiwan's SME share of zero-rated sales went from "
     "{pub_twn_2003:.1f}% in 2003 to {pub_twn_2010:.1f}% in 2010 and {pub_twn_2019:.2f}% in 2019. The Korean "
     "series drops to {pub_kor_2011:.1f}% in 2011 mainly because mid-sized firms left the SME count: SMEs and "
     "mid-sized firms together still made {pub_kor_mid_2012:.1f}% of exports in 2012.", ()),
    ("F2", "SMEs' share of exported value added", "modelled_level", "indirect-exports",
     "Counting what SMEs supply to other exporters as well as their own exports, SMEs accounted for "
     "{total_twn_2014:.1f}% of the domestic value added in Taiwan's exports in 2014 (90% interval "
     "{total_twn_2014_low:.1f}-{total_twn_2014_high:.1f}%), {direct_twn_2014:.1f} points through their own exports "
     "and {indirect_twn_2014:.1f} through large exporters. In Korea, with the pre-2011 SME coverage kept (the "
     "consistent definition, used for every Korean trend in this report), the share was {total_kor_cons_2014:.1f}% "
     "({total_kor_cons_2014_low:.1f}-{total_kor_cons_2014_high:.1f}%), {direct_kor_cons_2014:.1f} points direct and "
     "{indirect_kor_cons_2014:.1f} indirect; with the definition in force, which leaves mid-sized firms out from 2011, "
     "it was {total_kor_2014:.1f}%. In both economies this is well above SMEs' share of direct exports. The "
     "intervals cover only what the published aggregates leave open (how SMEs are spread over industries, "
     "unpublished years); the levels also rest on the assumption that SMEs and large firms in an industry buy and "
     "sell alike, and the two economies' levels rest on different kinds of published aggregates.", ()),
    ("F3", "What the tables show and what the assumptions add, 2000-2010", "modelled_change", "why-they-differ",
     "With every firm-size share held at its 2000 value, the input-output tables alone changed SMEs' share of "
     "exported value added by {io_total_kor_2000_2010:+.1f} points in Korea (90% interval "
     "{io_total_kor_2000_2010_low:+.1f} to {io_total_kor_2000_2010_high:+.1f}) and {io_total_twn_2000_2010:+.1f} in "
     "Taiwan ({io_total_twn_2000_2010_low:+.1f} to {io_total_twn_2000_2010_high:+.1f}), and their indirect share by "
     "{io_indirect_kor_2000_2010:+.1f} ({io_indirect_kor_2000_2010_low:+.1f} to {io_indirect_kor_2000_2010_high:+.1f}) "
     "and {io_indirect_twn_2000_2010:+.1f} ({io_indirect_twn_2000_2010_low:+.1f} to "
     "{io_indirect_twn_2000_2010_high:+.1f}). The change of the firm-size shares, which rests on interpolated and "
     "carried benchmarks, adds {sh_total_kor_2000_2010:+.1f} points to Korea's total ({sh_total_kor_2000_2010_low:+.1f} "
     "to {sh_total_kor_2000_2010_high:+.1f}) and {sh_total_twn_2000_2010:+.1f} to Taiwan's "
     "({sh_total_twn_2000_2010_low:+.1f} to {sh_total_twn_2000_2010_high:+.1f}). The total change, "
     "{chg_total_kor_2000_2010:+.1f} points in Korea and {chg_total_twn_2000_2010:+.1f} in Taiwan, has intervals that "
     "include zero in every benchmark set (Korea {chg_total_kor_2000_2010_sets_low:+.1f} to "
     "{chg_total_kor_2000_2010_sets_high:+.1f}, Taiwan {chg_total_twn_2000_2010_sets_low:+.1f} to "
     "{chg_total_twn_2000_2010_sets_high:+.1f}): what the tables show is a small fall, and whether SMEs' share "
     "rose or fell overall cannot be known from them.",
     ("io_total_kor_2000_2010", "io_total_twn_2000_2010")),
    ("F4", "The KIEP study's findings", "modelled_change", "indirect-exports",
     "Measured as the study measured it (SME direct exports plus SME sales to large exporters, gross, first round "
     "and all rounds) and judged by one rule (a verdict only where the 90% interval of the change excludes zero in "
     "every benchmark set), the study's {kiep_n:.0f} claims come out as follows: {kiep_agrees:.0f} agree, "
     "{kiep_direction_only:.0f} agree in direction only, {kiep_disagrees:.0f} are contradicted, {kiep_not_testable:.0f} cannot "
     "be settled. Taiwanese SMEs' "
     "gross indirect share changed by {chg_gind_twn_2000_2010:+.1f} points over 2000-2010 (all rounds; 90% intervals "
     "over the benchmark sets {chg_gind_twn_2000_2010_sets_low:+.1f} to {chg_gind_twn_2000_2010_sets_high:+.1f}) and "
     "Korean SMEs' by {chg_gind_kor_2000_2010:+.1f} ({chg_gind_kor_2000_2010_sets_low:+.1f} to "
     "{chg_gind_kor_2000_2010_sets_high:+.1f}), so neither the sharp Taiwanese rise nor the flat Korean path the "
     "study reports can be confirmed or refuted. Its explanations, large firms drawing SMEs in as suppliers in "
     "Taiwan but not in Korea, concern sourcing within industries, which industry-level tables cannot see.",
     ("chg_gind_twn_2000_2010", "chg_gind_kor_2000_2010")),
    ("F5", "Electronics: foreign content and China", "tables", "phone-value-chain",
     "Domestic value added made {dva_c26_kor_2014:.1f}% of Korea's and {dva_c26_twn_2014:.1f}% of Taiwan's "
     "exports of computer, electronic and optical products in 2014; China's share of the two economies' "
     "intermediate exports of electrical and optical equipment rose from {china_kor_2000:.1f}% (Korea) and "
     "{china_twn_2000:.1f}% (Taiwan) in 2000 to {china_kor_2011:.1f}% and {china_twn_2011:.1f}% in 2011.", ()),
    ("F6", "Electronics after 2014 (OECD TiVA)", "estimate", "phone-value-chain",
     "In OECD TiVA (2025 edition), domestic value added made {tiva_dva_c26_twn_2014:.1f}% of Taiwan's exports of "
     "computer, electronic and optical products in 2014 and {tiva_dva_c26_twn_2022:.1f}% in 2022, and "
     "{tiva_dva_c26_kor_2014:.1f}% and {tiva_dva_c26_kor_2022:.1f}% of Korea's; Viet Nam's exports of these "
     "products grew from {tiva_exgr_c26_vnm_2014_bn:.0f} to {tiva_exgr_c26_vnm_2022_bn:.0f} billion US dollars "
     "while their domestic share fell from {tiva_dva_c26_vnm_2014:.1f}% to {tiva_dva_c26_vnm_2022:.1f}%. TiVA's "
     "levels mostly lie above our WIOD-based ones (by up to {wt_maxdiff_c26:.1f} points for these products in "
     "2000-2014), so only the changes within TiVA are read, and TiVA says nothing about firm size.", ()),
    ("F7", "The firm cases", "cases", "case-studies",
     "Only {n_sme:.0f} of the {n_firms:.0f} documented firms were SMEs at the time of the events; the other "
     "{n_comparators:.0f} were large firms or group affiliates and count only as comparators. The number of SME "
     "cases and of comparators that support each factor: fast response to foreign buyers "
     "{foreign_buyers_supports_sme:.0f} and {foreign_buyers_supports_comp:.0f} (contradicted by "
     "{foreign_buyers_contradicts_comp:.0f} comparators), overseas investment {overseas_investment_supports_sme:.0f} "
     "and {overseas_investment_supports_comp:.0f} (contradicted by {overseas_investment_contradicts_comp:.0f}), own "
     "technology and long-term R&D {own_technology_supports_sme:.0f} and {own_technology_supports_comp:.0f}. So few "
     "SME cases illustrate these factors but cannot show that they make SMEs succeed; in the cases, own technology "
     "let firms sell to several buyers but did not protect them against one buyer's decisions.",
     ("foreign_buyers_supports_sme", "overseas_investment_supports_sme", "own_technology_supports_sme")),
)

_RECS = (
    ("R1", "Measure SMEs' indirect exports regularly, by firm size and on a stable definition.",
     ("F2", "F3", "F4")),
    ("R2", "Korea: widen suppliers' customer base beyond one domestic lead firm.", ("F2", "F5", "F7")),
    ("R3", "Share public research with SMEs and fund long-horizon R&D.", ("F7",)),
    ("R4", "Support overseas investment that follows buyers, and watch what stays at home.", ("F5", "F6", "F7")),
    ("R5", "Use foreign investment to create local suppliers.", ("F7",)),
    ("R6", "Treat dependence on one buyer or one technology as a risk.", ("F7",)),
)


def _keys(template: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f))


def findings(results=None) -> list[Finding]:
    """The registry, in reading order, with strengths computed by :func:`strength_of`."""
    nums = numbers(results)
    out = []
    for fid, title, basis, chapter, en, changes in _SPECS:
        keys = _keys(en)
        missing = [k for k in keys if k not in nums]
        if missing:
            raise KeyError(f"{fid}: numbers() lacks {missing}")
        out.append(Finding(fid, title, text_of(fid, en), keys, strength_of(basis, changes, nums), chapter, basis,
                           tuple(changes)))
    return out


def recommendations(results=None) -> list[Recommendation]:
    """The recommendations; each one's strength is the weakest among the findings it rests on."""
    by_id = {f.id: f for f in findings(results)}
    return [Recommendation(rid, text_of(rid, text), rests, weakest(by_id[i].strength for i in rests))
            for rid, text, rests in _RECS]


def _text(f, lang: str) -> str:
    if lang not in f.text:
        raise KeyError(f"{f.id}: no text in language {lang!r}")
    return f.text[lang]


STRENGTH_LABEL = {s: s for s in STRENGTHS}


def render_findings(lang: str = "en", ids=None, results=None) -> str:
    """The findings as a MyST numbered list, numbers filled in; ``ids`` limits and orders them."""
    nums = numbers(results)
    fs = findings(results)
    if ids is not None:
        by_id = {f.id: f for f in fs}
        fs = [by_id[i] for i in ids]
    lines = []
    for f in fs:
        body = _text(f, lang).format(**nums)
        w = LABELS[lang]
        lines.append(f"{f.id[1:]}. **{title_of(f.id, f.title, lang)}** ({f.id}; {w['evidence']}: {w[f.strength]}). {body}")
    return "\n".join(lines) + "\n"


def render_recommendations(lang: str = "en", results=None) -> str:
    """The recommendations as a MyST numbered list with the findings they rest on and their strength."""
    lines = []
    for r in recommendations(results):
        body = _text(r, lang)
        w = LABELS[lang]
        lines.append(f"{r.id[1:]}. {body} ({w['rests_on']} {w['sep'].join(r.rests_on)}; {w['evidence']}: {w[r.strength]})")
    return "\n".join(lines) + "\n"


def findings_markdown(ids=None, lang: str = "en", results=None) -> Markdown:
    """:func:`render_findings` for display in a chapter notebook."""
    return Markdown(render_findings(lang, ids, results))


def recommendations_markdown(lang: str = "en", results=None) -> Markdown:
    """:func:`render_recommendations` for display in a chapter notebook."""
    return Markdown(render_recommendations(lang, results))


def as_frame(results=None) -> pd.DataFrame:
    """The registry as a table: id, title, basis, strength, chapter, keys."""
    return pd.DataFrame([{"id": f.id, "title": f.title, "basis": f.basis, "strength": f.strength,
                          "chapter": f.chapter, "keys": ", ".join(f.keys)} for f in findings(results)])


__all__ = ["Finding", "Markdown", "Recommendation", "findings", "findings_markdown", "recommendations",
           "recommendations_markdown", "numbers", "render_findings",
           "render_recommendations", "strength_of", "weakest", "as_frame", "MIN_SME_CASES", "STRENGTHS",
           "STRENGTH_RULE"]
