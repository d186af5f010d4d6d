"""Every number a chapter glues can be traced: each chapter module declares the glue keys its chapter quotes
literally (a tuple ``KEYS`` of string literals), its ``numbers()`` returns exactly those, and each chapter
notebook imports only its own report module and the shared display helpers."""
import ast
import json
import math
import re
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
REPORT = ROOT / "src" / "smegvc" / "report"

# chapter (book/<chapter>.ipynb) -> its module in smegvc.report
CHAPTERS = {"summary": "summary", "direct-exports": "direct", "indirect-exports": "indirect",
            "why-they-differ": "why", "phone-value-chain": "phone", "case-studies": "case_studies",
            "policy": "policy", "appendix-data": "appendix_data", "appendix-evidence": "appendix_evidence",
            "executive-summary": "executive_summary", "summary-ko": "summary_ko", "summary-zh": "summary_zh"}
# what a chapter notebook may import from smegvc besides its own module
SHARED = {"smegvc.report.charts", "smegvc.report.case_charts", "smegvc.report.figures", "smegvc.report.notebook",
          "smegvc.report.tables"}

ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`([^`]+)`")
DIRECTIVE = re.compile(r"^[`:]{3,}\{glue(?::[a-z]*)?\}[ \t]+(\S+)", re.M)


def glue_refs(text: str) -> set[str]:
    """The glue keys referenced in MyST ``text`` (roles and directives; format specs and paths dropped)."""
    refs = ROLE.findall(text) + DIRECTIVE.findall(text)
    return {r.split("::")[-1].split(":")[0].strip() for r in refs}


def markdown_of(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def code_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def declared_keys(module: str) -> tuple[str, ...]:
    """The module's ``KEYS``, read from its source: it must be a tuple of string literals."""
    tree = ast.parse((REPORT / f"{module}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["KEYS"]:
            assert isinstance(node.value, ast.Tuple) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts), (
                f"smegvc.report.{module}.KEYS must be a tuple of string literals")
            return tuple(e.value for e in node.value.elts)
    raise AssertionError(f"smegvc.report.{module} declares no KEYS")


def literal_strings() -> set[str]:
    """Every string literal in src/smegvc/report/."""
    out = set()
    for p in REPORT.glob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def test_glue_refs_parser():
    text = ("{glue:text}`a_1:.1f` and {glue}`b` and {glue:any}`other.ipynb::c`\n"
            "```{glue:figure} d\n:name: x\n```\n`not_glue`")
    assert glue_refs(text) == {"a_1", "b", "c", "d"}


def test_every_chapter_with_glue_has_a_module():
    for p in sorted(BOOK.glob("*.ipynb")):
        if glue_refs(markdown_of(p)):
            assert p.stem in CHAPTERS, f"{p.name} glues numbers but has no chapter module in smegvc.report"


def test_every_glue_key_in_the_book_is_declared_literally():
    literals = literal_strings()
    declared = {k for m in CHAPTERS.values() for k in declared_keys(m)}
    for p in sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("*.md")):
        refs = glue_refs(markdown_of(p))
        missing = sorted(refs - literals)
        assert not missing, f"{p.name}: glue keys written nowhere in src/smegvc/report/: {missing}"
        undeclared = sorted(refs - declared)
        assert not undeclared, f"{p.name}: glue keys no chapter module declares in KEYS: {undeclared}"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_declares_exactly_the_keys_it_quotes(chapter):
    keys = declared_keys(CHAPTERS[chapter])
    assert len(set(keys)) == len(keys), f"duplicate keys in {CHAPTERS[chapter]}.KEYS"
    refs = glue_refs(markdown_of(BOOK / f"{chapter}.ipynb"))
    assert not sorted(refs - set(keys)), f"{chapter}.ipynb quotes keys its module does not declare"
    assert not sorted(set(keys) - refs), f"smegvc.report.{CHAPTERS[chapter]}.KEYS declares keys the chapter never quotes"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_numbers_returns_exactly_the_declared_keys(chapter):
    mod = import_module(f"smegvc.report.{CHAPTERS[chapter]}")
    assert mod.KEYS == declared_keys(CHAPTERS[chapter])
    n = mod.numbers()
    assert list(n) == list(mod.KEYS)
    for k, v in n.items():
        assert type(v) in (int, float, str), f"{k}: {type(v).__name__} is not a plain number or text"
        assert isinstance(v, str) or math.isfinite(v), f"{k} = {v}"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_imports_only_its_module_and_shared_helpers(chapter):
    own = f"smegvc.report.{CHAPTERS[chapter]}"
    tree = ast.parse(code_of(BOOK / f"{chapter}.ipynb"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            imported |= {f"{base}.{a.name}" if base == "smegvc.report" else base for a in node.names}
    smegvc = {m for m in imported if m.split(".")[0] == "smegvc"}
    assert own in smegvc, f"{chapter}.ipynb does not import {own}"
    assert smegvc <= SHARED | {own}, f"{chapter}.ipynb imports {sorted(smegvc - SHARED - {own})}"
    assert f"glue_all({CHAPTERS[chapter]}.numbers())" in code_of(BOOK / f"{chapter}.ipynb")
