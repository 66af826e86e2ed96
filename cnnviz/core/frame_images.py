"""Camera frames turned into the small pictures other pages take (NumPy + OpenCV only)."""
from __future__ import annotations

import numpy as np


def gray_cells(image: np.ndarray, side: int) -> np.ndarray:
    """``image`` (``(H, W)``, ``(H, W, 1)`` or RGB ``(H, W, 3)``) as one gray channel,
    shrunk (aspect kept, area averaging) so that its longer side has at most ``side``
    cells; float64 in the image's own value range. The Convolution Lab takes inputs of up
    to 64×64 cells, so a camera frame goes there this way."""
    import cv2

    a = np.asarray(image, dtype=np.float32)
    if a.ndim == 3:
        a = a[:, :, :3].mean(axis=2) if a.shape[2] >= 3 else a[:, :, 0]
    if a.ndim != 2 or min(a.shape) < 1:
        raise ValueError(f"an image must be (H, W) or (H, W, C), got shape {np.shape(image)}")
    h, w = a.shape
    if max(h, w) > side:
        scale = side / max(h, w)
        a = cv2.resize(a, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return a.astype(np.float64)


def crop_to_aspect(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """The centre of ``image`` with the aspect ratio ``height : width`` (a view, no copy):
    what Teachable Machine does to a webcam frame before resizing it to 224×224, so the
    model input has no black bars."""
    a = np.asarray(image)
    h, w = a.shape[:2]
    if h < 1 or w < 1 or height < 1 or width < 1:
        raise ValueError(f"cannot crop a {h}×{w} image to {height}:{width}")
    if w * height > h * width:          # too wide: cut the sides
        nw = max(1, round(h * width / height))
        left = (w - nw) // 2
        return a[:, left:left + nw]
    nh = max(1, round(w * height / width))  # too tall: cut top and bottom
    top = (h - nh) // 2
    return a[top:top + nh]
