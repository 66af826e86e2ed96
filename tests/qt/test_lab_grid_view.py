"""The grid view as pixels: padding looks different from input, blank cells differ from a
computed zero, the window outline is drawn where it is set, colour maps are centred."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.qt.export import qimage_to_array, render_widget
from cnnviz.qt.lab import colormaps
from cnnviz.qt.lab.grid_view import WINDOW_COLOR, GridView


@pytest.fixture
def grid(qtbot):
    g = GridView(legend=False)
    qtbot.addWidget(g)
    g.resize(400, 400)
    g.show()
    qtbot.waitExposed(g)
    return g


def pixels(g: GridView) -> np.ndarray:
    return qimage_to_array(render_widget(g, 1.0)).astype(int)


def cell_centre(g: GridView, r: int, c: int, dx: float = 0.25, dy: float = 0.25) -> tuple[int, int]:
    x0, y0, cell, _, _ = g._layout()
    return int(y0 + (r + dy) * cell), int(x0 + (c + dx) * cell)  # off-centre: away from the digits


def test_padding_cells_look_different_from_input_of_the_same_value(grid):
    a = np.zeros((4, 4))
    grid.set_data(a, pads=(1, 1, 1, 1), levels=(0, 1))
    img = pixels(grid)
    pad = img[cell_centre(grid, 0, 0)]
    real = img[cell_centre(grid, 1, 1)]
    assert np.abs(pad - real).sum() > 60
    assert grid.is_padding(0, 0) and not grid.is_padding(1, 1)


def test_blank_cells_differ_from_a_computed_zero(grid):
    grid.set_data(np.array([[0.0, 0.0], [-1.0, 1.0]]))  # signed: zero is white-ish
    grid.set_fill_count(1)
    img = pixels(grid)
    zero = img[cell_centre(grid, 0, 0)]
    blank = img[cell_centre(grid, 0, 1)]
    assert np.abs(zero - blank).sum() > 30
    assert grid.cell_text(0, 0) == "0" and grid.cell_text(0, 1) == ""


def test_window_outline_is_drawn_around_the_window(grid):
    grid.set_data(np.arange(16.0).reshape(4, 4))
    before = pixels(grid)
    grid.set_window((1, 2), (2, 3))
    after = pixels(grid)
    x0, y0, cell, _, _ = grid._layout()
    edge = (int(y0 + 1 * cell + 1), int(x0 + 2.5 * cell))  # top edge of the window
    amber = np.array([WINDOW_COLOR.red(), WINDOW_COLOR.green(), WINDOW_COLOR.blue()])
    assert np.abs(after[edge] - amber).sum() < 40
    assert np.abs(before[edge] - amber).sum() > 40
    far = cell_centre(grid, 0, 0)
    assert np.array_equal(before[far], after[far])
    assert grid.window_rect() == (1, 2, 2, 3)


def test_colour_maps_are_centred_and_sequential():
    lo, hi, signed = colormaps.auto_levels(np.array([-1.0, 3.0]))
    assert signed and (lo, hi) == (-3.0, 3.0)
    lo, hi, signed = colormaps.auto_levels(np.array([2.0, 5.0]))
    assert not signed and (lo, hi) == (0.0, 5.0)
    mid = colormaps.apply(np.array([[0.0]]), -1, 1, True)[0, 0]
    assert mid.min() > 230  # zero is (near) white in the diverging map
    seq = colormaps.apply(np.array([[0.0, 1.0]]), 0, 1, False)[0]
    assert seq[0].sum() < seq[1].sum()  # dark to light


def test_numbers_only_when_readable(grid):
    grid.set_data(np.arange(9.0).reshape(3, 3))
    assert grid.numbers_visible()
    grid.set_data(np.random.default_rng(0).random((60, 60)))
    assert not grid.numbers_visible()
    assert grid.csv_text().count("\n") == 60


def test_messages_stay_readable_on_dark_themes(qtbot):
    from PySide6.QtGui import QColor, QPalette

    from cnnviz.qt.lab.message_label import COLORS, MessageLabel

    label = MessageLabel(None, "error")
    qtbot.addWidget(label)
    assert COLORS["error"][0] in label.styleSheet()
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#000000"))
    label.setPalette(pal)
    assert COLORS["error"][1] in label.styleSheet()


def test_context_menu_saves_csv_and_png(grid, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction, QImage

    from cnnviz.qt import export

    grid.set_data(np.array([[1.5, -2.0], [0.0, 4.0]]))
    grid.set_fill_count(3)
    names = {a.objectName(): a for a in grid.actions() if isinstance(a, QAction)}
    target = tmp_path / "g.csv"
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    names["gridSaveCsv"].trigger()
    assert target.read_text().splitlines() == ["1.5,-2", "0,"]
    target = tmp_path / "g.png"
    names["gridSavePng"].trigger()
    img = QImage(str(target))
    assert (img.width(), img.height()) == (2 * grid.width(), 2 * grid.height())
