"""Saving and loading lessons, and the files a lesson refers to."""
from __future__ import annotations

import tomllib

import pytest

from cnnviz.lessons import (
    Lesson, LessonError, MapChoice, Source, Step, Text, Transform, check_resources, default_resolver,
    dumps, load_lesson, missing_messages, save_lesson,
)


def _step(page: str, n: int, **settings) -> Step:
    return Step(page=page, title=Text(f"단계 {n}", f"Step {n}"),
                narration=Text(f"설명 \"{n}\"\n둘째 줄", f"Narration {n} with \\ and \"quotes\"\tand a tab"),
                **settings)


EVERY_FIELD = Lesson(
    title=Text("모든 필드", "Every field"),
    description=Text("설명", "Description"),
    steps=(
        _step("lab", 1, highlight=("output", "formula"), example="filter_3x3_valid", kernel="sobel_x",
              padding=(1, 2), stride=(1, 2), dilation=2, position=0, expect="4 -2 / 5 -7",
              expect_formula="⌊3 / 2⌋ + 1 = 2", expect_uncovered=1,
              expect_step="(0×(-1))+(0×0)+(0×1)+(0×(-2))+(0×0)+(2×2)+(0×(-1))+(2×0)+(0×1) = 4"),
        _step("lab", 2, input=Source("matrix", ((0.5, -1.25), (1e-3, 3.0))), kernel=((1.0, 0.0), (0.0, 1.0)),
              padding="same", stride=3, position=-1),
        _step("lab", 3, input=Source("preset", "checkerboard"), padding=(0, 1, 2, 3)),
        _step("pooling", 4, input=Source("digit", 7), size=3, stride=2, padding="same", mode="avg",
              compare="min", position=4),
        _step("filters", 5, input=Source("image", "photos/한글 이름.png"), kernel="emboss", color="rgb",
              border="replicate", flip=True),
        _step("digits", 6, model="mnist_cnn", input=Source("image", "/abs/seven.png"),
              transform=Transform(dx=-3, dy=2, angle=-45, scale=1.25, thickness=1),
              map=MapChoice("conv2", 63), gradcam=False),
        _step("digits", 7, transform=Transform()),
        _step("model", 8, model="models/asl.h5", input=Source("strokes", (((0.25, 0.5), (1.0, 0.0)), ((0.125, 1.0),))),
              map=MapChoice("conv1", 0)),
        _step("evaluate", 9, model="fashion_mnist_cnn", dataset="fashion_mnist", cell=(9, 4)),
        _step("train", 10, architecture="textbook", dataset="mnist", epochs=3, highlight=("curves",)),
    ),
)


def test_every_field_round_trips_through_text_and_file(tmp_path):
    text = dumps(EVERY_FIELD)
    tomllib.loads(text)  # valid TOML
    assert load_lesson(text) == EVERY_FIELD
    saved = save_lesson(EVERY_FIELD, tmp_path / "all")
    assert saved.name == "all.toml"
    loaded = load_lesson(saved)
    assert loaded == EVERY_FIELD
    assert loaded.source == saved.resolve() and loaded.base_dir == tmp_path.resolve()
    assert [p.name for p in tmp_path.iterdir()] == ["all.toml"]  # no temporary left behind


def test_saved_file_is_readable_toml_a_teacher_can_edit(tmp_path):
    text = save_lesson(EVERY_FIELD, tmp_path / "x.toml").read_text(encoding="utf-8")
    assert 'title.ko = "모든 필드"' in text  # Korean as it is, not escaped
    assert text.count("[[steps]]") == len(EVERY_FIELD.steps)
    assert "padding = [1, 2]" in text and "stride = [1, 2]" in text and "expect = \"4 -2 / 5 -7\"" in text


def test_saving_an_invalid_lesson_writes_nothing(tmp_path):
    bad = Lesson(Text("가", "A"), (_step("lab", 1, padding="lots"),))
    with pytest.raises(LessonError, match='step 1 \\("Step 1"\\): field "padding"'):
        save_lesson(bad, tmp_path / "bad.toml")
    assert not any(tmp_path.iterdir())


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(LessonError, match="cannot save the lesson"):
        save_lesson(EVERY_FIELD, tmp_path / "no" / "such" / "folder.toml")


def test_missing_models_and_images_are_named_per_step(tmp_path):
    (tmp_path / "photos").mkdir()
    path = save_lesson(EVERY_FIELD, tmp_path / "lesson.toml")
    lesson = load_lesson(path)
    report = check_resources(lesson)
    assert len(report) == len(lesson.steps)
    missing = {(m.step, m.kind, m.name) for step in report for m in step}
    assert missing == {(5, "image", "photos/한글 이름.png"), (6, "image", "/abs/seven.png"),
                       (8, "model", "models/asl.h5")}
    # the bundled model (step 6) and the bundled digit template need no file
    (tmp_path / "photos" / "한글 이름.png").write_bytes(b"png")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "asl.h5").write_bytes(b"h5")
    assert missing_messages(lesson) == ['step 6 ("Step 6"): image "/abs/seven.png" not found']
    assert missing_messages(lesson, language="ko") == ['step 6 ("단계 6"): image "/abs/seven.png" not found']


def test_a_custom_resolver_can_substitute_files(tmp_path):
    seen = []

    def resolver(kind, name):
        seen.append((kind, name))
        return tmp_path if kind == "model" else None

    report = check_resources(EVERY_FIELD, resolver)
    assert [m.name for step in report for m in step] == ["photos/한글 이름.png", "/abs/seven.png"]
    assert ("model", "mnist_cnn") in seen


def test_default_resolver_finds_bundled_models_and_preset_images():
    resolve = default_resolver(None)
    assert resolve("model", "mnist_cnn").name == "mnist_cnn.keras"
    assert resolve("image", "scene.png").is_file()
    assert resolve("model", "nowhere.h5") is None


def test_a_path_with_an_equals_sign_is_still_a_path(tmp_path):
    path = tmp_path / "a=b.toml"
    save_lesson(EVERY_FIELD, path)
    assert load_lesson(str(path)) == EVERY_FIELD
    assert "no such lesson file" in _message(lambda: load_lesson(str(tmp_path / "x=y.toml")))


def _message(fn) -> str:
    with pytest.raises(LessonError) as info:
        fn()
    return str(info.value)
