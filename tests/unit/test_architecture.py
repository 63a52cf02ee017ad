"""The layers stay visible: views import no SQL, pure modules import no Streamlit or SQLAlchemy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VIEWS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
PURE = [
    "stats", "disproportionality", "targets", "suppression", "charts.trend", "catalogue", "periods",
    "cohorts", "readings", "charts.palette", "status", "safe_csv", "charts.sparkline", "actions",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_views_do_not_import_sqlalchemy_or_the_data_layer(view: Path) -> None:
    forbidden = {"sqlalchemy", "indicators.store.queries", "indicators.store.db", "indicators.store.models"}
    found = {n for n in _imports(view) if n.split(".")[0] == "sqlalchemy" or n in forbidden}
    assert not found, f"{view.name} imports {found}: views go through indicators.ui / service"


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_load_neither_streamlit_nor_sqlalchemy(module: str) -> None:
    code = (
        f"import sys, indicators.{module}; "
        "bad = sorted(m for m in ('streamlit', 'sqlalchemy') if m in sys.modules); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"indicators.{module} pulls in {out.stdout.strip()}"


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_pages_stay_thin(view: Path) -> None:
    assert len(view.read_text(encoding="utf-8").splitlines()) <= 150
