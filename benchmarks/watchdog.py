"""A watchdog that measures how long the UI thread was blocked.

A precise QTimer ticks every few milliseconds on the UI thread; whenever a tick comes
later than it should, the UI thread was busy (a paint, a slot, a blocking call) for that
long. The longest gap, less the interval, is the longest block. Phases ("drawing",
"loading", ...) keep their own maxima so the report can say where a block happened.

On Linux the UI thread's run-queue wait (``/proc/thread-self/schedstat``: time it was
ready to run but every CPU core was busy with other processes) is read at each tick too,
so a block can be split into what the app did (its own work, or waiting for the GIL) and
what a busy machine did: :attr:`max_own_block_ms` is the longest block less that wait.
:attr:`max_block_cpu_ms` is the UI thread's CPU time during each phase's longest block:
far below the block, the thread was not computing but waiting (for the GIL, a disk, or
a virtual machine's host); :attr:`max_block_major_faults` counts the pages the thread had
to read from disk meanwhile (code or data the system had evicted from memory).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QObject, Qt, QTimer

try:
    import resource  # POSIX; per-thread figures on Linux
except ImportError:  # Windows
    resource = None


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
        self.max_own_block_ms: dict[str, float] = {}
        self.max_block_cpu_ms: dict[str, float] = {}
        self.max_block_major_faults: dict[str, int] = {}
        self.ticks = 0
        self._wait0: float | None = None
        self._usage0 = _thread_usage()

    # -- control ------------------------------------------------------------------------
    def start(self, phase: str) -> None:
        self._phase = phase
        self.max_block_ms.setdefault(phase, 0.0)
        self.max_own_block_ms.setdefault(phase, 0.0)
        self.max_block_cpu_ms.setdefault(phase, 0.0)
        self.max_block_major_faults.setdefault(phase, 0)
        self._last = time.perf_counter()
        self._usage0 = _thread_usage()
        self._wait0 = run_queue_wait_ms()
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

    def overall_max_own_ms(self) -> float:
        return max(self.max_own_block_ms.values(), default=float("nan"))

    def _tick(self) -> None:
        now = time.perf_counter()
        usage = _thread_usage()
        wait = run_queue_wait_ms()
        if self._last is not None and self._phase is not None:
            late = (now - self._last) * 1000.0 - self.interval_ms
            if late > self.max_block_ms[self._phase]:
                self.max_block_ms[self._phase] = late
                cpu_ms = (usage[0] - self._usage0[0]) * 1000.0
                self.max_block_cpu_ms[self._phase] = min(cpu_ms, late)  # the tick's own work aside
                self.max_block_major_faults[self._phase] = usage[1] - self._usage0[1]
            if wait is not None and self._wait0 is not None:
                own = late - (wait - self._wait0)
                if own > self.max_own_block_ms[self._phase]:
                    self.max_own_block_ms[self._phase] = own
            self.ticks += 1
        self._last = now
        self._usage0 = usage
        self._wait0 = wait


def _thread_usage() -> tuple[float, int]:
    """``(CPU seconds, major page faults)`` of the calling thread so far (no fault count
    where the system has no per-thread usage)."""
    if resource is not None and hasattr(resource, "RUSAGE_THREAD"):
        r = resource.getrusage(resource.RUSAGE_THREAD)
        return r.ru_utime + r.ru_stime, r.ru_majflt
    return time.thread_time(), 0


def run_queue_wait_ms() -> float | None:
    """How long this thread has waited for a CPU core in total (Linux), in ms."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as f:
            return int(f.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return None
