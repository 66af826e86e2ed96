"""``python -m benchmarks``: measure the app's real code paths against its performance targets.

Everything in-process runs through the real application: the main window built by
:func:`cnnviz.app.application.build_window` (every page, offscreen), the model hub loading
the bundled digit model in its worker, synthetic pen strokes sent as mouse events to the
digit page's DrawingCanvas, and a forced paint of the window's backing store after the
views got their result — the moment the pixels are done. The naive reference path
(:mod:`benchmarks.naive`) and the cold-start subprocesses
(:mod:`benchmarks.coldstart`) complete the picture. See :func:`run_bench`.
"""
from __future__ import annotations

import gc
import math
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from benchmarks.drivers import (WAIT_MS, DigitPage, SignalCounter, device_and_backend, drive_fast_path, path_devices,
                                drive_naive_path, ensure_qapplication, open_model, resolve_model, settle)
from benchmarks.page_drivers import drive_lab, watch_training
from benchmarks.report import RESULT_KEYS, rss_mb, summarize, validate_result

WINDOW_SIZE = (1400, 900)
UI_TARGET_PHASES = ("loading", "drawing", "training")  # what ui_max_block_ms covers
IDLE_MS = 4.0  # the idle time before each repeat of the after-idle CPU reference
PACE_MS = 8.0  # a 125 Hz mouse: the paced fast-path phase moves the pen this often


@dataclass
class BenchOptions:
    strokes: int = 400            # fast-path samples (pen movements), >= 300 for the record
    paced_strokes: int = 200      # fast-path samples at a real mouse's pace (reported apart)
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
        base = dict(strokes=40, paced_strokes=20, naive_strokes=8, lab_frames=20, memory_strokes=200, cold_runs=1,
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


# -- the whole benchmark ---------------------------------------------------------------------------
def run_bench(options: BenchOptions, progress: Progress = _quiet) -> BenchRun:
    notes: list[str] = []
    details: dict[str, Any] = {}
    nan = math.nan
    result: dict[str, Any] = {k: None for k in RESULT_KEYS}

    load = load_average()
    if load:
        notes.append(f"machine load at the start: {load}")
    ref_start = cpu_reference_ms()
    idle_start = cpu_reference_ms(30, idle_ms=IDLE_MS)

    # 1. Cold start first, while this process is still idle (separate processes).
    window_s = first_s = tf_s = nan
    backend_name = os.environ.get("KERAS_BACKEND", "tensorflow")
    if options.cold_start:
        from benchmarks.coldstart import compile_package_bytecode, measure_app_start, measure_backend_import

        compiled = compile_package_bytecode()
        if compiled:
            notes.append(f"cold start: wrote the bytecode of {compiled} cnnviz modules first, as pip does when it "
                         "installs a package (launches from this checkout would compile them every time "
                         "while PYTHONDONTWRITEBYTECODE is set)")

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

    # 2. The real window, offscreen, with every page (TensorFlow set up as the app does).
    from cnnviz.app.application import build_window, use_process_settings

    use_process_settings()
    app = ensure_qapplication()
    from benchmarks.watchdog import UiBlockWatchdog
    from cnnviz.cli.main import build_parser  # the app's own command line, for its window

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
        path, trusted = resolve_model(options.model, options.trusted, notes, Path(tmp.name))
        progress(f"loading {path} through the model hub…")
        loaded = open_model(window, path, trusted, watchdog, notes)
        model = loaded.model
        result["device"], result["backend"] = device_and_backend()
        result["live_device"], result["batch_device"] = path_devices()

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
            if options.paced_strokes > 0:
                progress(f"fast path at a mouse's pace: {options.paced_strokes} pen movements, "
                         f"one every {PACE_MS:g} ms…")
                with watchdog.watching("drawing"):
                    paced, _ = drive_fast_path(window, page, options.paced_strokes, seed=options.seed + 2,
                                               paint=True, pace_ms=PACE_MS)
                if paced:
                    details["stroke_to_drawn_paced_ms"] = summarize(paced)
                    notes.append(
                        f"stroke -> drawn with the pen moving at a mouse's pace (one movement every {PACE_MS:g} ms, "
                        f"the CPU idle in between): median {np.median(paced):.2f} ms, "
                        f"p95 {np.percentile(paced, 95):.2f} ms — what a hand sees; the target is measured "
                        "back to back, as the issue defines it")
            rss_100 = rss_marks.get(mark_at, nan)
            done = options.strokes + max(0, options.paced_strokes)
            remaining = max(0, options.memory_strokes - done)
            progress(f"memory: {remaining} more pen movements (the app paints on its own)…")
            with watchdog.watching("drawing"):
                _, lost2 = drive_fast_path(window, page, remaining, seed=options.seed + 1, paint=False)
            if lost2:
                notes.append(f"memory run: {lost2} pen movements got no prediction within {WAIT_MS} ms")
            gc.collect()
            rss_total = rss_mb()
            details["memory_strokes"] = done + remaining
            if done + remaining != 10_000 or mark_at != 100:
                notes.append(f"memory measured after {mark_at} and {done + remaining} pen movements "
                             "(not 100 and 10,000: a short run)")
        result["stroke_to_drawn_ms"] = summarize(fast)
        result["rss_mb_100"] = round(rss_100, 2) if math.isfinite(rss_100) else nan
        result["rss_mb_10000"] = round(rss_total, 2) if math.isfinite(rss_total) else nan
        details["fast_samples"] = len(fast)

        # 4. The Convolution Lab's stepping animation.
        progress(f"Convolution Lab: {options.lab_frames} step frames on a 28×28 input…")
        if "lab" in window.page_keys():
            with watchdog.watching("page switch"):  # the lab's first layout and paint
                window.show_page("lab")
                settle(window)
        with watchdog.watching("lab"):
            lab_times, why = drive_lab(window, options.lab_frames, seed=options.seed)
        if why:
            notes.append(why)
        result["lab_frame_ms"] = summarize(lab_times)

        # 5. Training (UI responsiveness only).
        if options.training:
            notes.append(watch_training(window, watchdog, progress, options.data, Path(tmp.name)))
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
    details["ui_block_cpu_ms_by_phase"] = {k: round(v, 2) for k, v in watchdog.max_block_cpu_ms.items()}
    details["ui_block_major_faults_by_phase"] = dict(watchdog.max_block_major_faults)
    covered = ", ".join(_block_summary(watchdog, phase) for phase in watchdog.max_block_ms)
    if watchdog.max_own_block_ms and any(v > 0 for v in watchdog.max_own_block_ms.values()):
        own = ", ".join(f"{k} {v:.1f} ms" for k, v in watchdog.max_own_block_ms.items())
        notes.append("longest UI-thread block less the time the UI thread waited for a CPU core that other "
                     f"processes held: {own}")
    load = load_average()
    if load:
        notes.append(f"machine load at the end: {load} (other processes share the CPU: timings grow with it)")
    ref_end = cpu_reference_ms()
    idle_end = cpu_reference_ms(30, idle_ms=IDLE_MS)
    details["cpu_reference_ms"] = {"start": round(ref_start, 3), "end": round(ref_end, 3)}
    details["cpu_reference_after_idle_ms"] = {"start": round(idle_start, 3), "end": round(idle_end, 3)}
    notes.append(f"CPU speed reference (the same fixed work): {ref_start:.2f} ms at the start, {ref_end:.2f} ms "
                 f"at the end; a tenth of it right after {IDLE_MS:g} ms idle: {idle_start:.3f} ms and "
                 f"{idle_end:.3f} ms (back to back it takes a tenth of the first figures) — compare runs by "
                 "both: the pen's path wakes idle threads, so its timings follow the second most")
    notes.append(f"longest UI-thread block per phase: {covered} (ui_max_block_ms covers "
                 f"{', '.join(k for k in UI_TARGET_PHASES if k in target_phases) or 'nothing'})")
    result["camera_fps"] = math.nan  # measured apart (benchmarks.__main__), not a target
    validate_result(result)
    return BenchRun(result, notes, details)


def cpu_reference_ms(repeats: int = 40, idle_ms: float = 0.0) -> float:
    """Median time (ms) of a fixed mix of NumPy and pure-Python work, ~1 ms on a laptop
    core. Measured at the start and the end of a run: shared and virtual machines change
    speed by tens of percent from minute to minute, and every timing moves with them.

    With ``idle_ms`` the thread sleeps that long before each repeat, and the work is the
    first tenth: how fast a core runs right after idling, which is what each step of a pen
    movement does (on a shared machine other guests fill the caches meanwhile, and that
    changes independently of the back-to-back speed)."""
    a = np.random.default_rng(0).random((64, 64), dtype=np.float32)
    steps, loops = (6, 900) if idle_ms > 0 else (60, 9000)

    def work() -> float:
        b = a
        for _ in range(steps):
            b = np.tanh(b @ a * np.float32(0.01))
        s = 0
        for i in range(loops):
            s += i * i
        return float(b[0, 0]) + s

    times = []
    for _ in range(repeats):
        if idle_ms > 0:
            time.sleep(idle_ms / 1000.0)
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000.0)
    return float(np.median(times))


def _block_summary(watchdog, phase: str) -> str:
    """E.g. "lab 114.1 ms (11.4 ms of it computing, 3 pages read from disk)"."""
    cpu = watchdog.max_block_cpu_ms.get(phase, 0.0)
    text = f"{phase} {watchdog.max_block_ms[phase]:.1f} ms ({cpu:.1f} ms of it computing"
    faults = watchdog.max_block_major_faults.get(phase, 0)
    if faults:
        text += f", {faults} page{'s' if faults != 1 else ''} read from disk"
    return text + ")"


def _round(v: float, digits: int) -> float:
    return round(v, digits) if isinstance(v, float) and math.isfinite(v) else math.nan


def _shown_layer_names(window) -> list[str] | None:
    """The layers the digit page shows feature maps for (so the naive view shows the same)."""
    controller = getattr(window, "digits", None)
    names = getattr(controller, "feature_layer_names", None)
    if callable(names):
        names = names()
    return list(names) if names else None


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except (OSError, AttributeError):
        return ""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {n} cores"
