"""The bench's drivers for the Convolution Lab and the Live training page.

* :func:`drive_lab` steps the Convolution Lab through its step-forward action.
* :func:`watch_training` runs a tiny real training through the Live training page.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from benchmarks.drivers import Progress, SignalCounter, force_paint, settle


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
        # Back to the event loop between frames, as the lab's play timer does (and so
        # that the UI watchdog sees frames, not one long block).
        QCoreApplication.processEvents()
    return times, ""


def _lab_digit(seed: int) -> np.ndarray:
    """A 28×28 digit (0..1) drawn from the synthetic strokes, as the lab's input."""
    import cv2

    from benchmarks.strokes import digit_strokes
    from cnnviz.core.preprocess import preprocess_digit

    canvas = np.zeros((280, 280), np.uint8)
    for stroke in digit_strokes(seed % 10 or 3, np.random.default_rng(seed)):
        pts = np.round(stroke * 279).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [pts], False, 255, 22, cv2.LINE_AA)
    return np.round(preprocess_digit(canvas / 255.0).image, 2).astype(np.float32)


def find_mnist_folder(explicit: str | None) -> Path | None:
    """An MNIST IDX folder for the training phase: ``--data``, else $CNNVIZ_SHARED or the
    project's ../shared/datasets/mnist (a development checkout), else None."""
    candidates = [Path(explicit)] if explicit else []
    shared = os.environ.get("CNNVIZ_SHARED")
    if shared:
        candidates.append(Path(shared) / "datasets" / "mnist")
    candidates.append(Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist")
    for c in candidates:
        if (c / "train-images-idx3-ubyte.gz").is_file():
            return c
    return None


def watch_training(window, watchdog, progress: Progress, data: str | None, tmpdir: Path) -> str:
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
    # Opening the page (its first layout and paint) is a page switch, reported on its own;
    # the training phase starts when the user presses Start, as in class.
    with watchdog.watching("page switch"):
        window.show_page("train") if "train" in window.page_keys() else None
        settle(window)
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
