"""The no-op fast path's bookkeeping (smegvc.build.fastpath) and the sysdeps stamp, without Sphinx."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from smegvc.build import fastpath
from smegvc.paths import ROOT

KEY = {"html_only": True, "strict": True}


def _tree(root: Path) -> Path:
    for rel, text in {"_config.yml": "title: T\n", "book/a.md": "# A\n", "data/x.csv": "x\n1\n",
                      "src/pkg/m.py": "X = 1\n", "tests/test_a.py": "", "scripts/s.py": "",
                      ".git/HEAD": "ref", "_build/html/index.html": "<p>", "src/pkg/__pycache__/m.pyc": "",
                      "book/_build/x": "", ".venv/bin/python": ""}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def _record(root: Path, age_s: float = 10.0) -> None:
    """Record the tree as built, with every file's mtime ``age_s`` in the past (not racy)."""
    build = root / "_build"
    keys = fastpath.watched(root, build)
    past = time.time() - age_s
    for k in keys:
        os.utime(root / k, (past, past))
    fastpath.write(root, build, KEY, fastpath.snapshot(root, keys), [build / "html/index.html"],
                   {"chapters": ["book/a"], "pdf": False})


def test_walk_watches_sources_not_builds_tests_or_caches(tmp_path):
    root = _tree(tmp_path)
    assert fastpath.walk(root, root / "_build") == ["_config.yml", "book/a.md", "data/x.csv", "src/pkg/m.py"]


def test_recorded_inputs_outside_the_walk_are_watched(tmp_path):
    root = _tree(tmp_path)
    man = root / "_build/.deps/book/a.json"
    man.parent.mkdir(parents=True)
    man.write_text('{"inputs": {"tests/test_a.py": "0", "data/x.csv": "1"}, "outputs": {"book/f.csv": "2"}}')
    assert "tests/test_a.py" in fastpath.watched(root, root / "_build")
    assert fastpath.recorded(root / "_build", "outputs") == {"book/f.csv"}


def test_check_uses_stat_data_then_hashes(tmp_path):
    root = _tree(tmp_path)
    build = root / "_build"
    assert not fastpath.check(root, build, KEY).unchanged  # no record yet
    _record(root)
    v = fastpath.check(root, build, KEY)
    assert v.unchanged and v.hashed == 0 and v.files == 4

    (root / "data/x.csv").touch()  # touched: hashed, still unchanged, and the new stat data are kept
    v = fastpath.check(root, build, KEY)
    assert v.unchanged and v.hashed == 1 and "data/x.csv" in v.refreshed
    fastpath.refresh(build, v)
    assert fastpath.check(root, build, KEY).hashed <= 1  # racy now (just touched), else trusted

    (root / "data/x.csv").write_text("x\n2\n")  # same size, new content
    v = fastpath.check(root, build, KEY)
    assert not v.unchanged and v.reason == "data/x.csv changed"
    (root / "data/x.csv").write_text("x\n1\n")
    assert fastpath.check(root, build, KEY).unchanged

    assert fastpath.check(root, build, {**KEY, "strict": False}).reason == "the build settings changed (strict)"
    (root / "book/b.md").write_text("# B\n")
    assert fastpath.check(root, build, KEY).reason == "files were added (book/b.md)"
    (root / "book/b.md").unlink()
    (root / "src/pkg/m.py").unlink()
    assert fastpath.check(root, build, KEY).reason == "src/pkg/m.py was deleted"
    (root / "src/pkg/m.py").write_text("X = 1\n")
    assert fastpath.check(root, build, KEY).unchanged
    (build / "html/index.html").write_text("<p>changed")
    assert "index.html is missing or was changed" in fastpath.check(root, build, KEY).reason
    fastpath.forget(build)
    assert fastpath.check(root, build, KEY).reason == "there is no record of a successful build"


def test_a_racily_recorded_file_is_always_hashed(tmp_path):
    """A file modified just before its stat data were taken could change again within the same clock
    tick without its size or mtime changing: such an entry is hashed on every check."""
    root = _tree(tmp_path)
    build = root / "_build"
    _record(root)
    p = root / "data/x.csv"
    p.write_text("x\n3\n")
    keys = fastpath.watched(root, build)
    fastpath.write(root, build, KEY, fastpath.snapshot(root, keys), [build / "html/index.html"])
    st = p.stat()
    p.write_text("x\n4\n")  # same size, and the old mtime put back: only the hash can tell
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    v = fastpath.check(root, build, KEY)
    assert not v.unchanged and v.reason == "data/x.csv changed"


def _fake_dpkg(tmp_path: Path) -> tuple[dict, Path]:
    """A PATH whose dpkg-query says every package is installed and counts its calls."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    calls = tmp_path / "calls"
    (bin_ / "dpkg-query").write_text(f"#!/bin/sh\necho x >> {calls}\nprintf 'install ok installed'\n")
    (bin_ / "dpkg-query").chmod(0o755)
    status = tmp_path / "status"
    status.write_text("")
    past = time.time() - 60
    os.utime(status, (past, past))
    env = dict(os.environ, PATH=f"{bin_}:{os.environ['PATH']}", SYSDEPS_DPKG_STATUS=str(status))
    return env, calls


def test_sysdeps_stamp_skips_dpkg_until_the_list_or_dpkg_changes(tmp_path):
    env, calls = _fake_dpkg(tmp_path)
    stamp = tmp_path / "venv" / ".sysdeps-pdf"

    def run(*pkgs) -> int:
        before = len(calls.read_text().splitlines()) if calls.exists() else 0
        r = subprocess.run(["bash", str(ROOT / "scripts/sysdeps.sh"), "--stamp", str(stamp), "pdf", *pkgs],
                           env=env, capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
        return (len(calls.read_text().splitlines()) if calls.exists() else 0) - before

    assert run("a", "b") == 2 and stamp.read_text() == "pdf a b\n"
    assert run("a", "b") == 0  # the stamp answers
    assert run("a", "b", "c") == 3  # another package list: checked again
    assert run("a", "b", "c") == 0
    Path(env["SYSDEPS_DPKG_STATUS"]).touch()  # dpkg's database changed since (e.g. a package removed)
    os.utime(stamp, (time.time() - 30, time.time() - 30))
    assert run("a", "b", "c") == 3
    assert run("a", "b", "c") == 0
