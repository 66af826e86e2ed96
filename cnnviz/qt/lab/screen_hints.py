"""On-screen hints ("Press → or Space …, P to play") that exports leave out: a label
showing one is blank while a PNG or a GIF frame is rendered."""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtWidgets import QLabel, QWidget

#: QLabel property holding the on-screen hint the label shows
SCREEN_HINT = "cnnvizScreenHint"


def set_screen_hint(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` on screen only: PNG and GIF exports blank it."""
    label.setProperty(SCREEN_HINT, text)
    label.setText(text)


@contextmanager
def screen_hints_blanked(root: QWidget):
    """Labels under ``root`` showing a screen hint are blank inside the block."""
    blanked = []
    for lab in root.findChildren(QLabel):
        hint = lab.property(SCREEN_HINT)
        if hint and lab.text() == hint:
            lab.setText("")
            blanked.append((lab, hint))
    try:
        yield
    finally:
        for lab, hint in blanked:
            lab.setText(hint)
