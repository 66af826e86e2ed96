"""The grid of channels: one tile per channel, its synthesised image beside its best test
images (a 2×2 block). A :class:`QListWidget` in icon mode, so the tiles flow with the
width, scroll, and can be chosen with the mouse or the arrow keys."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from cnnviz.core.feature_grid import FeatureGrid

TILE = 64          # side of the synthesised image in a tile (pixels)
MIN_SIDE, MAX_SIDE = 56, 160   # tiles grow to fill the page
GAP = 4
EXAMPLES_IN_TILE = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeaturesPage", text)


def to_qimage(image: np.ndarray) -> QImage:
    """A uint8 ``(H, W)`` gray or ``(H, W, 3)`` RGB array as a (copied) QImage."""
    a = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = a.shape[:2]
    if a.ndim == 2:
        return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QImage(a.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def to_pixmap(image: np.ndarray, size: int) -> QPixmap:
    """``image`` scaled to fit ``size``×``size`` without smoothing (the pixels stay visible)."""
    return QPixmap.fromImage(to_qimage(image)).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.FastTransformation)


def tile_pixmap(grid: FeatureGrid, row: int, side: int = TILE) -> QPixmap:
    """Channel ``row`` of ``grid``: the synthesised image, then (when there are examples)
    its best four test images in a 2×2 block of the same height."""
    with_examples = grid.has_examples
    width = side + (GAP + side if with_examples else 0)
    pm = QPixmap(width, side)
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.drawPixmap(0, 0, to_pixmap(grid.synthesised[row], side))
    if with_examples:
        half = (side - GAP // 2) // 2
        for i, ex in enumerate(grid.examples[row][:EXAMPLES_IN_TILE]):
            r, c = divmod(i, 2)
            p.drawPixmap(side + GAP + c * (half + GAP // 2), r * (half + GAP // 2), to_pixmap(ex, half))
    p.end()
    return pm


class ChannelGridView(QListWidget):
    """One item per channel (``item.data(UserRole)`` = the layer channel); emits
    ``channel_selected(row)`` when the user picks one."""

    channel_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureChannelGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setWordWrap(False)
        self.grid: FeatureGrid | None = None
        self.side = TILE
        self.currentRowChanged.connect(self._on_row)

    def fitting_side(self, grid: FeatureGrid | None = None) -> int:
        """The largest tile side (a multiple of 8 in ``MIN_SIDE…MAX_SIDE``) at which every
        channel fits the visible area, or ``MIN_SIDE`` when none does (then it scrolls)."""
        grid = grid or self.grid
        if grid is None:
            return TILE
        w = max(1, self.viewport().width() - 2 * self.spacing())
        h = max(1, self.viewport().height() - 2 * self.spacing())
        text = self.fontMetrics().height() + 8
        parts = 2 if grid.has_examples else 1
        for side in range(MAX_SIDE, MIN_SIDE - 1, -8):
            cols = max(1, w // (parts * side + (parts - 1) * GAP + 2 * self.spacing() + 8))
            rows = -(-grid.channels // cols)
            if rows * (side + text + 2 * self.spacing()) <= h:
                return side
        return MIN_SIDE

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.grid is not None and self.fitting_side() != self.side:
            row = self.currentRow()
            self.show_grid(self.grid)
            self.select_row(row)

    def show_grid(self, grid: FeatureGrid, side: int | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        side = side or self.fitting_side(grid)
        self.grid, self.side = grid, side
        width = side + (GAP + side if grid.has_examples else 0)
        self.setIconSize(QSize(width, side))
        for row in range(grid.channels):
            ch = int(grid.channel_ids[row])
            pm = tile_pixmap(grid, row, side)
            icon = QIcon(pm)
            icon.addPixmap(pm, QIcon.Mode.Selected)          # keep the picture untinted when chosen
            item = QListWidgetItem(icon, f"{ch}: {grid.own[row]:.3g}")
            item.setData(Qt.ItemDataRole.UserRole, ch)
            item.setToolTip(_tr("Channel {0}: the synthesised image reaches a mean activation of {1:.3g}; "
                                "click to enlarge").format(ch, float(grid.own[row])))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
        self.blockSignals(False)

    def clear_grid(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.grid = None
        self.blockSignals(False)

    def select_row(self, row: int) -> None:
        """Select ``row`` without emitting ``channel_selected``."""
        self.blockSignals(True)
        self.setCurrentRow(row)
        if self.item(row) is not None:
            self.scrollToItem(self.item(row))
        self.blockSignals(False)

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.channel_selected.emit(row)
