"""PySide6 checks every module imported after it for the text "PySide6"; cnnviz keeps the
answer and drops the cost (no source kept in linecache)."""
from __future__ import annotations

import linecache
import sys

import pytest


def test_modules_imported_later_are_classified_as_before_without_filling_linecache(tmp_path, monkeypatch):
    feature = pytest.importorskip("PySide6.support.feature")
    import cnnviz.qt  # noqa: F401 - installs the scan
    from cnnviz.qt.import_scan import _module_file_mentions_pyside, use_byte_scan

    assert use_byte_scan() and feature._mod_uses_pyside is _module_file_mentions_pyside
    (tmp_path / "cnnviz_probe_uses.py").write_text("import PySide6.QtCore\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "cnnviz_probe_plain.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("cnnviz_probe_uses", "cnnviz_probe_plain"):
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)
    uses = __import__("cnnviz_probe_uses")      # an import statement: PySide6's hook sees it
    plain = __import__("cnnviz_probe_plain")
    # PySide6's own rule: 0 (features switchable) for a module that mentions PySide6, -1 otherwise.
    assert feature.pyside_feature_dict.get("cnnviz_probe_uses") == 0
    assert feature.pyside_feature_dict.get("cnnviz_probe_plain") == -1
    assert uses.VALUE == 1 and plain.VALUE == 2
    assert not any(str(tmp_path) in k for k in linecache.cache), "sources were kept in linecache"
    # Modules without a source file (built-ins, extensions) do not use PySide, as before.
    assert _module_file_mentions_pyside(sys) is False
