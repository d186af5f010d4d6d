"""Firm cases, phone value-chain stages and policy instruments: tidy extracts of the research dossier.

Builder (raw dossier ``../shared/research/cases`` -> ``data/cases/``; to be hooked into
``python -m smegvc extract --cases``)::

    extract_cases(source=None, out=None, log=print) -> list[Path]

writes ``cases.csv`` (one row per sourced fact), ``gvc_structure.csv`` (value-chain stages),
``policy_instruments.csv`` and ``PROVENANCE.md``. Two files in ``data/cases/`` are written by hand and
only read: ``source_grades.csv`` (reliability grade of a web domain, used when a URL is not in the
dossier's ``sources.yaml``), ``success_factors.csv`` (for each firm and KIEP success factor: is the
factor present, what happened to the firm, on which facts and A/B sources) and ``firm_size.csv`` (the
firm's size class at the time of the events, sourced).

Loaders (each calls :func:`smegvc.tracking.record_read` and checks the file)::

    load_facts(), load_gvc_structure(), load_policy_instruments(), load_success_factors(),
    load_firm_sizes(), load_source_grades()

The coding rule (VERDICT_RULE, :func:`code_verdict`) and the size classes (SIZE_CLASSES) are defined
below; a verdict or size class other than 'no evidence' / 'not documented' must rest on a source graded
A or B.

The views the chapters show (matrix, counts, tables) are in :mod:`smegvc.report.case_views`.

Grades: A primary/official or academic, B established news or trade press, C blog, forum, mirror or
repost. A fact's ``grade`` is the worst grade of its sources and ``best_grade`` the best (``url_grades``
lists each URL's); a fact is marked ``verify`` when its grade is C or its source is described as
unverified. A fact without a source URL is an error.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import urllib.parse
from pathlib import Path

import pandas as pd
import yaml

from smegvc import paths
from smegvc import tracking
from smegvc.atomic import write_text
from smegvc.errors import DataError
from smegvc.scope import ECONOMIES, NAMES

OUT_DIR = "cases"
FACTS_FILE = "cases/cases.csv"
GVC_FILE = "cases/gvc_structure.csv"
POLICY_FILE = "cases/policy_instruments.csv"
GRADES_FILE = "cases/source_grades.csv"
FACTORS_FILE = "cases/success_factors.csv"
SIZE_FILE = "cases/firm_size.csv"
PROVENANCE_FILE = "cases/PROVENANCE.md"

COUNTRIES = {NAMES[c]: c for c in ECONOMIES}  # dossier country name -> ISO3 code
GRADE_ORDER = "ABC"  # best to worst

# ------------------------------------------------------------------------------------------ fields
# Every field of the dossier, normalised to a topic. An unknown field is an error (extend this map).
FIELD_TOPICS = {
    "founding": "founding",
    "origin_as_captive_supplier": "founding",
    "group_affiliation": "ownership",
    "ownership_change": "ownership",
    "product": "product",
    "production_model": "technology",
    "rnd_and_patents": "technology",
    "rnd_intensity": "technology",
    "patents_ip": "technology",
    "gvc_entry_mode": "entry mode",
    "upgrading": "entry mode",
    "key_customers": "customers",
    "customers": "customers",
    "key_customers_share": "customers",
    "customer_dependence": "customers",
    "customer_reaction": "customers",
    "market_share": "market position",
    "market_position": "market position",
    "value_captured_in_taiwan": "market position",
    "size": "size and results",
    "sales": "size and results",
    "sales_growth": "size and results",
    "profitability_size": "size and results",
    "outcome_risk": "size and results",
    "overseas_production": "production",
    "production_location": "production",
    "policy_support": "policy",
}

FACT_COLUMNS = ["fact_id", "case_id", "firm", "firm_local", "country", "field", "topic", "value",
                "source_outlet", "source_date", "source_url", "source_also", "source_ids", "grade",
                "grade_basis", "verify", "size_note", "url_grades", "best_grade"]
GVC_COLUMNS = ["row_id", "stage_order", "stage_group", "stage", "korean_firms", "taiwanese_firms",
               "published_figure", "year", "source_outlet", "source_url", "source_ids", "grade",
               "grade_basis", "verify"]
POLICY_COLUMNS = ["instrument_id", "country", "instrument", "area", "start_date", "start_year",
                  "start_note", "content", "source_outlet", "source_url", "source_also", "source_ids",
                  "grade", "grade_basis", "verify"]
FACTOR_COLUMNS = ["case_id", "factor", "factor_status", "outcome", "evidence", "basis", "note"]
SIZE_COLUMNS = ["case_id", "period", "size_class", "figure", "evidence", "basis", "note"]
GRADE_COLUMNS = ["domain", "grade", "kind", "note"]

# ------------------------------------------------------------------------------------------ stages
# Value-chain stages of the dossier grouped in chain order (upstream design and brand first,
# components next, assembly, then whole-chain measures). An unknown stage is an error.
STAGE_GROUPS = [
    ("Brand and lead firms", ["Brand / lead firm", "Brand in-house vs outsourcing", "Brand offshoring (Korea)",
                              "Brand outsourcing shift (Korea)"]),
    ("Processors and modems", ["Application processor / baseband", "Galaxy S6 in-house silicon"]),
    ("Memory", ["Memory (mobile DRAM)"]),
    ("Display", ["Display (AMOLED)"]),
    ("Touch panel and touch chips", ["Touch panel / touch IC"]),
    ("Camera modules and lenses", ["Camera module", "Camera lens"]),
    ("Flexible circuit boards", ["FPCB / RFPCB", "FPCB industry leader"]),
    ("Batteries", ["Battery (small Li-ion)"]),
    ("Passive components", ["Passive components (MLCC)"]),
    ("Casings and mechanical parts", ["Casing / mechanical"]),
    ("Assembly (EMS and ODM)", ["Assembly / EMS / ODM", "Taiwan handset ODMs (feature-phone era)"]),
    ("Whole chain", ["Galaxy S6 Edge BOM", "Taiwan made-by share (smartphones)", "Value captured in Taiwan",
                     "Supplier count (iPhone X)"]),
]
_STAGE_INDEX = {s: (i + 1, g) for i, (g, stages) in enumerate(STAGE_GROUPS) for s in stages}

# ------------------------------------------------------------------------------------------ policy areas
# Ordered keyword rules on "instrument + content" (first match wins).
POLICY_AREA_RULES = [
    ("FDI attraction", r"export processing zone|\bEPZ"),
    ("public research and science parks", r"research institute|\bITRI\b|technology development program|"
                                          r"科技專案|science[- ]based|science park"),
    ("SME R&D subsidies", r"\bSBIR\b|기술혁신|innovation R&D"),
    ("growth-champion programmes", r"world class 300|강소기업"),
    ("export promotion", r"\bKOTRA\b|voucher|바우처|trade promotion"),
    ("large-small firm relations", r"하도급|subcontract|상생|동반성장|win-win"),
    ("SME finance", r"credit guarantee|信保"),
    ("SME law and guidance", r"development act|發展條例|guidance"),
]

# The success factors of the 2016 KIEP study, as the verdict file names them.
FACTORS = {
    "own_technology": "own technology and long-term R&D",
    "foreign_buyers": "fast response to foreign buyers",
    "overseas_investment": "overseas investment (China, South-East Asia)",
    "state_support": "state support: FDI attraction and shared public research",
}
VERDICTS = ("supports", "contradicts", "no evidence")

# ------------------------------------------------------------------------------------------ coding rule
# The verdict is never typed: it follows from two coded observations, each resting on sourced facts.
#   factor_status  present | absent | not documented   (what an A or B source shows about the factor)
#   outcome        success | setback | not documented  (what happened to the firm's place in the chain
#                                                       in the episode where the factor was observed:
#                                                       entry or growth, or loss of its main position)
# A factor present with success, or absent with a setback, is what the success-factor claim predicts;
# a factor present with a setback, or absent with success, is what it rules out. Only the first of the
# two predicted cells counts as support: a factor *absent* alongside a setback is consistent with the
# claim but proves nothing (the setback may have any cause), so support is never coded from absence.
FACTOR_STATUSES = ("present", "absent", "not documented")
OUTCOMES = ("success", "setback", "not documented")
VERDICT_RULE = {
    ("present", "success"): "supports",
    ("present", "setback"): "contradicts",
    ("absent", "success"): "contradicts",
    ("absent", "setback"): "no evidence",
}
# A verdict other than 'no evidence' must name, in `basis`, at least one source URL of its evidence facts
# graded A or B (GRADE_ORDER): facts resting only on grade C sources never decide a verdict.
VERDICT_GRADES = ("A", "B")

# ------------------------------------------------------------------------------------------ firm size
# Size class of each firm at the time of the events its case documents (firm_size.csv), from a sourced
# figure (the basis URL must be graded A or B):
#   SME                    within its economy's SME criterion: Korea, sales within the ₩100bn ceiling that
#                          the 2015 SME criterion sets for electronic components (the yardstick for every
#                          year, as the sources report sales, not the employees or capital of the earlier
#                          criteria); Taiwan, paid-in capital <= NT$80m or < 200 employees, or a source
#                          calls the firm a start-up
#   mid-sized              above the SME ceiling, not in a business group (Korea's 중견기업)
#   large                  a large listed firm or a leader of its world market segment
#   affiliate or spin-off  belongs to a business group, or is a spin-off run from a large firm
#   not documented         no A or B source gives the firm's size at the time
# Only SME firms are counted as SME cases; the others are shown as comparators.
SIZE_CLASSES = ("SME", "mid-sized", "large", "affiliate or spin-off", "not documented")
SME_CLASS = "SME"


# ================================================================================ small helpers

def _clean(value) -> str:
    """Text with runs of white space collapsed; None -> ''."""
    return "" if value is None else " ".join(str(value).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def split_firm_name(firm: str) -> tuple[str, str]:
    """'CrucialTec (크루셜텍)' -> ('CrucialTec', '크루셜텍'); 'KH Vatec (KH바텍, formerly 금호)' -> ('KH Vatec', 'KH바텍')."""
    m = re.match(r"^\s*(.*?)\s*(?:\((.*)\))?\s*$", firm)
    english, inner = m.group(1), m.group(2) or ""
    return english, _clean(inner.split(",")[0])


def _host(url: str) -> str:
    host = (urllib.parse.urlsplit(url.strip()).hostname or "").lower()
    return re.sub(r"^(?:www\d?|m)\.", "", host)


def _norm_url(url: str) -> str:
    """A URL key for matching: scheme and www./m. dropped, percent-decoding, no trailing slash."""
    u = urllib.parse.urlsplit(urllib.parse.unquote(url.strip()))
    host = re.sub(r"^(?:www\d?|m)\.", "", (u.hostname or "").lower())
    return f"{host}{u.path.rstrip('/')}" + (f"?{u.query}" if u.query else "")


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _csv_text(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


# ================================================================================ grades

class SourceGrader:
    """Grade URLs: the dossier's ``sources.yaml`` entry when the URL is listed, else the domain table."""

    def __init__(self, sources_yaml: Path, grades: pd.DataFrame, grades_path: Path):
        self.grades_path = grades_path
        raw = yaml.safe_load(Path(sources_yaml).read_text(encoding="utf-8")) or {}
        self.by_url: dict[str, tuple[str, str]] = {}
        for sid, entry in (raw.get("sources") or {}).items():
            grade = _clean(entry.get("reliability"))[:1].upper()
            if grade not in GRADE_ORDER:
                raise DataError(sources_yaml, f"reliability {entry.get('reliability')!r} is not A, B or C",
                                row=sid, column="reliability")
            for key in ("url", "alt_url", "book_url"):
                if entry.get(key):
                    self.by_url.setdefault(_norm_url(entry[key]), (sid, grade))
        self.by_domain = dict(zip(grades["domain"], grades["grade"]))

    def grade(self, url: str, where: dict) -> tuple[str, str, str]:
        """(grade, basis, source id or '') of one URL; ``where`` names the row for errors."""
        hit = self.by_url.get(_norm_url(url))
        if hit:
            return hit[1], f"sources.yaml {hit[0]}", hit[0]
        host = _host(url)
        parts = host.split(".")
        for i in range(len(parts) - 1):
            dom = ".".join(parts[i:])
            if dom in self.by_domain:
                return self.by_domain[dom], f"domain {dom}", ""
        raise DataError(where["path"], f"no reliability grade for the domain {host!r} of {url!r}: "
                        f"add the domain to {self.grades_path}", row=where["row"], column="source_url")

    def grade_all(self, urls: list[str], outlet: str, where: dict) -> dict:
        """Worst grade over ``urls``, the basis per URL, the matched source ids and the verify flag."""
        results = [self.grade(u, where) for u in urls]
        worst = max((g for g, _, _ in results), key=GRADE_ORDER.index)
        unverified = bool(re.search(r"verif", outlet, re.I))
        best = min((g for g, _, _ in results), key=GRADE_ORDER.index)
        return {"grade": worst, "grade_basis": "; ".join(b for _, b, _ in results),
                "source_ids": "; ".join(dict.fromkeys(s for _, _, s in results if s)),
                "verify": worst == "C" or unverified,
                "url_grades": "; ".join(g for g, _, _ in results),
                "best_grade": "C" if unverified else best}


# ================================================================================ builders

def build_facts(cases_yaml: Path, grader: SourceGrader) -> tuple[pd.DataFrame, list[dict]]:
    """Tidy facts (one row per non-null fact, FACT_COLUMNS) and the list of null facts (gaps)."""
    raw = yaml.safe_load(Path(cases_yaml).read_text(encoding="utf-8")) or {}
    rows, gaps, seen = [], [], set()
    for case in raw.get("cases") or []:
        firm = _clean(case.get("firm"))
        country = COUNTRIES.get(_clean(case.get("country")))
        if not firm or country is None:
            raise DataError(cases_yaml, f"case needs a firm and a country in {sorted(COUNTRIES)}",
                            row=f"case {firm or '?'}", column="country")
        english, local = split_firm_name(firm)
        case_id = slug(english)
        for fact in case.get("facts") or []:
            field = _clean(fact.get("field"))
            where = {"path": cases_yaml, "row": f"case {english}, field {field}"}
            if field not in FIELD_TOPICS:
                raise DataError(cases_yaml, f"unknown fact field {field!r} (add it to cases.FIELD_TOPICS)",
                                row=f"case {english}", column=field)
            if (case_id, field) in seen:
                raise DataError(cases_yaml, "duplicate fact field", row=f"case {english}", column=field)
            seen.add((case_id, field))
            value = _clean(fact.get("value"))
            src = fact.get("source") or {}
            if not value:
                gaps.append({"case_id": case_id, "firm": english, "field": field})
                continue
            url = _clean(src.get("url"))
            if not url:
                raise DataError(cases_yaml, "fact has a value but no source url", row=f"case {english}",
                                column=field)
            also = [_clean(u) for u in (src.get("also") or []) if _clean(u)]
            outlet = _clean(src.get("outlet"))
            g = grader.grade_all([url, *also], outlet, where)
            rows.append({
                "fact_id": f"{case_id}.{field}", "case_id": case_id, "firm": english, "firm_local": local,
                "country": country, "field": field, "topic": FIELD_TOPICS[field], "value": value,
                "source_outlet": outlet, "source_date": _clean(src.get("date")), "source_url": url,
                "source_also": " | ".join(also), **g, "size_note": _clean(case.get("size_note")),
            })
    if not rows:
        raise DataError(cases_yaml, "no facts found")
    return pd.DataFrame(rows, columns=FACT_COLUMNS), gaps


def _read_raw_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}", row=1, column=missing[0])
    return df.map(_clean)


def build_gvc(gvc_csv: Path, grader: SourceGrader) -> tuple[pd.DataFrame, list[dict]]:
    """Tidy value-chain stages (GVC_COLUMNS) and the rows left out for want of a source."""
    df = _read_raw_csv(gvc_csv, ["stage", "korean_firms_and_size", "taiwanese_firms", "published_figure",
                                 "year", "source_outlet", "source_url"])
    rows, dropped = [], []
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["stage"] not in _STAGE_INDEX:
            raise DataError(gvc_csv, f"unknown stage {r['stage']!r} (add it to cases.STAGE_GROUPS)",
                            row=line, column="stage")
        if not r["source_url"]:
            dropped.append({"row": line, "stage": r["stage"], "reason": "no source URL"})
            continue
        order, group = _STAGE_INDEX[r["stage"]]
        dash = lambda s: "" if s in ("—", "-") else s  # noqa: E731
        g = grader.grade_all([r["source_url"]], r["source_outlet"], {"path": gvc_csv, "row": line})
        rows.append({"row_id": f"gvc-{line - 1:02d}", "stage_order": order, "stage_group": group,
                     "stage": r["stage"], "korean_firms": dash(r["korean_firms_and_size"]),
                     "taiwanese_firms": dash(r["taiwanese_firms"]), "published_figure": dash(r["published_figure"]),
                     "year": dash(r["year"]), "source_outlet": r["source_outlet"], "source_url": r["source_url"],
                     **g})
    out = pd.DataFrame(rows, columns=GVC_COLUMNS)
    return out.sort_values(["stage_order", "row_id"], kind="stable").reset_index(drop=True), dropped


def policy_area(text: str) -> str:
    """The policy area of an instrument from its name and description (POLICY_AREA_RULES)."""
    for area, pattern in POLICY_AREA_RULES:
        if re.search(pattern, text, re.I):
            return area
    return "other"


def start_year(text: str) -> tuple[int | None, str]:
    """First year in a start-date text and a note: '' exact, 'approximate', or 'not verified'."""
    m = re.search(r"\b(19\d\d|20\d\d)\b", text)
    if not m or re.search(r"not verified", text, re.I):
        return None, "not verified"
    return int(m.group(1)), ("approximate" if re.search(r"\bc\.|inferred", text) else "")


def build_policy(policy_csv: Path, grader: SourceGrader) -> pd.DataFrame:
    """Tidy policy instruments (POLICY_COLUMNS)."""
    df = _read_raw_csv(policy_csv, ["country", "instrument", "start_date", "content_and_figures",
                                    "source_outlet", "source_url"])
    rows, counter = [], {}
    for i, r in df.iterrows():
        line = int(i) + 2
        iso = COUNTRIES.get(r["country"])
        if iso is None:
            raise DataError(policy_csv, f"country {r['country']!r} not in {sorted(COUNTRIES)}", row=line,
                            column="country")
        urls = [u.strip() for u in r["source_url"].split(" | ") if u.strip()]
        if not urls:
            raise DataError(policy_csv, "instrument without a source URL", row=line, column="source_url")
        counter[iso] = counter.get(iso, 0) + 1
        year, note = start_year(r["start_date"])
        g = grader.grade_all(urls, r["source_outlet"], {"path": policy_csv, "row": line})
        rows.append({"instrument_id": f"{iso}-{counter[iso]:02d}", "country": iso, "instrument": r["instrument"],
                     "area": policy_area(r["instrument"] + " " + r["content_and_figures"]),
                     "start_date": r["start_date"], "start_year": year, "start_note": note,
                     "content": r["content_and_figures"], "source_outlet": r["source_outlet"],
                     "source_url": urls[0], "source_also": " | ".join(urls[1:]), **g})
    out = pd.DataFrame(rows, columns=POLICY_COLUMNS)
    out["start_year"] = out["start_year"].astype("Int64")
    return out


def _provenance(inputs: dict[str, Path], facts, gvc, policy, gaps, dropped, grades_path) -> str:
    n_verify = int(facts["verify"].sum())
    grade_counts = facts["grade"].value_counts().reindex(list(GRADE_ORDER), fill_value=0)
    lines = [
        "# Provenance of data/cases/",
        "",
        "Generated by `python -m smegvc extract --cases` (function `smegvc.evidence.cases.extract_cases`) from the",
        "research dossier `research/cases/` of the shared raw-source folder. Do not edit the generated files",
        "by hand; edit the builder or the hand-written files and re-run the command.",
        "",
        "## Inputs (read-only)",
        "",
        "| file | sha256 |",
        "|---|---|",
        *[f"| research/cases/{name} | `{_sha256(p)}` |" for name, p in inputs.items()],
        "",
        "## Files in this folder",
        "",
        f"- `cases.csv` (generated): {len(facts)} sourced facts on {facts['case_id'].nunique()} firms "
        f"({', '.join(f'{c} {n}' for c, n in facts.drop_duplicates('case_id')['country'].value_counts().sort_index().items())}), "
        "one row per fact, each with its source outlet, date and URL (`source_also`: further URLs, "
        "separated by ` | `). `fact_id` = `<case_id>.<field>`; `topic` groups the dossier's fields "
        "(`smegvc.evidence.cases.FIELD_TOPICS`).",
        f"- `gvc_structure.csv` (generated): {len(gvc)} rows on the stages of the mobile-phone value chain, "
        "grouped in chain order (`stage_group`, `stage_order`; `smegvc.evidence.cases.STAGE_GROUPS`); `—` cells are blank.",
        f"- `policy_instruments.csv` (generated): {len(policy)} instruments; `area` is assigned by the keyword "
        "rules `smegvc.evidence.cases.POLICY_AREA_RULES`; `start_year` is the first year in `start_date` "
        "(`start_note`: approximate or not verified).",
        "- `source_grades.csv` (hand-written): reliability grade of each web domain cited, used when a URL is "
        "not in the dossier's `sources.yaml`.",
        "- `success_factors.csv` (hand-written): for each firm and each success factor of the 2016 KIEP study, "
        "whether the factor is present and what happened to the firm (`factor_status`, `outcome`), the fact(s) "
        "they rest on (`evidence`, fact ids separated by `;`), the A- or B-graded source URLs that state them "
        "(`basis`) and a note. The verdict (supports, contradicts, no evidence) is derived by the rule "
        "`smegvc.evidence.cases.VERDICT_RULE`; support is never coded from the absence of a factor.",
        "- `firm_size.csv` (hand-written): each firm's size class at the time of the events "
        "(`smegvc.evidence.cases.SIZE_CLASSES`), with the sourced figure, fact ids and A- or B-graded URLs; "
        "only firms classed SME count as SME cases, the others are comparators.",
        "",
        "## Reliability grades and `verify`",
        "",
        "A: primary, official or academic; B: established news or trade press; C: blog, forum, mirror or "
        "repost. A URL takes the grade of its `sources.yaml` entry when listed there, otherwise the grade of its "
        "domain in `source_grades.csv` (`grade_basis` says which; `url_grades` lists them). A fact takes the "
        "worst grade of its URLs (`grade`); `best_grade` is the best. `verify` is true when that grade is C or "
        "the dossier describes the source as unverified. Facts whose best grade is C never decide a verdict "
        "and appear only in the report's evidence appendix; facts with a C source beside an A or B one are "
        "used through the A or B source only.",
        "",
        f"Facts by grade: {', '.join(f'{g} {int(n)}' for g, n in grade_counts.items())}; marked verify: {n_verify}.",
        "",
        "## Gaps and exclusions",
        "",
        "Facts the dossier records as not found (left out of `cases.csv`):",
        "",
        *[f"- {g['firm']}: `{g['field']}`" for g in gaps],
        "",
        "Value-chain rows left out of `gvc_structure.csv`:",
        "",
        *([f"- line {d['row']} ({d['stage']}): {d['reason']}" for d in dropped] or ["- none"]),
        "",
        "## Caveats",
        "",
        "- The twelve firms are not the case firms of the 2016 KIEP study (its case list could not be obtained);",
        "  they are independently documented firms that illustrate the same success factors.",
        "- Facts come from excerpts of public web pages, not always the full documents.",
        "- In the `Memory (mobile DRAM)` row the dossier puts a second source (etn.fi, on Nanya) inside the",
        "  `taiwanese_firms` cell and Micron's share in `published_figure`; the cells are kept as given.",
        "",
    ]
    return "\n".join(lines)


def extract_cases(source=None, out=None, log=print) -> list[Path]:
    """Read and check the dossier, then write the tidy files and PROVENANCE.md. Returns the paths.

    ``source``: the shared folder or its ``research/cases`` folder (default ``../shared``);
    ``out``: the data folder (default ``data/``). Every input is read and checked before anything is written.
    """
    source = Path(source) if source else paths.research_dir() / "cases"
    if (source / "research" / "cases").is_dir():
        source = source / "research" / "cases"
    out = Path(out) if out else paths.DATA
    inputs = {n: source / n for n in ("cases.yaml", "gvc_structure.csv", "policy_instruments.csv", "sources.yaml")}
    for name, p in inputs.items():
        if not p.is_file():
            raise DataError(p, "dossier file not found")
    grades_path = out / GRADES_FILE
    grades = load_source_grades(grades_path)
    grader = SourceGrader(inputs["sources.yaml"], grades, grades_path)
    facts, gaps = build_facts(inputs["cases.yaml"], grader)
    gvc, dropped = build_gvc(inputs["gvc_structure.csv"], grader)
    policy = build_policy(inputs["policy_instruments.csv"], grader)
    prov = _provenance(inputs, facts, gvc, policy, gaps, dropped, grades_path)
    written = []
    for rel, df in ((FACTS_FILE, facts), (GVC_FILE, gvc), (POLICY_FILE, policy)):
        write_text(out / rel, _csv_text(df))
        written.append(out / rel)
    write_text(out / PROVENANCE_FILE, prov)
    written.append(out / PROVENANCE_FILE)
    log(f"wrote {', '.join(str(p) for p in written)} ({len(facts)} facts, {len(gvc)} stage rows, "
        f"{len(policy)} instruments)")
    return written


# ================================================================================ loaders

def _load(path: Path, columns: list[str], **kw) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found; rebuild it with `python -m smegvc extract --cases`")
    tracking.record_read(path)
    df = pd.read_csv(path, keep_default_na=False, **kw)
    if list(df.columns[: len(columns)]) != columns:
        missing = [c for c in columns if c not in df.columns]
        raise DataError(path, f"columns {list(df.columns)} differ from {columns}", row=1,
                        column=(missing or [None])[0])
    return df


def _check_grades(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    for i, g in enumerate(df["grade"]):
        if g not in tuple(GRADE_ORDER):
            raise DataError(path, f"grade {g!r} is not A, B or C", row=i + 2, column="grade")
    return df


def _bool_column(df: pd.DataFrame, col: str, path: Path) -> pd.DataFrame:
    m = {"True": True, "False": False, True: True, False: False}
    bad = ~df[col].isin(list(m))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(path, f"{col} must be True or False", row=i + 2, column=col)
    df[col] = df[col].map(m).astype(bool)
    return df


def load_facts(path=None) -> pd.DataFrame:
    """The sourced facts on the case firms (FACT_COLUMNS), one row per fact."""
    path = Path(path) if path else paths.DATA / FACTS_FILE
    df = _load(path, FACT_COLUMNS, dtype=str)
    df = _bool_column(_check_grades(df, path), "verify", path)
    for i, u in enumerate(df["source_url"]):
        if not u.startswith(("http://", "https://")):
            raise DataError(path, "fact without a source URL", row=i + 2, column="source_url")
    dup = df["fact_id"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(path, f"duplicate fact_id {df['fact_id'].iloc[i]!r}", row=i + 2, column="fact_id")
    return df


def load_gvc_structure(path=None) -> pd.DataFrame:
    """Value-chain stages with leading Korean and Taiwanese firms and a published figure (GVC_COLUMNS)."""
    path = Path(path) if path else paths.DATA / GVC_FILE
    df = _load(path, GVC_COLUMNS, dtype={c: str for c in GVC_COLUMNS if c != "stage_order"})
    return _bool_column(_check_grades(df, path), "verify", path)


def load_policy_instruments(path=None) -> pd.DataFrame:
    """SME and GVC policy instruments of both governments (POLICY_COLUMNS); start_year nullable int."""
    path = Path(path) if path else paths.DATA / POLICY_FILE
    df = _load(path, POLICY_COLUMNS, dtype={c: str for c in POLICY_COLUMNS if c != "start_year"})
    df["start_year"] = pd.to_numeric(df["start_year"].replace("", None)).astype("Int64")
    return _bool_column(_check_grades(df, path), "verify", path)


def load_source_grades(path=None) -> pd.DataFrame:
    """The hand-written grade of each cited web domain (GRADE_COLUMNS)."""
    path = Path(path) if path else paths.DATA / GRADES_FILE
    df = _check_grades(_load(path, GRADE_COLUMNS, dtype=str), path)
    dup = df["domain"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(path, f"duplicate domain {df['domain'].iloc[i]!r}", row=i + 2, column="domain")
    return df


def code_verdict(factor_status: str, outcome: str) -> str:
    """The verdict VERDICT_RULE gives a factor status and an outcome ('no evidence' when not documented)."""
    return VERDICT_RULE.get((factor_status, outcome), "no evidence")


def fact_urls(fact) -> list[tuple[str, str]]:
    """(URL, grade) of every source of one fact row, in the order source_url, source_also."""
    urls = [fact["source_url"], *[u for u in str(fact["source_also"]).split(" | ") if u]]
    grades = str(fact["url_grades"]).split("; ")
    if len(grades) != len(urls):
        raise ValueError(f"fact {fact['fact_id']}: {len(urls)} URLs but {len(grades)} grades")
    return list(zip(urls, grades))


def basis_urls(text: str) -> list[str]:
    return [u.strip() for u in str(text).split(" | ") if u.strip()]


def _check_rows(df, path, facts, *, need_basis) -> None:
    """Shared checks of the hand-written case files: known firm; evidence ids exist and concern the firm;
    every basis URL is a source of an evidence fact and graded A or B; rows where ``need_basis`` is true
    name at least one evidence fact and one basis URL."""
    fx = facts.set_index("fact_id", drop=False)
    firms = set(facts["case_id"])
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["case_id"] not in firms:
            raise DataError(path, f"unknown firm {r['case_id']!r}", row=line, column="case_id")
        ev = evidence_ids(r["evidence"])
        for e in ev:
            if e not in fx.index:
                raise DataError(path, f"evidence {e!r} is not a fact id in cases.csv", row=line, column="evidence")
            if not e.startswith(r["case_id"] + "."):
                raise DataError(path, f"evidence {e!r} is a fact about another firm", row=line, column="evidence")
        graded = {u: g for e in ev for u, g in fact_urls(fx.loc[e])}
        basis = basis_urls(r["basis"])
        for u in basis:
            if u not in graded:
                raise DataError(path, f"basis {u!r} is not a source of the evidence facts", row=line, column="basis")
            if graded[u] not in VERDICT_GRADES:
                raise DataError(path, f"basis {u!r} is graded {graded[u]}: only A or B sources decide",
                                row=line, column="basis")
        if need_basis[i] and not ev:
            raise DataError(path, "this row needs an evidence fact", row=line, column="evidence")
        if need_basis[i] and not basis:
            raise DataError(path, "this row needs a basis URL graded A or B", row=line, column="basis")


def load_success_factors(path=None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hand-written observations (FACTOR_COLUMNS), checked against the facts, plus the ``verdict``
    that :func:`code_verdict` derives from factor_status and outcome.

    Checks: known firm, factor, status and outcome; one row per firm and factor; a row whose verdict is
    not 'no evidence' names evidence facts of that firm and at least one basis URL that is a source of
    those facts graded A or B (VERDICT_GRADES); a documented factor has an outcome.
    """
    path = Path(path) if path else paths.DATA / FACTORS_FILE
    df = _load(path, FACTOR_COLUMNS, dtype=str)
    facts = load_facts() if facts is None else facts
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["factor"] not in FACTORS:
            raise DataError(path, f"unknown factor {r['factor']!r}; one of {list(FACTORS)}", row=line,
                            column="factor")
        if r["factor_status"] not in FACTOR_STATUSES:
            raise DataError(path, f"factor_status {r['factor_status']!r} not in {FACTOR_STATUSES}", row=line,
                            column="factor_status")
        if r["factor_status"] == "not documented":
            if r["outcome"]:
                raise DataError(path, "an undocumented factor has no outcome: leave it empty", row=line,
                                column="outcome")
        elif r["outcome"] not in OUTCOMES:
            raise DataError(path, f"outcome {r['outcome']!r} not in {OUTCOMES}", row=line, column="outcome")
    df["verdict"] = [code_verdict(s, o) for s, o in zip(df["factor_status"], df["outcome"])]
    _check_rows(df, path, facts, need_basis=df["verdict"] != "no evidence")
    dup = df.duplicated(["case_id", "factor"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(path, "second row for the same firm and factor", row=i + 2, column="factor")
    return df


def load_firm_sizes(path=None, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Size class of every case firm at the time of the events (SIZE_COLUMNS) plus ``role``:
    'SME case' for SME_CLASS, else 'comparator'.

    Checks: one row per firm of the facts, no other firm; a known class; a documented class names evidence
    facts of that firm and a basis URL among their sources graded A or B.
    """
    path = Path(path) if path else paths.DATA / SIZE_FILE
    df = _load(path, SIZE_COLUMNS, dtype=str)
    facts = load_facts() if facts is None else facts
    for i, r in df.iterrows():
        if r["size_class"] not in SIZE_CLASSES:
            raise DataError(path, f"size_class {r['size_class']!r} not in {SIZE_CLASSES}", row=int(i) + 2,
                            column="size_class")
    _check_rows(df, path, facts, need_basis=df["size_class"] != "not documented")
    dup = df["case_id"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataError(path, f"second row for {df['case_id'].iloc[i]!r}", row=i + 2, column="case_id")
    missing = sorted(set(facts["case_id"]) - set(df["case_id"]))
    if missing:
        raise DataError(path, f"no size class for {missing}", column="case_id")
    df["role"] = ["SME case" if c == SME_CLASS else "comparator" for c in df["size_class"]]
    return df


def evidence_ids(text: str) -> list[str]:
    return [e.strip() for e in str(text).split(";") if e.strip()]
