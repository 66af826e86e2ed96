"""A watchdog that measures how long the UI thread was blocked.

A precise QTimer ticks every few milliseconds on the UI thread; whenever a tick comes
later than it should, the UI thread was busy (a paint, a slot, a blocking call) for that
long. The longest gap, less the interval, is the longest block. Phases ("drawing",
"loading", ...) keep their own maxima so the report can say where a block happened.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QObject, Qt, QTimer


class UiBlockWatchdog(QObject):
    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("benchUiBlockWatchdog")
        self.interval_ms = int(interval_ms)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._phase: str | None = None
        self.max_block_ms: dict[str, float] = {}
        self.ticks = 0

    # -- control ------------------------------------------------------------------------
    def start(self, phase: str) -> None:
        self._phase = phase
        self.max_block_ms.setdefault(phase, 0.0)
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()  # a block that lasted until now counts too
        self._last = None
        self._phase = None

    @contextmanager
    def watching(self, phase: str) -> Iterator["UiBlockWatchdog"]:
        self.start(phase)
        try:
            yield self
        finally:
            self.stop()

    # -- results ------------------------------------------------------------------------
    def overall_max_ms(self) -> float:
        return max(self.max_block_ms.values(), default=float("nan"))

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None and self._phase is not None:
            late = (now - self._last) * 1000.0 - self.interval_ms
            if late > self.max_block_ms[self._phase]:
                self.max_block_ms[self._phase] = late
            self.ticks += 1
        self._last = now
