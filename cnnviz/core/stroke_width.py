"""How wide the pen was, and bringing it to MNIST's width.

MNIST's writers used ordinary pens; our users draw with a fat brush on the canvas, write
with a marker, or show a thin ballpoint on a big page. After the digit is scaled into
its 20×20 box those differences become strokes of 1 pixel or of 6, and a network trained
on MNIST reads a bold 1 as an 8. :func:`normalize_stroke_width` thins or thickens the
strokes towards MNIST's typical width, working on the digit scaled to
:data:`WORK_SIDE` pixels (4× the box) so that the morphology is fine-grained.

* :func:`stroke_width` estimates the width of the strokes of a binary or gray ink image:
  twice the ink's area over its outline's length (a stroke of length L and width W has
  area L·W and an outline of about 2·L).
* The target, :data:`MNIST_STROKE_WIDTH`, is the median of that estimate over the first
  10,000 MNIST training digits measured at the same working scale (see
  ``docs/robustness.md``).
* Thinning never breaks a stroke or erases a hairline, and thickening never fills a loop:
  when eroding would split the digit into more pieces or lose part of it for good, or
  thickening would close one of its holes or make a new one, the change is halved until it does not.

NumPy + OpenCV only.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

WORK_SIDE = 80
"""The digit's longer side while its strokes are measured and changed (4× MNIST's box)."""
MNIST_STROKE_WIDTH = 9.4
"""Median stroke width of MNIST digits at :data:`WORK_SIDE` (measured; see module doc)."""
TOLERANCE = 1.4
"""Widths within this factor of the target are left alone (MNIST's own 10th–90th percentiles
are 6.8 and 13.2)."""
KEEP_LOSS = 0.06
"""Thinning may lose at most this share of the ink for good (corners rounding off)."""
_LEVEL = 0.5


@dataclass(frozen=True)
class StrokeChange:
    image: np.ndarray     # float32 (h, w) in 0..1 at the working scale
    measured: float       # stroke width before, in working pixels (0 when no ink)
    result: float         # stroke width after
    radius: float         # > 0 thickened by this radius, < 0 thinned, 0 unchanged


def _mask(ink: np.ndarray) -> np.ndarray:
    peak = float(ink.max()) if ink.size else 0.0
    return (ink > _LEVEL * peak).astype(np.uint8) if peak > 0 else np.zeros(ink.shape, np.uint8)


def stroke_width(ink: np.ndarray) -> float:
    """Estimated stroke width in pixels of light-on-dark ``ink`` (0 when there is none)."""
    mask = _mask(np.asarray(ink, np.float32))
    area = int(mask.sum())
    if area == 0:
        return 0.0
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    contours, _ = cv2.findContours(padded, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    outline = sum(cv2.arcLength(c, True) for c in contours)
    return float(2.0 * area / max(outline, 1.0))


def _pieces_and_holes(ink: np.ndarray) -> tuple[int, int]:
    mask = _mask(ink)
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    contours, hierarchy = cv2.findContours(padded, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return 0, 0
    parents = hierarchy[0][:, 3]
    # Ignore specks: pieces or holes smaller than 1 % of the ink's area do not count.
    floor = 0.01 * max(int(mask.sum()), 1)
    big = np.array([cv2.contourArea(c) >= floor for c in contours])
    return int(np.sum((parents < 0) & big)), int(np.sum((parents >= 0) & big))


def _keeps_every_part(work: np.ndarray, thinned: np.ndarray, radius: float) -> bool:
    """Thickening the thinned ink again gives back nearly all of the original: no hairline
    or serif was eroded away."""
    before = _mask(work).astype(bool)
    again = cv2.dilate(_mask(thinned), _disk(radius)).astype(bool)
    return bool((before & ~again).sum() <= KEEP_LOSS * before.sum())


def _disk(radius: float) -> np.ndarray:
    d = 2 * max(1, int(round(radius))) + 1   # odd, so that the disk is centred
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (d, d))


def to_work_scale(ink: np.ndarray, side: int = WORK_SIDE) -> np.ndarray:
    """``ink`` scaled so its longer side is ``side`` pixels (aspect kept), with a margin
    of ``side // 8`` pixels of background all round so that thickening has room."""
    h, w = ink.shape
    s = side / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    scaled = np.clip(cv2.resize(ink.astype(np.float32), (nw, nh), interpolation=interp), 0.0, 1.0)
    m = side // 8
    return cv2.copyMakeBorder(scaled, m, m, m, m, cv2.BORDER_CONSTANT, value=0.0)


def normalize_stroke_width(work: np.ndarray, target: float = MNIST_STROKE_WIDTH,
                           tolerance: float = TOLERANCE) -> StrokeChange:
    """Thin or thicken the strokes of ``work`` (ink at the working scale, see
    :func:`to_work_scale`) towards ``target`` pixels; widths within ``tolerance`` (a
    factor) are left as they are."""
    work = np.asarray(work, np.float32)
    measured = stroke_width(work)
    if measured == 0 or target / tolerance <= measured <= target * tolerance:
        return StrokeChange(work, measured, measured, 0.0)
    pieces, holes = _pieces_and_holes(work)
    radius = (target - measured) / 2.0
    while abs(radius) >= 0.75:
        if radius > 0:
            changed = cv2.dilate(work, _disk(radius))
        else:
            changed = cv2.erode(work, _disk(-radius))
        p, h = _pieces_and_holes(changed)
        if radius > 0:   # thickening joins no new loop and fills none
            ok = h == holes
        else:            # thinning splits nothing and erases nothing
            ok = p <= pieces and h >= holes and _keeps_every_part(work, changed, -radius)
        if changed.max() > 0 and ok:
            return StrokeChange(changed, measured, stroke_width(changed), float(radius))
        radius /= 2.0
    return StrokeChange(work, measured, measured, 0.0)
