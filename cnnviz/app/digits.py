"""Wiring of the "draw a digit" page: canvas → inference worker → views.

The controller (``window.digits``) owns the :class:`InferenceWorker`, listens to the model
hub, sends every pen movement to the worker (newest request wins) and hands each result
to the page. Nothing here imports Keras: the worker does, in its own thread.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from cnnviz.app.inference_worker import InferenceWorker, InputRequest, prepare_input

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DigitsController", text)


class DigitsController(QObject):
    """``window.digits``: the live digit view."""

    prediction_shown = Signal(int)        # seq of the result the views now show
    model_shown = Signal(object)          # ModelInfo

    def __init__(self, window, page, worker: InferenceWorker | None = None) -> None:
        super().__init__(window)
        self.setObjectName("digitsController")
        self.window = window
        self.page = page
        self.canvas = page.canvas
        self.worker = worker or InferenceWorker(self)
        self.info = None
        self.result = None
        self.transform = None
        self.last_image: np.ndarray | None = None
        self._image_seq = -1
        self._layer_index: dict[str, int] = {}
        self.canvas.ink_changed.connect(self.request)
        self.worker.model_ready.connect(self._on_model)
        self.worker.model_failed.connect(self._on_model_failed)
        self.worker.result_available.connect(self._on_result)
        self.worker.failed.connect(self._on_failed)
        self.worker.status_text.connect(self._on_status)
        page.open_image_requested.connect(self.open_image_dialog)
        page.files_dropped.connect(self.open_files)
        page.show_steps_changed.connect(lambda on: on and self.request())
        page.detail.open_in_lab.connect(self.open_in_lab)
        page.detail.zero_filter.connect(self.zero_filter)
        page.kernels.open_in_lab.connect(self.open_in_lab)
        page.kernels.zero_filter.connect(self.zero_filter)
        page.kernels.value_edited.connect(self.set_kernel_value)
        page.kernels.reset_weights.connect(self.reset_weights)
        self.gradcam = None
        page.explore.transform_changed.connect(self.set_transform)
        page.explore.gradcam_changed.connect(self.set_gradcam)
        page.tabs.currentChanged.connect(lambda _i: self.result is not None and self.request())
        hub = getattr(window, "model_hub", None)
        if hub is not None:
            hub.model_changed.connect(self.set_loaded_model)
            if getattr(hub, "current", None) is not None:
                self.set_loaded_model(hub.current)
        if hasattr(window, "destroyed"):
            window.destroyed.connect(lambda *_: self.worker.stop(0.5))
        if hasattr(window, "page_changed"):  # the page's keys work as soon as it is shown
            window.page_changed.connect(lambda key: key == "digits" and self.canvas.setFocus())
        app = QCoreApplication.instance()
        if app is not None:  # let a running computation finish before the interpreter goes
            app.aboutToQuit.connect(lambda: self.worker.stop(2.0))

    # -- model ----------------------------------------------------------------------------
    def set_loaded_model(self, loaded) -> None:
        """A ``LoadedModel`` from the hub (or anything with ``.model``/``.class_names``)."""
        model = getattr(loaded, "model", loaded)
        names = list(getattr(loaded, "class_names", None) or [])
        path = getattr(loaded, "path", None)
        name = Path(path).name if path else getattr(model, "name", "model")
        self.page.model_label.setText(_tr("Loading {0}…").format(name))
        self.worker.set_model(model, names, name)

    def _on_model(self, info) -> None:
        new_model = self.info is None or info.model_id != self.info.model_id
        self.info = info
        self._layer_index = {layer.name: i for i, layer in enumerate(info.layers)}
        if new_model:
            self.page.set_model(info)
            h, w, c = info.input_shape
            self.page.model_label.setText(
                _tr("{0} — input {1}×{2}×{3}, {4} classes, {5} layers shown").format(
                    info.name, h, w, c, len(info.class_names), len(self.page.panels)))
            self.request()
        else:
            self.page.update_kernels(info)
        self.model_shown.emit(info)

    def _on_model_failed(self, message: str) -> None:
        self.page.model_label.setText(message)
        self.window.show_status(message, 10000)

    def _on_status(self, text: str) -> None:
        if hasattr(self.window, "set_device_text"):
            self.window.set_device_text(text)

    def feature_layer_names(self) -> list[str]:
        """The layers whose feature maps the page shows (the bench's naive path uses them)."""
        return [p.info.name for p in self.page.panels if p.info.is_map]

    # -- input ----------------------------------------------------------------------------
    def request(self) -> int:
        """Send the canvas to the worker (called on every pen movement). The ink is
        preprocessed here (~0.1 ms; see :func:`prepare_input`), so that the worker starts
        the network at once; a failure is left to the worker, which reports it."""
        req = InputRequest(ink=self.canvas.ink_u8(), transform=self.transform, gradcam=self.gradcam,
                           steps=self.page.steps_check.isChecked())
        info = self.worker.info
        if info is not None:
            try:
                req = replace(req, prepared=prepare_input(req, info))
            except Exception:  # noqa: BLE001 - the worker prepares it again and says what is wrong
                pass
        return self.worker.request(req)

    def set_transform(self, transform) -> None:
        """Shift/rotate/scale applied to the model input (the invariance sliders)."""
        self.transform = transform
        self.request()

    def set_gradcam(self, request) -> None:
        """``(layer or None, class or None)`` to compute Grad-CAM with every update; None: off."""
        self.gradcam = request
        self.request()

    def open_image(self, path: str | Path) -> bool:
        """Use an image file of a digit as the input (polarity detected automatically)."""
        from cnnviz.core.images import ImageReadError, read_image

        try:
            image = read_image(path)
        except ImageReadError as exc:
            self.window.show_status(str(exc), 10000)
            self.page.model_label.setText(str(exc))
            return False
        self.set_input_image(image, str(path))
        self.window.show_status(_tr("Opened {0}").format(Path(path).name), 5000)
        return True

    def set_input_image(self, image: np.ndarray, source: str = "", *, exact: bool = False) -> None:
        """Run a picture as the input. An image file's pixels are preprocessed and the
        cleaned ink then lands on the canvas, where it can be edited. ``exact``: the
        picture already is the model input (a test-set sample, light on dark): the network
        sees it unchanged, and the canvas shows it for further drawing."""
        self.last_image = np.asarray(image)
        if exact:
            self.canvas.blockSignals(True)
            try:
                self.canvas.set_ink(self.last_image)
            finally:
                self.canvas.blockSignals(False)
            self.canvas.update()
            self.page._history(self.canvas.can_undo(), self.canvas.can_redo())
        seq = self.worker.request(InputRequest(image=self.last_image, source=source, transform=self.transform,
                                               gradcam=self.gradcam, exact=exact))
        self._image_seq = -1 if exact else seq

    def open_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.page, _tr("Open an image of a digit"), "",
            _tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif *.pgm *.ppm);;All files (*)"))
        if path:
            self.open_image(path)

    def open_files(self, paths: list[str]) -> None:
        for p in paths:
            if Path(p).suffix.lower() in MODEL_SUFFIXES:
                hub = getattr(self.window, "model_hub", None)
                if hub is not None:
                    hub.open(p)
                return
        if paths:
            self.open_image(paths[0])

    # -- results --------------------------------------------------------------------------
    def _on_result(self) -> None:
        result = self.worker.take_result()
        if result is None or self.info is None or result.model_id != self.info.model_id:
            return
        self.result = result
        self.page.show_result(result, self._layer_index)
        pending = getattr(self, "_pending_map", None)
        if pending is not None and pending[0] in self._layer_index:
            self._pending_map = None
            layer, channel = pending
            info = self.info.layers[self._layer_index[layer]]
            if info.is_map and 0 <= channel < info.channels:
                self.page.map_clicked(layer, channel)
        if result.seq == self._image_seq:
            self._image_seq = -1
            self._put_photo_on_canvas(result)
        self.prediction_shown.emit(result.seq)

    def _put_photo_on_canvas(self, result) -> None:
        """After an image file ran, its cleaned ink goes on the canvas (editable)."""
        cleaned = next((s.image for s in result.steps if s.key == "cleaned"), None)
        if cleaned is None:
            return
        self.canvas.blockSignals(True)
        try:
            self.canvas.set_ink(cleaned)
        finally:
            self.canvas.blockSignals(False)
        self.canvas.update()
        self.page._history(self.canvas.can_undo(), self.canvas.can_redo())
        if result.notes:
            self.window.show_status("; ".join(result.notes), 8000)

    def _on_failed(self, seq: int, message: str) -> None:
        self.window.show_status(message, 8000)

    # -- sessions and autosave (protocol of cnnviz.app.session) ---------------------------
    def session_state(self) -> dict:
        """The drawing and the page's settings (weight edits are not kept: reset on load)."""
        from cnnviz.app.session import encode_array

        ex = self.page.explore
        return {
            "ink": encode_array(self.canvas.ink_u8()),
            "brush": self.canvas.brush_size(),
            "show_steps": self.page.steps_check.isChecked(),
            "tab": self.page.tabs.currentIndex(),
            "transform": {k: s.value() for k, s in ex.sliders.items()},
            "gradcam": ex.cam_check.isChecked(),
            "map": [self.page.detail.layer, self.page.detail.channel],
        }

    def restore_session_state(self, state: dict) -> None:
        from cnnviz.app.session import decode_array

        if not isinstance(state, dict):
            raise TypeError("the digit page state must be an object")
        ink = decode_array(state["ink"]) if "ink" in state else None
        if ink is not None and (ink.ndim != 2 or min(ink.shape) < 2 or ink.size > 4096 * 4096):
            raise ValueError(f"the drawing must be a 2-D image, got shape {ink.shape}")
        transform = state.get("transform", {})
        if not isinstance(transform, dict):
            raise TypeError("'transform' must be an object")
        page, ex = self.page, self.page.explore
        if "brush" in state:
            self.canvas.set_brush_size(float(state["brush"]))
        page.steps_check.setChecked(bool(state.get("show_steps", False)))
        tab = int(state.get("tab", 0))
        if 0 <= tab < page.tabs.count():
            page.tabs.setCurrentIndex(tab)
        ex._updating = True
        try:
            for key, slider in ex.sliders.items():
                if key in transform:
                    slider.setValue(int(transform[key]))
        finally:
            ex._updating = False
        ex._show_values()
        self.transform = ex.transform()
        ex.cam_check.setChecked(bool(state.get("gradcam", False)))
        if ink is not None:
            self.canvas.set_ink(ink, undoable=False)
        m = state.get("map")
        if isinstance(m, list) and len(m) == 2 and m[0]:
            self._pending_map = (str(m[0]), int(m[1]))
        self.request()

    # -- the Convolution Lab and model surgery ----------------------------------------------
    def lab_problem(self, layer: str, f: int) -> dict | None:
        """The arguments for ``window.lab.show_problem`` recomputing filter ``f`` of Conv2D
        layer ``layer`` on the current input."""
        if self.info is None or self.result is None or layer not in self.info.kernels:
            return None
        p = self.info.kernels[layer]
        x = self.result.conv_inputs.get(layer)
        if x is None or not 0 <= f < p.kernel.shape[-1]:
            return None
        act = p.activation if p.activation in ("none", "relu") else "none"
        return dict(input=x[:, :, 0] if x.shape[2] == 1 else x, kernel=p.kernel[:, :, :, f],
                    bias=float(p.bias[f]), padding=p.padding, stride=p.stride, dilation=p.dilation,
                    activation=act, title=_tr("{0} · filter {1}").format(layer, f))

    def open_in_lab(self, layer: str, f: int) -> bool:
        problem = self.lab_problem(layer, f)
        lab = getattr(self.window, "lab", None)
        if problem is None or lab is None:
            self.window.show_status(_tr("Draw something first, then open a filter of a convolution layer"), 6000)
            return False
        info = self.info.kernels[layer]
        if info.activation not in ("none", "relu"):
            self.window.show_status(_tr("The lab shows this filter without its {0} activation").format(info.activation), 8000)
        return bool(lab.show_problem(**problem))

    def zero_filter(self, layer: str, f: int) -> None:
        if layer and f >= 0:
            self.worker.edit("zero", layer, f)

    def set_kernel_value(self, layer: str, index: tuple, value: float) -> None:
        self.worker.edit("value", layer, tuple(index), float(value))

    def reset_weights(self) -> None:
        self.worker.edit("reset")


def build_digits(window, args) -> None:  # noqa: ARG001 - the builder signature
    """Page builder: the digit page, its controller at ``window.digits``, menu actions."""
    from cnnviz.qt.digits.page import DigitsPage

    page = DigitsPage(window)
    window.add_page("digits", page, QCoreApplication.translate("DigitsPage", "Draw a digit"))
    controller = DigitsController(window, page)
    window.digits = controller
    open_action = QAction(QCoreApplication.translate("DigitsPage", "Open digit &image…"), window)
    open_action.setObjectName("openDigitImageAction")
    open_action.setShortcut(QKeySequence("Ctrl+I"))
    open_action.triggered.connect(lambda: (window.show_page("digits"), controller.open_image_dialog()))
    window.file_menu.addAction(open_action)
    window.addAction(open_action)
    if window.current_page_key() == "digits":
        page.canvas.setFocus()
