"""Re-execute every chapter notebook and store the outputs that nbval compares.

Usage: python scripts/refresh_outputs.py [book/chapter.ipynb ...]

Run it after an intended change to data or code (``make refresh-outputs``), review the diff of the
stored outputs, and commit. Only cells marked ``# NBVAL_CHECK_OUTPUT`` keep their outputs (text
only); every other cell is stored without outputs, so the repository holds no stale figures.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MARK = "# NBVAL_CHECK_OUTPUT"
TEXT_KEYS = ("text/plain", "text/markdown")


def keep_text(output):
    if output.get("output_type") in ("execute_result", "display_data"):
        output["data"] = {k: v for k, v in output["data"].items() if k in TEXT_KEYS}
        output["metadata"] = {}
        return output if output["data"] else None
    return output if output.get("output_type") == "stream" else None


def refresh(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    kept = 0
    for number, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.metadata.pop("execution", None)
        if MARK in cell.source:
            cell.outputs = [o for o in map(keep_text, cell.outputs) if o is not None]
            # nbval compares only cells with an execution count ("unrun" cells with outputs fail)
            cell.execution_count = number
            for o in cell.outputs:
                if o.get("output_type") == "execute_result":
                    o["execution_count"] = number
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)
    return kept


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for p in paths:
        print(f"{p.relative_to(ROOT) if p.is_absolute() else p}: {refresh(p.resolve())} checked cell(s) stored")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
