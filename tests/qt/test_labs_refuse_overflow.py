"""Numbers too large for float64, typed into the labs, get the labs' error message (from
cnnviz.core), not ∞ in the output grids and no numpy RuntimeWarnings from the
computation, nor from the input grid's colour scale (cnnviz/core/colormaps.py) when the
values span more than float64's range."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.app.lab_controller import ConvLabController
from cnnviz.app.pooling_controller import PoolLabController


@pytest.fixture(autouse=True)
def no_warnings_from_the_computation():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            yield
    assert [str(w.message) for w in caught if "/cnnviz/" in w.filename.replace("\\", "/")] == []


def type_matrix(qtbot, line_edit, text: str) -> None:
    line_edit.setText(text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def test_conv_lab_says_the_numbers_are_too_large(show_controller, qtbot):
    lab = show_controller(ConvLabController(), 1400, 900)
    v = lab.view
    type_matrix(qtbot, v.input_text, "1e308,-1e308,1e308;-1e308,1e308,-1e308;1e308,-1e308,1e308")
    assert "the numbers are too large" in v.error.text()
    assert v.error.isVisible()
    grid = v.input_grid  # no smear: +1e308 and -1e308 get the two ends of the colour map
    plus, minus = grid.cell_color(0, 0), grid.cell_color(0, 1)
    assert plus != minus and plus[0] > plus[2] and minus[2] > minus[0]
    assert grid.legend_labels() == ("-1e+308", "1e+308")
    grid.grab()  # paints without warnings
    type_matrix(qtbot, v.input_text, "1,2,3;4,5,6;7,8,9")  # and it recovers
    assert not v.error.isVisible()


def test_pool_lab_average_says_the_numbers_are_too_large(show_controller, qtbot):
    lab = show_controller(PoolLabController(), 1300, 850)
    v = lab.view
    type_matrix(qtbot, v.input_text, "1e308,1e308;1e308,1e308")
    assert v.right_mode.currentData() == "avg"
    assert "the numbers are too large" in v.error.text()
    assert v.error.isVisible()
