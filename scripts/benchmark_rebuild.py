"""Benchmark incremental rebuilds of the book on a copy of this repository.

Usage: python scripts/benchmark_rebuild.py [--html-only] [--no-strict] [--keep] [--workdir DIR]

Copies the repository's files (tracked and new, not ignored) to a temporary folder and measures,
with ``python -m smegvc.build``:

1. a cold build;
2. a no-op rebuild (target: at most 10 s);
3. a rebuild after one value of one data file changes (the firm-size share file when a chapter
   reads it, else the data file most chapters read), compared with the time to execute the
   dependent chapters alone (plain nbclient, one kernel each) plus Sphinx's incremental write
   (the HTML and, unless --html-only, the PDF step of that rebuild); target ratio at most 1.3;
4. the same kind of change with ``execute_notebooks: force`` (every chapter re-executes).

Prints a table. It is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARES = "data/sme/firm_size_shares.csv"


def copy_repo(dest: Path) -> None:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    for f in filter(None, out.split("\0")):
        if (ROOT / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dest / f)


def build(repo: Path, html_only: bool, log: Path, strict: bool = True) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "smegvc.build", "--root", str(repo), "--build-dir", str(repo / "_build")]
    if html_only:
        cmd.append("--html-only")
    if not strict:
        cmd.append("--no-strict")
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    t = time.perf_counter()
    with open(log, "a") as fh:
        rc = subprocess.run(cmd, cwd=repo, env=env, stdout=fh, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - t
    rec = json.loads((repo / "_build/.deps/last-build.json").read_text())
    if rc != 0:
        raise SystemExit(f"build failed (rc {rc}); see {log}")
    return wall, rec


def manifests(repo: Path, docs) -> dict[str, dict]:
    return {d: json.loads((repo / "_build/.deps" / f"{d}.json").read_text()) for d in docs}


def pick_data_file(repo: Path, ms: dict[str, dict]) -> str | None:
    readers = {k: sum(k in m["inputs"] for m in ms.values()) for m in ms.values() for k in m["inputs"]
               if k.startswith("data/") and k.endswith(".csv")}
    if readers.get(SHARES) or readers.get("data/results/results.csv"):
        return SHARES  # the results table is recomputed from it
    if not readers:
        return None
    return max(sorted(readers), key=readers.get)


# One firm-size share row changed to its upper bound, for each measured change (rows checked feasible).
SHARE_CHANGES = [("KOR", 2014, "C24", "sme_output_share", "output_high"),
                 ("KOR", 2014, "G46", "sme_output_share", "output_high")]


def set_share(path: Path, country: str, year: int, industry: str, column: str, to_column: str) -> None:
    """Set one cell of a firm-size share row to the value of another column of the same row."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    key = (head.index("country"), head.index("year"), head.index("industry"))
    hits = [r for r in rows[1:] if (r[key[0]], r[key[1]], r[key[2]]) == (country, str(year), industry)]
    assert len(hits) == 1, f"no single row {country} {year} {industry} in {path}"
    hits[0][head.index(column)] = hits[0][head.index(to_column)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def bump_one_value(path: Path, nth: int) -> str:
    """Change one value: the last digit of the first decimal number in the ``nth`` data row that
    has one, else (a text-only file) the text of a non-numeric last field of row ``nth``."""
    lines = path.read_text().splitlines()
    dec = re.compile(r"(?<=,)(-?\d+\.\d*?)(\d)(?=,|$)")
    rows = [i for i in range(1, len(lines)) if dec.search(lines[i])]
    if len(rows) >= nth:
        i = rows[nth - 1]
        lines[i] = dec.sub(lambda m: m.group(1) + str((int(m.group(2)) + 1) % 10), lines[i], count=1)
        what = f"a number in row {i}"
    else:
        text = [i for i in range(nth, len(lines)) if not re.fullmatch(r"[-+.\d eE]*", lines[i].rsplit(",", 1)[-1])]
        if not text:
            raise SystemExit(f"found no value to change in {path}")
        i = text[0]
        lines[i] = lines[i] + "." if not lines[i].endswith('"') else lines[i][:-1] + '."'
        what = f"the last field of row {i}"
    path.write_text("\n".join(lines) + "\n")
    return what


def execute_alone(repo: Path, docs: list[str]) -> float:
    """Seconds to execute these chapters with plain nbclient (no tracking), one after the other."""
    code = r"""
import sys, time, nbformat
from pathlib import Path
from nbclient import NotebookClient
t = time.perf_counter()
for p in map(Path, sys.argv[1:]):
    nb = nbformat.read(p, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(p.parent)}}).execute()
print(time.perf_counter() - t)
"""
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    paths = [str(repo / f"{d}.ipynb") for d in docs]
    out = subprocess.run([sys.executable, "-c", code, *paths], cwd=repo, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html-only", action="store_true", help="skip the PDF in every build")
    ap.add_argument("--workdir", type=Path, default=None, help="where to copy the repository (default: a temp dir)")
    ap.add_argument("--no-strict", dest="strict", action="store_false",
                    help="do not fail on Sphinx warnings (to measure a book that has some)")
    ap.add_argument("--keep", action="store_true", help="keep the copy and its builds")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="smegvc-bench.", dir=args.workdir))
    repo = work / "repo"
    log = work / "build.log"
    os.environ.setdefault("MPLCONFIGDIR", str(work / "mpl"))
    rows = []
    try:
        copy_repo(repo)
        print(f"copy: {repo}  (build log: {log})", flush=True)
        cold, rec = build(repo, args.html_only, log, args.strict)
        rows.append(("cold build", cold, f"{len(rec['executed'])} chapters executed"))
        print(f"cold build: {cold:.1f} s", flush=True)
        noop, rec = build(repo, args.html_only, log, args.strict)
        rows.append(("no-op rebuild", noop, f"{len(rec['executed'])} executed; target <= 10 s: "
                     + ("met" if noop <= 10 else "NOT met")))
        print(f"no-op rebuild: {noop:.1f} s", flush=True)

        ms = manifests(repo, rec["chapters"])
        target = pick_data_file(repo, ms)
        change = None
        if target is None:
            rows.append(("one data change", float("nan"), "skipped: no chapter reads a CSV file in data/ yet"))
        else:
            derived = {target, "data/results/results.csv"} if target == SHARES else {target}
            dependents = sorted(d for d, m in ms.items() if derived & set(m["inputs"]))
            if target == SHARES:
                set_share(repo / target, *SHARE_CHANGES[0])
                what = "{} {} {}: {} set to {}".format(*SHARE_CHANGES[0])
            else:
                what = bump_one_value(repo / target, 1)
            change, rec = build(repo, args.html_only, log, args.strict)
            executed = sorted(rec["executed"])
            alone = execute_alone(repo, executed) if executed else 0.0
            sphinx = rec["phases"].get("html", 0.0) + rec["phases"].get("pdf", 0.0)
            results = rec["phases"].get("results", 0.0)  # recomputing data/results/results.csv
            reference = results + alone + sphinx
            rows.append((f"one change in {target}", change, f"{what}; "
                         f"re-executed {len(executed)}/{len(rec['chapters'])}: {', '.join(executed)}"
                         + ("" if executed == dependents else f" (readers by record: {', '.join(dependents)})")))
            rows.append(("  results table recomputed", results, "python -m smegvc results --if-stale"))
            rows.append(("  dependent chapters alone", alone, "plain nbclient, sequential"))
            rows.append(("  + Sphinx incremental write", sphinx, "HTML" + ("" if args.html_only else " + PDF")
                         + " steps of that rebuild"))
            rows.append(("  = reference", reference, f"ratio rebuild/reference = {change / reference:.2f} "
                         f"(target <= 1.3: {'met' if change <= 1.3 * reference else 'NOT met'})"))
            print(f"one data change: {change:.1f} s", flush=True)

        cfg = repo / "_config.yml"
        cfg.write_text(re.sub(r"execute_notebooks:\s*\w+", "execute_notebooks: force", cfg.read_text()))
        if target == SHARES:
            set_share(repo / target, *SHARE_CHANGES[1])
        elif target is not None:
            bump_one_value(repo / target, 2)
        force, rec = build(repo, args.html_only, log, args.strict)
        rows.append(("same change, execute_notebooks: force" if target else "rebuild, execute_notebooks: force",
                     force, f"re-executed {len(rec['executed'])}/{len(rec['chapters'])}"
                     + (f"; {force / change:.1f}x the incremental rebuild" if change else "")))
    finally:
        if rows:
            w = max(len(r[0]) for r in rows)
            mode = ("HTML only" if args.html_only else "HTML + PDF") + ("" if args.strict else ", not strict")
            print(f"\nRebuild benchmark ({mode}; {os.cpu_count()} CPUs; wall-clock seconds)")
            print(f"{'step':<{w}}  {'seconds':>8}  notes")
            for name, sec, note in rows:
                print(f"{name:<{w}}  {sec:8.1f}  {note}")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
