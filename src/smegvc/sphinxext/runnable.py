"""A downloaded chapter notebook that runs on a reader's machine.

The chapters import the report's package ``smegvc``, which reads the data files in the repository
(``data/``) and writes figures beside the chapters (``book/figdata/``): a notebook alone cannot run.
The notebook offered for download in each chapter's citation box (:mod:`smegvc.sphinxext.cite`)
therefore starts with a Markdown cell, :func:`setup_markdown`, that says how to get both: clone the
repository at the commit the notebook was built from, create a virtual environment from the pinned
``requirements.txt``, install the package from the clone (editable, so that it finds ``data/``),
and run the notebook with that environment. ``tests/test_runnable.py`` follows those instructions
literally (a local clone instead of the address) in a fresh environment and runs one chapter.

The cell is tagged :data:`SETUP_TAG`; code blocks are fenced ``bash``.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import metadata as md

SETUP_TAG = "smegvc-run-elsewhere"
CLONE_DIR = "$HOME/sme-gvc-report"


def run_command(notebook: str) -> str:
    """The shell command that executes ``notebook`` headless with the report's environment."""
    code = ("import nbclient, nbformat; nb = nbformat.read('{nb}', as_version=4); "
            "nbclient.NotebookClient(nb, kernel_name='python3', timeout=900).execute(); "
            "nbformat.write(nb, '{nb}')").format(nb=notebook)
    return f'"$REPORT/.venv/bin/python" -c "{code}"'


def setup_markdown(r: md.Report, docname: str, title: str, commit: str | None) -> str:
    """The first cell of a downloaded chapter: how to install the package, the data and run it."""
    base = docname.rsplit("/", 1)[-1]
    rev = (commit or "").rstrip("+")
    checkout = (f'git -C "$REPORT" checkout {rev}   # the commit this notebook was built from\n'
                if rev else "")
    built = f", built from commit `{rev}`" if rev else ""
    return (
        f"**Run this chapter on your own machine.** This notebook is the chapter *{title}* of "
        f"*{r.title}*, version {r.version}{built}. It needs the report's Python package `smegvc` "
        f"and its data files, which are in the report's repository, {r.repository}. "
        "With Python 3.11 or later and git, in a terminal:\n\n"
        "```bash\n"
        f"REPORT={CLONE_DIR}\n"
        f'git clone {r.repository}.git "$REPORT"\n'
        f"{checkout}"
        'python3 -m venv "$REPORT/.venv"\n'
        '"$REPORT/.venv/bin/python" -m pip install -r "$REPORT/requirements.txt"   # the pinned environment\n'
        '"$REPORT/.venv/bin/python" -m pip install --no-deps -e "$REPORT"   # smegvc; it reads $REPORT/data\n'
        "```\n\n"
        "Then, in the folder where you saved this notebook, run it with that environment (it writes "
        "its figures to `$REPORT/book/figdata/`):\n\n"
        "```bash\n"
        f"{run_command(base + '.ipynb')}\n"
        "```\n\n"
        "or open it in Jupyter with that environment's kernel "
        '(`"$REPORT/.venv/bin/python" -m ipykernel install --user --name smegvc`, then choose *smegvc*).'
    )


def runnable_notebook(source: Path, r: md.Report, docname: str, title: str, commit: str | None) -> str:
    """The JSON text of notebook ``source`` with the setup cell first (replacing an older one)."""
    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if SETUP_TAG not in c.get("metadata", {}).get("tags", [])]
    text = setup_markdown(r, docname, title, commit)
    cell = {"cell_type": "markdown", "id": "run-elsewhere", "metadata": {"tags": [SETUP_TAG]},
            "source": text.splitlines(keepends=True)}
    if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) < 5:
        cell.pop("id")
    nb["cells"] = [cell, *cells]
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def bash_blocks(markdown: str) -> list[str]:
    """The ```` ```bash ```` blocks of a Markdown text, in order."""
    blocks, inside, cur = [], False, []
    for line in markdown.splitlines():
        if not inside and line.strip() == "```bash":
            inside, cur = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(cur) + "\n")
        elif inside:
            cur.append(line)
    return blocks
