"""The layers stay visible: import-linter's contracts hold, cover every module, and nothing hides a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "indicators"
VIEWS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
MAX_MODULE_LINES = 450


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["importlinter"]["contracts"]


def _layer_names() -> set[str]:
    (layers,) = [c for c in _contracts() if c["id"] == "layers"]
    return {name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_import_contracts_hold() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode != 0:  # the module path of the console script differs between versions
        out = subprocess.run([Path(sys.executable).with_name("lint-imports"), "--no-cache"],
                             capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_every_module_of_the_package_is_in_the_layers_contract() -> None:
    named = _layer_names()
    top_level = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()
    }
    missing = sorted(top_level - named - {"__init__"})
    assert not missing, (
        f"add {missing} to a layer in pyproject.toml [tool.importlinter] (pure domain or a layer folder)"
    )


def test_the_pure_contract_names_every_pure_module() -> None:
    (layers,) = [c for c in _contracts() if c["id"] == "layers"]
    pure = {n.strip() for layer in layers["layers"][-2:] for n in layer.split(":")}
    (forbidden,) = [c for c in _contracts() if c["id"] == "pure"]
    assert {f"indicators.{m}" for m in pure} == set(forbidden["source_modules"])


def test_no_import_cycle_in_the_package() -> None:
    graph = grimp.build_graph("indicators", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    edges = {m: graph.find_modules_directly_imported_by(m) & graph.modules for m in modules}
    # Tarjan's strongly connected components: any component of more than one module is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for m in modules:
        if m not in index:
            visit(m)
    assert not cycles, f"import cycles: {cycles}"


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside a function body whose line above is not a one-line reason (a comment)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import | ast.ImportFrom):
                above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
                if not above.startswith("#"):
                    found.append((node.lineno, lines[node.lineno - 1].strip()))
    return found


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_inside_functions_only_for_optional_heavy_dependencies_with_a_reason(module: Path) -> None:
    if "migrations" in module.parts:
        return  # Alembic's own script layout
    assert _function_imports(module) == []


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(module: Path) -> None:
    assert len(module.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_views_do_not_import_sqlalchemy_or_the_store(view: Path) -> None:
    found = {n for n in _imports(view) if n.split(".")[0] == "sqlalchemy" or n.startswith("indicators.store")}
    assert not found, f"{view.name} imports {found}: views go through indicators.ui and indicators.services"


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_pages_stay_thin(view: Path) -> None:
    assert len(view.read_text(encoding="utf-8").splitlines()) <= 150
