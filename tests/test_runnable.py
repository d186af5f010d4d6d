"""A downloaded chapter runs elsewhere, set up only from the instructions in its first cell (issue 15).

The slow test follows the two ``bash`` blocks of the first cell of the downloaded ``summary.ipynb``
literally, in a fresh home folder: the repository address is replaced by this checkout's path (so
the clone holds the committed state of this checkout) and pip uses the usual cache (packages come
from PyPI or that cache, nothing else). It then checks that every code cell ran without an error.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from smegvc.paths import ROOT
from smegvc.sphinxext import metadata as md
from smegvc.sphinxext import runnable

CHAPTER = "summary"


def test_setup_cell_is_first_and_names_repository_commit_and_pinned_environment(tmp_path):
    r = md.load()
    nb = tmp_path / "x.ipynb"
    nb.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "source": "1", "outputs": [], "execution_count": None}]}))
    once = json.loads(runnable.runnable_notebook(nb, r, "book/summary", "Summary", "abc1234567+"))
    nb.write_text(json.dumps(once))
    twice = json.loads(runnable.runnable_notebook(nb, r, "book/summary", "Summary", "abc1234567"))
    assert [c["cell_type"] for c in twice["cells"]] == ["markdown", "code"], "setup cell added twice"
    text = "".join(twice["cells"][0]["source"])
    setup, run = runnable.bash_blocks(text)
    assert f"git clone {r.repository}.git" in setup and "checkout abc1234567 " in setup
    assert "-r \"$REPORT/requirements.txt\"" in setup and "--no-deps -e \"$REPORT\"" in setup
    assert "summary.ipynb" in run and "nbclient" in run


def _git_clean() -> bool:
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                         capture_output=True, text=True)
    return out.returncode == 0 and not out.stdout.strip()


@pytest.mark.slow
def test_downloaded_chapter_runs_in_a_fresh_environment(built_book, tmp_path):
    download = built_book / "html" / "_downloads" / "chapters" / f"{CHAPTER}.ipynb"
    assert download.is_file(), f"no downloadable notebook {download}"
    nb = json.loads(download.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and runnable.SETUP_TAG in first["metadata"].get("tags", [])
    setup, run = runnable.bash_blocks("".join(first["source"]))
    r = md.load()
    if not _git_clean():
        pytest.skip("uncommitted changes: the clone would not hold what was built (commit first)")
    setup = setup.replace(f"{r.repository}.git", str(ROOT))
    assert str(ROOT) in setup, "the instructions do not clone the repository"
    pip_cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                               text=True).stdout.strip()
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "SMEGVC_", "MPL"))}
    env.update(HOME=str(home), PIP_CACHE_DIR=pip_cache or str(home / ".cache" / "pip"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", setup], cwd=home, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"setup failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy2(download, folder / download.name)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", f"REPORT={runnable.CLONE_DIR}\n{run}"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"running the chapter failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    ran = json.loads((folder / download.name).read_text(encoding="utf-8"))
    code = [c for c in ran["cells"] if c["cell_type"] == "code"]
    assert code and all(c.get("execution_count") for c in code), "not every code cell ran"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    assert (home / "sme-gvc-report" / "book" / "figdata" / CHAPTER).is_dir(), "the chapter wrote no figures"
