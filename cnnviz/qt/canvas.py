"""A drawing canvas for digits (and for the Convolution Lab's own inputs).

Ink lives in an 8-bit grayscale :class:`QImage` (by default 280×280, ten times MNIST's
28×28) that QPainter draws anti-aliased round-capped strokes into. The widget only shows
that buffer scaled to fit; everything else reads the ink as a NumPy array:

* :meth:`DrawingCanvas.ink` → ``float32 (H, W)`` in ``0..1`` (1 = full ink);
* :meth:`DrawingCanvas.set_ink` puts any 2-D array (resized to the buffer) on the canvas.

Input: mouse, pen/tablet (pressure scales the brush) and touch (one finger draws).
``ink_changed(ink)`` is emitted after every pen movement and carries the pixels (one
copy of the 8-bit buffer, ~10 µs, made only when someone listens): listeners never
reach back into the canvas. Undo/redo work per stroke
(and per clear / :meth:`set_ink`), keeping snapshots of the small buffer.
"""
from __future__ import annotations

import zlib

import numpy as np
from PySide6.QtCore import QMetaMethod, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.core.ink import ink_to_buffer
from cnnviz.qt.canvas_input import CanvasInput

DEFAULT_SIZE = 280
MIN_BRUSH = 1.0
MAX_BRUSH = 80.0
UNDO_DEPTH = 200


class DrawingCanvas(CanvasInput, QWidget):
    """Draw with the mouse, a pen or a finger; read the ink as a NumPy array."""

    ink_changed = Signal(object)
    """After every change of the ink (each pen movement, clear, undo, set_ink, …), with
    the ink: ``uint8 (H, W)``, a copy the listeners may keep (made only when someone listens)."""
    stroke_started = Signal()
    stroke_finished = Signal()
    edit_committed = Signal()
    """A finished stroke, a clear, an undo/redo or a new picture: an edit worth keeping."""
    history_changed = Signal(bool, bool)
    """``(can_undo, can_redo)``"""
    brush_size_changed = Signal(float)
    eraser_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        size: int | tuple[int, int] = DEFAULT_SIZE,
        brush_size: float = 22.0,
        ink_color: QColor | None = None,
        paper_color: QColor | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drawingCanvas")
        h, w = (size, size) if isinstance(size, int) else size
        if h < 2 or w < 2:
            raise ValueError(f"the canvas must be at least 2×2 pixels, got {w}×{h}")
        self._image = QImage(w, h, QImage.Format.Format_Grayscale8)
        self._image.fill(0)
        self._brush = float(brush_size)
        self._eraser = False
        # Snapshots are zlib-compressed (a 280×280 drawing is mostly paper: ~3 KB instead
        # of 77 KB), so a full undo history costs ~1 MB rather than ~15 MB (python -m benchmarks).
        self._undo: list[bytes] = []
        self._redo: list[bytes] = []
        self._drawing = False
        self._points: list[QPointF] = []  # last points of the stroke (buffer coordinates)
        self._last_width = self._brush
        self._hover: QPointF | None = None
        self._ink_color = QColor(ink_color) if ink_color is not None else QColor(255, 255, 255)
        self._paper_color = QColor(paper_color) if paper_color is not None else QColor(0, 0, 0)
        self._lut = self._make_lut()
        self._show_guide = True
        self._temp_eraser = False
        self._history_state = (False, False)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 140)
        self.setToolTip(self.tr("Draw here with the mouse, a pen or a finger. "
                                "Right button or E: eraser; Ctrl+Z undo; Delete clears."))
        self.setAccessibleName(self.tr("Drawing canvas"))
        self._INK_SIGNAL = QMetaMethod.fromSignal(self.ink_changed)

    # -- public API ----------------------------------------------------------------------
    def buffer_shape(self) -> tuple[int, int]:
        return self._image.height(), self._image.width()

    def ink(self) -> np.ndarray:
        """The ink as ``float32 (H, W)`` in ``0..1`` (a copy)."""
        return self._view().astype(np.float32) * np.float32(1.0 / 255.0)

    def ink_u8(self) -> np.ndarray:
        """The ink as ``uint8 (H, W)`` (a copy)."""
        return self._view().copy()

    def is_empty(self) -> bool:
        return not self._view().any()

    def set_ink(self, arr: np.ndarray, *, undoable: bool = True) -> None:
        """Put a 2-D array on the canvas (values 0..1, or 0..255 for integer arrays);
        other sizes are resized to the buffer keeping the whole image visible."""
        u8 = ink_to_buffer(arr, self.buffer_shape())
        if undoable:
            self._push_undo()
        self._view()[:, :] = u8
        self._changed()
        if undoable:
            self.edit_committed.emit()

    def clear(self) -> None:
        if self.is_empty():
            return
        self._push_undo()
        self._image.fill(0)
        self._changed()
        self.edit_committed.emit()

    def history(self) -> tuple[list[bytes], list[bytes]]:
        """The undo and redo snapshots (zlib-compressed pixel buffers), oldest first."""
        return list(self._undo), list(self._redo)

    def set_history(self, undo: list[bytes], redo: list[bytes]) -> None:
        """Put back a history from :meth:`history`; ValueError (one line) if a snapshot is
        not a buffer of this canvas's size."""
        size = self.buffer_shape()[0] * self.buffer_shape()[1]
        for snap in (*undo, *redo):
            try:
                ok = len(zlib.decompress(snap)) == size
            except (zlib.error, TypeError):
                ok = False
            if not ok:
                raise ValueError(f"an undo step is not a {self.buffer_shape()[1]}×{self.buffer_shape()[0]} drawing")
        self._undo, self._redo = list(undo)[-UNDO_DEPTH:], list(redo)[-UNDO_DEPTH:]
        self._changed()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if not self._undo:
            return
        self._redo.append(self._snapshot())
        self._restore(self._undo.pop())
        self._changed()
        self.edit_committed.emit()

    def redo(self) -> None:
        if not self._redo:
            return
        self._undo.append(self._snapshot())
        self._restore(self._redo.pop())
        self._changed()
        self.edit_committed.emit()

    def brush_size(self) -> float:
        """Brush diameter in buffer pixels."""
        return self._brush

    def set_brush_size(self, size: float) -> None:
        size = float(min(MAX_BRUSH, max(MIN_BRUSH, size)))
        if size != self._brush:
            self._brush = size
            self.brush_size_changed.emit(size)
            self.update()

    def is_eraser(self) -> bool:
        return self._eraser

    def set_eraser(self, on: bool) -> None:
        on = bool(on)
        if on != self._eraser:
            self._eraser = on
            self.eraser_changed.emit(on)

    def set_colors(self, ink: QColor, paper: QColor) -> None:
        self._ink_color, self._paper_color = QColor(ink), QColor(paper)
        self._lut = self._make_lut()
        self.update()

    def set_show_guide(self, on: bool) -> None:
        self._show_guide = bool(on)
        self.update()

    # -- drawing in buffer coordinates (also used by tests and scripted demos) -----------
    def begin_stroke(self, pos: QPointF, pressure: float = 1.0) -> None:
        self._push_undo()
        self._drawing = True
        self._points = [QPointF(pos)]
        self._last_width = self._width_for(pressure)
        self.stroke_started.emit()
        self._dab(pos, self._last_width)
        self._changed(self._stroke_rect((pos,), self._last_width))

    def continue_stroke(self, pos: QPointF, pressure: float = 1.0) -> None:
        if not self._drawing:
            return
        pos = QPointF(pos)
        last = self._points[-1]
        if (pos - last).manhattanLength() < 0.25:
            return
        width = self._width_for(pressure)
        painter = self._painter(width)
        if len(self._points) >= 2:
            # A quadratic Bézier from the midpoint of the previous segment through the last
            # point to the midpoint of this segment: smooth curves from jagged samples.
            prev = self._points[-2]
            start = (prev + last) * 0.5
            end = (last + pos) * 0.5
            path = QPainterPath(start)
            path.quadTo(last, end)
            painter.drawPath(path)
        else:
            painter.drawLine(last, (last + pos) * 0.5)
        painter.end()
        dirty = self._stroke_rect(tuple(self._points[-2:]) + (pos,), max(width, self._last_width))
        self._points = [last, pos]
        self._last_width = width
        self._changed(dirty)

    def end_stroke(self) -> None:
        if not self._drawing:
            return
        if len(self._points) >= 2:
            a, b = self._points[-2], self._points[-1]
            painter = self._painter(self._last_width)
            painter.drawLine((a + b) * 0.5, b)
            painter.end()
            self._changed(self._stroke_rect((a, b), self._last_width))
        self._drawing = False
        self._points = []
        self.stroke_finished.emit()
        self.edit_committed.emit()

    def is_drawing(self) -> bool:
        return self._drawing

    # -- Qt events -------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        # Sized by its page (see set_height_for_width): asks for no more than its minimum.
        return QSize(420, 420) if self.hasHeightForWidth() else self.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return getattr(self, "_height_for_width", True)

    def set_height_for_width(self, on: bool) -> None:
        """Whether layouts give the canvas its buffer's aspect (on by default). A page
        that sizes the canvas itself turns it off, so that the square does not count
        as the canvas's minimum height."""
        self._height_for_width = bool(on)
        self.updateGeometry()  # and its size hint becomes its minimum size

    def heightForWidth(self, w: int) -> int:
        h, bw = self.buffer_shape()
        return round(w * h / bw)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        target = self._target_rect()
        # python -m benchmarks: draw the 8-bit buffer itself (default colours) or an Indexed8 view
        # of it with the colour table — no NumPy colouring of 280×280 pixels per paint.
        shown = self._image if self._identity_colors else self._indexed_view()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, shown)
        scale = target.width() / self._image.width()
        if self._show_guide:
            # The central 20/28 box MNIST scales a digit into: draw inside it for the best
            # match with the training data.
            pen = QPen(QColor(128, 128, 128, 110), 1.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            m = target.width() * 4 / 28
            painter.drawRect(target.adjusted(m, m, -m, -m))
        painter.setPen(QPen(QColor(128, 128, 128), 1.0))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        if self._hover is not None and not self._drawing:
            r = self._brush * scale / 2
            c = QPointF(target.left() + self._hover.x() * scale, target.top() + self._hover.y() * scale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(230, 80, 80) if self._eraser else QColor(120, 160, 255), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(c, r, r)
        painter.end()

    # -- internals -------------------------------------------------------------------------
    def _view(self) -> np.ndarray:
        """A writable NumPy view of the buffer's pixels (no copy)."""
        h, w = self._image.height(), self._image.width()
        bpl = self._image.bytesPerLine()
        buf = np.frombuffer(self._image.bits(), dtype=np.uint8, count=bpl * h)
        return buf.reshape(h, bpl)[:, :w]

    def _make_lut(self) -> np.ndarray:
        t = np.linspace(0.0, 1.0, 256, dtype=np.float32)[:, None]
        ink = np.array(self._ink_color.getRgb()[:3], np.float32)
        paper = np.array(self._paper_color.getRgb()[:3], np.float32)
        lut = np.round(paper + t * (ink - paper)).astype(np.uint8)
        self._color_table = [0xFF000000 | (int(r) << 16) | (int(g) << 8) | int(b) for r, g, b in lut]
        self._identity_colors = bool(np.array_equal(lut, np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, 1)))
        return lut

    def _indexed_view(self) -> QImage:
        """The buffer as an Indexed8 image with the ink/paper colour table (no copy; valid
        while the buffer is)."""
        h, w = self.buffer_shape()
        img = QImage(self._image.constBits(), w, h, self._image.bytesPerLine(), QImage.Format.Format_Indexed8)
        img.setColorTable(self._color_table)
        return img

    def _stroke_rect(self, points, width: float) -> QRectF:
        """The buffer area a stroke piece through ``points`` with pen ``width`` touched."""
        xs = [p.x() for p in points]
        ys = [p.y() for p in points]
        r = width / 2 + 2
        return QRectF(min(xs) - r, min(ys) - r, max(xs) - min(xs) + 2 * r, max(ys) - min(ys) + 2 * r)

    def _colored(self) -> QImage:
        h, w = self.buffer_shape()
        v = self._view()
        rgb = np.ascontiguousarray(self._lut[v])  # (h, w, 3)
        out = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        return out

    def _target_rect(self) -> QRectF:
        h, w = self.buffer_shape()
        side = min(self.width() / w, self.height() / h)
        tw, th = w * side, h * side
        return QRectF((self.width() - tw) / 2, (self.height() - th) / 2, tw, th)

    def _to_buffer(self, pos: QPointF) -> QPointF:
        target = self._target_rect()
        scale = self._image.width() / max(target.width(), 1e-9)
        return QPointF((pos.x() - target.left()) * scale, (pos.y() - target.top()) * scale)

    def _width_for(self, pressure: float) -> float:
        p = min(1.0, max(0.05, float(pressure)))
        # Pressure scales the brush between 40% and 100% of its size.
        return self._brush * (0.4 + 0.6 * p) if pressure != 1.0 else self._brush

    def _painter(self, width: float) -> QPainter:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        color = QColor(0, 0, 0) if self._eraser else QColor(255, 255, 255)
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return painter

    def _dab(self, pos: QPointF, width: float) -> None:
        painter = self._painter(width)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0) if self._eraser else QColor(255, 255, 255))
        painter.drawEllipse(pos, width / 2, width / 2)
        painter.end()

    def _snapshot(self) -> bytes:
        return zlib.compress(np.ascontiguousarray(self._view()).tobytes(), 1)

    def _restore(self, snapshot: bytes) -> None:
        h, w = self.buffer_shape()
        self._view()[:, :] = np.frombuffer(zlib.decompress(snapshot), np.uint8).reshape(h, w)

    def _push_undo(self) -> None:
        self._undo.append(self._snapshot())
        if len(self._undo) > UNDO_DEPTH:
            del self._undo[0]
        self._redo.clear()

    def _changed(self, dirty: QRectF | None = None) -> None:
        # python -m benchmarks: repaint only the part of the widget a pen movement touched (a full
        # repaint of the scaled canvas costs ~2 ms per movement, a stroke piece ~0.1 ms).
        if dirty is None:
            self.update()
        else:
            target = self._target_rect()
            scale = target.width() / self._image.width()
            rect = QRectF(target.left() + dirty.left() * scale, target.top() + dirty.top() * scale,
                          dirty.width() * scale, dirty.height() * scale)
            self.update(rect.toAlignedRect().adjusted(-2, -2, 2, 2))
        state = (bool(self._undo), bool(self._redo))
        if state != self._history_state:
            self._history_state = state
            self.history_changed.emit(*state)
        if self.isSignalConnected(self._INK_SIGNAL):
            self.ink_changed.emit(self._view().copy())
