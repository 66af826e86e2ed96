"""Stroke width: measured, and brought towards MNIST's without breaking the digit."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from cnnviz.core.digit_strokes import digit_strokes, render_strokes
from cnnviz.core.preprocess import preprocess_digit
from cnnviz.core.stroke_width import (
    MNIST_STROKE_WIDTH,
    TOLERANCE,
    _pieces_and_holes,
    normalize_stroke_width,
    stroke_width,
    to_work_scale,
)


@pytest.mark.parametrize("width", [4, 10, 24])
def test_width_of_a_bar(width):
    img = np.zeros((300, 300), np.float32)
    img[150:150 + width, 40:260] = 1.0
    # Twice the area over the outline: the ends count in the outline, so a short thick
    # bar reads a little thin (L·W / (L + W)).
    assert stroke_width(img) == pytest.approx(220 * width / (220 + width), rel=0.03)
    assert stroke_width(np.zeros((5, 5), np.float32)) == 0.0


@pytest.mark.parametrize("digit", range(10))
def test_bold_and_thin_pens_come_to_mnist_width_and_keep_their_shape(digit):
    for pen in (5, 60):
        work = to_work_scale(render_strokes(digit_strokes(digit), (280, 280), pen).astype(np.float32) / 255)
        before = _pieces_and_holes(work)
        change = normalize_stroke_width(work)
        assert (change.radius < 0) == (pen == 60) and change.radius != 0
        # Closer to MNIST's width than before, and the same pieces and holes (a 0 keeps its
        # hole, an 8 its two, nothing breaks apart).
        assert abs(change.result - MNIST_STROKE_WIDTH) < abs(change.measured - MNIST_STROKE_WIDTH)
        assert _pieces_and_holes(change.image) == before


def test_widths_like_mnist_are_left_alone():
    work = np.zeros((100, 100), np.float32)
    cv2.circle(work, (50, 50), 30, 1.0, int(MNIST_STROKE_WIDTH))
    change = normalize_stroke_width(work)
    assert change.radius == 0 and change.image is work
    assert MNIST_STROKE_WIDTH / TOLERANCE <= change.measured <= MNIST_STROKE_WIDTH * TOLERANCE


def test_thinning_never_cuts_a_hairline():
    """A bold bar joined to a hairline (a serif font's 2): eroding to the target width would
    cut the hairline, so the thinning is reduced until the digit stays in one piece."""
    work = np.zeros((100, 100), np.float32)
    cv2.line(work, (20, 80), (80, 80), 1.0, 24)     # bold foot
    cv2.line(work, (50, 75), (50, 10), 1.0, 3)      # hairline stem
    assert _pieces_and_holes(work)[0] == 1
    change = normalize_stroke_width(work)
    assert _pieces_and_holes(change.image)[0] == 1
    assert change.image[10:60, 40:60].max() > 0.5   # the stem is still there


def test_preprocess_digit_shows_the_pen_step_only_when_it_changes_something():
    bold = render_strokes(digit_strokes(7), (280, 280), 50)
    usual = render_strokes(digit_strokes(7), (280, 280), 22)
    pre = preprocess_digit(bold)
    assert [s.key for s in pre.steps] == ["ink", "cropped", "pen", "scaled", "placed", "centered"]
    assert pre.step("pen").title == "Pen thinned"
    assert "pen" not in [s.key for s in preprocess_digit(usual).steps]
    np.testing.assert_array_equal(preprocess_digit(usual).image, preprocess_digit(usual, pen=False).image)
    # At 28×28 the bold 7 now has about the ink of the usual one.
    ratio = pre.image.sum() / preprocess_digit(usual).image.sum()
    unchanged = preprocess_digit(bold, pen=False).image.sum() / preprocess_digit(usual).image.sum()
    assert abs(ratio - 1) < 0.35 < abs(unchanged - 1)
