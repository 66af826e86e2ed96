"""One feature map enlarged: its values under the mouse (and in the cells when they are
big enough to read), a legend with the value range, and what to do with its filter."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnviz.qt.digits.mosaic import LutImageItem, PaletteFollower, layer_levels, lut_colormap
from cnnviz.qt.lab.colormaps import DIVERGING, SEQUENTIAL, apply, text_color_is_dark


class _CellNumbers(QGraphicsItem):
    """The value of every cell, drawn when a cell is at least ``MIN_CELL`` pixels wide."""

    MIN_CELL = 26

    def __init__(self) -> None:
        super().__init__()
        self.values: np.ndarray | None = None
        self.levels = (0.0, 1.0, False)

    def set_values(self, values: np.ndarray, levels) -> None:
        self.prepareGeometryChange()
        self.values = values
        self.levels = levels
        self.update()

    def boundingRect(self) -> QRectF:
        if self.values is None:
            return QRectF()
        h, w = self.values.shape
        return QRectF(0, 0, w, h)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ARG002
        v = self.values
        if v is None:
            return
        t = painter.transform()
        cell = abs(t.m11())
        if cell < self.MIN_CELL:
            return
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPixelSize(int(min(cell * 0.3, 18)))
        painter.setFont(font)
        colors = apply(v, *self.levels)
        dark = text_color_is_dark(colors)
        h, w = v.shape
        flags = int(Qt.AlignmentFlag.AlignCenter)
        for r in range(h):
            for c in range(w):
                painter.setPen(QPen(QColor(0, 0, 0) if dark[r, c] else QColor(255, 255, 255)))
                rect = QRectF(t.map(QPointF(c, r)), t.map(QPointF(c + 1, r + 1))).normalized()
                painter.drawText(rect, flags, f"{v[r, c]:.2g}")
        painter.setTransform(t)


class MapDetailView(QWidget):
    """Shows one map of one layer; emits what the teacher asks for."""

    open_in_lab = Signal(str, int)        # layer, channel
    zero_filter = Signal(str, int)
    look_for = Signal(str, int)           # layer, channel: what does this filter look for?

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapDetailView")
        self.layer = ""
        self.channel = -1
        self.values: np.ndarray | None = None
        self.title = QLabel(self.tr("Click a feature map to enlarge it"), self)
        self.title.setObjectName("mapDetailTitle")
        self.title.setWordWrap(True)
        self.title.setProperty("cnnvizFontScale", 1.3)
        self.title.setProperty("cnnvizFontBold", True)
        f = QFont(self.font())
        f.setPointSizeF(max(f.pointSizeF(), 8.0) * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setObjectName("mapDetailPlot")
        self._follow = PaletteFollower(self.view)
        self.vb = self.view.addViewBox(row=0, col=0, lockAspect=True, invertY=True, enableMouse=False)
        self.vb.setMenuEnabled(False)
        self.vb.disableAutoRange()  # ranges are set once per shape, never per frame
        self.image = LutImageItem(axisOrder="row-major")
        self.image.setLookupTable(SEQUENTIAL)
        self.vb.addItem(self.image)
        self.numbers = _CellNumbers()
        self.vb.addItem(self.numbers)
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=lut_colormap(SEQUENTIAL), interactive=False, width=18)
        self.view.addItem(self.colorbar, row=0, col=1)
        self._signed = False
        self.value_label = QLabel(" ", self)
        self.value_label.setObjectName("mapValueLabel")
        self.value_label.setFixedHeight(self.value_label.fontMetrics().height() + 4)
        self.range_label = QLabel(" ", self)
        self.range_label.setFixedHeight(self.range_label.fontMetrics().height() + 4)
        self.lab_button = QPushButton(self.tr("Open filter in Convolution Lab"), self)
        self.lab_button.setObjectName("openInLabButton")
        self.lab_button.setToolTip(self.tr("Step through this filter on the current input in the "
                                           "Convolution Lab (L)"))
        self.lab_button.setEnabled(False)
        self.lab_button.clicked.connect(lambda: self.open_in_lab.emit(self.layer, self.channel))
        self.zero_button = QPushButton(self.tr("Switch this filter off"), self)
        self.zero_button.setObjectName("zeroFilterButton")
        self.zero_button.setToolTip(self.tr("Set this filter's weights and bias to zero (in memory only; "
                                            "Reset weights restores them)"))
        self.zero_button.setEnabled(False)
        self.zero_button.clicked.connect(lambda: self.zero_filter.emit(self.layer, self.channel))
        self.look_button = QPushButton(self.tr("What does this filter look for?"), self)
        self.look_button.setObjectName("lookForButton")
        self.look_button.setToolTip(self.tr("The image that excites this channel most, and the test "
                                            "images that excite it most"))
        self.look_button.setEnabled(False)
        self.look_button.clicked.connect(lambda: self.look_for.emit(self.layer, self.channel))
        # One above the other: side by side, the panel's share of the window cut the
        # longer caption ("Open filter in Convolution Lab"). The layout's minimum width
        # now is the widest caption at the current font (zoom, presentation mode).
        buttons = QVBoxLayout()
        buttons.addWidget(self.lab_button)
        buttons.addWidget(self.zero_button)
        buttons.addWidget(self.look_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.value_label)
        lay.addWidget(self.range_label)
        lay.addLayout(buttons)
        self.view.scene().sigMouseMoved.connect(self._hover)

    def show_map(self, layer: str, channel: int, values: np.ndarray, *, conv: bool) -> None:
        first = (layer, channel) != (self.layer, self.channel) or self.values is None or self.values.shape != values.shape
        self.layer, self.channel = layer, channel
        self.values = np.asarray(values, np.float32)
        lo, hi, signed = layer_levels(self.values)
        if signed != self._signed:
            self._signed = signed
            lut = DIVERGING if signed else SEQUENTIAL
            self.image.setLookupTable(lut)
            self.colorbar.setColorMap(lut_colormap(lut))
        self.image.setImage(self.values, autoLevels=False, levels=(lo, hi))
        self.colorbar.setLevels((lo, hi))
        self.numbers.set_values(self.values, (lo, hi, signed))
        if first:
            h, w = self.values.shape
            self.vb.setRange(QRectF(0, 0, w, h), padding=0.02)
            self.title.setText(self.tr("{0} · channel {1} · {2}×{3}").format(layer, channel, h, w))
            self.lab_button.setEnabled(conv)
            self.zero_button.setEnabled(conv)
            self.look_button.setEnabled(conv)
        self.range_label.setText(self.tr("min {0:.4g}   max {1:.4g}").format(float(self.values.min()),
                                                                            float(self.values.max())))

    def clear(self) -> None:
        self.layer, self.channel, self.values = "", -1, None
        self.image.clear()
        self.numbers.set_values(None, (0.0, 1.0, False))
        self.title.setText(self.tr("Click a feature map to enlarge it"))
        self.lab_button.setEnabled(False)
        self.zero_button.setEnabled(False)
        self.look_button.setEnabled(False)

    def _hover(self, scene_pos) -> None:
        if self.values is None:
            return
        p = self.vb.mapSceneToView(scene_pos)
        r, c = int(np.floor(p.y())), int(np.floor(p.x()))
        h, w = self.values.shape
        if 0 <= r < h and 0 <= c < w:
            self.value_label.setText(self.tr("row {0}, column {1}: {2:.4g}").format(r, c, float(self.values[r, c])))
        else:
            self.value_label.setText(" ")
