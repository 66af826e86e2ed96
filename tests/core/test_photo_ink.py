"""Photos and scans → clean ink: uneven lighting, smudges, tiny scans."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from cnnviz.core.digit_strokes import digit_strokes, render_strokes
from cnnviz.core.photo_ink import clean_photo
from cnnviz.core.preprocess import ink_bbox, preprocess_image


@pytest.mark.parametrize("side,pen", [(400, 14), (120, 5)])
def test_uneven_lighting_and_a_shadow_leave_only_the_digit(side, pen):
    ink = render_strokes(digit_strokes(3), (side, side), pen).astype(np.float32) / 255
    yy, xx = np.mgrid[:side, :side] / side
    paper = 0.3 + 0.7 * xx                                                  # dim on the left
    paper *= 1 - 0.35 * np.exp(-((xx - 0.8) ** 2 + (yy - 0.15) ** 2) / 0.02)  # a shadow, top right
    photo = paper * (1 - 0.7 * ink) + np.random.default_rng(0).normal(0, 0.02, ink.shape)
    clean, _steps, inverted, _notes = clean_photo((np.clip(photo, 0, 1) * 255).astype(np.uint8))
    assert inverted
    drawn = ink_bbox(ink, 0.5)
    found = ink_bbox(clean, 0.04)
    # The ink found is the digit's: its box is the drawn digit's (give or take the
    # anti-aliased rim), not stretched to the shadow or the dark side.
    assert np.abs(np.subtract(found, drawn)).max() <= max(3, side // 40), (found, drawn)
    assert clean[ink > 0.5].mean() > 0.6


def test_a_tiny_scan_is_enlarged_and_cleaned_like_a_photo():
    # An 8×8 "scan": dark ink on light paper, filling the frame, shaded from left to right.
    ink = cv2.resize(render_strokes(digit_strokes(2), (64, 64), 9), (8, 8), interpolation=cv2.INTER_AREA)
    paper = np.linspace(0.75, 1.0, 8, dtype=np.float32)[None, :]
    scan = paper * (1 - 0.8 * ink.astype(np.float32) / 255)
    clean, steps, inverted, notes = clean_photo((scan * 255).astype(np.uint8))
    assert inverted and clean.shape == (64, 64)
    assert any(n.startswith("enlarged from 8×8") for n in notes)
    assert clean[:, :8].max() < 0.3 or clean[:, :8].mean() < 0.2   # the paper's shade is gone
    pre = preprocess_image(scan)
    assert not pre.empty and pre.image.shape == (28, 28)
