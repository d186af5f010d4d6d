"""Benchmark rebuilds of the book on a copy of this repository, side by side.

Usage: python scripts/benchmark_rebuild.py [--html-only] [--no-strict] [--runs N] [--keep] [--workdir DIR]

Copies the repository's files (tracked and new, not ignored) to a temporary folder, builds it once
(cold), then measures in one run, each figure the median of its samples:

1. **no-op**: ``make book`` with nothing changed (the make targets' stamps, then the driver's fast
   path), against a plain ``jupyter-book build`` with nothing to do on a second copy of the same tree
   (its jupyter-cache seeded from the first build, so it executes nothing). Samples alternate between
   the two so both see the same machine load. Target: ratio <= 2.
2. **one change**: one share prior (:data:`SHARE_CHANGES`: the C24 prior of the SME output share, an
   input a user may edit; the build accepts it, re-derives the share tables and the results and
   re-executes their readers), built by ``python -m smegvc.build`` as ``make book`` runs it (``-j`` =
   cores: economies and chapters in parallel, LaTeX beside the HTML pages), against the sequential
   reference: the same change built with ``-j 1`` (one economy, one chapter after another, the PDF
   after the site, as the build did before). Each build applies the change or takes it back, and each
   mode does both equally often, so both rebuild the same chapters. Target: ratio <= 0.7.
3. **force**: the same change with ``execute_notebooks: force`` (every chapter re-executes).

Prints a table with the ratios, the machine's load (``uptime``) before and after, the 1-minute load
before each one-change sample and the CPU seconds it used (``os.getloadavg``, ``getrusage``), and the
phases of the builds. It is a measurement, not a test: on a shared machine, read the load with it.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARES = "data/sme/share_priors.csv"   # the input the one-change rows edit (a user-editable input)
VENV = Path(sys.executable).parent.parent  # the environment running this script


def copy_repo(dest: Path) -> None:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    for f in filter(None, out.split("\0")):
        if (ROOT / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dest / f)


def _env(repo: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(repo / "src"), OPENBLAS_NUM_THREADS="1", PYTHONHASHSEED="0")


LOADS: list[tuple[float, float]] = []   # (1-min load average before, CPU seconds) of each _timed command


def _timed(cmd: list[str], repo: Path, log: Path) -> float:
    import resource

    LOADS.append((os.getloadavg()[0], 0.0))
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(log, "a") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        rc = subprocess.run(cmd, cwd=repo, env=_env(repo), stdout=fh, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - t
    ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    LOADS[-1] = (LOADS[-1][0], ru2.ru_utime + ru2.ru_stime - ru.ru_utime - ru.ru_stime)
    if rc != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (rc {rc}); see {log}")
    return wall


def build(repo: Path, html_only: bool, log: Path, strict: bool = True, jobs: int | None = None) -> tuple[float, dict]:
    """``python -m smegvc.build`` on ``repo``: (wall seconds, its last-build record)."""
    cmd = [sys.executable, "-m", "smegvc.build", "--root", str(repo), "--build-dir", str(repo / "_build")]
    cmd += ["--html-only"] if html_only else []
    cmd += [] if strict else ["--no-strict"]
    cmd += ["-j", str(jobs)] if jobs else []
    wall = _timed(cmd, repo, log)
    return wall, json.loads((repo / "_build/.deps/last-build.json").read_text())


def make_book(repo: Path, html_only: bool, log: Path) -> tuple[float, dict]:
    """``make book`` (or ``make html``) in ``repo``, with this script's environment as the venv."""
    wall = _timed(["make", "--no-print-directory", "html" if html_only else "book", f"VENV={VENV}"], repo, log)
    return wall, json.loads((repo / "_build/.deps/last-build.json").read_text())


def plain_jupyter_book(repo: Path, html_only: bool, log: Path) -> float:
    jb = VENV / "bin" / "jupyter-book"
    return _timed([str(jb), "build", str(repo)], repo, log)


# One share prior changed (an input a user may edit): the build validates and accepts it, logs it in
# data/CHANGELOG.csv, re-derives the firm-size share tables and the results, and re-executes their readers.
# (The firm-size share tables themselves are derived files: a hand edit of them is refused and re-derived.)
SHARE_CHANGES = [("C24", "prior_sme_output_share", "0.25"),
                 ("G46", "prior_sme_output_share", "0.70")]


def set_share(path: Path, industry: str, column: str, value: str) -> None:
    """Set one cell of the share-prior table (the row of ``industry``) to ``value``."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    hits = [r for r in rows[1:] if r[head.index("industry")] == industry]
    assert len(hits) == 1, f"no single row for {industry} in {path}"
    hits[0][head.index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def load() -> str:
    out = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return out.split("load average:")[-1].strip() if "load average" in out else out


def _med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _phases(rec: dict) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in rec.get("phases", {}).items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html-only", action="store_true", help="skip the PDF in every build")
    ap.add_argument("--workdir", type=Path, default=None, help="where to copy the repository (default: a temp dir)")
    ap.add_argument("--no-strict", dest="strict", action="store_false",
                    help="do not fail on Sphinx warnings (to measure a book that has some)")
    ap.add_argument("--runs", type=int, default=5, help="no-op samples of each kind (default 5)")
    ap.add_argument("--change-runs", type=int, default=2,
                    help="one-change samples per mode (default 2: the change, then taking it back)")
    ap.add_argument("--keep", action="store_true", help="keep the copies and their builds")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="smegvc-bench.", dir=args.workdir))
    repo, plain = work / "repo", work / "plain"
    log = work / "build.log"
    os.environ.setdefault("MPLCONFIGDIR", str(work / "mpl"))
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load_before = load()
    rows: list[tuple[str, float, str]] = []
    notes: list[str] = []
    try:
        copy_repo(repo)
        print(f"copy: {repo}  (build log: {log}); load average {load_before}", flush=True)
        cold, rec = build(repo, args.html_only, log, args.strict)
        rows.append(("cold build", cold, f"{len(rec['executed'])} chapters executed"))
        print(f"cold build: {cold:.1f} s", flush=True)

        # 1. no-op: make book vs plain jupyter-book on a copy of the same tree
        copy_repo(plain)
        shutil.copytree(repo / "_build" / ".jupyter_cache", plain / "_build" / ".jupyter_cache")
        plain_first = plain_jupyter_book(plain, args.html_only, log)
        print(f"plain jupyter-book build (first, from the seeded cache): {plain_first:.1f} s", flush=True)
        make_book(repo, args.html_only, log)  # the stamps of the make targets, once
        ours, theirs = [], []
        for _ in range(args.runs):
            t, rec = make_book(repo, args.html_only, log)
            if not rec.get("noop"):
                raise SystemExit(f"make book with nothing changed did not take the fast path; see {log}")
            ours.append(t)
            theirs.append(plain_jupyter_book(plain, args.html_only, log))
        noop, jb = _med(ours), _med(theirs)
        rows.append(("no-op `make book`", noop, f"median of {len(ours)}: " + " ".join(f"{x:.2f}" for x in ours)))
        rows.append(("no-op plain `jupyter-book build`", jb,
                     f"median of {len(theirs)}: " + " ".join(f"{x:.2f}" for x in theirs)))
        rows.append(("  ratio no-op / plain", noop / jb, f"target <= 2: {'met' if noop <= 2 * jb else 'NOT met'}"))
        print(f"no-op: make book {noop:.2f} s, plain jupyter-book {jb:.2f} s", flush=True)

        # 2. one change: parallel (as make book) vs the sequential reference (-j 1), same change both ways
        shares = repo / SHARES
        if not shares.is_file():
            notes.append(f"one-change rows skipped: {SHARES} does not exist")
        else:
            original = shares.read_bytes()
            changed_bytes = None
            samples: dict[str, list[float]] = {"parallel": [], "sequential": []}
            seen: dict[str, list[tuple[float, float]]] = {"parallel": [], "sequential": []}  # (load, CPU s)
            recs: dict[str, dict] = {}
            state_changed = False
            for i in range(args.change_runs):
                order = (("parallel", None), ("sequential", 1))
                for mode, j in (order if i % 2 == 0 else order[::-1]):  # each mode applies and takes back
                    if state_changed:
                        shares.write_bytes(original)
                    elif changed_bytes is None:
                        set_share(shares, *SHARE_CHANGES[0])
                        changed_bytes = shares.read_bytes()
                    else:
                        shares.write_bytes(changed_bytes)
                    state_changed = not state_changed
                    t, rec = build(repo, args.html_only, log, args.strict, jobs=j)
                    samples[mode].append(t)
                    seen[mode].append(LOADS[-1])
                    recs.setdefault(mode, rec)
                    print(f"one change ({mode}, {'applied' if state_changed else 'taken back'}): {t:.1f} s "
                          f"(load {LOADS[-1][0]:.2f} before, {LOADS[-1][1]:.1f} CPU s); "
                          f"{len(rec['executed'])} re-executed; {_phases(rec)}", flush=True)
            par, seq = _med(samples["parallel"]), _med(samples["sequential"])
            executed = sorted(recs["parallel"]["executed"])
            what = "{}: {} set to {}".format(*SHARE_CHANGES[0])
            rows.append((f"one change, -j {jobs} (make book)", par,
                         f"{what}; re-executed {len(executed)}/{len(recs['parallel']['chapters'])}; median of "
                         + " ".join(f"{x:.1f}" for x in samples["parallel"])))
            rows.append(("  phases (first sample)", recs["parallel"]["phases"].get("total", float("nan")),
                         _phases(recs["parallel"])))
            rows.append(("one change, -j 1 (sequential reference)", seq,
                         "median of " + " ".join(f"{x:.1f}" for x in samples["sequential"])))
            rows.append(("  phases (first sample)", recs["sequential"]["phases"].get("total", float("nan")),
                         _phases(recs["sequential"])))
            for mode in ("parallel", "sequential"):
                rows.append((f"  {mode}: load before, CPU s", _med([x[0] for x in seen[mode]]),
                             f"median 1-min load before each sample; median CPU {_med([x[1] for x in seen[mode]]):.0f} s "
                             "(the build and its children); each sample (load, CPU s): "
                             + " ".join(f"({a:.2f}, {b:.0f})" for a, b in seen[mode])))
            rows.append(("  ratio parallel / sequential", par / seq,
                         f"target <= 0.7: {'met' if par <= 0.7 * seq else 'NOT met'}"))

            # 3. force: the same change, every chapter re-executed
            cfg = repo / "_config.yml"
            cfg_text = cfg.read_text()
            cfg.write_text(re.sub(r"execute_notebooks:\s*\w+", "execute_notebooks: force", cfg_text))
            shares.write_bytes(changed_bytes if not state_changed else original)
            force, rec = build(repo, args.html_only, log, args.strict)
            cfg.write_text(cfg_text)
            rows.append(("same change, execute_notebooks: force", force,
                         f"-j {jobs}; re-executed {len(rec['executed'])}/{len(rec['chapters'])}; "
                         f"{force / par:.2f}x the incremental rebuild; {_phases(rec)}"))
            rows.append(("  ratio one change / force", par / force, ""))
    finally:
        if rows:
            w = max(len(r[0]) for r in rows)
            mode = ("HTML only" if args.html_only else "HTML + PDF") + ("" if args.strict else ", not strict")
            print(f"\nRebuild benchmark ({mode}; {jobs} cores; wall-clock seconds; ratios unitless)")
            print(f"load average (1, 5, 15 min) before: {load_before}; after: {load()}")
            print(f"{'step':<{w}}  {'value':>8}  notes")
            for name, sec, note in rows:
                print(f"{name:<{w}}  {sec:8.2f}  {note}")
            for n in notes:
                print(n)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
