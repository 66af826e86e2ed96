"""Feature maps of one layer as ONE tiled image (a mosaic), with channel numbers.

Drawing 96 maps as 96 pyqtgraph ImageItems costs ~15 ms a frame; one mosaic ImageItem
costs ~2 ms. :class:`MosaicLayout` (pure NumPy) places ``C`` maps of ``h×w`` in a grid
with NaN gaps (shown transparent); :class:`MosaicView` shows it with the channel numbers
(one cached item for all of them), reports the value under the mouse and emits
``map_clicked(channel)``. Items are built once per layer shape and only ``setImage``'d.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from cnnviz.core.mosaic import MosaicLayout, choose_layout, layer_levels, tile, tile_into  # noqa: F401
from cnnviz.qt.lab.colormaps import DIVERGING, SEQUENTIAL


def follow_palette(view: pg.GraphicsView, plot: pg.PlotItem | None = None) -> None:
    """Use the widget palette (the app's theme) for a pyqtgraph view's background/axes."""
    pal = view.palette()
    view.setBackground(pal.color(QPalette.ColorRole.Base))
    if plot is not None:
        fg = pal.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(fg))
            axis.setTextPen(pg.mkPen(fg))


class PaletteFollower(QObject):
    """Re-applies :func:`follow_palette` when the theme changes."""

    def __init__(self, view: pg.GraphicsView, plot: pg.PlotItem | None = None) -> None:
        super().__init__(view)
        self._view, self._plot = view, plot
        follow_palette(view, plot)
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            follow_palette(self._view, self._plot)
            labels = getattr(self._view, "_labels", None)
            if labels is not None:
                labels.set_color(self._view.palette().text().color(), self._view.palette().base().color())
        return False


class LutImageItem(pg.ImageItem):
    """An ImageItem for one-channel float images with a 256-entry colour table that
    renders to an RGB32 QImage itself (one NumPy lookup). pyqtgraph's own path gives an
    Indexed8 image, which QPainter converts on every scaled draw: ~1 ms for a mosaic
    against ~0.1 ms for RGB32. ``image`` stays the float array that was set. NaN shows
    as the lowest colour (the live view keeps its mosaics finite)."""

    def __init__(self, *args, **kwargs) -> None:
        self._lut32: np.ndarray | None = None
        self._argb: np.ndarray | None = None
        super().__init__(*args, **kwargs)

    def setLookupTable(self, lut, update: bool = True) -> None:  # noqa: N802
        a = None if lut is None or callable(lut) else np.asarray(lut)
        if a is not None and a.ndim == 2 and a.shape[0] == 256 and a.shape[1] in (3, 4):
            a = a.astype(np.uint32)
            self._lut32 = (np.uint32(0xFF000000) | (a[:, 0] << 16) | (a[:, 1] << 8) | a[:, 2]).astype(np.uint32)
        else:
            self._lut32 = None
        super().setLookupTable(lut, update)

    def render(self) -> None:
        img = self.image
        levels = self.levels
        if (self._lut32 is None or img is None or img.ndim != 2 or img.size == 0 or levels is None
                or np.ndim(levels) != 1 or not np.issubdtype(img.dtype, np.floating)):
            super().render()
            return
        lo, hi = float(levels[0]), float(levels[1])
        scale = 255.0 / (hi - lo) if hi > lo else 0.0
        idx = np.empty(img.shape, np.float32)
        np.subtract(img, lo, out=idx)
        np.multiply(idx, scale, out=idx)
        np.fmax(idx, 0.0, out=idx)  # also NaN → 0 (fmax takes the number)
        np.minimum(idx, 255.0, out=idx)
        argb = np.ascontiguousarray(self._lut32[idx.astype(np.uint8)])
        self._argb = argb  # the QImage below points into it
        h, w = argb.shape
        self.qimage = QImage(argb.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        self._renderRequired = False
        self._unrenderable = False


def lut_colormap(lut: np.ndarray) -> pg.ColorMap:
    return pg.ColorMap(np.linspace(0.0, 1.0, len(lut)), lut)


GAP_FILL = 0.0
"""Value of the mosaic's gap pixels (hidden under :class:`_Labels`): finite, so pyqtgraph
renders the float mosaic through its fast indexed-colour path (NaN gaps cost ~2×)."""


class _Labels(QGraphicsItem):
    """The gaps between the maps (in the background colour) and all channel numbers, in
    one item that is painted once and then cached as a pixmap."""

    def __init__(self, layout: MosaicLayout, color: QColor, background: QColor | None = None) -> None:
        super().__init__()
        self._layout = layout
        self._color = QColor(color)
        self._background = QColor(background) if background is not None else None
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._gaps = QPainterPath()
        self._gaps.setFillRule(Qt.FillRule.OddEvenFill)
        h, w = layout.shape
        self._gaps.addRect(QRectF(0, 0, w, h))
        th, tw = layout.tile
        for y, x in layout.origins:
            self._gaps.addRect(QRectF(x, y, tw, th))

    def set_color(self, color: QColor, background: QColor | None = None) -> None:
        self._color = QColor(color)
        if background is not None:
            self._background = QColor(background)
        self.update()

    def boundingRect(self) -> QRectF:
        h, w = self._layout.shape
        return QRectF(0, 0, w, h)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ARG002
        lay = self._layout
        if self._background is not None:
            painter.fillPath(self._gaps, self._background)
        font = QFont(painter.font())
        font.setPixelSize(12)  # device pixels: drawn unscaled below
        painter.setFont(font)
        painter.setPen(QPen(self._color))
        t = painter.transform()
        painter.resetTransform()
        th = lay.label_rows * abs(t.m22())
        if th < 8:
            painter.setTransform(t)
            return  # too small to read: numbers are on hover instead
        font.setPixelSize(int(min(max(9, th * 0.85), 22)))
        painter.setFont(font)
        for c in range(lay.channels):
            y, x = lay.origin(c)
            p0 = t.map(QPointF(x, y - lay.label_rows))
            p1 = t.map(QPointF(x + lay.tile[1], y))
            painter.drawText(QRectF(p0, p1), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), str(c))
        painter.setTransform(t)


class MosaicView(pg.GraphicsView):
    """One layer's feature maps (or a grid of kernels): one ImageItem + channel numbers."""

    map_clicked = Signal(int)                    # channel
    hovered = Signal(int, int, int, float)       # channel, row, col, value (channel -1: none)

    def __init__(self, parent=None, *, aspect: float = 3.0, background=None) -> None:
        super().__init__(parent, background=background or "default")
        self.setObjectName("mosaicView")
        self._aspect = aspect
        # enableMenu=False: no context menu is built at all (building pyqtgraph's ViewBox
        # menu took ~40 % of building a layer's view when a model is opened; cnnviz bench).
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, defaultPadding=0.01,
                             enableMenu=False)
        self.vb.disableAutoRange()  # ranges are set once per shape, never per frame
        self.grid = pg.GraphicsLayout()
        self.grid.setContentsMargins(1, 1, 1, 1)
        self.grid.addItem(self.vb, 0, 0)
        self.setCentralItem(self.grid)
        self.colorbar: pg.ColorBarItem | None = None
        self.image = LutImageItem(axisOrder="row-major")
        self.image.setLookupTable(SEQUENTIAL)
        self.vb.addItem(self.image)
        self.layout: MosaicLayout | None = None
        self._labels: _Labels | None = None
        self._buffer: np.ndarray | None = None
        self._maps: np.ndarray | None = None
        self._signed: bool | None = False
        self.levels: tuple[float, float] = (0.0, 1.0)
        self.selected: int = -1
        self._frame = pg.QtWidgets.QGraphicsRectItem()
        self._frame.setPen(pg.mkPen("#ff9f1c", width=3, cosmetic=True))
        self._frame.setZValue(10)
        self._frame.setVisible(False)
        self.vb.addItem(self._frame)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        if background is None:
            self._palette_follower = PaletteFollower(self)

    def configure(self, channels: int, tile: tuple[int, int], max_cols: int | None = None) -> MosaicLayout:
        """Build (once per shape) the layout and buffers."""
        lay = choose_layout(channels, tile, self._aspect, max_cols)
        if lay != self.layout:
            self.layout = lay
            self._buffer = np.full(lay.shape, GAP_FILL, np.float32)
            if self._labels is not None:
                self.vb.removeItem(self._labels)
            self._labels = _Labels(lay, self.palette().text().color(), self.palette().base().color())
            self._labels.setZValue(5)
            self.vb.addItem(self._labels)
            self.image.setImage(self._buffer, autoLevels=False, levels=self.levels)
            h, w = lay.shape
            self.vb.setRange(QRectF(0, 0, w, h), padding=0.01)
            self.selected = -1
            self._frame.setVisible(False)
        return lay

    def set_maps(self, maps: np.ndarray, levels: tuple[float, float] | None = None,
                 signed: bool | None = None) -> None:
        """Show ``maps (h, w, C)``; levels default to this layer's range."""
        lay = self.layout
        if lay is None or maps.shape[2] != lay.channels or tuple(maps.shape[:2]) != lay.tile:
            lay = self.configure(maps.shape[2], tuple(maps.shape[:2]))
        self._maps = maps
        if levels is None:
            lo, hi, s = layer_levels(maps)
        else:
            (lo, hi), s = levels, bool(signed)
        if s != self._signed:
            self._signed = s
            self.image.setLookupTable(DIVERGING if s else SEQUENTIAL)
            if self.colorbar is not None:
                self.colorbar.setColorMap(lut_colormap(DIVERGING if s else SEQUENTIAL))
        self.levels = (lo, hi)
        if self.colorbar is not None:
            self.colorbar.setLevels((lo, hi))
        tile_into(self._buffer, maps, lay)
        self.image.setImage(self._buffer, autoLevels=False, levels=self.levels)

    def add_colorbar(self) -> pg.ColorBarItem:
        """A legend with the value range beside the mosaic."""
        if self.colorbar is None:
            self.colorbar = pg.ColorBarItem(values=self.levels, colorMap=lut_colormap(SEQUENTIAL),
                                            interactive=False, width=18)
            self.grid.addItem(self.colorbar, 0, 1)
        return self.colorbar

    def maps(self) -> np.ndarray | None:
        return self._maps

    def select(self, channel: int) -> None:
        lay = self.layout
        self.selected = channel
        if lay is None or not 0 <= channel < lay.channels:
            self._frame.setVisible(False)
            return
        y, x = lay.origin(channel)
        h, w = lay.tile
        self._frame.setRect(QRectF(x - 0.5, y - 0.5, w + 1, h + 1))
        self._frame.setVisible(True)

    def heightForWidth(self, width: int) -> int:
        if self.layout is None:
            return 120
        h, w = self.layout.shape
        return max(60, int(width * h / max(w, 1)) + 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def _locate(self, scene_pos) -> tuple[int, int, int] | None:
        if self.layout is None:
            return None
        p = self.vb.mapSceneToView(scene_pos)
        return self.layout.locate(p.y(), p.x())

    def _on_mouse_moved(self, scene_pos) -> None:
        hit = self._locate(scene_pos)
        if hit is None or self._maps is None:
            self.hovered.emit(-1, -1, -1, float("nan"))
            self.setToolTip("")
            return
        c, r, k = hit
        v = float(self._maps[r, k, c])
        self.hovered.emit(c, r, k, v)
        self.setToolTip(self.tr("channel {0}  row {1}, column {2}: {3:.4g}").format(c, r, k, v))

    def _on_mouse_clicked(self, event) -> None:
        hit = self._locate(event.scenePos())
        if hit is not None:
            self.select(hit[0])
            self.map_clicked.emit(hit[0])
