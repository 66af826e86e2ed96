"""The Convolution Lab's settings box: padding, stride, dilation, bias, activation, flip.

A view: it shows settings and reports changes (``changed``); :meth:`values` reads them
and :meth:`set_values` writes them without emitting ``changed``.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QSizePolicy, QSpinBox, QStackedWidget, QWidget)

from cnnviz.core.conv import FLIP_EXPLANATION
from cnnviz.core.geometry import GeometryError

PAD_VALID, PAD_SAME, PAD_N, PAD_TBLR = range(4)


class ConvSettingsForm(QGroupBox):
    """Padding, stride, dilation, bias, activation and the flip check box."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Settings"), parent)
        form = QFormLayout(self)
        self.padding_mode = QComboBox(self)
        self.padding_mode.setObjectName("paddingMode")
        self.padding_mode.addItems([self.tr("valid (no padding)"), self.tr("same (output = input / stride)"),
                                    self.tr("zero padding N on every side"), self.tr("zero padding top, bottom, left, right")])
        self.padding_n = QSpinBox(self)
        self.padding_n.setObjectName("paddingN")
        self.padding_n.setRange(0, 10)
        self.padding_n.setValue(1)
        self.padding_tblr = [QSpinBox(self) for _ in range(4)]
        tblr = QWidget(self)
        tblr_lay = QHBoxLayout(tblr)
        tblr_lay.setContentsMargins(0, 0, 0, 0)
        for name, s in zip(("paddingTop", "paddingBottom", "paddingLeft", "paddingRight"), self.padding_tblr):
            s.setObjectName(name)
            s.setRange(0, 10)
            tblr_lay.addWidget(s)
        self.padding_detail = QStackedWidget(self)
        self.padding_detail.addWidget(QWidget())
        self.padding_detail.addWidget(self.padding_n)
        self.padding_detail.addWidget(tblr)
        self.padding_detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.stride = [QSpinBox(self), QSpinBox(self)]
        self.dilation = [QSpinBox(self), QSpinBox(self)]
        for name, s in zip(("strideRows", "strideCols", "dilationRows", "dilationCols"), self.stride + self.dilation):
            s.setObjectName(name)
            s.setRange(1, 32)
        self.bias = QDoubleSpinBox(self)
        self.bias.setObjectName("bias")
        self.bias.setRange(-1000, 1000)
        self.bias.setDecimals(4)
        self.bias.setSingleStep(0.5)
        self.activation = QComboBox(self)
        self.activation.setObjectName("activation")
        self.activation.addItem(self.tr("none"), "none")
        self.activation.addItem(self.tr("ReLU: max(0, x)"), "relu")
        self.flip = QCheckBox(self.tr("True convolution (flip the kernel 180°)"), self)
        self.flip.setObjectName("flipKernel")
        self.flip_help = QLabel(self.tr(FLIP_EXPLANATION), self)
        self.flip_help.setObjectName("flipExplanation")
        self.flip_help.setWordWrap(True)

        form.addRow(self.tr("Padding"), self.padding_mode)
        form.addRow("", self.padding_detail)
        form.addRow(self.tr("Stride (rows × cols)"), self._pair_row(self.stride))
        form.addRow(self.tr("Dilation (rows × cols)"), self._pair_row(self.dilation))
        form.addRow(self.tr("Bias"), self.bias)
        form.addRow(self.tr("Activation"), self.activation)
        form.addRow(self.flip)
        form.addRow(self.flip_help)

        self._quiet = False
        self.padding_mode.currentIndexChanged.connect(self._on_padding_mode)
        for s in [self.padding_n, *self.padding_tblr, *self.stride, *self.dilation]:
            s.valueChanged.connect(self._emit)
        self.bias.valueChanged.connect(self._emit)
        self.activation.currentIndexChanged.connect(self._emit)
        self.flip.toggled.connect(self._emit)

    def _pair_row(self, spins: list[QSpinBox]) -> QWidget:
        w = QWidget(self)
        lay = QHBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(spins[0])
        lay.addWidget(QLabel("×", w))
        lay.addWidget(spins[1])
        return w

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()

    def _on_padding_mode(self, index: int) -> None:
        self.padding_detail.setCurrentIndex({PAD_N: 1, PAD_TBLR: 2}.get(index, 0))
        self._emit()

    # -- reading and writing --------------------------------------------------------------
    def padding(self) -> object:
        mode = self.padding_mode.currentIndex()
        if mode == PAD_VALID:
            return "valid"
        if mode == PAD_SAME:
            return "same"
        if mode == PAD_N:
            return self.padding_n.value()
        return tuple(s.value() for s in self.padding_tblr)

    def values(self) -> dict:
        """padding, stride, dilation, bias (as shown), activation, flip."""
        return {
            "padding": self.padding(),
            "stride": (self.stride[0].value(), self.stride[1].value()),
            "dilation": (self.dilation[0].value(), self.dilation[1].value()),
            "bias": self.bias.value(),
            "activation": self.activation.currentData(),
            "flip": self.flip.isChecked(),
        }

    def shows_bias(self, exact: float) -> bool:
        """Whether the bias box shows ``exact`` rounded to its decimals."""
        return abs(round(exact, self.bias.decimals()) - self.bias.value()) < 1e-12

    def set_values(self, *, padding: object = None, stride=None, dilation=None, bias=None,
                   activation=None, flip=None) -> None:
        """Show these settings (None: leave as is) without emitting ``changed``. Raises
        GeometryError / ValueError for a padding or activation it cannot show."""
        was = self._quiet
        self._quiet = True
        try:
            if padding is not None:
                self._set_padding(padding)
            if stride is not None:
                sr, sc = (stride, stride) if np.isscalar(stride) else tuple(stride)
                self.stride[0].setValue(int(sr))
                self.stride[1].setValue(int(sc))
            if dilation is not None:
                dr, dc = (dilation, dilation) if np.isscalar(dilation) else tuple(dilation)
                self.dilation[0].setValue(int(dr))
                self.dilation[1].setValue(int(dc))
            if bias is not None:
                self.bias.setValue(float(bias))
            if activation is not None:
                idx = self.activation.findData(str(activation).lower())
                if idx < 0:
                    raise ValueError(f"activation must be none or relu, got {activation!r}")
                self.activation.setCurrentIndex(idx)
            if flip is not None:
                self.flip.setChecked(bool(flip))
        finally:
            self._quiet = was

    def _set_padding(self, padding: object) -> None:
        if isinstance(padding, str) and padding.lower() in ("valid", "same"):
            self.padding_mode.setCurrentIndex(PAD_VALID if padding.lower() == "valid" else PAD_SAME)
        elif isinstance(padding, (int, np.integer)):
            self.padding_mode.setCurrentIndex(PAD_N)
            self.padding_n.setValue(int(padding))
        else:
            p = tuple(int(x) for x in padding)  # type: ignore[union-attr]
            if len(p) == 2:
                p = (p[0], p[0], p[1], p[1])
            if len(p) != 4:
                raise GeometryError(f"padding needs 1, 2 or 4 values, got {padding!r}")
            self.padding_mode.setCurrentIndex(PAD_TBLR)
            for s, x in zip(self.padding_tblr, p):
                s.setValue(x)
        self.padding_detail.setCurrentIndex({PAD_N: 1, PAD_TBLR: 2}.get(self.padding_mode.currentIndex(), 0))
