"""The layering rules: core imports neither Qt nor Keras; inference imports no Qt.

Checked on the source (every import statement, at any depth) and at run time (importing
the layer does not load the forbidden packages)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cnnviz"
QT = {"PySide6", "pyqtgraph", "shiboken6"}
KERAS = {"keras", "tensorflow", "jax", "torch"}
RULES = {"core": QT | KERAS, "inference": QT, "cli": QT}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_nothing_forbidden(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"cnnviz/{layer} has no modules"
    bad = {}
    for f in files:
        hits = imported_roots(f) & RULES[layer]
        if hits:
            bad[str(f.relative_to(PACKAGE))] = sorted(hits)
    assert not bad, f"forbidden imports in cnnviz/{layer}: {bad}"


def test_qt_views_never_import_keras():
    bad = {str(f.relative_to(PACKAGE)): sorted(imported_roots(f) & KERAS)
           for f in (PACKAGE / "qt").rglob("*.py") if imported_roots(f) & KERAS}
    assert not bad, f"Qt views must receive NumPy arrays, not call Keras: {bad}"


def test_importing_core_loads_no_qt_or_keras():
    code = (
        "import importlib, pkgutil, sys, cnnviz.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('cnnviz.core.' + m.name)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in "
        f"{sorted(QT | KERAS)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_cli_parser_and_gui_window_do_not_import_keras():
    """`cnnviz --help` and building the window must not pay for importing TensorFlow."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from cnnviz.cli.main import build_parser; build_parser()\n"
        "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
        "from cnnviz.app.application import build_window; w = build_window(None)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('keras', 'tensorflow')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
