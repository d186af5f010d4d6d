"""Deterministic results: the same inputs give byte-identical results, whatever the BLAS thread count
or the hash seed of the process (issue 12)."""
from __future__ import annotations

import os
import subprocess
import sys

from smegvc.paths import ROOT

SCRIPT = """
import hashlib, sys
from smegvc.engine.results import compute_results, results_csv
df = compute_results(n_draws=40, countries=("KOR", "TWN"), years=(2000, 2011, 2014), log=lambda *a: None)
sys.stdout.write(hashlib.sha256(results_csv(df).encode()).hexdigest())
"""


def _digest(threads: str, hashseed: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env.update(OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads, PYTHONHASHSEED=hashseed,
               PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_results_do_not_depend_on_blas_threads_or_hash_seed():
    runs = {(t, h): _digest(t, h) for t, h in (("1", "0"), ("2", "1"), ("4", "12345"))}
    assert len(set(runs.values())) == 1, runs


def test_engine_runs_blas_single_threaded():
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env.update(OPENBLAS_NUM_THREADS="2", PYTHONPATH=str(ROOT / "src"))
    code = "from smegvc.engine.blas import blas_threads; print(blas_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[1]"   # OPENBLAS_NUM_THREADS=2 overridden
