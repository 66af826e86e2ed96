"""A lesson's drawing replayed on the digit page's canvas as pen moves, so the class sees
the probabilities settle while "the pen" draws (as when a student draws). Uses only the
canvas's public stroke API (``begin_stroke`` / ``continue_stroke`` / ``end_stroke``)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, QTimer, Signal

#: How long a replayed drawing takes, and the time between two pen moves.
DURATION_MS, TICK_MS = 900, 15


class StrokeReplay(QObject):
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonStrokeReplay")
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._canvas = None
        self._points: list[tuple[int, QPointF]] = []   # (stroke number, point), in drawing order
        self._next = 0
        self._per_tick = 1
        self._stroke = -1

    @property
    def running(self) -> bool:
        return self._canvas is not None

    def start(self, canvas, strokes: list[np.ndarray]) -> None:
        """Clear ``canvas`` and draw ``strokes`` ((N, 2) arrays of x, y in 0…1) on it."""
        self.finish()
        h, w = canvas.buffer_shape()
        self._points = [(i, QPointF(float(x) * (w - 1), float(y) * (h - 1)))
                        for i, stroke in enumerate(strokes)
                        for x, y in np.clip(np.asarray(stroke, dtype=np.float64).reshape(-1, 2), 0.0, 1.0)]
        if not self._points:
            return
        canvas.clear()
        self._canvas, self._next, self._stroke = canvas, 0, -1
        self._per_tick = max(1, -(-len(self._points) * TICK_MS // DURATION_MS))
        self._timer.start()

    def finish(self) -> None:
        """Draw what is left at once (the lesson moves on, the window closes)."""
        if self._canvas is None:
            return
        self._draw(len(self._points))

    def _tick(self) -> None:
        self._draw(self._next + self._per_tick)

    def _draw(self, until: int) -> None:
        canvas = self._canvas
        for i, point in self._points[self._next:until]:
            if i != self._stroke:
                if self._stroke >= 0:
                    canvas.end_stroke()
                canvas.begin_stroke(point)
                self._stroke = i
            else:
                canvas.continue_stroke(point)
        self._next = min(until, len(self._points))
        if self._next >= len(self._points):
            canvas.end_stroke()
            self._timer.stop()
            self._canvas = None
            self.finished.emit()
