"""Exports shared by the lab pages: a walkthrough GIF (every step rendered offscreen with
its formula), a PNG of the stage at presentation resolution, and CSV of a grid."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QWidget

from cnnviz.core.walkthrough_frames import MAX_FRAMES, frame_positions
from cnnviz.qt.export import qimage_to_array, render_widget, save_gif, save_widget_png
from cnnviz.qt.lab.screen_hints import screen_hints_blanked
from cnnviz.qt.lab.stepping import Stepper


def walkthrough_frames(stage: QWidget, stepper: Stepper, max_frames: int = MAX_FRAMES,
                       scale: float = 1.0) -> list[np.ndarray]:
    """Render ``stage`` at every step position (the stepper is put back where it was)."""
    was, playing = stepper.position, stepper.is_playing()
    stepper.pause()
    frames = []
    try:
        for pos in frame_positions(stepper.count, max_frames):
            stepper.go_to(pos)
            with screen_hints_blanked(stage):  # no "Press → or Space …" in the animation
                frames.append(qimage_to_array(render_widget(stage, scale)))
    finally:
        stepper.go_to(was)
        if playing:
            stepper.play()
    return frames


def export_walkthrough_gif(stage: QWidget, stepper: Stepper, path: str | Path, *, ms_per_step: float = 700,
                           max_frames: int = MAX_FRAMES, scale: float = 1.0) -> int:
    """Write the walkthrough as a looping GIF (first and last frames held longer);
    returns the number of frames."""
    if stepper.count <= 0:
        raise ValueError("nothing to animate: the current settings give no output")
    frames = walkthrough_frames(stage, stepper, max_frames, scale)
    durations = [ms_per_step] * len(frames)
    durations[0] = max(ms_per_step, 1200)
    durations[-1] = max(ms_per_step, 3000)
    return save_gif(frames, path, durations)


__all__ = ["export_walkthrough_gif", "save_widget_png", "walkthrough_frames"]


def export_walkthrough_gif_in_background(parent: QWidget, stage: QWidget, stepper: Stepper, path: str | Path,
                                         on_done=None, *, ms_per_step: float = 700,
                                         max_frames: int = MAX_FRAMES) -> None:
    """Like :func:`export_walkthrough_gif`, but the slow part (GIF encoding, about 0.1 s a
    frame) runs in a worker thread behind a cancellable-looking busy dialog, so the window
    keeps painting. ``on_done(error_message_or_empty)`` is called on the UI thread."""
    import threading

    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QProgressDialog

    if stepper.count <= 0:
        raise ValueError("nothing to animate: the current settings give no output")
    frames = walkthrough_frames(stage, stepper, max_frames)
    durations = [ms_per_step] * len(frames)
    durations[0] = max(ms_per_step, 1200)
    durations[-1] = max(ms_per_step, 3000)
    result: dict[str, str] = {}

    def work() -> None:
        try:
            save_gif(frames, path, durations)
            result["error"] = ""
        except (OSError, ValueError) as exc:
            result["error"] = str(exc)

    dialog = QProgressDialog(QCoreApplication.translate("Walkthrough", "Writing the animation (%1 frames)…")
                             .replace("%1", str(len(frames))), "", 0, 0, parent)
    dialog.setObjectName("gifProgress")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    thread = threading.Thread(target=work, name="cnnviz-gif", daemon=True)
    thread.start()
    timer = QTimer(dialog)

    def poll() -> None:
        if thread.is_alive():
            return
        timer.stop()
        dialog.reset()
        dialog.deleteLater()
        if on_done is not None:
            on_done(result.get("error", "the animation could not be written"))

    timer.timeout.connect(poll)
    timer.start(50)
