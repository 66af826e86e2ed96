"""Colour look-ups the live views use (moved out of the Qt layer)."""
from __future__ import annotations

import numpy as np

from cnnviz.core.colour import colour, colour_index, gray_rgb, lut32, unpack_rgb


def test_colour_index_floors_into_256_steps_and_clips():
    v = np.array([[-1.0, 0.0, 0.5, 0.999, 1.0, 2.0]], np.float32)
    np.testing.assert_array_equal(colour_index(v, 0.0, 1.0)[0], [0, 0, 127, 254, 255, 255])


def test_colour_maps_values_through_a_table_and_back():
    table = np.stack([np.arange(256), 255 - np.arange(256), np.full(256, 7)], axis=1).astype(np.uint8)
    v = np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4)
    rgb = unpack_rgb(colour(v, 0.0, 1.0, lut32(table)))
    np.testing.assert_array_equal(rgb, table[colour_index(v, 0.0, 1.0)])


def test_gray_rgb_of_a_model_input():
    x = np.zeros((2, 2, 3), np.float32)
    x[0, 0] = 1.0
    x[1, 1] = (0.5, 0.5, 0.5)
    out = gray_rgb(x)
    assert out.shape == (2, 2, 3) and out.dtype == np.uint8
    assert out[0, 0].tolist() == [255] * 3 and out[1, 1].tolist() == [127] * 3 and out[0, 1].max() == 0
