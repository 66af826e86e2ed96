"""Pen-stroke shapes of the digits for the held-out robustness set.

The app's own templates (:func:`cnnviz.core.digit_strokes.digit_strokes`) draw one way
of writing each digit; people write them in others: a 1 as a plain bar or with a flag
and a base, a 7 with a crossbar or a curved stem, a closed-top or an open 4, a 9 with a
straight stem, a 2 with a loop at the bottom, an 8 as two stacked circles, a 3 with a
flat top, … :data:`SHAPES` holds the app's template plus these alternatives for every
digit. The set made from them is never trained on (no MNIST writer draws it).

A drawing is a list of strokes (pen down → moves → pen up); each stroke an ``(N, 2)``
array of ``(x, y)`` points in ``0..1`` canvas coordinates, ``y`` growing downwards.
Angles in degrees: 0 = right, 90 = down (screen coordinates). Pure NumPy.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from cnnviz.core.digit_strokes import digit_strokes

Strokes = list[np.ndarray]


def arc(cx, cy, rx, ry, a0, a1, n=24) -> np.ndarray:
    t = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def line(*points, n=12) -> np.ndarray:
    """A polyline through ``points``, ``n`` samples per segment."""
    segs = []
    for p0, p1 in zip(points[:-1], points[1:]):
        t = np.linspace(0.0, 1.0, n)[:, None]
        seg = np.asarray(p0, float) * (1 - t) + np.asarray(p1, float) * t
        segs.append(seg if not segs else seg[1:])
    return np.vstack(segs)


def bezier(p0, p1, p2, n=20) -> np.ndarray:
    """A quadratic Bézier curve from ``p0`` to ``p2`` pulled towards ``p1``."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, p1, p2 = (np.asarray(p, float) for p in (p0, p1, p2))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def join(*parts: np.ndarray) -> np.ndarray:
    """One stroke made of consecutive pieces."""
    return np.vstack(parts)


def _figure_eight() -> np.ndarray:
    # A vertical lemniscate of Gerono, started at the top right like a hand does.
    t = np.linspace(-0.5 * np.pi - 0.35, 1.5 * np.pi - 0.1, 60)
    return np.stack([0.5 - 0.36 * np.sin(t) * np.cos(t), 0.5 + 0.33 * np.sin(t)], axis=1)


def _app(d: int) -> Callable[[], Strokes]:
    return lambda: digit_strokes(d)


#: digit -> {shape name: function returning its strokes}
SHAPES: dict[int, dict[str, Callable[[], Strokes]]] = {
    0: {
        "app": _app(0),
        "tall-overlap": lambda: [arc(0.5, 0.5, 0.17, 0.33, -100, 280, 40)],
        "round-ccw": lambda: [arc(0.5, 0.5, 0.25, 0.3, -80, -445, 40)],
    },
    1: {
        "app": _app(1),
        "bar": lambda: [line((0.5, 0.17), (0.5, 0.83), n=24)],
        "flag-base": lambda: [line((0.38, 0.3), (0.53, 0.17), (0.53, 0.82), n=14),
                              line((0.36, 0.83), (0.7, 0.83), n=10)],
        "long-flag": lambda: [line((0.41, 0.33), (0.56, 0.17), (0.56, 0.83), n=14)],
    },
    2: {
        "app": _app(2),
        "loop": lambda: [join(arc(0.5, 0.35, 0.19, 0.17, 200, 380, 18),
                              line((0.68, 0.41), (0.33, 0.74), n=14),
                              arc(0.36, 0.77, 0.06, 0.05, 225, -110, 14),
                              line((0.38, 0.82), (0.74, 0.8), n=10))],
        "curved-base": lambda: [join(arc(0.48, 0.36, 0.2, 0.18, 190, 380, 18),
                                     bezier((0.67, 0.42), (0.45, 0.62), (0.28, 0.82), 14),
                                     bezier((0.28, 0.82), (0.5, 0.74), (0.76, 0.84), 12))],
    },
    3: {
        "app": _app(3),
        "flat-top": lambda: [join(line((0.3, 0.19), (0.68, 0.19), (0.44, 0.44), n=12),
                                  arc(0.49, 0.64, 0.21, 0.19, -105, 150, 22))],
        "tick": lambda: [join(arc(0.49, 0.33, 0.18, 0.15, 200, 440, 18), line((0.49, 0.48), (0.42, 0.49), n=4),
                              arc(0.5, 0.66, 0.2, 0.18, -110, 150, 18))],
    },
    4: {
        "app": _app(4),
        "closed": lambda: [line((0.62, 0.16), (0.25, 0.6), (0.79, 0.6), n=14),
                           line((0.62, 0.16), (0.62, 0.85), n=16)],
        "open": lambda: [line((0.3, 0.17), (0.28, 0.56), (0.76, 0.56), n=12),
                         line((0.63, 0.2), (0.63, 0.85), n=16)],
        "one-stroke": lambda: [line((0.6, 0.85), (0.6, 0.16), (0.24, 0.62), (0.78, 0.62), n=12)],
    },
    5: {
        "app": _app(5),
        "flag-last": lambda: [join(line((0.36, 0.2), (0.33, 0.47), n=8), arc(0.5, 0.63, 0.2, 0.18, 230, 480, 22)),
                              line((0.36, 0.2), (0.7, 0.19), n=10)],
        "round": lambda: [join(line((0.7, 0.19), (0.38, 0.19), (0.34, 0.44), n=8),
                               arc(0.48, 0.62, 0.23, 0.21, 220, 500, 24))],
    },
    6: {
        "app": _app(6),
        "straight": lambda: [join(line((0.66, 0.16), (0.35, 0.62), n=16), arc(0.5, 0.67, 0.16, 0.15, 180, 540, 26))],
        "small-loop": lambda: [join(bezier((0.68, 0.17), (0.3, 0.3), (0.33, 0.74), 16),
                                    arc(0.47, 0.72, 0.14, 0.12, 180, 530, 22))],
    },
    7: {
        "app": _app(7),
        "crossbar": lambda: [*digit_strokes(7), line((0.43, 0.52), (0.7, 0.52), n=10)],
        "curved": lambda: [join(line((0.27, 0.2), (0.73, 0.2), n=12), bezier((0.73, 0.2), (0.5, 0.48), (0.49, 0.85), 20))],
        "serif": lambda: [line((0.28, 0.29), (0.28, 0.2), (0.72, 0.2), (0.42, 0.84), n=12)],
    },
    8: {
        "app": _app(8),
        "two-circles": lambda: [arc(0.5, 0.33, 0.15, 0.15, -90, 275, 26), arc(0.5, 0.66, 0.19, 0.18, -90, 275, 28)],
        "figure": lambda: [_figure_eight()],
    },
    9: {
        "app": _app(9),
        "straight": lambda: [join(arc(0.47, 0.34, 0.18, 0.16, 0, -360, 26), line((0.65, 0.34), (0.65, 0.84), n=16))],
        "hook": lambda: [join(arc(0.47, 0.35, 0.18, 0.16, 10, -355, 26), line((0.65, 0.36), (0.62, 0.72), n=12),
                              arc(0.5, 0.72, 0.12, 0.11, 0, 150, 10))],
        "ccw": lambda: [join(arc(0.48, 0.36, 0.17, 0.16, -20, -380, 26), line((0.64, 0.3), (0.56, 0.84), n=16))],
    },
}


#: The slant (x += slant · −y, positive leans right) people give their writing; a shape
#: whose reading depends on an angle gets less: a 1's long up-stroke leaned back
#: becomes a 7's bar.
SLANT = (-0.25, 0.35)
SLANT_OF = {(1, "long-flag"): (-0.05, 0.3)}


def slant_range(digit: int, name: str) -> tuple[float, float]:
    return SLANT_OF.get((int(digit), name), SLANT)


def _steep_flag(strokes: Strokes) -> bool:
    """A 1's up-stroke (the first 14 points) rises at least 35° above the horizontal
    and meets the stem at 55° or less: flatter or wider, and a person reads a 7."""
    flag = strokes[0][13] - strokes[0][0]
    stem = strokes[0][-1] - strokes[0][13]
    rise = np.degrees(np.arctan2(-flag[1], flag[0]))
    between = np.degrees(np.arccos(np.dot(-flag, stem) / (np.linalg.norm(flag) * np.linalg.norm(stem) + 1e-9)))
    return rise >= 35.0 and between <= 55.0


#: (digit, shape) -> a test of the transformed strokes: still readable as that digit?
READABLE = {(1, "long-flag"): _steep_flag}


def readable(digit: int, name: str, strokes: Strokes) -> bool:
    check = READABLE.get((int(digit), name))
    return True if check is None else bool(check(strokes))


def shape_names(digit: int) -> list[str]:
    return list(SHAPES[int(digit)])


def shape(digit: int, name: str) -> Strokes:
    """Fresh copies of the strokes of shape ``name`` of ``digit``."""
    return [np.asarray(s, float).copy() for s in SHAPES[int(digit)][name]()]
