"""Export helpers any page may reuse: PNG of a widget at presentation resolution, an
animated GIF from rendered frames, CSV of a grid's numbers.

Write failures (read-only folder, full disk) are reported to the user in a message box by
the ``*_or_report`` helpers; the plain functions raise ``OSError`` for tests and callers
that handle it themselves.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cnnviz.core.grid_text import grid_csv_text

PRESENTATION_SCALE = 2.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def render_widget(widget: QWidget, scale: float = PRESENTATION_SCALE) -> QImage:
    """Render ``widget`` (and its children) into an image ``scale`` times its size in
    pixels (device pixel ratio ``scale``), so text and lines stay sharp on slides."""
    size = widget.size()
    if size.width() <= 0 or size.height() <= 0:
        size = widget.sizeHint()
        widget.resize(size)
    img = QImage(QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale))),
                 QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(scale)
    img.fill(widget.palette().window().color())
    painter = QPainter(img)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    return img


def qimage_to_array(img: QImage) -> np.ndarray:
    """``(H, W, 3)`` uint8 RGB copy of ``img``."""
    rgb = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = rgb.width(), rgb.height(), rgb.bytesPerLine()
    buf = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)
    return buf[:, : w * 3].reshape(h, w, 3).copy()


def save_widget_png(widget: QWidget, path: str | Path, scale: float = PRESENTATION_SCALE) -> QSize:
    """Save ``widget`` as a PNG ``scale`` times its on-screen size; returns the pixel size."""
    img = render_widget(widget, scale)
    if not img.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
    return img.size()


def save_gif(frames: Sequence[np.ndarray], path: str | Path, durations_ms: Sequence[float] | float = 500) -> int:
    """Write RGB frames as an endlessly looping animated GIF; returns the frame count."""
    import imageio.v2 as imageio

    if not frames:
        raise ValueError("an animation needs at least one frame")
    if isinstance(durations_ms, (int, float)):
        durations = [float(durations_ms)] * len(frames)
    else:
        durations = [float(d) for d in durations_ms]
    try:
        imageio.mimsave(str(path), [np.asarray(f, dtype=np.uint8) for f in frames], format="GIF",
                        duration=durations, loop=0)
    except (OSError, ValueError) as exc:
        raise OSError(f"cannot write {path}: {exc}") from None
    return len(frames)


def save_csv(values: np.ndarray, path: str | Path) -> None:
    Path(path).write_text(grid_csv_text(values), encoding="utf-8")


def ask_save_path(parent: QWidget, title: str, default_name: str, file_filter: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, file_filter)
    if path and "." not in Path(path).name:
        path += Path(default_name).suffix
    return path


def report_failure(parent: QWidget, path: str | Path, exc: Exception) -> None:
    QMessageBox.warning(parent, _tr("Export failed"),
                        _tr("Could not save %1:\n%2").replace("%1", str(path)).replace("%2", str(exc)))


def write_text(parent: QWidget, path: str | Path, text: str) -> bool:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        report_failure(parent, path, exc)
        return False
    return True


def run_or_report(parent: QWidget, path: str | Path, fn: Callable[[], object]) -> bool:
    """Run an export function; a failure becomes a message box, never a traceback."""
    try:
        fn()
    except (OSError, ValueError) as exc:
        report_failure(parent, path, exc)
        return False
    return True


def export_page_png(window, page: QWidget, key: str) -> None:
    """Ask where, then save ``page`` as a PNG at twice its size; a failure is reported in
    a message box, success in the window's status bar (``window.show_status``)."""
    path, _ = QFileDialog.getSaveFileName(window, QCoreApplication.translate("MainWindow", "Export page as PNG"),
                                          f"cnnviz-{key}.png",
                                          QCoreApplication.translate("MainWindow", "PNG images (*.png)"))
    if not path:
        return
    if Path(path).suffix.lower() != ".png":
        path += ".png"
    try:
        size = save_widget_png(page, path)
    except OSError as exc:
        QMessageBox.warning(window, QCoreApplication.translate("MainWindow", "Export failed"),
                            QCoreApplication.translate("MainWindow", "Could not save {path}: {error}")
                            .format(path=path, error=exc))
        return
    window.show_status(QCoreApplication.translate("MainWindow", "Saved {path} ({w}×{h} pixels)")
                       .format(path=path, w=size.width(), h=size.height()))
