"""Saving and restoring a main window's layout in the settings: its geometry, its dock
and toolbar state and the position of every named splitter (bad saved values are
ignored with a warning)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from cnnviz.qt import settings as S

log = logging.getLogger(__name__)


def restore_window_layout(window: QMainWindow, settings: QSettings, *, geometry: bool = True) -> None:
    if geometry:
        data = S.read_bytes(settings, "window/geometry")
        if data is not None and not window.restoreGeometry(data):
            log.warning("ignoring unreadable window/geometry setting")
    data = S.read_bytes(settings, "window/state")
    if data is not None and not window.restoreState(data):
        log.warning("ignoring unreadable window/state setting")
    for splitter in window.findChildren(QSplitter):
        name = splitter.objectName()
        if not name:
            continue
        data = S.read_bytes(settings, f"window/splitters/{name}")
        if data is not None and not splitter.restoreState(data):
            log.warning("ignoring unreadable state of splitter %s", name)


def save_window_layout(window: QMainWindow, settings: QSettings, *, geometry: bool = True) -> None:
    """``geometry`` False: keep the saved geometry (a full-screen one is not the one to
    come back to)."""
    if geometry:
        settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"window/splitters/{splitter.objectName()}", splitter.saveState())
