"""Class probabilities: one bar per class and the top class, large enough for the back row."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.qt.raster import rgb32


TOP_COLOR = "#ff9f1c"      # orange: distinct from the blue bars for every colour vision
BAR_COLOR = "#3a78c2"
DIM_COLOR = "#6b7280"


class BarChart(QWidget):
    """One bar per class on a 0–100 % axis, class names below — a plain widget: the axes,
    grid and names are one cached pixmap, each frame only fills the bars (~0.1 ms, where
    a pyqtgraph PlotWidget repaint cost ~0.5 ms; see :mod:`cnnviz.qt.raster`)."""

    PAD = 0.02  # of the 0..1 range, above and below

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes: list[str] = []
        self.heights = np.zeros(0, np.float32)
        self.colors: list[str] = []
        self._qcolors: list[QColor] = []
        self._tick_font = QFont(self.font())
        self._axis_font = QFont(self.font())
        self._background: tuple[tuple, QPixmap] | None = None
        self._rects: tuple | None = None
        self._margins: tuple[float, float] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(160, 120)

    def set_fonts(self, names: QFont, ticks: QFont) -> None:
        self._tick_font, self._axis_font = QFont(names), QFont(ticks)
        self._background = None
        self._margins = None
        self._rects = None
        self.update()

    def set_classes(self, names: list[str]) -> None:
        self.classes = list(names)
        self._background = None
        self.update()

    def set_bars(self, heights: np.ndarray, colors: list[str] | None = None) -> None:
        old = self._rects[1] if self._rects is not None and self._rects[0] == self.size() else None
        self.heights = np.asarray(heights, np.float32).ravel()
        recoloured = colors is not None and list(colors) != self.colors
        if colors is not None:
            self.colors = list(colors)
            self._qcolors = [QColor(c) for c in self.colors]
        self._rects = None
        new = self._bar_rects(with_empty=True)
        if old is None or recoloured or len(old) != len(new):
            self.update(self._plot_rect().toAlignedRect().adjusted(-1, -1, 1, 1))
            return
        # Only the columns whose bar changed on screen: most bars of a confident
        # prediction stay at zero from one pen movement to the next.
        for (a, _), (b, _) in zip(old, new):
            if a.toAlignedRect() != b.toAlignedRect():
                self.update(a.united(b).toAlignedRect().adjusted(-1, -1, 1, 1))

    # -- geometry -----------------------------------------------------------------------------
    def _plot_rect(self) -> QRectF:
        if self._margins is None:  # (left, bottom): measured once per font
            self._margins = (QFontMetricsF(self._axis_font).horizontalAdvance("100%") + 12,
                             QFontMetricsF(self._tick_font).height() + 10)
        left, bottom = self._margins
        return QRectF(left, 8, max(10.0, self.width() - left - 8), max(10.0, self.height() - 8 - bottom))

    def _y(self, plot: QRectF, v: float) -> float:
        lo, hi = -self.PAD, 1.0 + self.PAD
        return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

    def bar_rect(self, i: int) -> QRectF:
        """Bar ``i`` in widget coordinates."""
        plot = self._plot_rect()
        n = max(1, len(self.heights))
        step = plot.width() / n
        h = float(np.clip(self.heights[i], 0.0, 1.0 + self.PAD)) if i < len(self.heights) else 0.0
        top, base = self._y(plot, h), self._y(plot, 0.0)
        return QRectF(plot.left() + (i + 0.125) * step, top, 0.75 * step, base - top)

    # -- painting -----------------------------------------------------------------------------
    def _background_pixmap(self) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pal = self.palette()
        key = (self.width(), self.height(), dpr, pal.color(QPalette.ColorRole.Base).rgba(),
               pal.color(QPalette.ColorRole.Text).rgba(), tuple(self.classes), self._tick_font.key(),
               self._axis_font.key())
        if self._background is not None and self._background[0] == key:
            return self._background[1]
        pix = QPixmap(max(1, int(self.width() * dpr)), max(1, int(self.height() * dpr)))
        pix.setDevicePixelRatio(dpr)
        pix.fill(pal.color(QPalette.ColorRole.Base))
        painter = QPainter(pix)
        plot = self._plot_rect()
        text = pal.color(QPalette.ColorRole.Text)
        grid = QColor(text)
        grid.setAlphaF(0.25)
        painter.setFont(self._axis_font)
        fm = QFontMetricsF(self._axis_font)
        for v, label in ((0.0, "0"), (0.5, "50%"), (1.0, "100%")):
            y = self._y(plot, v)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(text))
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        painter.setPen(QPen(text, 1))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        n = len(self.classes)
        if n:
            painter.setFont(self._tick_font)
            step = plot.width() / n
            every = max(1, n // 26)
            for i in range(0, n, every):
                painter.drawText(QRectF(plot.left() + (i - 1) * step, plot.bottom() + 4, 3 * step, self.height()),
                                 int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), self.classes[i])
        painter.end()
        self._background = (key, pix)
        return pix

    def _bar_rects(self, with_empty: bool = False) -> list[tuple[QRectF, QColor]]:
        """Every bar with its colour (computed once per new heights or size); bars of
        zero height only ``with_empty``."""
        if self._rects is None or self._rects[0] != self.size():
            plot = self._plot_rect()
            n = len(self.heights)
            step = plot.width() / max(1, n)
            lo, hi = -self.PAD, 1.0 + self.PAD
            tops = plot.bottom() - (np.clip(self.heights, 0.0, hi) - lo) / (hi - lo) * plot.height()
            base = self._y(plot, 0.0)
            fallback = QColor(BAR_COLOR)
            bars = []
            for i, top in enumerate(tops.tolist()):
                bars.append((QRectF(plot.left() + (i + 0.125) * step, top, 0.75 * step, max(0.0, base - top)),
                             self._qcolors[i] if i < len(self._qcolors) else fallback))
            self._rects = (self.size(), bars)
        return self._rects[1] if with_empty else [b for b in self._rects[1] if b[0].height() > 0]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._background_pixmap())
        for rect, colour in self._bar_rects():
            painter.fillRect(rect, colour)
        painter.end()

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._background = None
            self.update()
        super().changeEvent(event)


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

        self.plot = BarChart(self)
        self.plot.setObjectName("probabilityPlot")
        self.bars = self.plot  # the bars: heights and colours as shown
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

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
        small = QFont(self.font())
        small.setPointSizeF(base * 1.1)
        self.plot.set_fonts(axis_font, small)
        self._fix_label_sizes()

    def _fix_label_sizes(self) -> None:
        """The top class and its confidence change with every frame: give their labels a
        FIXED size (fitting every text they can show), so new text never re-lays out the
        window — that doubled the cost of each pen movement (measured by `python -m benchmarks`)."""
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
        self.plot.set_classes(self.classes)
        self.plot.set_bars(np.zeros(n, np.float32), [BAR_COLOR] * n)
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
        # An empty input shows no bars: what the network says about a blank canvas (often
        # a confident "1") is no answer, and learners read it as one.
        shown = np.zeros_like(p) if empty else p
        colours = (p.size, -2 if empty else top)
        if colours != self._colours:  # new brushes only when the highlighted bar changes
            self._colours = colours
            colors = ([DIM_COLOR] * p.size if empty
                      else [TOP_COLOR if i == top else BAR_COLOR for i in range(p.size)])
            self.plot.set_bars(shown, colors)
        else:
            self.plot.set_bars(shown)


class DenseView(QWidget):
    """A dense layer's activations as one bar per unit, scaled by the largest magnitude
    (the axis stays put: no relayout per frame); :attr:`scale` is that magnitude.

    The bars are rendered as a small image (one pixel column per unit, ``ROWS`` pixel
    rows for the value range) with one vectorised NumPy comparison and stretched over the
    plot area — 128+ units cost one ``drawImage``, not 128 rectangles."""

    ROWS = 120  # vertical resolution of the bars

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("denseView")
        self.values = np.zeros(0, np.float32)
        self.scale = 0.0
        self._signed = False
        self._pixels: np.ndarray | None = None
        self._image: QImage | None = None
        self._colours: tuple | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumHeight(110)
        self.setMaximumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_values(self, v: np.ndarray) -> None:
        v = np.asarray(v, dtype=np.float32).ravel()
        self.values = v
        n = v.size
        self.scale = float(np.max(np.abs(v))) if n else 0.0
        self._signed = bool(n and v.min() < 0)
        self._render()
        self.update()

    def _render(self) -> None:
        v, n = self.values, self.values.size
        if not n:
            self._image = None
            return
        bar32, base32 = rgb32(QColor(BAR_COLOR)), rgb32(self.palette().color(QPalette.ColorRole.Base))
        rows = self.ROWS
        lo = -1.0 if self._signed else 0.0
        norm = v / (self.scale or 1.0)                                   # -1..1 or 0..1
        # Row r (top = 0) holds value level(r); a unit's column is filled between 0 and its value.
        level = 1.0 - (np.arange(rows, dtype=np.float32) + 0.5) / rows * (1.0 - lo)
        lev = level[:, None]
        filled = ((lev <= norm[None, :]) & (lev >= 0)) | ((lev >= norm[None, :]) & (lev < 0))
        pixels = np.where(filled, np.uint32(bar32), np.uint32(base32)).astype(np.uint32)
        self._pixels = np.ascontiguousarray(pixels)
        self._image = QImage(self._pixels.data, n, rows, 4 * n, QImage.Format.Format_RGB32)

    def _plot_rect(self) -> QRectF:
        left = self.fontMetrics().horizontalAdvance("max") + 10
        return QRectF(left, 6, max(10.0, self.width() - left - 6), max(10.0, self.height() - 12))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        plot = self._plot_rect()
        if self._image is not None:
            painter.drawImage(plot, self._image)
        text = pal.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(text))
        lo = -1.0 if self._signed else 0.0
        fm = painter.fontMetrics()
        for value, label in ((1.0, "max"), (0.0, "0")) + (((-1.0, "-max"),) if self._signed else ()):
            y = plot.top() + (1.0 - value) / (1.0 - lo) * plot.height()
            painter.drawLine(QPointF(plot.left() - 3, y), QPointF(plot.left(), y))
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 5, fm.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.end()

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and self.values.size:
            self._render()
            self.update()
