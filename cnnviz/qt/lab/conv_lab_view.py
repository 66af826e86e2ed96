"""The Convolution Lab's widgets: an input grid, a kernel, the settings, and the output
filling in cell by cell while the kernel window moves over the input.

A view only: :class:`ConvLabView` shows what the controller
(:class:`cnnviz.app.lab_controller.ConvLabController`) hands it — a
:class:`~cnnviz.core.conv.ConvResult` and a step position — and its widgets' signals
report the user's input.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from cnnviz.core.conv import ConvResult
from cnnviz.core.numbers import fmt, fmt_factor
from cnnviz.qt.lab.conv_settings_form import ConvSettingsForm
from cnnviz.qt.lab.fit_label import FitLabel
from cnnviz.qt.lab.grid_view import GridView
from cnnviz.qt.lab.kernel_editor import KernelEditor
from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.qt.lab.page_frame import StepperPageView, make_stage, scaled_font, side_scroll_area, split_page, \
    stage_with_controls
from cnnviz.qt.lab.screen_hints import set_screen_hint
from cnnviz.state.conv_lab import MAX_INPUT_SIDE


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
        self.input_text.setMaxLength(2**31 - 1)  # pastes of any size (Qt's default cuts at 32,767)
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

        g_s = ConvSettingsForm(side)
        self.settings_form = g_s
        self.padding_mode, self.padding_n, self.padding_tblr = g_s.padding_mode, g_s.padding_n, g_s.padding_tblr
        self.stride, self.dilation, self.bias = g_s.stride, g_s.dilation, g_s.bias
        self.activation, self.flip, self.flip_help = g_s.activation, g_s.flip, g_s.flip_help

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


    # -- showing the state -------------------------------------------------------------
    def channel_index(self) -> int:
        return max(self.channel.currentIndex(), 0)

    def set_channels(self, c: int) -> None:
        """The channel chooser for a ``c``-channel input (hidden for one channel)."""
        self.channel.blockSignals(True)
        self.channel.clear()
        self.channel.addItems(channel_names(c))
        self.channel.setCurrentIndex(0)
        self.channel.blockSignals(False)
        self.channel.setVisible(c > 1)
        self.channel_label.setVisible(c > 1)

    def select_input_item(self, data: str) -> None:
        """Select the input chooser's entry ``data`` (the placeholder when unknown), quietly."""
        combo = self.input_preset
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(data), 0))
        combo.blockSignals(False)

    def show_input_error(self, message: str) -> None:
        self.input_error.setText(message)
        self.input_error.setVisible(bool(message))

    def show_head(self, title: str, result: ConvResult) -> None:
        """Title, output shape, its formula and the geometry notes."""
        geo = result.geometry
        oh, ow = geo.out_shape
        self.error.hide()
        self.error.clear()
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.shape_label.setText(self.tr("Output %1×%2").replace("%1", str(oh)).replace("%2", str(ow)))
        self.shape_formula.setText(geo.formula())
        notes = geo.notes()
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def show_grids(self, r: ConvResult) -> None:
        """The padded input, the applied kernel and the output of channel ``channel_index()``."""
        ch = self.channel_index()
        self.input_grid.set_data(r.padded[:, :, ch], pads=r.geometry.pads)
        h, w = r.input.shape[:2]
        t, b, l, rr = r.geometry.pads
        pad_txt = "" if not any(r.geometry.pads) else self.tr(" (zero-padded to %1×%2)").replace(
            "%1", str(h + t + b)).replace("%2", str(w + l + rr))
        chan_txt = "" if r.input.shape[2] == 1 else self.tr(", channel %1").replace("%1", channel_names(r.input.shape[2])[ch])
        self.input_grid.set_title(self.tr("Input %1×%2").replace("%1", str(h)).replace("%2", str(w)) + chan_txt + pad_txt)
        k = r.applied_kernel[:, :, ch, 0]
        self.kernel_grid.set_data(k, signed=bool((k < 0).any()) or None)
        kt = self.tr("Kernel %1×%2").replace("%1", str(k.shape[0])).replace("%2", str(k.shape[1]))
        if r.flip:
            kt += self.tr(" (flipped 180°)")
        if r.input.shape[2] > 1:
            kt += chan_txt
        self.kernel_grid.set_title(kt)
        out = r.output2d()
        self.output_grid.set_data(out)
        oh, ow = out.shape
        act = self.tr(", after ReLU") if r.activation == "relu" else ""
        self.output_grid.set_title(self.tr("Output %1×%2").replace("%1", str(oh)).replace("%2", str(ow)) + act)

    def show_no_output(self, message: str, input_channel: np.ndarray) -> None:
        """These settings give no output: say why, show the bare input, stepping off."""
        self.error.setText(message)
        self.error.show()
        self.shape_label.setText(self.tr("No output"))
        self.shape_formula.setText("")
        self.notes.hide()
        self.input_grid.set_data(input_channel)
        self.input_grid.set_window(None)
        self.output_grid.clear(self.tr("These settings give no output."))
        self.output_grid.set_title(self.tr("Output"))
        self.step_formula.setText("")
        self.step_detail.setText("")
        self.step_where.setText(self.tr("Stepping is off until the settings fit the input."))

    def show_step(self, r: ConvResult, pos: int) -> None:
        """Step ``pos`` of ``r`` (-1: before the first): the window, the filled output
        cells and the sum of products in words."""
        if pos < 0:
            self.input_grid.set_window(None)
            self.input_grid.set_window_weights(None)
            self.output_grid.set_fill_count(0)
            self.output_grid.set_current(None)
            set_screen_hint(self.step_where, self.tr("Press → or Space to compute the first output cell, P to play."))
            self.step_formula.setText("")
            self.step_detail.setText("")
            return
        step = r.step(pos)
        ch = self.channel_index()
        self.input_grid.set_window(step.rows, step.cols)
        self.input_grid.set_window_weights(step.weights[:, :, ch])
        self.output_grid.set_fill_count(pos + 1)
        self.output_grid.set_current((step.out_row, step.out_col))
        self.step_where.setText(self._where_text(step, r.input.shape[:2]))
        c = r.input.shape[2]
        if c == 1:
            self.step_formula.setText(step.formula())
            self.step_detail.setText("")
            return
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
        self.step_formula.setText(text)
        terms = "+".join(f"({fmt_factor(a)}×{fmt_factor(w)})" for a, w in
                         zip(step.inputs[:, :, ch].ravel(), step.weights[:, :, ch].ravel()))
        self.step_detail.setText(self.tr("Channel %1: %2 = %3").replace("%1", names[ch]).replace("%2", terms)
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
