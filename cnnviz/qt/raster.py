"""Images that change with every pen movement, painted with one ``QPainter.drawImage``.

The live views (feature-map mosaics, the model input, the probability bars) repaint for
each stroke; a plain widget that draws one prepared QImage costs a fraction of a
pyqtgraph GraphicsView's scene machinery (docs/performance.md). pyqtgraph stays for the
plots people interact with (curves, histograms, the lab's grids).

* :func:`lut32` / :func:`colour` (from :mod:`cnnviz.core.colour`) turn a colour table
  into packed RGB32 words and map float values through it in one OpenCV pass;
* :class:`RasterView` shows a QImage fitted into the widget (aspect kept, centred, sharp
  pixels), maps between widget and image coordinates, and lets subclasses paint an
  overlay (labels, a selection frame) in widget coordinates.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.core.colour import colour, lut32, unpack_rgb  # noqa: F401 - unpack_rgb: tests read what is shown


def rgb32(color: QColor) -> int:
    return 0xFF000000 | (color.red() << 16) | (color.green() << 8) | color.blue()


def qimage_words(image: QImage) -> np.ndarray:
    """The pixels of an RGB32/ARGB32 QImage as a ``(h, w)`` uint32 array (a copy)."""
    h, w = image.height(), image.width()
    a = np.frombuffer(image.constBits(), np.uint32, count=h * image.bytesPerLine() // 4)
    return a.reshape(h, -1)[:, :w].copy()


class RasterView(QWidget):
    """A QImage fitted into the widget; subclasses add an overlay in :meth:`paint_overlay`.

    ``set_image(qimage, owner)`` keeps ``owner`` (the NumPy buffer the QImage points
    into) alive with it. Pixels stay sharp when enlarged (no smoothing: a 28×28 input
    must look like 28×28 cells)."""

    def __init__(self, parent: QWidget | None = None, *, margin: int = 1) -> None:
        super().__init__(parent)
        self._qimage: QImage | None = None
        self._owner = None
        self._margin = int(margin)
        self._right = 0  # space kept free on the right (a colour bar)
        self._geom: tuple | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # -- image ---------------------------------------------------------------------------
    def set_image(self, image: QImage | None, owner=None) -> None:
        self._qimage, self._owner = image, owner
        self.update()

    def qimage(self) -> QImage | None:
        return self._qimage

    def image_size(self) -> tuple[int, int]:
        """``(h, w)`` of the image shown (0, 0 without one)."""
        q = self._qimage
        return (q.height(), q.width()) if q is not None else (0, 0)

    # -- geometry ------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates (empty without an image)."""
        h, w = self.image_size()
        if not h or not w:
            return QRectF()
        m = self._margin
        aw, ah = max(1, self.width() - 2 * m - self._right), max(1, self.height() - 2 * m)
        s = min(aw / w, ah / h)
        # Whole device pixels: the fill around the image then meets it without a seam.
        tw, th = max(1, round(w * s)), max(1, round(h * s))
        return QRectF(m + (aw - tw) // 2, m + (ah - th) // 2, tw, th)

    def to_image(self, pos: QPointF) -> tuple[float, float] | None:
        """``(y, x)`` image coordinates under widget position ``pos`` (None: outside)."""
        r = self.image_rect()
        if r.isEmpty() or not r.contains(pos):
            return None
        h, w = self.image_size()
        return (pos.y() - r.top()) * h / r.height(), (pos.x() - r.left()) * w / r.width()

    def to_widget(self, y: float, x: float) -> QPointF:
        """Widget position of image coordinates ``(y, x)`` (pixel centres at +0.5)."""
        r = self.image_rect()
        h, w = self.image_size()
        return QPointF(r.left() + x * r.width() / max(w, 1), r.top() + y * r.height() / max(h, 1))

    # -- painting ------------------------------------------------------------------------
    def background(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _geometry(self) -> tuple[QRectF, list[QRectF]]:
        """The image rect and the bands around it (cached per widget and image size: the
        paint of each frame then only draws)."""
        key = (self.width(), self.height(), self.image_size(), self._right, self._margin)
        if self._geom is None or self._geom[0] != key:
            target = self.image_rect()
            w, h = float(self.width()), float(self.height())
            bands = [QRectF(0, 0, w, target.top()), QRectF(0, target.bottom(), w, h - target.bottom()),
                     QRectF(0, target.top(), target.left(), target.height()),
                     QRectF(target.right(), target.top(), w - target.right(), target.height())]
            self._geom = (key, target, [b for b in bands if b.width() > 0 and b.height() > 0])
        return self._geom[1], self._geom[2]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        bg = self.background()
        if self._qimage is None:
            painter.fillRect(event.rect(), bg)
            target = QRectF()
        else:
            target, bands = self._geometry()
            # Fill only around the image (it is opaque): one pass over the pixels, not two.
            for band in bands:
                painter.fillRect(band, bg)
            painter.drawImage(target, self._qimage)
        self.paint_overlay(painter, target)
        painter.end()

    def paint_overlay(self, painter: QPainter, target: QRectF) -> None:
        """Paint on top of the image (widget coordinates); ``target`` is the image rect."""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 120)
