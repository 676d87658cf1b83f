"""The shape of the code: imports point one way, no module imports itself back, modules stay small.

The layers themselves are import-linter contracts in pyproject.toml (run by `make test`);
this test adds what a layers contract cannot see: cycles between modules of one package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("registry", "ingest", "api")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every first-party module `path` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in modules}


def test_no_import_cycles():
    modules = _modules()
    g = nx.DiGraph()
    for name, path in modules.items():
        for target in _imports(path, modules):
            if target != name and not name.startswith(target + "."):  # a package's own __init__ is not a cycle
                g.add_edge(name, target)
    cycles = list(nx.simple_cycles(g))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def test_the_cycle_check_sees_a_cycle():
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    assert list(nx.simple_cycles(g))


@pytest.mark.parametrize("pkg", PACKAGES)
def test_no_module_over_the_limit(pkg):
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / pkg).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by noun): {long}"


def test_registry_never_imports_ingest_or_api():
    modules = _modules()
    bad = {name: sorted(t for t in _imports(path, modules) if t.split(".")[0] in ("ingest", "api"))
           for name, path in modules.items() if name.startswith("registry")}
    assert not {k: v for k, v in bad.items() if v}


def test_registry_knows_no_screens():
    """The domain returns data: no HTML markup and no HTTP status codes in registry/."""
    hits = [str(p.relative_to(ROOT)) for p in (ROOT / "registry").rglob("*.py")
            if "<mark>" in (t := p.read_text(encoding="utf-8")) or "http_status" in t]
    assert not hits
