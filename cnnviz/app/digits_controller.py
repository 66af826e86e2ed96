"""The "draw a digit" page's controller: one-way wiring of views, state and worker.

    canvas.ink_changed(ink) ─▶ session.ink ─event─▶ prepare_request ─▶ worker.request
    worker.result_ready(result) ─▶ session.result ─event─▶ page.show_result

The views turn user input into :class:`~cnnviz.state.digit_session.DigitSession` changes
(each signal carries its data); the session's events carry the new values to this
controller, which queues work on the :class:`InferenceWorker` (newest request wins) and
hands results to the views. Nothing reaches back into a widget for its data. No Keras
here: the worker imports it, in its own thread.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.app.inference_worker import InferenceWorker, InputRequest, prepare_request
from cnnviz.state.digit_session import DigitSession, Picture, check_ink

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")


def _translated_note(note: str) -> str:
    """A preprocessing note (:class:`cnnviz.core.preprocess_steps.Note`) in the UI's language."""
    template = getattr(note, "template", None)
    if template is None:
        return str(note)
    return QCoreApplication.translate("Preprocessing", template).format(*note.args)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DigitsController", text)


class DigitsController(QObject):
    """``window.digits``: the live digit view."""

    prediction_shown = Signal(int)        # seq of the result the views now show
    edit_committed = Signal()             # a finished stroke, undo, clear…: autosave now
    model_shown = Signal(object)          # ModelInfo

    def __init__(self, window, page, worker: InferenceWorker | None = None,
                 session: DigitSession | None = None) -> None:
        super().__init__(window)
        self.setObjectName("digitsController")
        self.window = window
        self.page = page
        self.canvas = page.canvas
        self.worker = worker or InferenceWorker(self)
        self.session = s = session or DigitSession()
        self._image_seq = -1                 # the opened image whose cleaned ink goes on the canvas
        self._pending_map: tuple[str, int] | None = None  # restored, shown with the first result
        with s.events.ink.blocked():
            s.ink = self.canvas.ink_u8()     # the starting (blank) drawing, once
        # views → session (each signal carries the new value)
        self.canvas.ink_changed.connect(self._set_ink)
        self.canvas.edit_committed.connect(self.edit_committed.emit)
        page.show_steps_changed.connect(lambda on: setattr(s, "show_steps", bool(on)))
        page.explore.transform_changed.connect(lambda t: setattr(s, "transform", t))
        page.explore.gradcam_changed.connect(lambda g: setattr(s, "gradcam", g))
        page.map_chosen.connect(lambda layer, channel: setattr(s, "selected_map", (layer, channel)))
        # session → worker
        s.events.ink.connect(self._run_ink)
        s.events.picture.connect(self._run_picture)
        s.events.transform.connect(self._rerun)
        s.events.gradcam.connect(self._rerun)
        s.events.show_steps.connect(lambda on: on and self._rerun())
        page.tab_changed.connect(lambda _i: s.result is not None and self._rerun())
        # worker → session → views
        self.worker.model_ready.connect(self._on_model)
        self.worker.model_failed.connect(self._on_model_failed)
        self.worker.result_ready.connect(self._on_result)
        self.worker.failed.connect(lambda _seq, message: self.window.show_status(message, 8000))
        self.worker.status_text.connect(self._on_status)
        s.events.result.connect(self._show_result)
        # the page's requests
        page.open_image_requested.connect(self.open_image_dialog)
        page.files_dropped.connect(self.open_files)
        for view in (page.detail, page.kernels):
            view.open_in_lab.connect(self.open_in_lab)
            view.zero_filter.connect(self.zero_filter)
        page.detail.look_for.connect(self.show_what_filter_looks_for)
        page.kernels.value_edited.connect(self.set_kernel_value)
        page.kernels.reset_weights.connect(self.reset_weights)
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

    # -- the session's values, for callers and tests ----------------------------------------
    @property
    def info(self):
        """The running model's ModelInfo (None until one is ready)."""
        return self.session.model

    @property
    def result(self):
        """The newest result shown (None before the first)."""
        return self.session.result

    @property
    def transform(self):
        return self.session.transform

    @property
    def last_image(self) -> np.ndarray | None:
        picture = self.session.picture
        return None if picture is None else picture.image

    # -- model ----------------------------------------------------------------------------
    def set_loaded_model(self, loaded) -> None:
        """A ``LoadedModel`` from the hub (or anything with ``.model``/``.class_names``)."""
        model = getattr(loaded, "model", loaded)
        names = list(getattr(loaded, "class_names", None) or [])
        path = getattr(loaded, "path", None)
        name = Path(path).name if path else getattr(model, "name", "model")
        self.page.set_model_text(_tr("Loading {0}…").format(name))
        self.worker.set_model(model, names, name)

    def _on_model(self, info) -> None:
        old = self.session.model
        new_model = old is None or info.model_id != old.model_id
        if new_model:
            self.session.update(model=info, result=None, selected_map=None)
            self.page.set_model(info)
            h, w, c = info.input_shape
            self.page.set_model_text(
                _tr("{0} — input {1}×{2}×{3}, {4} classes, {5} layers shown").format(
                    info.name, h, w, c, len(info.class_names), len(self.page.panels)))
            self._rerun()
        else:  # the same model with edited weights: its result follows
            self.session.model = info
            self.page.update_kernels(info)
        self.model_shown.emit(info)

    def _on_model_failed(self, message: str) -> None:
        self.page.set_model_text(message)
        self.window.show_status(message, 10000)

    def _on_status(self, text: str) -> None:
        if hasattr(self.window, "set_device_text"):
            self.window.set_device_text(text)

    def feature_layer_names(self) -> list[str]:
        """The layers whose feature maps the page shows (the bench's naive path uses them)."""
        return [p.info.name for p in self.page.panels if p.info.is_map]

    # -- input ----------------------------------------------------------------------------
    def _set_ink(self, ink: np.ndarray) -> None:
        self.session.ink = ink

    def _run_ink(self, ink: np.ndarray) -> int:
        """Send the drawing to the worker (on every pen movement). The ink is preprocessed
        here (~0.1 ms; see :func:`prepare_request`), so that the worker starts the network
        at once; a failure is left to the worker, which reports it."""
        s = self.session
        req = InputRequest(ink=ink, transform=s.transform, gradcam=s.gradcam, steps=s.show_steps)
        info = self.worker.info
        if info is not None:
            try:
                req = replace(req, prepared=prepare_request(req, info), prepared_for=info.model_id)
            except Exception:  # noqa: BLE001 - the worker prepares it again and says what is wrong
                pass
        return self.worker.request(req)

    def _rerun(self, *_args) -> int:
        """The drawing again (new transform, Grad-CAM choice, model, shown steps)."""
        return self._run_ink(self.session.ink)

    def request(self) -> int:
        """Run the current drawing again now; its sequence number."""
        return self._rerun()

    def _run_picture(self, picture: Picture | None) -> None:
        if picture is None:
            return
        s = self.session
        if picture.exact:  # the sample shows on the canvas for further drawing; it ran as it is
            with s.events.ink.blocked():
                self.canvas.set_ink(picture.image)
        seq = self.worker.request(InputRequest(image=picture.image, source=picture.source, transform=s.transform,
                                               gradcam=s.gradcam, exact=picture.exact))
        self._image_seq = -1 if picture.exact else seq

    def set_input_image(self, image: np.ndarray, source: str = "", *, exact: bool = False) -> None:
        """Run a picture as the input. An image file's pixels are preprocessed and the
        cleaned ink then lands on the canvas, where it can be edited. ``exact``: the
        picture already is the model input (a test-set sample, light on dark): the network
        sees it unchanged, and the canvas shows it for further drawing."""
        self.session.picture = Picture(np.asarray(image), source, exact)

    def open_image(self, path: str | Path) -> bool:
        """Use an image file of a digit as the input (polarity detected automatically)."""
        from cnnviz.core.images import ImageReadError, read_image

        try:
            image = read_image(path)
        except ImageReadError as exc:
            self.window.show_status(str(exc), 10000)
            self.page.set_model_text(str(exc))
            return False
        self.set_input_image(image, str(path))
        self.window.show_status(_tr("Opened {0}").format(Path(path).name), 5000)
        return True

    def open_image_dialog(self) -> None:
        from cnnviz.qt.file_dialogs import ask_image_path

        path = ask_image_path(self.page, _tr("Open an image of a digit"))
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
    def _on_result(self, result) -> None:
        if self.session.result_matches_model(result):  # a result of a replaced model: dropped
            self.session.result = result

    def _show_result(self, result) -> None:
        if result is None:
            return
        s = self.session
        self.page.show_result(result, s.layer_indices())
        pending, self._pending_map = self._pending_map, None
        if pending is not None and s.map_values(*pending) is not None:
            self.page.map_clicked(*pending)
        elif pending is not None and s.layer_index(pending[0]) is None:
            self._pending_map = pending  # its model is not loaded yet
        if result.seq == self._image_seq:
            self._image_seq = -1
            self._put_photo_on_canvas(result)
        self.prediction_shown.emit(result.seq)

    def _put_photo_on_canvas(self, result) -> None:
        """After an image file ran, its cleaned ink goes on the canvas (editable)."""
        cleaned = next((st.image for st in result.steps if st.key == "cleaned"), None)
        if cleaned is None:
            return
        with self.session.events.ink.blocked():  # on the canvas and in the session; not run again
            self.canvas.set_ink(cleaned)
        if result.notes:
            self.window.show_status("; ".join(_translated_note(n) for n in result.notes), 8000)

    # -- sessions and autosave (protocol of cnnviz.app.session) ---------------------------
    def session_state(self) -> dict:
        """The drawing and the page's settings (weight edits are not kept: reset on load)."""
        from cnnviz.app.session import encode_array, encode_history

        s, page = self.session, self.page
        layer, channel = s.selected_map or ("", -1)
        return {
            "ink": encode_array(s.ink),
            "brush": self.canvas.brush_size(),
            "show_steps": page.steps_shown(),
            "tab": page.current_tab(),
            "transform": page.explore.slider_values(),
            "gradcam": page.explore.gradcam_on(),
            "map": [layer, channel],
            "history": encode_history(*self.canvas.history()),
        }

    def restore_session_state(self, state: dict) -> None:
        from cnnviz.app.session import decode_array, decode_history

        if not isinstance(state, dict):
            raise TypeError("the digit page state must be an object")
        ink = check_ink(decode_array(state["ink"])) if "ink" in state else None
        transform = state.get("transform", {})
        if not isinstance(transform, dict):
            raise TypeError("'transform' must be an object")
        page = self.page
        if "brush" in state:
            self.canvas.set_brush_size(float(state["brush"]))
        page.set_steps_shown(bool(state.get("show_steps", False)))
        page.set_current_tab(int(state.get("tab", 0)))
        page.explore.set_slider_values(transform)
        page.explore.set_gradcam_on(bool(state.get("gradcam", False)))
        history = decode_history(state["history"]) if "history" in state else None
        if ink is not None:
            self.canvas.set_ink(ink, undoable=False)
        if history is not None:
            self.canvas.set_history(*history)
        m = state.get("map")
        if isinstance(m, list) and len(m) == 2 and m[0]:
            self._pending_map = (str(m[0]), int(m[1]))
        self._rerun()

    # -- the Convolution Lab and model surgery ----------------------------------------------
    def lab_problem(self, layer: str, f: int) -> dict | None:
        """The arguments for ``window.lab.show_problem`` recomputing filter ``f`` of Conv2D
        layer ``layer`` on the current input."""
        info, result = self.session.model, self.session.result
        if info is None or result is None or layer not in info.kernels:
            return None
        p = info.kernels[layer]
        x = result.conv_inputs.get(layer)
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
        info = self.session.model.kernels[layer]
        if info.activation not in ("none", "relu"):
            self.window.show_status(_tr("The lab shows this filter without its {0} activation").format(info.activation), 8000)
        return bool(lab.show_problem(**problem))

    def show_what_filter_looks_for(self, layer: str, f: int) -> bool:
        """Open the "What filters look for" page on this channel (computed if needed)."""
        features = getattr(self.window, "features", None)
        if features is None or layer not in getattr(features, "layers", ()):
            self.window.show_status(_tr("Only the channels of a convolution layer have a picture of "
                                        "what they look for"), 6000)
            return False
        return bool(features.show_channel(layer, f))

    def zero_filter(self, layer: str, f: int) -> None:
        if layer and f >= 0:
            self.worker.edit("zero", layer, f)

    def set_kernel_value(self, layer: str, index: tuple, value: float) -> None:
        self.worker.edit("value", layer, tuple(index), float(value))

    def reset_weights(self) -> None:
        self.worker.edit("reset")
