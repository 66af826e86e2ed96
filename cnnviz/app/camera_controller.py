"""The camera page's controller (``window.camera``): live frames from a webcam or a video
file through the model, one way:

    VideoSource thread ─frame waiting─▶ controller ─InputRequest─▶ InferenceWorker
    worker.result_ready(result) ─▶ controller ─▶ page.show_frame / show_result

Frames are DROPPED, never queued: the source keeps only its newest frame, and the
controller sends one frame at a time to the worker; when its result is shown, the newest
frame waiting is sent next. The frame on screen and its maps and probabilities always
belong together (snapshots and the Convolution Lab use that pair). The worker prepares
each frame with the model's own preprocessing (``prepare_input``: the digit pipeline for
a digit model; for the others the frame's centre, cropped to the input's aspect ratio as
Teachable Machine does, resized, in the model's pixel range).
"""
from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.app.inference_worker import InferenceWorker, InputRequest
from cnnviz.core.video_source import ENDED, IN_USE, NO_CAMERA, UNPLUGGED, UNREADABLE, SourceError, VideoSource

LAB_SIDE = 48           # a large frame goes to the Convolution Lab as 48 cells on its longer side
STATUS_INTERVAL_S = 0.25
VIDEO_FILTER = "Videos (*.avi *.mp4 *.mov *.mkv *.webm *.mpg *.mpeg *.m4v *.wmv);;All files (*)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("CameraController", text)


SOURCE_MESSAGES = {
    NO_CAMERA: "Cannot open {0}: no camera is connected there. Try another camera number.",
    IN_USE: "{0} opened but sends no picture: another program may be using it.",
    UNPLUGGED: "{0} stopped sending pictures: was it unplugged? The last frame stays.",
    UNREADABLE: "Cannot play {0}: the file is missing or not a video OpenCV can read.",
    ENDED: "{0}: the video has ended.",
}


def source_message(error: SourceError, camera: int | None = None) -> str:
    """The error as a translated one-line message (``camera``: the index, for cameras)."""
    if error.kind not in SOURCE_MESSAGES:
        return str(error)
    name = error.source if camera is None else _tr("camera {0}").format(camera)
    return _tr(SOURCE_MESSAGES[error.kind]).format(name)


class CameraController(QObject):
    """``window.camera``: the live camera/video view."""

    frame_shown = Signal(int)              # index of the frame the views now show
    _frame_waiting = Signal()              # source thread → UI thread
    _source_failed = Signal(object)        # source thread → UI thread: SourceError

    def __init__(self, window, page, worker: InferenceWorker | None = None, capture_factory=None) -> None:
        super().__init__(window)
        self.setObjectName("cameraController")
        self.window, self.page = window, page
        self.worker = worker or InferenceWorker(self)
        self.capture_factory = capture_factory   # tests: a video file dressed as a camera
        self.source: VideoSource | None = None
        self.source_spec: int | str = 0
        self.info = None                      # the worker's ModelInfo
        self.frame = None                     # the Frame shown …
        self.result = None                    # … and its InferenceResult
        self.error: str = ""
        self.running = False
        self.autostart = False                # start the chosen source when the page is first shown
        self._loaded = None                   # the hub's model, sent to the worker when needed
        self._model_sent = False
        self._in_flight: tuple[int, object] | None = None  # (seq, Frame) at the worker
        self._shown_at: deque[float] = deque(maxlen=30)
        self._status_at = 0.0
        self._frame_waiting.connect(self._pump)
        self._source_failed.connect(self._on_source_error)
        page.source_chosen.connect(self.choose_source)
        page.open_file_requested.connect(self.open_video_dialog)
        page.run_toggled.connect(lambda on: self.start() if on else self.pause())
        page.snapshot_requested.connect(self.snapshot_dialog)
        page.lab_requested.connect(self.open_in_lab)
        self.worker.model_ready.connect(self._on_model)
        self.worker.model_failed.connect(self._on_model_failed)
        self.worker.result_ready.connect(self._on_result)
        self.worker.failed.connect(self._on_failed)
        hub = getattr(window, "model_hub", None)
        if hub is not None:
            hub.model_changed.connect(self.set_loaded_model)
            if getattr(hub, "current", None) is not None:
                self.set_loaded_model(hub.current)
        if hasattr(window, "page_changed"):
            window.page_changed.connect(self._on_page_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- model ----------------------------------------------------------------------------
    def set_loaded_model(self, loaded) -> None:
        """A ``LoadedModel`` from the hub (or a keras.Model). It goes to this page's worker
        when the page is shown or a source starts (no second copy traced at start-up)."""
        self._loaded, self._model_sent = loaded, False
        if self.running or self._page_shown():
            self._send_model()

    def _page_shown(self) -> bool:
        return hasattr(self.window, "current_page_key") and self.window.current_page_key() == "camera"

    def _send_model(self) -> None:
        if self._loaded is None or self._model_sent:
            return
        self._model_sent = True
        model = getattr(self._loaded, "model", self._loaded)
        path = getattr(self._loaded, "path", None)
        name = Path(path).name if path else getattr(model, "name", "model")
        self.page.set_model_text(_tr("Loading {0}…").format(name))
        self.worker.set_model(model, list(getattr(self._loaded, "class_names", None) or []), name)

    def _on_model(self, info) -> None:
        new = self.info is None or info.model_id != self.info.model_id
        self.info = info
        if not new:
            return
        self.result = None
        self.page.set_model(info)
        h, w, c = info.input_shape
        low, high = info.input_range
        self.page.set_model_text(_tr("{0} — input {1}×{2}×{3}, pixels {4:g}…{5:g}, {6} classes").format(
            info.name, h, w, c, low, high, len(info.class_names)))
        self._in_flight = None
        if self.frame is not None and not self.running:  # a paused frame: again, with this model
            self._request(self.frame)
        self._pump()

    def _on_model_failed(self, message: str) -> None:
        self._in_flight = None
        self.page.set_model_text(message)
        self.window.show_status(message, 10000)

    # -- the source ---------------------------------------------------------------------------
    def choose_source(self, spec) -> None:
        """Use camera index ``spec`` (int) or video file ``spec`` (str); starts it."""
        self.source_spec = spec
        self.start(restart=True)

    def open_video(self, path: str | Path, start: bool = True) -> None:
        path = str(path)
        self.page.add_video_source(path, Path(path).name)
        self.source_spec = path
        if start:
            self.start(restart=True)

    def open_video_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.page, _tr("Open a video file"), "", _tr(VIDEO_FILTER))
        if path:
            self.open_video(path)

    def start(self, restart: bool = False) -> None:
        """Play: open the chosen source (again, after an error or with ``restart``)."""
        self._send_model()
        src = self.source
        if restart or src is None or not src.is_running():
            if src is not None:
                src.stop(1.0)
            self.error = ""
            self.source = VideoSource(self.source_spec, on_frame=self._frame_waiting.emit,
                                      on_error=self._source_failed.emit, capture_factory=self.capture_factory)
            self._shown_at.clear()
            self.source.start()
            self.page.set_status(_tr("Opening {0}…").format(self.source.name))
        else:
            src.set_paused(False)
            self._shown_at.clear()  # the frame rate counts from here, not across the pause
        self.running = True
        self.page.set_running(True)
        self._pump()

    def pause(self) -> None:
        """Freeze: the frame shown and its maps stay; the source stops reading."""
        self.running = False
        self.page.set_running(False)
        if self.source is not None:
            self.source.set_paused(True)
        if self.frame is not None:
            self.page.set_status(_tr("Paused at frame {0}. Press Space to go on.").format(self.frame.index))

    def _on_page_changed(self, key: str) -> None:
        if key == "camera":
            self._send_model()
            if self.autostart and self.source is None:
                self.autostart = False
                self.start()
        elif self.running:  # nobody watches: give the CPU back
            self.pause()

    def _on_source_error(self, error: SourceError) -> None:
        if self.source is None or error is not self.source.error:
            return  # a replaced source
        self.error = source_message(error, self.source.source if self.source.is_camera else None)
        self.running = False
        self.page.set_running(False)
        self.page.set_status(self.error)
        self.window.show_status(self.error, 10000)

    # -- frames through the worker ----------------------------------------------------------
    def _pump(self) -> None:
        """Send the newest waiting frame when the worker is free (older ones are dropped)."""
        if not self.running or self.source is None or self._in_flight is not None:
            return
        if self.info is None:  # no model yet: show the frames as they come
            f = self.source.newest()
            if f is not None:
                self.frame = f
                self.page.show_frame(f.image)
            return
        f = self.source.newest()
        if f is not None:
            self._request(f)

    def _request(self, frame) -> None:
        seq = self.worker.request(InputRequest(image=self.model_picture(frame.image), source=f"frame {frame.index}"))
        self._in_flight = (seq, frame)

    def model_picture(self, image):
        """What of a frame goes to the model: a digit model gets the whole frame (its
        pipeline finds the digit), other models its centre in their input's aspect ratio,
        as Teachable Machine crops webcam frames (no black bars)."""
        from cnnviz.core.frame_images import crop_to_aspect

        info = self.info
        if info is None or info.digit_like:
            return image
        h, w, _c = info.input_shape
        return crop_to_aspect(image, h, w)

    def _on_result(self, result) -> None:
        flight = self._in_flight
        if flight is None or result.seq != flight[0]:
            return
        self._in_flight = None
        if self.info is not None and result.model_id == self.info.model_id:
            self._show(flight[1], result)
        self._pump()

    def _on_failed(self, seq: int, message: str) -> None:
        if self._in_flight is not None and seq == self._in_flight[0]:
            self._in_flight = None
            self.page.set_status(message)
            self._pump()

    def _show(self, frame, result) -> None:
        self.frame, self.result = frame, result
        self.page.show_frame(frame.image)
        indices = {layer.name: i for i, layer in enumerate(self.info.layers)}
        self.page.show_result(result, indices, self.info.input_range)
        now = time.perf_counter()
        self._shown_at.append(now)
        if self.running and now - self._status_at >= STATUS_INTERVAL_S:
            self._status_at = now
            self.page.set_status(_tr("Frame {0} · {1:.1f} frames/s · network {2:.0f} ms").format(
                frame.index, self.fps(), result.compute_ms))
        elif not self.running:
            self.page.set_status(_tr("Paused at frame {0}. Press Space to go on.").format(frame.index))
        self.frame_shown.emit(frame.index)

    def fps(self) -> float:
        """Frames fully processed and drawn per second, over the last 30."""
        t = self._shown_at
        return (len(t) - 1) / (t[-1] - t[0]) if len(t) >= 2 and t[-1] > t[0] else 0.0

    # -- snapshot and the Convolution Lab -------------------------------------------------------
    def snapshot(self, path: str | Path) -> list[Path]:
        """Write the frame shown (``NAME.png``) and the page with its maps
        (``NAME_maps.png``); returns the files written ([] with a message when none)."""
        from cnnviz.core.images import write_png
        from cnnviz.qt.export import save_widget_png

        if self.frame is None:
            self.window.show_status(_tr("No frame to save yet: start a camera or a video first"), 6000)
            return []
        path = Path(path)
        path = path if path.suffix.lower() == ".png" else path.with_suffix(".png")
        maps = path.with_name(f"{path.stem}_maps.png")
        try:
            write_png(path, self.frame.image)
            save_widget_png(self.page, maps, 1.0)
        except OSError as exc:
            self.window.show_status(_tr("Cannot save the snapshot: {0}").format(exc), 10000)
            return []
        self.window.show_status(_tr("Saved {0} and {1}").format(path.name, maps.name), 6000)
        return [path, maps]

    def snapshot_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.frame is None:
            self.snapshot("")
            return
        path, _ = QFileDialog.getSaveFileName(self.page, _tr("Save a snapshot"), f"frame_{self.frame.index}.png",
                                              _tr("PNG images (*.png)"))
        if path:
            self.snapshot(path)

    def lab_input(self):
        """The frozen frame for the Convolution Lab: the model input when it is small
        enough (a digit model's 28×28), else the frame in gray, 48 cells on its longer side."""
        from cnnviz.core.frame_images import gray_cells
        from cnnviz.state.conv_lab import MAX_INPUT_SIDE

        if self.result is not None and max(self.result.model_input.shape[:2]) <= MAX_INPUT_SIDE:
            return gray_cells(self.result.model_input, MAX_INPUT_SIDE)
        return gray_cells(self.frame.image, LAB_SIDE)

    def open_in_lab(self) -> bool:
        """Pause, and step through the Convolution Lab on the frame shown."""
        lab = getattr(self.window, "lab", None)
        if self.frame is None or lab is None:
            self.window.show_status(_tr("No frame yet: start a camera or a video first"), 6000)
            return False
        if self.running:
            self.pause()
        lab.load_input(self.lab_input(), _tr("Camera frame {0}").format(self.frame.index))
        self.window.show_page("lab")
        return True

    def shutdown(self) -> None:
        if self.source is not None:
            self.source.stop(1.0)
        self.worker.stop(2.0)


def build_camera(window, args) -> None:
    """Page builder: the camera page and its controller at ``window.camera``; ``--video
    FILE`` opens that file at launch (paused until the page is shown)."""
    from cnnviz.qt.camera.page import CameraPage

    page = CameraPage(window)
    window.add_page("camera", page, QCoreApplication.translate("CameraPage", "Camera"))
    controller = CameraController(window, page)
    window.camera = controller
    if hasattr(window, "destroyed"):
        window.destroyed.connect(lambda *_: controller.shutdown())
    from PySide6.QtGui import QAction

    action = QAction(QCoreApplication.translate("CameraPage", "Open vi&deo…"), window)
    action.setObjectName("openVideoAction")
    action.triggered.connect(lambda: (window.show_page("camera"), controller.open_video_dialog()))
    window.file_menu.addAction(action)
    video = getattr(args, "video", None) if args is not None else None
    if video:
        controller.open_video(video, start=False)
        controller.autostart = True
        if window.current_page_key() == "camera":
            controller._on_page_changed("camera")
