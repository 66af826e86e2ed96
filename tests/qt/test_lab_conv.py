"""The Convolution Lab through its real widgets: keys, cells shown, formulas, errors."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.core import examples
from cnnviz.core.conv import FLIP_EXPLANATION, conv2d
from cnnviz.app.lab_controller import ConvLabController
from cnnviz.qt.lab.conv_settings_form import PAD_N, PAD_TBLR
from cnnviz.qt.lab.kernel_editor import BAD_CELL
from tests.qt.lab_helpers import END, HOME, LEFT, RIGHT, SPACE, blank, press, select_combo, texts


@pytest.fixture
def lab(show_controller):
    return show_controller(ConvLabController(), 1400, 900)


def test_first_step_of_the_textbook_mask(lab, qtbot):
    v = lab.view
    assert v.shape_label.text() == "Output 3×3"
    assert v.shape_formula.text().endswith("= 3")
    assert v.output_grid.texts() == blank(3, 3)
    assert v.input_grid.window_rect() is None
    press(qtbot, v.input_grid, RIGHT)
    assert v.step_formula.text() == "(1×1)+(0×0)+(0×0)+(1×1) = 2"
    assert v.input_grid.window_rect() == (0, 0, 1, 1)
    assert v.output_grid.texts() == [["2", "", ""], ["", "", ""], ["", "", ""]]
    assert v.output_grid.current() == (0, 0)
    assert lab.controls.counter.text() == "step 1 of 9"
    press(qtbot, v.input_grid, SPACE)
    assert v.input_grid.window_rect() == (0, 1, 1, 2)
    assert v.output_grid.cell_text(0, 1) == "1"
    assert v.step_formula.text() == "(0×1)+(1×0)+(1×0)+(1×1) = 1"


def test_end_back_and_reset(lab, qtbot):
    v = lab.view
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == [["2", "1", "1"], ["0", "2", "2"], ["0", "1", "1"]]
    assert v.input_grid.window_rect() == (2, 2, 3, 3)
    press(qtbot, v.input_grid, LEFT)
    assert v.output_grid.cell_text(2, 2) == ""
    assert v.output_grid.cell_text(2, 1) == "1"
    assert v.input_grid.window_rect() == (2, 1, 3, 2)
    press(qtbot, v.input_grid, HOME)
    assert v.output_grid.texts() == blank(3, 3)
    assert v.input_grid.window_rect() is None
    assert v.step_formula.text() == ""


@pytest.mark.parametrize("example", examples.CONV_EXAMPLES, ids=lambda e: e.key)
def test_every_worked_example_reproduces_in_the_window(lab, qtbot, example):
    v = lab.view
    select_combo(v.input_preset, f"example:{example.key}")
    oh, ow = example.expected.shape
    assert v.shape_label.text() == f"Output {oh}×{ow}"
    assert v.output_grid.texts() == blank(oh, ow)
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == texts(example.expected)
    press(qtbot, v.input_grid, HOME)
    press(qtbot, v.input_grid, RIGHT)
    if example.first_formula:
        assert v.step_formula.text() == example.first_formula
    assert v.step_formula.text().endswith(f"= {texts(example.expected)[0][0]}")


def test_padding_one_grows_the_output_and_shows_zero_border(lab, qtbot):
    v = lab.view
    select_combo(v.input_preset, "example:filter_3x3_valid")
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == [["15", "16"], ["6", "15"]]
    v.padding_n.setValue(1)
    v.padding_mode.setCurrentIndex(PAD_N)
    assert v.shape_label.text() == "Output 4×4"
    assert v.shape_formula.text() == "o = ⌊(4 + 2·1 − 1·(3−1) − 1) / 1⌋ + 1 = ⌊3 / 1⌋ + 1 = 4"
    assert v.input_grid.shape() == (6, 6)
    assert v.input_grid.pads() == (1, 1, 1, 1)
    assert v.input_grid.is_padding(0, 0) and not v.input_grid.is_padding(1, 1)
    assert v.input_grid.cell_text(0, 3) == "0" and v.input_grid.cell_text(1, 1) == "1"
    press(qtbot, v.input_grid, HOME)
    press(qtbot, v.input_grid, RIGHT)
    assert v.input_grid.window_rect() == (0, 0, 2, 2)
    assert v.step_formula.text().endswith("= 7")
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == texts(examples.CONV_BY_KEY["filter_3x3_pad1"].expected)


def test_explicit_tblr_padding(lab):
    v = lab.view
    for s, x in zip(v.padding_tblr, (1, 0, 2, 0)):
        s.setValue(x)
    v.padding_mode.setCurrentIndex(PAD_TBLR)
    assert v.input_grid.pads() == (1, 0, 2, 0)
    assert v.shape_label.text() == "Output 4×5"
    assert "height: o =" in v.shape_formula.text() and "width: o =" in v.shape_formula.text()


def test_stride_three_on_seven_explains_the_leftover(lab, qtbot):
    v = lab.view
    select_combo(v.input_preset, "example:filter_3x3_stride2")
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == [["15", "17", "15"], ["17", "15", "17"], ["15", "17", "15"]]
    assert not v.notes.isVisible()
    v.stride[0].setValue(3)
    v.stride[1].setValue(3)
    assert v.shape_label.text() == "Output 2×2"
    assert v.shape_formula.text().endswith("⌊4 / 3⌋ + 1 = 2")
    assert v.notes.isVisible()
    assert "4 / 3 is not a whole number" in v.notes.text()
    press(qtbot, v.input_grid, HOME)
    press(qtbot, v.input_grid, RIGHT)
    press(qtbot, v.input_grid, RIGHT)
    assert v.input_grid.window_rect() == (0, 3, 2, 5)  # the window jumped three cells


def test_impossible_settings_show_the_message_and_stop_stepping(lab, qtbot):
    v = lab.view
    v.kernel_editor.rows.setValue(7)
    assert v.error.isVisible()
    assert "larger than the padded input" in v.error.text()
    assert v.shape_label.text() == "No output"
    assert lab.result is None
    press(qtbot, v.input_grid, RIGHT)
    assert lab.stepper.position == -1
    assert v.output_grid.texts() == []
    assert v.output_grid.message() == "These settings give no output."
    v.kernel_editor.rows.setValue(2)
    assert not v.error.isVisible()
    press(qtbot, v.input_grid, RIGHT)
    assert lab.stepper.position == 0


def test_bad_kernel_cell_is_rejected_in_the_editor(lab, qtbot):
    v = lab.view
    ed = v.kernel_editor
    ed.set_cell_text(0, 1, "abc")
    assert ed.error.isVisible()
    assert "row 1, column 2: 'abc' is not a number" in ed.error.text()
    assert ed.table.item(0, 1).background().color() == BAD_CELL
    assert ed.kernel() is None
    # the last valid kernel stays in use: stepping still works
    press(qtbot, v.input_grid, RIGHT)
    assert v.step_formula.text() == "(1×1)+(0×0)+(0×0)+(1×1) = 2"
    ed.set_cell_text(0, 1, "2")
    assert not ed.error.isVisible()
    assert ed.preset_key() == "custom"
    assert v.step_formula.text() == "(1×1)+(0×2)+(0×0)+(1×1) = 2"
    ed.text.setText("1,x;0,1")
    qtbot.keyClick(ed.text, Qt.Key.Key_Return)
    assert "'x' is not a number" in ed.error.text()


def test_typing_in_the_editor_does_not_step(lab, qtbot):
    v = lab.view
    ed = v.kernel_editor
    ed.text.setFocus()
    qtbot.keyClicks(ed.text, "1 -1;+2 P")
    qtbot.keyClick(ed.text, Qt.Key.Key_Left)
    qtbot.keyClick(ed.text, Qt.Key.Key_Home)
    qtbot.keyClick(ed.text, Qt.Key.Key_End)
    assert ed.text.text() == "1 -1;+2 P"
    assert lab.stepper.position == -1
    assert not lab.stepper.is_playing()
    ed.table.setFocus()
    qtbot.keyClick(ed.table, Qt.Key.Key_Right)
    assert lab.stepper.position == -1


def test_preset_kernels_and_flip(lab, qtbot):
    v = lab.view
    ed = v.kernel_editor
    ed.set_preset("sobel_x")
    assert ed.description.text() == "Horizontal gradient: responds to vertical edges."
    assert v.kernel_grid.texts() == [["-1", "0", "1"], ["-2", "0", "2"], ["-1", "0", "1"]]
    assert v.kernel_grid.is_signed()
    assert v.flip_help.text() == FLIP_EXPLANATION
    v.flip.setChecked(True)
    assert v.kernel_grid.texts() == [["1", "0", "-1"], ["2", "0", "-2"], ["1", "0", "-1"]]
    assert "flipped" in v.kernel_grid.title()


def test_bias_and_relu_in_the_formula(lab, qtbot):
    v = lab.view
    v.kernel_editor.text.setText("-1,0;0,-1")
    qtbot.keyClick(v.kernel_editor.text, Qt.Key.Key_Return)
    v.bias.setValue(0.5)
    v.activation.setCurrentIndex(v.activation.findData("relu"))
    press(qtbot, v.input_grid, RIGHT)
    assert v.step_formula.text() == "(1×(-1))+(0×0)+(0×0)+(1×(-1)) + 0.5 = -1.5; ReLU(-1.5) = 0"
    assert v.output_grid.cell_text(0, 0) == "0"


def test_multi_channel_shows_contributions_and_sum(lab, qtbot):
    v = lab.view
    rng = np.random.default_rng(3)
    x = rng.integers(0, 3, (4, 4, 3)).astype(float)
    k = rng.integers(-1, 2, (2, 2, 3)).astype(float)
    assert lab.show_problem(x, k, title="RGB")
    assert v.channel.isVisible() and v.channel.count() == 3
    press(qtbot, v.input_grid, RIGHT)
    per = (x[:2, :2, :] * k).sum(axis=(0, 1))
    expected = conv2d(x, k).output[0, 0, 0]
    text = v.step_formula.text()
    assert text.startswith("R: ") and " + G: " in text and " + B: " in text
    assert text.endswith(f"= {expected:g}")
    assert v.step_detail.text().startswith("Channel R: ")
    assert v.step_detail.text().endswith(f"= {per[0]:g}")
    v.channel.setCurrentIndex(2)
    assert np.array_equal(v.input_grid.values(), x[:, :, 2])
    assert np.array_equal(v.kernel_grid.values(), k[:, :, 2])
    assert v.step_detail.text().startswith("Channel B: ")
    press(qtbot, v.input_grid, END)
    assert v.output_grid.texts() == texts(conv2d(x, k).output2d())


def test_show_problem_rejects_mismatched_channels(lab):
    assert not lab.show_problem(np.zeros((5, 5)), np.ones((3, 3, 2)))
    assert "2 channels" in lab.view.error.text()


def test_input_text_image_and_drawing(lab, qtbot, tmp_path):
    import cv2

    v = lab.view
    v.input_text.setText("1,2,3;4,5,6;7,8,9")
    qtbot.keyClick(v.input_text, Qt.Key.Key_Return)
    assert lab.input().shape == (3, 3)
    assert v.input_grid.cell_text(2, 2) == "9"
    v.input_text.setText("1,2;3")
    qtbot.keyClick(v.input_text, Qt.Key.Key_Return)
    assert v.input_error.isVisible() and "same number of values" in v.input_error.text()
    img = np.zeros((60, 90, 3), np.uint8)
    img[:, 45:] = 255
    path = tmp_path / "half.png"
    cv2.imwrite(str(path), img)
    v.image_size.setValue(30)
    assert lab.open_image(path)
    assert lab.input().shape == (20, 30)
    assert lab.input()[0, 0] == 0 and lab.input()[0, 29] == 255
    assert not v.input_grid.numbers_visible() or v.input_grid.shape() == (20, 30)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    assert not lab.open_image(bad)
    assert "not an image OpenCV can read" in v.input_error.text()
    assert lab.input().shape == (20, 30)


def test_draw_dialog_downsamples_to_28(qtbot):
    from cnnviz.qt.lab.inputs import DrawDialog

    dlg = DrawDialog()
    qtbot.addWidget(dlg)
    ink = np.zeros((280, 280), np.float32)
    ink[100:180, 130:150] = 1.0
    dlg.canvas.set_ink(ink)
    a = dlg.result_input()
    assert a.shape == (28, 28)
    assert a[14, 14] == pytest.approx(1.0) and a[0, 0] == 0


def test_play_pause_and_speed(lab, qtbot):
    v = lab.view
    lab.stepper.set_speed_index(9)  # 60 steps/s
    press(qtbot, v.input_grid, Qt.Key.Key_P)
    assert lab.stepper.is_playing()
    assert lab.actions["playPause"].text() == "Pause"
    qtbot.waitUntil(lambda: lab.stepper.position == 8, timeout=3000)
    qtbot.waitUntil(lambda: not lab.stepper.is_playing(), timeout=1000)
    assert v.output_grid.texts() == [["2", "1", "1"], ["0", "2", "2"], ["0", "1", "1"]]
    press(qtbot, v.input_grid, Qt.Key.Key_Minus)
    assert lab.controls.speed_label.text() == "30 steps/s"
    press(qtbot, v.input_grid, Qt.Key.Key_Plus)
    assert lab.controls.speed_label.text() == "60 steps/s"


def test_actions_have_names_and_shortcuts(lab):
    names = {a.objectName(): [s.toString() for s in a.shortcuts()] for a in lab.view.actions()}
    assert names["lab_stepForward"] == ["Right", "Space"]
    assert names["lab_stepBack"] == ["Left"]
    assert names["lab_playPause"] == ["P"]
    assert names["lab_jumpToEnd"] == ["End"]
    assert names["lab_reset"] == ["Home"]
    assert "+" in names["lab_faster"] and names["lab_slower"] == ["-"]


def test_large_input_is_a_heat_map(lab, qtbot):
    from cnnviz.qt.lab.inputs import conv_input_presets

    seven = next(p for p in conv_input_presets() if p.key == "digit_seven")
    lab.load_input(seven.values, "7")
    assert lab.view.input_grid.shape() == (28, 28)
    assert not lab.view.input_grid.numbers_visible()
    assert lab.view.kernel_grid.numbers_visible()


def test_actions_grey_out_at_the_ends(lab, qtbot):
    a = lab.actions
    assert a["stepForward"].isEnabled() and not a["stepBack"].isEnabled() and not a["reset"].isEnabled()
    press(qtbot, lab.view.input_grid, END)
    assert not a["stepForward"].isEnabled() and not a["jumpToEnd"].isEnabled()
    assert a["stepBack"].isEnabled() and a["playPause"].isEnabled()
    lab.view.kernel_editor.rows.setValue(7)  # impossible: nothing to step
    assert not any(a[k].isEnabled() for k in ("stepForward", "stepBack", "playPause", "jumpToEnd"))


def test_show_problem_keeps_learned_values_exact(lab):
    rng = np.random.default_rng(5)
    x = rng.random((12, 12)).astype(np.float32)
    k = rng.normal(0, 0.2, (3, 3)).astype(np.float32)
    bias = 0.0123456
    assert lab.show_problem(x, k, bias=bias, padding="same", stride=(2, 2), dilation=1, activation="relu")
    want = conv2d(x, k, bias=bias, padding="same", stride=2, activation="relu").output2d()
    np.testing.assert_allclose(lab.result.output2d(), want, rtol=0, atol=1e-12)
    assert lab.settings()["bias"] == bias
    lab.view.bias.setValue(0.5)  # a user edit wins
    assert lab.settings()["bias"] == 0.5


def test_window_cells_show_the_weights_they_are_multiplied_by(lab, qtbot):
    v = lab.view
    select_combo(v.input_preset, "example:filter_3x3_valid")
    v.flip.setChecked(True)
    press(qtbot, v.input_grid, RIGHT)
    assert v.input_grid.window_weight_texts() == [["2", "0", "1"], ["2", "1", "0"], ["1", "0", "2"]]
    press(qtbot, v.input_grid, HOME)
    assert v.input_grid.window_weight_texts() is None


def test_where_text_names_input_cells_and_padding(lab, qtbot):
    v = lab.view
    select_combo(v.input_preset, "example:filter_3x3_pad1")
    press(qtbot, v.input_grid, RIGHT)
    assert v.step_where.text() == "Output row 1, column 1 ← input rows 1–2, columns 1–2 + zero padding"
    for _ in range(5):
        press(qtbot, v.input_grid, RIGHT)
    assert v.step_where.text() == "Output row 2, column 2 ← input rows 1–3, columns 1–3"
