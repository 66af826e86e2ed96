""""Record step": a page's session state (as the controllers return it) becomes a step
that sets the same state."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import examples
from cnnviz.lessons import Lesson, LessonError, MapChoice, Source, Text, Transform, dumps, load_lesson, record_step
from cnnviz.lessons import lab_problem, solve_lab

# What ConvLabController.session_state() returns (cnnviz/app/lab_controller.py)
LAB_STATE = {
    "input": examples.INPUT_4X4[:, :, None].tolist(), "input_name": "", "title": "",
    "input_item": "example:filter_3x3_valid", "kernel": examples.FILTER_3X3.tolist(),
    "kernel_preset": "textbook_3x3", "padding": [1, 1, 1, 1], "stride": [1, 1], "dilation": [1, 1],
    "bias": 0.0, "activation": "none", "flip": False, "position": 5, "speed_index": 2, "channel": 0,
    "image_size": 28, "controls_visible": True,
}


def test_lab_state_of_a_worked_example_records_example_and_settings():
    step = record_step("lab", LAB_STATE, "패딩", {"ko": "패딩 1", "en": "Padding 1"})
    assert step.page == "lab" and step.example == "filter_3x3_valid"
    assert step.kernel == "textbook_3x3" and step.padding == 1 and step.stride == 1 and step.position == 5
    assert step.title == Text("패딩", "패딩") and step.narration == Text("패딩 1", "Padding 1")
    assert solve_lab(step).output2d()[1, 1] == 15  # padding 1 puts 15 16 / 6 15 in the middle


def test_lab_state_of_a_typed_input_records_the_numbers():
    state = dict(LAB_STATE, input_item="", kernel_preset="custom", input=[[[1.0], [2.5]], [[3.0], [4.0]]],
                 kernel=[[[2.0]]], padding="valid", stride=[2, 1], position=1)
    step = record_step("lab", state, "가", "나")
    assert step.input == Source("matrix", ((1.0, 2.5), (3.0, 4.0)))
    assert step.kernel == ((2.0,),) and step.stride == (2, 1) and step.padding == "valid"
    problem = lab_problem(step)
    np.testing.assert_array_equal(problem["input"], [[1, 2.5], [3, 4]])


def test_lab_state_with_an_input_preset():
    step = record_step("lab", dict(LAB_STATE, input_item="input:checkerboard"), "가", "나")
    assert step.input == Source("preset", "checkerboard") and step.example is None


def test_multichannel_lab_input_is_refused_with_a_message():
    state = dict(LAB_STATE, input_item="", input=np.zeros((3, 3, 3)).tolist())
    with pytest.raises(LessonError, match='field "input": only one-channel grids'):
        record_step("lab", state, "가", "나")


def test_pooling_filters_digits_and_train_states():
    pool = record_step("pooling", {"input": examples.POOL_EXAMPLES[0].input.tolist(), "input_item": "maxpool_small",
                                   "size": 2, "stride": 0, "padding": "valid", "left": "max", "right": "avg",
                                   "position": 3, "speed_index": 1, "controls_visible": True}, "풀링", "맥스 풀링")
    assert (pool.example, pool.size, pool.stride, pool.mode, pool.compare, pool.position) == \
        ("maxpool_small", 2, None, "max", "avg", 3)
    filters = record_step("filters", {"image_path": "/tmp/cat.png", "kernel": "sobel_x", "color_mode": "rgb",
                                      "border": "constant", "flip": True}, "필터", "소벨")
    assert filters.input == Source("image", "/tmp/cat.png") and filters.kernel == "sobel_x"
    assert (filters.color, filters.border, filters.flip) == ("rgb", "constant", True)
    digits = record_step("digits", {"ink": {"dtype": "|u1"}, "brush": 12, "show_steps": False, "tab": 1,
                                    "transform": {"dx": 3, "dy": 0, "angle": -20, "scale": 120, "thickness": 1},
                                    "gradcam": True, "map": ["conv1", 4], "model": "mnist_cnn"}, "숫자", "7")
    assert digits.transform == Transform(dx=3, angle=-20, scale=1.2, thickness=1)
    assert digits.map == MapChoice("conv1", 4) and digits.gradcam is True and digits.input is None
    train = record_step("train", {"architecture": "textbook", "layers": [], "dataset": "mnist", "epochs": 4,
                                  "batch": 128, "limit": 0, "augment": False}, "학습", "학습")
    assert (train.architecture, train.dataset, train.epochs) == ("textbook", "mnist", 4)
    lesson = Lesson(Text("기록", "Recorded"), (pool, filters, digits, train))
    assert load_lesson(dumps(lesson)) == lesson


def test_recording_bad_state_names_the_field():
    with pytest.raises(LessonError, match='new step \\("가"\\): field "transform.angle"'):
        record_step("digits", {"transform": {"angle": 400}}, "가", "나")
    with pytest.raises(LessonError, match='field "page"'):
        record_step("bench", {}, "가", "나")
    with pytest.raises(LessonError, match='field "title.en"'):
        record_step("train", {}, {"ko": "가"}, "나")


def test_an_edited_example_or_preset_is_recorded_as_numbers():
    edited = examples.INPUT_4X4.copy()
    edited[0, 0] = 9
    state = dict(LAB_STATE, input=edited[:, :, None].tolist(), kernel=(examples.FILTER_3X3 * 2).tolist())
    step = record_step("lab", state, "가", "나")
    assert step.example is None and step.input == Source("matrix", tuple(map(tuple, edited)))
    assert step.kernel == tuple(map(tuple, examples.FILTER_3X3 * 2))


def test_state_for_is_the_inverse_of_record_step():
    from cnnviz.lessons import find_lesson, state_for

    for step in find_lesson("class").steps:
        if step.page not in ("lab", "pooling", "filters", "digits", "train"):
            continue
        base = {"lab": LAB_STATE, "train": {"architecture": "cnnviz_mnist", "layers": [{"type": "flatten"}],
                                            "dataset": "fashion_mnist", "epochs": 20}}.get(step.page, {})
        state = state_for(step, base, resolver=lambda kind, name: None)
        back = record_step(step.page, state, step.title, step.narration, step.highlight)
        for field in ("example", "kernel", "padding", "stride", "mode", "compare", "color", "map",
                      "transform", "architecture", "dataset", "epochs"):
            if getattr(step, field) is not None:
                assert getattr(back, field) == getattr(step, field), (step.title.en, field)
        if step.page == "train":
            assert "layers" not in state  # the architecture brings its own layer stack
        if step.page == "digits" and step.transform is not None:
            assert state["transform"]["scale"] == 100  # the slider is in percent


def test_drawings_are_recorded_as_strokes_and_replayed():
    from cnnviz.lessons import pen_strokes

    drawn = [np.array([[0.2, 0.2], [0.8, 0.2], [0.4, 0.9]]), np.array([[0.3, 0.55], [0.7, 0.55]])]
    step = record_step("digits", {"strokes": drawn, "map": ["", 0]}, "칠", "7")
    assert step.map is None and step.input.kind == "strokes"
    back = load_lesson(dumps(Lesson(Text("가", "A"), (step,)))).steps[0]
    for a, b in zip(pen_strokes(back.input), drawn):
        np.testing.assert_array_equal(a, b)
    seven = pen_strokes(Source("digit", 7))
    assert len(seven) == 1 and seven[0].shape[1] == 2
    assert seven[0][:, 0].min() >= 0 and seven[0][:, 1].max() <= 1
    with pytest.raises(ValueError, match="not a drawing"):
        pen_strokes(Source("image", "a.png"))
