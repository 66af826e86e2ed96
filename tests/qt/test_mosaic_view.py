"""MosaicView and its fast RGB32 image item show exactly the colours of the shared maps."""
from __future__ import annotations

import numpy as np

from cnnviz.qt.digits.mosaic import LutImageItem, MosaicView
from cnnviz.qt.lab.colormaps import DIVERGING, SEQUENTIAL, apply


def rgb_of(item) -> np.ndarray:
    item.render()
    q = item.qimage
    h, w = q.height(), q.width()
    a = np.frombuffer(q.constBits(), np.uint32, count=h * q.bytesPerLine() // 4).reshape(h, -1)[:, :w]
    return np.stack([(a >> 16) & 255, (a >> 8) & 255, a & 255], axis=-1).astype(np.uint8)


def test_lut_item_colours_equal_the_colour_map(qtbot):
    item = LutImageItem(axisOrder="row-major")
    item.setLookupTable(SEQUENTIAL)
    v = np.linspace(0, 2, 40, dtype=np.float32).reshape(5, 8)
    item.setImage(v, autoLevels=False, levels=(0.0, 2.0))
    got = rgb_of(item)
    assert item.image is v or np.array_equal(item.image, v)  # the data, not the colours
    np.testing.assert_allclose(got.astype(int), apply(v, 0.0, 2.0, False).astype(int), atol=2)
    item.setLookupTable(DIVERGING)
    s = np.linspace(-1, 1, 40, dtype=np.float32).reshape(5, 8)
    item.setImage(s, autoLevels=False, levels=(-1.0, 1.0))
    np.testing.assert_allclose(rgb_of(item).astype(int), apply(s, -1.0, 1.0, True).astype(int), atol=2)


def test_mosaic_view_signed_maps_switch_to_the_diverging_map(qtbot):
    view = MosaicView()
    qtbot.addWidget(view)
    maps = np.random.default_rng(0).normal(size=(6, 6, 5)).astype(np.float32)
    view.set_maps(maps)
    m = float(np.abs(maps).max())
    assert view.levels == (-m, m) and view.image._lut32 is not None
    y, x = view.layout.origin(2)
    got = rgb_of(view.image)[y:y + 6, x:x + 6]
    np.testing.assert_allclose(got.astype(int), apply(maps[:, :, 2], -m, m, True).astype(int), atol=2)
    view.set_maps(np.abs(maps))
    assert view.levels[0] == 0.0
