"""Every bundled lesson loads, round-trips, finds its files, and says what the core computes."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import examples
from cnnviz.core.kernels import PRESETS_BY_KEY
from cnnviz.lessons import (
    PAGES, check_resources, dumps, expected_grid, find_lesson, lab_problem, list_lessons, load_lesson,
    solve_lab, solve_pool,
)

BUNDLED = list_lessons()
LESSONS = {b.name: load_lesson(b.path) for b in BUNDLED}


def _lab_and_pool_steps():
    for name, lesson in LESSONS.items():
        for number, step in enumerate(lesson.steps, start=1):
            if step.page in ("lab", "pooling"):
                yield pytest.param(step, id=f"{name}-{number}")


def test_the_two_bundled_lessons_are_listed_with_titles():
    names = {b.name for b in BUNDLED}
    assert {"class", "arithmetic"} <= names
    for b in BUNDLED:
        assert b.title.ko and b.title.en and b.title.ko != b.title.en
        assert b.steps == len(LESSONS[b.name].steps) > 0


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_bundled_lesson_round_trips_and_has_both_languages(name, tmp_path):
    lesson = LESSONS[name]
    assert load_lesson(dumps(lesson)) == lesson
    for step in lesson.steps:
        assert step.page in PAGES
        assert step.title.ko != step.title.en, step.title  # really translated
        assert len(step.narration.en) > 40 and len(step.narration.ko) > 20


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_bundled_lesson_needs_no_missing_file(name):
    assert all(missing == () for missing in check_resources(LESSONS[name]))


def test_class_lesson_follows_lesson_md_page_by_page():
    pages = [s.page for s in LESSONS["class"].steps]
    # mask, padding/stride, pooling, filters, digits, learned kernels, evaluation, own model, training
    order = ["lab", "pooling", "filters", "digits", "evaluate", "model", "train"]
    firsts = sorted(order, key=pages.index)
    assert firsts == order
    assert len(LESSONS["class"].steps) >= 15


def test_find_lesson_by_name_and_path():
    assert find_lesson("arithmetic") == LESSONS["arithmetic"]
    assert find_lesson(BUNDLED[0].path) == LESSONS[BUNDLED[0].name]


@pytest.mark.parametrize("step", list(_lab_and_pool_steps()))
def test_lab_and_pooling_steps_agree_with_the_core(step):
    result = solve_lab(step) if step.page == "lab" else solve_pool(step)
    assert result is not None, "bundled lab/pooling steps use numbers the core can check"
    if step.position is not None:
        assert -1 <= step.position < result.n_steps
    want = expected_grid(step)
    if want is not None:
        np.testing.assert_array_equal(result.output2d(), want)
    if step.expect_formula is not None:
        assert step.expect_formula in result.geometry.formula()
    if step.expect_step is not None:
        assert result.step(step.position).formula() == step.expect_step
    if step.expect_uncovered is not None:
        axes = (result.geometry.rows, result.geometry.cols)
        assert max(ax.leftover for ax in axes) == step.expect_uncovered
        assert result.geometry.notes(), "the core must say that the stride does not fit"
    else:
        assert not result.geometry.notes()


def test_the_padding_step_shows_15_16_6_15_from_the_textbook_example():
    step = next(s for s in LESSONS["class"].steps if s.expect == "15 16 / 6 15")
    assert step.example == "filter_3x3_valid"
    problem = lab_problem(step)
    np.testing.assert_array_equal(problem["input"], examples.INPUT_4X4)
    np.testing.assert_array_equal(problem["kernel"], examples.FILTER_3X3)
    assert problem["padding"] == "valid" and problem["stride"] == 1


def test_each_stride_that_does_not_fit_is_reported_by_the_core():
    found = 0
    for lesson in LESSONS.values():
        for step in lesson.steps:
            if step.expect_uncovered:
                found += 1
                notes = solve_lab(step).geometry.notes()
                assert any("not a whole number" in n for n in notes), notes
    assert found >= 2  # one in each bundled lesson


def test_filter_steps_use_presets_the_core_has():
    steps = [s for lesson in LESSONS.values() for s in lesson.steps if s.page == "filters"]
    assert {s.kernel for s in steps} >= {"laplacian", "sobel_x", "gaussian_blur", "sharpen"}
    assert all(s.kernel in PRESETS_BY_KEY for s in steps)
