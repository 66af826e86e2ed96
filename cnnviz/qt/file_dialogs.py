"""The file dialog for opening a picture, one for every page (the labs, the filters,
the digit page): the same list of formats, the ones :mod:`cnnviz.core.images` reads."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from cnnviz.core.images import IMAGE_SUFFIXES


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


def image_file_filter() -> str:
    """``Images (*.png *.jpg …);;All files (*)`` in the UI's language."""
    return _tr("Images (%1);;All files (*)").replace("%1", " ".join(f"*{s}" for s in IMAGE_SUFFIXES))


def ask_image_path(parent: QWidget, title: str) -> str:
    """The picture the user chose, or "" when the dialog was cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", image_file_filter())
    return path
