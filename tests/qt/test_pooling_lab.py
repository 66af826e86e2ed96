"""The Pooling Lab through its real widgets: max and average side by side, winners."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import examples
from cnnviz.app.pooling_controller import LAB_OUTPUT, PoolLabController
from tests.qt.lab_helpers import END, HOME, RIGHT, blank, press, select_combo, texts


@pytest.fixture
def pool(show_controller):
    return show_controller(PoolLabController(), 1300, 850)


def test_max_and_average_step_side_by_side(pool, qtbot):
    v = pool.view
    assert v.left_grid.title().startswith("Max pooling") and v.right_grid.title().startswith("Average pooling")
    assert v.left_grid.texts() == blank(2, 2)
    press(qtbot, v.input_grid, RIGHT)
    assert v.left_formula.text() == "max(1, 0, 0, 4) = 4"
    assert v.right_formula.text() == "(1 + 0 + 0 + 4) / 4 = 1.25"
    assert v.input_grid.window_rect() == (0, 0, 1, 1)
    assert v.input_grid.marked() == [(1, 1)]
    assert v.left_grid.texts() == [["4", ""], ["", ""]]
    assert v.right_grid.texts() == [["1.25", ""], ["", ""]]
    press(qtbot, v.input_grid, END)
    assert v.left_grid.texts() == [["4", "2"], ["1", "6"]]
    assert v.right_grid.texts() == [["1.25", "0.75"], ["0.25", "2"]]
    assert v.input_grid.marked() == [(1, 1), (1, 2), (2, 1), (2, 2)]
    press(qtbot, v.input_grid, HOME)
    assert v.input_grid.marked() == [] and v.input_grid.window_rect() is None


@pytest.mark.parametrize("example", examples.POOL_EXAMPLES, ids=lambda e: e.key)
def test_worked_pooling_examples(pool, qtbot, example):
    v = pool.view
    select_combo(v.input_preset, example.key)
    press(qtbot, v.input_grid, END)
    assert v.left_grid.texts() == texts(example.expected)
    # every winner holds the value its window produced
    values = example.input
    assert sorted(values[r, c] for r, c in v.input_grid.marked()) == sorted(example.expected.ravel())


def test_min_mode_and_stride(pool, qtbot):
    v = pool.view
    pool.set_modes("min", "max")
    pool.set_pool(3, 1)
    assert v.shape_label.text() == "Output 2×2"
    press(qtbot, v.input_grid, RIGHT)
    assert v.left_formula.text() == "min(1, 0, 1, 0, 4, 2, 0, 1, 6) = 0"
    assert v.right_formula.text() == "max(1, 0, 1, 0, 4, 2, 0, 1, 6) = 6"
    assert set(v.input_grid.marked()) == {(0, 1), (2, 2)}


def test_same_padding_leaves_padding_out(pool, qtbot):
    v = pool.view
    pool.load_input(np.arange(9, dtype=float).reshape(3, 3))
    pool.set_pool(2, None, "same")
    assert v.input_grid.pads() == (0, 1, 0, 1)
    assert v.input_grid.is_padding(3, 3)
    press(qtbot, v.input_grid, END)
    assert v.left_grid.texts() == [["4", "5"], ["7", "8"]]
    assert v.right_formula.text() == "(8) / 1 = 8"


def test_impossible_pooling_shows_message(pool, qtbot):
    v = pool.view
    v.size.setValue(5)
    assert v.error.isVisible() and "larger than the padded input" in v.error.text()
    press(qtbot, v.input_grid, RIGHT)
    assert pool.stepper.position == -1
    v.size.setValue(2)
    assert not v.error.isVisible()


def test_uses_the_convolution_labs_output(qtbot):
    from cnnviz.app.lab_controller import ConvLabController

    lab = ConvLabController()
    qtbot.addWidget(lab.view)
    pool = PoolLabController(lab_output=lambda: lab.result.output2d())
    qtbot.addWidget(pool.view)
    lab.load_example("filter_3x3_pad1")
    select_combo(pool.view.input_preset, LAB_OUTPUT)
    assert np.array_equal(pool.input(), examples.CONV_BY_KEY["filter_3x3_pad1"].expected)
    pool.stepper.jump_to_end()
    assert pool.view.left_grid.texts() == [["15", "16"], ["10", "15"]]


def test_typed_input_errors_are_shown(pool, qtbot):
    from PySide6.QtCore import Qt

    v = pool.view
    v.input_text.setText("1,2;x,4")
    qtbot.keyClick(v.input_text, Qt.Key.Key_Return)
    assert v.input_error.isVisible() and "'x' is not a number" in v.input_error.text()
    v.input_text.setText("1,2,3,4;5,6,7,8")
    qtbot.keyClick(v.input_text, Qt.Key.Key_Return)
    assert pool.input().shape == (2, 4)
    assert v.shape_label.text() == "Output 1×2"


def test_image_file_as_input(pool, tmp_path):
    import cv2

    img = np.zeros((40, 40), np.uint8)
    img[10:20, 10:20] = 200
    path = tmp_path / "square.bmp"
    cv2.imwrite(str(path), img)
    pool.view.image_size.setValue(8)
    assert pool.open_image(path)
    assert pool.input().shape == (8, 8)
    pool.stepper.jump_to_end()
    assert pool.view.left_grid.texts()[1][1] == "200"
    assert not pool.open_image(tmp_path / "missing.png")
    assert "no such file" in pool.view.input_error.text()
