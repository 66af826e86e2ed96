"""The numbers behind the grids and live views: colour maps, packed RGB32 colouring, a
grid's pixels and texts, and the labs' inputs (cnnviz/core, no Qt)."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import colormaps
from cnnviz.core.colour import colour, colour_index, lut32, unpack_rgb
from cnnviz.core.grid_image import grid_rgba, padding_mask, rgb_rgba
from cnnviz.core.grid_text import cell_texts, filled_only, grid_csv_text
from cnnviz.core.lab_inputs import DRAW_SIZE, digit_seven, downsample, image_as_input


def test_colour_words_match_the_colour_map():
    values = np.linspace(-3, 5, 40).reshape(5, 8)
    words = colour(values, -3.0, 5.0, lut32(colormaps.SEQUENTIAL))
    want = colormaps.apply(values, -3.0, 5.0, False)
    np.testing.assert_array_equal(unpack_rgb(words), want)
    assert (words >> 24 == 0xFF).all()
    idx = colour_index(np.array([[-10.0, -3.0, 1.0, 5.0, 99.0]]), -3.0, 5.0)
    assert idx.tolist() == [[0, 0, 127, 255, 255]]


def test_auto_levels_are_symmetric_for_signed_values():
    assert colormaps.auto_levels(np.array([-1.0, 3.0])) == (-3.0, 3.0, True)
    assert colormaps.auto_levels(np.array([2.0, 5.0])) == (0.0, 5.0, False)
    assert colormaps.text_color_is_dark(np.array([[255, 255, 255], [0, 0, 0]])).tolist() == [True, False]


def test_grid_pixels_grey_padding_and_hide_cells_not_computed():
    values = np.arange(16, dtype=float).reshape(4, 4)
    colors = np.full((4, 4, 3), 10, np.uint8)
    rgba = grid_rgba(colors, values, (1, 0, 0, 1), fill=6, pad_rgb=(200, 200, 200))
    assert rgba.shape == (4, 4, 4) and rgba.flags.c_contiguous
    assert rgba[0, 0, :3].tolist() == [200, 200, 200] and rgba[1, 3, :3].tolist() == [200, 200, 200]
    assert rgba[1, 1, :3].tolist() == [10, 10, 10]
    assert (rgba.reshape(-1, 4)[:6, 3] == 255).all() and (rgba.reshape(-1, 4)[6:, 3] == 0).all()
    nan = values.copy()
    nan[2, 2] = np.nan
    assert padding_mask((4, 4), (0, 0, 0, 0), nan).sum() == 1
    assert rgb_rgba(np.zeros((2, 3, 3), np.uint8))[..., 3].min() == 255


def test_grid_texts_and_csv_leave_cells_not_computed_empty():
    a = np.array([[1.0, -0.5], [np.nan, 2.25]])
    assert cell_texts(a) == [["1", "-0.5"], ["", "2.25"]]
    partial = filled_only(a, 1)
    assert np.isnan(partial[0, 1]) and partial[0, 0] == 1.0 and a[0, 1] == -0.5
    assert grid_csv_text(partial) == "1,\n,\n"


def test_lab_inputs():
    seven = digit_seven()
    assert seven.shape == (DRAW_SIZE, DRAW_SIZE) and 0.0 <= seven.min() and seven.max() <= 1.0
    assert downsample(np.ones((280, 280)), 28).shape == (28, 28)
    with pytest.raises(ValueError, match="no such file"):
        image_as_input("/nonexistent/x.png", 16)


def test_image_file_becomes_a_small_grayscale_matrix(tmp_path):
    import cv2

    img = np.zeros((40, 80, 3), np.uint8)
    img[:, 40:] = 255
    cv2.imwrite(str(tmp_path / "half.png"), img)
    a = image_as_input(tmp_path / "half.png", 16)
    assert a.shape == (8, 16)
    assert a[:, :7].max() == 0 and a[:, 9:].min() == 255
