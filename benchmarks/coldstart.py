"""Cold-start measurements: whole processes, launched and timed from the outside.

* :func:`measure_app_start` launches the app with ``--page digits`` through
  :mod:`benchmarks.launch_app` (the app's public entry, watched through its public
  signals), takes ``time.time()`` just before the launch and reads the timestamps back:
  launch → window interactive, launch → first prediction shown.
* :func:`measure_backend_import` times a process that only imports TensorFlow (or, on
  another Keras backend, ``keras`` with that backend): the floor the first prediction
  is compared against.
* :func:`compile_package_bytecode` first writes the bytecode of cnnviz's own modules, as
  ``pip install`` does for an installed package: from a checkout (an editable install)
  Python writes it on the first launch, unless ``PYTHONDONTWRITEBYTECODE`` is set, as on
  this project's machines, where every launch would otherwise compile the app's ~125
  modules from source (~90 ms more to the window in interleaved launches).

Qt-free: only subprocesses.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]  # the folder holding benchmarks/ and cnnviz/


@dataclass
class ColdStart:
    window_interactive_s: list[float] = field(default_factory=list)
    first_prediction_s: list[float] = field(default_factory=list)
    model_loaded_s: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def median(values: list[float]) -> float:
        return float(statistics.median(values)) if values else float("nan")


def child_environment(settings_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["CNNVIZ_SETTINGS_DIR"] = settings_dir  # a fresh, default-settings start
    return env


def measure_app_start(runs: int = 3, *, timeout_s: float = 120.0, page: str = "digits",
                      extra_args: tuple[str, ...] = ()) -> ColdStart:
    result = ColdStart()
    for i in range(max(1, runs)):
        with tempfile.TemporaryDirectory(prefix="cnnviz-bench-") as tmp:
            report = Path(tmp) / "startup.json"
            env = child_environment(str(Path(tmp) / "settings"))
            cmd = launch_command(report, timeout_s, "--page", page, *extra_args)
            t0 = time.time()
            try:
                proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True, timeout=timeout_s + 30)
            except subprocess.TimeoutExpired:
                result.notes.append(f"cold start run {i + 1}: the app did not quit within {timeout_s + 30:.0f} s")
                continue
            if not report.exists():
                tail = (proc.stderr or "").strip().splitlines()[-3:]
                result.notes.append(f"cold start run {i + 1}: no start-up report (exit {proc.returncode}): "
                                    + " | ".join(tail))
                continue
            events = json.loads(report.read_text(encoding="utf-8"))
            if "window_interactive" in events:
                result.window_interactive_s.append(events["window_interactive"] - t0)
            if "first_prediction" in events:
                result.first_prediction_s.append(events["first_prediction"] - t0)
            if "model_loaded" in events:
                result.model_loaded_s.append(events["model_loaded"] - t0)
            if events.get("timed_out"):
                result.notes.append(f"cold start run {i + 1}: timed out after {timeout_s:.0f} s waiting for "
                                    "the first prediction")
    if not result.first_prediction_s and not result.notes:
        result.notes.append("the app reported no first prediction (no digit page with a prediction_shown signal)")
    return result


def launch_command(report: Path, timeout_s: float, *app_args: str) -> list[str]:
    """``python`` running :mod:`benchmarks.launch_app` from this checkout (its folder put
    first on the path, whatever the working directory)."""
    code = ("import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
            "runpy.run_module('benchmarks.launch_app', run_name='__main__', alter_sys=True)")
    return [sys.executable, "-c", code, str(CHECKOUT), str(report), "--timeout", str(timeout_s), *app_args]


def compile_package_bytecode(folder: str | Path | None = None) -> int:
    """Write missing or outdated bytecode of the modules under ``folder`` (default: the
    cnnviz package) into their ``__pycache__`` folders; returns how many were compiled
    (0 when all were up to date or the folder is read-only)."""
    import compileall
    import importlib.util

    if folder is None:
        from cnnviz import PACKAGE_DIR

        folder = PACKAGE_DIR
    stale = 0
    for source in Path(folder).rglob("*.py"):
        try:
            cached = Path(importlib.util.cache_from_source(str(source)))
            if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
                stale += 1
        except (OSError, NotImplementedError, ValueError):
            continue
    if stale == 0:
        return 0
    try:
        ok = compileall.compile_dir(str(folder), quiet=2)
    except OSError:
        return 0
    return stale if ok else 0


def backend_import_code(backend: str) -> str:
    return "import tensorflow" if backend == "tensorflow" else "import keras"


def measure_backend_import(backend: str, runs: int = 3, *, timeout_s: float = 120.0) -> list[float]:
    """Wall time of whole processes that only import the backend (interpreter start included)."""
    times: list[float] = []
    env = child_environment(tempfile.gettempdir())
    env["KERAS_BACKEND"] = backend
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", backend_import_code(backend)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout_s)
        if proc.returncode == 0:
            times.append(time.perf_counter() - t0)
    return times
