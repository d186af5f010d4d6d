"""The no-op fast path: decide, without starting Sphinx or LaTeX, that nothing the book is built from
changed since the last successful build.

After every successful build the driver records (``<build>/.deps/noop.json``):

* every *watched* file: each file under the project root except build products, environments, caches
  and the folders the book never reads (``tests``, ``scripts``, hidden top-level folders), plus every
  input a chapter or the results table recorded outside those (chapter manifests, ``PROVENANCE.json``),
  each with its size, modification time (ns) and SHA-256;
* a *key*: Python and its installed packages (the mtime of ``site-packages``), the checked-out commit
  (the site footer names it), ``SOURCE_DATE_EPOCH``, the build options (``--html-only``, strictness),
  the chapters' execution mode and whether a PDF was built;
* the published files (site ``index.html``, the PDF in ``latex/`` and in the site): size and mtime.

:func:`check` compares the current tree with the record: a file whose size and mtime are unchanged is
taken as unchanged, unless it was modified within :data:`RACY_NS` of when its stat data were taken (a
second change in the same clock tick would not show in them): such "racily clean" entries, as git calls
them, are always hashed. Any other file is hashed and compared. Added or
deleted files, a changed key, a missing published file or a failed last build all mean "build".
Files touched but not changed refresh the recorded stat data, so the next check does not hash them.

The driver deletes the record before a real build starts (a failed build never leaves one behind) and
writes it only if no watched file other than the build's own outputs changed while the build ran.
Standard library only, so the check costs a process start and a directory walk.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
RECORD = Path(".deps") / "noop.json"
RACY_NS = 2_000_000_000  # files modified this close to the record's writing are always hashed
SKIP_TOP = frozenset({"tests", "scripts", "test-artifacts", "venv", "node_modules"})  # + hidden folders
SKIP_ANY = frozenset({"_build", "__pycache__", ".ipynb_checkpoints", ".mplconfig", ".jupyter_cache"})
SKIP_SUFFIXES = (".pyc", ".pyo", ".swp", "~")

Stat = tuple[int, int]  # (size, mtime_ns)


def _stat(p: Path) -> Stat | None:
    try:
        st = os.stat(p)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def sha256(p: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def walk(root: Path, build: Path | None = None) -> list[str]:
    """The watched files under ``root`` (posix paths relative to it), sorted."""
    root = Path(root)
    skip_abs = {str(Path(build).resolve())} if build is not None else set()
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        top = dirpath == str(root)
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_ANY and not (top and (d in SKIP_TOP or d.startswith(".")))
                             and os.path.join(dirpath, d) not in skip_abs)
        rel = os.path.relpath(dirpath, root)
        for f in filenames:
            if f.endswith(SKIP_SUFFIXES):
                continue
            out.append(f if rel == "." else f"{rel}/{f}".replace(os.sep, "/"))
    return sorted(out)


def recorded(build: Path, what: str) -> set[str]:
    """The ``inputs`` or ``outputs`` recorded in the chapter manifests (keys relative to the project
    root, or absolute)."""
    out: set[str] = set()
    deps_dir = Path(build) / ".deps"
    for m in deps_dir.rglob("*.json") if deps_dir.is_dir() else ():
        if m.parent == deps_dir or "outputs" in m.relative_to(deps_dir).parts[:1]:
            continue  # the build's own records, and files saved from chapters
        try:
            data = json.loads(m.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get(what), dict):
            out.update(data[what])
    return out


def recorded_inputs(root: Path, build: Path) -> set[str]:
    """Inputs the chapters and the results table recorded (keys relative to ``root`` or absolute)."""
    out = recorded(build, "inputs")
    prov = Path(root) / "data" / "results" / "PROVENANCE.json"
    try:
        out.update(json.loads(prov.read_text(encoding="utf-8")).get("inputs", {}))
    except (OSError, ValueError, AttributeError):
        pass
    return out


def watched(root: Path, build: Path) -> list[str]:
    return sorted(set(walk(root, build)) | recorded_inputs(root, build))


def _abs(root: Path, key: str) -> Path:
    p = Path(key)
    return p if p.is_absolute() else Path(root) / p


def stats(root: Path, keys) -> dict[str, Stat | None]:
    return {k: _stat(_abs(root, k)) for k in keys}


def git_head(root: Path) -> str | None:
    try:
        r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def environment_key(root: Path, options: dict) -> dict:
    """What besides the watched files decides the build's output."""
    site = sysconfig.get_paths()["purelib"]
    return {
        "python": sys.version,
        "executable": sys.executable,
        "site-packages": _stat(Path(site)),
        "commit": git_head(root),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
        "root": str(Path(root).resolve()),
        **options,
    }


@dataclass
class Verdict:
    unchanged: bool
    reason: str                      # why a build is needed, or what was checked
    record: dict | None = None       # the record read (its hashes serve as a memo for the next one)
    files: int = 0
    hashed: int = 0
    seconds: float = 0.0
    refreshed: dict = field(default_factory=dict)


def load(build: Path) -> dict | None:
    try:
        rec = json.loads((Path(build) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return rec if isinstance(rec, dict) and rec.get("format") == FORMAT else None


def forget(build: Path) -> None:
    (Path(build) / RECORD).unlink(missing_ok=True)


def check(root: Path, build: Path, key: dict) -> Verdict:
    """Is the last successful build still the build of the current tree? Hashes only what it must."""
    t0 = time.perf_counter()
    rec = load(build)
    if rec is None:
        return Verdict(False, "there is no record of a successful build", None)

    def no(reason: str) -> Verdict:
        return Verdict(False, reason, rec, seconds=time.perf_counter() - t0)

    if rec.get("key") != json.loads(json.dumps(key)):
        diff = sorted(k for k in set(key) | set(rec.get("key", {}))
                      if json.dumps(key.get(k)) != json.dumps(rec.get("key", {}).get(k)))
        return no("the build settings changed (" + ", ".join(diff) + ")")
    if not rec.get("published"):
        return no("nothing was published")
    for p, want in rec["published"].items():
        if list(_stat(Path(p)) or []) != want:
            return no(f"{p} is missing or was changed")
    files = rec.get("files", {})
    keys = watched(root, build)
    if set(keys) != set(files):
        added = sorted(set(keys) - set(files))
        gone = sorted(set(files) - set(keys))
        return no(f"files were added ({', '.join(added[:3])})" if added else f"{', '.join(gone[:3])} was deleted")
    now = time.time_ns()
    hashed, refreshed = 0, {}
    for k in keys:
        size, mtime, sha, racy = files[k]
        st = _stat(_abs(root, k))
        if st is None:
            return no(f"{k} was deleted")
        if st == (size, mtime) and not racy:
            continue
        if st[0] != size:
            return no(f"{k} changed")
        hashed += 1
        if sha256(_abs(root, k)) != sha:
            return no(f"{k} changed")
        refreshed[k] = _entry(st, sha, now)
    return Verdict(True, "nothing changed", rec, len(keys), hashed, time.perf_counter() - t0, refreshed)


def _entry(st: Stat, sha: str, now_ns: int) -> list:
    """[size, mtime_ns, sha256, racy]: racy if modified less than RACY_NS before its stat was taken."""
    return [st[0], st[1], sha, st[1] >= now_ns - RACY_NS]


def snapshot(root: Path, keys, memo: dict | None = None) -> dict[str, list]:
    """key -> [size, mtime_ns, sha256, racy] for every key that exists; hashes reused from ``memo`` (a
    record's ``files``) when size and mtime match and the entry was not racy there."""
    memo = memo or {}
    out = {}
    for k in keys:
        p = _abs(root, k)
        now = time.time_ns()
        st = _stat(p)
        if st is None:
            continue
        old = memo.get(k)
        sha = old[2] if old and (old[0], old[1]) == st and not old[3] else sha256(p)
        if sha is not None:
            out[k] = _entry(st, sha, now)
    return out


def write(root: Path, build: Path, key: dict, files: dict, published: list[Path], extra: dict | None = None) -> None:
    from smegvc.atomic import write_text

    rec = {"format": FORMAT, "key": key, "files": files,
           "published": {str(p): list(_stat(p)) for p in published if _stat(p) is not None}, **(extra or {})}
    write_text(Path(build) / RECORD, json.dumps(rec, indent=0, sort_keys=True) + "\n")


def refresh(build: Path, verdict: Verdict) -> None:
    """Store the new stat data of files that were touched but not changed."""
    if not verdict.refreshed or verdict.record is None:
        return
    from smegvc.atomic import write_text

    rec = dict(verdict.record)
    rec["files"] = {**rec["files"], **verdict.refreshed}
    write_text(Path(build) / RECORD, json.dumps(rec, indent=0, sort_keys=True) + "\n")
