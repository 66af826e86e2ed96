"""Helpers shared by the lab page tests."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cnnviz.core.numbers import fmt


def press(qtbot, widget, key) -> None:
    """Press a key the way a user does: the event goes through Qt's shortcut map."""
    qtbot.keyClick(widget, key)


def texts(a) -> list[list[str]]:
    return [[fmt(v) for v in row] for row in a]


def blank(h: int, w: int) -> list[list[str]]:
    return [[""] * w for _ in range(h)]


def select_combo(combo, data) -> int:
    """Choose the item with ``data`` as a user does (``activated`` fires)."""
    i = combo.findData(data)
    assert i >= 0, f"no item {data!r} in {combo.objectName()}"
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    return i


RIGHT, LEFT, END, HOME, SPACE = Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_Space
