"""The Convolution Lab's controller (``window.lab``): it owns the input, the current
:class:`~cnnviz.core.conv.ConvResult` and the step position, and keeps the view
(:class:`cnnviz.qt.lab.conv_lab_view.ConvLabView`) in step with them.
:meth:`ConvLabController.show_problem` loads a problem from elsewhere in the app (e.g. a
learned kernel on the drawn digit). :func:`build_lab` adds the page to the window.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.app.lab_export_actions import add_export_actions
from cnnviz.core import examples
from cnnviz.core.conv import ConvInputError, ConvResult
from cnnviz.core.geometry import GeometryError
from cnnviz.core.images import ImageReadError
from cnnviz.core.kernels import KernelError
from cnnviz.core.lab_inputs import image_as_input
from cnnviz.core.matrices import MatrixParseError, parse_matrix
from cnnviz.qt.lab.conv_lab_view import ConvLabView
from cnnviz.qt.lab.inputs import DrawDialog, conv_input_presets
from cnnviz.qt.lab.page_frame import StageExports
from cnnviz.qt.lab.stepping import connect_zoom, install_stepping
from cnnviz.state.conv_lab import MAX_INPUT_SIDE, ConvLabState, check_saved_lab, check_size, problem_arrays
from cnnviz.qt.file_dialogs import ask_image_path


def _example_name(name: str) -> str:
    return QCoreApplication.translate("LabExamples", name)


class ConvLabController(StageExports, QObject):
    """The Convolution Lab (``window.lab``): keeps ``view`` (the widgets) in step with
    ``state`` (a :class:`~cnnviz.state.conv_lab.ConvLabState`) and the stepper."""

    result_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = ConvLabView()
        v = self.view
        install_stepping(self, v, "lab")
        self.state = ConvLabState()
        self._loading = False
        self._extra_inputs = conv_input_presets()

        v.input_preset.addItem(self.tr("— choose an input —"), "")
        for e in examples.CONV_EXAMPLES:
            v.input_preset.addItem(self.tr("Worked example: %1").replace(
                "%1", _example_name(e.name)), f"example:{e.key}")
        for p in self._extra_inputs:
            v.input_preset.addItem(p.name, f"input:{p.key}")

        v.input_preset.activated.connect(self._on_input_preset)
        v.draw_button.clicked.connect(self.draw_input)
        v.open_button.clicked.connect(self._ask_image)
        v.input_text.returnPressed.connect(self._on_input_text)
        v.channel.currentIndexChanged.connect(self._on_channel)
        v.kernel_editor.kernel_changed.connect(self.recompute)
        v.kernel_editor.validity_changed.connect(self._on_kernel_validity)
        v.settings_form.changed.connect(self.recompute)
        self.stepper.position_changed.connect(self._show_step)
        self.load_example("mask_2x2")

    # -- public API ---------------------------------------------------------------------
    @property
    def result(self) -> ConvResult | None:
        return self.state.result

    def error(self) -> str:
        return self.state.error

    def input(self) -> np.ndarray:
        """The input as ``(H, W)`` for one channel, else ``(H, W, C)``."""
        return self.state.input_2d_or_3d()

    def load_example(self, key: str) -> None:
        """Load a worked example: its input, kernel, padding and stride."""
        e = examples.CONV_BY_KEY[key]
        self._loading = True
        try:
            self._set_input(e.input, _example_name(e.name))
            self._set_settings(padding=e.padding, stride=e.stride, dilation=1, bias=0.0,
                               activation="none", flip=False)
            self.view.kernel_editor.set_kernel(e.kernel)
            self._select_input_item(f"example:{key}")
        finally:
            self._loading = False
        self.state.title = self.tr("Worked example: %1").replace("%1", _example_name(e.name))
        self.recompute(keep_position=False)

    def load_input(self, values: np.ndarray, name: str = "") -> None:
        """Use ``values`` (``(H, W)`` or ``(H, W, C)``) as the input; the kernel and
        settings stay as they are."""
        self._set_input(values, name)
        self.state.title = name
        self._select_input_item("")
        self.recompute(keep_position=False)

    def show_problem(self, input: np.ndarray, kernel: np.ndarray, bias: float = 0.0,  # noqa: A002
                     padding: object = "valid", stride: int | Sequence[int] = 1,
                     dilation: int | Sequence[int] = 1, activation: str = "none", title: str = "") -> bool:
        """Switch to the lab with this problem loaded. Returns False (and shows the
        reason in the page) when the problem cannot be shown."""
        window = self.parent()
        if window is not None and hasattr(window, "show_page"):
            window.show_page("lab")
        try:
            x, k = problem_arrays(input, kernel)
            self._loading = True
            self._set_input(x, title)
            self.view.kernel_editor.set_kernel(k)
            self._set_settings(padding=padding, stride=stride, dilation=dilation, bias=float(np.ravel(bias)[0]),
                               activation=activation, flip=False)
        except (ConvInputError, KernelError, GeometryError, ValueError) as exc:
            self._loading = False
            self._show_error(str(exc))
            return False
        finally:
            self._loading = False
        self.state.title = title
        self._select_input_item("")
        self.recompute(keep_position=False)
        return self.state.result is not None

    def settings(self) -> dict:
        """The current padding/stride/dilation/bias/activation/flip."""
        values = self.view.settings_form.values()
        values["bias"] = self._bias()
        return values

    def _bias(self) -> float:
        # The spin box rounds to 4 decimals; a learned bias is kept exactly so the lab's
        # output equals the network's feature map.
        exact = self.state.exact_bias
        return self.state.bias(self.view.bias.value(), exact is not None and self.view.settings_form.shows_bias(exact))

    def set_padding(self, padding: object) -> None:
        self._set_settings(padding=padding)
        self.recompute()

    def set_stride(self, stride: int | Sequence[int]) -> None:
        self._set_settings(stride=stride)
        self.recompute()

    # -- session (see cnnviz/app/session.py) -----------------------------------------------
    def session_state(self) -> dict:
        """Everything needed to bring the lab back: input, kernel, settings, position."""
        v = self.view
        s = self.settings()
        kernel = v.kernel_editor.last_valid_kernel()
        pad = s["padding"]
        return {
            "input": self.state.input.tolist(),
            "input_name": self.state.input_name,
            "title": self.state.title,
            "input_item": v.input_preset.currentData() or "",
            "kernel": kernel.tolist(),
            "kernel_preset": v.kernel_editor.preset_key(),
            "padding": list(pad) if isinstance(pad, tuple) else pad,
            "stride": list(s["stride"]),
            "dilation": list(s["dilation"]),
            "bias": s["bias"],
            "activation": s["activation"],
            "flip": s["flip"],
            "position": self.stepper.position,
            "speed_index": self.stepper.speed_index(),
            "channel": max(v.channel.currentIndex(), 0),
            "image_size": v.image_size.value(),
            "controls_visible": self.actions["toggleControls"].isChecked(),
        }

    def restore_session_state(self, state: dict) -> None:
        """Inverse of :meth:`session_state`; raises ValueError/TypeError/KeyError (and
        changes nothing) when the state is unusable."""
        saved = check_saved_lab(state)
        x, k, padding, activation = saved.input, saved.kernel, saved.padding, saved.activation
        self._loading = True
        try:
            self._set_input(x, str(state.get("input_name", "")))
            ed = self.view.kernel_editor
            ed.set_kernel(k if k.shape[2] > 1 else k[:, :, 0],
                          preset_key=state.get("kernel_preset") if state.get("kernel_preset") in ed.preset_keys() else None)
            self._set_settings(padding=padding, stride=tuple(state.get("stride", (1, 1))),
                               dilation=tuple(state.get("dilation", (1, 1))), bias=float(state.get("bias", 0.0)),
                               activation=activation, flip=bool(state.get("flip", False)))
            self.view.image_size.setValue(int(state.get("image_size", 28)))
            ch = int(state.get("channel", 0))
            if 0 <= ch < self.view.channel.count():
                self.view.channel.setCurrentIndex(ch)
                ed.set_channel(ch)
        finally:
            self._loading = False
        self.state.title = str(state.get("title", ""))
        item = str(state.get("input_item", ""))
        kind, _, key = item.partition(":")
        if kind == "example" and key in examples.CONV_BY_KEY:  # names in today's language
            self.state.title = self.tr("Worked example: %1").replace("%1", _example_name(examples.CONV_BY_KEY[key].name))
        elif kind == "input":
            self.state.title = next((p.name for p in self._extra_inputs if p.key == key), self.state.title)
        self._select_input_item(item)
        self.stepper.set_speed_index(int(state.get("speed_index", self.stepper.speed_index())))
        self.actions["toggleControls"].setChecked(bool(state.get("controls_visible", True)))
        self.recompute(keep_position=False)
        if self.state.result is not None:
            self.stepper.go_to(int(state.get("position", -1)))

    # -- export (PNG and GIF: StageExports) ----------------------------------------------
    def export_csv(self, path: str | Path) -> None:
        """The complete output grid as CSV."""
        from cnnviz.qt.export import save_csv

        if self.state.result is None:
            raise ValueError(self.state.error or "no output to export")
        save_csv(self.state.result.output2d(), path)

    # -- computing ----------------------------------------------------------------------
    def recompute(self, *_args, keep_position: bool = True) -> None:
        if self._loading:
            return
        v = self.view
        kernel = v.kernel_editor.kernel()
        if kernel is None:  # a bad cell: keep the last result, the editor says why
            return
        s = self.settings()
        pos = self.stepper.position if keep_position else -1
        result = self.state.compute(kernel, s)
        if result is None:
            self._show_error(self.state.error)
            return
        self.view.show_head(self.state.title, result)
        self.view.show_grids(result)
        self.stepper.set_count(result.n_steps, position=pos)
        self.result_changed.emit()

    def _show_error(self, message: str) -> None:
        self.state.fail(message)
        self.view.show_no_output(message, self.state.input[:, :, self.view.channel_index()])
        self.stepper.set_count(0)
        self.result_changed.emit()

    def _show_step(self, pos: int) -> None:
        if self.state.result is not None:
            self.view.show_step(self.state.result, pos)

    # -- view events --------------------------------------------------------------------
    def _on_kernel_validity(self, ok: bool) -> None:
        # While a cell is bad the last valid kernel stays in use (the editor says so).
        if ok:
            self.recompute()

    def _on_channel(self, _index: int) -> None:
        self.view.kernel_editor.set_channel(self.view.channel_index())
        if self.state.result is not None:
            self.view.show_grids(self.state.result)
        self._show_step(self.stepper.position)

    def _on_input_preset(self, index: int) -> None:
        data = self.view.input_preset.itemData(index)
        if not data:
            return
        kind, key = data.split(":", 1)
        if kind == "example":
            self.load_example(key)
        else:
            p = next(p for p in self._extra_inputs if p.key == key)
            self.load_input(p.values, p.name)
            self._select_input_item(data)

    def _on_input_text(self) -> None:
        try:
            a = parse_matrix(self.view.input_text.text(), MAX_INPUT_SIDE)
            check_size(a)
        except (MatrixParseError, ConvInputError) as exc:
            self._input_error(self.tr("Input text: %1").replace("%1", str(exc)))
            return
        self.load_input(a, self.tr("Typed input"))

    def draw_input(self) -> None:
        x = self.state.input
        dlg = DrawDialog(self.view, initial=x[:, :, 0] if x.shape[2] == 1 else None)
        if dlg.exec():
            self.load_input(dlg.result_input(), self.tr("Drawn input (28×28)"))

    def _ask_image(self) -> None:
        path = ask_image_path(self.view, self.tr("Open an image"))
        if path:
            self.open_image(path)

    def open_image(self, path: str | Path) -> bool:
        """Use an image file (grayscale, resized to the size box) as the input."""
        try:
            a = image_as_input(path, self.view.image_size.value())
        except ImageReadError as exc:
            self._input_error(str(exc))
            return False
        self.load_input(a, Path(path).name)
        return True

    # -- helpers ------------------------------------------------------------------------
    def _input_error(self, message: str) -> None:
        self.view.show_input_error(message)

    def _set_input(self, values: np.ndarray, name: str) -> None:
        a = self.state.set_input(values, name)
        c = a.shape[2]
        v = self.view
        v.show_input_error("")
        v.set_channels(c)
        editor = v.kernel_editor
        editor.set_channel(0)
        if editor.channels() != c and editor.is_valid():
            k = editor.kernel()
            k2 = k if k.ndim == 2 else k[:, :, 0]
            was = self._loading
            self._loading = True
            try:
                editor.set_kernel(np.repeat(k2[:, :, None], c, axis=2) if c > 1 else k2)
            finally:
                self._loading = was

    def _set_settings(self, *, padding: object = None, stride=None, dilation=None, bias=None,
                      activation=None, flip=None) -> None:
        if bias is not None:
            self.state.exact_bias = float(bias)
        try:
            self.view.settings_form.set_values(padding=padding, stride=stride, dilation=dilation, bias=bias,
                                               activation=activation, flip=flip)
        except ValueError as exc:
            if isinstance(exc, GeometryError):
                raise
            raise ConvInputError(str(exc)) from None

    def _select_input_item(self, data: str) -> None:
        self.view.select_input_item(data)


def build_lab(window, args=None) -> None:
    """Page builder (registered in cnnviz/app/pages.py): the lab at ``window.lab``."""
    controller = ConvLabController(window)
    window.lab = controller
    title = QCoreApplication.translate("LabBuilder", "Convolution Lab")
    window.add_page("lab", controller.view, title)
    connect_zoom(window, controller.view)
    controller.export_actions = add_export_actions(window, controller, "lab", title)
