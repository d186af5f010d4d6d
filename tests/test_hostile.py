"""Hostile and malformed data (issue 12): every case is a one-file edit of a copy of data/; the trust
boundary (smegvc.intake, what the build runs first) must refuse it with a message naming the file (and
row and column where there is one), in plain words, and leave every other file and the data package as
they were. Accepted edits of inputs are re-derived and logged (slow tests, on a copy of the repository).
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smegvc import intake
from smegvc.io import datapackage
from smegvc.paths import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(DATA, d)
    return d


@pytest.fixture
def data(pristine, tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(pristine, d)
    return d


def digests(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): datapackage.sha256_file(p) for p in sorted(d.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------------------- edits

def text_edit(rel, fn):
    def edit(d: Path):
        p = d / rel
        p.write_text(fn(p.read_text(encoding="utf-8")), encoding="utf-8")
    return edit


def bytes_edit(rel, fn):
    def edit(d: Path):
        p = d / rel
        p.write_bytes(fn(p.read_bytes()))
    return edit


def cell_edit(rel, line, column, value):
    """Set one cell (line numbered like the messages: header = 1) of a CSV."""
    import csv
    import io

    def fn(text):
        rows = list(csv.reader(io.StringIO(text, newline="")))
        j = rows[0].index(column)
        rows[line - 1][j] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()
    return text_edit(rel, fn)


def gz_edit(rel, fn):
    def edit(d: Path):
        p = d / rel
        p.write_bytes(gzip.compress(fn(gzip.decompress(p.read_bytes()).decode()).encode(), mtime=0))
    return edit


PUB = "sme/published_sme_statistics.csv"
PRI = "sme/share_priors.csv"
BEN = "sme/share_benchmarks.csv"
CASES = "cases/cases.csv"
POL = "cases/policy_instruments.csv"
GVC = "cases/gvc_structure.csv"
GRADES = "cases/source_grades.csv"
VERD = "cases/success_factors.csv"
SIZE = "cases/firm_size.csv"
ELEC = "wiod2013/electronics_intermediates.csv"
IND13 = "wiod2013/industries.csv"
IND16 = "wiod2016/industries.csv"
NIOT = "wiod2016/niot_long.csv.gz"
TIVA = "tiva2025/tiva_principal.csv"
INPUTS = [PUB, PRI, BEN, CASES, POL, GVC, GRADES, VERD, SIZE]
EXTRACT_REFUSED = "differs from its recorded sha256: refused"

# (id, edit, file, row, column, message fragment). row/column None: not asserted.
CASES_TABLE = [
    # every input: empty, BOM, truncated last field, invalid UTF-8
    *[(f"empty-{rel}", text_edit(rel, lambda t: ""), rel, 1, None, "empty file") for rel in INPUTS],
    *[(f"bom-{rel}", bytes_edit(rel, lambda b: b"\xef\xbb\xbf" + b), rel, 1, None, "byte-order mark")
      for rel in INPUTS],
    *[(f"truncated-{rel}", text_edit(rel, lambda t: t.rstrip("\n").rsplit(",", 1)[0] + "\n"), rel, None, None,
       "cells, expected") for rel in (PUB, PRI, POL, GVC)],
    *[(f"latin1-{rel}", bytes_edit(rel, lambda b: b.replace(b"\n", b"\n\xe9", 1)), rel, None, None,
       "not valid UTF-8") for rel in (PUB, PRI, CASES)],
    ("header-renamed", text_edit(PRI, lambda t: t.replace("prior_sme_output_share", "prior", 1)), PRI, 1,
     None, "column"),
    ("column-dropped", text_edit(PUB, lambda t: "\n".join(",".join(r.split(",")[:-1]) for r in t.splitlines())
                                 + "\n"), PUB, 1, None, "column"),
    ("prior-above-one", cell_edit(PRI, 5, "prior_sme_output_share", "1.5"), PRI, 5, "prior_sme_output_share", ""),
    ("prior-not-a-number", cell_edit(PRI, 7, "prior_sme_output_share", "abc"), PRI, 7, "prior_sme_output_share",
     "not"),
    ("prior-infinite", cell_edit(PRI, 7, "prior_sme_output_share", "1e999"), PRI, 7, "prior_sme_output_share", ""),
    ("published-value-huge", cell_edit(PUB, 2, "value", "1e308"), PUB, 2, "value", ""),
    ("published-year-text", cell_edit(PUB, 3, "year", "19x9"), PUB, 3, "year", ""),
    ("published-bad-country", cell_edit(PUB, 2, "country", "XXX"), PUB, 2, "country", ""),
    ("published-duplicate-id", text_edit(PUB, lambda t: t + t.splitlines()[1] + "\n"), PUB, None, None, ""),
    ("case-grade-invalid", cell_edit(CASES, 2, "grade", "Z"), CASES, 2, "grade", ""),
    ("case-xss-in-topic", cell_edit(CASES, 2, "topic", "<img src=x onerror=alert(1)>"), CASES, 2, "topic", ""),
    ("policy-area-xss", cell_edit(POL, 2, "area", "<script>alert(1)</script>"), POL, 2, "area", ""),
    ("verdict-unknown-fact", cell_edit(VERD, 2, "evidence", "nosuch.fact"), VERD, None, None, ""),
    # extracts: refused whatever the edit (make data re-makes them)
    ("extract-cell-times-ten", cell_edit(ELEC, 2, "value", "180"), ELEC, None, None, EXTRACT_REFUSED),
    ("extract-1e308", cell_edit(ELEC, 3, "value", "1e308"), ELEC, None, None, EXTRACT_REFUSED),
    ("extract-cyrillic-code", text_edit(IND16, lambda t: t.replace("A01,", "А01,", 1)), IND16, None, None,
     EXTRACT_REFUSED),
    ("extract-wiod2013-industries", text_edit(IND13, lambda t: t + "c99,bogus\n"), IND13, None, None,
     EXTRACT_REFUSED),
    ("extract-niot-gz", gz_edit(NIOT, lambda t: t.replace(",KOR,", ",KOP,", 1)), NIOT, None, None, EXTRACT_REFUSED),
    ("extract-niot-not-gzip", bytes_edit(NIOT, lambda b: b[:100]), NIOT, None, None, EXTRACT_REFUSED),
    ("extract-crlf", bytes_edit(ELEC, lambda b: b.replace(b"\n", b"\r\n")), ELEC, None, None, EXTRACT_REFUSED),
    ("extract-tiva", text_edit(TIVA, lambda t: t + t.splitlines()[-1] + "\n"), TIVA, None, None, EXTRACT_REFUSED),
    ("extract-provenance", text_edit("wiod2016/PROVENANCE.json", lambda t: t.replace("{", "{ ", 1)),
     "wiod2016/PROVENANCE.json", None, None, EXTRACT_REFUSED),
    # the changelog and the package itself
    ("changelog-edited", text_edit("CHANGELOG.csv", lambda t: t + "2026-01-01T00:00:00Z,x,input,,"
                                   + "0" * 64 + ",forged\n"), "CHANGELOG.csv", None, None, "written by the build only"),
    ("package-not-json", text_edit("datapackage.json", lambda t: t[:-10]), "datapackage.json", None, None,
     "not valid JSON"),
    ("package-empty", text_edit("datapackage.json", lambda t: ""), "datapackage.json", None, None, "not valid JSON"),
    ("input-deleted", lambda d: (d / BEN).unlink(), BEN, None, None, "missing"),
    ("extract-deleted", lambda d: (d / ELEC).unlink(), ELEC, None, None, "missing"),
]


def test_at_least_fifty_hostile_cases():
    assert len(CASES_TABLE) >= 50


@pytest.mark.parametrize("case", CASES_TABLE, ids=[c[0] for c in CASES_TABLE])
def test_hostile_edit_is_refused_by_name_and_changes_nothing(data, case):
    _, edit, rel, row, column, fragment = case
    edit(data)
    before = digests(data)
    with pytest.raises(intake.Refused) as exc:
        intake.intake(data, log=lambda *_: None)
    assert digests(data) == before, "a refused edit must change nothing"
    msgs = [str(e) for e in exc.value.errors]
    mine = [m for m in msgs if f"{data / rel}" in m]
    assert mine, msgs
    msg = mine[0]
    assert fragment in msg
    if row is not None:
        assert re.search(rf"\brow (line )?{row}\b", msg), msg
    if column is not None:
        assert f"column {column}" in msg, msg
    for bad in ("Traceback", "np.float64", "numpy.", "EmptyDataError", "ParserError", "\n"):
        assert bad not in msg, msg


def test_untouched_data_passes(data):
    rep = intake.intake(data, log=lambda *_: None)
    assert not rep.accepted and not rep.rederived


def test_an_unlisted_file_is_refused(data):
    (data / "sme" / "extra.csv").write_text("a\n1\n")
    with pytest.raises(intake.Refused) as exc:
        intake.intake(data, log=lambda *_: None)
    assert any("not listed" in str(e) and "extra.csv" in str(e) for e in exc.value.errors)


def test_validate_never_turns_green_on_an_unaccepted_edit(data):
    cell_edit(ELEC, 2, "value", "180")(data)
    from smegvc import catalog
    assert any("sha256 mismatch" in str(e) for e in catalog.validate(data))


def test_roles_are_recorded_in_the_data_package():
    desc = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    roles = {r["path"]: r.get("role") for r in desc["resources"]}
    assert roles[PUB] == roles[PRI] == roles[CASES] == "input"
    assert roles[NIOT] == roles[ELEC] == roles[TIVA] == "extract"
    assert roles["sme/firm_size_shares.csv"] == roles["results/results.csv"] == "derived"
    assert roles["CHANGELOG.csv"] == "log"
    assert set(roles.values()) <= {"input", "extract", "derived", "log"}


# ------------------------------------------------------------------------------------------- accepted edits
# (on a copy of the repository: the share tables and the results are re-derived)

@pytest.fixture
def repo(tmp_path) -> Path:
    r = tmp_path / "repo"
    for name in ("src", "data", "pyproject.toml"):
        src = ROOT / name
        (shutil.copytree(src, r / name) if src.is_dir() else shutil.copy2(src, r / name))
    return r


def run_intake(repo: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    return subprocess.run([sys.executable, "-m", "smegvc", "intake"], cwd=repo, env=env, capture_output=True,
                          text=True)


def _log(repo: Path) -> list[list[str]]:
    return [ln.split(",") for ln in (repo / "data/CHANGELOG.csv").read_text().splitlines()[1:]]


@pytest.mark.slow
def test_edited_published_figure_is_accepted_rederived_and_logged(repo):
    d = repo / "data"
    old = datapackage.sha256_file(d / BEN)
    text = (d / BEN).read_text()
    pub = (d / PUB).read_text()
    line = next(ln for ln in pub.splitlines()[1:] if ",sme_export_share," in ln and "KOR" in ln)
    cells = line.split(",")
    cells[6] = f"{float(cells[6]) + 10:.1f}"
    (d / PUB).write_text(pub.replace(line, ",".join(cells)))
    shares_before = datapackage.sha256_file(d / "sme/firm_size_shares.csv")
    out = run_intake(repo)
    assert out.returncode == 0, out.stderr
    files = {row[1]: row for row in _log(repo)}
    assert files[PUB][2] == "input" and files[PUB][5].startswith("edit accepted")
    assert (d / BEN).read_text() == text and datapackage.sha256_file(d / BEN) == old
    # the package is clean again, without touching the hash of any file nobody edited or derived
    from smegvc import catalog
    assert catalog.validate(d) == []
    if datapackage.sha256_file(d / "sme/firm_size_shares.csv") != shares_before:
        assert "sme/firm_size_shares.csv" in files and "results/results.csv" in files
    assert run_intake(repo).returncode == 0 and len(_log(repo)) == len(files), "a second build logs nothing"


@pytest.mark.slow
def test_hand_edited_results_are_refused_and_rederived(repo):
    d = repo / "data"
    res = d / "results/results.csv"
    good = res.read_bytes()
    lines = good.decode().splitlines()
    cells = lines[1].split(",")
    cells[4] = "0.999"
    lines[1] = ",".join(cells)
    res.write_text("\n".join(lines) + "\n")
    out = run_intake(repo)
    assert out.returncode == 0, out.stderr
    assert "edited by hand" in out.stdout + out.stderr or any(r[5].startswith("hand edit") for r in _log(repo))
    assert res.read_bytes() == good, "re-derived results are the original ones, byte for byte"
