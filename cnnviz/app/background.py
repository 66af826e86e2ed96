"""Run a function in a worker thread and get its result back on the UI thread.

``BackgroundRunner.submit(fn, *args)`` runs ``fn`` in a QThreadPool thread; the result
comes back through the ``done(request, result)`` signal, an exception as
``failed(request, message)`` — both delivered on the thread the runner lives in (the UI
thread). Newest request wins: results of superseded requests are dropped.
"""
from __future__ import annotations

import itertools
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, relay: _Relay, request: int, fn: Callable, args, kwargs) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay, self._request, self._fn, self._args, self._kwargs = relay, request, fn, args, kwargs

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - report every failure, never crash the app
            known = getattr(exc, "user_message", None) or _known_message(exc)
            if known is None:
                traceback.print_exc()
                known = f"{type(exc).__name__}: {exc}"
            self._relay.failed.emit(self._request, known)
        else:
            self._relay.done.emit(self._request, result)


def _known_message(exc: BaseException) -> str | None:
    """Errors users cause carry a readable message already (DatasetError, EvaluationError…)."""
    names = {"DatasetError", "EvaluationError", "TrainingError", "SpecError", "ModelLoadError", "WeightsOnlyError"}
    if any(c.__name__ in names for c in type(exc).__mro__):
        return str(getattr(exc, "message", None) or exc)
    return None


class BackgroundRunner(QObject):
    done = Signal(object)        # result of the newest request
    failed = Signal(str)         # its one-line error message
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = 1) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._latest = 0
        self._busy = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self, fn: Callable[..., Any], *args, **kwargs) -> int:
        request = next(self._ids)
        self._latest = request
        self._set_busy(True)
        self.pool.start(_Task(self._relay, request, fn, args, kwargs))
        return request

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @Slot(int, object)
    def _on_done(self, request: int, result) -> None:
        if request == self._latest:
            self._set_busy(False)
            self.done.emit(result)

    @Slot(int, str)
    def _on_failed(self, request: int, message: str) -> None:
        if request == self._latest:
            self._set_busy(False)
            self.failed.emit(message)
