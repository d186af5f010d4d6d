"""A release is published whole (smegvc.build.publish and the driver's failure handling).

Staged folders are made by hand; the driver's build steps are replaced by fakes, so these tests
exercise only publishing: site and PDF switch together, errors leave the previous release and no
``*.new`` folder, a release without a PDF never carries an old one, and every failure is one line.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from smegvc.build import driver, publish

PDF = "book.pdf"


def stage(tmp: Path, tag: str, pdf: bool = True) -> tuple[Path, Path]:
    html, latex = tmp / f"stage-{tag}" / "html", tmp / f"stage-{tag}" / "latex"
    (html / "_static").mkdir(parents=True)
    (html / "index.html").write_text(f"<p>site {tag}</p>")
    (html / "_static" / "x.css").write_text(tag)
    latex.mkdir(parents=True)
    if pdf:
        (latex / PDF).write_text(f"pdf {tag}")
        (html / PDF).write_text(f"pdf {tag}")
    return html, latex


def state(build: Path) -> tuple:
    """What a reader sees: the site's page, the PDF in the site and the PDF under latex/."""
    def read(p):
        return p.read_text() if p.is_file() else None
    return read(build / "html/index.html"), read(build / "html" / PDF), read(build / "latex" / PDF)


def leftovers(build: Path) -> list[str]:
    return sorted(str(p.relative_to(build)) for p in build.rglob("*") if ".new" in p.name or ".old" in p.name
                  or ".tmp-" in p.name or ".link-" in p.name)


def test_site_and_pdf_switch_together_and_old_releases_go(tmp_path):
    build = tmp_path / "_build"
    h1, l1 = stage(tmp_path, "1")
    publish.publish_release(build, h1, l1, PDF)
    assert state(build) == ("<p>site 1</p>", "pdf 1", "pdf 1")
    assert (build / "html").is_symlink() and (build / "latex").is_symlink()
    h2, l2 = stage(tmp_path, "2")
    rel = publish.publish_release(build, h2, l2, PDF)
    assert state(build) == ("<p>site 2</p>", "pdf 2", "pdf 2")
    assert [p.name for p in (build / publish.RELEASES).iterdir()] == [rel.name]
    assert leftovers(build) == []


def test_a_release_without_pdf_carries_no_old_pdf(tmp_path):
    build = tmp_path / "_build"
    publish.publish_release(build, *stage(tmp_path, "1"), PDF)
    h2, _ = stage(tmp_path, "2", pdf=False)
    (h2 / PDF).write_text("pdf 1")   # a stale PDF left in the staging folder by an earlier full build
    publish.publish_release(build, h2, None, PDF)
    assert state(build) == ("<p>site 2</p>", None, None)
    assert (h2 / PDF).is_file(), "the staging folder is not touched"


def test_html_only_build_does_not_republish_a_stale_pdf(tmp_path, monkeypatch, capsys):
    build, calls = _fake_driver(tmp_path, monkeypatch)
    assert driver.main(["--root", str(tmp_path), "--build-dir", str(build)]) == 0
    assert state(build) == ("<p>site 1</p>", "pdf 1", "pdf 1")
    assert driver.main(["--root", str(tmp_path), "--build-dir", str(build), "--html-only"]) == 0
    assert state(build) == ("<p>site 2</p>", None, None)
    assert "the release has no PDF (--html-only)" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["copy-site", "copy-latex", "switch"])
def test_an_oserror_while_publishing_keeps_the_previous_release_and_leaves_nothing(tmp_path, monkeypatch, where):
    build = tmp_path / "_build"
    publish.publish_release(build, *stage(tmp_path, "1"), PDF)
    before = state(build)
    h2, l2 = stage(tmp_path, "2")
    real_copytree, real_symlink = shutil.copytree, os.symlink

    def copytree(src, dst, *a, **kw):
        if (where == "copy-site" and Path(src) == h2) or (where == "copy-latex" and Path(src) == l2):
            real_copytree(src, dst, *a, **kw)   # half-written, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_copytree(src, dst, *a, **kw)

    def symlink(target, link, *a, **kw):
        if where == "switch" and publish.RELEASES in str(target):
            raise PermissionError(errno.EACCES, "Permission denied", str(link))
        return real_symlink(target, link, *a, **kw)

    monkeypatch.setattr(publish.shutil, "copytree", copytree)
    monkeypatch.setattr(publish.os, "symlink", symlink)
    with pytest.raises(publish.PublishError) as e:
        publish.publish_release(build, h2, l2, PDF)
    msg = str(e.value)
    assert "\n" not in msg and "previous release is still published" in msg
    assert ("No space left on device" if where != "switch" else "Permission denied") in msg
    assert state(build) == before
    assert leftovers(build) == []
    assert len(list((build / publish.RELEASES).iterdir())) == 1


def test_publishing_error_in_the_driver_is_one_line_and_publishes_nothing(tmp_path, monkeypatch, capsys):
    build, _ = _fake_driver(tmp_path, monkeypatch)
    assert driver.main(["--root", str(tmp_path), "--build-dir", str(build)]) == 0
    before = state(build)
    real = shutil.copytree

    def full(src, dst, *a, **kw):
        real(src, dst, *a, **kw)
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))
    monkeypatch.setattr(publish.shutil, "copytree", full)
    assert driver.main(["--root", str(tmp_path), "--build-dir", str(build)]) == 1
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("BUILD FAILED"))
    assert "No space left on device" in line and "Traceback" not in out
    assert state(build) == before and leftovers(build) == []


def test_read_only_output_folder_is_one_line(tmp_path, monkeypatch, capsys):
    build = tmp_path / "_build"
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **kw):
        if self == build or build in self.parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **kw)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    assert driver.main(["--root", str(tmp_path), "--build-dir", str(build)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.count("\n") == 0 and out.startswith("BUILD FAILED: cannot write to the output folder")
    assert "Permission denied" in out


def test_migration_from_real_folders(tmp_path):
    build = tmp_path / "_build"
    (build / "html").mkdir(parents=True)
    (build / "html/index.html").write_text("old")
    (build / "latex").mkdir()
    (build / ".html.new").mkdir()   # left by an interrupted publish of the old layout
    publish.publish_release(build, *stage(tmp_path, "1"), PDF)
    assert state(build) == ("<p>site 1</p>", "pdf 1", "pdf 1")
    assert leftovers(build) == []


# ---------------------------------------------------------------------------------------------

def _fake_driver(tmp_path: Path, monkeypatch):
    """Replace the driver's build steps: each build stages site n (and PDF n unless --html-only)."""
    build = tmp_path / "_build"
    (tmp_path / "_config.yml").write_text("title: t\nlatex:\n  latex_documents:\n    targetname: book.tex\n")
    n = {"i": 0}

    class Outcome:
        ok, lines, executed, failed = True, {}, {}, {}

    def build_html(lay, config, strict, **kw):
        n["i"] += 1
        lay.s_html.mkdir(parents=True, exist_ok=True)
        (lay.s_html / "index.html").write_text(f"<p>site {n['i']}</p>")

    def build_pdf(lay, config, **kw):
        lay.s_latex.mkdir(parents=True, exist_ok=True)
        (lay.s_latex / PDF).write_text(f"pdf {n['i']}")
        shutil.copy(lay.s_latex / PDF, lay.s_html / PDF)
        return lay.s_latex / PDF

    monkeypatch.setattr(driver, "refresh_results", lambda lay: None)
    monkeypatch.setattr(driver, "execute", lambda lay, config, jobs: Outcome())
    monkeypatch.setattr(driver, "build_html", build_html)
    monkeypatch.setattr(driver, "build_pdf", build_pdf)
    monkeypatch.setattr(driver, "missing_pdf_tools", lambda: [])
    # every call builds and publishes (no no-op fast path: these tests rebuild unchanged sources)
    monkeypatch.setattr(driver.fastpath, "check", lambda *a: driver.fastpath.Verdict(False, "a test"))
    return build, n
