"""The site as a reader sees it: every page opened in headless Chromium (Playwright), served over HTTP.

For every page: no console error, no failed request (the site must work offline: nothing may come
from a CDN), every image loaded, the citation box on chapter pages; every same-origin link answers
200 and every #anchor exists on its target page; every download in the citation boxes answers 200;
the search page finds "indirect exports". Screenshots of two pages go to test-artifacts/.

Needs /usr/bin/chromium (Debian package chromium; `make sysdeps-test` installs it). Playwright
drives that browser: it never downloads one.
"""
import functools
import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

from smegvc.paths import ROOT
from smegvc.sphinxext import metadata as md
from smegvc.sphinxext.cite import chapter_anchor, toc_docnames

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = {"book/index.html": "index.png", "book/case-studies.html": "chapter-case-studies.png"}
ROOT_DOC, TOC_DOCS = toc_docnames(ROOT / "_toc.yml")
PAGES = [f"{d}.html" for d in [ROOT_DOC, *TOC_DOCS]] + ["genindex.html", "search.html"]
CITED = [d for d in TOC_DOCS if d not in md.load().no_cite_box]
TIMEOUT_MS = 20_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """The built site on http://127.0.0.1:<free port>/, served from a thread."""
    handler = functools.partial(_QuietHandler, directory=str(built_book / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (make sysdeps-test)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (requirements.txt) not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = b.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()
        b.close()


def _open(context, url, problems):
    """A new page at ``url``, with console errors, page errors and failed requests recorded."""
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture(scope="module")
def visits(site, browser):
    """Open every page once; what each page did and holds, by page path."""
    out = {}
    t0 = time.perf_counter()
    for path in PAGES:
        problems = []
        page = _open(browser, site + path, problems)
        # MathJax (served from _static/mathjax) typesets after load: wait for it where it is loaded
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise"
                      " ? MathJax.startup.promise.then(() => true) : true")
        if path in SCREENSHOTS:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / SCREENSHOTS[path]), full_page=True)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({src: e.currentSrc || e.src, ok: e.complete && e.naturalWidth > 0}))")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        box = page.query_selector("aside.smegvc-cite")
        rec = {"problems": problems, "images": images, "links": links,
               "box_visible": bool(box and box.is_visible()),
               "box_links": box.eval_on_selector_all("a[href]", "els => els.map(e => e.href)") if box else [],
               "anchor": page.query_selector(f"#{chapter_anchor(path[:-5])}") is not None,
               "math": page.locator("article .math").count(),
               "typeset": page.locator("article mjx-container").count()}
        page.close()
        out[path] = rec
    out["_seconds"] = time.perf_counter() - t0
    return out


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_and_with_every_image(visits, path):
    rec = visits[path]
    assert rec["problems"] == [], f"{path}:\n" + "\n".join(rec["problems"])
    broken = [i["src"] for i in rec["images"] if not i["ok"]]
    assert not broken, f"{path}: images that did not load: {broken}"


def test_math_is_typeset_from_the_local_mathjax(visits):
    with_math = {p: r for p, r in visits.items() if not p.startswith("_") and r["math"]}
    if not with_math:
        pytest.skip("no page has math yet")
    untypeset = [p for p, r in with_math.items() if r["typeset"] < r["math"]]
    assert not untypeset, f"math left as TeX source on {untypeset}"


@pytest.mark.parametrize("doc", CITED)
def test_chapter_shows_cite_box_and_stable_anchor(visits, doc):
    rec = visits[f"{doc}.html"]
    assert rec["box_visible"], f"{doc}: no visible 'How to cite this chapter' box"
    assert rec["anchor"], f"{doc}: no element with id {chapter_anchor(doc)}"


def test_every_internal_link_and_anchor_resolves(visits, browser, site):
    targets: dict[str, set] = {}
    for path, rec in visits.items():
        if path.startswith("_"):
            continue
        for href in rec["links"]:
            if href.startswith(site):
                targets.setdefault(href, set()).add(path)
    assert targets, "no internal links found"
    pages: dict[str, object] = {}
    bad = []
    for href, sources in sorted(targets.items()):
        url, frag = urldefrag(href)
        if url not in pages:
            resp = browser.request.get(url)
            pages[url] = resp.status, (resp.text() if resp.status == 200 and _is_html(resp) else None)
        status, body = pages[url]
        if status != 200:
            bad.append(f"{href} -> HTTP {status} (linked from {sorted(sources)})")
        elif frag and body is not None:
            ids = _ids(url, body, pages)
            if unquote(frag) not in ids:
                bad.append(f"{href}: no #{frag} on the target page (linked from {sorted(sources)})")
    assert not bad, "broken internal links:\n" + "\n".join(bad)


def _is_html(resp):
    return "html" in resp.headers.get("content-type", "")


def _ids(url, body, cache):
    key = ("ids", url)
    if key not in cache:
        soup = BeautifulSoup(body, "html.parser")
        cache[key] = {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}
    return cache[key]


@pytest.mark.parametrize("doc", CITED)
def test_every_download_in_the_cite_box_answers(visits, browser, site, doc):
    links = [h for h in visits[f"{doc}.html"]["box_links"] if h.startswith(site) and "#" not in h]
    assert any(h.endswith(".pdf") for h in links), f"{doc}: no link to the PDF"
    assert any("/_downloads/chapters/" in h for h in links), f"{doc}: no link to the chapter's source"
    for href in links:
        resp = browser.request.get(href)
        assert resp.status == 200, f"{doc}: {href} -> HTTP {resp.status}"
        body = resp.body()
        assert body, f"{doc}: {href} is empty"
        if href.endswith(".ipynb"):
            nb = json.loads(body)
            assert nb["cells"] and nb["nbformat"] == 4
        if href.endswith(".pdf"):
            assert body[:5] == b"%PDF-"
        if href.endswith(".csv"):
            assert b"," in body.splitlines()[0]


def test_search_finds_indirect_exports(browser, site):
    problems = []
    page = _open(browser, site + "search.html?q=indirect+exports", problems)
    page.wait_for_selector("#search-results ul.search li")
    hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    page.close()
    assert problems == []
    assert hits, "no search results for 'indirect exports'"
    assert any("indirect-exports.html" in urlsplit(h).path for h in hits), hits


def test_screenshots_were_saved_and_the_visit_was_quick(visits):
    for name in SCREENSHOTS.values():
        shot = ARTIFACTS / name
        assert shot.is_file() and shot.stat().st_size > 10_000, f"screenshot {shot} missing or blank"
    assert visits["_seconds"] < 90, f"opening every page took {visits['_seconds']:.0f} s"


# ---------------------------------------------------------------------------------------------
# Responsive tables (issue 15): nothing clipped on a laptop (1366 px) or a phone (390 px)
TABLE_CHECK = """() => {
  const out = {pageWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth, tables: []};
  for (const t of document.querySelectorAll("article table")) {
    const box = t.closest(".pst-scrollable-table-container") || t.parentElement;
    const br = box.getBoundingClientRect();
    const cap = t.querySelector("caption");
    const cr = cap ? cap.getBoundingClientRect() : null;
    out.tables.push({
      id: t.id || (cap ? cap.textContent.trim().slice(0, 40) : "(no caption)"),
      wider: t.scrollWidth > box.clientWidth + 1,
      scrollable: ["auto", "scroll"].includes(getComputedStyle(box).overflowX),
      captionCut: !!cr && (cr.right > br.right + 1 || cr.left < br.left - 1),
      offScreen: br.right > document.documentElement.clientWidth + 1 || br.left < -1,
    });
  }
  return out;
}"""
VIEWPORTS = {"laptop": (1366, 900), "phone": (390, 844)}
TABLE_PAGES = [f"{d}.html" for d in TOC_DOCS]


@pytest.fixture(scope="module")
def table_layouts(site, browser):
    """What every table of every chapter looks like at each width."""
    out = {}
    b = browser.browser
    for name, (w, h) in VIEWPORTS.items():
        context = b.new_context(viewport={"width": w, "height": h}, service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        for path in TABLE_PAGES:
            page = context.new_page()
            page.goto(site + path, wait_until="load")
            out[(name, path)] = page.evaluate(TABLE_CHECK)
            page.close()
        context.close()
    return out


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_no_table_is_clipped(table_layouts, viewport):
    problems, tables = [], 0
    for (name, path), rec in table_layouts.items():
        if name != viewport:
            continue
        if rec["pageWidth"] > rec["viewWidth"] + 1:
            problems.append(f"{path}: the page is {rec['pageWidth']} px wide in a {rec['viewWidth']} px window")
        for t in rec["tables"]:
            tables += 1
            if t["wider"] and not t["scrollable"]:
                problems.append(f"{path} {t['id']}: wider than its column and cut off (no scrolling)")
            if t["captionCut"]:
                problems.append(f"{path} {t['id']}: caption cut")
            if t["offScreen"]:
                problems.append(f"{path} {t['id']}: table box outside the window")
            if viewport == "laptop" and t["wider"]:
                problems.append(f"{path} {t['id']}: needs sideways scrolling at 1366 px")
    assert tables >= 10, f"only {tables} tables found"
    assert not problems, f"at {VIEWPORTS[viewport][0]} px:\n" + "\n".join(problems)
