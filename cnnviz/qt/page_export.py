"""Pictures of widgets for slides: render any widget at 2× into a QImage and save a PNG.

Rendering goes through ``QWidget.render`` onto a QImage with device-pixel ratio 2, so text,
lines and pyqtgraph items are drawn at twice the resolution (not upscaled pixels)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

PRESENTATION_SCALE = 2.0


def render_widget(widget: QWidget, scale: float = PRESENTATION_SCALE) -> QImage:
    """The widget and its children rendered at *scale* × its logical size."""
    size = widget.size()
    if size.isEmpty():
        size = widget.sizeHint().expandedTo(QSize(1, 1))
        widget.resize(size)
    image = QImage(round(size.width() * scale), round(size.height() * scale),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return image


def save_png(image: QImage, path: str | Path) -> Path:
    """Save *image* as PNG; raises OSError naming the file when it cannot be written."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
    if not path.parent.exists():
        raise OSError(f"folder {path.parent} does not exist")
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path
