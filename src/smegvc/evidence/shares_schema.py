"""Firm-size share tables: their files, and their columns and Data Package resources, each declared once.

The columns of each table are the names of its schema fields (:data:`SHARE_FIELDS` -> :data:`SHARE_COLUMNS`,
:data:`PRIOR_FIELDS` -> :data:`PRIOR_COLUMNS`, :data:`BENCHMARK_FIELDS` -> :data:`BENCHMARK_COLUMNS`); the
generic validator checks types and ranges from the same fields (``python -m smegvc validate``, resources
listed by :mod:`smegvc.catalog`), and :mod:`smegvc.evidence.shares` checks, on every load, what a schema
cannot (bounds in order, completeness, feasibility against the WIOD table). Shares are fractions in [0, 1].
"""
from __future__ import annotations

from smegvc.io.datapackage import CC_BY, field
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.scope import ECONOMIES, YEARS

SHARES_FILE = "sme/firm_size_shares.csv"
CONSISTENT_FILE = "sme/firm_size_shares_kor_consistent.csv"
PRIORS_FILE = "sme/share_priors.csv"
BENCHMARKS_FILE = "sme/share_benchmarks.csv"
OVERRIDES_FILE = "sme/share_overrides.csv"

# What a row's shares rest on (the weaker of its output and its export share; smegvc.evidence.share_rule, step 5),
# strongest first. The schema's enum and the data appendix's status table use exactly these.
STATUS_MEANINGS: dict[str, str] = {
    "published_industry": "the industry's own published share, supplied by a user (sme/share_overrides.csv)",
    "calibrated_published": "calibrated to published aggregates for that year",
    "interpolated": "calibrated to aggregates interpolated between published years",
    "carried": "calibrated to an aggregate held from the nearest published year",
    "prior": "prior only: no published aggregate covers the industry's output (or exports) in that economy",
}
STATUSES = tuple(STATUS_MEANINGS)
SCENARIOS = ("in_force", "consistent")
_MFG = tuple(c for c in INDUSTRIES if c.startswith("C"))
SCOPES: dict[str, tuple[str, ...]] = {
    "all": INDUSTRIES,
    "goods": tuple(c for c in INDUSTRIES if c[0] in "ABC"),       # agriculture, mining, manufacturing
    "manufacturing": _MFG,                                         # C10-C12 ... C33
    "non-manufacturing": tuple(c for c in INDUSTRIES if c not in _MFG),
}
WEIGHTS = {"x": "WIOD gross output", "e": "WIOD exports", "v": "WIOD value added"}
QUANTITIES = ("output", "export")
KINDS = ("share", "composition")

_OWN = {"title": "Derived by smegvc.evidence.shares from sme/published_sme_statistics.csv, sme/share_priors.csv, "
                 "sme/share_benchmarks.csv and the WIOD 2016 extract", "path": "sme/PROVENANCE.md"}

_SHARE = "fraction in [0, 1]"
SHARE_FIELDS = [
    field("country", "string", "ISO3 code", required=True, enum=list(ECONOMIES)),
    field("year", "integer", "calendar year", required=True, minimum=YEARS[0], maximum=YEARS[-1]),
    field("industry", "string", "WIOD 2016 industry code", required=True, enum=list(INDUSTRIES)),
    field("sme_output_share", "number", "SME share of the industry's gross output (alpha)", _SHARE,
           required=True, minimum=0, maximum=1),
    field("sme_export_share", "number", "SME share of the industry's exports (gamma)", _SHARE,
           required=True, minimum=0, maximum=1),
    field("sme_va_share", "number", "SME share of value added; empty: engine uses sme_output_share", _SHARE,
           minimum=0, maximum=1),
    field("sme_import_share", "number", "SME share of imported inputs; empty: engine uses sme_output_share",
           _SHARE, minimum=0, maximum=1),
    field("status", "string", "what the row's shares rest on (the weaker of output and exports): "
           + "; ".join(f"{k}: {v}" for k, v in STATUS_MEANINGS.items()), required=True, enum=list(STATUSES)),
    field("output_low", "number", "lower bound of sme_output_share", _SHARE, required=True, minimum=0, maximum=1),
    field("output_high", "number", "upper bound of sme_output_share", _SHARE, required=True, minimum=0,
           maximum=1),
    field("export_low", "number", "lower bound of sme_export_share", _SHARE, required=True, minimum=0, maximum=1),
    field("export_high", "number", "upper bound of sme_export_share", _SHARE, required=True, minimum=0,
           maximum=1),
    field("source", "string", "benchmarks that pin the row (ids in sme/share_benchmarks.csv) and how",
           required=True),
    field("note", "string", "SME definition in force and caveats", required=True),
]
SHARE_COLUMNS = tuple(f["name"] for f in SHARE_FIELDS)
SHARE_SCHEMA = {"fields": SHARE_FIELDS, "primaryKey": ["country", "year", "industry"]}
_NUMBERS = [f for f in SHARE_FIELDS if f["type"] == "number"]
REQUIRED_SHARES = tuple(f["name"] for f in _NUMBERS if f["constraints"].get("required"))
OPTIONAL_SHARES = tuple(f["name"] for f in _NUMBERS if not f["constraints"].get("required"))

PRIOR_FIELDS = [
    field("industry", "string", "WIOD 2016 industry code, table order", required=True, unique=True,
           enum=list(INDUSTRIES)),
    field("group", "string", "industry group", required=True),
    field("prior_sme_output_share", "number", "prior SME share of output", "fraction in [0, 1]",
           required=True, minimum=0, maximum=1),
    field("rationale", "string", "why", required=True),
    field("source", "string", "where the rationale comes from", required=True),
]
PRIOR_COLUMNS = tuple(f["name"] for f in PRIOR_FIELDS)
PRIOR_SCHEMA = {"fields": PRIOR_FIELDS, "primaryKey": ["industry"]}

BENCHMARK_FIELDS = [
    field("benchmark_id", "string", "unique key", required=True, unique=True),
    field("published_id", "string", "id in sme/published_sme_statistics.csv", required=True),
    field("country", "string", "ISO3 code", required=True, enum=list(ECONOMIES)),
    field("scenario", "string", "in_force, consistent or all", required=True,
           enum=list(SCENARIOS) + ["all"]),
    field("quantity", "string", "output or export", required=True, enum=list(QUANTITIES)),
    field("scope", "string", "WIOD industries (smegvc.evidence.shares.SCOPES)", required=True, enum=list(SCOPES)),
    field("weight", "string", "x, e or v", required=True, enum=list(WEIGHTS)),
    field("kind", "string", "share or composition", required=True, enum=list(KINDS)),
    field("of_scope", "string", "for a composition: the scope of the overall share"),
    field("valid_from", "integer", "first year the benchmark may pin", required=True,
           minimum=YEARS[0], maximum=YEARS[-1]),
    field("valid_to", "integer", "last year the benchmark may pin", required=True,
           minimum=YEARS[0], maximum=YEARS[-1]),
    field("note", "string", "why and how"),
]
BENCHMARK_COLUMNS = tuple(f["name"] for f in BENCHMARK_FIELDS)
BENCHMARK_SCHEMA = {"fields": BENCHMARK_FIELDS, "primaryKey": ["benchmark_id"]}


_SHARE_BREAKS = ("Korea 2011: mid-sized firms leave the SME count; firm_size_shares.csv follows the definition in "
                 "force (pre-2011 benchmarks to 2010, post-2011 from 2011), firm_size_shares_kor_consistent.csv "
                 "keeps the pre-2011 coverage throughout. Published SME exports are by exporting firm, WIOD "
                 "exports by producing industry.")

DATA_RESOURCES = [
    {
        "name": "sme-firm-size-shares",
        "path": SHARES_FILE,
        "title": "SME shares of output and exports by country, year and WIOD industry (SME definition in force)",
        "description": "Aggregate SME shares published for Korea and Taiwan spread over the 56 WIOD industries "
                       "by a documented rule that reproduces every published aggregate exactly; bounds from "
                       "perturbed priors. Rebuild: smegvc.evidence.shares.build_share_table(). Load: "
                       "smegvc.evidence.shares.load_shares(country, year). Method: sme/PROVENANCE.md.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": SHARE_SCHEMA,
        "definition_breaks": _SHARE_BREAKS,
    },
    {
        "name": "sme-firm-size-shares-kor-consistent",
        "path": CONSISTENT_FILE,
        "title": "SME shares by industry with Korea's pre-2011 SME coverage kept throughout (sensitivity)",
        "description": "As sme/firm_size_shares.csv, but Korean export benchmarks after 2010 are the published "
                       "shares of SMEs plus mid-sized firms. Taiwan rows are identical.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": SHARE_SCHEMA,
        "definition_breaks": _SHARE_BREAKS,
    },
    {
        "name": "sme-share-priors",
        "path": PRIORS_FILE,
        "title": "Prior SME output share of each WIOD industry, with rationale",
        "description": "Input of the share rule; market-structure judgements, some supported by published facts "
                       "(see source column).",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [{"title": "Author judgement from market structure; cited published figures",
                     "path": "sme/PROVENANCE.md"}],
        "licenses": [CC_BY],
        "schema": PRIOR_SCHEMA,
    },
    {
        "name": "sme-share-benchmarks",
        "path": BENCHMARKS_FILE,
        "title": "Published aggregates used as targets of the share rule, and how",
        "description": "Each row points to a published figure (published_id in sme/published_sme_statistics.csv) "
                       "and states the WIOD scope, the weight (x output, e exports, v value added), the kind "
                       "(share or composition), the scenario and the years over which it is valid.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [_OWN], "licenses": [CC_BY],
        "schema": BENCHMARK_SCHEMA,
    },
]
