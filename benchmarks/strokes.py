"""Synthetic hand-drawn digits for the benchmark: pen paths, not pictures.

Each digit is a list of strokes (pen down → moves → pen up); each stroke an ``(N, 2)``
array of ``(x, y)`` points in ``0..1`` canvas coordinates, spaced like mouse events of a
quick hand (about 2 % of the canvas apart). Every digit gets a little random slant,
scale and offset so that consecutive digits differ like real drawings do. Pure NumPy.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from cnnviz.core.digit_strokes import Stroke
from cnnviz.core.digit_strokes import digit_strokes as template_strokes


def digit_strokes(digit: int, rng: np.random.Generator | None = None) -> list[Stroke]:
    """The strokes of one digit, jittered by ``rng`` (none: the clean template)."""
    strokes = template_strokes(int(digit) % 10)
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
