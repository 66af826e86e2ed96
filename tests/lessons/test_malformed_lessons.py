"""A malformed lesson raises LessonError whose one-line message names the step and field,
and nothing is loaded half-way."""
from __future__ import annotations

import pytest

from cnnviz.lessons import LessonError, load_lesson

HEAD = 'title = { ko = "수업", en = "Class" }\n'
GOOD_STEP = '''
[[steps]]
page = "lab"
title = { ko = "마스크", en = "Mask" }
narration = { ko = "마스크를 적용합니다.", en = "Apply the mask." }
example = "mask_2x2"
'''


def step(body: str, title: str = 'title = { ko = "패딩", en = "Padding" }') -> str:
    return f'\n[[steps]]\n{title}\nnarration = {{ ko = "설명", en = "Text" }}\n{body}\n'


def raises(text: str) -> str:
    with pytest.raises(LessonError) as info:
        load_lesson(text)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# (name, lesson text, words the message must contain)
CASES = [
    ("bad padding", HEAD + GOOD_STEP + step('page = "lab"\nexample = "filter_3x3_valid"\npadding = "lots"'),
     ['step 2 ("Padding")', 'field "padding"', 'expected valid, same or a whole number ≥ 0, got "lots"']),
    ("unknown page", HEAD + step('page = "labb"'), ['step 1 ("Padding")', 'field "page"', '"labb"', "lab, pooling"]),
    ("unknown key (typo)", HEAD + GOOD_STEP + GOOD_STEP + step('page = "lab"\npaddng = 1'),
     ['step 3 ("Padding")', 'field "paddng"', 'did you mean "padding"']),
    ("wrong type", HEAD + step('page = "lab"\nstride = "two"'), ['step 1 ("Padding")', 'field "stride"', '"two"']),
    ("missing narration language", HEAD + GOOD_STEP + '\n[[steps]]\npage = "pooling"\n'
     'title = { ko = "풀링", en = "Pooling" }\nnarration = { ko = "맥스 풀링" }\n',
     ['step 2 ("Pooling")', 'field "narration.en"', "missing"]),
    ("missing lesson title", GOOD_STEP, ["lesson", 'field "title"', "missing"]),
    ("empty steps", HEAD + "steps = []\n", ["lesson", 'field "steps"', "at least one"]),
    ("no steps at all", HEAD, ["lesson", 'field "steps"']),
    ("bad TOML syntax", HEAD + GOOD_STEP + step('page = "lab"\nstride = 2 2'),
     ["step 2", 'field "stride"', "line 13, column", "not valid TOML: Expected newline"]),
    ("field of another page", HEAD + step('page = "lab"\nsize = 2'),
     ['step 1 ("Padding")', 'field "size"', "not used on the lab page"]),
    ("unknown worked example", HEAD + step('page = "lab"\nexample = "mask_3x3"'),
     ['field "example"', '"mask_3x3"', "mask_2x2"]),
    ("missing page", HEAD + step('example = "mask_2x2"'), ['step 1 ("Padding")', 'field "page"', "missing"]),
    ("step without a title names it by number", HEAD + '\n[[steps]]\npage = "lab"\nnarration = { ko = "가", en = "a" }\n',
     ["step 1:", 'field "title"', "missing"]),
    ("unknown kernel preset", HEAD + step('page = "filters"\nkernel = "sobel"'),
     ['field "kernel"', "expected a kernel preset (identity", 'got "sobel"']),
    ("bad kernel matrix", HEAD + step('page = "lab"\nexample = "mask_2x2"\nkernel = [[1, 2], [3]]'),
     ['field "kernel"', "same number of values"]),
    ("kernel too large", HEAD + step('page = "lab"\nexample = "mask_2x2"\nkernel = "1 1 1 1 1 1 1 1"'),
     ['field "kernel"', "between 1×1 and 7×7"]),
    ("bad input kind", HEAD + step('page = "pooling"\ninput = { image = "a.png" }'),
     ['field "input"', "matrix, preset, digit", '"image"']),
    ("bad matrix value", HEAD + step('page = "lab"\ninput = { matrix = [[1, "x"]] }\nkernel = "sobel_x"'),
     ['field "input.matrix"', "row 1, column 2", '"x"']),
    ("stroke point outside the canvas", HEAD + step('page = "digits"\ninput = { strokes = [[[0.1, 0.2], [0.5, 1.5]]] }'),
     ['field "input.strokes"', "stroke 1, point 2", "between 0 and 1", "[0.5, 1.5]"]),
    ("slider out of range", HEAD + step('page = "digits"\ntransform = { angle = 200 }'),
     ['field "transform.angle"', "from -90 to 90", "200"]),
    ("unknown slider", HEAD + step('page = "digits"\ntransform = { rotate = 20 }'),
     ['field "transform.rotate"', "dx, dy, angle"]),
    ("unknown language", HEAD + '\n[[steps]]\npage = "lab"\ntitle = { ko = "가", en = "A", fr = "B" }\n'
     'narration = { ko = "가", en = "a" }\n', ['step 1 ("A")', 'field "title.fr"', "unknown language"]),
    ("example and input together", HEAD + step('page = "lab"\nexample = "mask_2x2"\ninput = { digit = 7 }'),
     ['field "input"', "not both"]),
    ("model that is neither bundled nor a file", HEAD + step('page = "digits"\nmodel = "my_model"'),
     ['field "model"', "mnist_cnn", '"my_model"']),
    ("unknown top-level key", "titel = 3\n" + HEAD + GOOD_STEP, ["lesson", 'field "titel"', 'did you mean "title"']),
    ("wrong format", 'format = "session"\n' + HEAD + GOOD_STEP, ['field "format"', "cnnviz-lesson"]),
    ("highlight of another page", HEAD + step('page = "lab"\nhighlight = ["winner"]'),
     ['field "highlight"', '"winner"', "on the lab page"]),
    ("expected output the core does not compute", HEAD + step('page = "lab"\nexample = "filter_3x3_valid"\n'
     'expect = "15 16 / 6 14"'), ['step 1 ("Padding")', 'field "expect"', 'computes "15 16 / 6 15", not "15 16 / 6 14"']),
    ("position past the last step", HEAD + step('page = "lab"\nexample = "mask_2x2"\nposition = 9'),
     ['field "position"', "9 steps (0 to 8), got 9"]),
    ("kernel larger than the input", HEAD + step('page = "lab"\ninput = { matrix = "1 2; 3 4" }\nkernel = "sobel_x"'),
     ['step 1 ("Padding")', 'field "kernel"', "larger than the padded input"]),
    ("wrong uncovered count", HEAD + step('page = "lab"\nexample = "filter_3x3_stride2"\nstride = 3\n'
     'expect_uncovered = 2'), ['field "expect_uncovered"', "leaves 1 row(s)/column(s) uncovered, not 2"]),
    ("pool window larger than the input", HEAD + step('page = "pooling"\ninput = { matrix = "1 2; 3 4" }\nsize = 3'),
     ['field "size"', "larger than the padded input"]),
    ("boolean where a number is needed", HEAD + step('page = "train"\nepochs = true'),
     ['field "epochs"', "got true"]),
]


@pytest.mark.parametrize("text,words", [pytest.param(t, w, id=n) for n, t, w in CASES])
def test_malformed_lesson_message_names_step_and_field(text, words):
    message = raises(text)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_file_errors_name_the_file(tmp_path):
    path = tmp_path / "my class.toml"
    path.write_text(HEAD + step('page = "lab"\npadding = -1'), encoding="utf-8")
    message = raises(path)
    assert message.startswith('my class.toml: step 1 ("Padding"): field "padding"'), message
    assert "-1" in message
    assert "no such lesson file" in raises(tmp_path / "absent.toml")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00bad")
    assert "binary.toml" in raises(tmp_path / "binary.toml")


def test_a_good_lesson_loads_and_a_bad_later_step_loads_nothing():
    good = load_lesson(HEAD + GOOD_STEP + GOOD_STEP)
    assert len(good.steps) == 2 and good.steps[1].example == "mask_2x2"
    raises(HEAD + GOOD_STEP + GOOD_STEP + step('page = "lab"\nstride = 0'))
