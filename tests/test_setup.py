"""Setup without root or apt: the build still makes the HTML and names exactly what the PDF needs."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from smegvc.build import driver as build
from smegvc.paths import ROOT


def _fake_bin(tmp_path: Path) -> Path:
    """A PATH with the tools sysdeps.sh uses, where `id -u` says we are not root and apt-get is absent."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("bash", "dpkg-query", "grep"):
        real = shutil.which(tool)
        if real is None:
            pytest.skip(f"{tool} not installed")
        (bin_ / tool).symlink_to(real)
    (bin_ / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_ / "id").chmod(0o755)
    return bin_


def test_sysdeps_without_root_names_the_missing_packages_and_succeeds(tmp_path):
    env = dict(os.environ, PATH=str(_fake_bin(tmp_path)))
    out = subprocess.run(["bash", str(ROOT / "scripts/sysdeps.sh"), "pdf", "no-such-package-xyz", "bash"],
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0
    assert "missing system packages: no-such-package-xyz" in out.stdout
    assert "apt-get install --no-install-recommends no-such-package-xyz" in out.stdout
    assert "HTML site will build" in out.stdout


def test_missing_pdf_tools_are_named(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    missing = build.missing_pdf_tools()
    assert missing[:3] == ["xelatex", "latexmk", "xindy"]
    assert any("fonts-noto-cjk" in m for m in missing)
