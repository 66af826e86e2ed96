"""The bench's drivers: they operate the real app the way a user would.

* :class:`PenDriver` sends mouse events to a canvas widget; :func:`pen_events` draws
  synthetic digits (:mod:`benchmarks.strokes`) stroke by stroke.
* :func:`drive_fast_path` draws on the app's digit page and times each pen movement until
  the page showed the new prediction and the window's backing store was painted
  (:func:`force_paint`).
* :func:`drive_naive_path` does the same with the naive reference view
  (:mod:`benchmarks.naive`).
* :func:`open_model` opens a model through the app's model hub.

The Convolution Lab and the Live training page have theirs in :mod:`benchmarks.page_drivers`.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from benchmarks.report import cpu_description

WAIT_MS = 5000  # the longest we wait for one prediction before calling a sample lost
Progress = Callable[[str], None]
MIN_MOVE = 0.006  # in canvas widths: ~1.7 pixels of the 280-pixel ink buffer


# -- Qt helpers ------------------------------------------------------------------------------
def ensure_qapplication():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["cnnviz-bench"])
        app.setApplicationName("cnnviz")
        app.setOrganizationName("cnnviz")
    return app


class SignalCounter:
    """Counts a signal's emissions; :meth:`wait_beyond` runs the event loop until the count
    passes a value (or a timeout), without spinning the CPU."""

    def __init__(self, signal) -> None:
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        self.count = 0
        self.last_args: tuple = ()
        self._loop = QEventLoop()
        self._target: int | None = None
        self._signal = signal
        # One timer for every wait (made once: the bench's own work stays out of the times).
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._loop.quit)
        signal.connect(self._on)

    def _on(self, *args) -> None:
        self.count += 1
        self.last_args = args
        if self._target is not None and self.count > self._target and self._loop.isRunning():
            self._loop.quit()

    def wait_beyond(self, n: int, timeout_ms: int = WAIT_MS) -> bool:
        if self.count > n:
            return True
        self._target = n
        self._timer.start(int(timeout_ms))
        self._loop.exec()
        self._timer.stop()
        self._target = None
        return self.count > n

    def wait_quiet(self, quiet_ms: int = 40, timeout_ms: int = WAIT_MS) -> None:
        """Run the event loop until no emission came for ``quiet_ms``."""
        deadline = time.perf_counter() + timeout_ms / 1000.0
        while time.perf_counter() < deadline:
            if not self.wait_beyond(self.count, quiet_ms):
                return

    def disconnect(self) -> None:
        try:
            self._signal.disconnect(self._on)
        except (RuntimeError, TypeError):
            pass


def idle(ms: float) -> None:
    """Run the event loop for ``ms`` with nothing else to do (a hand between two mouse
    reports, a window settling)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(round(ms))), loop.quit)
    loop.exec()


def settle(window, ms: int = 300) -> None:
    """Let the window lay out and paint what changed (the event loop runs ``ms``)."""
    idle(ms)
    force_paint(window)


def force_paint(window) -> None:
    """Paint now what is dirty, as the event loop's next frame would (the window's
    backing store is synced and flushed): after this the pixels are done."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents()  # deliver queued updates (pyqtgraph's, layout)
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))


class PenDriver:
    """Sends real mouse events to a canvas widget, as a hand with a mouse would."""

    def __init__(self, widget) -> None:
        self.widget = widget

    def _pos(self, x: float, y: float):
        from PySide6.QtCore import QPointF

        w, h = self.widget.width(), self.widget.height()
        side = min(w, h)
        return QPointF((w - side) / 2 + x * side, (h - side) / 2 + y * side)

    def _send(self, kind, x: float, y: float, button, buttons) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtGui import QMouseEvent

        local = self._pos(x, y)
        global_pos = self.widget.mapToGlobal(local)
        event = QMouseEvent(kind, local, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.sendEvent(self.widget, event)

    def press(self, x: float, y: float) -> None:
        from PySide6.QtCore import QEvent, Qt

        left = Qt.MouseButton.LeftButton
        self._send(QEvent.Type.MouseButtonPress, x, y, left, left)

    def move(self, x: float, y: float) -> None:
        from PySide6.QtCore import QEvent, Qt

        self._send(QEvent.Type.MouseMove, x, y, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)

    def release(self, x: float, y: float) -> None:
        from PySide6.QtCore import QEvent, Qt

        self._send(QEvent.Type.MouseButtonRelease, x, y, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)


def pen_events(seed: int):
    """An endless sequence of ``(kind, x, y)`` pen events drawing digit after digit;
    ``("clear", 0, 0)`` between digits."""
    from benchmarks.strokes import drawing_session

    for _digit, strokes in drawing_session(seed):
        for stroke in strokes:
            x0, y0 = stroke[0]
            yield "press", float(x0), float(y0)
            last = (x0, y0)
            for x, y in stroke[1:-1]:
                # A move of less than a pixel changes no ink: the canvas ignores it and no
                # prediction follows (a mouse reports such moves, but there is nothing to time).
                if abs(x - last[0]) + abs(y - last[1]) < MIN_MOVE:
                    continue
                last = (x, y)
                yield "move", float(x), float(y)
            x1, y1 = stroke[-1]
            yield "release", float(x1), float(y1)
        yield "clear", 0.0, 0.0


# -- the model ------------------------------------------------------------------------------
def resolve_model(model: str | None, trusted: bool | None, notes: list[str],
                  tmpdir: Path) -> tuple[str, bool | None]:
    """The model file to open and whether to trust it."""
    if model:
        return model, trusted
    from cnnviz.app.model_hub import default_model_path

    path = default_model_path()
    if path is not None:
        return str(path), True
    # The trained model is not there yet: the textbook architecture with random weights has
    # the same layers and the same cost per call, which is what the timings depend on.
    from cnnviz.inference.architectures import build_architecture

    fallback = build_architecture("textbook")
    out = tmpdir / "textbook_random.keras"
    fallback.save(out)
    notes.append("models/mnist_cnn.keras is missing: measured on the textbook CNN with random weights "
                 "(same layers and cost; predictions are meaningless)")
    return str(out), True


def open_model(window, path: str, trusted: bool | None, watchdog, notes: list[str]):
    """Open ``path`` through the app's model hub (worker thread) while watching the UI,
    until the digit page (if any) has shown its first prediction with the new model —
    building the page's views for a model is part of loading it."""
    hub = window.model_hub
    changed = SignalCounter(hub.model_changed)
    failed = SignalCounter(hub.load_failed)
    shown_signal = getattr(getattr(window, "digits", None), "prediction_shown", None)
    shown = SignalCounter(shown_signal) if shown_signal is not None else None
    n0 = changed.count
    with watchdog.watching("loading"):
        hub.open(path, trusted=trusted) if trusted is not None else hub.open(path)
        deadline = time.perf_counter() + 180
        while changed.count == n0 and failed.count == 0 and time.perf_counter() < deadline:
            changed.wait_beyond(n0, 200)
        if shown is not None and changed.count > n0:
            s0 = shown.count
            if not shown.wait_beyond(s0, 60_000):
                notes.append("the digit page showed no prediction within 60 s of the model loading")
            shown.wait_quiet(100, 5_000)
            # Whatever the worker still does for the new model is part of loading: the
            # strokes are timed on the settled app.
            worker = getattr(window.digits, "worker", None)
            deadline = time.perf_counter() + 30
            while worker is not None and not worker.is_idle() and time.perf_counter() < deadline:
                idle(20)
    changed.disconnect()
    failed.disconnect()
    if shown is not None:
        shown.disconnect()
    if hub.current is None:
        raise RuntimeError(f"the model hub could not open {path}: {failed.last_args[1:2] or 'timed out'}")
    return hub.current


def device_and_backend() -> tuple[str, str]:
    import keras

    backend = keras.backend.backend()
    gpu = ""
    try:
        if backend == "tensorflow":
            import tensorflow as tf

            gpus = tf.config.list_physical_devices("GPU")
            names = []
            for g in gpus:
                try:
                    names.append(tf.config.experimental.get_device_details(g).get("device_name", g.name))
                except Exception:  # noqa: BLE001 - details are best effort
                    names.append(g.name)
            gpu = ", ".join(names)
        elif backend == "jax":
            import jax

            gpu = ", ".join(d.device_kind for d in jax.devices() if d.platform != "cpu")
        elif backend == "torch":
            import torch

            if torch.cuda.is_available():
                gpu = ", ".join(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
    except Exception:  # noqa: BLE001 - a device query must not stop the benchmark
        gpu = ""
    return (f"GPU: {gpu}" if gpu else cpu_description()), backend


def path_devices() -> tuple[str, str]:
    """Where the app's live (one image per pen movement) and batch paths run, e.g.
    ``("CPU (2 cores)", "NVIDIA H200")`` (cnnviz.inference.devices's rule and --device)."""
    from cnnviz.inference.devices import path_descriptions

    d = path_descriptions()
    return d["live"], d["batch"]


# -- the fast path (the app's digit page) ------------------------------------------------------
class DigitPage:
    """What the bench needs from the app's digit page: its canvas, its page widget and
    the signal the page emits after the views showed a new prediction."""

    def __init__(self, window) -> None:
        from cnnviz.qt.canvas import DrawingCanvas

        self.window = window
        if "digits" not in window.page_keys():
            raise LookupError("the app has no 'digits' page")
        self.page = window.page("digits")
        self.controller = getattr(window, "digits", None)
        canvas = getattr(self.controller, "canvas", None)
        self.canvas = canvas if isinstance(canvas, DrawingCanvas) else self.page.findChild(DrawingCanvas)
        if self.canvas is None:
            raise LookupError("the digit page has no DrawingCanvas")
        self.shown = getattr(self.controller, "prediction_shown", None)
        if self.shown is None:
            raise LookupError("the digit page controller (window.digits) has no prediction_shown signal")


def drive_fast_path(window, page: DigitPage, n_samples: int, *, seed: int, paint: bool,
                    on_sample: Callable[[int], None] | None = None,
                    cpu: dict[str, list[float]] | None = None,
                    pace_ms: float = 0.0) -> tuple[list[float], int]:
    """Draw until ``n_samples`` pen events (press/move) each produced a shown prediction.

    Each sample: a mouse event to the canvas → (the app's path) → ``prediction_shown`` →
    a forced paint when ``paint``; the time from just before the event to the end.
    Returns the times (ms) and the number of lost samples (no prediction within
    WAIT_MS). With ``cpu``, also collects per sample the UI thread's CPU time
    (``"ui_ms"``) and the worker's compute time the app reports (``"worker_ms"``).
    ``pace_ms``: the event loop idles that long before each pen movement, as between two
    reports of a real mouse (without it the next movement follows the last paint at once)."""
    pen = PenDriver(page.canvas)
    counter = SignalCounter(page.shown)
    times: list[float] = []
    lost = 0
    done = 0
    try:
        for kind, x, y in pen_events(seed):
            if done >= n_samples:
                break
            if kind == "clear":
                page.canvas.clear()
                counter.wait_quiet()
                continue
            if kind == "release":
                pen.release(x, y)
                counter.wait_quiet()
                continue
            if pace_ms > 0:
                idle(pace_ms)
            n0 = counter.count
            c0 = time.thread_time()
            t0 = time.perf_counter()
            (pen.press if kind == "press" else pen.move)(x, y)
            if counter.wait_beyond(n0):
                if paint:
                    force_paint(window)
                times.append((time.perf_counter() - t0) * 1000.0)
                if cpu is not None:
                    cpu.setdefault("ui_ms", []).append((time.thread_time() - c0) * 1000.0)
                    result = getattr(page.controller, "result", None)
                    if getattr(result, "compute_ms", None) is not None:
                        cpu.setdefault("worker_ms", []).append(float(result.compute_ms))
            else:
                lost += 1
            done += 1
            if on_sample is not None:
                on_sample(done)
    finally:
        counter.disconnect()
    return times, lost


# -- the naive reference -------------------------------------------------------------------------
def drive_naive_path(model, layer_names: list[str] | None, n_samples: int, *, seed: int,
                     size: tuple[int, int]) -> list[float]:
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from benchmarks.naive import NaiveView
    from cnnviz.qt.canvas import DrawingCanvas

    host = QWidget()
    host.setObjectName("benchNaiveWindow")
    layout = QHBoxLayout(host)
    canvas = DrawingCanvas(host)
    view = NaiveView(model, layer_names, host)
    layout.addWidget(canvas, 1)
    layout.addWidget(view, 3)
    host.resize(*size)
    host.show()
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    # The naive app: every ink change runs predict and updates every item, on the UI thread.
    canvas.ink_changed.connect(lambda: view.update_from_ink(canvas.ink()))
    view.update_from_ink(canvas.ink())  # the first predict builds the graph; not a sample
    pen = PenDriver(canvas)
    times: list[float] = []
    try:
        for kind, x, y in pen_events(seed):
            if len(times) >= n_samples:
                break
            if kind == "clear":
                canvas.clear()
                continue
            if kind == "release":
                pen.release(x, y)
                continue
            t0 = time.perf_counter()
            (pen.press if kind == "press" else pen.move)(x, y)
            force_paint(host)
            times.append((time.perf_counter() - t0) * 1000.0)
    finally:
        host.close()
        host.deleteLater()
        QCoreApplication.processEvents()
    return times
