"""The pixels of a lab grid: one RGBA pixel per cell (the view scales it up), padding
cells in a flat grey, cells not computed yet transparent. NumPy only."""
from __future__ import annotations

import numpy as np


def padding_mask(shape: tuple[int, int], pads: tuple[int, int, int, int], values: np.ndarray | None = None) -> np.ndarray:
    """True on the ``pads`` (top, bottom, left, right) border cells of a ``shape`` grid,
    and on NaN cells of ``values``."""
    h, w = shape
    t, b, l, r = pads
    pad = np.zeros((h, w), bool)
    pad[:t, :] = True
    pad[h - b:, :] = True
    pad[:, :l] = True
    pad[:, w - r:] = True
    if values is not None:
        pad |= np.isnan(values)
    return pad


def grid_rgba(colors: np.ndarray, values: np.ndarray, pads: tuple[int, int, int, int],
              fill: int | None, pad_rgb: tuple[int, int, int]) -> np.ndarray:
    """``(H, W, 4)`` uint8, C-contiguous: ``colors`` (H, W, 3) opaque, padding cells in
    ``pad_rgb``, the cells after the first ``fill`` (row-major) fully transparent."""
    h, w = values.shape
    rgba = np.empty((h, w, 4), np.uint8)
    rgba[:, :, :3] = colors
    rgba[:, :, 3] = 255
    rgba[padding_mask((h, w), pads, values), :3] = pad_rgb
    if fill is not None:
        rgba.reshape(-1, 4)[max(fill, 0):, 3] = 0
    return rgba


def rgb_rgba(rgb: np.ndarray) -> np.ndarray:
    """An ``(H, W, 3)`` uint8 image made opaque ``(H, W, 4)``."""
    h, w = rgb.shape[:2]
    rgba = np.empty((h, w, 4), np.uint8)
    rgba[:, :, :3] = rgb[:, :, :3]
    rgba[:, :, 3] = 255
    return rgba
