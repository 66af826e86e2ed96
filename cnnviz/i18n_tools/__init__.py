"""Maintenance of the translation files: extracting strings, compiling, merging.

Used through ``python -m cnnviz.i18n_tools update|release|todo|apply|check`` (or the
older spelling ``python -m cnnviz.qt.i18n …``, which runs this package's ``__main__``).
The run-time half, :mod:`cnnviz.qt.i18n`, never imports this package: the arrow points
one way only (tools → run time), and nothing here runs when the app starts.
"""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from cnnviz.qt import i18n as _rt
from cnnviz.qt.i18n import TRANSLATED


def _tool(name: str) -> list[str]:
    """The command for pyside6-<name> (next to this Python, on PATH, or in the wheel)."""
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return [str(exe)]
    found = shutil.which(f"pyside6-{name}")
    if found:
        return [found]
    try:
        import PySide6

        bundled = Path(PySide6.__file__).parent / name
        if bundled.exists():
            return [str(bundled)]
    except ImportError:
        pass
    raise SystemExit(f"pyside6-{name} not found: install PySide6 (pip install PySide6)")


def source_files() -> list[Path]:
    files: list[Path] = []
    for d in _rt.SOURCE_DIRS:
        files.extend(sorted(p for p in d.rglob("*.py") if "__pycache__" not in p.parts))
    return files


# -- strings lupdate cannot see ---------------------------------------------------------
# lupdate finds literal arguments of tr()/translate(). The code also translates through
# module-level wrappers (``def _tr(text): return QCoreApplication.translate("Ctx", text)``),
# module constants (``self.tr(FLIP_EXPLANATION)``, ``BORDERS`` tables) and data defined in
# cnnviz/core (example and kernel-preset names, preprocessing step titles). These are
# found here and handed to lupdate as a generated file of plain translate() calls.

def _strings_in(node: ast.AST) -> list[str]:
    """Every string constant inside a literal (a dict's values, not its keys)."""
    if isinstance(node, ast.Dict):
        return [s for v in node.values for s in _strings_in(v)]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [s for v in node.elts for s in _strings_in(v)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


#: Contexts whose texts come from data in cnnviz/core (see _core_data_strings).
DATA_CONTEXTS = ("LabExamples", "KernelPresets", "Preprocessing", "BundledModels")


def _module_constants(module: str) -> dict[str, ast.AST]:
    """Module-level assignments of a cnnviz module, by name (for imported constants)."""
    path = _rt.PROJECT_DIR / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = _rt.PROJECT_DIR / module.replace(".", "/") / "__init__.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return {}
    return {n.targets[0].id: n.value for n in tree.body
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)}


def _bind(target: ast.AST, value: ast.AST, out: dict[str, list[ast.AST]]) -> None:
    """Match a for-loop target against a literal element: ``(key, (_name, text))``."""
    if isinstance(target, ast.Name):
        out.setdefault(target.id, []).append(value)
    elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
            and len(target.elts) == len(value.elts):
        for t, v in zip(target.elts, value.elts):
            _bind(t, v, out)


class _ModuleStrings(ast.NodeVisitor):
    def __init__(self, tree: ast.Module) -> None:
        self.constants: dict[str, ast.AST] = {}
        self.wrappers: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                self.constants[node.target.id] = node.value
            elif isinstance(node, ast.FunctionDef) and node.args.args:
                ctx = self._wrapper_context(node)
                if ctx:
                    self.wrappers[node.name] = ctx
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cnnviz"):
                names = {a.name: a.asname or a.name for a in node.names}
                if any(n.isupper() for n in names):
                    other = _module_constants(node.module)
                    for name, local in names.items():
                        if name in other:
                            self.constants[local] = other[name]
        self.found: list[tuple[str, str]] = []
        self.unresolved: list[str] = []
        self._classes: list[str] = []
        self._loops: list[dict[str, list[ast.AST]]] = []

    @staticmethod
    def _wrapper_context(fn: ast.FunctionDef) -> str | None:
        param = fn.args.args[0].arg
        for node in ast.walk(fn):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
                call = node.value
                if _call_name(call) == "translate" and len(call.args) >= 2 \
                        and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str) \
                        and isinstance(call.args[1], ast.Name) and call.args[1].id == param:
                    return call.args[0].value
        return None

    def resolve(self, node: ast.AST) -> list[str] | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.Name):
            for scope in reversed(self._loops):
                if node.id in scope:
                    return [s for v in scope[node.id] for s in (self.resolve(v) or [])]
            if node.id in self.constants:
                return _strings_in(self.constants[node.id])
            return None
        if isinstance(node, ast.Subscript):
            return self.resolve(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            base = self.resolve(node.func.value) or []
            default = self.resolve(node.args[1]) if len(node.args) > 1 else []
            return base + (default or [])
        if isinstance(node, ast.IfExp):
            a, b = self.resolve(node.body), self.resolve(node.orelse)
            return None if a is None or b is None else a + b
        return None

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def visit_For(self, node: ast.For) -> None:  # noqa: N802
        scope: dict[str, list[ast.AST]] = {}
        it = node.iter
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and isinstance(it.func.value, ast.Name):
            literal = self.constants.get(it.func.value.id)
            if isinstance(literal, ast.Dict):
                if it.func.attr == "items":
                    for k, v in zip(literal.keys, literal.values):
                        _bind(node.target, ast.Tuple(elts=[k, v]), scope)
                elif it.func.attr == "values":
                    for v in literal.values:
                        _bind(node.target, v, scope)
        elif isinstance(it, ast.Name) and isinstance(self.constants.get(it.id), (ast.Tuple, ast.List)):
            for v in self.constants[it.id].elts:
                _bind(node.target, v, scope)
        self._loops.append(scope)
        self.generic_visit(node)
        self._loops.pop()

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        name = _call_name(node)
        ctx, arg = None, None
        if name in self.wrappers and node.args:
            ctx, arg = self.wrappers[name], node.args[0]
        elif name == "translate" and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant) \
                and not isinstance(node.args[1], ast.Constant):
            ctx, arg = node.args[0].value, node.args[1]
        elif name == "tr" and isinstance(node.func, ast.Attribute) and node.args \
                and not isinstance(node.args[0], ast.Constant) and self._classes:
            ctx, arg = self._classes[-1], node.args[0]
        if ctx is not None and not (isinstance(arg, ast.Name) and self._is_wrapper_param(arg)):
            strings = self.resolve(arg)
            if strings is None:
                if ctx not in DATA_CONTEXTS:
                    self.unresolved.append(f"line {node.lineno}: {ast.unparse(node)[:90]}")
            else:
                self.found += [(ctx, s) for s in strings]
        self.generic_visit(node)

    def _is_wrapper_param(self, arg: ast.Name) -> bool:
        return arg.id in ("text", "name", "source") and not any(arg.id in s for s in self._loops) \
            and arg.id not in self.constants


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _core_data_strings() -> list[tuple[str, str]]:
    """Names defined as data in cnnviz/core that the Qt layer translates."""
    from cnnviz.core import examples, kernels

    out = [("LabExamples", e.name) for e in (*examples.CONV_EXAMPLES, *examples.POOL_EXAMPLES)]
    for p in kernels.PRESETS:
        out += [("KernelPresets", p.name), ("KernelPresets", p.description)]
    try:  # titles of the bundled models (no Keras import in that module)
        from cnnviz.inference.bundled import BUNDLED

        out += [("BundledModels", m.title) for m in BUNDLED]
    except ImportError:
        pass
    # Preprocessing step titles and notes: made in core (the MNIST pipeline, photo
    # cleaning) and in the inference worker (the invariance transform); shown by the
    # digit page.
    for source in (_rt.PACKAGE_DIR / "core" / "preprocess.py", _rt.PACKAGE_DIR / "core" / "photo_ink.py",
                   _rt.PACKAGE_DIR / "app" / "inference_worker.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) == "Note" and node.args:
                if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    out.append(("Preprocessing", node.args[0].value))
            if isinstance(node, ast.Call) and _call_name(node) == "Step" and len(node.args) >= 2:
                arg = node.args[1]
                for candidate in ([arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]):
                    if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                        out.append(("Preprocessing", candidate.value))
    return [(c, s) for c, s in out if s]


def extra_strings(report=None) -> list[tuple[str, str]]:
    """(context, source) pairs lupdate's own parser misses (see above)."""
    found: list[tuple[str, str]] = []
    for path in source_files():
        visitor = _ModuleStrings(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += visitor.found
        if report is not None:
            for line in visitor.unresolved:
                report(f"{path.relative_to(_rt.PROJECT_DIR)} {line}: text not known before run time")
    found += _core_data_strings()
    seen: set[tuple[str, str]] = set()
    return [x for x in found if not (x in seen or seen.add(x))]


def _write_stub(pairs: list[tuple[str, str]], folder: Path) -> Path:
    stub = folder / "cnnviz_extra_strings.py"
    lines = ["# Generated by cnnviz.i18n_tools for lupdate: strings its parser cannot see.",
             "from PySide6.QtCore import QCoreApplication", ""]
    lines += [f"QCoreApplication.translate({json.dumps(c, ensure_ascii=False)}, "
              f"{json.dumps(s, ensure_ascii=False)})" for c, s in pairs]
    stub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return stub


def update(langs: tuple[str, ...] = TRANSLATED, prune: bool = False) -> None:
    _rt.TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(_rt.PROJECT_DIR)) for p in source_files()]
    with tempfile.TemporaryDirectory(prefix="cnnviz-i18n-") as tmp:
        stub = _write_stub(extra_strings(report=lambda m: print("note:", m)), Path(tmp))
        for lang in langs:
            cmd = _tool("lupdate") + files + [str(stub), "-locations", "none",
                                              "-source-language", "en", "-target-language", lang]
            if prune:
                cmd.append("-no-obsolete")
            cmd += ["-ts", str(_rt.ts_path(lang).relative_to(_rt.PROJECT_DIR))]
            subprocess.run(cmd, cwd=_rt.PROJECT_DIR, check=True)
    release(langs)


def release(langs: tuple[str, ...] = TRANSLATED) -> None:
    for lang in langs:
        subprocess.run(_tool("lrelease") + [str(_rt.ts_path(lang)), "-qm", str(_rt.qm_path(lang))],
                       check=True)


def _messages(root: ET.Element):
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _is_unfinished(message: ET.Element) -> bool:
    tr = message.find("translation")
    if tr is None:
        return True
    kind = tr.get("type")
    if kind in ("obsolete", "vanished"):
        return False
    if kind == "unfinished":
        return True
    if message.get("numerus") == "yes":
        return not any((f.text or "").strip() for f in tr.iter("numerusform"))
    return not (tr.text or "").strip()


def untranslated(lang: str = "ko") -> list[tuple[str, str]]:
    """(context, source) of every message still to translate in cnnviz_<lang>.ts."""
    root = ET.parse(_rt.ts_path(lang)).getroot()
    return [(ctx, m.findtext("source") or "") for ctx, m in _messages(root) if _is_unfinished(m)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def apply_translations(tsv: Path, lang: str = "ko") -> int:
    """Merge ``context<TAB>source<TAB>translation`` lines (\\n, \\t escaped) into the .ts.

    Returns how many messages were set. Lines whose context/source is not in the .ts are
    reported and skipped."""
    tree = ET.parse(_rt.ts_path(lang))
    root = tree.getroot()
    index = {(ctx, m.findtext("source") or ""): m for ctx, m in _messages(root)}
    count = 0
    for lineno, line in enumerate(Path(tsv).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            print(f"{tsv}:{lineno}: expected 3 tab-separated fields, got {len(parts)}", file=sys.stderr)
            continue
        ctx, source, translation = (_unescape(p) for p in parts)
        message = index.get((ctx, source))
        if message is None:
            print(f"{tsv}:{lineno}: no message {source!r} in context {ctx!r}", file=sys.stderr)
            continue
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        tr.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            ET.SubElement(tr, "numerusform").text = translation
        else:
            tr.text = translation
        count += 1
    ET.indent(tree, space="    ")
    with open(_rt.ts_path(lang), "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
        fh.write(b"\n")
    return count
