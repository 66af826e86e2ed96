"""MosaicView and its fast RGB32 image item show exactly the colours of the shared maps."""
from __future__ import annotations

import numpy as np

from cnnviz.qt.digits.mosaic import LutImageItem, MosaicView
from cnnviz.qt.lab.colormaps import DIVERGING, SEQUENTIAL, apply  # noqa: F401


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
    assert view.levels == (-m, m)
    y, x = view.layout.origin(2)
    got = view.rgb()[y:y + 6, x:x + 6]
    np.testing.assert_allclose(got.astype(int), apply(maps[:, :, 2], -m, m, True).astype(int), atol=4)
    view.set_maps(np.abs(maps))
    assert view.levels[0] == 0.0
    got = view.rgb()[y:y + 6, x:x + 6]
    np.testing.assert_allclose(got.astype(int), apply(np.abs(maps[:, :, 2]), 0, m, False).astype(int), atol=4)


def test_mosaic_gaps_take_the_background_and_numbers_are_painted(qtbot):
    """Between the maps the view shows its background (also after a theme change), and the
    channel numbers are drawn above each map when there is room."""
    from PySide6.QtGui import QColor, QPalette

    view = MosaicView(aspect=3.0)
    qtbot.addWidget(view)
    view.resize(600, 240)
    view.show()
    qtbot.waitExposed(view)
    maps = np.full((8, 8, 6), 1.0, np.float32)
    view.set_maps(maps)
    lay = view.layout
    base = view.palette().base().color()
    gap_y, gap_x = lay.origin(0)[0] + 2, lay.tile[1]  # right of map 0: a gap column
    assert tuple(view.rgb()[gap_y, gap_x]) == (base.red(), base.green(), base.blue())
    pal = QPalette(view.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor(10, 20, 30))
    view.setPalette(pal)
    assert tuple(view.rgb()[gap_y, gap_x]) == (10, 20, 30)
    y, x = lay.origin(1)
    assert tuple(view.rgb()[y + 1, x + 1]) == tuple(SEQUENTIAL[255])  # the maps stayed
    # Numbers: the strip above map 3 holds text-coloured pixels on screen.
    shot = view.grab().toImage()
    r = view.tile_rect(3)
    strip = [shot.pixelColor(int(px), int(py)) for px in np.arange(r.left(), r.right(), 1.0)
             for py in np.arange(r.top() - r.height() * lay.label_rows / lay.tile[0], r.top() - 1, 1.0)]
    assert any(c != QColor(10, 20, 30) for c in strip), "no channel number drawn"


def test_mosaic_click_and_hover_name_the_channel_under_the_mouse(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = MosaicView()
    qtbot.addWidget(view)
    view.resize(500, 200)
    view.show()
    qtbot.waitExposed(view)
    maps = np.arange(6 * 6 * 4, dtype=np.float32).reshape(6, 6, 4)
    view.set_maps(maps)
    y, x = view.layout.origin(2)
    hovered, clicked = [], []
    view.hovered.connect(lambda *a: hovered.append(a))
    view.map_clicked.connect(clicked.append)
    QTest.mouseMove(view, view.to_widget(y + 3.5, x + 4.5).toPoint())
    qtbot.waitUntil(lambda: bool(hovered) and hovered[-1][0] == 2)
    assert hovered[-1] == (2, 3, 4, float(maps[3, 4, 2]))
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.to_widget(y + 1.5, x + 1.5).toPoint())
    assert clicked == [2] and view.selected == 2
