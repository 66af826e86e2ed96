"""The live view's inference worker: one thread that owns the model's activation extractor.

* Requests carry a sequence number; only the newest pending request is kept (a pen that
  moves faster than the network runs never builds a queue).
* Results travel to the UI thread as plain NumPy arrays, carried by ``result_ready``.
  Delivery is back-pressured: the worker keeps only the newest result and wakes the UI
  thread once; there ``result_ready(result)`` hands over the newest — so a slow paint
  never shows stale frames.
* Keras (and TensorFlow) are imported in this thread, lazily: the window paints first.
* Preprocessing (:func:`cnnviz.core.model_input.prepare_input`: canvas ink or image file
  → model input, with its named steps, and the invariance transform) runs here for image
  files; the controller prepares canvas ink itself (see :func:`prepare_request`).
* Weight edits ("model surgery") are queued in order and act on the in-memory model only.
"""
from __future__ import annotations

import itertools
import threading
import time
import traceback
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

# Imported with the page, not on the first pen movement: that falls while a model loads,
# and importing the preprocessing (~8 ms) then lengthened the longest block of the window.
from cnnviz.app.inference_messages import (  # noqa: F401 - the worker's messages, importable from here
    InferenceResult,
    InputRequest,
    ModelInfo,
    prepare_request,
)
from cnnviz.core.model_input import is_digit_model



class InferenceWorker(QObject):
    """Owns a background thread; talk to it from the UI thread only."""

    model_ready = Signal(object)          # ModelInfo
    model_failed = Signal(str)            # a one-line message
    result_ready = Signal(object)         # InferenceResult: the newest one (UI thread)
    _result_waiting = Signal()            # worker thread → UI thread: a result is stored
    failed = Signal(int, str)             # seq, message (bad input; the app keeps going)
    status_text = Signal(str)             # "Keras … · backend · device"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inferenceWorker")
        self._cond = threading.Condition()
        self._seq = itertools.count(1)
        self._model_ids = itertools.count(1)
        self._pending_model: tuple[Any, list[str], str] | None = None
        self._pending_input: tuple[int, InputRequest] | None = None
        self._ops: list[tuple[str, tuple]] = []
        self._last_input: InputRequest | None = None
        self._result: InferenceResult | None = None
        self._delivery_pending = False
        self._stop = False
        self._busy = False
        self._extractor = None
        self._info: ModelInfo | None = None
        self._input_range = (0.0, 1.0)      # the running model's pixel range (detect_input_range)
        self.latest_seq = 0
        self._result_waiting.connect(self._deliver)  # queued: the worker lives in the UI thread
        self._thread = threading.Thread(target=self._loop, name="cnnviz-inference", daemon=True)
        self._thread.start()

    # -- UI thread API -------------------------------------------------------------------
    def set_model(self, model, class_names: list[str] | None = None, name: str = "") -> None:
        """Use this keras.Model from now on (the extractor is built in the worker)."""
        with self._cond:
            self._pending_model = (model, list(class_names or []), name)
            self._ops.clear()
            self._cond.notify()

    def request(self, req: InputRequest) -> int:
        """Run ``req`` soon; a newer request replaces it if it has not started yet."""
        with self._cond:
            seq = next(self._seq)
            self.latest_seq = seq
            self._pending_input = (seq, req)
            self._cond.notify()
        return seq

    def edit(self, op: str, *args) -> None:
        """Queue a weight edit: ``("value", layer, (i, j, c, f), v)``, ``("zero", layer, f)``,
        ``("filter", layer, f, kernel, bias)`` or ``("reset",)``; the last input re-runs."""
        with self._cond:
            self._ops.append((op, args))
            self._cond.notify()

    def _deliver(self) -> None:
        """UI thread: hand the newest result to the listeners (older ones were dropped)."""
        with self._cond:
            result, self._result = self._result, None
            self._delivery_pending = False
        if result is not None:
            self.result_ready.emit(result)

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def is_idle(self) -> bool:
        """Nothing to compute and no model being prepared."""
        with self._cond:
            return self._pending_model is None and self._pending_input is None and not self._ops and not self._busy

    # -- worker thread ----------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                while not (self._stop or self._pending_model or self._pending_input or self._ops):
                    self._cond.wait()
                if self._stop:
                    return
                model_req, self._pending_model = self._pending_model, None
                ops, self._ops = self._ops, []
                input_req, self._pending_input = self._pending_input, None
                self._busy = True
            try:
                rerun = False
                if model_req is not None:
                    self._build(*model_req)
                    rerun = True
                if ops and self._extractor is not None:
                    self._apply_ops(ops)
                    rerun = True
                if input_req is not None:
                    self._run(*input_req)
                elif rerun and self._last_input is not None and self._extractor is not None:
                    # A new model or edited weights: the last input again, as a NEW result
                    # (its own sequence number), unless a newer input is already waiting.
                    with self._cond:
                        seq = None
                        if self._pending_input is None:
                            seq = next(self._seq)
                            self.latest_seq = seq
                    if seq is not None:
                        self._run(seq, self._last_input)
            except BaseException:  # noqa: BLE001 - the worker must survive anything
                traceback.print_exc()
            finally:
                with self._cond:
                    self._busy = False

    def _build(self, model, class_names: list[str], name: str) -> None:
        try:
            from cnnviz.inference.activations import ActivationExtractor
            from cnnviz.inference.gc_pause import collector_paused
            from cnnviz.app.device_status import device_status_text as status_text
            from cnnviz.inference.loading.input_range import detect_input_range

            # Building and tracing make many objects: no full GC walks meanwhile (the GIL
            # would be held for ~0.5 s each and the window freeze; see gc_pause).
            with collector_paused():
                extractor = ActivationExtractor(model)
                n = extractor.n_outputs if extractor.n_outputs > 1 else 2
                if len(class_names) != n:
                    class_names = [str(i) for i in range(n)]
                # Warm the compiled call so the first stroke does not pay for tracing.
                h, w, c = extractor.input_shape
                extractor(np.zeros((h or 28, w or 28, c), np.float32))
            self._input_range = detect_input_range(model).as_tuple()
            self._extractor = extractor
            self._info = self._make_info(next(self._model_ids), name, class_names)
            status = status_text()
        except Exception as exc:  # noqa: BLE001 - a model we cannot show must not crash the app
            self._extractor = None
            self._info = None
            self.model_failed.emit(f"{name or 'model'}: cannot show this model: {exc}")
            return
        self.model_ready.emit(self._info)
        self.status_text.emit(status)

    def _make_info(self, model_id: int, name: str, class_names: list[str], modified: bool = False) -> ModelInfo:
        ex = self._extractor
        kernels = {}
        for layer in ex.kernel_layers():
            try:
                kernels[layer.name] = ex.conv_params(layer.name)
            except Exception:  # noqa: BLE001 - e.g. channels_first: no kernel grid for it
                continue
        h, w, c = ex.input_shape
        return ModelInfo(model_id, name, class_names, (h or 28, w or 28, c), list(ex.layers), kernels,
                         digit_like=is_digit_model((h or 28, w or 28, c), class_names), modified=modified,
                         input_range=self._input_range)

    def _apply_ops(self, ops) -> None:
        ex = self._extractor
        for op, args in ops:
            try:
                if op == "value":
                    ex.set_kernel_value(*args)
                elif op == "zero":
                    ex.zero_filter(*args)
                elif op == "filter":
                    ex.set_filter(*args)
                elif op == "reset":
                    ex.reset_weights()
                else:
                    raise ValueError(f"unknown weight edit {op!r}")
            except Exception as exc:  # noqa: BLE001
                self.failed.emit(0, f"weight edit failed: {exc}")
        info = self._info
        self._info = self._make_info(info.model_id, info.name, info.class_names, ex.is_modified())
        self.model_ready.emit(self._info)

    def _gradcam(self, x: np.ndarray, layer: str | None, class_index: int | None):
        from cnnviz.inference.gradcam import GradCam, GradCamError

        key = (self._info.model_id, layer)
        try:
            if getattr(self, "_cam_key", None) != key:
                self._cam = GradCam(self._extractor.model, layer)
                self._cam_key = key
            return self._cam(x, class_index), ""
        except GradCamError as exc:
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001 - never lose the live view over Grad-CAM
            return None, f"Grad-CAM failed: {type(exc).__name__}: {exc}"

    def _run(self, seq: int, req: InputRequest) -> None:
        info, ex = self._info, self._extractor
        self._last_input = req
        if info is None or ex is None:
            return
        t0 = time.perf_counter()
        try:
            pre = req.prepared
            if pre is None or req.prepared_for != info.model_id:
                pre = prepare_request(req, info)
            x, steps, empty, notes = pre.x, pre.steps, pre.empty, pre.notes
            acts = ex.run(x)
        except Exception as exc:  # noqa: BLE001 - bad input: say so, keep going
            self.failed.emit(seq, str(exc))
            return
        cam, cam_error, cam_rgb = None, "", None
        if req.gradcam is not None and not empty:
            cam, cam_error = self._gradcam(x, *req.gradcam)
            if cam is not None:
                from cnnviz.inference.gradcam import overlay

                cam_rgb = overlay(x, cam.heatmap)
        ms = (time.perf_counter() - t0) * 1000.0
        result = InferenceResult(seq, info.model_id, x, steps, empty, acts.maps, acts.probabilities,
                                 acts.conv_inputs, ms, notes, cam, cam_error, cam_rgb)
        with self._cond:
            self._result = result
            notify = not self._delivery_pending
            self._delivery_pending = True
        if notify:
            self._result_waiting.emit()
