"""Sphinx extension: serve MathJax from the site itself instead of a CDN.

Sphinx loads MathJax 3 from cdn.jsdelivr.net on every page with math; offline (and in the browser
test) that request fails. When MathJax's ``es5`` bundle is installed (PyPI package
``django-static-mathjax``, which ships it as the plain Python package ``mathjax``; it needs no
Django), this extension points ``mathjax_path`` at ``_static/mathjax/tex-mml-chtml.js`` and copies
the parts of the bundle that component loads (TeX input, CommonHTML output and fonts, menu,
assistive MathML: about 5 MB). A ``mathjax_path`` set in ``_config.yml`` is left alone. Without the
package, a page with math fails a strict build with a warning naming it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.ext.mathjax import MATHJAX_URL
from sphinx.util import logging

logger = logging.getLogger(__name__)
LOCAL_PATH = "mathjax/tex-mml-chtml.js"
# What tex-mml-chtml.js loads on demand; the other combined components and SVG output are not needed.
PARTS = ("tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors", "sre")
STAMP = ".smegvc-mathjax"


def mathjax_es5() -> Path | None:
    """The installed MathJax ``es5`` folder, or None."""
    try:
        import mathjax  # django-static-mathjax
    except ImportError:
        return None
    for base in getattr(mathjax, "__path__", []):
        es5 = Path(base) / "static" / "mathjax" / "es5"
        if (es5 / "tex-mml-chtml.js").is_file():
            return es5
    return None


def _use_local(app, config) -> None:
    if config.mathjax_path == MATHJAX_URL and mathjax_es5() is not None:
        config.mathjax_path = LOCAL_PATH


def _copy(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    has_math = app.env.get_domain("math").has_equations()
    if app.config.mathjax_path != LOCAL_PATH:
        if has_math and app.config.mathjax_path == MATHJAX_URL:
            logger.warning("pages with math load MathJax from a CDN, which fails offline: "
                           "pip install django-static-mathjax==3.2.2.1 to serve it locally")
        return
    es5 = mathjax_es5()
    dest = Path(app.outdir) / "_static" / "mathjax"
    version = (es5.parent / "package.json").read_text(encoding="utf-8") if (es5.parent / "package.json").is_file() else ""
    stamp = dest / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == version:
        return
    shutil.rmtree(dest, ignore_errors=True)
    for part in PARTS:
        src = es5 / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    stamp.write_text(version, encoding="utf-8")


def setup(app):
    app.connect("config-inited", _use_local)
    app.connect("build-finished", _copy)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
