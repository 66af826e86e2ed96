"""Feature maps of one layer as ONE tiled image (a mosaic), with channel numbers.

Drawing 96 maps as 96 pyqtgraph ImageItems costs ~15 ms a frame; one mosaic image ~2 ms
in a pyqtgraph view and ~0.2 ms in :class:`MosaicView`, a plain widget that colours the
maps straight into its pixel buffer (:mod:`cnnviz.qt.raster`). :class:`MosaicLayout`
(pure NumPy, :mod:`cnnviz.core.mosaic`) places ``C`` maps of ``h×w`` in a grid;
MosaicView shows it with the channel numbers (one cached pixmap), reports the value under
the mouse and emits ``map_clicked(channel)``.

:class:`LutImageItem` and :class:`PaletteFollower` serve the pyqtgraph views that remain
(the enlarged map, dense layers).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap

from cnnviz.core.colour import colour, lut32, unpack_rgb
from cnnviz.core.mosaic import MosaicLayout, choose_layout, layer_levels  # noqa: F401 - layer_levels for the views
from cnnviz.qt.lab.colormaps import DIVERGING, SEQUENTIAL
from cnnviz.qt.raster import RasterView, rgb32


_LUT32 = {False: lut32(SEQUENTIAL), True: lut32(DIVERGING)}  # read-only: shared by every mosaic


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
        return False


class LutImageItem(pg.ImageItem):
    """An ImageItem for one-channel float images with a 256-entry colour table that
    renders to an RGB32 QImage itself (the colouring of :mod:`cnnviz.qt.raster`). pyqtgraph's own path gives an
    Indexed8 image, which QPainter converts on every scaled draw: ~1 ms for a mosaic
    against ~0.1 ms for RGB32. ``image`` stays the float array that was set. NaN shows
    as the lowest colour (the live view keeps its mosaics finite)."""

    def __init__(self, *args, **kwargs) -> None:
        self._lut32: np.ndarray | None = None
        self._argb: np.ndarray | None = None
        super().__init__(*args, **kwargs)

    def setLookupTable(self, lut, update: bool = True) -> None:  # noqa: N802
        a = None if lut is None or callable(lut) else np.asarray(lut)
        ok = a is not None and a.ndim == 2 and a.shape[0] == 256 and a.shape[1] in (3, 4)
        self._lut32 = lut32(a) if ok else None
        super().setLookupTable(lut, update)

    def render(self) -> None:
        img = self.image
        levels = self.levels
        if (self._lut32 is None or img is None or img.ndim != 2 or img.size == 0 or levels is None
                or np.ndim(levels) != 1 or not np.issubdtype(img.dtype, np.floating)):
            super().render()
            return
        argb = colour(img, float(levels[0]), float(levels[1]), self._lut32)
        self._argb = argb  # the QImage below points into it
        h, w = argb.shape
        self.qimage = QImage(argb.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        self._renderRequired = False
        self._unrenderable = False


def lut_colormap(lut: np.ndarray) -> pg.ColorMap:
    return pg.ColorMap(np.linspace(0.0, 1.0, len(lut)), lut)


class MosaicView(RasterView):
    """One layer's feature maps (or a grid of kernels) as one RGB32 image with channel
    numbers, a selection frame and (optionally) a colour bar — see :mod:`cnnviz.qt.raster`
    for why this is a plain widget rather than a pyqtgraph view.

    ``set_maps(maps)`` colours ``maps (h, w, C)`` through the layer's colour table straight
    into the mosaic's pixel buffer (gaps keep the background colour); the channel numbers
    are a pixmap painted once per size and reused."""

    map_clicked = Signal(int)                    # channel
    hovered = Signal(int, int, int, float)       # channel, row, col, value (channel -1: none)

    def __init__(self, parent=None, *, aspect: float = 3.0) -> None:
        super().__init__(parent)
        self.setObjectName("mosaicView")
        self._aspect = aspect
        self.layout: MosaicLayout | None = None  # noqa: A003 - the mosaic's layout (not a QLayout)
        self._argb: np.ndarray | None = None     # (H, W) uint32, the pixels shown
        self._buffer: np.ndarray | None = None   # _argb plus the trailing gap (see _alloc)
        self._tiles: np.ndarray | None = None    # (rows, h, cols, w) view of the maps' pixels
        self._maps: np.ndarray | None = None
        self._signed: bool | None = False
        self._lut = _LUT32[False]
        self.levels: tuple[float, float] = (0.0, 1.0)
        self.selected: int = -1
        self._colorbar = False
        self._labels: tuple[tuple, list] | None = None  # (key, label strips)
        self.setMouseTracking(True)

    # -- data ------------------------------------------------------------------------------
    def configure(self, channels: int, tile: tuple[int, int], max_cols: int | None = None,
                  *, allocate: bool = True) -> MosaicLayout:
        """Build (once per shape) the layout and the pixel buffer (``allocate=False``: the
        buffer when the first maps are set; the size is known at once)."""
        lay = choose_layout(channels, tile, self._aspect, max_cols)
        if lay != self.layout:
            self.layout = lay
            self._buffer = self._argb = self._tiles = None
            self.set_image(None)
            if allocate:
                self._alloc()
            self.selected = -1
            self.updateGeometry()
        return lay

    def _alloc(self) -> None:
        """The pixel buffer: a grid of ``rows × cols`` cells, each a map's tile with its
        label strip above and the gap beside/below — so that the tiles of all maps are ONE
        strided 4-D view of it (``_tiles``) that a single NumPy copy fills. The QImage
        shows the buffer without the trailing gap (its rows keep the buffer's stride)."""
        lay = self.layout
        H, W = lay.shape
        ch, cw = lay.cell
        h, w = lay.tile
        self._buffer = np.full((lay.rows * ch, lay.cols * cw), rgb32(self.background()), np.uint32)
        cells = self._buffer.reshape(lay.rows, ch, lay.cols, cw)
        self._tiles = cells[:, lay.label_rows:lay.label_rows + h, :, :w]   # (rows, h, cols, w)
        self._labels = None
        self._argb = self._buffer[:H, :W]
        stride = self._buffer.strides[0]
        self.set_image(QImage(self._buffer.data, W, H, stride, QImage.Format.Format_RGB32), self._buffer)
        if self._maps is not None and self._maps.shape[2] == lay.channels and tuple(self._maps.shape[:2]) == lay.tile:
            self._colour(self._maps)

    def set_maps(self, maps: np.ndarray, levels: tuple[float, float] | None = None,
                 signed: bool | None = None) -> None:
        """Show ``maps (h, w, C)``; levels default to this layer's range."""
        lay = self.layout
        if lay is None or maps.shape[2] != lay.channels or tuple(maps.shape[:2]) != lay.tile:
            lay = self.configure(maps.shape[2], tuple(maps.shape[:2]))
        elif self._buffer is None:
            self._alloc()
        self._maps = maps
        if levels is None:
            lo, hi, s = layer_levels(maps)
        else:
            (lo, hi), s = levels, bool(signed)
        if s != self._signed:
            self._signed = s
            self._lut = _LUT32[bool(s)]
        self.levels = (float(lo), float(hi))
        self._colour(maps)
        self.update()

    def _colour(self, maps: np.ndarray) -> None:
        lay = self.layout
        lo, hi = self.levels
        words = colour(maps, lo, hi, self._lut)                 # (h, w, C) RGB32
        h, w, c = words.shape
        full, rest = divmod(c, lay.cols)                         # complete rows, maps in the last
        if full:
            self._tiles[:full] = words[:, :, :full * lay.cols].reshape(h, w, full, lay.cols).transpose(2, 0, 3, 1)
        if rest:
            self._tiles[full, :, :rest] = words[:, :, full * lay.cols:].transpose(0, 2, 1)

    def maps(self) -> np.ndarray | None:
        return self._maps

    def rgb(self) -> np.ndarray:
        """The mosaic's pixels as shown, ``(H, W, 3)`` uint8."""
        return unpack_rgb(self._argb) if self._argb is not None else np.zeros((0, 0, 3), np.uint8)

    def colour_table(self) -> np.ndarray:
        """The ``(256, 3)`` colours in use (diverging for signed maps)."""
        return DIVERGING if self._signed else SEQUENTIAL

    def select(self, channel: int) -> None:
        lay = self.layout
        self.selected = channel if lay is not None and 0 <= channel < lay.channels else -1
        self.update()

    def add_colorbar(self) -> None:
        """A colour bar with the value range beside the mosaic."""
        self._colorbar = True
        self._right = max(self._right, self.fontMetrics().horizontalAdvance("-8.88e-88") + 30)
        self.update()

    def has_colorbar(self) -> bool:
        return self._colorbar

    # -- geometry --------------------------------------------------------------------------
    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if self.layout is None:
            return 120
        h, w = self.layout.shape
        return max(60, int((width - self._right) * h / max(w, 1)) + 6)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def tile_rect(self, channel: int) -> QRectF:
        """Channel ``channel``'s map in widget coordinates."""
        y, x = self.layout.origin(channel)
        h, w = self.layout.tile
        return QRectF(self.to_widget(y, x), self.to_widget(y + h, x + w))

    def _locate(self, pos: QPointF) -> tuple[int, int, int] | None:
        if self.layout is None:
            return None
        p = self.to_image(pos)
        return None if p is None else self.layout.locate(*p)

    # -- painting ----------------------------------------------------------------------------
    def paint_overlay(self, painter: QPainter, target: QRectF) -> None:
        if self.layout is None or target.isEmpty():
            return
        for pos, pix in self._label_strips(target):
            painter.drawPixmap(pos, pix)
        if self.selected >= 0:
            painter.setPen(QPen(QColor("#ff9f1c"), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.tile_rect(self.selected).adjusted(-1.5, -1.5, 1.5, 1.5))
        if self._colorbar:
            self._paint_colorbar(painter, target)

    def _label_strips(self, target: QRectF) -> list[tuple[QPointF, QPixmap]]:
        """The channel numbers: one OPAQUE pixmap per row of maps, covering that row's
        label strip (background there in the image too). Opaque pixmaps are copied, not
        blended: cheaper per frame than one transparent overlay of the whole mosaic.
        Cached per size, colours and font."""
        lay = self.layout
        dpr = self.devicePixelRatioF()
        # Colours and font changes drop the cache (changeEvent); size and layout are checked.
        key = (target.x(), target.y(), target.width(), target.height(), dpr, lay)
        if self._labels is not None and self._labels[0] == key:
            return self._labels[1]
        color, base = self.palette().color(QPalette.ColorRole.Text), self.background()
        strips: list[tuple[QPointF, QPixmap]] = []
        scale = target.height() / lay.shape[0]
        band = lay.label_rows * scale
        if band >= 8:  # too small to read: numbers are on hover instead
            font = QFont(self.font())
            font.setPixelSize(int(min(max(9, band * 0.85), 22)))
            align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            ch = lay.cell[0]
            for row in range(lay.rows):
                # Whole device pixels, ending one pixel above the maps of this row.
                top = int(np.ceil(row * ch * scale))
                height = int(np.floor((row * ch + lay.label_rows) * scale)) - 1 - top
                if height < 4:
                    continue
                pix = QPixmap(max(1, int(target.width() * dpr)), max(1, int(height * dpr)))
                pix.setDevicePixelRatio(dpr)
                pix.fill(base)
                painter = QPainter(pix)
                painter.setFont(font)
                painter.setPen(QPen(color))
                for c in range(row * lay.cols, min(lay.channels, (row + 1) * lay.cols)):
                    x = lay.origin(c)[1]
                    painter.drawText(QRectF(x * scale, 0, lay.tile[1] * scale * 1.6, height), align, str(c))
                painter.end()
                strips.append((QPointF(target.left(), target.top() + top), pix))
        self._labels = (key, strips)
        return strips

    def _paint_colorbar(self, painter: QPainter, target: QRectF) -> None:
        bar = QRectF(target.right() + 8, target.top(), 16, target.height())
        lut = self._lut[::-1].copy()  # high values at the top
        img = QImage(lut.data, 1, 256, 4, QImage.Format.Format_RGB32)
        painter.drawImage(bar, img)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text)))
        painter.drawRect(bar)
        lo, hi = self.levels
        fm = painter.fontMetrics()
        x = bar.right() + 4
        painter.drawText(QPointF(x, bar.top() + fm.ascent()), f"{hi:.3g}")
        painter.drawText(QPointF(x, bar.bottom() - fm.descent()), f"{lo:.3g}")
        if self._signed:
            painter.drawText(QPointF(x, bar.center().y() + fm.ascent() / 2 - 1), "0")

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and self._buffer is not None:
            self._alloc()  # the gaps take the new background colour
            self.update()
        elif event.type() == QEvent.Type.FontChange:
            self._labels = None
            if self._colorbar:
                self._right = self.fontMetrics().horizontalAdvance("-8.88e-88") + 30
            self.updateGeometry()

    # -- mouse -------------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        hit = self._locate(event.position())
        if hit is None or self._maps is None:
            self.hovered.emit(-1, -1, -1, float("nan"))
            self.setToolTip("")
        else:
            c, r, k = hit
            v = float(self._maps[r, k, c])
            self.hovered.emit(c, r, k, v)
            self.setToolTip(self.tr("channel {0}  row {1}, column {2}: {3:.4g}").format(c, r, k, v))
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self._locate(event.position())
            if hit is not None:
                self.select(hit[0])
                self.map_clicked.emit(hit[0])
                event.accept()
                return
        super().mousePressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.hovered.emit(-1, -1, -1, float("nan"))
        super().leaveEvent(event)
