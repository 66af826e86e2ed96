"""A grid of numbers drawn as coloured cells: the view every lab page is made of.

Small grids show each value in its cell; when cells get too small to read, only the
colours remain (a heat map). Padding cells are hatched grey, a rectangular window (the
kernel position) and single cells (a max-pool winner) can be highlighted, and an output
grid can be filled in cell by cell (cells not yet computed stay blank).

Everything is painted (:mod:`cnnviz.qt.lab.grid_painting`) from plain NumPy arrays;
updates only change a few attributes and call ``update()``, so an animation frame costs
well under a millisecond for a 28×28 grid.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetricsF, QGuiApplication, QImage
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cnnviz.core import colormaps
from cnnviz.core.grid_image import grid_rgba, rgb_rgba
from cnnviz.core.grid_text import cell_texts, filled_only, grid_csv_text, legend_end_labels
from cnnviz.core.numbers import fmt
from cnnviz.qt.lab.grid_painting import MIN_NUMBER_PX, PAD_COLOR, WINDOW_COLOR, GridPainting  # noqa: F401


class GridView(GridPainting, QWidget):
    """Draws an ``(H, W)`` array (or an ``(H, W, 3)`` uint8 RGB image) as a grid."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, title: str = "", legend: bool = True,
                 max_cell: float = 96.0, min_text_cell: float = 22.0, digits: int = 2) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(80, 80)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._title = title
        self._legend = legend
        self._max_cell = float(max_cell)
        self._min_text_cell = float(min_text_cell)
        self._digits = digits
        self._values = np.zeros((0, 0))
        self._rgb: np.ndarray | None = None
        self._pads = (0, 0, 0, 0)
        self._levels = (0.0, 1.0)
        self._signed = False
        self._fixed_levels = False
        self._fill: int | None = None
        self._window: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        self._marked: list[tuple[int, int]] = []
        self._weights: np.ndarray | None = None
        self._weight_texts: list[list[str]] | None = None
        self._current: tuple[int, int] | None = None
        self._texts_cache: list[list[str]] | None = None
        self._colors = np.zeros((0, 0, 3), np.uint8)
        self._image: QImage | None = None
        self._image_dirty = True
        self._message = ""
        self._legend_texts = ("0", "1")
        self._export_hooks: list = []
        self._add_context_actions()

    # -- data ---------------------------------------------------------------------------
    def set_data(self, values: np.ndarray, *, pads: tuple[int, int, int, int] = (0, 0, 0, 0),
                 levels: tuple[float, float] | None = None, signed: bool | None = None) -> None:
        """Show ``values`` (2-D floats; NaN cells draw as padding). ``pads`` (top, bottom,
        left, right) marks the border cells that are padding. ``levels`` fixes the colour
        range (else it follows the values: symmetric around zero when signed)."""
        a = np.asarray(values, dtype=np.float64)
        if a.ndim != 2:
            raise ValueError(f"GridView needs a 2-D array, got shape {a.shape}")
        self._rgb = None
        self._values = a
        self._pads = tuple(int(p) for p in pads)  # type: ignore[assignment]
        if levels is not None:
            lo, hi = float(levels[0]), float(levels[1])
            self._signed = bool(signed) if signed is not None else lo < 0 < hi
            self._levels = (lo, hi if hi > lo else lo + 1.0)
            self._fixed_levels = True
        else:
            core = self._core_values()
            lo, hi, sg = colormaps.auto_levels(core if core.size else a, signed)
            self._levels, self._signed, self._fixed_levels = (lo, hi), sg, False
        self._message = ""
        self._refresh_cells()

    def set_rgb(self, image: np.ndarray) -> None:
        """Show an ``(H, W, 3)`` uint8 image as it is (no numbers, no colour map)."""
        a = np.ascontiguousarray(np.asarray(image, dtype=np.uint8)[:, :, :3])
        self._rgb = a
        self._values = a.mean(axis=2)
        self._pads = (0, 0, 0, 0)
        self._texts_cache = None
        self._message = ""
        self._image_dirty = True
        self.update()

    def clear(self, message: str = "") -> None:
        """No grid; ``message`` is drawn in its place."""
        self._values = np.zeros((0, 0))
        self._rgb = None
        self._window = None
        self._marked = []
        self._current = None
        self._message = message
        self._image_dirty = True
        self.update()

    def set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self.update()

    def title(self) -> str:
        return self._title

    def set_fill_count(self, n: int | None) -> None:
        """Show only the first ``n`` cells in row-major order (``None``: all)."""
        if n != self._fill:
            self._fill = n
            self._image_dirty = True
            self.update()

    def set_window(self, rows: Sequence[int] | None, cols: Sequence[int] | None = None) -> None:
        """Highlight the cells ``rows × cols`` (grid coordinates); ``None`` removes it."""
        w = None if rows is None or cols is None else (tuple(rows), tuple(cols))
        if w != self._window:
            self._window = w
            self.update()

    def set_window_weights(self, weights: np.ndarray | None) -> None:
        """Kernel weights to print small in the corner of each window cell ("×2"), so the
        class sees which number multiplies which (shown when the cells are large)."""
        w = None if weights is None else np.asarray(weights, dtype=np.float64)
        same = (w is None and self._weights is None) or (
            w is not None and self._weights is not None and w.shape == self._weights.shape
            and np.array_equal(w, self._weights))
        if not same:
            self._weights = w
            self._weight_texts = None if w is None else [[fmt(v, 2) for v in row] for row in w.tolist()]
            self.update()

    def window_weight_texts(self) -> list[list[str]] | None:
        return None if self._weight_texts is None else [list(r) for r in self._weight_texts]

    def set_marked(self, cells: Iterable[tuple[int, int]]) -> None:
        """Mark single cells (e.g. the winner of a max-pool window)."""
        cells = [tuple(c) for c in cells]
        if cells != self._marked:
            self._marked = cells  # type: ignore[assignment]
            self.update()

    def set_current(self, cell: tuple[int, int] | None) -> None:
        """Outline one cell (the output cell being computed)."""
        if cell != self._current:
            self._current = cell
            self.update()

    # -- queries (tests, export) --------------------------------------------------------
    def values(self) -> np.ndarray:
        return self._values.copy()

    def shape(self) -> tuple[int, int]:
        return self._values.shape  # type: ignore[return-value]

    def pads(self) -> tuple[int, int, int, int]:
        return self._pads

    def levels(self) -> tuple[float, float]:
        return self._levels

    def cell_color(self, r: int, c: int) -> tuple[int, int, int]:
        """The fill colour of cell (r, c) as RGB."""
        return tuple(int(v) for v in self._colors[r, c])  # type: ignore[return-value]

    def legend_labels(self) -> tuple[str, str]:
        """The colour bar's end labels: ``"≥ 225"`` marks an end beyond which values saturate."""
        return self._legend_texts

    def is_signed(self) -> bool:
        return self._signed

    def is_filled(self, r: int, c: int) -> bool:
        return self._fill is None or r * self._values.shape[1] + c < self._fill

    def is_padding(self, r: int, c: int) -> bool:
        h, w = self._values.shape
        t, b, l, rr = self._pads
        return r < t or r >= h - b or c < l or c >= w - rr or bool(np.isnan(self._values[r, c]))

    def cell_text(self, r: int, c: int) -> str:
        """The text the cell shows when numbers are visible ("" while not filled in)."""
        if not self.is_filled(r, c) or self._rgb is not None:
            return ""
        return self._texts[r][c]

    def texts(self) -> list[list[str]]:
        h, w = self._values.shape
        return [[self.cell_text(r, c) for c in range(w)] for r in range(h)]

    def numbers_visible(self) -> bool:
        """True when the cells are large enough for numbers people can read."""
        if self._rgb is not None or self._values.size == 0:
            return False
        cell = self._layout()[2]
        return cell >= self._min_text_cell and self._number_font(cell).pixelSize() >= MIN_NUMBER_PX

    def window_cells(self) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        return self._window

    def window_rect(self) -> tuple[int, int, int, int] | None:
        """``(top, left, bottom, right)`` (inclusive) of the highlighted window."""
        if self._window is None:
            return None
        rows, cols = self._window
        return (min(rows), min(cols), max(rows), max(cols))

    def marked(self) -> list[tuple[int, int]]:
        return list(self._marked)

    def current(self) -> tuple[int, int] | None:
        return self._current

    def message(self) -> str:
        return self._message

    def csv_text(self) -> str:
        """The numbers shown, as CSV (cells not yet filled in are empty)."""
        return grid_csv_text(filled_only(self._values, self._fill))

    # -- internals ----------------------------------------------------------------------
    @property
    def _texts(self) -> list[list[str]]:
        """Cell texts, formatted on first use (large heat maps never need them)."""
        if self._texts_cache is None:
            self._texts_cache = cell_texts(self._values, self._digits)
        return self._texts_cache

    def _core_values(self) -> np.ndarray:
        h, w = self._values.shape
        t, b, l, r = self._pads
        return self._values[t:h - b, l:w - r]

    def _refresh_cells(self) -> None:
        a = self._values
        lo, hi = self._levels
        self._colors = colormaps.apply(a, lo, hi, self._signed)
        self._legend_texts = legend_end_labels(self._core_values(), lo, hi)
        self._dark_text = colormaps.text_color_is_dark(self._colors)
        self._texts_cache: list[list[str]] | None = None
        self._image_dirty = True
        self.update()

    def _rebuild_image(self) -> None:
        h, w = self._values.shape
        if self._rgb is not None:
            rgba = rgb_rgba(self._rgb)
        else:
            rgba = grid_rgba(self._colors, self._values, self._pads, self._fill,
                             (PAD_COLOR.red(), PAD_COLOR.green(), PAD_COLOR.blue()))
        self._rgba = np.ascontiguousarray(rgba)
        # Premultiplied ARGB32 is the raster engine's native format: drawing it scaled
        # every frame needs no per-frame conversion.
        self._image = QImage(self._rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied)
        self._image_dirty = False

    def _layout(self) -> tuple[float, float, float, QRectF, QRectF]:
        """``(x0, y0, cell, title_rect, legend_rect)`` for the current widget size."""
        h, w = self._values.shape if self._values.size else (1, 1)
        fm = QFontMetricsF(self._title_font())
        gap = 0.0 if self._rgb is not None else 10.0
        title_h = fm.height() * 1.3 + gap if self._title else 0.0
        legend_h = (fm.height() * 2.3 + gap) if (self._legend and self._rgb is None) else 0.0
        pad = 4.0 if self._rgb is not None else 10.0  # room for the window outline at the edges
        avail_w = max(self.width() - 2 * pad, 1.0)
        avail_h = max(self.height() - title_h - legend_h - 2 * pad, 1.0)
        cell = min(avail_w / w, avail_h / h)
        if self._rgb is None:
            cell = min(cell, self._max_cell * self._scale())
        gw, gh = cell * w, cell * h
        x0 = (self.width() - gw) / 2
        y0 = pad + title_h + (avail_h - gh) / 2
        title_rect = QRectF(0, y0 - title_h, self.width(), title_h - gap)
        legend_rect = QRectF(x0, y0 + gh + gap, max(gw, 160.0), legend_h - gap)
        if legend_rect.width() > self.width() - 2 * pad:
            legend_rect.setWidth(self.width() - 2 * pad)
        legend_rect.moveLeft((self.width() - legend_rect.width()) / 2)
        return x0, y0, cell, title_rect, legend_rect

    def _scale(self) -> float:
        """Grows cells with the application font (presentation zoom)."""
        return max(self.font().pointSizeF(), 6.0) / 10.0

    def _title_font(self) -> QFont:
        f = QFont(self.font())
        if f.pointSizeF() > 0:
            f.setPointSizeF(f.pointSizeF() * 1.15)
        f.setBold(True)
        return f

    # -- interaction --------------------------------------------------------------------
    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        if self._values.size == 0:
            return None
        x0, y0, cell, _, _ = self._layout()
        c = int((pos.x() - x0) // cell)
        r = int((pos.y() - y0) // cell)
        h, w = self._values.shape
        if 0 <= r < h and 0 <= c < w:
            return r, c
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(event.position())
        if cell is None or self._rgb is not None:
            QToolTip.hideText()
            return
        r, c = cell
        if not self.is_filled(r, c):
            text = self.tr("row %1, column %2: not computed yet").replace("%1", str(r + 1)).replace("%2", str(c + 1))
        else:
            v = self._values[r, c]
            pad = self.tr(" (padding)") if self.is_padding(r, c) else ""
            text = (self.tr("row %1, column %2: %3").replace("%1", str(r + 1)).replace("%2", str(c + 1))
                    .replace("%3", fmt(v, 4) if np.isfinite(v) else "—")) + pad
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(event.position())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cell_clicked.emit(*cell)
        super().mousePressEvent(event)

    def _add_context_actions(self) -> None:
        copy = QAction(self.tr("Copy numbers (CSV)"), self)
        copy.setObjectName("gridCopyCsv")
        copy.triggered.connect(self._copy_csv)
        save_csv = QAction(self.tr("Save numbers as CSV…"), self)
        save_csv.setObjectName("gridSaveCsv")
        save_csv.triggered.connect(self._save_csv)
        save_png = QAction(self.tr("Save picture as PNG…"), self)
        save_png.setObjectName("gridSavePng")
        save_png.triggered.connect(self._save_png)
        for a in (copy, save_csv, save_png):
            self.addAction(a)

    def _copy_csv(self) -> None:
        QGuiApplication.clipboard().setText(self.csv_text())

    def _save_csv(self) -> None:
        from cnnviz.qt.export import ask_save_path, write_text

        path = ask_save_path(self, self.tr("Save numbers as CSV"), "grid.csv", self.tr("CSV files (*.csv)"))
        if path:
            write_text(self, path, self.csv_text())

    def _save_png(self) -> None:
        from cnnviz.qt.export import ask_save_path, save_widget_png

        path = ask_save_path(self, self.tr("Save picture as PNG"), "grid.png", self.tr("PNG images (*.png)"))
        if path:
            save_widget_png(self, path)
