"""Tiny scans: a drawn or typeset digit reduced to an 8×8 grid of ink counts, then enlarged.

This is how some classic handwriting collections outside MNIST were stored (a 32×32
binary bitmap of the digit, its longer side filling the box, cut into 4×4 blocks whose
"on" pixels are counted, 0…16), and what a teacher gets from a very small scan or a
thumbnail: 64 blurry cells, shown enlarged, dark ink on white. The digit comes from the
real canvas (:mod:`.strokes`) or from a font (:mod:`.fonts`); nothing here reads MNIST.
"""
from __future__ import annotations

import cv2
import numpy as np

BITMAP = 32
BLOCK = 4


def to_bitmap(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``ink`` (uint8, light on dark) → a 32×32 binary bitmap whose longer side is 26–32
    pixels, strokes 2–4 pixels wide, centred."""
    ys, xs = np.nonzero(ink > 127)
    crop = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = crop.shape
    side = int(rng.integers(26, BITMAP + 1))
    s = side / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA)
    bitmap = np.zeros((BITMAP, BITMAP), np.uint8)
    t, l = (BITMAP - nh) // 2, (BITMAP - nw) // 2
    bitmap[t:t + nh, l:l + nw] = small > 90
    # Bring the pen to 2–4 pixels: thin pens are thickened, so no stroke falls apart.
    width = 2.0 * bitmap.sum() / max(1.0, sum(cv2.arcLength(c, True) for c in cv2.findContours(
        bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)[0]))
    want = float(rng.uniform(2.0, 4.0))
    if width < want - 0.8:
        k = 2 * int(round((want - width) / 2)) + 1
        bitmap = cv2.dilate(bitmap, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    return bitmap


def block_counts(bitmap: np.ndarray) -> np.ndarray:
    """The 8×8 grid of "on" pixels per 4×4 block (0…16)."""
    n = BITMAP // BLOCK
    return bitmap.reshape(n, BLOCK, n, BLOCK).sum(axis=(1, 3)).astype(np.uint8)


def enlarge(counts: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """The 8×8 counts as a picture: dark ink on white, enlarged ×4…×32, blocky (nearest)
    or smooth (bilinear)."""
    grey = (255 - counts.astype(np.float32) * (255.0 / 16.0)).astype(np.uint8)
    factor = int(rng.integers(4, 33))
    blocky = rng.random() < 0.5
    method = cv2.INTER_NEAREST if blocky else cv2.INTER_LINEAR
    img = cv2.resize(grey, (8 * factor, 8 * factor), interpolation=method)
    return img, f"bitmap8 x{factor} {'nearest' if blocky else 'linear'}"


def bitmap_sample(ink: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """One tiny scan of the digit drawn as ``ink``: ``(uint8 image, description)``."""
    counts = block_counts(to_bitmap(ink, rng))
    return enlarge(counts, rng)
