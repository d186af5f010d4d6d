"""The catalog: the explicit list of the project's datasets, their semantic checks, and the data commands.

    python -m smegvc validate                  check every listed file (hash, header, types, constraints,
                                               keys, then the semantic checks below)
    python -m smegvc validate --update-hashes  regenerate data/datapackage.json from RESOURCES + current files
    python -m smegvc extract [...]             rebuild datasets from the raw sources, then the descriptor

Each dataset's resource dicts (name, path, title, description, format, encoding, sources, licenses, schema
with fields and primaryKey, optional definition_breaks) are declared beside the code that writes and reads
the file, as ``DATA_RESOURCES`` of that module, and imported here by name: adding a dataset means adding one
import and one line to :data:`RESOURCES` (and its check to :data:`CHECKS` if it has one), then running
``python -m smegvc validate --update-hashes``. The generic machinery (schema validation, hashing, writing the
descriptor) is :mod:`smegvc.io.datapackage`, which knows no dataset.

Layer: the catalog imports io/, evidence/ and engine/ (the results table is a dataset too); nothing below
it imports the catalog.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from smegvc import paths
from smegvc.engine.results import DATA_RESOURCES as RESULTS
from smegvc.errors import DataError
from smegvc.evidence.cases_schema import DATA_RESOURCES as CASES
from smegvc.evidence.cases import (FACTS_FILE, load_facts, load_firm_sizes, load_gvc_structure,
                                   load_policy_instruments, load_source_grades, load_success_factors)
from smegvc.evidence.shares_schema import DATA_RESOURCES as SHARES
from smegvc.evidence.shares import read_benchmarks, read_priors, read_share_table
from smegvc.evidence.sme_stats import DATA_RESOURCES as SME_STATISTICS
from smegvc.evidence.sme_stats import PUBLISHED_FILE, read_published
from smegvc.io import datapackage
from smegvc.io.datapackage import CC_BY, PACKAGE_FILE
from smegvc.io.tiva import DATA_RESOURCES as TIVA
from smegvc.io.tiva import check_extract as check_tiva_extract
from smegvc.io.wiod2013 import DATA_RESOURCES as WIOD2013
from smegvc.io.wiod2013.checks import check_va_extract
from smegvc.io.wiod2016 import DATA_RESOURCES as WIOD2016
from smegvc.io.wiod2016.load import exchange_rates, validated_niot_tables
from smegvc.scope import FIRST_YEAR, KOR_BREAK_YEAR, LAST_YEAR, WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR

# the data changelog: every accepted edit of an input and every re-derivation (written by smegvc.intake)
CHANGELOG = ({
    "name": "data-changelog",
    "path": "CHANGELOG.csv",
    "title": "Changes to the data: edits of inputs accepted by the build and the files re-derived from them",
    "description": "One row per change, appended by `make book` (smegvc.intake): when, which file, its role, "
                   "its sha256 before and after, and what was done.",
    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
    "sources": [{"title": "Written by smegvc.intake during the build", "path": "README.md"}],
    "licenses": [CC_BY],
    "schema": {"fields": [
        datapackage.field("time", "string", "UTC time of the change, ISO 8601", required=True,
                          pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
        datapackage.field("file", "string", "path in data/", required=True),
        datapackage.field("role", "string", "role of the file", required=True, enum=["input", "derived"]),
        datapackage.field("old_sha256", "string", "recorded sha256 before the change", pattern="^[0-9a-f]{64}$"),
        datapackage.field("new_sha256", "string", "sha256 after the change", required=True, pattern="^[0-9a-f]{64}$"),
        datapackage.field("action", "string", "what the build did", required=True),
    ], "primaryKey": ["time", "file"]},
},)

# every dataset, in the order of data/datapackage.json
RESOURCES: tuple[dict, ...] = (*WIOD2016, *WIOD2013, *RESULTS, *CASES, *SHARES, *SME_STATISTICS, *TIVA, *CHANGELOG)

# The role of every file (recorded in the data package; enforced by smegvc.intake at every build):
#   input    curated tables a user may edit: validated, accepted and logged, dependents re-derived
#   extract  tidy extracts of the raw sources: change only through `make data` (python -m smegvc extract)
#   derived  written by the code from other files: a hand edit is refused and the file re-derived
#   log      the data changelog (written by the build only)
ROLES = {
    **{r["name"]: "extract" for r in (*WIOD2016, *WIOD2013, *TIVA)},
    **{r["name"]: "derived" for r in (*RESULTS, *SHARES) if r["name"].startswith(("results", "sme-firm-size-shares"))},
    **{r["name"]: "input" for r in (*CASES, *SME_STATISTICS)},
    "sme-share-priors": "input", "sme-share-benchmarks": "input",
    "data-changelog": "log",
}

PACKAGE_META = {
    "profile": "tabular-data-package",
    "name": "smegvc-data",
    "title": "Data of the report 'SMEs in global value chains: Korea and Taiwan'",
    "description": "Tidy extracts derived from the raw sources by `python -m smegvc extract`, and the report's "
                   "own tables. Every file is listed with its schema, source, licence and sha256.",
    "licenses": [CC_BY],
    "definition_breaks": f"WIOD 2016 ({FIRST_YEAR}-{LAST_YEAR}, ISIC Rev. 4, SNA 2008) and WIOD 2013 "
                         f"({WIOD2013_FIRST_YEAR}-{WIOD2013_LAST_YEAR}, ISIC Rev. 3, SNA 1993) are different "
                         "releases: compare trends, not levels, across them. Korea's SME statistics break in "
                         f"{KOR_BREAK_YEAR} (mid-sized firms excluded).",
}


def _check_success_factors(path) -> None:
    """The verdicts against the facts of the same data folder."""
    load_success_factors(path, facts=load_facts(Path(path).parent / Path(FACTS_FILE).name))


def _check_firm_sizes(path) -> None:
    """The size classes against the facts of the same data folder."""
    load_firm_sizes(path, facts=load_facts(Path(path).parent / Path(FACTS_FILE).name))


def _check_benchmarks(path) -> None:
    """The benchmarks against the published statistics of the same data folder."""
    read_benchmarks(path, published=read_published(Path(path).parent / Path(PUBLISHED_FILE).name))


# semantic checks beyond the schema: resource name -> function(path) raising DataError. Each is the
# owning module's own loader or check, so `validate` accepts exactly what the code accepts.
CHECKS = {
    "wiod2016-niot": validated_niot_tables,               # identities, signs, Leontief inverse per country-year
    "wiod2016-exchange-rates": exchange_rates,             # every economy-year once, rates positive
    "wiod2013-va-in-exports": check_va_extract,           # VA by source sums to gross exports
    "tiva2025-principal": check_tiva_extract,             # TiVA identities within published rounding
    "sme-published-statistics": read_published,           # units, ranges, ids
    "sme-share-priors": read_priors,                      # the 56 WIOD industries in order, prior in [0, 1]
    "sme-share-benchmarks": _check_benchmarks,            # targets point at published percent figures
    "sme-firm-size-shares": read_share_table,             # bounds, completeness, feasibility vs WIOD
    "sme-firm-size-shares-kor-consistent": read_share_table,
    "case-facts": load_facts,                             # grades, sources, unique ids
    "case-gvc-structure": load_gvc_structure,
    "policy-instruments": load_policy_instruments,
    "source-grades": load_source_grades,
    "case-success-factors": _check_success_factors,       # verdicts name existing facts of the same firm
    "case-firm-size": _check_firm_sizes,                  # one documented size class per case firm
}


def resources() -> list[dict]:
    """Every dataset's resource dict (copies; metadata only, hash and bytes are added by :func:`describe`)."""
    return [{**r, "role": ROLES[r["name"]]} for r in RESOURCES]


def describe(data_dir=None, existing=None) -> dict:
    """The descriptor of the catalog with the current hash and size of each file (see datapackage.describe)."""
    return datapackage.describe(data_dir, resources(), existing, PACKAGE_META)


def update_hashes(data_dir=None, only=None) -> Path:
    """Regenerate ``data/datapackage.json`` from the catalog and the files present (atomically).

    ``only``: paths (relative to the data folder) whose hash is recorded anew; every other file keeps its
    recorded hash, so a file nobody re-made is never blessed along the way. ``None`` (the maintainer's
    ``validate --update-hashes``) accepts every current file; each hash it changes is logged in
    ``data/CHANGELOG.csv``."""
    return datapackage.update_hashes(data_dir, resources(), PACKAGE_META, only)


def validate(data_dir=None, package=None, semantic=True) -> list[DataError]:
    """All problems of the data package, one DataError each; ``semantic``: also run :data:`CHECKS`."""
    return datapackage.validate(data_dir, package, CHECKS if semantic else None)


# ---------------------------------------------------------------------------------------------- commands

def add_arguments(parser) -> None:
    """Options of ``python -m smegvc validate``."""
    parser.add_argument("--update-hashes", action="store_true",
                        help="regenerate data/datapackage.json (metadata from the catalog, current hashes)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")
    parser.add_argument("--no-semantic", action="store_true", help="skip the dataset-specific checks")


def run(args) -> int:
    """``python -m smegvc validate``: print every problem; 1 if any."""
    if args.update_hashes:
        data_dir = args.data or paths.DATA
        before = {r["path"]: r.get("hash", "") for r in (datapackage.read_descriptor(data_dir) or {}).get("resources", [])}
        target = update_hashes(args.data)
        after = {r["path"]: r.get("hash", "") for r in datapackage.read_descriptor(data_dir)["resources"]}
        rows = [(f, ROLES.get(next((r["name"] for r in RESOURCES if r["path"] == f), ""), ""),
                 before.get(f, "").removeprefix("sha256:"), h.removeprefix("sha256:"),
                 "hash accepted by hand (validate --update-hashes)")
                for f, h in after.items() if h != before.get(f, "") and f != datapackage.CHANGELOG_FILE]
        if rows:
            datapackage.append_changelog(data_dir, rows)
            datapackage.set_hashes(data_dir, [datapackage.CHANGELOG_FILE])
        print(f"wrote {target}; {len(rows)} hash(es) accepted, logged in {datapackage.CHANGELOG_FILE}")
    errors = validate(args.data, semantic=not args.no_semantic)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    desc = (args.data or paths.DATA) / PACKAGE_FILE
    n = len(json.loads(desc.read_text(encoding="utf-8")).get("resources", [])) if desc.is_file() else 0
    print(f"{n} resources, {len(errors)} error(s)")
    return 1 if errors else 0


def run_extract(args) -> int:
    """``python -m smegvc extract`` (options: :func:`smegvc.io.extract.add_arguments`): rebuild the chosen
    datasets from the raw sources, then (for the committed data/ folder) the descriptor."""
    from smegvc.evidence.cases import extract_cases
    from smegvc.evidence.shares import build_share_table
    from smegvc.io.extract import extract_wiod2013, extract_wiod2016
    from smegvc.io.tiva import extract_tiva

    try:
        written = []
        if not (args.wiod2013 or args.shares or args.cases or args.tiva):
            written += extract_wiod2016(args.countries, args.source, args.out)
        if args.tiva or args.all:
            written += extract_tiva(args.source, args.out)
        if args.wiod2013 or args.all:
            written += extract_wiod2013(args.source, args.out)
        if args.cases or args.all:
            written += [Path(p) for p in extract_cases(args.source, args.out)]
        if args.shares or args.all:
            out = None if args.out is None else args.out / "sme" / "firm_size_shares.csv"
            written += [Path(p) for p in build_share_table(out)]
        if args.out is None:   # record the hashes of the files just re-made, and of no other file
            data = paths.DATA.resolve()
            update_hashes(only=[Path(p).resolve().relative_to(data).as_posix() for p in written
                                if Path(p).resolve().is_relative_to(data)])
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
