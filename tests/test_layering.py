"""The layering rules of cnnviz, checked on the source.

Every import statement counts, at any depth (module level, inside functions and
methods, inside ``try``), except those under ``if TYPE_CHECKING:``, which never run.

The allowed arrows::

    core   NumPy/OpenCV only: no Qt, no Keras, nothing of inference/state/app/qt/cli
    inference   Keras, no Qt, nothing of qt/app/cli
    state  Qt-free models
    qt     views only: no cnnviz.inference, no cnnviz.app, no cnnviz.cli
    app    controllers: may use all of the above
    cli    the command line; only cnnviz.cli and cnnviz.__main__ import it

Nothing in cnnviz imports ``benchmarks``; the module import graph has no cycles; no
file in cnnviz is longer than 400 lines. The run-time tests at the end check that
importing a layer does not load the forbidden packages.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cnnviz"
QT = {"PySide6", "pyqtgraph", "shiboken6"}
KERAS = {"keras", "tensorflow", "jax", "torch"}
MAX_LINES = 400

#: layer -> (forbidden third-party roots, forbidden cnnviz packages)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "core": (QT | KERAS, {"cnnviz.inference", "cnnviz.state", "cnnviz.app", "cnnviz.qt", "cnnviz.cli"}),
    "inference": (QT, {"cnnviz.qt", "cnnviz.app", "cnnviz.cli"}),
    "state": (QT | KERAS, {"cnnviz.inference", "cnnviz.qt", "cnnviz.app", "cnnviz.cli"}),
    "qt": (set(), {"cnnviz.inference", "cnnviz.app", "cnnviz.cli"}),
    "lessons": (QT | KERAS, {"cnnviz.qt", "cnnviz.app", "cnnviz.cli"}),
}


# -- reading the imports ----------------------------------------------------------------
def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(node: ast.AST):
    """Every Import/ImportFrom below ``node``, skipping ``if TYPE_CHECKING:`` bodies."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for sub in child.orelse:
                yield from _import_nodes(ast.Module(body=[sub], type_ignores=[]))
        else:
            yield from _import_nodes(child)


def imported_names(path: Path) -> set[str]:
    return names_in_source(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def names_in_source(source: str, me: str, is_package: bool = False) -> set[str]:
    """The full dotted names a module imports (``from a.b import c`` gives ``a.b.c`` when
    ``a.b.c`` is a cnnviz module, else ``a.b``); relative imports resolved."""
    tree = ast.parse(source)
    package = me if is_package else me.rpartition(".")[0]
    names: set[str] = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
            continue
        if node.level:
            base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        for alias in node.names:
            full = f"{base}.{alias.name}"
            names.add(full if full in MODULES else base)
    return names


IMPORTS: dict[str, set[str]] = {m: imported_names(p) for m, p in MODULES.items()}


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _rel(module: str) -> str:
    return str(MODULES[module].relative_to(PACKAGE.parent))


# -- the rules --------------------------------------------------------------------------
@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_nothing_forbidden(layer):
    roots, packages = RULES[layer]
    mods = [m for m in MODULES if _under(m, f"cnnviz.{layer}")]
    if not mods and layer == "state":
        pytest.skip("cnnviz/state does not exist yet")
    assert mods, f"cnnviz/{layer} has no modules"
    bad = {}
    for m in mods:
        hits = sorted(n for n in IMPORTS[m]
                      if n.split(".")[0] in roots or any(_under(n, p) for p in packages))
        if hits:
            bad[_rel(m)] = hits
    assert not bad, f"forbidden imports in cnnviz/{layer}: {bad}"


def test_qt_views_never_import_keras():
    bad = {_rel(m): sorted(n for n in IMPORTS[m] if n.split(".")[0] in KERAS)
           for m in MODULES if _under(m, "cnnviz.qt") and any(n.split(".")[0] in KERAS for n in IMPORTS[m])}
    assert not bad, f"Qt views must receive NumPy arrays, not call Keras: {bad}"


def test_only_the_command_line_imports_cli():
    allowed = {"cnnviz.__main__"}
    bad = {_rel(m): sorted(n for n in IMPORTS[m] if _under(n, "cnnviz.cli"))
           for m in MODULES if not _under(m, "cnnviz.cli") and m not in allowed
           and any(_under(n, "cnnviz.cli") for n in IMPORTS[m])}
    assert not bad, f"cnnviz.cli is the top of the stack; these import it: {bad}"


def test_nothing_imports_benchmarks():
    bad = {_rel(m): sorted(n for n in IMPORTS[m] if _under(n, "benchmarks"))
           for m in MODULES if any(_under(n, "benchmarks") for n in IMPORTS[m])}
    assert not bad, f"the benchmarks drive the app from outside; the package must not import them: {bad}"


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), plus any
    module that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        # iterative DFS: (node, iterator over its successors)
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return found


def module_graph() -> dict[str, set[str]]:
    return {m: {n for n in names if n in MODULES} for m, names in IMPORTS.items()}


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert sorted(import_cycles(graph)) == [["a", "b", "c"], ["e"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_relative_type_checking_and_function_level_imports_are_read():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import geometry\n"
        "from ..qt import raster\n"
        "if TYPE_CHECKING:\n"
        "    from cnnviz.app import session\n"
        "else:\n"
        "    import json\n"
        "def f():\n"
        "    try:\n"
        "        from cnnviz.inference.bundled import BUNDLED\n"
        "    except ImportError:\n"
        "        pass\n"
    )
    names = names_in_source(source, "cnnviz.core.example")
    assert names == {"typing", "cnnviz.core.geometry", "cnnviz.qt.raster", "json", "cnnviz.inference.bundled"}
    assert "cnnviz.qt.import_scan" in IMPORTS["cnnviz.qt"]  # a package's __init__ is read too


def test_no_import_cycles():
    cycles = import_cycles(module_graph())
    assert not cycles, "import cycles between modules: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_no_file_over_400_lines():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"files over {MAX_LINES} lines (split them by responsibility): {long}"


# -- at run time ------------------------------------------------------------------------
@pytest.mark.parametrize("layer", ["core", "state"])
def test_importing_core_or_state_loads_no_qt_or_keras(layer):
    if not (PACKAGE / layer).is_dir():
        pytest.skip(f"cnnviz/{layer} does not exist yet")
    code = (
        f"import importlib, pkgutil, sys\n"
        f"for m in pkgutil.iter_modules([{str(PACKAGE / layer)!r}]): importlib.import_module('cnnviz.{layer}.' + m.name)\n"
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
