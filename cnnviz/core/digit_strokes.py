"""Pen-stroke templates of the digits 0–9 and a renderer for them. Pure NumPy (+ OpenCV
to draw): a lesson's ``input = { digit = 7 }`` becomes these strokes, and the digit page
gets the picture they draw.

A drawing is a list of strokes (pen down → moves → pen up); each stroke an ``(N, 2)``
array of ``(x, y)`` points in ``0..1`` canvas coordinates, ``y`` growing downwards.
"""
from __future__ import annotations

import numpy as np

Stroke = np.ndarray  # (N, 2) float, x and y in 0..1


def _arc(cx, cy, rx, ry, a0, a1, n):
    t = np.linspace(np.radians(a0), np.radians(a1), n)
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def _line(p0, p1, n):
    t = np.linspace(0.0, 1.0, n)[:, None]
    return np.asarray(p0, float) * (1 - t) + np.asarray(p1, float) * t


# Angles in degrees, 0 = right, 90 = down (screen coordinates).
_DIGITS: dict[int, list[Stroke]] = {
    0: [_arc(0.5, 0.5, 0.22, 0.32, -90, 270, 36)],
    1: [_line((0.42, 0.28), (0.52, 0.18), 6), _line((0.52, 0.18), (0.52, 0.82), 24)],
    2: [np.vstack([_arc(0.5, 0.36, 0.2, 0.17, 200, 380, 18), _line((0.68, 0.42), (0.3, 0.8), 16),
                   _line((0.3, 0.8), (0.72, 0.8), 12)])],
    3: [np.vstack([_arc(0.5, 0.34, 0.19, 0.15, 210, 450, 18), _arc(0.5, 0.65, 0.21, 0.17, -90, 150, 18)])],
    4: [np.vstack([_line((0.56, 0.18), (0.28, 0.62), 16), _line((0.28, 0.62), (0.74, 0.62), 14)]),
        _line((0.6, 0.36), (0.6, 0.84), 16)],
    5: [np.vstack([_line((0.7, 0.2), (0.36, 0.2), 10), _line((0.36, 0.2), (0.33, 0.47), 8),
                   _arc(0.5, 0.63, 0.2, 0.18, 230, 480, 22)])],
    6: [np.vstack([_arc(0.62, 0.52, 0.28, 0.34, 240, 180, 16), _arc(0.52, 0.66, 0.18, 0.16, 180, 540, 26)])],
    7: [np.vstack([_line((0.28, 0.2), (0.72, 0.2), 14), _line((0.72, 0.2), (0.42, 0.84), 22)])],
    8: [np.vstack([_arc(0.5, 0.33, 0.16, 0.15, 90, 450, 24), _arc(0.5, 0.66, 0.2, 0.18, -90, 270, 28)])],
    9: [np.vstack([_arc(0.48, 0.36, 0.18, 0.16, 0, 360, 26), _line((0.66, 0.36), (0.6, 0.84), 18)])],
}


def digit_strokes(digit: int) -> list[Stroke]:
    """The strokes of the template of ``digit`` (0–9), as fresh copies."""
    return [s.copy() for s in _DIGITS[int(digit) % 10]]


def render_strokes(strokes: list[Stroke], shape: tuple[int, int], width: float) -> np.ndarray:
    """The drawing as a ``uint8 (H, W)`` ink image (255 = ink), strokes ``width`` pixels
    wide with round ends, like the pen of the digit page."""
    import cv2

    h, w = int(shape[0]), int(shape[1])
    if h < 2 or w < 2:
        raise ValueError(f"the drawing must be at least 2×2 pixels, got {w}×{h}")
    ink = np.zeros((h, w), np.uint8)
    thickness = max(1, int(round(width)))
    for stroke in strokes:
        pts = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
        if len(pts) == 0:
            continue
        xy = np.round(np.clip(pts, 0.0, 1.0) * [w - 1, h - 1]).astype(np.int32)
        if len(xy) == 1:
            cv2.circle(ink, tuple(int(v) for v in xy[0]), max(1, thickness // 2), 255, -1, cv2.LINE_AA)
        else:
            cv2.polylines(ink, [xy.reshape(-1, 1, 2)], False, 255, thickness, cv2.LINE_AA)
    return ink
