"""Views of the case data for the chapters: classification rules, the comparison matrix, counts, tables.

    classify_entry_mode(text)            component supplier | OEM | ODM | own brand | unclassified
    find_buyers(text), find_places(text) lead firms and production places named in a fact
    usable_facts(facts), c_only_facts(facts)  facts with an A or B source / facts resting only on grade C
    case_matrix(facts)                   one row per firm: entry mode, customers, R&D, production abroad, outcome
    verdict_frame(verdicts, facts, sizes) one row per firm and factor: verdict, evidence grade, size class, role
    success_factor_grid(verdicts, facts) firm x factor verdicts; factor_summary(...) counts, SME cases vs comparators
    stage_map(gvc)                       the value-chain stages in chain order
    case_counts(...), policy_counts(...) numbers quoted in the chapters (for glue)
    grade_table, instrument_area_counts  small summary tables (DataFrames)
    matrix_table, fact_table, factor_table, verdict_notes, size_table, stage_table, instrument_table,
    evidence_appendix_table              captioned MyST tables with linked sources (MarkdownTable)

Chapter tables never print "(verify)": facts resting only on grade C sources are left out of them and
listed by :func:`evidence_appendix_table`; a source graded C is labelled "grade C".

The data come from the loaders of :mod:`smegvc.evidence.cases`; every rule here is a documented, tested function.
"""
from __future__ import annotations

import re

import pandas as pd

from smegvc.evidence.cases import (FACTOR_STATUSES, FACTORS, GRADE_ORDER, OUTCOMES, POLICY_AREA_RULES, SIZE_CLASSES,
                                   VERDICT_GRADES, VERDICTS, basis_urls, code_verdict, evidence_ids, fact_urls)
from smegvc.report.escape import Markdown
from smegvc.report.tables import MarkdownTable, md_link, md_text

# ------------------------------------------------------------------------------------------ entry modes
# Ordered keyword rules on the text of a case's ``gvc_entry_mode`` fact (first match wins):
#   own brand          the firm sells under its own brand (OBM)
#   ODM                designs and makes products sold under the buyer's brand
#   OEM                makes or assembles to the buyer's design (incl. EMS, contract manufacturing)
#   component supplier sells parts, modules, chips or materials to brand firms or their contractors
ENTRY_MODE_RULES = [
    ("own brand", r"own[- ]brand|\bOBM\b"),
    ("ODM", r"\bODM\b|original design manufactur"),
    ("OEM", r"\bOEM\b|\bEMS\b|contract manufactur|\bassembl"),
    ("component supplier", r"suppl(?:y|ier)|vendor|component|chipset|module|\bparts?\b|circuits?\b|"
                           r"\blens(?:es)?\b|casings?\b|hinges?\b"),
]
# Facts read for the entry mode, in order: the dossier's entry-mode fact, else the product fact.
ENTRY_MODE_FIELDS = ("gvc_entry_mode", "product")
ENTRY_MODES = ("component supplier", "OEM", "ODM", "own brand", "unclassified")

# Lead firms and buyers that the facts name, with their home economy (ISO3). Group names are merged
# (Samsung Electronics, Samsung Display and Samsung SDI count as Samsung).
BUYERS = [
    ("Samsung", "KOR", r"\bSamsung\b"),
    ("LG", "KOR", r"\bLG\b"),
    ("Pantech", "KOR", r"\bPantech\b"),
    ("Apple", "USA", r"\bApple\b|\biPhone\b"),
    ("RIM/BlackBerry", "CAN", r"\bRIM\b|BlackBerry"),
    ("Nokia", "FIN", r"\bNokia\b"),
    ("Sony / Sony Ericsson", "JPN", r"\bSony\b"),
    ("HP", "USA", r"\bHP\b"),
    ("Dell", "USA", r"\bDell\b"),
    ("Palm", "USA", r"\bPalm\b"),
    ("Amazon", "USA", r"\bAmazon\b"),
    ("Motorola", "USA", r"\bMotorola\b"),
    ("HTC", "TWN", r"\bHTC\b"),
    ("Huawei", "CHN", r"\bHuawei\b"),
    ("ZTE", "CHN", r"\bZTE\b"),
    ("Lenovo", "CHN", r"\bLenovo\b"),
    ("TCL", "CHN", r"\bTCL\b"),
    ("Oppo", "CHN", r"\bOppo\b"),
    ("Vivo", "CHN", r"\bVivo\b"),
    ("Sunny Optical", "CHN", r"Sunny Optical"),
    ("BOE", "CHN", r"\bBOE\b"),
    ("Chinese white-box makers", "CHN", r"white-box|shanzhai|bandit-phone"),
    ("mobile operators", "", r"\boperators?\b"),
]

# Production places the facts name, by economy.
PLACES = [
    ("China", r"\bChina\b|Suzhou|Kunshan|Xiamen|Yantai|Shandong|Tianjin|Huizhou|Suqian|Taizhou|Pingtan|"
              r"Guangzhou"),
    ("Vietnam", r"Vietnam|Hanoi|Vinh Phuc|Thai Nguyen|Bac Ninh"),
    ("India", r"\bIndia\b|Noida"),
    ("Taiwan", r"Taiwan|Taichung|Tainan|Kaohsiung"),
    ("Korea", r"\bKorea\b|Gumi"),
]
_HOME_PLACE = {"KOR": "Korea", "TWN": "Taiwan"}

# Fact fields feeding each column of the comparison matrix (entry mode comes from gvc_entry_mode).
MATRIX_FIELDS = {
    "customers": ("key_customers", "customers", "key_customers_share", "customer_dependence",
                  "gvc_entry_mode"),
    "rnd": ("rnd_and_patents", "patents_ip", "production_model", "rnd_intensity"),
    "production_abroad": ("overseas_production", "production_location"),
    "outcome": ("outcome_risk", "upgrading", "market_share", "market_position", "profitability_size",
                "sales_growth", "sales", "size"),
}
NO_FACT = "no sourced fact"


def classify_entry_mode(text: str) -> str:
    """Entry mode of a firm from the text of its gvc_entry_mode fact (ENTRY_MODE_RULES, first match)."""
    for mode, pattern in ENTRY_MODE_RULES:
        if re.search(pattern, text or "", re.I):
            return mode
    return "unclassified"


def find_buyers(text: str) -> list[tuple[str, str]]:
    """Lead firms named in ``text`` as (name, home ISO3), in order of first mention."""
    hits = []
    for name, home, pattern in BUYERS:
        m = re.search(pattern, text or "")
        if m:
            hits.append((m.start(), name, home))
    return [(name, home) for _, name, home in sorted(hits)]


def find_places(text: str) -> list[str]:
    """Economies whose production places ``text`` names, in PLACES order."""
    return [name for name, pattern in PLACES if re.search(pattern, text or "")]


def usable_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts with at least one source graded A or B (``best_grade``); the others never enter a chapter table."""
    return facts[facts["best_grade"].isin(VERDICT_GRADES)]


def c_only_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts resting only on grade C sources (listed in the evidence appendix, never used in a verdict)."""
    return facts[~facts["best_grade"].isin(VERDICT_GRADES)]


def case_matrix(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per firm: entry mode, customers, R&D, production abroad and outcome, from the facts.

    Columns: case_id, firm, firm_local, country, entry_mode, domestic_buyers, foreign_buyers, rnd,
    production_abroad, outcome, and for traceability ``<column>_facts`` (the fact ids used).
    Only facts with an A or B source are read (:func:`usable_facts`). Entry mode:
    :func:`classify_entry_mode` of the first ENTRY_MODE_FIELDS fact. Buyers: lead firms named in the
    MATRIX_FIELDS['customers'] facts, split by home economy. R&D and outcome: the first fact in
    MATRIX_FIELDS order that is not marked verify (else the first). Production abroad: economies other
    than the firm's own named in the production facts.
    """
    rows = []
    firms = facts.drop_duplicates("case_id")
    facts = usable_facts(facts)
    for case_id, g in facts.groupby("case_id", sort=False):
        by_field = {r["field"]: r for _, r in g.iterrows()}
        first = g.iloc[0]
        home = first["country"]
        entry = next((by_field[f] for f in ENTRY_MODE_FIELDS if f in by_field), None)
        row = {"case_id": case_id, "firm": first["firm"], "firm_local": first["firm_local"], "country": home,
               "entry_mode": classify_entry_mode(entry["value"]) if entry is not None else "unclassified",
               "entry_mode_facts": entry["fact_id"] if entry is not None else ""}
        used = [by_field[f] for f in MATRIX_FIELDS["customers"] if f in by_field]
        named = list(dict.fromkeys(b for r in used for b in find_buyers(r["value"])))
        row["domestic_buyers"] = ", ".join(n for n, h in named if h == home)
        row["foreign_buyers"] = ", ".join(n for n, h in named if h != home)
        row["customers_facts"] = "; ".join(r["fact_id"] for r in used)
        for col in ("rnd", "outcome"):
            cands = [by_field[f] for f in MATRIX_FIELDS[col] if f in by_field]
            pick = next((r for r in cands if not r["verify"]), cands[0] if cands else None)
            row[col] = pick["value"] if pick is not None else NO_FACT
            row[f"{col}_facts"] = pick["fact_id"] if pick is not None else ""
        prod = [by_field[f] for f in MATRIX_FIELDS["production_abroad"] if f in by_field]
        places = list(dict.fromkeys(p for r in prod for p in find_places(r["value"])))
        abroad = [p for p in places if p != _HOME_PLACE[home]]
        row["production_abroad"] = (", ".join(abroad) if abroad else
                                    f"none (production in {_HOME_PLACE[home]})" if places else NO_FACT)
        row["production_abroad_facts"] = "; ".join(r["fact_id"] for r in prod)
        rows.append(row)
    cols = ["case_id", "firm", "firm_local", "country", "entry_mode", "domestic_buyers", "foreign_buyers",
            "rnd", "production_abroad", "outcome", "entry_mode_facts", "customers_facts", "rnd_facts",
            "production_abroad_facts", "outcome_facts"]
    out = pd.DataFrame(rows, columns=cols).set_index("case_id")
    order = [c for c in firms["case_id"] if c in out.index]
    return out.loc[order].reset_index()


def _basis_grade(row, fx: pd.DataFrame) -> str:
    """Best grade among the basis URLs of a verdict row ('' when it has none)."""
    graded = {u: g for e in evidence_ids(row["evidence"]) for u, g in fact_urls(fx.loc[e])}
    grades = [graded[u] for u in basis_urls(row["basis"]) if u in graded]
    return min(grades, key=GRADE_ORDER.index) if grades else ""


def verdict_frame(verdicts: pd.DataFrame, facts: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """One row per firm and factor, firms in fact order: case_id, country, firm, factor (label),
    verdict, grade (best grade of the basis sources, '' for no evidence), size_class, role."""
    firms = facts.drop_duplicates("case_id").set_index("case_id")
    fx = facts.set_index("fact_id", drop=False)
    size = sizes.set_index("case_id")
    v = verdicts.copy()
    v["grade"] = [_basis_grade(r, fx) for _, r in v.iterrows()]
    out = pd.DataFrame({
        "case_id": v["case_id"], "country": v["case_id"].map(firms["country"]),
        "firm": v["case_id"].map(firms["firm"]), "factor": v["factor"].map(FACTORS), "verdict": v["verdict"],
        "grade": v["grade"], "size_class": v["case_id"].map(size["size_class"]),
        "role": v["case_id"].map(size["role"])})
    order = {c: i for i, c in enumerate(dict.fromkeys(facts["case_id"]))}
    forder = {f: i for i, f in enumerate(FACTORS.values())}
    out = out.assign(_o=out["case_id"].map(order), _f=out["factor"].map(forder))
    return out.sort_values(["_o", "_f"]).drop(columns=["_o", "_f"]).reset_index(drop=True)


def success_factor_grid(verdicts: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Firm x factor verdicts: index (country, firm), one column per factor label, in FACTORS order."""
    firms = facts.drop_duplicates("case_id").set_index("case_id")
    v = verdicts.assign(factor_label=verdicts["factor"].map(FACTORS))
    order = list(dict.fromkeys(facts["case_id"]))
    grid = v.pivot(index="case_id", columns="factor_label", values="verdict").reindex(order)
    grid = grid.reindex(columns=list(FACTORS.values())).fillna("not assessed")
    grid.index = pd.MultiIndex.from_arrays([firms.loc[order, "country"], firms.loc[order, "firm"]],
                                           names=["country", "firm"])
    return grid


def factor_summary(verdicts: pd.DataFrame, facts: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """Number of firms per factor (rows) by role and verdict (columns "SME cases: supports", ...,
    "comparators: contradicts"). Only firms classed SME at the time of the events count as SME cases."""
    f = verdict_frame(verdicts, facts, sizes)
    f = f[f["verdict"] != "no evidence"]
    t = pd.crosstab(f["factor"], [f["role"], f["verdict"]])
    cols = pd.MultiIndex.from_product([["SME case", "comparator"], ["supports", "contradicts"]])
    t = t.reindex(index=list(FACTORS.values()), columns=cols, fill_value=0)
    t.columns = [f"{'SME cases' if r == 'SME case' else 'comparators'}: {v}" for r, v in t.columns]
    t.index.name = "factor"
    return t


def rule_table() -> pd.DataFrame:
    """The coding rule (smegvc.evidence.cases.VERDICT_RULE) as a table: factor status x outcome -> verdict."""
    t = pd.DataFrame({o: [code_verdict(st, o) for st in FACTOR_STATUSES] for o in OUTCOMES},
                     index=pd.Index([f"factor {st}" for st in FACTOR_STATUSES], name="sources show"))
    t.columns = [f"firm: {o}" for o in OUTCOMES]
    return t


def rule_markdown(**table) -> MarkdownTable:
    """:func:`rule_table` as a captioned MyST table."""
    return MarkdownTable(rule_table().reset_index(), **table)


def stage_map(gvc: pd.DataFrame) -> pd.DataFrame:
    """The value-chain stage rows in chain order with the columns the chapter shows."""
    return gvc.sort_values(["stage_order", "row_id"], kind="stable")[
        ["stage_group", "stage", "korean_firms", "taiwanese_firms", "published_figure", "year", "source_outlet",
         "source_url", "grade", "verify"]].reset_index(drop=True)


# ================================================================================ tables

_VERIFY_NOTE = re.compile(r"\s*(?:[—-]\s*verify\b.*|\(verify\))\s*$", re.I)


def outlet_label(outlet: str) -> str:
    """The dossier's outlet text without its trailing "verify" note (the grade label says it instead)."""
    return _VERIFY_NOTE.sub("", outlet)


def source_cell(outlet: str, date: str, url: str, grade: str) -> str:
    """A linked source label; a source graded C is labelled so (never "(verify)")."""
    outlet = outlet_label(outlet)
    label = outlet + (f", {date}" if date and date not in outlet else "")
    return md_link(label, url) + (" (grade C)" if grade == "C" else "")


def case_counts(facts: pd.DataFrame, matrix: pd.DataFrame, verdicts: pd.DataFrame,
                sizes: pd.DataFrame | None = None) -> dict[str, int]:
    """Counts quoted in the case-study chapter (glue names -> int).

    n_firms, n_facts, n_verify (facts with a grade C source), n_c_only (facts resting only on grade C),
    n_<iso> (firms), buyers_dom_<iso> / buyers_for_<iso> (firms naming a domestic / foreign buyer),
    for_only_<iso> / dom_only_<iso>, abroad_<iso> (firms producing abroad). With ``sizes``: n_sme,
    n_comparators, n_sme_<iso>, n_verdicts (supports or contradicts), and <factor>_<verdict>_sme /
    <factor>_<verdict>_comp (firms) for verdict supports|contradicts.
    """
    out = {"n_firms": int(facts["case_id"].nunique()), "n_facts": len(facts), "n_verify": int(facts["verify"].sum()),
           "n_c_only": len(c_only_facts(facts))}
    for iso, m in matrix.groupby("country"):
        k = iso.lower()
        dom, foreign = m["domestic_buyers"] != "", m["foreign_buyers"] != ""
        out.update({f"n_{k}": len(m), f"buyers_dom_{k}": int(dom.sum()), f"buyers_for_{k}": int(foreign.sum()),
                    f"dom_only_{k}": int((dom & ~foreign).sum()), f"for_only_{k}": int((foreign & ~dom).sum()),
                    f"abroad_{k}": int((~m["production_abroad"].str.startswith(("none", NO_FACT))).sum())})
    if sizes is not None:
        sme = sizes[sizes["role"] == "SME case"]
        country = facts.drop_duplicates("case_id").set_index("case_id")["country"]
        out.update({"n_sme": len(sme), "n_comparators": int((sizes["role"] != "SME case").sum()),
                    "n_verdicts": int((verdicts["verdict"] != "no evidence").sum())})
        for iso in sorted(country.unique()):
            out[f"n_sme_{iso.lower()}"] = int((sme["case_id"].map(country) == iso).sum())
        f = verdict_frame(verdicts, facts, sizes)
        for key, label in FACTORS.items():
            for verdict in ("supports", "contradicts"):
                sel = (f["factor"] == label) & (f["verdict"] == verdict)
                out[f"{key}_{verdict}_sme"] = int((sel & (f["role"] == "SME case")).sum())
                out[f"{key}_{verdict}_comp"] = int((sel & (f["role"] != "SME case")).sum())
    return out


def policy_counts(policy: pd.DataFrame) -> dict[str, int]:
    """Counts quoted in the policy chapter: n_instruments and n_instruments_<iso>."""
    out = {"n_instruments": len(policy)}
    for iso, n in policy["country"].value_counts().sort_index().items():
        out[f"n_instruments_{iso.lower()}"] = int(n)
    return out


def grade_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts by economy and the grade of their weakest source, with the number that rest only on grade C
    sources (rows: economy and total)."""
    t = pd.crosstab(facts["country"], facts["grade"]).reindex(columns=list(GRADE_ORDER), fill_value=0)
    t.columns = [f"weakest source {g}" for g in t.columns]
    t["all facts"] = t.sum(axis=1)
    t["only grade C sources"] = (facts["best_grade"] == "C").groupby(facts["country"]).sum().astype(int)
    t.loc["total"] = t.sum()
    t.index.name = "economy"
    t.columns.name = None
    return t


def instrument_area_counts(policy: pd.DataFrame) -> pd.DataFrame:
    """Number of instruments by policy area (rows, in POLICY_AREA_RULES order) and economy (columns)."""
    order = [a for a, _ in POLICY_AREA_RULES] + ["other"]
    t = pd.crosstab(policy["area"], policy["country"])
    t = t.reindex([a for a in order if a in t.index])
    t.index.name = "policy area"
    t.columns.name = None
    return t


def matrix_table(matrix: pd.DataFrame, part: str, **table) -> MarkdownTable:
    """The comparison matrix for display: part 'links' (entry mode, buyers, production abroad) or
    'record' (R&D and outcome, with the sourced fact texts)."""
    firm = [md_text(f"{r.firm} ({r.firm_local})" if r.firm_local else r.firm) for r in matrix.itertuples()]
    if part == "links":
        df = pd.DataFrame({"Firm": firm, "Economy": matrix["country"], "Entry mode": matrix["entry_mode"],
                           "Domestic buyers named": matrix["domestic_buyers"].map(md_text),
                           "Foreign buyers named": matrix["foreign_buyers"].map(md_text),
                           "Production abroad": matrix["production_abroad"].map(md_text)})
    elif part == "record":
        df = pd.DataFrame({"Firm": firm, "Economy": matrix["country"],
                           "R&D and technology": matrix["rnd"].map(md_text),
                           "Outcome": matrix["outcome"].map(md_text)})
    else:
        raise ValueError(f"part must be 'links' or 'record', not {part!r}")
    return MarkdownTable(df, **table)


def _sources_cell(fact) -> str:
    """Every source of a fact, linked, each with its grade."""
    urls = fact_urls(fact)
    outlet = outlet_label(fact["source_outlet"])
    links = [md_link(f"source {i + 1}" if len(urls) > 1 else outlet, u) + f" ({g})" for i, (u, g) in enumerate(urls)]
    return (md_text(outlet) + ": " if len(urls) > 1 else Markdown("")) + Markdown(", ").join(links)


def fact_table(facts: pd.DataFrame, country: str, **table) -> MarkdownTable:
    """The facts on one economy's firms that have an A or B source: firm, topic, fact, sources (linked,
    each with its grade). Facts resting only on grade C sources are in :func:`evidence_appendix_table`."""
    f = usable_facts(facts)
    f = f[f["country"] == country]
    return MarkdownTable(pd.DataFrame({
        "Firm": f["firm"].map(md_text), "Topic": f["topic"], "Fact": f["value"].map(md_text),
        "Sources (grade)": [_sources_cell(r) for _, r in f.iterrows()]}), **table)


def evidence_appendix_table(facts: pd.DataFrame, verdicts: pd.DataFrame, **table) -> MarkdownTable:
    """Every fact with a grade C source: firm, fact, sources with grades, and how the report uses it
    ('not used' when it rests only on grade C; else 'through the A or B source only')."""
    f = facts[facts["grade"] == "C"]
    used = {e for _, r in verdicts[verdicts["verdict"] != "no evidence"].iterrows() for e in evidence_ids(r["evidence"])}
    def use(r):
        if r["best_grade"] == "C":
            return "only grade C sources: not used in the chapters"
        return "through its A or B source only" + ("; evidence of a verdict" if r["fact_id"] in used else "")
    return MarkdownTable(pd.DataFrame({
        "Firm": f["firm"].map(md_text), "Fact": f["value"].map(md_text),
        "Sources (grade)": [_sources_cell(r) for _, r in f.iterrows()],
        "Use in the report": [use(r) for _, r in f.iterrows()]}), **table)


def size_table(sizes: pd.DataFrame, facts: pd.DataFrame, **table) -> MarkdownTable:
    """Each firm's size class at the time of the events, the figure and its sources, and its role."""
    firms = facts.drop_duplicates("case_id").set_index("case_id")
    order = [c for c in dict.fromkeys(facts["case_id"]) if c in set(sizes["case_id"])]
    s = sizes.set_index("case_id").loc[order]
    return MarkdownTable(pd.DataFrame({
        "Firm": [md_text(firms.at[c, "firm"]) for c in s.index], "Economy": [firms.at[c, "country"] for c in s.index],
        "Period": s["period"].map(md_text).to_numpy(), "Size class": s["size_class"].to_numpy(),
        "Sourced figure": s["figure"].map(md_text).to_numpy(),
        "Source": [Markdown(", ").join(md_link(f"source {i + 1}", u) for i, u in enumerate(basis_urls(b))) or "—"
                   for b in s["basis"]],
        "Counted as": s["role"].to_numpy()}), **table)


def factor_table(verdicts: pd.DataFrame, facts: pd.DataFrame, **table) -> MarkdownTable:
    """The verdicts as a firm x factor table (supports / contradicts / —)."""
    grid = success_factor_grid(verdicts, facts).replace({"no evidence": "—"})
    df = grid.reset_index()
    df.insert(0, "Firm", df.pop("firm").map(md_text))
    df = df.rename(columns={"country": "Economy"})
    return MarkdownTable(df, **table)


def verdict_notes(verdicts: pd.DataFrame, facts: pd.DataFrame, sizes: pd.DataFrame, **table) -> MarkdownTable:
    """Every 'supports' or 'contradicts' verdict: firm (with its size class), factor, the observation
    (factor present/absent, outcome), verdict, why, and the A or B sources it rests on, with grades."""
    fx = facts.set_index("fact_id", drop=False)
    firms = facts.drop_duplicates("case_id").set_index("case_id")["firm"]
    size = sizes.set_index("case_id")["size_class"]
    rows = []
    for _, r in verdicts[verdicts["verdict"] != "no evidence"].iterrows():
        graded = {u: g for e in evidence_ids(r["evidence"]) for u, g in fact_urls(fx.loc[e])}
        srcs = [md_link(f"source {i + 1}", u) + f" ({graded[u]})" for i, u in enumerate(basis_urls(r["basis"]))]
        rows.append({"Firm": md_text(firms[r['case_id']]) + f" ({size[r['case_id']]})", "Factor": FACTORS[r["factor"]],
                     "Observed": f"factor {r['factor_status']}, {r['outcome']}", "Verdict": r["verdict"],
                     "Why": md_text(r["note"]), "Sources (grade)": Markdown(", ").join(srcs)})
    return MarkdownTable(pd.DataFrame(rows), **table)


def stage_table(gvc: pd.DataFrame, **table) -> MarkdownTable:
    """The stage map for display: stage, Korean and Taiwanese firms, published figure, year, source."""
    s = stage_map(gvc)
    stage = [md_text(g) + ("" if g == d else ": " + md_text(d)) for g, d in zip(s["stage_group"], s["stage"])]
    figure = [md_text(f) + (" (" + md_text(y) + ")" if y and y not in f else "") for f, y in zip(s["published_figure"], s["year"])]
    return MarkdownTable(pd.DataFrame({
        "Stage": stage, "Korea: leading firms (size)": s["korean_firms"].map(md_text),
        "Taiwan: leading firms": s["taiwanese_firms"].map(md_text), "Published figure (year)": figure,
        "Source": [source_cell(r.source_outlet, "", r.source_url, r.grade) for r in s.itertuples()]}), **table)


def instrument_table(policy: pd.DataFrame, country: str, **table) -> MarkdownTable:
    """One economy's policy instruments: name, area, start, content and figures, source."""
    p = policy[policy["country"] == country]
    start = [md_text(r.start_date) for r in p.itertuples()]
    return MarkdownTable(pd.DataFrame({
        "Instrument": p["instrument"].map(md_text), "Area": p["area"], "Start": start,
        "What it does (as published)": p["content"].map(md_text),
        "Source": [source_cell(r.source_outlet, "", r.source_url, r.grade) for r in p.itertuples()]}), **table)


def c_graded_rows_table(gvc: pd.DataFrame, policy: pd.DataFrame, **table) -> MarkdownTable:
    """Value-chain stage rows and policy instruments whose source is graded C: where they are shown, the
    item, and the source (linked)."""
    rows = [{"Shown in": "phone value chain", "Item": md_text(f"{r.stage}: {r.published_figure}"),
             "Source": source_cell(r.source_outlet, "", r.source_url, r.grade)}
            for r in stage_map(gvc).itertuples() if r.grade == "C"]
    rows += [{"Shown in": "policy", "Item": md_text(f"{r.instrument} ({r.country})"),
              "Source": source_cell(r.source_outlet, "", r.source_url, r.grade)}
             for r in policy.itertuples() if r.grade == "C"]
    return MarkdownTable(pd.DataFrame(rows, columns=["Shown in", "Item", "Source"]), **table)
