"""The benchmark harness (``benchmarks/`` of the checkout, ``python -m benchmarks``): it runs
end to end on a tiny model and reports the contract's shape. Timings are never asserted
here (machines are noisy); only that what was measured is a positive, finite number and
that the report says PASS/FAIL per target. Nothing in the package imports the harness."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.report import (RESULT_KEYS, STAT_KEYS, TARGETS, evaluate_targets, format_table, json_safe,
                               rss_mb, summarize, validate_result)

CHECKOUT = Path(__file__).resolve().parents[1]


def _tiny_model(path):
    import keras

    inputs = keras.Input((28, 28, 1), name="input")
    x = keras.layers.Conv2D(4, 3, activation="relu", padding="same", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="output")(x)
    keras.Model(inputs, outputs).save(path)
    return path


def _positive_finite(v) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v) and v > 0


def test_summarize_percentiles():
    s = summarize(range(1, 101))
    assert tuple(s) == STAT_KEYS
    assert s["median"] == pytest.approx(50.5)
    assert s["p95"] == pytest.approx(95.05)
    assert s["p99"] == pytest.approx(99.01)
    assert all(math.isnan(v) for v in summarize([]).values())


def test_targets_pass_and_fail_from_numbers():
    good = {"stroke_to_drawn_ms": {"median": 2.0, "p95": 5.0, "p99": 9.0},
            "naive_ms": {"median": 60.0, "p95": 70.0, "p99": 80.0},
            "lab_frame_ms": {"median": 3.0, "p95": 4.0, "p99": 5.0},
            "speedup": 30.0, "window_interactive_s": 0.4, "first_prediction_s": 4.0, "tf_import_s": 3.8,
            "rss_mb_100": 500.0, "rss_mb_10000": 510.0, "ui_max_block_ms": 12.0,
            "device": "CPU: test (2 cores)", "backend": "tensorflow", "live_device": "CPU (2 cores)",
            "batch_device": "CPU (2 cores)", "camera_fps": 20.0}
    validate_result(good)
    assert [ok for _, ok in evaluate_targets(good)] == [True] * len(TARGETS)
    bad = dict(good, speedup=3.0, first_prediction_s=4.5, rss_mb_10000=530.0, ui_max_block_ms=80.0)
    verdicts = {t.name: ok for t, ok in evaluate_targets(bad)}
    assert verdicts == {"stroke_median": True, "stroke_p99": True, "speedup": False,
                        "window_interactive": True, "first_prediction": False, "memory_growth": False,
                        "ui_block": False}
    table = format_table(bad, ["a note"])
    assert table.count("FAIL") == 4 and table.count("PASS") == 3
    assert "note: a note" in table
    assert "(live path: CPU (2 cores); batch path: CPU (2 cores))" in table.splitlines()[0]
    unmeasured = dict(good, window_interactive_s=math.nan)
    assert dict((t.name, ok) for t, ok in evaluate_targets(unmeasured))["window_interactive"] is None
    assert json_safe(unmeasured)["window_interactive_s"] is None
    with pytest.raises(ValueError):
        validate_result({k: good[k] for k in RESULT_KEYS if k != "device"})


def test_rss_is_this_process():
    before = rss_mb()
    block = np.ones(50_000_000 // 8)  # 50 MB, touched
    after = rss_mb()
    assert before > 10
    assert after - before > 30
    del block


def test_startup_watch_times_the_app_through_its_public_signals(qtbot, tmp_path):
    """The cold-start launcher finds the main window among the top-level widgets and
    follows the model hub's model_changed and the digit page's prediction_shown signals;
    it asks to quit once the first prediction is shown."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QMainWindow

    from benchmarks.launch_app import StartupWatch

    class Hub(QObject):
        model_changed = Signal(object)

    class Digits(QObject):
        prediction_shown = Signal()

    report = tmp_path / "startup.json"
    quits = []
    watch = StartupWatch(QApplication.instance(), report, 30, quit=lambda: quits.append(1))
    window = QMainWindow()
    window.model_hub = Hub(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "window_interactive" in watch.events, timeout=5000)
    assert watch.window is window and not quits  # the prediction is still to come
    window.digits = Digits(window)
    window.model_hub.model_changed.emit(object())
    window.digits.prediction_shown.emit()
    qtbot.waitUntil(lambda: bool(quits), timeout=5000)
    events = json.loads(report.read_text())
    assert events["window_painted"] <= events["window_interactive"]
    assert events["model_loaded"] <= events["first_prediction"]
    assert "timed_out" not in events


@pytest.mark.slow
def test_a_cold_start_of_the_real_app_reports_the_window_and_the_first_prediction():
    """The launcher runs the real app (public entry, public signals) in a fresh process:
    the window becomes interactive, then the bundled model's first prediction shows."""
    from benchmarks.coldstart import measure_app_start

    cold = measure_app_start(1, timeout_s=150)
    assert cold.notes == []
    assert len(cold.window_interactive_s) == len(cold.first_prediction_s) == len(cold.model_loaded_s) == 1
    assert 0 < cold.window_interactive_s[0] < cold.model_loaded_s[0] <= cold.first_prediction_s[0]


def test_the_package_never_imports_the_benchmarks():
    from tests.test_layering import IMPORTS, PACKAGE

    importers = sorted(m for m, names in IMPORTS.items() if any(n.split(".")[0] == "benchmarks" for n in names))
    assert importers == []
    assert not list((PACKAGE / "app").glob("bench*.py"))


def _bench(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m benchmarks ARGS`` from the checkout, as a developer runs it."""
    return subprocess.run([sys.executable, "-m", "benchmarks", *args], cwd=CHECKOUT, capture_output=True,
                          text=True, timeout=timeout)


def test_bench_options_are_parsed_by_the_harness():
    import argparse

    from benchmarks.__main__ import apply_arguments
    from benchmarks.options import add_options

    parser = add_options(argparse.ArgumentParser())
    argv = ["--json", "--quick", "--strokes", "7", "--paced-strokes", "0", "--no-training",
            "--model", "m.keras", "--seed", "3", "--device", "cpu"]
    args = parser.parse_args(argv)
    options = apply_arguments(args)
    assert args.json and args.device == "cpu"
    assert (options.strokes, options.paced_strokes, options.training, options.model, options.seed) == \
        (7, 0, False, "m.keras", 3)
    assert parser.parse_args([]).device is None
    # Negative values come through as typed.
    assert parser.parse_args(["--seed", "-3"]).seed == -3


def test_the_installed_package_has_no_bench_command(capsys):
    """Benchmarks are not part of the product: no ``cnnviz bench``, no bench module."""
    from cnnviz.cli.main import main
    from tests.test_layering import PACKAGE

    assert not list((PACKAGE / "cli").glob("bench*.py")) and not list(PACKAGE.rglob("bench*.py"))
    with pytest.raises(SystemExit) as exc:
        main(["bench", "--quick"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "invalid choice: 'bench'" in err[-1]


def test_python_m_benchmarks_takes_the_bench_options(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=CHECKOUT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "--no-cold-start" in proc.stdout and "--json" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--model", str(tmp_path / "none.keras")],
                          cwd=CHECKOUT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.strip().endswith("no such file")


def test_bench_quick_run_json_shape(tmp_path):
    """The whole harness, quickest mode, through its command line in a process of its
    own: one JSON object with exactly the contract's keys; what was measured is positive
    and finite."""
    model = _tiny_model(tmp_path / "tiny.keras")
    proc = _bench("--json", "--quick", "--no-cold-start", "--no-training", "--model", str(model),
                  "--strokes", "6", "--paced-strokes", "4", "--naive-strokes", "3", "--lab-frames", "3",
                  "--memory-strokes", "12", "--no-camera", "--details", str(tmp_path / "details.json"))
    code = proc.returncode
    assert code == 0, proc.stderr[-2000:]
    out = proc.stdout.strip().splitlines()
    result = json.loads(out[-1])
    assert tuple(result) == RESULT_KEYS
    for key in ("stroke_to_drawn_ms", "naive_ms", "lab_frame_ms"):
        assert tuple(result[key]) == STAT_KEYS
    for v in result["naive_ms"].values():
        assert _positive_finite(v)
    assert result["naive_ms"]["median"] <= result["naive_ms"]["p95"] <= result["naive_ms"]["p99"]
    assert math.isfinite(result["ui_max_block_ms"]) and result["ui_max_block_ms"] >= 0
    # Cold start was skipped: reported as null, never as a made-up number.
    assert result["window_interactive_s"] is None and result["first_prediction_s"] is None
    assert result["tf_import_s"] is None and result["camera_fps"] is None
    assert result["backend"] == "tensorflow"
    assert result["device"].startswith(("CPU", "GPU"))
    # Where each path ran (cnnviz.inference.devices): a CPU-only machine runs both on the CPU.
    from cnnviz.inference.devices import gpu_names, path_descriptions

    assert (result["live_device"], result["batch_device"]) == tuple(path_descriptions().values())
    if not gpu_names():
        assert result["live_device"] == result["batch_device"] and result["batch_device"].startswith("CPU (")
    # The paced samples (a mouse's rhythm) are reported apart, in the details and a note.
    details = json.loads((tmp_path / "details.json").read_text())
    paced = details["details"]["stroke_to_drawn_paced_ms"]
    assert _positive_finite(paced["median"]) and paced["median"] <= paced["p99"]
    assert any("mouse's pace" in n for n in details["notes"])
    assert details["details"]["memory_strokes"] == 12


def test_bench_rejects_missing_model():
    """The harness judges its options: one line on stderr, exit 2."""
    proc = _bench("--model", "/nonexistent/model.keras", timeout=120)
    assert proc.returncode == 2
    assert "no such file" in proc.stderr


def test_collector_paused_then_frozen():
    """Heavy Keras work runs with the cyclic collector off; afterwards the survivors are
    frozen (later full collections skip them) and the collector is on again."""
    import gc

    from cnnviz.inference.gc_pause import collector_paused, pause_collector

    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    resume = pause_collector()
    assert not gc.isenabled()
    with collector_paused():  # nested (another worker thread): still off afterwards
        keep = [[i] for i in range(1000)]
    assert not gc.isenabled()
    resume()
    resume()  # idempotent
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + 1000
    gc.unfreeze()
    del keep


def test_native_preload_is_a_no_op_once_tensorflow_is_loaded():
    import tensorflow  # noqa: F401

    from cnnviz.inference import native_preload

    native_preload._done = False
    assert native_preload.preload_tensorflow_libraries() == []


def test_watchdog_tells_a_computing_block_from_a_waiting_one(qtbot):
    """The longest block of each phase, and how much of it the UI thread computed: a busy
    loop is all computing, a sleep (a wait for a disk or the GIL) almost none."""
    import time

    from PySide6.QtCore import QTimer

    from benchmarks.watchdog import UiBlockWatchdog

    def busy(ms):
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            pass

    dog = UiBlockWatchdog(5)
    for phase, block in (("busy", lambda: busy(80)), ("sleep", lambda: time.sleep(0.08))):
        dog.start(phase)
        qtbot.wait(30)
        QTimer.singleShot(0, block)
        qtbot.wait(60)
        dog.stop()
    assert dog.max_block_ms["busy"] >= 70 and dog.max_block_ms["sleep"] >= 70
    # (a busy loop may lose its core to other processes for a while; a sleep computes nothing)
    assert dog.max_block_cpu_ms["busy"] >= 0.5 * dog.max_block_ms["busy"]
    assert dog.max_block_cpu_ms["sleep"] < 20


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="needs posix_fadvise (Linux)")
def test_watchdog_counts_pages_read_from_disk_during_a_block(qtbot, tmp_path):
    """A block that touches pages the system evicted (here: a file dropped from the page
    cache, mapped and read page by page) reports them; a block that does not, next to none."""
    import mmap
    import resource
    import time

    from PySide6.QtCore import QTimer

    from benchmarks.watchdog import UiBlockWatchdog

    path = tmp_path / "cold.bin"
    path.write_bytes(os.urandom(2 << 20))
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        pages = mmap.mmap(fd, 0, prot=mmap.PROT_READ)
        pages.madvise(mmap.MADV_RANDOM)  # one fault per page, no read-ahead

        read_from_disk = []

        def touch():
            before = resource.getrusage(resource.RUSAGE_THREAD).ru_majflt
            sum(pages[i] for i in range(0, len(pages), mmap.PAGESIZE))
            read_from_disk.append(resource.getrusage(resource.RUSAGE_THREAD).ru_majflt - before)
            time.sleep(0.06)

        dog = UiBlockWatchdog(5)
        for phase, block in (("warm", lambda: time.sleep(0.06)), ("cold", touch)):
            dog.start(phase)
            qtbot.wait(30)
            QTimer.singleShot(0, block)
            qtbot.wait(90)
            dog.stop()
        pages.close()
    finally:
        os.close(fd)
    assert dog.max_block_major_faults["warm"] < 10  # (the system may page out some code anytime)
    if read_from_disk[0] < 100:
        pytest.skip("this file system kept the pages (no page cache to drop)")
    assert dog.max_block_major_faults["cold"] >= read_from_disk[0]


def test_the_cold_start_uses_compiled_modules_as_an_installed_package_does(tmp_path):
    """Before timing launches the bench writes the package's missing bytecode (as pip does
    at install), once: a second call finds nothing to do, an edited module is compiled
    again."""
    import importlib.util
    import time

    from benchmarks.coldstart import compile_package_bytecode

    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (pkg / name).write_text("X = 1\n", encoding="utf-8")
    assert compile_package_bytecode(pkg) == 4
    for name in ("a.py", "sub/b.py"):
        assert Path(importlib.util.cache_from_source(str(pkg / name))).exists()
    assert compile_package_bytecode(pkg) == 0
    (pkg / "a.py").write_text("X = 2\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(pkg / "a.py", (later, later))
    assert compile_package_bytecode(pkg) == 1


@pytest.mark.slow
def test_the_camera_figure_plays_a_video_through_a_teachable_machine_model():
    """`cnnviz bench` reports the camera page's frame rate (not a target) from its own
    process: a generated video through the real page and the MobileNetV2 fixture."""
    from benchmarks.camera_fps import DEFAULT_MODEL

    if not DEFAULT_MODEL.is_file():
        pytest.skip(f"Teachable Machine fixture not found at {DEFAULT_MODEL} (../shared is absent)")
    from benchmarks.__main__ import camera_figure

    figure = camera_figure(quick=True)
    assert figure is not None
    assert figure["input"] == [224, 224, 3] and figure["input_range"] == [-1.0, 1.0]
    assert figure["frames_shown"] > 0 and figure["fps"] > 0
    assert figure["video_frames_read"] >= figure["frames_shown"]
