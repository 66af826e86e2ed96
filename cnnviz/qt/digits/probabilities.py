"""Class probabilities: one bar per class and the top class, large enough for the back row."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from cnnviz.qt.digits.mosaic import PaletteFollower
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

TOP_COLOR = "#ff9f1c"      # orange: distinct from the blue bars for every colour vision
BAR_COLOR = "#3a78c2"
DIM_COLOR = "#6b7280"


class ProbabilityView(QWidget):
    """``set_probabilities(p)`` shows the bars and the top class with its confidence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityView")
        self.classes: list[str] = []
        self.probabilities = np.zeros(0, np.float32)
        self.top = -1
        self._colours: tuple[int, int] = (0, -1)  # (bars, highlighted bar; -2: all dim)

        self.top_label = QLabel("–", self)
        self.top_label.setObjectName("topClassLabel")
        self.top_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.top_label.setMinimumWidth(150)
        self.confidence_label = QLabel("", self)
        self.confidence_label.setObjectName("confidenceLabel")
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Opaque (filled with the same window colour): new text each frame repaints the
        # label alone, not every widget beneath it up to the main window.
        self.top_label.setAutoFillBackground(True)
        self.confidence_label.setAutoFillBackground(True)
        self.caption = QLabel(self.tr("Prediction"), self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("probabilityPlot")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setYRange(0, 1.0, padding=0.02)
        self.plot.getAxis("left").setTicks([[(0, "0"), (0.5, "50%"), (1.0, "100%")]])
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.75, brush=BAR_COLOR, pen=None)
        self.plot.addItem(self.bars)
        self.plot.getAxis("bottom").setTicks([[]])  # no classes until a model is loaded
        # The axes (with the grid lines behind the bars) are repainted with every frame
        # the bars change: keep them as cached pixmaps instead of redrawing their text.
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._follow = PaletteFollower(self.plot, self.plot.getPlotItem())

        left = QVBoxLayout()
        left.addWidget(self.caption)
        left.addWidget(self.top_label, 1)
        left.addWidget(self.confidence_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left)
        row.addWidget(self.plot, 1)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        big = QFont(self.font())
        big.setPointSizeF(base * 5.5)
        big.setBold(True)
        self.top_label.setFont(big)
        mid = QFont(self.font())
        mid.setPointSizeF(base * 2.0)
        mid.setBold(True)
        self.confidence_label.setFont(mid)
        axis_font = QFont(self.font())
        axis_font.setPointSizeF(base * 1.5)
        axis_font.setBold(True)
        self.plot.getAxis("bottom").setStyle(tickFont=axis_font, tickTextOffset=6)
        small = QFont(self.font())
        small.setPointSizeF(base * 1.1)
        self.plot.getAxis("left").setStyle(tickFont=small)
        self._fix_label_sizes()

    def _fix_label_sizes(self) -> None:
        """The top class and its confidence change with every frame: give their labels a
        FIXED size (fitting every text they can show), so new text never re-lays out the
        window — that doubled the cost of each pen movement (measured by `cnnviz bench`)."""
        top_fm = self.top_label.fontMetrics()
        names = list(self.classes) + ["–", "?", "8"]
        width = max(top_fm.horizontalAdvance(n) for n in names) + 16
        self.top_label.setFixedSize(max(150, width), top_fm.height() + 8)
        conf_fm = self.confidence_label.fontMetrics()
        texts = [self.tr("{0:.1f} % sure").format(100.0), self.tr("Draw a digit")]
        self.confidence_label.setFixedSize(max(conf_fm.horizontalAdvance(t) for t in texts) + 12,
                                           conf_fm.height() + 4)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def set_classes(self, names: list[str]) -> None:
        self.classes = list(names)
        self._fix_label_sizes()
        n = len(names)
        step = max(1, n // 26)
        self.plot.getAxis("bottom").setTicks([[(i, names[i]) for i in range(0, n, step)]])
        self.plot.setXRange(-0.6, n - 0.4, padding=0)
        self.bars.setOpts(x=np.arange(n), height=np.zeros(n), brushes=[BAR_COLOR] * n)
        self._colours = (n, -1)
        self.probabilities = np.zeros(n, np.float32)
        self.top = -1
        self.top_label.setText("–")
        self.confidence_label.setText("")

    def set_probabilities(self, p: np.ndarray, empty: bool = False) -> None:
        p = np.asarray(p, dtype=np.float32).ravel()
        if p.size != len(self.classes):
            self.set_classes([str(i) for i in range(p.size)])
        self.probabilities = p
        top = int(np.argmax(p)) if p.size else -1
        self.top = -1 if empty else top
        if empty:
            self.top_label.setText("?")
            self.confidence_label.setText(self.tr("Draw a digit"))
        else:
            self.top_label.setText(self.classes[top] if top >= 0 else "–")
            self.confidence_label.setText(self.tr("{0:.1f} % sure").format(100.0 * float(p[top])))
        colours = (p.size, -2 if empty else top)
        if colours != self._colours:  # new brushes only when the highlighted bar changes
            self._colours = colours
            brushes = ([DIM_COLOR] * p.size if empty
                       else [TOP_COLOR if i == top else BAR_COLOR for i in range(p.size)])
            self.bars.setOpts(height=p, brushes=brushes)
        else:
            self.bars.setOpts(height=p)


class DenseView(pg.PlotWidget):
    """A dense layer's activations as bars (one filled step curve: cheap for 128+ units)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, enableMenu=False)  # no menus built (faster model switch)
        self.setObjectName("denseView")
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.curve = pg.PlotCurveItem(np.zeros(2, np.float32), np.zeros(1, np.float32), stepMode="center",
                                      fillLevel=0, brush=BAR_COLOR, pen=pg.mkPen(BAR_COLOR))
        self.addItem(self.curve)
        self._follow = PaletteFollower(self, self.getPlotItem())
        self.values = np.zeros(0, np.float32)
        self.setMinimumHeight(110)
        self.setMaximumHeight(170)
        self._units = 0
        self._x = np.zeros(1, np.float32)
        self._signed = False
        self.scale = 0.0
        self.getAxis("left").setTicks([[(0, "0"), (1.0, "max")]])
        self.setYRange(0.0, 1.0, padding=0.05)

    def set_values(self, v: np.ndarray) -> None:
        """Bars of ``v`` scaled by the largest magnitude (the axis stays put: no relayout
        per frame); :attr:`scale` is that magnitude."""
        v = np.asarray(v, dtype=np.float32).ravel()
        n = v.size
        if n != self._units:
            self._units = n
            self.setXRange(-0.5, n - 0.5, padding=0.01)
            self._x = np.arange(n + 1, dtype=np.float32) - 0.5
        self.values = v
        self.scale = float(np.max(np.abs(v))) if n else 0.0
        signed = bool(n and v.min() < 0)
        if signed != self._signed:
            self._signed = signed
            self.setYRange(-1.0 if signed else 0.0, 1.0, padding=0.05)
        self.curve.setData(self._x, v / (self.scale or 1.0))
