"""Shift, rotate, scale and stroke-width changes of digit images."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.augment import Transform, apply_transform
from cnnviz.core.preprocess import center_of_mass


def bar():
    a = np.zeros((28, 28), np.float32)
    a[4:24, 13:15] = 1.0
    return a


def test_identity_is_a_copy():
    a = bar()
    out = apply_transform(a, Transform())
    np.testing.assert_array_equal(out, a)
    assert out is not a


def test_shift_moves_the_centre_of_mass_by_whole_pixels():
    out = apply_transform(bar(), Transform(dx=3, dy=-2))
    cy, cx = center_of_mass(out)
    cy0, cx0 = center_of_mass(bar())
    assert cx - cx0 == pytest.approx(3, abs=1e-4) and cy - cy0 == pytest.approx(-2, abs=1e-4)


def test_rotation_by_90_degrees_turns_a_vertical_bar_horizontal():
    out = apply_transform(bar(), Transform(angle=90))
    rows, cols = np.nonzero(out > 0.5)
    assert cols.max() - cols.min() >= 18 and rows.max() - rows.min() <= 2


def test_scale_and_thickness_and_channels():
    half = apply_transform(bar(), Transform(scale=0.5))
    rows, _ = np.nonzero(half > 0.2)
    assert 9 <= rows.max() - rows.min() + 1 <= 11
    thick = apply_transform(bar(), Transform(thickness=1))
    assert np.nonzero(thick[14] > 0.5)[0].size == 4
    rgb = apply_transform(np.repeat(bar()[:, :, None], 3, axis=2), Transform(dx=1))
    assert rgb.shape == (28, 28, 3)
    with pytest.raises(ValueError, match="scale"):
        apply_transform(bar(), Transform(scale=0))
