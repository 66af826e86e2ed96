"""How the drawing canvas turns mouse, pen (tablet), touch and key input into strokes.

A mixin of :class:`cnnviz.qt.canvas.DrawingCanvas`: the events only call the canvas's
public stroke API (``begin_stroke`` / ``continue_stroke`` / ``end_stroke``, the eraser,
the brush size, undo/redo/clear) in buffer coordinates.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QMouseEvent, QTabletEvent, QTouchEvent


class CanvasInput:
    """Pointer and key handling for the canvas (see the module docstring)."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            if event.button() == Qt.MouseButton.RightButton:
                self._temp_eraser = not self._eraser
                self.set_eraser(True)
            self.begin_stroke(self._to_buffer(event.position()))
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover = self._to_buffer(event.position())
        if self._drawing:
            self.continue_stroke(self._hover)
        else:
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self.continue_stroke(self._to_buffer(event.position()))
            self.end_stroke()
            if self._temp_eraser:
                self.set_eraser(False)
            self._temp_eraser = False
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        pos = self._to_buffer(event.position())
        pressure = event.pressure() if event.pressure() > 0 else 1.0
        t = event.type()
        if t == QEvent.Type.TabletPress:
            eraser_tip = event.pointerType() == event.pointerType().Eraser
            self._temp_eraser = eraser_tip and not self._eraser
            if eraser_tip:
                self.set_eraser(True)
            self.begin_stroke(pos, pressure)
        elif t == QEvent.Type.TabletMove:
            self._hover = pos
            if self._drawing:
                self.continue_stroke(pos, pressure)
            else:
                self.update()
        elif t == QEvent.Type.TabletRelease:
            self.end_stroke()
            if self._temp_eraser:
                self.set_eraser(False)
            self._temp_eraser = False
        event.accept()

    def event(self, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                 QEvent.Type.TouchCancel):
            self._touch(event)  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if not points:
            return
        p = points[0]
        pos = self._to_buffer(p.position())
        pressure = p.pressure() if p.pressure() > 0 else 1.0
        t = event.type()
        if t == QEvent.Type.TouchBegin:
            self.begin_stroke(pos, pressure)
        elif t == QEvent.Type.TouchUpdate:
            self.continue_stroke(pos, pressure)
        else:
            self.end_stroke()
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        elif event.key() == Qt.Key.Key_E:
            self.set_eraser(not self._eraser)
        elif event.key() in (Qt.Key.Key_BracketLeft, Qt.Key.Key_Minus):
            self.set_brush_size(self._brush - 2)
        elif event.key() in (Qt.Key.Key_BracketRight, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_brush_size(self._brush + 2)
        else:
            super().keyPressEvent(event)
