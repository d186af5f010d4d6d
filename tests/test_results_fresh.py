"""The committed results table is up to date with the data and code it came from."""
import shutil

from smegvc.engine import results
from smegvc.paths import ROOT


def test_committed_results_match_their_inputs():
    stale = results.stale_inputs()
    assert not stale, (f"data/results/results.csv is stale: {stale} changed since it was computed; "
                       "run `make results` (python -m smegvc results) and commit the result")


def test_a_changed_share_row_makes_the_results_stale(tmp_path):
    record = results.INPUTS_FILE
    (tmp_path / "data" / "results").mkdir(parents=True)
    for rel in ("data/" + record, "data/" + results.RESULTS_FILE):
        shutil.copy2(ROOT / rel, tmp_path / rel)
    import json

    inputs = json.loads((ROOT / "data" / record).read_text())["inputs"]
    assert "data/sme/firm_size_shares.csv" in inputs, "the share table is not among the recorded inputs"
    for rel in inputs:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, tmp_path / rel)
    assert results.stale_inputs(tmp_path) == []

    shares = tmp_path / "data" / "sme" / "firm_size_shares.csv"
    lines = shares.read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[1].split(",")
    col = header.index("sme_output_share")
    row[col] = repr(float(row[col]) * 0.99)
    lines[1] = ",".join(row)
    shares.write_text("".join(lines))
    assert results.stale_inputs(tmp_path) == ["data/sme/firm_size_shares.csv"]

    (tmp_path / "data" / record).unlink()
    assert results.stale_inputs(tmp_path) == ["data/" + record]
