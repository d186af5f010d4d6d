"""The trust boundary: every data file is checked before anything is computed or rendered.

    python -m smegvc intake      what ``make book`` runs first (:func:`intake`); exit 1 with one line per
                                 refused file, nothing changed

Every file of ``data/datapackage.json`` has a *role* (:data:`smegvc.catalog.ROLES`):

* ``input``   curated tables a user may edit (published SME statistics, share priors and benchmarks,
  case facts, policy instruments ...). An edited input (its sha256 differs from the recorded one) is
  validated, schema *and* semantic checks, by the same code as ``python -m smegvc validate``; if valid
  it is accepted: its new hash is recorded, the change is appended to ``data/CHANGELOG.csv`` (time,
  file, old and new sha256) and everything derived from it is re-derived. If not, the build stops
  with the file, row and column, and nothing is changed.
* ``extract`` tidy extracts of the raw sources (WIOD, TiVA): they change only by ``make data``
  (``python -m smegvc extract``), which records their new hashes. A changed extract is refused.
* ``derived`` tables the code writes (``sme/firm_size_shares*.csv``, ``results/*``). A derived file
  edited by hand is refused: it is re-derived from its inputs, and the change is logged.
* ``log``     ``CHANGELOG.csv`` itself: written only here; an edited changelog is refused.

Re-derivation: the firm-size share tables from the share inputs (:data:`SHARE_INPUTS`) and the WIOD
extract (:func:`smegvc.evidence.shares.build_share_table`); then the results table whenever any of its
recorded inputs changed (:func:`smegvc.engine.results.ensure_fresh`). Only the hashes of files accepted
or re-derived here are rewritten (:func:`smegvc.io.datapackage.set_hashes`): a hash is never rewritten to
make a check pass. Finally the whole package is validated (:func:`smegvc.catalog.validate`); the build
continues only if it is clean.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from smegvc import catalog, paths
from smegvc.errors import DataError
from smegvc.io import datapackage

from smegvc.io.datapackage import CHANGELOG_COLUMNS, CHANGELOG_FILE, append_changelog  # noqa: F401
# the inputs of the firm-size share tables (besides the WIOD 2016 extract)
SHARE_INPUTS = ("sme/share_priors.csv", "sme/share_benchmarks.csv", "sme/published_sme_statistics.csv",
                "sme/share_overrides.csv")
SHARE_TABLES = ("sme/firm_size_shares.csv", "sme/firm_size_shares_kor_consistent.csv")
RESULTS_FILES = ("results/results.csv", "results/PROVENANCE.json", "results/changes.csv",
                 "results/verdicts.csv")


class Refused(Exception):
    """Data the build must not use; ``errors`` name file, row and column (one line each)."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Report:
    accepted: list[str] = field(default_factory=list)       # inputs whose edit was accepted
    rederived: list[str] = field(default_factory=list)      # derived files rewritten
    discarded: list[str] = field(default_factory=list)      # derived files edited by hand (edit discarded)
    lines: list[str] = field(default_factory=list)


def changed_files(data_dir: Path, desc: dict) -> list[tuple[dict, str, str]]:
    """(resource, recorded sha256, current sha256 or '' if missing) of every listed file that differs."""
    out = []
    for r in desc.get("resources", []):
        p = data_dir / r["path"]
        want = (r.get("hash") or "").removeprefix("sha256:")
        got = datapackage.sha256_file(p) if p.is_file() else ""
        if got != want:
            out.append((r, want, got))
    return out


def check_file(data_dir: Path, resource: dict) -> DataError | None:
    """The first problem of one file: schema, then its semantic check (the code `validate` runs)."""
    p = data_dir / resource["path"]
    try:
        if resource.get("format") == "csv" and "schema" in resource:
            datapackage.validate_table(p, resource["schema"])
        check = catalog.CHECKS.get(resource["name"])
        if check is not None:
            check(p)
    except DataError as e:
        return e
    except (ValueError, OSError) as e:
        return DataError(p, f"invalid content ({type(e).__name__}: {e})")
    return None


def _role(resource: dict) -> str | None:
    return resource.get("role") or catalog.ROLES.get(resource.get("name"))


def intake(data_dir=None, log=print) -> Report:
    """Check every data file by its role, accept valid edits of inputs, re-derive, validate everything.

    Raises :class:`Refused` (nothing changed) when an extract or the changelog was edited, or an edited
    input fails its checks; raises it (after re-deriving) if the package is not clean at the end.
    """
    from smegvc.engine import results as res
    from smegvc.evidence.shares import build_share_table

    data_dir = Path(data_dir) if data_dir else paths.DATA
    desc = datapackage.read_descriptor(data_dir)
    if desc is None:
        raise Refused([DataError(data_dir / datapackage.PACKAGE_FILE, "missing or not valid JSON; restore it "
                                 "(git checkout data/datapackage.json)")])
    rep = Report()
    errors: list[DataError] = []
    accepted, hand_edited = [], []
    for r, want, got in changed_files(data_dir, desc):
        p, role = data_dir / r["path"], _role(r)
        if role == "derived":
            hand_edited.append((r, want, got))
        elif not got:
            errors.append(DataError(p, f"listed in {datapackage.PACKAGE_FILE} ({role}) but missing"))
        elif role == "extract":
            errors.append(DataError(p, f"this extract of the raw sources differs from its recorded sha256: refused. "
                                       "Extracts change only when re-made from the raw sources (`make data`); "
                                       f"to undo the edit: git checkout data/{r['path']}"))
        elif role == "input":
            e = check_file(data_dir, r)
            if e is not None:
                errors.append(e)
            else:
                accepted.append((r, want, got))
        elif role == "log":
            errors.append(DataError(p, "the data changelog is written by the build only: refused (to undo the "
                                       f"edit: git checkout data/{r['path']})"))
        else:
            errors.append(DataError(p, f"no role in {datapackage.PACKAGE_FILE} (input, extract or derived)"))
    if errors:
        raise Refused(errors)

    before = {r["path"]: (r.get("hash") or "").removeprefix("sha256:") for r in desc.get("resources", [])}
    changed_paths = {r["path"] for r, _, _ in accepted} | {r["path"] for r, _, _ in hand_edited}
    for r, _, _ in hand_edited:
        rep.lines.append(f"data/{r['path']}: derived file edited by hand: edit discarded, re-derived")
        rep.discarded.append(r["path"])
    for r, _, _ in accepted:
        rep.lines.append(f"data/{r['path']}: edited input validated and accepted")
        rep.accepted.append(r["path"])
    written: list[str] = []
    if changed_paths & set(SHARE_INPUTS + SHARE_TABLES):
        try:
            build_share_table(data_dir / SHARE_TABLES[0], log=lambda *_: None)
        except DataError as e:
            raise Refused([e]) from None
        except ValueError as e:   # infeasible shares
            raise Refused([DataError(data_dir / SHARE_TABLES[0], f"cannot be re-derived from the edited inputs: {e}")]) from None
        written += list(SHARE_TABLES)
    force = bool(changed_paths & set(RESULTS_FILES))
    stale = res.stale_inputs()
    if force or stale:
        t0 = time.perf_counter()
        # in a fresh process, so that the record of its inputs names only what the results read
        proc = subprocess.run([sys.executable, "-m", "smegvc", "results"], cwd=paths.ROOT, capture_output=True,
                              text=True)
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            raise Refused([DataError(data_dir / res.RESULTS_FILE, f"cannot be recomputed: {tail}")])
        written += [f for f in RESULTS_FILES if (data_dir / f).is_file()]
        rep.lines.append(f"data/{res.RESULTS_FILE} recomputed ({time.perf_counter() - t0:.1f} s)")
    rows = []
    for r, want, got in accepted:
        rows.append((r["path"], "input", want, got, "edit accepted after validation"))
    now = {f: datapackage.sha256_file(data_dir / f) for f in written}
    for f in dict.fromkeys(written):
        if now[f] != before.get(f) and f != res.INPUTS_FILE:   # the record of inputs is metadata, not data
            how = "hand edit refused; re-derived" if f in rep.discarded else "re-derived"
            rows.append((f, "derived", before.get(f, ""), now[f], how))
            rep.rederived.append(f)
    for r, want, got in hand_edited:
        if r["path"] not in written:   # not re-derivable here: restore from git
            raise Refused([DataError(data_dir / r["path"], "derived file edited by hand and not re-derivable here: "
                                                           f"restore it (git checkout data/{r['path']})")])
    if rows:
        append_changelog(data_dir, rows)
    if rows or written:
        datapackage.set_hashes(data_dir, [p for p, *_ in rows] + written + ([CHANGELOG_FILE] if rows else []))
    problems = catalog.validate(data_dir)
    if problems:
        raise Refused(problems)
    for line in rep.lines:
        log(line)
    return rep


# ---------------------------------------------------------------------------------------------- command

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)


def run(args) -> int:
    try:
        rep = intake(args.data)
    except Refused as e:
        for err in e.errors:
            print(f"refused: {err}", file=sys.stderr)
        print(f"data refused ({len(e.errors)} problem(s)): nothing was computed or published", file=sys.stderr)
        return 1
    n = len(rep.accepted) + len(rep.rederived)
    print("data: every file validated" + (f"; {n} change(s) recorded in data/{CHANGELOG_FILE}" if n else ""))
    return 0
