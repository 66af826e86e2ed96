"""Geometric changes of a digit image (the augmentations the course describes): shift,
rotate and scale about the image centre, as one affine warp. NumPy + OpenCV only."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Transform:
    dx: float = 0.0       # pixels to the right
    dy: float = 0.0       # pixels down
    angle: float = 0.0    # degrees, counter-clockwise (as the eye sees it)
    scale: float = 1.0    # 1 = unchanged
    thickness: int = 0    # stroke width change in pixels: >0 thicker (dilate), <0 thinner (erode)

    @property
    def identity(self) -> bool:
        return self.dx == 0 and self.dy == 0 and self.angle == 0 and self.scale == 1 and self.thickness == 0

    def matrix(self, shape: tuple[int, int]) -> np.ndarray:
        """The 2×3 affine matrix for an image of ``shape = (H, W)``."""
        h, w = shape
        m = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), float(self.angle), float(self.scale))
        m[0, 2] += self.dx
        m[1, 2] += self.dy
        return m


def apply_transform(image: np.ndarray, t: Transform) -> np.ndarray:
    """Warp ``(H, W)`` or ``(H, W, C)`` float image by ``t`` (bilinear; outside = 0)."""
    a = np.asarray(image, dtype=np.float32)
    if a.ndim not in (2, 3):
        raise ValueError(f"an image must be (H, W) or (H, W, C), got shape {a.shape}")
    if not (0.05 <= t.scale <= 20):
        raise ValueError(f"scale must be between 0.05 and 20, got {t.scale}")
    if t.identity:
        return a.copy()
    out = a
    if t.thickness:
        k = np.ones((abs(t.thickness) * 2 + 1,) * 2, np.uint8)
        out = cv2.dilate(out, k) if t.thickness > 0 else cv2.erode(out, k)
    if t.dx or t.dy or t.angle or t.scale != 1:
        h, w = a.shape[:2]
        out = cv2.warpAffine(out, t.matrix((h, w)), (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    if a.ndim == 3 and out.ndim == 2:
        out = out[:, :, None]
    return out.astype(np.float32)
