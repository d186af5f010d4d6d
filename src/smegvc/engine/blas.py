"""One BLAS thread for the engine, so that the same inputs give byte-identical results.

Multi-threaded BLAS splits sums differently with the number of threads: results computed under
``make`` (``OPENBLAS_NUM_THREADS=1``) and by a plain ``python -m smegvc results`` (one thread per core)
differed in about 7,400 cells below 1e-9, which churned the published chart CSVs. The engine's
matrices are small (56-112 rows), so threads cost more than they save anyway.

    single_thread()    set every OpenBLAS loaded in this process to one thread; returns how many were set
    blas_threads()     the thread counts of the loaded OpenBLAS libraries

Works on the OpenBLAS that numpy wheels bundle (symbol ``scipy_openblas_set_num_threads64_``) and on a
system OpenBLAS (``openblas_set_num_threads``); found through ``/proc/self/maps`` (Linux). Elsewhere it
does nothing, and ``OPENBLAS_NUM_THREADS=1`` (set by the Makefile) does the same job.
"""
from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as _np  # noqa: F401  (loads the BLAS library first)

_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")


def _libraries() -> list[str]:
    maps = Path("/proc/self/maps")
    if not maps.is_file():
        return []
    found = []
    for line in maps.read_text().splitlines():
        path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
        if "openblas" in Path(path).name.lower() and path not in found:
            found.append(path)
    return found


def _functions(name: str):
    for path in _libraries():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                fn = getattr(lib, f"{prefix}_{name}{suffix}", None)
                if fn is not None:
                    yield fn
                    break
            else:
                continue
            break


def single_thread() -> int:
    """Set every loaded OpenBLAS to one thread; the number of libraries set."""
    n = 0
    for fn in _functions("set_num_threads"):
        fn.argtypes, fn.restype = [ctypes.c_int], None
        fn(1)
        n += 1
    return n


def blas_threads() -> list[int]:
    """Thread counts of the loaded OpenBLAS libraries (empty if none is found)."""
    out = []
    for fn in _functions("get_num_threads"):
        fn.argtypes, fn.restype = [], ctypes.c_int
        out.append(int(fn()))
    return out
