"""Training curves (loss and accuracy, training and validation) drawn with OpenCV.

No plotting library needed: two panels side by side, epochs on the x axis, ticks and a
legend, as in the textbook's matplotlib figure. Returns / writes an RGB image.
"""
from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

TRAIN_COLOUR = (31, 119, 180)   # RGB, the textbook's blue
VAL_COLOUR = (255, 127, 14)     # and orange
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if not math.isfinite(lo) or not math.isfinite(hi):
        return []
    if hi <= lo:
        hi = lo + (abs(lo) * 0.1 or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    start = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = start
    while v <= hi + 1e-9 * step:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 100 or abs(v) < 1e-3:
        return f"{v:.2g}"
    return f"{v:.4g}"


def _panel(img: np.ndarray, x0: int, y0: int, w: int, h: int, title: str,
           series: list[tuple[str, list[float], tuple[int, int, int]]], n_epochs: int,
           legend_bottom: bool = False) -> None:
    left, right, top, bottom = 70, 15, 40, 45
    px0, py0, px1, py1 = x0 + left, y0 + top, x0 + w - right, y0 + h - bottom
    cv2.putText(img, title, (x0 + left, y0 + 26), _FONT, 0.7, (0, 0, 0), 2, cv2.LINE_AA)
    values = [v for _, ys, _ in series for v in ys if v is not None and math.isfinite(v)]
    if values:
        lo, hi = min(values), max(values)
        pad = (hi - lo) * 0.08 or (abs(hi) * 0.05 or 0.05)
        lo, hi = lo - pad, hi + pad
    else:
        lo, hi = 0.0, 1.0
    xmax = max(n_epochs, 2)

    def to_px(ep: float, v: float) -> tuple[int, int]:
        x = px0 + (ep - 1) / (xmax - 1) * (px1 - px0)
        y = py1 - (v - lo) / (hi - lo) * (py1 - py0)
        return int(round(x)), int(round(y))

    grid = (225, 225, 225)
    for t in _nice_ticks(lo, hi):
        _, y = to_px(1, t)
        if py0 <= y <= py1:
            cv2.line(img, (px0, y), (px1, y), grid, 1)
            label = _fmt(t)
            (tw, th), _ = cv2.getTextSize(label, _FONT, 0.45, 1)
            cv2.putText(img, label, (px0 - tw - 6, y + th // 2), _FONT, 0.45, (60, 60, 60), 1, cv2.LINE_AA)
    step = max(1, int(math.ceil((xmax - 1) / 10)))
    for ep in range(1, xmax + 1, step):
        x, _ = to_px(ep, lo)
        cv2.line(img, (x, py1), (x, py1 + 5), (0, 0, 0), 1)
        label = str(ep)
        (tw, _), _ = cv2.getTextSize(label, _FONT, 0.45, 1)
        cv2.putText(img, label, (x - tw // 2, py1 + 20), _FONT, 0.45, (60, 60, 60), 1, cv2.LINE_AA)
    cv2.putText(img, "epoch", ((px0 + px1) // 2 - 22, py1 + 40), _FONT, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    cv2.rectangle(img, (px0, py0), (px1, py1), (0, 0, 0), 1)
    for _, ys, colour in series:
        pts = [to_px(i + 1, v) for i, v in enumerate(ys) if v is not None and math.isfinite(v)]
        if len(pts) > 1:
            cv2.polylines(img, [np.array(pts, np.int32)], False, colour, 2, cv2.LINE_AA)
        for p in pts:
            cv2.circle(img, p, 3, colour, -1, cv2.LINE_AA)
    shown = [(label, ys, colour) for label, ys, colour in series if ys]
    ly = (py1 - 12 - 20 * (len(shown) - 1)) if legend_bottom else py0 + 14
    if shown:
        cv2.rectangle(img, (px1 - 138, ly - 11), (px1 - 4, ly + 20 * (len(shown) - 1) + 10), (255, 255, 255), -1)
        cv2.rectangle(img, (px1 - 138, ly - 11), (px1 - 4, ly + 20 * (len(shown) - 1) + 10), (200, 200, 200), 1)
    for label, ys, colour in shown:
        cv2.line(img, (px1 - 130, ly), (px1 - 105, ly), colour, 3)
        cv2.putText(img, label, (px1 - 98, ly + 5), _FONT, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
        ly += 20


def render_curves(history: dict, *, width: int = 1000, height: int = 400, title: str = "") -> np.ndarray:
    """RGB uint8 image of loss and accuracy curves from a Keras ``History.history`` dict."""
    img = np.full((height, width, 3), 255, np.uint8)
    n = max((len(v) for v in history.values() if isinstance(v, (list, tuple))), default=0)
    half = width // 2
    for i, (metric, name) in enumerate((("loss", "loss"), ("accuracy", "accuracy"))):
        series = [("train", list(history.get(metric, [])), TRAIN_COLOUR),
                  ("validation", list(history.get("val_" + metric, [])), VAL_COLOUR)]
        head = f"{title}  {name}" if title and i == 0 else name
        _panel(img, i * half, 0, half, height, head, series, n, legend_bottom=(metric == "accuracy"))
    return img


def save_curves(history: dict, path: str | Path, **kwargs) -> Path:
    path = Path(path)
    rgb = render_curves(history, **kwargs)
    if not cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        raise OSError(f"could not write {path}")
    return path
