"""Many small maps as ONE tiled image (a mosaic): the layout arithmetic, pure NumPy.

``C`` maps of ``h×w`` go in a grid with gaps (NaN, drawn transparent) and a free strip
above each map for its channel number. Used by the live view (one image per layer) and by
``cnnviz features`` (one PNG per layer)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class MosaicLayout:
    channels: int
    tile: tuple[int, int]      # (h, w) of one map
    cols: int
    gap: int                   # pixels between tiles
    label_rows: int            # pixels above each tile kept free for its number

    @property
    def rows(self) -> int:
        return max(1, math.ceil(self.channels / self.cols))

    @property
    def cell(self) -> tuple[int, int]:
        h, w = self.tile
        return h + self.gap + self.label_rows, w + self.gap

    @property
    def shape(self) -> tuple[int, int]:
        ch, cw = self.cell
        return self.rows * ch - self.gap, self.cols * cw - self.gap

    @cached_property
    def origins(self) -> tuple[tuple[int, int], ...]:
        return tuple(self.origin(c) for c in range(self.channels))

    def origin(self, c: int) -> tuple[int, int]:
        """Top-left pixel ``(row, col)`` of channel ``c``'s map in the mosaic."""
        r, k = divmod(c, self.cols)
        ch, cw = self.cell
        return r * ch + self.label_rows, k * cw

    def locate(self, y: float, x: float) -> tuple[int, int, int] | None:
        """``(channel, row, col)`` under mosaic pixel ``(y, x)``, or None (gap/label)."""
        if y < 0 or x < 0:
            return None
        ch, cw = self.cell
        r, k = int(y // ch), int(x // cw)
        if k >= self.cols:
            return None
        c = r * self.cols + k
        if c >= self.channels:
            return None
        yy, xx = int(y - r * ch - self.label_rows), int(x - k * cw)
        h, w = self.tile
        if 0 <= yy < h and 0 <= xx < w:
            return c, yy, xx
        return None


def choose_layout(channels: int, tile: tuple[int, int], aspect: float = 2.0, max_cols: int | None = None) -> MosaicLayout:
    """A grid about ``aspect`` times wider than tall (in pixels) for ``channels`` maps."""
    h, w = tile
    gap = max(1, round(max(h, w) / 10))
    label = max(3, round(max(h, w) * 0.35))
    cols = max(1, round(math.sqrt(channels * aspect * (h + gap + label) / (w + gap))))
    cols = min(cols, channels)
    if max_cols:
        cols = min(cols, max_cols)
    # Even it out: the smallest number of columns giving the same number of rows.
    rows = math.ceil(channels / cols)
    cols = math.ceil(channels / rows)
    return MosaicLayout(channels, (h, w), cols, gap, label)


def tile_into(out: np.ndarray, maps: np.ndarray, layout: MosaicLayout) -> np.ndarray:
    """Write ``maps (h, w, C)`` into the preallocated mosaic ``out`` (gaps stay NaN)."""
    h, w = layout.tile
    for c, (y, x) in enumerate(layout.origins):
        out[y:y + h, x:x + w] = maps[:, :, c]
    return out


def tile(maps: np.ndarray, layout: MosaicLayout, fill: float = np.nan) -> np.ndarray:
    """A new float32 mosaic of ``maps (h, w, C)``; gaps hold ``fill`` (NaN: transparent
    in pyqtgraph). The live view colours maps straight into its pixel buffer instead."""
    out = np.full(layout.shape, fill, np.float32)
    return tile_into(out, np.asarray(maps, np.float32), layout)


def layer_levels(values: np.ndarray) -> tuple[float, float, bool]:
    """``(low, high, signed)``: ``0..max`` for non-negative maps (ReLU), symmetric around
    zero when any value is negative."""
    lo = float(np.min(values)) if values.size else 0.0
    hi = float(np.max(values)) if values.size else 1.0
    if lo < 0:
        m = max(-lo, hi, 1e-6)
        return -m, m, True
    return 0.0, max(hi, 1e-6), False
