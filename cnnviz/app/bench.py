"""``cnnviz bench``: measure the app's real code paths against its performance targets.

Everything in-process runs through the real application: the main window built by
:func:`cnnviz.app.application.build_window` (every page, offscreen), the model hub loading
the bundled digit model in its worker, synthetic pen strokes sent as mouse events to the
digit page's DrawingCanvas, and a forced paint of the window's backing store after the
views got their result — the moment the pixels are done. The naive reference path
(:mod:`cnnviz.app.bench_naive`) and the cold-start subprocesses
(:mod:`cnnviz.app.bench_coldstart`) complete the picture. See :func:`run_bench`.
"""
from __future__ import annotations

import argparse
import gc
import math
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from cnnviz.app.bench_report import (RESULT_KEYS, cpu_description, rss_mb, summarize,
                                     validate_result)

WINDOW_SIZE = (1400, 900)
WAIT_MS = 5000
UI_TARGET_PHASES = ("loading", "drawing", "training")  # the longest we wait for one prediction before calling a sample lost


@dataclass
class BenchOptions:
    strokes: int = 400            # fast-path samples (pen movements), >= 300 for the record
    naive_strokes: int = 60       # naive-path samples (each costs ~50+ ms)
    lab_frames: int = 200         # Convolution Lab step frames
    memory_strokes: int = 10_000  # pen movements in total for rss_mb_10000
    cold_start: bool = True       # launch the app / import TensorFlow in subprocesses
    cold_runs: int = 3
    training: bool = True         # watch the UI thread during a tiny training run
    model: str | None = None      # default: the bundled digit model
    data: str | None = None       # MNIST IDX folder for the training phase
    trusted: bool | None = None   # None: the model hub decides (bundled files are trusted)
    seed: int = 0

    @classmethod
    def quick(cls, **overrides: Any) -> "BenchOptions":
        base = dict(strokes=40, naive_strokes=8, lab_frames=20, memory_strokes=200, cold_runs=1,
                    training=False)
        base.update(overrides)
        return cls(**base)


@dataclass
class BenchRun:
    result: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


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
        from PySide6.QtCore import QEventLoop

        self.count = 0
        self.last_args: tuple = ()
        self._loop = QEventLoop()
        self._target: int | None = None
        self._signal = signal
        signal.connect(self._on)

    def _on(self, *args) -> None:
        self.count += 1
        self.last_args = args
        if self._target is not None and self.count > self._target and self._loop.isRunning():
            self._loop.quit()

    def wait_beyond(self, n: int, timeout_ms: int = WAIT_MS) -> bool:
        from PySide6.QtCore import QTimer

        if self.count > n:
            return True
        self._target = n
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(self._loop.quit)
        timer.start(int(timeout_ms))
        self._loop.exec()
        timer.stop()
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
    from cnnviz.app.bench_strokes import drawing_session

    for _digit, strokes in drawing_session(seed):
        for stroke in strokes:
            x0, y0 = stroke[0]
            yield "press", float(x0), float(y0)
            for x, y in stroke[1:-1]:
                yield "move", float(x), float(y)
            x1, y1 = stroke[-1]
            yield "release", float(x1), float(y1)
        yield "clear", 0.0, 0.0


# -- the model ------------------------------------------------------------------------------
def resolve_model(options: BenchOptions, notes: list[str], tmpdir: Path) -> tuple[str, bool | None]:
    """The model file to open and whether to trust it."""
    if options.model:
        return options.model, options.trusted
    from cnnviz.app.model_hub import default_model_path

    path = default_model_path()
    if path is not None:
        return str(path), True
    # The trained model is not there yet: the textbook architecture with random weights has
    # the same layers and the same cost per call, which is what the timings depend on.
    from cnnviz.inference.architectures import build_architecture

    model = build_architecture("textbook")
    out = tmpdir / "textbook_random.keras"
    model.save(out)
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
                    cpu: dict[str, list[float]] | None = None) -> tuple[list[float], int]:
    """Draw until ``n_samples`` pen events (press/move) each produced a shown prediction.

    Each sample: a mouse event to the canvas → (the app's path) → ``prediction_shown`` →
    a forced paint when ``paint``; the time from just before the event to the end.
    Returns the times (ms) and the number of lost samples (no prediction within
    WAIT_MS). With ``cpu``, also collects per sample the UI thread's CPU time
    (``"ui_ms"``) and the worker's compute time the app reports (``"worker_ms"``)."""
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

    from cnnviz.app.bench_naive import NaiveView
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


# -- the Convolution Lab --------------------------------------------------------------------------
def find_lab_step(window):
    """The Convolution Lab's "step forward" QAction, or None."""
    from PySide6.QtGui import QAction

    lab = getattr(window, "lab", None)
    if lab is None:
        return None, None
    for name in ("step_action", "step_forward_action", "next_action"):
        action = getattr(lab, name, None)
        if isinstance(action, QAction):
            return lab, action
    actions = getattr(lab, "actions", None)
    if isinstance(actions, dict):
        for key in ("stepForward", "step", "step_forward", "next"):
            if isinstance(actions.get(key), QAction):
                return lab, actions[key]
    page = window.page("lab") if "lab" in window.page_keys() else None
    if page is not None:
        for action in page.findChildren(QAction):
            name = action.objectName().lower()
            if "step" in name and ("forward" in name or "next" in name):
                return lab, action
    return lab, None


def drive_lab(window, n_frames: int, *, seed: int) -> tuple[list[float], str]:
    lab, step = find_lab_step(window)
    if lab is None:
        return [], "the app has no Convolution Lab controller (window.lab): lab_frame_ms not measured"
    if step is None:
        return [], "the Convolution Lab has no step-forward action: lab_frame_ms not measured"
    image = _lab_digit(seed)
    kernel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], np.float32)
    lab.show_problem(image, kernel, padding="valid", stride=1, title="bench")
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    force_paint(window)
    times: list[float] = []
    for _ in range(n_frames):
        if not step.isEnabled():  # at the end: start the same problem again
            lab.show_problem(image, kernel, padding="valid", stride=1, title="bench")
            QCoreApplication.processEvents()
            force_paint(window)
        t0 = time.perf_counter()
        step.trigger()
        force_paint(window)
        times.append((time.perf_counter() - t0) * 1000.0)
    return times, ""


def _lab_digit(seed: int) -> np.ndarray:
    """A 28×28 digit (0..1) drawn from the synthetic strokes, as the lab's input."""
    import cv2

    from cnnviz.app.bench_strokes import digit_strokes
    from cnnviz.core.preprocess import preprocess_digit

    canvas = np.zeros((280, 280), np.uint8)
    for stroke in digit_strokes(seed % 10 or 3, np.random.default_rng(seed)):
        pts = np.round(stroke * 279).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [pts], False, 255, 22, cv2.LINE_AA)
    return np.round(preprocess_digit(canvas / 255.0).image, 2).astype(np.float32)


# -- the whole benchmark ---------------------------------------------------------------------------
def run_bench(options: BenchOptions, progress: Progress = _quiet) -> BenchRun:
    notes: list[str] = []
    details: dict[str, Any] = {}
    nan = math.nan
    result: dict[str, Any] = {k: None for k in RESULT_KEYS}

    # 1. Cold start first, while this process is still idle (separate processes).
    window_s = first_s = tf_s = nan
    backend_name = os.environ.get("KERAS_BACKEND", "tensorflow")
    if options.cold_start:
        from cnnviz.app.bench_coldstart import measure_app_start, measure_backend_import

        progress(f"cold start: importing {backend_name} in {options.cold_runs} fresh processes…")
        imports = measure_backend_import(backend_name, options.cold_runs)
        tf_s = float(np.median(imports)) if imports else nan
        progress(f"cold start: launching the app {options.cold_runs}× (until the first prediction)…")
        cold = measure_app_start(options.cold_runs)
        window_s = cold.median(cold.window_interactive_s)
        first_s = cold.median(cold.first_prediction_s)
        notes.extend(cold.notes)
        details["cold_start"] = {"window_interactive_s": cold.window_interactive_s,
                                 "first_prediction_s": cold.first_prediction_s,
                                 "model_loaded_s": cold.model_loaded_s, "tf_import_s": imports}
    else:
        notes.append("cold start not measured (--no-cold-start)")

    # 2. The real window, offscreen, with every page.
    app = ensure_qapplication()
    from cnnviz.app.application import build_window
    from cnnviz.app.bench_watchdog import UiBlockWatchdog
    from cnnviz.cli.main import build_parser

    progress("building the window…")
    args = build_parser().parse_args(["--page", "digits"])
    window = build_window(args)
    window.resize(*WINDOW_SIZE)
    window.show_page("digits")
    window.show()
    app.processEvents()
    watchdog = UiBlockWatchdog(5, window)
    tmp = tempfile.TemporaryDirectory(prefix="cnnviz-bench-")
    try:
        path, trusted = resolve_model(options, notes, Path(tmp.name))
        progress(f"loading {path} through the model hub…")
        loaded = open_model(window, path, trusted, watchdog, notes)
        model = loaded.model
        result["device"], result["backend"] = device_and_backend()

        # 3. The fast path through the digit page.
        fast: list[float] = []
        rss_100 = rss_total = nan
        layer_names: list[str] | None = None
        try:
            page = DigitPage(window)
        except LookupError as exc:
            page = None
            notes.append(f"stroke_to_drawn_ms not measured: {exc}")
        if page is not None:
            window.show_page("digits")
            app.processEvents()
            SignalCounter(page.shown).wait_quiet(200, 30_000)
            layer_names = _shown_layer_names(window)
            rss_marks: dict[int, float] = {}
            mark_at = min(100, options.strokes)

            def on_sample(n: int) -> None:
                if n == mark_at:  # the bench's own collection is not a UI block of the app
                    watchdog.stop()
                    gc.collect()
                    rss_marks[n] = rss_mb()
                    watchdog.start("drawing")

            progress(f"fast path: {options.strokes} pen movements on the digit page…")
            cpu: dict[str, list[float]] = {}
            with watchdog.watching("drawing"):
                fast, lost = drive_fast_path(window, page, options.strokes, seed=options.seed, paint=True,
                                             on_sample=on_sample, cpu=cpu)
            if cpu.get("ui_ms"):
                details["fast_path_ui_thread_cpu_ms"] = summarize(cpu["ui_ms"])
                split = f"UI-thread CPU median {np.median(cpu['ui_ms']):.2f} ms"
                if cpu.get("worker_ms"):
                    details["fast_path_worker_ms"] = summarize(cpu["worker_ms"])
                    split += f", worker (preprocessing + network) median {np.median(cpu['worker_ms']):.2f} ms"
                notes.append(f"fast path per pen movement: {split}")
            if lost:
                notes.append(f"fast path: {lost} pen movements got no prediction within {WAIT_MS} ms")
            rss_100 = rss_marks.get(mark_at, nan)
            remaining = max(0, options.memory_strokes - options.strokes)
            progress(f"memory: {remaining} more pen movements (the app paints on its own)…")
            with watchdog.watching("drawing"):
                _, lost2 = drive_fast_path(window, page, remaining, seed=options.seed + 1, paint=False)
            gc.collect()
            rss_total = rss_mb()
            details["memory_strokes"] = options.strokes + remaining
            if options.strokes + remaining != 10_000 or mark_at != 100:
                notes.append(f"memory measured after {mark_at} and {options.strokes + remaining} pen movements "
                             "(not 100 and 10,000: a short run)")
        result["stroke_to_drawn_ms"] = summarize(fast)
        result["rss_mb_100"] = round(rss_100, 2) if math.isfinite(rss_100) else nan
        result["rss_mb_10000"] = round(rss_total, 2) if math.isfinite(rss_total) else nan
        details["fast_samples"] = len(fast)

        # 4. The Convolution Lab's stepping animation.
        progress(f"Convolution Lab: {options.lab_frames} step frames on a 28×28 input…")
        with watchdog.watching("lab"):
            lab_times, why = drive_lab(window, options.lab_frames, seed=options.seed)
        if why:
            notes.append(why)
        result["lab_frame_ms"] = summarize(lab_times)

        # 5. Training (UI responsiveness only).
        if options.training:
            notes.append(_watch_training(window, watchdog, progress, options.data, Path(tmp.name)))
            window.show_page("digits")

        # 6. The naive reference (UI thread, on purpose: not watched).
        progress(f"naive path: {options.naive_strokes} pen movements with model.predict…")
        naive = drive_naive_path(model, layer_names, options.naive_strokes, seed=options.seed,
                                 size=WINDOW_SIZE)
        result["naive_ms"] = summarize(naive)
        details["naive_samples"] = len(naive)
    finally:
        window.close()
        app.processEvents()
        tmp.cleanup()

    fm, nm = result["stroke_to_drawn_ms"]["median"], result["naive_ms"]["median"]
    result["speedup"] = round(nm / fm, 2) if math.isfinite(fm) and math.isfinite(nm) and fm > 0 else nan
    result["window_interactive_s"] = _round(window_s, 4)
    result["first_prediction_s"] = _round(first_s, 4)
    result["tf_import_s"] = _round(tf_s, 4)
    # The target covers drawing, model loading and training; the lab is reported apart.
    target_phases = {k: v for k, v in watchdog.max_block_ms.items() if k in UI_TARGET_PHASES}
    result["ui_max_block_ms"] = _round(max(target_phases.values(), default=math.nan), 2)
    details["ui_block_ms_by_phase"] = {k: round(v, 2) for k, v in watchdog.max_block_ms.items()}
    details["ui_own_block_ms_by_phase"] = {k: round(v, 2) for k, v in watchdog.max_own_block_ms.items()}
    covered = ", ".join(f"{k} {v:.1f} ms" for k, v in watchdog.max_block_ms.items())
    if watchdog.max_own_block_ms and any(v > 0 for v in watchdog.max_own_block_ms.values()):
        own = ", ".join(f"{k} {v:.1f} ms" for k, v in watchdog.max_own_block_ms.items())
        notes.append("longest UI-thread block less the time the UI thread waited for a CPU core that other "
                     f"processes held: {own}")
    load = load_average()
    if load:
        notes.append(f"machine load at the end: {load} (other processes share the CPU: timings grow with it)")
    notes.append(f"longest UI-thread block per phase: {covered} (ui_max_block_ms covers "
                 f"{', '.join(k for k in UI_TARGET_PHASES if k in target_phases) or 'nothing'})")
    validate_result(result)
    return BenchRun(result, notes, details)


def _round(v: float, digits: int) -> float:
    return round(v, digits) if isinstance(v, float) and math.isfinite(v) else math.nan


def _shown_layer_names(window) -> list[str] | None:
    """The layers the digit page shows feature maps for (so the naive view shows the same)."""
    controller = getattr(window, "digits", None)
    names = getattr(controller, "feature_layer_names", None)
    if callable(names):
        names = names()
    return list(names) if names else None


def find_mnist_folder(explicit: str | None) -> Path | None:
    """An MNIST IDX folder for the training phase: ``--data``, else $CNNVIZ_SHARED or the
    project's ../shared/datasets/mnist (a development checkout), else None."""
    candidates = [Path(explicit)] if explicit else []
    shared = os.environ.get("CNNVIZ_SHARED")
    if shared:
        candidates.append(Path(shared) / "datasets" / "mnist")
    candidates.append(Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "mnist")
    for c in candidates:
        if (c / "train-images-idx3-ubyte.gz").is_file():
            return c
    return None


def _watch_training(window, watchdog, progress: Progress, data: str | None, tmpdir: Path) -> str:
    """Run a tiny real training through the app's training page (its form, its worker),
    watching the UI thread while it runs. Returns a note."""
    controller = getattr(window, "training", None)
    page = getattr(controller, "page", None)
    if controller is None or page is None:
        return "training not covered by ui_max_block_ms (the app has no training page)"
    folder = find_mnist_folder(data)
    if folder is None:
        return ("training not covered by ui_max_block_ms (no MNIST IDX folder: pass --data DIR; "
                "the bench never downloads)")
    i = page.arch.findData("cnnviz_mnist")
    if i >= 0:
        page.arch.setCurrentIndex(i)
    i = page.dataset.findData("mnist")
    if i >= 0:
        page.dataset.setCurrentIndex(i)
    page.folder.setText(str(folder))
    page.epochs.setValue(1)
    page.limit.setValue(3000)
    page.out.setText(str(tmpdir / "bench_training.keras"))
    window.show_page("train") if "train" in window.page_keys() else None
    done = SignalCounter(controller.finished)
    failed = SignalCounter(controller.failed)
    progress("training: 1 epoch on 3,000 MNIST images in the app's training page…")
    t0 = time.perf_counter()
    with watchdog.watching("training"):
        if not controller.start():
            done.disconnect()
            failed.disconnect()
            return f"training not covered by ui_max_block_ms (the page refused to start: {page.status.text()})"
        while done.count == 0 and failed.count == 0 and time.perf_counter() - t0 < 300:
            done.wait_beyond(0, 250)
    done.disconnect()
    failed.disconnect()
    if failed.count:
        return f"training failed ({failed.last_args[0] if failed.last_args else '?'}); its UI blocks still count"
    if done.count == 0:
        controller.cancel()
        controller.shutdown(30_000)
        return "training did not finish within 300 s (cancelled); its UI blocks still count"
    return f"training: 1 epoch on 3,000 images took {time.perf_counter() - t0:.0f} s"


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except (OSError, AttributeError):
        return ""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {n} cores"


# -- the command line --------------------------------------------------------------------------
def main(args: argparse.Namespace) -> int:
    """Called by :mod:`cnnviz.cli.bench` with its parsed arguments."""
    import json
    import sys

    from cnnviz.app.bench_report import format_table, json_safe

    if args.quick:
        options = BenchOptions.quick()
    else:
        options = BenchOptions()
    if args.strokes is not None:
        options.strokes = args.strokes
    if args.memory_strokes is not None:
        options.memory_strokes = args.memory_strokes
    if args.naive_strokes is not None:
        options.naive_strokes = args.naive_strokes
    if args.lab_frames is not None:
        options.lab_frames = args.lab_frames
    if args.no_cold_start:
        options.cold_start = False
    if args.no_training:
        options.training = False
    options.model = args.model
    options.data = getattr(args, "data", None)
    options.seed = args.seed

    def progress(text: str) -> None:
        if not args.json:
            print(f"… {text}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    run = run_bench(options, progress)
    if args.json:
        print(json.dumps(json_safe(run.result)))
    else:
        print(format_table(run.result, run.notes))
        print(f"\n(the benchmark took {time.perf_counter() - t0:.0f} s)")
    if args.details:
        Path(args.details).write_text(json.dumps({"result": json_safe(run.result), "notes": run.notes,
                                                  "details": run.details}, indent=2), encoding="utf-8")
    return 0
