"""One Sphinx build in a child process of the driver (Sphinx and docutils keep global state).

:func:`main` runs one build as ``jupyter-book build`` would, with the driver's paths and execution mode.
The child is started either with its arguments (``python -c ... <json>``), or ahead of time
(:class:`Child`): it then imports Sphinx and the book's extensions while the driver does something
else, and waits for its arguments on its standard input (end of input without arguments: it exits).

Three things make a rebuild cheaper without changing what Sphinx writes:

* the LaTeX build puts back the environment the HTML build saved (:func:`_environment_kept`): the
  LaTeX builder changes a setting that, saved, made every next HTML build re-read every page;
* a numbered reference (``{numref}``) looks its target up in one copy of the target's doctree per
  process instead of unpickling the whole document again for each reference (:func:`_speedups`);
* pybtex's plugin lookup, which scans every installed package's entry points on each call (once per
  citation), is remembered for the output backends, which are never registered at run time.
"""
from __future__ import annotations

import contextlib
import functools
import json
import subprocess
import sys
from pathlib import Path

from smegvc.atomic import write_bytes

CHILD_CODE = "from smegvc.build.sphinxrun import child; child()"


def main(a: dict) -> int:
    """Run one Sphinx build; ``a``: root, outdir, doctrees, builder, strict, fresh, mode, cache."""
    from jupyter_book.sphinx import build_sphinx

    _speedups()
    root = Path(a["root"])
    over = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nb_execution_mode": a["mode"],
        "nb_execution_cache_path": a["cache"],
    }
    if a["strict"]:
        over["nitpicky"] = True
    config = root / "_config.yml"
    with _environment_kept(Path(a["doctrees"]), a["builder"] == "latex"):
        res = build_sphinx(root, Path(a["outdir"]), noconfig=True,
                           path_config=str(config) if config.is_file() else None, confoverrides=over,
                           doctreedir=a["doctrees"], builder=a["builder"], warningiserror=a["strict"],
                           keep_going=a["strict"], freshenv=a["fresh"])
    if isinstance(res, BaseException):
        return 2
    return int(res or 0)


def child() -> None:
    """Entry of a child started ahead of time: import, then wait for the arguments (one JSON line)."""
    _preload()
    line = sys.stdin.readline()
    if not line.strip():
        sys.exit(0)   # not needed after all (the build failed before Sphinx)
    sys.stdout.flush()
    sys.exit(main(json.loads(line)))


def _preload() -> None:
    """Import Sphinx, jupyter-book's entry and the heaviest parts of the book's extensions (a head start
    only: the build itself imports whatever is missing and reports any problem)."""
    with contextlib.suppress(Exception):
        import jupyter_book.sphinx  # noqa: F401  (Sphinx, docutils, jupyter-book's configuration)
        import sphinx.builders.latex  # noqa: F401
    with contextlib.suppress(Exception):
        import myst_nb.sphinx_ext  # noqa: F401
        import sphinx_book_theme  # noqa: F401
        import sphinx_design  # noqa: F401
    with contextlib.suppress(Exception):
        import pybtex.style.formatting.plain  # noqa: F401
        import sphinx_external_toc.events  # noqa: F401
        import sphinx_jupyterbook_latex.events  # noqa: F401
        import sphinxcontrib.bibtex.domain  # noqa: F401


class Child:
    """A Sphinx child started ahead of time (see :func:`child`); ``stdout`` as for ``subprocess.Popen``."""

    def __init__(self, cwd: Path, env: dict, stdout=subprocess.PIPE):
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD_CODE], cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=stdout, stderr=subprocess.STDOUT, text=True, errors="replace",
                                     bufsize=1)

    def start(self, args: dict) -> subprocess.Popen:
        """Give the child its arguments: it builds. Returns its process."""
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.close()
        return self.proc

    def cancel(self) -> None:
        """Not needed: let it exit (end of input), and wait for it."""
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None and not self.proc.stdout.closed:
            self.proc.stdout.close()


@contextlib.contextmanager
def _environment_kept(doctrees: Path, keep: bool):
    """With ``keep``, put the Sphinx environment the HTML build saved back after the LaTeX build.

    The LaTeX build reads no document itself (the HTML build just read them), but
    sphinx-jupyterbook-latex sets ``numfig_secnum_depth`` to 2 for it, so it renumbers every figure
    and saves the environment with that setting. The next HTML build then saw "config changed" and
    re-read and re-wrote all pages, however little had changed. The environment is put back only if
    the LaTeX build wrote nothing but it (no doctree): otherwise its own is kept, and is correct.
    """
    env = doctrees / "environment.pickle"
    if not keep or not env.is_file():
        yield
        return
    saved = env.read_bytes()
    trees = {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
    try:
        yield
    finally:
        now = {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
        if now == trees:
            write_bytes(env, saved)


def _speedups() -> None:
    """Caches that change no output (see the module docstring). Skipped where Sphinx or pybtex differ."""
    with contextlib.suppress(ImportError, AttributeError):
        from sphinx.domains.std import StandardDomain

        resolve = StandardDomain._resolve_numref_xref
        if not getattr(resolve, "_smegvc_cached", False):
            trees: dict = {}

            def resolve_numref(self, env, *args, **kw):
                # the target node is only read (its type, ids and number); documents are not re-read
                # while references are resolved, so one copy per document serves every reference
                cache = trees.setdefault(id(env), {})
                original = env.get_doctree

                def get_doctree(docname):
                    if docname not in cache:
                        cache[docname] = original(docname)
                    return cache[docname]

                env.get_doctree = get_doctree
                try:
                    return resolve(self, env, *args, **kw)
                finally:
                    del env.get_doctree

            resolve_numref._smegvc_cached = True
            StandardDomain._resolve_numref_xref = resolve_numref
    with contextlib.suppress(ImportError, AttributeError):
        import pybtex.plugin as plugin

        find = plugin.find_plugin
        if not getattr(find, "_smegvc_cached", False):
            backend = functools.lru_cache(maxsize=None)(lambda name: find("pybtex.backends", name))

            def find_plugin(plugin_group, name=None, filename=None):
                if plugin_group == "pybtex.backends" and isinstance(name, str) and filename is None:
                    return backend(name)
                return find(plugin_group, name, filename)

            find_plugin._smegvc_cached = True
            plugin.find_plugin = find_plugin
