"""Record which data files a process reads, so a rebuild can tell which chapters depend on what.

Every loader in ``smegvc`` calls :func:`record_read` with the path it opened. When the environment
variable ``SMEGVC_READS_LOG`` names a file, each read is appended to it (one path a line).
"""
from __future__ import annotations

import os
from pathlib import Path

_READS: list[str] = []


def record_read(path) -> None:
    p = str(Path(path).resolve())
    if p not in _READS:
        _READS.append(p)
        log = os.environ.get("SMEGVC_READS_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(p + "\n")


def reads() -> list[str]:
    """Paths read so far by this process, in first-read order."""
    return list(_READS)


def can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


_FORKED: list = []   # the function a forked worker of forked_map runs (inherited, not pickled)


def _forked_call(item):
    import sys

    value = _FORKED[0](item)
    mods = sorted({m.__file__ for n, m in list(sys.modules.items())
                   if n.split(".")[0] == "smegvc" and isinstance(getattr(m, "__file__", None), str)})
    return value, reads(), mods


def forked_map(fn, items, jobs: int) -> list:
    """``[fn(x) for x in items]``, computed in up to ``jobs`` forked worker processes (``fn`` may be a
    closure: the workers inherit it). The data files the workers read (:func:`record_read`) and the
    files of the ``smegvc`` modules they imported are then recorded here as read, so that what this
    process reports it depends on is what it would report had it computed everything itself.
    Results must pickle."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    items = list(items)
    _FORKED[:] = [fn]
    try:
        with ProcessPoolExecutor(max(1, min(jobs, len(items))), mp_context=mp.get_context("fork")) as pool:
            done = list(pool.map(_forked_call, items))
    finally:
        _FORKED.clear()
    out = []
    for value, paths, mods in done:
        for p in paths + mods:
            record_read(p)
        out.append(value)
    return out
