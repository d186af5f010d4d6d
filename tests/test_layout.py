"""The package layout: imports run one way between layers, no import circle, the study's scope in one module.

Parsed from the source (``ast``), not imported, so a function-level import counts like a top-level one.
Layers, lowest first (a module may import its own layer and lower ones):
    base      smegvc (package), scope, errors, paths, atomic, tracking
    io        smegvc.io.*         readers, extracts, generic data package
    evidence  smegvc.evidence.*   published SME statistics, firm-size shares, case studies
    engine    smegvc.engine.*     pure computations and the results table
    catalog   smegvc.catalog      the explicit list of datasets (results.csv included) and their checks;
              smegvc.intake       the trust boundary the build runs first (roles, changelog, re-derivation)
    report    smegvc.report.*     chapter modules and display helpers
    build     smegvc.build.*, smegvc.__main__
``smegvc.sphinxext`` stands apart: it may import only the base layer, and only the Sphinx config loads it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smegvc import scope

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "smegvc"
LAYERS = ("base", "io", "evidence", "engine", "catalog", "report", "build")
BASE = {"smegvc", "smegvc.scope", "smegvc.errors", "smegvc.paths", "smegvc.atomic", "smegvc.tracking"}
MAX_LINES = 700
# Modules over MAX_LINES, listed so that they are seen (none today). An entry that is no longer too long
# fails the test, so the list cannot go stale.
KNOWN_OVERSIZE: set[str] = set()

# Known departures, listed so that they are seen; each entry must still hold (the test fails once it is
# fixed, so the entry goes too).
KNOWN_SCOPE_LITERALS: set[str] = set()
KNOWN_CYCLES: list[list[str]] = []


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def layer(mod: str) -> str:
    if mod in BASE:
        return "base"
    if mod == "smegvc.__main__":
        return "build"
    if mod in ("smegvc.catalog", "smegvc.intake"):
        return "catalog"
    if mod.startswith("smegvc.sphinxext"):
        return "sphinxext"
    top = mod.split(".")[1]
    if top in LAYERS:
        return top
    raise AssertionError(f"{mod}: no layer; add it to tests/test_layout.py and README.md (Layout)")


def _resolve(mod: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    pkg = mod if MODULES[mod].name == "__init__.py" else mod.rsplit(".", 1)[0]
    base = pkg.split(".")
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(mod: str) -> list[tuple[str, int]]:
    """(imported smegvc module, line) for every import statement of ``mod``, at any depth."""
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            src = _resolve(mod, node)
            targets = [f"{src}.{a.name}" if f"{src}.{a.name}" in MODULES else src for a in node.names]
        else:
            continue
        for t in targets:
            if t == "smegvc" or t.startswith("smegvc."):
                while t not in MODULES and "." in t:
                    t = t.rsplit(".", 1)[0]
                out.append((t, node.lineno))
    return out


def graph() -> dict[str, set[str]]:
    """Module -> the smegvc modules it imports, with the parent packages an import runs."""
    g = {}
    for mod in MODULES:
        deps = set()
        for t, _ in imports(mod):
            parts = t.split(".")
            deps |= {".".join(parts[:k]) for k in range(1, len(parts) + 1)}
        deps = {d for d in deps if d in MODULES and d != mod and not mod.startswith(d + ".")}
        g[mod] = deps
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


# ---------------------------------------------------------------------------------------------- the checks

def test_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    found = cycles(graph())
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, f"import circle(s) in src/smegvc: {new}"
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"no circle left among {gone}: remove it from KNOWN_CYCLES"


def test_imports_run_down_the_layers():
    bad = []
    for mod in MODULES:
        own = layer(mod)
        for t, line in imports(mod):
            dep = layer(t)
            if own == "sphinxext":
                ok = dep in ("base", "sphinxext")
            elif dep == "sphinxext":
                ok = False
            else:
                ok = LAYERS.index(dep) <= LAYERS.index(own)
            if not ok:
                bad.append(f"{MODULES[mod].relative_to(SRC)}:{line} ({own}) imports {t} ({dep})")
    assert not bad, "imports against the layer order:\n" + "\n".join(bad)


def test_no_source_scanning_to_find_modules():
    for mod, path in MODULES.items():
        if mod.startswith("smegvc.sphinxext"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(tree)
                 if isinstance(n, (ast.Attribute, ast.Name))}
        assert "import_module" not in names and "__import__" not in names, \
            f"{mod}: modules are found by explicit imports (datasets: smegvc.catalog), not by importlib"


def scope_literals(source: str) -> list[str]:
    """Literals in ``source`` restating the study's economies (a tuple, list or set of exactly those codes) or
    the WIOD 2016 year range (``(first, last)`` or ``range(first, last + 1)``). A mapping from each economy to
    one of its attributes (a marker, a series' scope) is data about the economies and is allowed."""
    econ, years = set(scope.ECONOMIES), (scope.FIRST_YEAR, scope.LAST_YEAR)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            vals = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(vals) == len(node.elts) and vals and set(vals) == econ:
                found.append(f"line {node.lineno}: economies {tuple(vals)}")
            if tuple(vals) == years:
                found.append(f"line {node.lineno}: years {tuple(vals)}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "range":
            vals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if len(vals) >= 2 and (vals[0], vals[1] - 1) == years:
                found.append(f"line {node.lineno}: range{tuple(vals)}")
    return found


def test_scope_literal_finder():
    src = ('A = ("KOR", "TWN")\nB = ["TWN", "KOR"]\nC = range(2000, 2015)\nFIRST, LAST = 2000, 2014\n'
           'D = ("KOR", "TWN", "CHN")\nE = scope.ECONOMIES\nMARKERS = {"KOR": "o", "TWN": "s"}\n')
    assert [f.split(":")[0] for f in scope_literals(src)] == ["line 1", "line 2", "line 3", "line 4"]


def test_scope_written_once():
    found = {m: scope_literals(p.read_text(encoding="utf-8")) for m, p in MODULES.items() if m != "smegvc.scope"}
    bad = {m: f for m, f in found.items() if f and m not in KNOWN_SCOPE_LITERALS}
    assert not bad, ("economy codes or the year range written outside smegvc/scope.py (import them from "
                     f"smegvc.scope): {bad}")
    stale = sorted(m for m in KNOWN_SCOPE_LITERALS if not found.get(m))
    assert not stale, f"no scope literal left in {stale}: remove them from KNOWN_SCOPE_LITERALS"


@pytest.mark.parametrize("mod", sorted(m for m in MODULES if m.split(".")[1:2] in (["io"], ["evidence"],
                                                                                   ["engine"], ["catalog"])
                                       or m in BASE))
def test_data_modules_small_and_documented(mod):
    path = MODULES[mod]
    text = path.read_text(encoding="utf-8")
    n = text.count("\n")
    if mod in KNOWN_OVERSIZE:
        assert n > MAX_LINES, f"{mod} has {n} lines now: remove it from KNOWN_OVERSIZE"
    else:
        assert n <= MAX_LINES, f"{path.relative_to(SRC)} has {n} lines (> {MAX_LINES}): split it"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc) > 20, f"{path.relative_to(SRC)} has no docstring saying what it holds"
