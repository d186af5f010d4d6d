"""Publish a release whole: the site and the PDF switch together, in one rename, or not at all.

Layout of the output folder ``<build>`` (called ``_build``)::

    .releases/<id>/html     the site of release <id> (with the PDF, if the release has one)
    .releases/<id>/latex    the PDF and its LaTeX (absent in a release built without a PDF)
    .current -> .releases/<id>        the published release
    html  -> .current/html            what readers open
    latex -> .current/latex

:func:`publish_release` copies the staged site and PDF into a new folder ``.releases/.new-<id>``,
renames it to ``.releases/<id>`` when complete, then switches ``.current`` to it with one atomic
``rename`` of a symbolic link: a reader (or a crash at any moment) sees the old release or the new one,
never the new site beside the old PDF. Older releases are removed afterwards. A release built without
a PDF (``--html-only``, or PDF tools missing) has no PDF at all, neither under ``latex`` nor in the
site: a PDF built from older sources is never published beside a newer site.

Any ``OSError`` while publishing (disk full, permissions) raises :class:`PublishError` with a one-line
message; the partial ``.new-*`` folder is removed and the previous release stays published.

The first publication into an output folder that still has real ``html``/``latex`` folders (the
layout of earlier versions) replaces each by its link with an atomic exchange, one after the other.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import time
from pathlib import Path

RELEASES = ".releases"
CURRENT = ".current"


class PublishError(Exception):
    """Publishing failed; the message is one line and the previous release is still published."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _remove(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink(missing_ok=True)
    elif p.exists():
        shutil.rmtree(p, ignore_errors=True)


def _symlink_atomic(target: str, link: Path) -> None:
    """Make ``link`` a symbolic link to ``target`` in one rename (replacing a link or file there)."""
    tmp = link.with_name(f"{link.name}.tmp-{os.getpid()}")
    _remove(tmp)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _link_entry(build: Path, name: str) -> None:
    """Make ``build/name`` the link ``.current/name`` (migrating a real folder of the old layout)."""
    link, target = build / name, f"{CURRENT}/{name}"
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_symlink() or not link.exists():
        _symlink_atomic(target, link)
        return
    tmp = build / f".{name}.link-{os.getpid()}"
    _remove(tmp)
    os.symlink(target, tmp)
    if _exchange(tmp, link):
        shutil.rmtree(tmp, ignore_errors=True)   # tmp is now the old real folder
    else:
        old = build / f".{name}.old"
        _remove(old)
        os.replace(link, old)
        os.replace(tmp, link)
        shutil.rmtree(old, ignore_errors=True)


def current_release(build: Path) -> Path | None:
    """The published release folder, or None."""
    cur = Path(build) / CURRENT
    return cur.resolve() if cur.is_symlink() and cur.resolve().is_dir() else None


def cleanup(build: Path, keep: Path | None = None) -> None:
    """Remove unfinished ``.new-*`` releases, releases other than ``keep`` and leftovers of older layouts."""
    build = Path(build)
    rel = build / RELEASES
    if rel.is_dir():
        for p in rel.iterdir():
            if keep is None or p.resolve() != keep.resolve():
                if p.name.startswith(".new-") or keep is not None:
                    shutil.rmtree(p, ignore_errors=True)
    for name in (".html.new", ".latex.new", ".html.old", ".latex.old"):
        _remove(build / name)


def publish_release(build: Path, html: Path, latex: Path | None, pdf_name: str) -> Path:
    """Publish the staged site ``html`` and, if given, the staged ``latex`` folder as one release.

    Without ``latex`` the release has no PDF: ``pdf_name`` is left out of the site too. Returns the
    new release folder. Raises :class:`PublishError` (one line) on any OSError; then nothing changed.
    """
    build = Path(build)
    rid = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}-{os.getpid()}"
    rel_dir = build / RELEASES
    new = rel_dir / f".new-{rid}"
    final = rel_dir / rid
    try:
        try:
            rel_dir.mkdir(parents=True, exist_ok=True)
            shutil.copytree(html, new / "html", symlinks=True)
            if latex is not None:
                shutil.copytree(latex, new / "latex", symlinks=True)
            else:
                (new / "html" / pdf_name).unlink(missing_ok=True)
            os.replace(new, final)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        prev = current_release(build)
        try:
            _symlink_atomic(f"{RELEASES}/{rid}", build / CURRENT)   # the switch
            for name in ("html", "latex"):                           # no-ops once the links exist
                _link_entry(build, name)
        except BaseException:
            with contextlib.suppress(OSError):
                if prev is not None:
                    _symlink_atomic(f"{RELEASES}/{prev.name}", build / CURRENT)
                else:
                    _remove(build / CURRENT)
            shutil.rmtree(final, ignore_errors=True)
            raise
    except OSError as e:
        raise PublishError(f"publishing to {build} failed: {_oserror(e)}; the previous release is still "
                           "published") from None
    with contextlib.suppress(OSError):
        cleanup(build, keep=final)
    return final


def _oserror(e: OSError) -> str:
    what = e.strerror or type(e).__name__
    where = e.filename if e.filename is not None else ""
    return f"{what}: {where}" if where else what
