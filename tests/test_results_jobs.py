"""The results table computed with the economies in parallel (``--jobs 2``, forked workers) is the
same, byte for byte, as computed one economy after the other, and so is its record of inputs (the
files and modules the workers read count as read by the command)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from smegvc import paths, tracking

SCRIPT = r"""
import json, sys
from pathlib import Path
from smegvc.engine import results
jobs, draws, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
df = results.compute_results(n_draws=draws, jobs=jobs, log=lambda *_: None)
results.write_results(df, out / "results.csv", draws, results.DEFAULT_SEED)
(out / "inputs.json").write_text(json.dumps(results.input_fingerprint(), indent=1))
"""


def _compute(tmp_path, jobs: int, draws: int):
    out = tmp_path / f"jobs{jobs}"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(paths.ROOT / "src"), OPENBLAS_NUM_THREADS="1", SMEGVC_READS_LOG="")
    subprocess.run([sys.executable, "-c", SCRIPT, str(jobs), str(draws), str(out)], check=True, env=env,
                   cwd=paths.ROOT)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_parallel_economies_give_the_same_files_and_inputs(tmp_path):
    one, two = _compute(tmp_path, 1, 40), _compute(tmp_path, 2, 40)
    assert set(one) == {"results.csv", "changes.csv", "verdicts.csv", "README.md", "inputs.json"}
    for name in one:
        assert one[name] == two[name], f"{name} differs between --jobs 1 and --jobs 2"
    inputs = json.loads(one["inputs.json"])
    assert "data/sme/firm_size_shares.csv" in inputs and "src/smegvc/engine/changes.py" in inputs


@pytest.mark.slow
def test_parallel_results_equal_the_committed_table(tmp_path):
    """With the default draws, the parallel computation reproduces the committed results.csv."""
    two = _compute(tmp_path, 2, 1000)
    for name in ("results.csv", "changes.csv", "verdicts.csv"):
        assert two[name] == (paths.DATA / "results" / name).read_bytes(), f"{name} differs from data/results"


def test_forked_map_keeps_order_and_records_the_workers_reads(tmp_path):
    files = [tmp_path / f"f{i}.txt" for i in range(3)]
    for f in files:
        f.write_text(f.name)

    def read(f):
        tracking.record_read(f)
        return f.read_text()

    assert tracking.forked_map(read, files, 2) == [f.name for f in files]
    assert {str(f.resolve()) for f in files} <= set(tracking.reads())
