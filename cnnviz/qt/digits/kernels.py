"""What the network learned: the kernels of each convolution layer as a grid of small
images (diverging colours centred on zero, with a legend), one filter's numbers in an
editable table ("model surgery": in memory only), and a way into the Convolution Lab."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.qt.digits.mosaic import MosaicView

MEAN = -1  # the "input channel" choice that shows the mean over input channels


class KernelGridView(QWidget):
    """Kernels ``(kh, kw, C, F)`` of the chosen Conv2D layer; click one to select it."""

    open_in_lab = Signal(str, int)                    # layer, filter
    value_edited = Signal(str, tuple, float)          # layer, (i, j, c, f), new value
    zero_filter = Signal(str, int)
    reset_weights = Signal()
    layer_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelGridView")
        self.kernels: dict = {}             # name → object with .kernel, .bias
        self.layer = ""
        self.filter = -1
        self.channel = MEAN
        self._updating = False

        self.layer_combo = QComboBox(self)
        self.layer_combo.setObjectName("kernelLayerCombo")
        self.layer_combo.setToolTip(self.tr("Convolution layer whose learned kernels are shown"))
        self.layer_combo.currentIndexChanged.connect(self._on_layer)
        self.channel_combo = QComboBox(self)
        self.channel_combo.setObjectName("kernelChannelCombo")
        self.channel_combo.setToolTip(self.tr("A kernel has one slice per input channel: show one slice, "
                                              "or their mean"))
        self.channel_combo.currentIndexChanged.connect(self._on_channel)
        self.info = QLabel(" ", self)
        self.info.setObjectName("kernelInfo")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Layer:"), self))
        top.addWidget(self.layer_combo)
        top.addWidget(QLabel(self.tr("Input channel:"), self))
        top.addWidget(self.channel_combo)
        top.addWidget(self.info, 1)

        self.grid = MosaicView(self, aspect=2.2)
        self.grid.setObjectName("kernelMosaic")
        self.grid.add_colorbar()
        self.grid.map_clicked.connect(self.select_filter)

        self.table_title = QLabel(self.tr("Click a kernel to see and edit its numbers"), self)
        self.table_title.setProperty("cnnvizFontScale", 1.0)
        self.table_title.setProperty("cnnvizFontBold", True)
        f = QFont(self.font())
        f.setBold(True)
        self.table_title.setFont(f)
        self.table = QTableWidget(self)
        self.table.setObjectName("kernelTable")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.setToolTip(self.tr("Type a new weight: feature maps and probabilities change at once "
                                      "(the file on disk is never modified)"))
        self.bias_label = QLabel(" ", self)
        self.lab_button = QPushButton(self.tr("Open in Convolution Lab"), self)
        self.lab_button.setObjectName("kernelOpenInLab")
        self.lab_button.clicked.connect(lambda: self.open_in_lab.emit(self.layer, self.filter))
        self.zero_button = QPushButton(self.tr("Switch filter off"), self)
        self.zero_button.setObjectName("kernelZeroFilter")
        self.zero_button.clicked.connect(lambda: self.zero_filter.emit(self.layer, self.filter))
        self.reset_button = QPushButton(self.tr("Reset weights"), self)
        self.reset_button.setObjectName("resetWeightsButton")
        self.reset_button.setToolTip(self.tr("Restore the weights from the model file"))
        self.reset_button.clicked.connect(self.reset_weights.emit)
        self.reset_button.setEnabled(False)
        self.modified_label = QLabel(" ", self)
        self.modified_label.setObjectName("weightsModifiedLabel")

        side = QVBoxLayout()
        side.addWidget(self.table_title)
        side.addWidget(self.table, 1)
        side.addWidget(self.bias_label)
        side.addWidget(self.lab_button)
        side.addWidget(self.zero_button)
        side.addWidget(self.reset_button)
        side.addWidget(self.modified_label)
        body = QHBoxLayout()
        body.addWidget(self.grid, 3)
        body.addLayout(side, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(body, 1)
        self._set_filter_enabled(False)

    # -- data -----------------------------------------------------------------------------
    def set_kernels(self, kernels: dict, modified: bool = False) -> None:
        """``kernels``: Conv2D name → params with ``kernel (kh, kw, C, F)`` and ``bias (F,)``."""
        same_layers = list(kernels) == list(self.kernels)
        self.kernels = dict(kernels)
        self._updating = True
        try:
            if not same_layers:
                self.layer_combo.clear()
                self.layer_combo.addItems(list(kernels))
                self.layer = next(iter(kernels), "")
                self.filter = -1
            self.reset_button.setEnabled(modified)
            self.modified_label.setText(self.tr("Weights edited (in memory)") if modified else " ")
        finally:
            self._updating = False
        if not same_layers:
            self._fill_channels()
        self._refresh()

    def show_layer(self, name: str) -> None:
        i = self.layer_combo.findText(name)
        if i >= 0:
            self.layer_combo.setCurrentIndex(i)

    def current_kernel(self) -> np.ndarray | None:
        p = self.kernels.get(self.layer)
        return None if p is None else np.asarray(p.kernel)

    def shown_kernels(self) -> np.ndarray | None:
        """``(kh, kw, F)``: the slices the grid shows (one input channel, or the mean)."""
        k = self.current_kernel()
        if k is None:
            return None
        return k.mean(axis=2) if self.channel == MEAN or self.channel >= k.shape[2] else k[:, :, self.channel, :]

    def select_filter(self, f: int) -> None:
        self.filter = int(f)
        self.grid.select(self.filter)
        self._fill_table()

    # -- internals ----------------------------------------------------------------------------
    def _fill_channels(self) -> None:
        k = self.current_kernel()
        self._updating = True
        try:
            self.channel_combo.clear()
            if k is None:
                return
            c = k.shape[2]
            if c > 1:
                self.channel_combo.addItem(self.tr("mean of {0}").format(c), MEAN)
            for i in range(c):
                self.channel_combo.addItem(str(i), i)
            self.channel = self.channel_combo.itemData(0)
        finally:
            self._updating = False

    def _on_layer(self, index: int) -> None:
        if self._updating or index < 0:
            return
        self.layer = self.layer_combo.itemText(index)
        self.filter = -1
        self._fill_channels()
        self._refresh()
        self.layer_selected.emit(self.layer)

    def _on_channel(self, index: int) -> None:
        if self._updating or index < 0:
            return
        self.channel = self.channel_combo.itemData(index)
        self._refresh()

    def _refresh(self) -> None:
        shown = self.shown_kernels()
        if shown is None:
            self.info.setText(self.tr("This model has no convolution layers"))
            return
        k = self.current_kernel()
        m = float(np.max(np.abs(shown))) or 1e-6
        self.grid.set_maps(shown, levels=(-m, m), signed=True)
        kh, kw, c, f = k.shape
        self.info.setText(self.tr("{0} filters of {1}×{2}×{3}   (blue < 0 < red)").format(f, kh, kw, c))
        if 0 <= self.filter < f:
            self.grid.select(self.filter)
            self._fill_table()
        else:
            self.grid.select(-1)
            self._set_filter_enabled(False)

    def _set_filter_enabled(self, on: bool) -> None:
        for w in (self.lab_button, self.zero_button, self.table):
            w.setEnabled(on)
        if not on:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.bias_label.setText(" ")

    def _fill_table(self) -> None:
        k = self.current_kernel()
        if k is None or not 0 <= self.filter < k.shape[3]:
            self._set_filter_enabled(False)
            return
        self._set_filter_enabled(True)
        c = 0 if self.channel == MEAN else self.channel
        editable = self.channel != MEAN or k.shape[2] == 1
        values = k[:, :, c, self.filter]
        kh, kw = values.shape
        self._updating = True
        try:
            self.table.setRowCount(kh)
            self.table.setColumnCount(kw)
            self.table.setVerticalHeaderLabels([str(i) for i in range(kh)])
            self.table.setHorizontalHeaderLabels([str(j) for j in range(kw)])
            for i in range(kh):
                for j in range(kw):
                    item = QTableWidgetItem(f"{values[i, j]:.4g}")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if not editable:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.table.setItem(i, j, item)
        finally:
            self._updating = False
        where = self.tr("input channel {0}").format(c) if editable else self.tr("choose an input channel to edit")
        self.table_title.setText(self.tr("{0} · filter {1} · {2}").format(self.layer, self.filter, where))
        bias = float(np.ravel(self.kernels[self.layer].bias)[self.filter])
        self.bias_label.setText(self.tr("bias {0:.4g}").format(bias))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        text = item.text().strip().replace(",", ".").replace("−", "-")
        try:
            value = float(text)
            if not np.isfinite(value):
                raise ValueError
        except ValueError:
            self.modified_label.setText(self.tr("“{0}” is not a number").format(item.text()))
            self._fill_table()
            return
        c = 0 if self.channel == MEAN else self.channel
        self.value_edited.emit(self.layer, (item.row(), item.column(), c, self.filter), value)
