"""Build the book: re-execute the chapters whose inputs changed, build the site and PDF, publish.

Usage: ``python -m smegvc.build [--html-only] [--no-strict] [--dry-run] [--root DIR] [--build-dir DIR] [-j N]``

0. *No-op check* (:mod:`smegvc.build.fastpath`): if no watched file (chapters, data, modules, configuration),
   the environment, the build options or the published files changed since the last successful build,
   stop there (stat data first, hashes only for files whose stat data changed): Sphinx and LaTeX are not
   started.
0b. *Data*: the intake (:mod:`smegvc.intake`) checks every data file and re-derives what an accepted
   edit changed, the results table included (economies computed at once with ``-j`` > 1).
1. *Execute* (:mod:`smegvc.build.deps`): a chapter is re-executed only if its code cells, a data file it
   read, a project module it imported, ``_config.yml``'s ``execute`` settings, ``requirements.txt``
   or the Python version changed since its last successful execution; one line per chapter says
   "reused" or why it was re-executed. ``execute_notebooks: force`` re-executes every chapter,
   ``off`` none. The executed notebooks reach Sphinx through jupyter-cache.
2. *Build* in ``<build>/.staging``: the strict HTML site (``-W -n --keep-going``: any warning, dead
   cross-reference or error fails the build) and the PDF (XeLaTeX via latexmk). Sphinx keeps its
   environment there between builds, so unchanged pages are not rewritten. The LaTeX step starts as
   soon as the HTML build has saved the environment (while it writes its pages), its messages printed
   after the HTML build's. LaTeX is not run when the sources Sphinx wrote are byte-identical to those
   of the last successful run: its PDF is kept (:mod:`smegvc.build.latexrun`); when it runs, its passes
   write XDV and one ``xdvipdfmx`` makes the PDF. Sphinx runs in child processes
   (:mod:`smegvc.build.sphinxrun`); with ``-j`` > 1 they start ahead and import while the data step runs.
3. *Publish*, only when every step succeeded (:mod:`smegvc.build.publish`): ``<build>/html`` (the
   site, with the PDF) and ``<build>/latex`` (the PDF and its LaTeX) switch to the new release together,
   in one rename. A release built without the PDF (``--html-only``, tools missing) has no PDF, so an
   old PDF is never published beside a newer site. A failed build, or an error while publishing (disk
   full, permissions), leaves the previous release untouched and says what failed in one line.

``--dry-run`` only prints which chapters would be re-executed and why. ``-j N`` executes up to N
chapters at once, one kernel each (default: as many as there are cores; a chapter that read a file
another one changed meanwhile is run again); output and messages are the same whatever N is.
``-j 1`` computes the results one economy after the other, executes one chapter at a time and builds
the PDF after the site, as the build did before (the sequential reference of
``scripts/benchmark_rebuild.py``).

The output folder is ``<root>/_build``; ``SMEGVC_BUILD_DIR`` or ``--build-dir`` moves it (it must
be called ``_build``). Without XeLaTeX, latexmk, xindy or the Noto CJK fonts the HTML is built and
published and the missing tools are named.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from smegvc.build import deps, fastpath, latexrun, sphinxrun
from smegvc.build.publish import PublishError, publish_release
from smegvc.atomic import atomic_path, write_text
from smegvc.paths import ROOT

# The output folder; SMEGVC_BUILD_DIR moves it (e.g. to build two copies side by side).
BUILD = Path(os.environ.get("SMEGVC_BUILD_DIR", ROOT / "_build")).resolve()
PDF_NAME = "sme-gvc-report.pdf"
PDF_TOOLS = ("xelatex", "latexmk", "xindy")
APT_PDF = ("texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-lang-cjk texlive-lang-chinese "
           "texlive-fonts-recommended latexmk xindy fonts-noto-cjk fonts-freefont-otf")


class BuildFailed(Exception):
    """A step failed; the message says which. Nothing has been published."""


def missing_pdf_tools() -> list[str]:
    missing = [t for t in PDF_TOOLS if shutil.which(t) is None]
    fc = shutil.which("fc-list")
    if fc is None or "Noto Serif CJK KR" not in subprocess.run([fc], capture_output=True, text=True).stdout:
        missing.append("Noto CJK fonts (fonts-noto-cjk)")
    return missing


class Layout:
    """Where a build of the project at ``root`` keeps its files, under ``build``."""

    def __init__(self, root: Path, build: Path, jobs: int = 1):
        self.root, self.build = Path(root).resolve(), Path(build).resolve()
        self.jobs = jobs   # processes a step may run at once (-j)
        self.staging = self.build / ".staging"
        self.s_html, self.s_latex = self.staging / "html", self.staging / "latex"
        self.doctrees = self.staging / ".doctrees"
        self.incomplete = self.staging / ".html-incomplete"   # present while the staged HTML may be broken
        self.cache = self.build / ".jupyter_cache"
        self.html, self.latex = self.build / "html", self.build / "latex"
        self.record = self.build / ".deps" / "last-build.json"

    def doctree(self, docname: str) -> Path:
        return self.doctrees / f"{docname}.doctree"

    def drop_doctree(self, docname: str) -> None:
        """Make Sphinx re-read ``docname`` (it re-reads a document without doctree)."""
        self.doctree(docname).unlink(missing_ok=True)

    def pdf_name(self, config: dict) -> str:
        target = ((config.get("latex") or {}).get("latex_documents") or {}).get("targetname")
        return Path(target).with_suffix(".pdf").name if target else "book.pdf"


# ---------------------------------------------------------------------------------------------
# Sphinx, in a child process (Sphinx and docutils keep global state): smegvc.build.sphinxrun

def _child_env(lay: Layout) -> dict[str, str]:
    env = dict(os.environ)
    src = lay.root / "src"
    if src.is_dir():
        env["PYTHONPATH"] = os.pathsep.join([str(src)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("MPLCONFIGDIR", str(lay.build / ".mplconfig"))
    env.setdefault("PYTHONHASHSEED", "0")
    return env


# Sphinx prints one of these once its environment is read and saved, before it writes any page.
READ_DONE = ("preparing documents", "no targets are out of date")


def run_sphinx(lay: Layout, builder: str, outdir: Path, *, strict: bool, fresh: bool, mode: str,
               log=None, read_done: threading.Event | None = None, child: sphinxrun.Child | None = None) -> int:
    """Run Sphinx in a child process (``child``, if given, is one started ahead of time with the same
    ``log``). Its messages go to ``log`` (an open file) if given, else to our output (line by line,
    setting ``read_done`` when Sphinx has saved its environment)."""
    args = {"root": str(lay.root), "outdir": str(outdir), "doctrees": str(lay.doctrees), "builder": builder,
            "strict": strict, "fresh": fresh, "mode": mode, "cache": str(lay.cache)}
    print(f"+ sphinx -b {builder}{' -W -n --keep-going' if strict else ''}{' -E' if fresh else ''} "
          f"{lay.root} {outdir}", file=log or sys.stdout, flush=True)
    if child is not None:
        proc = child.start(args)
    else:
        code = "import json, sys; from smegvc.build.sphinxrun import main; sys.exit(main(json.loads(sys.argv[1])))"
        cmd = [sys.executable, "-c", code, json.dumps(args)]
        if read_done is None:
            return subprocess.run(cmd, cwd=lay.root, env=_child_env(lay), stdout=log,
                                  stderr=subprocess.STDOUT if log else None).returncode
        proc = subprocess.Popen(cmd, cwd=lay.root, env=_child_env(lay), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace", bufsize=1)
    with proc:
        if proc.stdout is not None:
            for line in proc.stdout:
                sys.stdout.write(line)
                if read_done is not None and not read_done.is_set() and any(m in line for m in READ_DONE):
                    sys.stdout.flush()
                    read_done.set()
            sys.stdout.flush()
        return proc.wait()


# ---------------------------------------------------------------------------------------------
# Steps

def execute(lay: Layout, config: dict, jobs: int) -> deps.Outcome:
    def drop_doctree(ch):  # Sphinx re-reads a document whose doctree is missing
        lay.drop_doctree(ch.docname)

    print(f"== executing chapters (execute_notebooks: {deps.execution_mode(config)})", flush=True)
    out = deps.run(lay.root, lay.build, config=config, jobs=jobs, on_executed=drop_doctree)
    width = max((len(d) for d in out.lines), default=0)
    for doc, line in out.lines.items():
        print(f"  {doc:<{width}}  {line}")
    for doc, err in out.failed.items():
        print(f"\n{doc}: execution failed:\n" + "\n".join("    " + ln for ln in err.splitlines()))
    if not out.ok:
        return out
    for doc, src in deps.glue_dependents(lay.root, set(out.executed)).items():
        lay.drop_doctree(doc)
        print(f"  {doc}: re-read because it glues values from {src}")
    deps.sync_cache(lay.root, lay.build, config)
    return out


def build_html(lay: Layout, config: dict, strict: bool, read_done: threading.Event | None = None,
               child: sphinxrun.Child | None = None) -> None:
    fresh = lay.incomplete.exists() or not lay.doctrees.is_dir()
    lay.staging.mkdir(parents=True, exist_ok=True)
    lay.incomplete.touch()  # until this HTML build succeeds, the next one starts from scratch
    mode = "off" if deps.execution_mode(config) == "off" else "cache"
    if run_sphinx(lay, "html", lay.s_html, strict=strict, fresh=fresh, mode=mode, read_done=read_done,
                  child=child) != 0:
        raise BuildFailed("the HTML build (Sphinx) failed" + (": warnings are errors (-W -n)" if strict else "")
                          + "; see the messages above")
    lay.incomplete.unlink()


def build_pdf(lay: Layout, config: dict, log=None, phases: dict | None = None,
              child: sphinxrun.Child | None = None) -> Path:
    """The LaTeX sources (Sphinx), then the PDF (latexmk) unless the sources are byte-identical to the
    last successful LaTeX run, whose PDF is then kept (:mod:`smegvc.build.latexrun`). ``phases`` gets
    the seconds of each part ("latex sources", "latexmk")."""
    phases = {} if phases is None else phases
    mode = "off" if deps.execution_mode(config) == "off" else "cache"
    t = time.perf_counter()
    rc = run_sphinx(lay, "latex", lay.s_latex, strict=False, fresh=False, mode=mode, log=log, child=child)
    phases["latex sources"] = time.perf_counter() - t
    if rc != 0:
        raise BuildFailed("the LaTeX build (Sphinx) failed; see the messages above")
    pdf = lay.s_latex / lay.pdf_name(config)
    make = os.environ.get("MAKE", "make")
    digest = latexrun.sources_digest(lay.s_latex, pdf.name)
    if latexrun.reusable(lay.build, digest, pdf):
        print(f"LaTeX not run: its sources are byte-identical to the last successful run; {pdf.name} reused",
              file=log or sys.stdout, flush=True)
    else:
        latexrun.forget(lay.build)
        print(f"+ {make} all-pdf  (in {lay.s_latex})", file=log or sys.stdout, flush=True)
        t = time.perf_counter()
        env = _child_env(lay)
        if (config.get("latex") or {}).get("latex_engine") == "xelatex":
            # passes make XDV only, one xdvipdfmx makes the PDF (not one per pass): what Sphinx's
            # Makefile recommends "for faster builds"
            env.setdefault("LATEXMKOPTS", "-xelatex")
        rc = subprocess.run([make, "all-pdf"], cwd=lay.s_latex, env=env, stdout=log,
                            stderr=subprocess.STDOUT if log else None).returncode
        phases["latexmk"] = time.perf_counter() - t
        if rc != 0 or not pdf.is_file():
            pdf.unlink(missing_ok=True)  # never let a later build take an old PDF for a new one
            raise BuildFailed(f"the PDF build (latexmk) failed; see {lay.s_latex / pdf.with_suffix('.log').name}")
        latexrun.remember(lay.build, digest, pdf)
    with atomic_path(lay.s_html / pdf.name) as tmp:
        shutil.copy2(pdf, tmp)
    return pdf


class Prestarted:
    """The two Sphinx children of an overlapped build (:func:`build_site_and_pdf`), started before the
    results and the chapters: they import Sphinx and the extensions while a core is free, then wait
    (:class:`smegvc.build.sphinxrun.Child`). The LaTeX child writes its messages to ``latex_log``."""

    def __init__(self, lay: Layout, want_pdf: bool):
        lay.staging.mkdir(parents=True, exist_ok=True)
        self.latex_log = tempfile.TemporaryFile("w+", dir=lay.staging) if want_pdf else None
        self.html = sphinxrun.Child(lay.root, _child_env(lay))
        self.latex = sphinxrun.Child(lay.root, _child_env(lay), self.latex_log) if want_pdf else None

    def close(self) -> None:
        """Let a child that was not used exit; wait for both."""
        for c in (self.html, self.latex):
            if c is not None:
                c.cancel()
        if self.latex_log is not None:
            self.latex_log.close()


def build_site_and_pdf(lay: Layout, config: dict, strict: bool, want_pdf: bool, overlap: bool,
                       phases: dict, pre: Prestarted | None = None) -> Path | None:
    """The HTML site and (``want_pdf``) the PDF, from one Sphinx environment.

    With ``overlap``, the LaTeX step starts as soon as the HTML build has read the changed chapters
    and saved the environment (it then reads nothing itself): LaTeX sources and PDF are made while
    the HTML pages are written. Its messages are printed after the HTML build's, in that order.
    (A LaTeX build with an environment of its own, started at once, re-read every changed chapter
    and was slower: 30 s for both steps against 21 s in a row, measured under load.) ``pre``: the
    Sphinx children, already started (:class:`Prestarted`).
    """
    def timed(name, fn, *a, **kw):
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            phases[name] = time.perf_counter() - t

    if not (want_pdf and overlap):
        timed("html", build_html, lay, config, strict, child=pre.html if pre is not None else None)
        return timed("pdf", build_pdf, lay, config, phases=phases) if want_pdf else None
    from concurrent.futures import ThreadPoolExecutor

    read_done = threading.Event()
    lay.staging.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(2))
        if pre is not None and pre.latex is not None:
            plog, html_child, latex_child = pre.latex_log, pre.html, pre.latex
        else:
            plog = stack.enter_context(tempfile.TemporaryFile("w+", dir=lay.staging))
            html_child = pre.html if pre is not None else None
            latex_child = None
        html = pool.submit(timed, "html", build_html, lay, config, strict, read_done=read_done, child=html_child)
        while not read_done.wait(0.05) and not html.done():
            pass
        pdf = None
        if read_done.is_set() or html.exception() is None:  # else it failed while reading: no PDF
            pdf = pool.submit(timed, "pdf", build_pdf, lay, config, log=plog, phases=phases, child=latex_child)
        html_error = html.exception()
        pdf_error = pdf.exception() if pdf else None
        plog.seek(0)
        sys.stdout.write(plog.read())
        sys.stdout.flush()
    if html_error:
        raise html_error
    if pdf_error:
        raise pdf_error
    return pdf.result()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html-only", action="store_true", help="skip the PDF")
    ap.add_argument("--no-strict", dest="strict", action="store_false", help="do not turn warnings into errors")
    ap.add_argument("--root", type=Path, default=None, help="the project to build (default: this repository)")
    ap.add_argument("--build-dir", type=Path, default=None,
                    help="output folder, called _build (default: $SMEGVC_BUILD_DIR or <root>/_build)")
    ap.add_argument("--dry-run", action="store_true",
                    help="only say which chapters would be re-executed, and why; build nothing")
    ap.add_argument("-j", "--jobs", type=int, default=deps.default_jobs(),
                    help="chapters executed at the same time, one kernel each (default: $SMEGVC_BUILD_JOBS, "
                         "else the number of cores)")
    args = ap.parse_args(argv)
    root = args.root.resolve() if args.root else ROOT
    if args.build_dir:
        build = args.build_dir.resolve()
    elif "SMEGVC_BUILD_DIR" in os.environ or args.root is None:
        build = Path(os.environ.get("SMEGVC_BUILD_DIR", root / "_build")).resolve()
    else:
        build = root / "_build"
    if build.name != "_build":  # the book's exclude_patterns keep a folder called _build out of the sources
        raise SystemExit(f"SMEGVC_BUILD_DIR must name a folder called _build, not {build}")
    lay = Layout(root, build, max(1, args.jobs))
    if args.dry_run:
        planned = deps.plan(root, build)
        width = max((len(d) for d in planned), default=0)
        for doc, why in planned.items():
            print(f"  {doc:<{width}}  {'would be reused' if why is None else 'would be re-executed because ' + why}")
        return 0
    try:
        build.mkdir(parents=True, exist_ok=True)
        (build / ".mplconfig").mkdir(exist_ok=True)
        lock = _locked(build / ".lock")
        lock.__enter__()
    except OSError as e:
        print(f"BUILD FAILED: cannot write to the output folder {build}: {e.strerror or e}"
              + (f" ({e.filename})" if e.filename else "") + ". Nothing was built or published.", flush=True)
        return 1
    try:
        return _build(lay, args)
    finally:
        lock.__exit__(None, None, None)


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build in {path.parent} to finish ...", flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def refresh_results(lay: Layout) -> None:
    """Recompute ``data/results/results.csv`` first if a data file or module it came from changed.

    The chapters read the results table, so a changed firm-size share must reach it before they run.
    Runs in a child process on the project at ``lay.root`` (its own ``src`` first on the path); with
    ``lay.jobs`` > 1 the results compute the economies at the same time (``SMEGVC_BUILD_JOBS``).
    """
    if not (lay.root / "data" / "results").is_dir():
        return
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(lay.root / "src"), env.get("PYTHONPATH")) if p)
    env["SMEGVC_BUILD_JOBS"] = str(max(1, lay.jobs))
    if (lay.root / "src" / "smegvc" / "intake.py").is_file():
        # the trust boundary: every data file checked by its role, valid input edits accepted and
        # logged, derived files re-derived (smegvc.intake); a refusal stops the build here
        proc = subprocess.run([sys.executable, "-m", "smegvc", "intake"], cwd=lay.root, env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print((proc.stdout + proc.stderr).rstrip(), flush=True)
            raise BuildFailed("the data were refused (see above): nothing was computed")
        print(proc.stdout.strip(), flush=True)
        return   # the intake also recomputed the results if any of their inputs changed
    proc = subprocess.run([sys.executable, "-m", "smegvc", "results", "--if-stale"], cwd=lay.root, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr, flush=True)
        raise BuildFailed("recomputing data/results/results.csv failed")
    print(proc.stdout.strip() or "data/results/results.csv up to date", flush=True)


# Files the results step writes (besides the chapters' recorded outputs): not user edits when they
# change during a build.
RESULTS_OUTPUTS = ("data/results/results.csv", "data/results/changes.csv", "data/results/verdicts.csv",
                   "data/results/README.md", "data/results/PROVENANCE.json", "data/datapackage.json")


def _noop(lay: Layout, args, config: dict, t0: float):
    """The fast path: (verdict, stat data before the build); returns verdict.unchanged True if the
    last successful build is still current (and then says so and records it)."""
    key = fastpath.environment_key(lay.root, {"html_only": bool(args.html_only), "strict": bool(args.strict),
                                               "build": str(lay.build)})
    mode = deps.execution_mode(config)
    verdict = fastpath.Verdict(False, "execute_notebooks is force") if mode == "force" else \
        fastpath.check(lay.root, lay.build, key)
    if verdict.unchanged and not args.html_only and not verdict.record.get("pdf") and not missing_pdf_tools():
        verdict = fastpath.Verdict(False, "the PDF tools are installed now", verdict.record)
    if verdict.unchanged:
        fastpath.refresh(lay.build, verdict)
        pdf = " and PDF are" if verdict.record.get("pdf") else " is"
        print(f"nothing changed since the last successful build ({verdict.files} files checked, "
              f"{verdict.hashed} hashed, {verdict.seconds:.2f} s): the published site{pdf} up to date", flush=True)
        rec = {"ok": True, "noop": True, "phases": {"check": round(verdict.seconds, 3),
                                                     "total": round(time.perf_counter() - t0, 3)},
               "chapters": {d: "reused (nothing changed)" for d in verdict.record.get("chapters", [])},
               "executed": {}}
        write_text(lay.record, json.dumps(rec, indent=1) + "\n")
        return key, verdict, None
    fastpath.forget(lay.build)  # a failed or interrupted build must never look like the last good one
    print(f"building: {verdict.reason}", flush=True)
    return key, verdict, fastpath.stats(lay.root, fastpath.watched(lay.root, lay.build))


def _record_noop(lay: Layout, key: dict, verdict, before: dict, outcome, pdf) -> None:
    """After a successful build: record what it was built from, unless a watched file that is not
    an output of the build changed while it ran (then the next build checks everything again)."""
    keys = fastpath.watched(lay.root, lay.build)
    after = fastpath.stats(lay.root, keys)
    outputs = fastpath.recorded(lay.build, "outputs") | set(RESULTS_OUTPUTS)
    during = sorted(k for k in set(keys) | set(before) if before.get(k) != after.get(k) and k not in outputs)
    if during:
        print(f"note: {', '.join(during[:3])} changed during the build; the next build checks again", flush=True)
        return
    published = [lay.html / "index.html"] + ([lay.latex / pdf.name, lay.html / pdf.name] if pdf else [])
    memo = (verdict.record or {}).get("files")
    fastpath.write(lay.root, lay.build, key, fastpath.snapshot(lay.root, keys, memo), published,
                   {"chapters": list(outcome.lines) if outcome else [], "pdf": pdf is not None})


def _build(lay: Layout, args) -> int:
    t0 = time.perf_counter()
    config = deps.load_config(lay.root)
    key, verdict, before = _noop(lay, args, config, t0)
    if before is None:
        return 0
    phases: dict[str, float] = {}
    outcome = None
    missing = [] if args.html_only else missing_pdf_tools()
    want_pdf = not (args.html_only or missing)
    pre = None
    try:
        if args.jobs > 1:   # Sphinx's imports while the results step leaves a core free
            pre = Prestarted(lay, want_pdf)
        t = time.perf_counter()
        refresh_results(lay)
        phases["results"] = time.perf_counter() - t
        t = time.perf_counter()
        outcome = execute(lay, config, args.jobs)
        phases["execute"] = time.perf_counter() - t
        if not outcome.ok:
            raise BuildFailed(f"executing {', '.join(outcome.failed)} failed (see above)")
        if missing:
            print("PDF skipped: missing " + ", ".join(missing) + ".\n  As root on Debian: "
                  "apt-get install --no-install-recommends " + APT_PDF)
        pdf = build_site_and_pdf(lay, config, args.strict, want_pdf, args.jobs > 1, phases, pre)
        t = time.perf_counter()
        if pdf is None:
            print("the release has no PDF (" + ("--html-only" if args.html_only else "PDF tools missing")
                  + "): a PDF of older sources is not published beside the new site", flush=True)
        publish_release(lay.build, lay.s_html, lay.s_latex if pdf is not None else None, lay.pdf_name(config))
        phases["publish"] = time.perf_counter() - t
    except (BuildFailed, PublishError, OSError) as e:
        why = e if not isinstance(e, OSError) else f"{e.strerror or type(e).__name__}: {e.filename or ''}".rstrip(": ")
        print(f"\nBUILD FAILED: {why}.\nNothing was published: {lay.html} and {lay.latex} are unchanged.", flush=True)
        with contextlib.suppress(OSError):
            _write_record(lay, outcome, phases, t0, ok=False)
        return 1
    finally:
        if pre is not None:
            pre.close()
    _write_record(lay, outcome, phases, t0, ok=True)
    _record_noop(lay, key, verdict, before, outcome, pdf)
    print(f"site: {lay.html / 'index.html'}")
    if pdf is not None:
        print(f"pdf: {lay.latex / pdf.name}")
    return 0


def _write_record(lay: Layout, outcome, phases: dict, t0: float, ok: bool) -> None:
    """Timings and per-chapter decisions of the last build (read by the benchmark)."""
    phases["total"] = time.perf_counter() - t0
    rec = {"ok": ok, "phases": {k: round(v, 3) for k, v in phases.items()},
           "chapters": dict(outcome.lines) if outcome else {},
           "executed": {k: round(v, 3) for k, v in outcome.executed.items()} if outcome else {}}
    write_text(lay.record, json.dumps(rec, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
