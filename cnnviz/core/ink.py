"""Any picture → the drawing canvas's 8-bit ink buffer. NumPy + OpenCV only."""
from __future__ import annotations

import numpy as np


def ink_to_buffer(arr: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``arr`` (values 0..1, or 0..255 for integer arrays; gray, RGB or RGBA) as uint8
    ``shape = (H, W)`` ink: other sizes are resized keeping the whole image visible
    (centred, zero bars). ValueError with the shape when it is not an image."""
    a = np.asarray(arr)
    if np.issubdtype(a.dtype, np.integer):  # before the channels' mean makes it float
        a = a.astype(np.float32) / 255.0
    if a.ndim == 3 and a.shape[2] in (1, 3, 4):
        a = a[:, :, :3].mean(axis=2) if a.shape[2] >= 3 else a[:, :, 0]
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"ink must be a 2-D array, got shape {np.shape(arr)}")
    a = np.nan_to_num(a.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    a = np.clip(a, 0.0, 1.0)
    h, w = shape
    if a.shape != (h, w):
        import cv2

        sh, sw = a.shape
        scale = min(h / sh, w / sw)
        nh, nw = max(1, round(sh * scale)), max(1, round(sw * scale))
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        resized = cv2.resize(a, (nw, nh), interpolation=interp)
        out = np.zeros((h, w), np.float32)
        top, left = (h - nh) // 2, (w - nw) // 2
        out[top:top + nh, left:left + nw] = resized
        a = out
    return np.round(a * 255.0).astype(np.uint8)
