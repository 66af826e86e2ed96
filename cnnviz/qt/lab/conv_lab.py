"""The Convolution Lab page: an input grid, a kernel, the settings, and the output filling
in cell by cell while the kernel window moves over the input.

:class:`ConvLabView` holds the widgets; :class:`ConvLabController` owns the state (input,
the current :class:`~cnnviz.core.conv.ConvResult`, the step position) and keeps the view in
step with it. ``window.lab`` is the controller; :meth:`ConvLabController.show_problem`
loads a problem from elsewhere in the app (e.g. a learned kernel on the drawn digit).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox,
                               QStackedWidget, QVBoxLayout, QWidget)

from cnnviz.core import examples
from cnnviz.core.conv import FLIP_EXPLANATION, ConvInputError, ConvResult, conv2d
from cnnviz.core.geometry import GeometryError
from cnnviz.core.images import ImageReadError
from cnnviz.core.kernels import KernelError
from cnnviz.core.matrices import MatrixParseError, parse_matrix
from cnnviz.core.numbers import fmt
from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.qt.lab.fit_label import FitLabel
from cnnviz.qt.lab.grid_view import GridView
from cnnviz.qt.lab.inputs import DrawDialog, conv_input_presets, image_as_input
from cnnviz.qt.lab.kernel_editor import KernelEditor
from cnnviz.qt.lab.page_frame import (StageExports, StepperPageView, make_stage, scaled_font, side_scroll_area,
                                      split_page, stage_with_controls)
from cnnviz.qt.lab.stepping import install_stepping

PAD_VALID, PAD_SAME, PAD_N, PAD_TBLR = range(4)
MAX_INPUT_SIDE = 64


def _example_name(name: str) -> str:
    return QCoreApplication.translate("LabExamples", name)


def channel_names(c: int) -> list[str]:
    return ["R", "G", "B"] if c == 3 else [str(i + 1) for i in range(c)]


class ConvLabView(StepperPageView):
    """The widgets of the Convolution Lab (no logic)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_lab")

        # -- left: input, kernel and settings ------------------------------------------
        side = QWidget(self)
        side.setObjectName("labControls")
        side_lay = QVBoxLayout(side)

        g_in = QGroupBox(self.tr("Input"), side)
        l_in = QGridLayout(g_in)
        self.input_preset = QComboBox(g_in)
        self.input_preset.setObjectName("inputPreset")
        self.draw_button = QPushButton(self.tr("Draw…"), g_in)
        self.draw_button.setObjectName("drawInput")
        self.open_button = QPushButton(self.tr("Open image…"), g_in)
        self.open_button.setObjectName("openImage")
        self.image_size = QSpinBox(g_in)
        self.image_size.setObjectName("imageSize")
        self.image_size.setRange(4, MAX_INPUT_SIDE)
        self.image_size.setValue(28)
        self.image_size.setPrefix(self.tr("size "))
        self.input_text = QLineEdit(g_in)
        self.input_text.setObjectName("inputText")
        self.input_text.setPlaceholderText(self.tr("or type a matrix: 1,0,1;0,1,0 and press Enter"))
        self.channel = QComboBox(g_in)
        self.channel.setObjectName("channelShown")
        self.channel_label = QLabel(self.tr("Channel shown"), g_in)
        self.input_error = MessageLabel(g_in, "error")
        self.input_error.setObjectName("inputError")
        self.input_error.setWordWrap(True)
        self.input_error.hide()
        l_in.addWidget(self.input_preset, 0, 0, 1, 3)
        l_in.addWidget(self.draw_button, 1, 0)
        l_in.addWidget(self.open_button, 1, 1)
        l_in.addWidget(self.image_size, 1, 2)
        l_in.addWidget(self.input_text, 2, 0, 1, 3)
        l_in.addWidget(self.channel_label, 3, 0)
        l_in.addWidget(self.channel, 3, 1, 1, 2)
        l_in.addWidget(self.input_error, 4, 0, 1, 3)

        g_k = QGroupBox(self.tr("Kernel"), side)
        l_k = QVBoxLayout(g_k)
        self.kernel_editor = KernelEditor(g_k)
        l_k.addWidget(self.kernel_editor)

        g_s = QGroupBox(self.tr("Settings"), side)
        form = QFormLayout(g_s)
        self.padding_mode = QComboBox(g_s)
        self.padding_mode.setObjectName("paddingMode")
        self.padding_mode.addItems([self.tr("valid (no padding)"), self.tr("same (output = input / stride)"),
                                    self.tr("zero padding N on every side"), self.tr("zero padding top, bottom, left, right")])
        self.padding_n = QSpinBox(g_s)
        self.padding_n.setObjectName("paddingN")
        self.padding_n.setRange(0, 10)
        self.padding_n.setValue(1)
        self.padding_tblr = [QSpinBox(g_s) for _ in range(4)]
        tblr = QWidget(g_s)
        tblr_lay = QHBoxLayout(tblr)
        tblr_lay.setContentsMargins(0, 0, 0, 0)
        for name, s in zip(("paddingTop", "paddingBottom", "paddingLeft", "paddingRight"), self.padding_tblr):
            s.setObjectName(name)
            s.setRange(0, 10)
            tblr_lay.addWidget(s)
        self.padding_detail = QStackedWidget(g_s)
        self.padding_detail.addWidget(QWidget())
        self.padding_detail.addWidget(self.padding_n)
        self.padding_detail.addWidget(tblr)
        self.padding_detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.stride = [QSpinBox(g_s), QSpinBox(g_s)]
        self.dilation = [QSpinBox(g_s), QSpinBox(g_s)]
        for name, s in zip(("strideRows", "strideCols", "dilationRows", "dilationCols"), self.stride + self.dilation):
            s.setObjectName(name)
            s.setRange(1, 32)
        self.bias = QDoubleSpinBox(g_s)
        self.bias.setObjectName("bias")
        self.bias.setRange(-1000, 1000)
        self.bias.setDecimals(4)
        self.bias.setSingleStep(0.5)
        self.activation = QComboBox(g_s)
        self.activation.setObjectName("activation")
        self.activation.addItem(self.tr("none"), "none")
        self.activation.addItem(self.tr("ReLU: max(0, x)"), "relu")
        self.flip = QCheckBox(self.tr("True convolution (flip the kernel 180°)"), g_s)
        self.flip.setObjectName("flipKernel")
        self.flip_help = QLabel(self.tr(FLIP_EXPLANATION), g_s)
        self.flip_help.setObjectName("flipExplanation")
        self.flip_help.setWordWrap(True)

        def pair_row(spins: list[QSpinBox]) -> QWidget:
            w = QWidget(g_s)
            lay = QHBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(spins[0])
            lay.addWidget(QLabel("×", w))
            lay.addWidget(spins[1])
            return w

        form.addRow(self.tr("Padding"), self.padding_mode)
        form.addRow("", self.padding_detail)
        form.addRow(self.tr("Stride (rows × cols)"), pair_row(self.stride))
        form.addRow(self.tr("Dilation (rows × cols)"), pair_row(self.dilation))
        form.addRow(self.tr("Bias"), self.bias)
        form.addRow(self.tr("Activation"), self.activation)
        form.addRow(self.flip)
        form.addRow(self.flip_help)

        side_lay.addWidget(g_in)
        side_lay.addWidget(g_k)
        side_lay.addWidget(g_s)
        side_lay.addStretch(1)
        scroll = side_scroll_area(self, side, 330, "labControlsScroll")

        # -- right: the stage (what the class looks at) ---------------------------------
        make_stage(self, "labStage")  # a click on the stage leaves the editors
        st = QVBoxLayout(self.stage)
        self.title = QLabel(self.stage)
        self.title.setObjectName("labTitle")
        st.addWidget(self.title)
        self._build_head(st, "outputShape", "shapeFormula", "geometryNotes", "geometryError")
        self.shape_formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.input_grid = GridView(self.stage, title=self.tr("Input"))
        self.input_grid.setObjectName("inputGrid")
        self.kernel_grid = GridView(self.stage, title=self.tr("Kernel"), max_cell=80)
        self.kernel_grid.setObjectName("kernelGrid")
        self.output_grid = GridView(self.stage, title=self.tr("Output"))
        self.output_grid.setObjectName("outputGrid")
        grids = QHBoxLayout()
        op1 = QLabel("✱", self.stage)
        op2 = QLabel("=", self.stage)
        self._ops = [op1, op2]
        grids.addWidget(self.input_grid, 5)
        grids.addWidget(op1)
        grids.addWidget(self.kernel_grid, 3)
        grids.addWidget(op2)
        grids.addWidget(self.output_grid, 5)
        st.addLayout(grids, 1)

        # Fixed-height labels: a new text each step must not re-run the page layout.
        self.step_where = FitLabel(self.stage, max_factor=1.15, min_factor=0.8, lines=1.4, bold=False, align_left=True)
        self.step_where.setObjectName("stepWhere")
        self.step_formula = FitLabel(self.stage, max_factor=2.4)
        self.step_formula.setObjectName("stepFormula")
        self.step_detail = FitLabel(self.stage, max_factor=1.3, min_factor=0.8, lines=2.3, bold=False)
        self.step_detail.setObjectName("stepDetail")
        st.addWidget(self.step_where)
        st.addWidget(self.step_formula)
        st.addWidget(self.step_detail)

        split_page(self, scroll, stage_with_controls(self), [360, 1100], "labSplitter")
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        from PySide6.QtWidgets import QApplication

        base = QApplication.font()
        self.title.setFont(scaled_font(base, 1.25, True))
        self._apply_head_fonts(base)
        self.step_where.apply_base_font(base)
        self.step_formula.apply_base_font(base)
        self.step_detail.apply_base_font(base)
        for op in self._ops:
            op.setFont(scaled_font(base, 2.4, True))


class ConvLabController(StageExports, QObject):
    """State and behaviour of the Convolution Lab (``window.lab``)."""

    result_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = ConvLabView()
        v = self.view
        install_stepping(self, v, "lab")
        self._input = examples.MASK_INPUT[:, :, None].copy()
        self._input_name = ""
        self._result: ConvResult | None = None
        self._error = ""
        self._title = ""
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
        v.padding_mode.currentIndexChanged.connect(self._on_padding_mode)
        for s in [v.padding_n, *v.padding_tblr, *v.stride, *v.dilation]:
            s.valueChanged.connect(self.recompute)
        v.bias.valueChanged.connect(self.recompute)
        v.activation.currentIndexChanged.connect(self.recompute)
        v.flip.toggled.connect(self.recompute)
        self.stepper.position_changed.connect(self._show_step)
        self.load_example("mask_2x2")

    # -- public API ---------------------------------------------------------------------
    @property
    def result(self) -> ConvResult | None:
        return self._result

    def error(self) -> str:
        return self._error

    def input(self) -> np.ndarray:
        """The input as ``(H, W)`` for one channel, else ``(H, W, C)``."""
        return self._input[:, :, 0].copy() if self._input.shape[2] == 1 else self._input.copy()

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
        self._title = self.tr("Worked example: %1").replace("%1", _example_name(e.name))
        self.recompute(keep_position=False)

    def load_input(self, values: np.ndarray, name: str = "") -> None:
        """Use ``values`` (``(H, W)`` or ``(H, W, C)``) as the input; the kernel and
        settings stay as they are."""
        self._set_input(values, name)
        self._title = name
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
        x = np.asarray(input, dtype=np.float64)
        k = np.asarray(kernel, dtype=np.float64)
        if x.ndim == 3 and x.shape[2] == 1:
            x = x[:, :, 0]
        if k.ndim == 4 and k.shape[3] == 1:
            k = k[:, :, :, 0]
        if k.ndim == 3 and k.shape[2] == 1:
            k = k[:, :, 0]
        try:
            if x.ndim not in (2, 3):
                raise ConvInputError(f"the input must be (H, W) or (H, W, C), got shape {x.shape}")
            if k.ndim == 3 and (x.ndim != 3 or x.shape[2] != k.shape[2]):
                raise ConvInputError(f"the kernel has {k.shape[2]} channels but the input has "
                                     f"{x.shape[2] if x.ndim == 3 else 1}")
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
        self._title = title
        self._select_input_item("")
        self.recompute(keep_position=False)
        return self._result is not None

    def settings(self) -> dict:
        """The current padding/stride/dilation/bias/activation/flip."""
        v = self.view
        mode = v.padding_mode.currentIndex()
        if mode == PAD_VALID:
            padding: object = "valid"
        elif mode == PAD_SAME:
            padding = "same"
        elif mode == PAD_N:
            padding = v.padding_n.value()
        else:
            padding = tuple(s.value() for s in v.padding_tblr)
        return {
            "padding": padding,
            "stride": (v.stride[0].value(), v.stride[1].value()),
            "dilation": (v.dilation[0].value(), v.dilation[1].value()),
            "bias": self._bias(),
            "activation": v.activation.currentData(),
            "flip": v.flip.isChecked(),
        }

    def _bias(self) -> float:
        shown = self.view.bias.value()
        exact = getattr(self, "_exact_bias", None)
        if exact is not None and abs(round(exact, self.view.bias.decimals()) - shown) < 1e-12:
            return exact
        return shown

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
        kernel = v.kernel_editor._kernel
        pad = s["padding"]
        return {
            "input": self._input.tolist(),
            "input_name": self._input_name,
            "title": self._title,
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
        if not isinstance(state, dict):
            raise TypeError("the lab state must be a dict")
        x = np.asarray(state["input"], dtype=np.float64)
        k = np.asarray(state["kernel"], dtype=np.float64)
        if x.ndim == 2:
            x = x[:, :, None]
        if k.ndim == 2:
            k = k[:, :, None]
        if x.ndim != 3 or k.ndim != 3 or x.size == 0 or k.size == 0:
            raise ValueError(f"lab state: bad input {x.shape} or kernel {k.shape}")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(k))):
            raise ValueError("lab state: the input or kernel holds values that are not finite")
        if k.shape[2] not in (1, x.shape[2]) or max(x.shape[:2]) > MAX_INPUT_SIDE:
            raise ValueError(f"lab state: input {x.shape} and kernel {k.shape} do not fit the lab")
        for kc in range(k.shape[2]):
            from cnnviz.core.kernels import validate_kernel

            validate_kernel(k[:, :, kc])
        padding = state.get("padding", "valid")
        if isinstance(padding, list):
            padding = tuple(int(p) for p in padding)
        activation = str(state.get("activation", "none"))
        if activation not in ("none", "relu"):
            raise ValueError(f"lab state: unknown activation {activation!r}")
        self._loading = True
        try:
            self._set_input(x, str(state.get("input_name", "")))
            ed = self.view.kernel_editor
            ed.set_kernel(k if k.shape[2] > 1 else k[:, :, 0],
                          preset_key=state.get("kernel_preset") if state.get("kernel_preset") in
                          [ed.preset.itemData(i) for i in range(ed.preset.count())] else None)
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
        self._title = str(state.get("title", ""))
        item = str(state.get("input_item", ""))
        kind, _, key = item.partition(":")
        if kind == "example" and key in examples.CONV_BY_KEY:  # names in today's language
            self._title = self.tr("Worked example: %1").replace("%1", _example_name(examples.CONV_BY_KEY[key].name))
        elif kind == "input":
            self._title = next((p.name for p in self._extra_inputs if p.key == key), self._title)
        self._select_input_item(item)
        self.stepper.set_speed_index(int(state.get("speed_index", self.stepper.speed_index())))
        self.actions["toggleControls"].setChecked(bool(state.get("controls_visible", True)))
        self.recompute(keep_position=False)
        if self._result is not None:
            self.stepper.go_to(int(state.get("position", -1)))

    # -- export (PNG and GIF: StageExports) ----------------------------------------------
    def export_csv(self, path: str | Path) -> None:
        """The complete output grid as CSV."""
        from cnnviz.qt.export import save_csv

        if self._result is None:
            raise ValueError(self._error or "no output to export")
        save_csv(self._result.output2d(), path)

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
        try:
            result = conv2d(self._input, kernel, bias=s["bias"], padding=s["padding"], stride=s["stride"],
                            dilation=s["dilation"], activation=s["activation"], flip=s["flip"])
        except (GeometryError, ConvInputError) as exc:
            self._show_error(str(exc))
            return
        self._result = result
        self._error = ""
        v.error.hide()
        v.error.clear()
        geo = result.geometry
        oh, ow = geo.out_shape
        v.title.setText(self._title)
        v.title.setVisible(bool(self._title))
        v.shape_label.setText(self.tr("Output %1×%2").replace("%1", str(oh)).replace("%2", str(ow)))
        v.shape_formula.setText(geo.formula())
        notes = geo.notes()
        v.notes.setText("\n".join(notes))
        v.notes.setVisible(bool(notes))
        self._show_grids()
        self.stepper.set_count(result.n_steps, position=pos)
        self.result_changed.emit()

    def _show_grids(self) -> None:
        r = self._result
        if r is None:
            return
        v = self.view
        ch = max(v.channel.currentIndex(), 0)
        padded = r.padded[:, :, ch]
        v.input_grid.set_data(padded, pads=r.geometry.pads)
        h, w = r.input.shape[:2]
        t, b, l, rr = r.geometry.pads
        pad_txt = "" if not any(r.geometry.pads) else self.tr(" (zero-padded to %1×%2)").replace(
            "%1", str(h + t + b)).replace("%2", str(w + l + rr))
        chan_txt = "" if r.input.shape[2] == 1 else self.tr(", channel %1").replace("%1", channel_names(r.input.shape[2])[ch])
        v.input_grid.set_title(self.tr("Input %1×%2").replace("%1", str(h)).replace("%2", str(w)) + chan_txt + pad_txt)
        k = r.applied_kernel[:, :, ch, 0]
        v.kernel_grid.set_data(k, signed=bool((k < 0).any()) or None)
        kt = self.tr("Kernel %1×%2").replace("%1", str(k.shape[0])).replace("%2", str(k.shape[1]))
        if r.flip:
            kt += self.tr(" (flipped 180°)")
        if r.input.shape[2] > 1:
            kt += chan_txt
        v.kernel_grid.set_title(kt)
        out = r.output2d()
        v.output_grid.set_data(out)
        oh, ow = out.shape
        act = self.tr(", after ReLU") if r.activation == "relu" else ""
        v.output_grid.set_title(self.tr("Output %1×%2").replace("%1", str(oh)).replace("%2", str(ow)) + act)

    def _show_error(self, message: str) -> None:
        v = self.view
        self._error = message
        self._result = None
        v.error.setText(message)
        v.error.show()
        v.shape_label.setText(self.tr("No output"))
        v.shape_formula.setText("")
        v.notes.hide()
        ch = max(v.channel.currentIndex(), 0)
        v.input_grid.set_data(self._input[:, :, ch])
        v.input_grid.set_window(None)
        v.output_grid.clear(self.tr("These settings give no output."))
        v.output_grid.set_title(self.tr("Output"))
        self.stepper.set_count(0)
        v.step_formula.setText("")
        v.step_detail.setText("")
        v.step_where.setText(self.tr("Stepping is off until the settings fit the input."))
        self.result_changed.emit()

    def _show_step(self, pos: int) -> None:
        r = self._result
        v = self.view
        if r is None:
            return
        if pos < 0:
            v.input_grid.set_window(None)
            v.input_grid.set_window_weights(None)
            v.output_grid.set_fill_count(0)
            v.output_grid.set_current(None)
            v.step_where.setText(self.tr("Press → or Space to compute the first output cell, P to play."))
            v.step_formula.setText("")
            v.step_detail.setText("")
            return
        step = r.step(pos)
        v.input_grid.set_window(step.rows, step.cols)
        ch = max(v.channel.currentIndex(), 0)
        v.input_grid.set_window_weights(step.weights[:, :, ch])
        v.output_grid.set_fill_count(pos + 1)
        v.output_grid.set_current((step.out_row, step.out_col))
        v.step_where.setText(self._where_text(step, r.input.shape[:2]))
        c = r.input.shape[2]
        if c == 1:
            v.step_formula.setText(step.formula())
            v.step_detail.setText("")
        else:
            names = channel_names(c)
            sums = step.products.sum(axis=(0, 1))
            parts = [f"{names[i]}: {fmt(s) if s >= 0 else '(' + fmt(s) + ')'}" for i, s in enumerate(sums)]
            if c > 8:  # a deep layer's 32 or 64 channels: the first and last few
                parts = parts[:4] + [self.tr("… %1 more …").replace("%1", str(c - 6))] + parts[-2:]
            text = " + ".join(parts)
            if step.bias:
                text += f" + {fmt(step.bias)}"
            text += f" = {fmt(step.pre_activation)}"
            if step.activation == "relu":
                text += f"; ReLU = {fmt(step.value)}"
            v.step_formula.setText(text)
            ch = max(v.channel.currentIndex(), 0)
            from cnnviz.core.numbers import fmt_factor

            terms = "+".join(f"({fmt_factor(a)}×{fmt_factor(w)})" for a, w in
                             zip(step.inputs[:, :, ch].ravel(), step.weights[:, :, ch].ravel()))
            v.step_detail.setText(self.tr("Channel %1: %2 = %3").replace("%1", names[ch]).replace("%2", terms)
                                  .replace("%3", fmt(sums[ch])))

    def _where_text(self, step, hw: tuple[int, int]) -> str:
        """"Output row 2, column 3 ← input rows 1–3, columns 2–4" (1-based, clipped to
        the input; "+ zero padding" when the window also covers padding)."""
        h, w = hw
        rows = [r for r in step.input_rows if 0 <= r < h]
        cols = [c for c in step.input_cols if 0 <= c < w]
        out = self.tr("Output row %1, column %2").replace("%1", str(step.out_row + 1)).replace("%2", str(step.out_col + 1))
        if not rows or not cols:
            return out + self.tr(" ← only zero padding")
        text = out + self.tr(" ← input rows %1–%2, columns %3–%4").replace("%1", str(rows[0] + 1)).replace(
            "%2", str(rows[-1] + 1)).replace("%3", str(cols[0] + 1)).replace("%4", str(cols[-1] + 1))
        if len(rows) < len(step.input_rows) or len(cols) < len(step.input_cols):
            text += self.tr(" + zero padding")
        return text

    # -- view events --------------------------------------------------------------------
    def _on_kernel_validity(self, ok: bool) -> None:
        # While a cell is bad the last valid kernel stays in use (the editor says so).
        if ok:
            self.recompute()

    def _on_padding_mode(self, index: int) -> None:
        self.view.padding_detail.setCurrentIndex({PAD_N: 1, PAD_TBLR: 2}.get(index, 0))
        self.recompute()

    def _on_channel(self, _index: int) -> None:
        self.view.kernel_editor.set_channel(max(self.view.channel.currentIndex(), 0))
        self._show_grids()
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
            a = parse_matrix(self.view.input_text.text())
            self._check_size(a)
        except (MatrixParseError, ConvInputError) as exc:
            self._input_error(self.tr("Input text: %1").replace("%1", str(exc)))
            return
        self.load_input(a, self.tr("Typed input"))

    def draw_input(self) -> None:
        dlg = DrawDialog(self.view, initial=self._input[:, :, 0] if self._input.shape[2] == 1 else None)
        if dlg.exec():
            self.load_input(dlg.result_input(), self.tr("Drawn input (28×28)"))

    def _ask_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.view, self.tr("Open an image"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"))
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
    def _check_size(self, a: np.ndarray) -> None:
        if max(a.shape[:2]) > MAX_INPUT_SIDE:
            raise ConvInputError(f"the lab shows inputs up to {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE}, got "
                                 f"{a.shape[0]}×{a.shape[1]} (use the image filter page for large images)")

    def _input_error(self, message: str) -> None:
        self.view.input_error.setText(message)
        self.view.input_error.show()

    def _set_input(self, values: np.ndarray, name: str) -> None:
        a = np.asarray(values, dtype=np.float64)
        if a.ndim == 2:
            a = a[:, :, None]
        if a.ndim != 3 or a.shape[0] < 1 or a.shape[1] < 1:
            raise ConvInputError(f"the input must be (H, W) or (H, W, C), got shape {np.shape(values)}")
        if not np.all(np.isfinite(a)):
            raise ConvInputError("the input contains values that are not finite numbers (NaN or ∞)")
        self._check_size(a)
        self._input = a
        self._input_name = name
        self.view.input_error.hide()
        c = a.shape[2]
        v = self.view
        v.channel.blockSignals(True)
        v.channel.clear()
        v.channel.addItems(channel_names(c))
        v.channel.setCurrentIndex(0)
        v.channel.blockSignals(False)
        v.channel.setVisible(c > 1)
        v.channel_label.setVisible(c > 1)
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
        v = self.view
        was = self._loading
        self._loading = True
        try:
            if padding is not None:
                if isinstance(padding, str) and padding.lower() in ("valid", "same"):
                    v.padding_mode.setCurrentIndex(PAD_VALID if padding.lower() == "valid" else PAD_SAME)
                elif isinstance(padding, (int, np.integer)):
                    v.padding_mode.setCurrentIndex(PAD_N)
                    v.padding_n.setValue(int(padding))
                else:
                    p = tuple(int(x) for x in padding)  # type: ignore[union-attr]
                    if len(p) == 2:
                        p = (p[0], p[0], p[1], p[1])
                    if len(p) != 4:
                        raise GeometryError(f"padding needs 1, 2 or 4 values, got {padding!r}")
                    v.padding_mode.setCurrentIndex(PAD_TBLR)
                    for s, x in zip(v.padding_tblr, p):
                        s.setValue(x)
                v.padding_detail.setCurrentIndex({PAD_N: 1, PAD_TBLR: 2}.get(v.padding_mode.currentIndex(), 0))
            if stride is not None:
                sr, sc = (stride, stride) if np.isscalar(stride) else tuple(stride)
                v.stride[0].setValue(int(sr))
                v.stride[1].setValue(int(sc))
            if dilation is not None:
                dr, dc = (dilation, dilation) if np.isscalar(dilation) else tuple(dilation)
                v.dilation[0].setValue(int(dr))
                v.dilation[1].setValue(int(dc))
            if bias is not None:
                # The spin box rounds to 4 decimals; a learned bias is kept exactly so
                # the lab's output equals the network's feature map.
                self._exact_bias = float(bias)
                v.bias.setValue(float(bias))
            if activation is not None:
                idx = v.activation.findData(str(activation).lower())
                if idx < 0:
                    raise ConvInputError(f"activation must be none or relu, got {activation!r}")
                v.activation.setCurrentIndex(idx)
            if flip is not None:
                v.flip.setChecked(bool(flip))
        finally:
            self._loading = was

    def _select_input_item(self, data: str) -> None:
        combo = self.view.input_preset
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(data), 0))
        combo.blockSignals(False)
