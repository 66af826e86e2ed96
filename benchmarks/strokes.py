"""Synthetic hand-drawn digits for the benchmark: pen paths, not pictures.

Each digit is a list of strokes (pen down → moves → pen up); each stroke an ``(N, 2)``
array of ``(x, y)`` points in ``0..1`` canvas coordinates, spaced like mouse events of a
quick hand (about 2 % of the canvas apart). Every digit gets a little random slant,
scale and offset so that consecutive digits differ like real drawings do. Pure NumPy.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

Stroke = np.ndarray  # (N, 2) float, x and y in 0..1


def _arc(cx, cy, rx, ry, a0, a1, n):
    t = np.linspace(np.radians(a0), np.radians(a1), n)
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def _line(p0, p1, n):
    t = np.linspace(0.0, 1.0, n)[:, None]
    return np.asarray(p0, float) * (1 - t) + np.asarray(p1, float) * t


# Screen coordinates: y grows downwards; angles in degrees, 0 = right, 90 = down.
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


def digit_strokes(digit: int, rng: np.random.Generator | None = None) -> list[Stroke]:
    """The strokes of one digit, jittered by ``rng`` (none: the clean template)."""
    strokes = [s.copy() for s in _DIGITS[int(digit) % 10]]
    if rng is None:
        return strokes
    slant = rng.uniform(-0.2, 0.2)
    scale = rng.uniform(0.8, 1.1)
    dx, dy = rng.uniform(-0.08, 0.08, size=2)
    out = []
    for s in strokes:
        x, y = s[:, 0] - 0.5, s[:, 1] - 0.5
        x = x + slant * y
        pts = np.stack([x * scale + 0.5 + dx, y * scale + 0.5 + dy], axis=1)
        pts += rng.normal(0.0, 0.003, size=pts.shape)  # a hand is never perfectly smooth
        out.append(np.clip(pts, 0.02, 0.98))
    return out


def drawing_session(seed: int = 0) -> Iterator[tuple[int, list[Stroke]]]:
    """An endless sequence of ``(digit, strokes)``: 0, 1, …, 9, 0, … with fresh jitter."""
    rng = np.random.default_rng(seed)
    i = 0
    while True:
        d = i % 10
        yield d, digit_strokes(d, rng)
        i += 1
