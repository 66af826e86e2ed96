"""Each bundled lab, pooling and filter step, applied to the real page (offscreen) through
``state_for`` and the page's own ``restore_session_state``, shows what the step expects."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from cnnviz.lessons import default_resolver, expected_grid, find_lesson, list_lessons, state_for  # noqa: E402
from cnnviz.app.filters_controller import FilterController  # noqa: E402
from cnnviz.app.lab_controller import ConvLabController  # noqa: E402
from cnnviz.app.pooling_controller import PoolLabController  # noqa: E402

LESSONS = {b.name: find_lesson(b.name) for b in list_lessons()}


def _steps(page: str):
    for name, lesson in LESSONS.items():
        for number, step in enumerate(lesson.steps, start=1):
            if step.page == page:
                yield pytest.param(step, id=f"{name}-{number}")


@pytest.fixture
def lab(qtbot):
    c = ConvLabController()
    qtbot.addWidget(c.view)
    c.load_example("filter_3x3_stride2")  # something else than every step, to see each one take effect
    c.view.bias.setValue(2.0)  # as if the class had played with it: an example resets it
    return c


@pytest.mark.parametrize("step", list(_steps("lab")))
def test_lab_step_takes_effect(lab, step):
    lab.restore_session_state(state_for(step, lab.session_state()))
    v = lab.view
    assert lab.error() == ""
    if step.expect is not None:
        np.testing.assert_array_equal(lab.result.output2d(), expected_grid(step))
    last = lab.result.n_steps - 1
    assert lab.stepper.position == (step.position if step.position is not None else last)
    if step.expect_step is not None:
        assert v.step_formula.text() == step.expect_step
    if step.expect_formula is not None:
        assert step.expect_formula in v.shape_formula.text()
    if step.expect_uncovered:
        assert "not a whole number" in v.notes.text()
    else:
        assert not v.notes.text()


def test_the_padding_step_shows_15_16_6_15(qtbot):
    lab = ConvLabController()
    qtbot.addWidget(lab.view)
    step = next(s for s in LESSONS["class"].steps if s.expect == "15 16 / 6 15")
    lab.restore_session_state(state_for(step, lab.session_state()))
    assert lab.view.output_grid.texts() == [["15", "16"], ["6", "15"]]


@pytest.mark.parametrize("step", list(_steps("pooling")))
def test_pooling_step_takes_effect(qtbot, step):
    pool = PoolLabController()
    qtbot.addWidget(pool.view)
    pool.restore_session_state(dict(pool.session_state(), left="min", right="max", size=3))
    pool.restore_session_state(state_for(step, pool.session_state()))
    left, right = pool.results
    np.testing.assert_array_equal(left.output2d(), expected_grid(step))
    assert left.mode == step.mode and right.mode == (step.compare or "max")
    assert pool.stepper.position == left.n_steps - 1


@pytest.mark.parametrize("step", list(_steps("filters")))
def test_filter_step_takes_effect(qtbot, step):
    page = FilterController()
    qtbot.addWidget(page.view)
    page.restore_session_state(dict(page.session_state(), kernel="identity", color_mode="gray"))
    resolver = default_resolver(LESSONS["class"].base_dir)
    page.restore_session_state(state_for(step, page.session_state(), resolver))
    state = page.session_state()
    assert state["kernel"] == step.kernel
    assert state["color_mode"] == (step.color or "gray")
    assert state["image_path"] == str(resolver("image", step.input.value))


@pytest.mark.parametrize("step", list(_steps("train")))
def test_train_step_takes_effect(qtbot, step):
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.app.training_controller import build_train
    from cnnviz.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_train(w, None)
    try:
        page = w.training.page
        page.arch.setCurrentIndex(page.arch.findData("cnnviz_fashion"))
        page.dataset.setCurrentIndex(page.dataset.findData("fashion_mnist"))
        w.training.restore_session_state(state_for(step, w.training.session_state()))
        state = w.training.session_state()
        assert (state["architecture"], state["dataset"], state["epochs"]) == \
            (step.architecture, step.dataset, step.epochs)
        from cnnviz.inference.architectures import ARCHITECTURES

        assert state["layers"] == w.training.page.form.spec()
        assert len(state["layers"]) == len(ARCHITECTURES[step.architecture].spec)
    finally:
        w.training.shutdown()
