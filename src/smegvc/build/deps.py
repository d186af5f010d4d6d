"""Incremental chapter execution: re-run exactly the notebooks whose inputs changed.

Each executable chapter (an ``.ipynb`` listed in ``_toc.yml``) is executed in its own kernel, with
its folder as working directory. While it runs we record what it actually depends on:

* the data files it reads: every path passed to :func:`smegvc.tracking.record_read` (written to the
  file named by ``SMEGVC_READS_LOG``) plus every file under the project root that the kernel opens
  for reading (a :func:`sys.addaudithook` hook on ``open``), so a file read without a loader counts too;
* the modules it imports from the project (``src/``): the ``__file__`` of every module in the
  kernel's ``sys.modules`` after the last cell that lies under the project root;
* the files it writes under the project root (figure CSVs, images): kept, so a reused chapter's
  files can be restored if something else overwrote them.

The record (a *manifest*, ``<build>/.deps/<docname>.json``) holds the SHA-256 of the chapter's code
cells, of every input and output, and of the settings every chapter depends on (``_config.yml``'s
``execute`` section, ``requirements.txt``, the Python version, the kernel). On the next build a
chapter is reused when all of these are unchanged, and re-executed otherwise, with the reason.

The executed notebooks are stored in ``<build>/.deps/nb/`` and handed to Sphinx through
jupyter-cache (``<build>/.jupyter_cache``), which myst-nb reads in ``execute_notebooks: cache``
mode; the driver (:mod:`smegvc.build.driver`) deletes the Sphinx doctree of every re-executed chapter so
that Sphinx re-reads it. Markdown-only edits re-render a chapter without re-executing it.
"""
from __future__ import annotations

import asyncio
import ast
import copy
import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import nbformat
import yaml

from smegvc.atomic import write_bytes, write_text

FORMAT = 2  # manifest format; a change re-executes everything once
EXEC_TAGS = frozenset({"skip-execution", "raises-exception"})  # cell tags that change execution
# Path components never treated as inputs or outputs (build products, caches, environments).
IGNORED_PARTS = frozenset({"_build", "__pycache__", ".git", ".venv", "venv", ".ipynb_checkpoints",
                           ".pytest_cache", ".hypothesis", ".mplconfig", "node_modules", ".jupyter_cache"})
# Settings of _config.yml's execute section that do not change what a kernel computes.
EXECUTE_KEYS_IGNORED = ("execute_notebooks", "cache", "exclude_patterns", "stderr_output", "show_tb",
                        "raise_on_error")
MAX_ATTEMPTS = 3  # executions of one chapter per build before we call its inputs unstable

# Runs silently in each kernel before the first cell: an audit hook that records opens and
# renames under the project root, with the (mtime, size) of each file when it was first read,
# and a report() that also lists the project modules in sys.modules.
_PRELUDE = r'''
def _smegvc_deps_install(root, ignored_dirs, ignored_parts):
    import json, os, sys, sysconfig, types
    sep = os.sep
    root_s = root.rstrip(sep) + sep
    skip = tuple(d.rstrip(sep) + sep for d in ignored_dirs)
    skip += tuple(p.rstrip(sep) + sep for p in {sys.prefix, sys.base_prefix, sysconfig.get_paths()["purelib"]})
    parts = frozenset(ignored_parts)
    events = {}
    wflags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def norm(p):
        if isinstance(p, int):
            return None
        p = os.fsdecode(os.fspath(p))
        p = os.path.abspath(p)
        if not p.startswith(root_s) or p.startswith(skip) or parts.intersection(p.split(sep)):
            return None
        return p

    def note(p, kind):
        p = norm(p)
        if p is None:
            return
        old = events.get(p)
        if old is None:
            st = None
            if kind == "r":
                try:
                    s = os.stat(p)
                    st = [s.st_mtime_ns, s.st_size]
                except OSError:
                    st = "absent"
            events[p] = [kind, st]
        elif kind == "w" and old[0] == "r":
            old[0] = "rw"

    def hook(event, args):
        if event == "open":
            try:
                p, mode, flags = args
                w = (flags & wflags) if mode is None else any(c in mode for c in "wax+")
                note(p, "w" if w else "r")
            except Exception:
                pass
        elif event in ("os.rename", "os.link", "os.symlink"):
            try:
                note(args[1], "w")
            except Exception:
                pass

    def report():
        mods = set()
        for m in list(sys.modules.values()):
            f = getattr(m, "__file__", None)
            if isinstance(f, str):
                try:
                    p = norm(f)
                except Exception:
                    p = None
                if p:
                    mods.add(p)
        return json.dumps({"modules": sorted(mods), "events": events})

    mod = types.ModuleType("_smegvc_deps")
    mod.report = report
    sys.modules["_smegvc_deps"] = mod
    sys.addaudithook(hook)

_smegvc_deps_install(%r, %r, %r)
del _smegvc_deps_install
'''


# ---------------------------------------------------------------------------------------------
# Project layout

def toc_docnames(root: Path) -> list[str]:
    """Every docname in ``_toc.yml`` (``root`` and every ``file`` entry), in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    out.append(str(PurePosixPath(node[key]).with_suffix("")) if node[key].endswith(
                        (".ipynb", ".md")) else node[key])
            for v in node.values():
                if isinstance(v, (list, dict)):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    return list(dict.fromkeys(out))


def doc_source(root: Path, docname: str) -> Path | None:
    for ext in (".ipynb", ".md", ".rst"):
        p = root / f"{docname}{ext}"
        if p.is_file():
            return p
    return None


def load_config(root: Path) -> dict:
    p = root / "_config.yml"
    return (yaml.safe_load(p.read_text(encoding="utf-8")) or {}) if p.is_file() else {}


def execute_settings(config: dict) -> dict:
    return dict(config.get("execute") or {})


def execution_mode(config: dict) -> str:
    mode = execute_settings(config).get("execute_notebooks", "auto")
    return "off" if mode is False else str(mode)


@dataclass
class Chapter:
    docname: str          # e.g. "book/summary"
    path: Path            # absolute path of the .ipynb
    rel: str              # path relative to the project root, posix
    nb: nbformat.NotebookNode = field(repr=False)
    code: str = ""        # hash of the code cells

    @property
    def kernel(self) -> str:
        return (self.nb.metadata.get("kernelspec") or {}).get("name") or "python3"


def chapters(root: Path, config: dict) -> list[Chapter]:
    """The executable chapters of the book (``.ipynb`` in the TOC, minus execute.exclude_patterns)."""
    excluded = execute_settings(config).get("exclude_patterns") or []
    out = []
    for doc in toc_docnames(root):
        p = doc_source(root, doc)
        if p is None or p.suffix != ".ipynb":
            continue
        if any(PurePosixPath(p.as_posix()).match(pat) for pat in excluded):
            continue
        nb = nbformat.read(p, as_version=4)
        out.append(Chapter(doc, p, p.relative_to(root).as_posix(), nb, code_hash(nb)))
    return out


def code_hash(nb) -> str:
    """SHA-256 of what determines a notebook's execution: kernel, code cells, execution tags."""
    h = hashlib.sha256(json.dumps((nb.metadata.get("kernelspec") or {}).get("name") or "").encode())
    for c in nb.cells:
        if c.cell_type == "code":
            tags = sorted(set(c.metadata.get("tags", [])) & EXEC_TAGS)
            h.update(json.dumps([c.source, tags]).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Hashing

class Hasher:
    """SHA-256 of files, memoised on (size, mtime, inode) for the length of one build."""

    def __init__(self):
        self._memo: dict[str, tuple[tuple, str | None]] = {}

    def __call__(self, path: str | Path) -> str | None:
        p = str(path)
        try:
            st = os.stat(p)
        except OSError:
            return None
        key = (st.st_size, st.st_mtime_ns, st.st_ino)
        hit = self._memo.get(p)
        if hit and hit[0] == key:
            return hit[1]
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        self._memo[p] = (key, h.hexdigest())
        return h.hexdigest()


def shared_settings(root: Path, config: dict, hasher: Hasher) -> dict[str, str | None]:
    """What every chapter's execution depends on besides its own code and inputs."""
    ex = {k: v for k, v in execute_settings(config).items() if k not in EXECUTE_KEYS_IGNORED}
    return {
        "_config.yml execute settings": hashlib.sha256(json.dumps(ex, sort_keys=True, default=str).encode()).hexdigest(),
        "requirements.txt": hasher(root / "requirements.txt"),
        "the Python version": platform.python_version(),
    }


# ---------------------------------------------------------------------------------------------
# Manifests

class Store:
    """The dependency records of one build folder: ``<build>/.deps``."""

    def __init__(self, build: Path, root: Path):
        self.dir = build / ".deps"
        self.root = root

    def manifest_path(self, ch: Chapter) -> Path:
        return self.dir / f"{ch.docname}.json"

    def executed_path(self, ch: Chapter) -> Path:
        return self.dir / "nb" / f"{ch.docname}.ipynb"

    def outputs_dir(self, ch: Chapter) -> Path:
        return self.dir / "outputs" / ch.docname

    def load(self, ch: Chapter) -> dict | None:
        try:
            m = json.loads(self.manifest_path(ch).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return m if isinstance(m, dict) else None

    def rel(self, p: str | Path) -> str:
        """A path as stored: relative to the project root (posix) when inside it."""
        p = Path(p)
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            return str(p)

    def abs(self, key: str) -> Path:
        p = Path(key)
        return p if p.is_absolute() else self.root / p


def _list(paths: list[str], verb: str) -> str:
    shown = ", ".join(paths[:3])
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return f"{shown}{more} {verb}"


def why_stale(ch: Chapter, m: dict | None, shared: dict, store: Store, hasher: Hasher,
              force: bool = False) -> str | None:
    """Why ``ch`` must be re-executed (a phrase to follow "because"), or None to reuse it."""
    if force:
        return "execute_notebooks is force"
    if m is None:
        return "this is its first build"
    if m.get("format") != FORMAT:
        return "the build's dependency records changed format"
    if m.get("code") != ch.code:
        return "its code changed"
    for k, v in shared.items():
        if m.get("shared", {}).get(k) != v:
            return f"{k} changed"
    changed, missing, during = [], [], []
    for key, sha in m.get("inputs", {}).items():
        if sha == "modified-during-execution":
            during.append(key)
            continue
        now = hasher(store.abs(key))
        if now != sha:
            (missing if now is None and sha is not None else changed).append(key)
    if during:
        return _list(during, "changed while it was executing")
    if changed:
        return _list(changed, "changed")
    if missing:
        return _list(missing, "was deleted" if len(missing) == 1 else "were deleted")
    if not store.executed_path(ch).is_file():
        return "its stored execution is missing"
    return None


def restore_outputs(ch: Chapter, m: dict, store: Store, hasher: Hasher) -> list[str]:
    """Put back the files a reused chapter wrote if they are missing or differ. Returns their keys."""
    restored = []
    for key, sha in m.get("outputs", {}).items():
        target = store.abs(key)
        if hasher(target) == sha:
            continue
        saved = store.outputs_dir(ch) / key.lstrip("/")
        if saved.is_file():
            write_bytes(target, saved.read_bytes())
            restored.append(key)
    return restored


# ---------------------------------------------------------------------------------------------
# Execution

@dataclass
class Execution:
    chapter: Chapter
    reason: str
    ok: bool = False
    seconds: float = 0.0
    error: str = ""
    nb: nbformat.NotebookNode | None = None
    report: dict = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)


def _kernel_env(root: Path, reads_log: Path) -> dict[str, str]:
    env = dict(os.environ)
    src = root / "src"
    if src.is_dir():  # the project's own package wins over an installed copy
        env["PYTHONPATH"] = os.pathsep.join([str(src)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["SMEGVC_READS_LOG"] = str(reads_log)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


async def _hidden(client, code: str, expressions: dict | None = None) -> dict:
    msg_id = client.kc.execute(code, silent=True, store_history=False, user_expressions=expressions or {})
    reply = await client.async_wait_for_reply(msg_id)
    content = reply["content"] if reply else {}
    if content.get("status") != "ok":
        raise RuntimeError(f"dependency probe failed in the kernel: {content.get('ename')}: {content.get('evalue')}")
    return content


async def _execute(ch: Chapter, reason: str, root: Path, settings: dict, ignored_dirs: list[str],
                   tmpdir: Path) -> Execution:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    ex = Execution(ch, reason)
    nb = copy.deepcopy(ch.nb)
    reads_log = tmpdir / (ch.docname.replace("/", "__") + ".reads")
    reads_log.unlink(missing_ok=True)
    client = NotebookClient(
        nb, timeout=settings.get("timeout", 30), kernel_name=ch.kernel,
        allow_errors=bool(settings.get("allow_errors", False)),
        resources={"metadata": {"path": str(ch.path.parent)}},
    )
    t0 = time.perf_counter()
    # The kernel process's own messages (not the notebook's outputs, which arrive as messages) go to
    # a log per chapter, shown when the chapter fails: parallel kernels never interleave on the terminal.
    klog = open(tmpdir / (ch.docname.replace("/", "__") + ".kernel.log"), "w+b")
    try:
        async with client.async_setup_kernel(env=_kernel_env(root, reads_log), cwd=str(ch.path.parent),
                                             stdout=klog, stderr=klog):
            info = await client.async_wait_for_reply(client.kc.kernel_info())
            if info is not None and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            await _hidden(client, _PRELUDE % (str(root), ignored_dirs, sorted(IGNORED_PARTS)))
            for index, cell in enumerate(nb.cells):
                try:
                    await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellExecutionError as e:
                    ex.error = _cell_error(e, cell, sum(c.cell_type == "code" for c in nb.cells[:index + 1]))
                    raise
            out = await _hidden(client, "", {"deps": "__import__('_smegvc_deps').report()"})
        value = out["user_expressions"]["deps"]
        if value.get("status") != "ok":
            raise RuntimeError(f"dependency report failed: {value.get('ename')}: {value.get('evalue')}")
        ex.report = json.loads(ast.literal_eval(value["data"]["text/plain"]))
        ex.nb, ex.ok = nb, True
    except CellExecutionError:
        pass
    except Exception as e:  # kernel died, timeout, ...
        ex.error = f"{type(e).__name__}: {e}"
    ex.seconds = time.perf_counter() - t0
    klog.seek(0)
    kernel_log = klog.read().decode("utf-8", "replace").strip()
    klog.close()
    if not ex.ok and kernel_log:
        ex.error += "\nkernel log:\n" + "\n".join("  " + ln for ln in kernel_log.splitlines()[-20:])
    if reads_log.is_file():
        ex.reads = [line for line in reads_log.read_text(encoding="utf-8").splitlines() if line]
    return ex


def _cell_error(e, cell, number: int) -> str:
    """Which code cell failed (its first lines) and the end of the traceback, without colours."""
    src = cell.source.splitlines()
    shown = src[:8] + (["..."] if len(src) > 8 else [])
    tb = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip().splitlines()
    return "\n".join([f"code cell {number}:", *("  | " + ln for ln in shown), *tb[-8:]])


def _record(ex: Execution, store: Store, hasher: Hasher, shared: dict) -> dict:
    """Store the executed notebook, its outputs and its manifest; returns the manifest."""
    ch = ex.chapter
    events = ex.report.get("events", {})
    inputs: dict[str, str | None] = {}
    outputs: dict[str, str] = {}
    written = {p for p, (kind, _) in events.items() if kind != "r"}
    for p in ex.reads + ex.report.get("modules", []) + [p for p, (kind, _) in events.items() if kind == "r"]:
        p = os.path.abspath(p)
        if p in written or p == str(ch.path):
            continue
        key = store.rel(p)
        if key in inputs:
            continue
        st0 = (events.get(p) or [None, None])[1]
        sha = hasher(p)
        if st0 == "absent":  # absent when the chapter tried to open it
            sha = None if sha is None else "modified-during-execution"
        elif st0 is not None:
            try:
                s = os.stat(p)
                now = [s.st_mtime_ns, s.st_size]
            except OSError:
                now = None
            if now != st0:
                sha = "modified-during-execution"
        inputs[key] = sha
    odir = store.outputs_dir(ch)
    shutil.rmtree(odir, ignore_errors=True)
    for p in sorted(written):
        if not os.path.isfile(p):
            continue  # temporary files, renamed away
        key = store.rel(p)
        data = Path(p).read_bytes()
        outputs[key] = hashlib.sha256(data).hexdigest()
        write_bytes(odir / key.lstrip("/"), data)
    text = nbformat.writes(ex.nb)
    write_text(store.executed_path(ch), text)
    m = {
        "format": FORMAT,
        "notebook": ch.rel,
        "code": ch.code,
        "shared": shared,
        "inputs": dict(sorted(inputs.items())),
        "modules": sorted(store.rel(p) for p in ex.report.get("modules", [])),
        "outputs": outputs,
        "executed": hashlib.sha256(text.encode()).hexdigest(),
        "seconds": round(ex.seconds, 3),
        "reason": ex.reason,
    }
    write_text(store.manifest_path(ch), json.dumps(m, indent=1) + "\n")
    return m


@dataclass
class Outcome:
    """What the execution step did, chapter by chapter."""
    lines: dict[str, str] = field(default_factory=dict)     # docname -> "reused" / "re-executed because ..."
    executed: dict[str, float] = field(default_factory=dict)  # docname -> seconds
    failed: dict[str, str] = field(default_factory=dict)    # docname -> error
    restored: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def default_jobs() -> int:
    """Chapters executed at once: ``$SMEGVC_BUILD_JOBS``, else the cores this process may use."""
    env = os.environ.get("SMEGVC_BUILD_JOBS", "").strip()
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def run(root: Path, build: Path, *, config: dict | None = None, jobs: int = 1,
        on_executed=None, log=print) -> Outcome:
    """Execute every chapter whose inputs changed; record and store the results.

    Up to ``jobs`` chapters execute at once, one kernel each. What the build prints and records does
    not depend on the order in which they finish: the chapters are announced and reported in reading
    order, each manifest depends only on its own execution, and the kernels' own messages are kept
    apart (shown for a failed chapter only).

    ``on_executed(chapter)`` is called after each successful execution, before its manifest is
    written (the driver deletes the chapter's doctree there, so Sphinx re-reads it even if this
    process dies before Sphinx runs).
    """
    root, build = Path(root).resolve(), Path(build).resolve()
    config = load_config(root) if config is None else config
    mode = execution_mode(config)
    settings = execute_settings(config)
    store = Store(build, root)
    hasher = Hasher()
    shared = shared_settings(root, config, hasher)
    chs = chapters(root, config)
    out = Outcome()
    if mode == "off":
        for ch in chs:
            out.lines[ch.docname] = "not executed (execute_notebooks is off)"
        return out
    force = mode == "force"
    mpl = os.environ.get("MPLCONFIGDIR")
    ignored_dirs = [str(build)] + ([os.path.abspath(mpl)] if mpl else [])
    attempts: dict[str, int] = {}
    manifests = {ch.docname: store.load(ch) for ch in chs}
    tmpdir = Path(tempfile.mkdtemp(prefix="reads.", dir=_mkdir(store.dir)))
    try:
        while True:
            stale = []
            for ch in chs:
                if ch.docname in out.failed:
                    continue
                if force and ch.docname in out.executed:
                    reason = why_stale(ch, manifests[ch.docname], shared, store, hasher)
                else:
                    reason = why_stale(ch, manifests[ch.docname], shared, store, hasher, force)
                if reason is None:
                    continue
                if attempts.get(ch.docname, 0) >= MAX_ATTEMPTS:
                    out.failed[ch.docname] = (f"its inputs keep changing while the book executes ({reason}); "
                                              "does a chapter write a file another chapter reads?")
                    continue
                stale.append((ch, reason))
            if not stale:
                break
            for ch, _ in stale:
                attempts[ch.docname] = attempts.get(ch.docname, 0) + 1
                log(f"executing {ch.rel} ...", flush=True)

            def finish(ex: Execution) -> None:  # right after each execution, before the next starts
                ch = ex.chapter
                if not ex.ok:
                    out.failed[ch.docname] = ex.error
                    return
                if on_executed:
                    on_executed(ch)
                manifests[ch.docname] = _record(ex, store, hasher, shared)
                out.executed[ch.docname] = out.executed.get(ch.docname, 0.0) + ex.seconds
                out.lines[ch.docname] = f"re-executed because {ex.reason} ({ex.seconds:.1f} s)"

            # Longest first (by the last recorded execution; unknown first): with fewer kernels than
            # chapters this shortens the batch. The order changes only when chapters start.
            def last_seconds(item):
                m = manifests.get(item[0].docname) or {}
                return -float(m.get("seconds") or float("inf"))

            batch = sorted(stale, key=last_seconds) if jobs > 1 else stale
            asyncio.run(_run_batch(batch, root, settings, ignored_dirs, tmpdir, jobs, finish))
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    executed_lines, out.lines = out.lines, {}
    for ch in chs:  # one line per chapter, in reading order
        if ch.docname in executed_lines:
            out.lines[ch.docname] = executed_lines[ch.docname]
        if ch.docname in out.failed:
            out.lines[ch.docname] = "FAILED"
        elif ch.docname not in out.executed:
            m = manifests[ch.docname]
            restored = restore_outputs(ch, m, store, hasher) if m else []
            out.lines[ch.docname] = "reused" + (f" (restored {', '.join(restored)})" if restored else "")
            if restored:
                out.restored[ch.docname] = restored
    return out


def plan(root: Path, build: Path, config: dict | None = None) -> dict[str, str | None]:
    """Chapter -> why it would be re-executed now, or None if it would be reused. Executes nothing."""
    root, build = Path(root).resolve(), Path(build).resolve()
    config = load_config(root) if config is None else config
    mode = execution_mode(config)
    store, hasher = Store(build, root), Hasher()
    shared = shared_settings(root, config, hasher)
    return {ch.docname: None if mode == "off" else why_stale(ch, store.load(ch), shared, store, hasher, mode == "force")
            for ch in chapters(root, config)}


async def _run_batch(stale, root, settings, ignored_dirs, tmpdir, jobs, finish) -> None:
    sem = asyncio.Semaphore(max(1, jobs))

    async def one(ch, reason):
        async with sem:
            finish(await _execute(ch, reason, root, settings, ignored_dirs, tmpdir))

    await asyncio.gather(*(one(ch, r) for ch, r in stale))


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


# ---------------------------------------------------------------------------------------------
# Handing the executed notebooks to myst-nb through jupyter-cache

def merged_notebook(source_nb, executed_nb):
    """The current source notebook with the outputs of its stored execution (same code cells)."""
    nb = copy.deepcopy(source_nb)
    src = [c for c in nb.cells if c.cell_type == "code"]
    done = [c for c in executed_nb.cells if c.cell_type == "code"]
    if [c.source for c in src] != [c.source for c in done]:
        raise ValueError("stored execution does not match the notebook's code cells")
    for a, b in zip(src, done):
        a.outputs = b.outputs
        a.execution_count = b.execution_count
    if "language_info" in executed_nb.metadata:
        nb.metadata["language_info"] = executed_nb.metadata["language_info"]
    return nb


def sync_cache(root: Path, build: Path, config: dict | None = None) -> int:
    """Make jupyter-cache hold, for every chapter, its current stored execution. Returns #written.

    myst-nb matches a notebook to a cache entry by the hash of its code cells (and their metadata),
    so the entry is rebuilt from the *current* source notebook with the stored outputs merged in.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    root, build = Path(root).resolve(), Path(build).resolve()
    config = load_config(root) if config is None else config
    if execution_mode(config) == "off":
        return 0
    store = Store(build, root)
    cache = get_cache(str(build / ".jupyter_cache"))
    wanted: dict[str, list[tuple[Chapter, dict, str]]] = {}
    for ch in chapters(root, config):
        m = store.load(ch)
        if m is None or not store.executed_path(ch).is_file():
            continue
        _, key = cache.create_hashed_notebook(ch.nb)
        wanted.setdefault(key, []).append((ch, m, key))
    written = 0
    for key, entries in wanted.items():
        try:
            rec = cache.match_cache_notebook(entries[0][0].nb)
            have = (rec.data or {}).get("smegvc_executed")
        except KeyError:
            have = None
        if have in {m["executed"] for _, m, _ in entries}:
            continue
        ch, m, _ = entries[-1]
        executed = nbformat.read(store.executed_path(ch), as_version=4)
        nb = merged_notebook(ch.nb, executed)
        cache.cache_notebook_bundle(
            CacheBundleIn(nb, str(ch.path), data={"smegvc_executed": m["executed"],
                                                  "execution_seconds": m.get("seconds")}),
            check_validity=False, overwrite=True)
        written += 1
    return written


# ---------------------------------------------------------------------------------------------
# Cross-document glue: a page that pastes another notebook's glued value must be re-read too

_GLUE_XREF = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+?)::|```\{glue(?::[a-z]+)?\}\s+([^\s`]+?)::")


def glue_dependents(root: Path, changed: set[str]) -> dict[str, str]:
    """Docnames (not in ``changed``) that glue values from a changed docname -> that docname."""
    out = {}
    for doc in toc_docnames(root):
        if doc in changed:
            continue
        p = doc_source(root, doc)
        if p is None:
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        for m in _GLUE_XREF.finditer(text):
            ref = (m.group(1) or m.group(2)).strip()
            target = (p.parent / ref).resolve()
            try:
                tdoc = str(PurePosixPath(target.relative_to(root).as_posix()).with_suffix(""))
            except ValueError:
                continue
            if tdoc in changed:
                out[doc] = tdoc
                break
    return out
