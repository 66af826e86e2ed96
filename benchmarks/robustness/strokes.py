"""Digits drawn through the app's real drawing canvas (held-out robustness set).

Each sample is a stroke shape of :mod:`benchmarks.robustness.shapes` (the app's own
template or an alternative way of writing the digit), randomly slanted, rotated (±12°),
stretched, sized (small in a corner … filling the canvas), placed and wobbled, then
*drawn*: every point becomes a real mouse event (press → moves → release) sent to a
:class:`cnnviz.qt.canvas.DrawingCanvas` widget, with a brush size picked across the
canvas's range (:meth:`~DrawingCanvas.set_brush_size`), and the canvas's ink buffer
(:meth:`~DrawingCanvas.ink_u8`) is the picture. Half the samples are saved as the canvas
makes them (light ink on dark, 280×280), half as a "scan" (inverted to dark on white,
sometimes downscaled and blurred).

No MNIST writer drew any of these, and the set is never trained on.
"""
from __future__ import annotations

import os

import cv2
import numpy as np

from benchmarks.robustness.shapes import readable, shape, shape_names, slant_range

WIDGET_SIDE = 420  # the widget is bigger than the 280×280 buffer: events are mapped


def ensure_widgets_app():
    """The running QApplication, created (offscreen unless a display is set up) when
    there is none; RuntimeError when a QGuiApplication without widgets runs."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return QApplication([])
    if not isinstance(app, QApplication):
        raise RuntimeError("the canvas needs a QApplication, but a QGuiApplication is running")
    return app


class CanvasDriver:
    """A real :class:`DrawingCanvas` (not shown) that scripted strokes are drawn on with
    mouse events through Qt's event delivery."""

    def __init__(self, widget_side: int = WIDGET_SIDE) -> None:
        ensure_widgets_app()
        from cnnviz.qt.canvas import DrawingCanvas

        self.canvas = DrawingCanvas()
        self.canvas.resize(widget_side, widget_side)

    def buffer_side(self) -> int:
        return self.canvas.buffer_shape()[1]

    def to_widget(self, x: float, y: float):
        """Buffer pixel → widget position (the inverse of the canvas's own mapping: the
        buffer is drawn scaled to fit, centred)."""
        from PySide6.QtCore import QPointF

        bh, bw = self.canvas.buffer_shape()
        side = min(self.canvas.width() / bw, self.canvas.height() / bh)
        left = (self.canvas.width() - bw * side) / 2
        top = (self.canvas.height() - bh * side) / 2
        return QPointF(left + x * side, top + y * side)

    def _send(self, kind: str, pos) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
        etype, button, buttons = {
            "press": (QEvent.Type.MouseButtonPress, left, left),
            "move": (QEvent.Type.MouseMove, none, left),
            "release": (QEvent.Type.MouseButtonRelease, left, none),
        }[kind]
        event = QMouseEvent(etype, pos, self.canvas.mapToGlobal(pos), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.canvas, event)

    def draw(self, strokes: list[np.ndarray], brush: float) -> np.ndarray:
        """Clear the canvas, set the brush, draw ``strokes`` (``(N, 2)`` buffer pixels
        each) as mouse drags and return the canvas's ink (``uint8``, light on dark)."""
        self.canvas.clear()
        self.canvas.set_brush_size(brush)
        for stroke in strokes:
            pts = [self.to_widget(float(x), float(y)) for x, y in np.asarray(stroke, float)]
            self._send("press", pts[0])
            for p in pts[1:]:
                self._send("move", p)
            self._send("release", pts[-1])
        return self.canvas.ink_u8()


def _resample(stroke: np.ndarray, rng: np.random.Generator, spacing: float) -> np.ndarray:
    """Points along ``stroke`` about ``spacing`` px apart (like mouse events of a hand
    moving at varying speed), ends kept."""
    seg = np.linalg.norm(np.diff(stroke, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    if s[-1] < 1e-6:
        return stroke[:1]
    steps = spacing * rng.uniform(0.6, 1.4, size=int(s[-1] / (0.6 * spacing)) + 2)
    u = np.concatenate([[0.0], np.cumsum(steps)])
    u = np.append(u[u < s[-1]], s[-1])
    return np.stack([np.interp(u, s, stroke[:, 0]), np.interp(u, s, stroke[:, 1])], axis=1)


def _wobble(stroke: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """A smooth random displacement along the stroke (a hand is not a plotter)."""
    seg = np.linalg.norm(np.diff(stroke, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    out = stroke.copy()
    for axis in (0, 1):
        for _ in range(2):
            f = rng.uniform(0.3, 1.5)
            out[:, axis] += amount * rng.uniform(0.3, 1.0) * np.sin(2 * np.pi * f * s + rng.uniform(0, 2 * np.pi))
    return out


def _transform(strokes: list[np.ndarray], slant: float, rot: float, aspect: float) -> list[np.ndarray]:
    """Stretched by ``aspect`` (x), slanted (positive leans right), rotated by ``rot``
    degrees (clockwise on screen, y growing downwards)."""
    c, s = np.cos(np.radians(rot)), np.sin(np.radians(rot))
    out = []
    for st in strokes:
        x, y = st[:, 0] * aspect, st[:, 1]
        x = x - slant * y
        out.append(np.stack([c * x - s * y, s * x + c * y], axis=1))
    return out


def random_drawing(digit: int, rng: np.random.Generator, side: int = 280) -> tuple[list[np.ndarray], float, str]:
    """A random way of drawing ``digit`` on a ``side`` px canvas:
    ``(strokes in buffer pixels, brush diameter, description)``."""
    from cnnviz.qt.canvas import MAX_BRUSH, MIN_BRUSH

    names = shape_names(digit)
    name = names[int(rng.integers(len(names)))]
    strokes = shape(digit, name)
    pts = np.vstack(strokes)
    lo, hi = pts.min(0), pts.max(0)
    centre, height = (lo + hi) / 2, max(hi[1] - lo[1], 1e-6)
    wobble = float(rng.uniform(0.0, 0.018))
    strokes = [_wobble((s - centre) / height, rng, wobble) for s in strokes]  # digit 1 high
    for _try in range(50):  # a slant and rotation that keep the shape readable
        slant = float(rng.uniform(*slant_range(digit, name)))
        rot = float(rng.uniform(-12.0, 12.0))
        aspect = float(rng.uniform(0.75, 1.3))
        shaped = _transform(strokes, slant, rot, aspect)
        if readable(digit, name, shaped):
            break
    allp = np.vstack(shaped)
    ext = allp.max(0) - allp.min(0)
    # Size: small in a corner … filling the canvas; the brush across the canvas's range
    # but between 1/30 and 1/5 of the digit's height (thinner is invisible, thicker a blob).
    frac = float(rng.uniform(0.25, 0.92))
    scale = frac * side / max(ext[1], 1e-6)
    scale = min(scale, 0.92 * side / max(ext[0], 1e-6))
    h_px = scale * ext[1]
    b_lo, b_hi = max(MIN_BRUSH, h_px / 30), min(MAX_BRUSH, h_px / 5)
    brush = float(np.exp(rng.uniform(np.log(b_lo), np.log(max(b_lo, b_hi)))))
    scale *= min(1.0, float(np.min((side - brush - 2) / (scale * ext + 1e-6))))  # the brush fits too
    h_px = scale * ext[1]
    room = side - scale * ext - brush - 2
    offset = brush / 2 + 1 + rng.uniform(0, 1, size=2) * np.maximum(room, 0) - scale * allp.min(0)
    spacing = float(rng.uniform(2.0, 7.0))
    out = [_resample(st * scale + offset, rng, spacing) for st in shaped]
    desc = (f"shape={name} slant={slant:+.2f} rot={rot:+.1f} aspect={aspect:.2f} "
            f"height={h_px / side:.2f} brush={brush:.1f} wobble={wobble:.3f}")
    return out, brush, desc


def as_scan(ink: np.ndarray, rng: np.random.Generator, brush: float) -> tuple[np.ndarray, str]:
    """The canvas's ink as a "scan": dark on white, sometimes downscaled (strokes kept at
    least ~1 px wide, the digit at least ~12 px high) and blurred."""
    img = 255 - ink
    side = ink.shape[0]
    parts = ["out=scan"]
    ys = np.nonzero(ink.max(axis=1) > 0)[0]
    digit_h = (ys.max() - ys.min() + 1) if len(ys) else side
    smallest = int(np.ceil(max(28, side * 1.0 / brush, side * 12 / digit_h)))
    stroke_px = brush
    if rng.random() < 0.7 and smallest <= 140:
        s = int(rng.integers(smallest, 141))
        img = cv2.resize(img, (s, s), interpolation=cv2.INTER_AREA)
        stroke_px = brush * s / side
        parts.append(f"size={s}")
    if rng.random() < 0.5:
        sigma = float(rng.uniform(0.3, max(0.35, min(1.2, 0.4 * stroke_px))))
        img = cv2.GaussianBlur(img, (0, 0), sigma)
        parts.append(f"blur={sigma:.2f}")
    return img, ":".join(parts)


def stroke_sample(driver: CanvasDriver, digit: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """One drawn digit for the set: ``(uint8 image, description)``, half as the canvas
    makes it (light on dark), half as a scan (dark on light)."""
    strokes, brush, desc = random_drawing(digit, rng, driver.buffer_side())
    ink = driver.draw(strokes, brush)
    if rng.random() < 0.5:
        return ink, f"{desc} out=canvas"
    img, out = as_scan(ink, rng, driver.canvas.brush_size())
    return img, f"{desc} {out}"
