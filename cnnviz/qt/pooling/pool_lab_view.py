"""The Pooling Lab's widgets: the same stepping as the Convolution Lab for max / average /
min pooling, two pooling modes side by side on the same input, the winning cell of each
max (or min) window circled on the input. A view only; the controller is
:class:`cnnviz.app.pooling_controller.PoolLabController`."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from cnnviz.core.pooling import MODES
from cnnviz.qt.lab.fit_label import FitLabel
from cnnviz.qt.lab.grid_view import GridView
from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.qt.lab.page_frame import StepperPageView, make_stage, scaled_font, side_scroll_area, split_page, \
    stage_with_controls
from cnnviz.state.conv_lab import MAX_INPUT_SIDE

LAB_OUTPUT = "lab-output"


def mode_name(mode: str) -> str:
    return {"max": QCoreApplication.translate("PoolLab", "Max pooling"),
            "avg": QCoreApplication.translate("PoolLab", "Average pooling"),
            "min": QCoreApplication.translate("PoolLab", "Min pooling")}[mode]


class PoolLabView(StepperPageView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_pooling")
        side = QWidget(self)
        side_lay = QVBoxLayout(side)
        g_in = QGroupBox(self.tr("Input"), side)
        l_in = QGridLayout(g_in)
        self.input_preset = QComboBox(g_in)
        self.input_preset.setObjectName("poolInputPreset")
        self.use_lab = QPushButton(self.tr("Use the Convolution Lab's output"), g_in)
        self.use_lab.setObjectName("useLabOutput")
        self.open_button = QPushButton(self.tr("Open image…"), g_in)
        self.open_button.setObjectName("poolOpenImage")
        self.image_size = QSpinBox(g_in)
        self.image_size.setObjectName("poolImageSize")
        self.image_size.setRange(4, MAX_INPUT_SIDE)
        self.image_size.setValue(28)
        self.image_size.setPrefix(self.tr("size "))
        self.input_text = QLineEdit(g_in)
        self.input_text.setMaxLength(2**31 - 1)  # pastes of any size (Qt's default cuts at 32,767)
        self.input_text.setObjectName("poolInputText")
        self.input_text.setPlaceholderText(self.tr("or type a matrix: 1,0;0,1 and press Enter"))
        self.input_error = MessageLabel(g_in, "error")
        self.input_error.setObjectName("poolInputError")
        self.input_error.setWordWrap(True)
        self.input_error.hide()
        l_in.addWidget(self.input_preset, 0, 0, 1, 2)
        l_in.addWidget(self.use_lab, 1, 0, 1, 2)
        l_in.addWidget(self.open_button, 2, 0)
        l_in.addWidget(self.image_size, 2, 1)
        l_in.addWidget(self.input_text, 3, 0, 1, 2)
        l_in.addWidget(self.input_error, 4, 0, 1, 2)

        g_s = QGroupBox(self.tr("Pooling"), side)
        form = QFormLayout(g_s)
        self.size = QSpinBox(g_s)
        self.size.setObjectName("poolSize")
        self.size.setRange(1, 8)
        self.size.setValue(2)
        self.stride = QSpinBox(g_s)
        self.stride.setObjectName("poolStride")
        self.stride.setRange(0, 8)
        self.stride.setSpecialValueText(self.tr("= pool size"))
        self.padding = QComboBox(g_s)
        self.padding.setObjectName("poolPadding")
        self.padding.addItem(self.tr("valid (no padding)"), "valid")
        self.padding.addItem(self.tr("same (output = input / stride)"), "same")
        self.left_mode = QComboBox(g_s)
        self.left_mode.setObjectName("leftMode")
        self.right_mode = QComboBox(g_s)
        self.right_mode.setObjectName("rightMode")
        for combo in (self.left_mode, self.right_mode):
            for m in MODES:
                combo.addItem(mode_name(m), m)
        self.right_mode.setCurrentIndex(1)
        form.addRow(self.tr("Pool size"), self.size)
        form.addRow(self.tr("Stride"), self.stride)
        form.addRow(self.tr("Padding"), self.padding)
        form.addRow(self.tr("Left output"), self.left_mode)
        form.addRow(self.tr("Right output"), self.right_mode)
        help_label = QLabel(self.tr("Padded cells never win and are left out of averages (as in Keras)."), g_s)
        help_label.setWordWrap(True)
        form.addRow(help_label)
        side_lay.addWidget(g_in)
        side_lay.addWidget(g_s)
        side_lay.addStretch(1)
        scroll = side_scroll_area(self, side, 300)

        make_stage(self, "poolStage")
        st = QVBoxLayout(self.stage)
        self._build_head(st, "poolOutputShape", "poolShapeFormula", "poolNotes", "poolError")
        self.error.hide()
        self.input_grid = GridView(self.stage, title=self.tr("Input"))
        self.input_grid.setObjectName("poolInputGrid")
        self.left_grid = GridView(self.stage, title="")
        self.left_grid.setObjectName("leftOutputGrid")
        self.right_grid = GridView(self.stage, title="")
        self.right_grid.setObjectName("rightOutputGrid")
        grids = QHBoxLayout()
        grids.addWidget(self.input_grid, 5)
        grids.addWidget(self.left_grid, 3)
        grids.addWidget(self.right_grid, 3)
        st.addLayout(grids, 1)
        self.step_where = QLabel(self.stage)
        self.step_where.setObjectName("poolStepWhere")
        self.step_where.setWordWrap(True)
        self.step_where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.left_formula = FitLabel(self.stage, max_factor=2.0, lines=1.3)
        self.left_formula.setObjectName("leftFormula")
        self.right_formula = FitLabel(self.stage, max_factor=2.0, lines=1.3)
        self.right_formula.setObjectName("rightFormula")
        st.addWidget(self.step_where)
        st.addWidget(self.left_formula)
        st.addWidget(self.right_formula)
        split_page(self, scroll, stage_with_controls(self), [330, 1100], "poolSplitter")
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        from PySide6.QtWidgets import QApplication

        base = QApplication.font()
        self._apply_head_fonts(base)
        self.step_where.setFont(scaled_font(base, 1.15))
        for lab in (self.left_formula, self.right_formula):
            lab.apply_base_font(base)
