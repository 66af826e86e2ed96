"""Any picture → the canvas's 8-bit ink buffer."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.ink import ink_to_buffer


def test_floats_ints_and_colour_become_uint8_ink_of_the_buffer_size():
    a = np.zeros((28, 28), np.float32)
    a[4:24, 13:15] = 1.0
    out = ink_to_buffer(a, (280, 280))
    assert out.dtype == np.uint8 and out.shape == (280, 280)
    assert out[60:220, 135:145].min() > 200 and out[:, :120].max() == 0
    assert ink_to_buffer(np.full((4, 4), 255, np.uint8), (4, 4)).min() == 255
    rgb = np.zeros((4, 4, 3), np.uint8)
    rgb[..., 0] = 255  # gray is the channels' mean
    assert ink_to_buffer(rgb, (4, 4)).max() == 85
    assert ink_to_buffer(np.array([[np.nan, 2.0], [-1.0, np.inf]]), (2, 2)).tolist() == [[0, 255], [0, 255]]


def test_a_wide_picture_keeps_its_aspect_in_a_square_buffer():
    out = ink_to_buffer(np.ones((10, 40), np.float32), (40, 40))
    assert out[15:25].min() == 255 and out[:14].max() == 0 and out[26:].max() == 0


@pytest.mark.parametrize("bad", [np.zeros(5), np.zeros((0, 3)), np.zeros((3, 3, 2))])
def test_what_is_not_an_image_is_refused_with_its_shape(bad):
    with pytest.raises(ValueError, match="2-D array, got shape"):
        ink_to_buffer(bad, (8, 8))
