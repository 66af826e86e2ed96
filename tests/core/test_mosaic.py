"""Mosaic layout: many maps in one image, and back from a pixel to (channel, row, col)."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.mosaic import choose_layout, layer_levels, tile


@pytest.mark.parametrize("channels, hw", [(1, (28, 28)), (32, (26, 26)), (64, (12, 12)), (5, (3, 3)), (7, (4, 9))])
def test_every_map_lands_in_its_tile_and_every_pixel_maps_back(channels, hw):
    rng = np.random.default_rng(channels)
    maps = rng.normal(size=hw + (channels,)).astype(np.float32)
    lay = choose_layout(channels, hw, aspect=3.0)
    m = tile(maps, lay)
    assert m.shape == lay.shape and lay.rows * lay.cols >= channels > (lay.rows - 1) * lay.cols
    assert np.isfinite(m).sum() == maps.size  # everything else is a NaN gap
    h, w = hw
    for c in range(channels):
        y, x = lay.origin(c)
        np.testing.assert_array_equal(m[y:y + h, x:x + w], maps[:, :, c])
        assert lay.locate(y + h - 1, x + w - 1) == (c, h - 1, w - 1)
        assert lay.locate(y - 1, x) is None  # the label strip above the map
    ys, xs = np.nonzero(np.isnan(m))
    assert all(lay.locate(a, b) is None for a, b in zip(ys[:200], xs[:200]))


def test_levels_sequential_for_relu_maps_diverging_for_signed():
    assert layer_levels(np.array([0.0, 2.0])) == (0.0, 2.0, False)
    assert layer_levels(np.array([-1.0, 3.0])) == (-3.0, 3.0, True)
    lo, hi, signed = layer_levels(np.zeros(4))
    assert lo == 0 and hi > 0 and not signed
