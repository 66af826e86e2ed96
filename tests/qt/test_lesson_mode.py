"""Lesson mode through the real window, its pages and widgets (offscreen): every bundled
lesson runs through every step and each step shows what its ``expect…`` fields say; the
keys, the progress, interaction mid-step, Record step + Save, malformed lessons and
missing files."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit

from cnnviz.app.lesson_highlights import digits_tab
from cnnviz.lessons import Text, expected_grid, find_lesson, format_grid, list_lessons, load_lesson
from cnnviz.package_data import models_dir

MODEL = models_dir() / "mnist_cnn.keras"
BUNDLED = [b.name for b in list_lessons()]


@pytest.fixture(scope="module")
def window(qapp):
    """One real window with every page and the bundled digit model loaded (once)."""
    if not MODEL.is_file():
        pytest.skip(f"the bundled model is missing at {MODEL}")
    from cnnviz.app.application import build_window

    w = build_window(None)
    w._persist = False
    w.resize(1400, 900)
    w.show()
    w.model_hub.open(str(MODEL))
    for _ in range(600):
        w.model_hub.wait(100)
        qapp.processEvents()
        if w.model_hub.current is not None and w.digits.info is not None:
            break
    assert w.model_hub.current is not None, "the bundled model did not load"
    yield w
    w.lesson.stop()
    w.digits.worker.stop()
    w.close()
    w.deleteLater()


@pytest.fixture
def lesson(window):
    window.lesson.stop()
    window.activateWindow()
    yield window.lesson
    window.lesson.stop()


def settle(qtbot, window, step) -> None:
    """Let the page finish what the step started (a model load, an inference)."""
    qtbot.wait(10)
    if step.page == "digits":
        ctl = window.digits
        qtbot.waitUntil(lambda: not window.lesson.replay.running, timeout=10_000)  # the pen has drawn
        qtbot.waitUntil(lambda: not window.model_hub.busy and ctl.result is not None, timeout=60_000)
        seq = ctl.request()
        qtbot.waitUntil(lambda: ctl.result is not None and ctl.result.seq >= seq, timeout=60_000)
        qtbot.wait(10)


def shown(grid) -> list[list[str]]:
    return grid.texts()


def check_grid(grid, step, full: bool) -> None:
    """The view's output grid has the shape of ``expect``; every cell computed so far shows
    its value, and all of them when the step shows the whole result."""
    want = [row.split() for row in format_grid(expected_grid(step)).split(" / ")]
    got = shown(grid)
    assert len(got) == len(want) and all(len(a) == len(b) for a, b in zip(got, want)), (got, want)
    for r, row in enumerate(got):
        for c, text in enumerate(row):
            assert text in ("", want[r][c]), (step.title.en, r, c, text, want[r][c])
    if full:
        assert got == want, step.title.en
    else:
        assert any(t for row in got for t in row), "no cell computed at this step"


def check_step(window, step) -> None:
    assert window.current_page_key() == step.page
    if step.page == "lab":
        v = window.lab.view
        last = window.lab.stepper.position == window.lab.stepper.count - 1
        if step.expect:
            check_grid(v.output_grid, step, full=step.position is None or last)
        if step.expect_formula:
            assert step.expect_formula in v.shape_formula.text()
        if step.expect_step:
            assert v.step_formula.text() == step.expect_step
        if step.expect_uncovered:
            assert v.notes.isVisible() and v.notes.text(), "the lab says nothing about the uncovered cells"
        if step.example is not None:  # the heading names the example, unless the step changes it
            changed = step.padding is not None or step.stride is not None or step.kernel is not None
            if changed:
                assert v.title.text() == step.title.en
            else:
                assert v.title.text().startswith("Worked example: ")
        if step.padding is not None:
            assert window.lab.settings()["padding"] in (step.padding, (step.padding,) * 4,
                                                       (step.padding,) * 2) or step.padding == "same"
    elif step.page == "pooling":
        v = window.pooling.view
        if step.expect:
            check_grid(v.left_grid, step, full=step.position is None)
        if step.mode:
            assert v.left_mode.currentData() == step.mode
        if step.compare:
            assert v.right_mode.currentData() == step.compare
    elif step.page == "filters":
        v = window.filters.view
        if step.kernel:
            assert v.kernel_source.currentData() == step.kernel
        if step.color:
            assert v.color_mode.currentData() == step.color
        if step.input is not None:
            assert str(step.input.value) in v.image_info.text()
    elif step.page == "digits":
        page = window.digits.page
        if step.input is not None and step.input.kind == "digit":
            assert not window.digits.canvas.is_empty()
            assert page.probabilities.top == step.input.value, "the drawn template is not recognised"
        if step.transform is not None:
            for key, value in step.transform.slider_values().items():
                assert page.explore.sliders[key].value() == value, key
        if step.map is not None:
            assert (page.detail.layer, page.detail.channel) == (step.map.layer, step.map.channel)
        tab = digits_tab(step)
        if tab is not None:
            shown_tab = {"maps": page.maps_split, "kernels": page.kernels, "explore": page.explore}[tab]
            assert page.tabs.currentWidget() is shown_tab, (step.title.en, tab)
    elif step.page == "evaluate" and step.dataset:
        assert window.evaluation.page.dataset.currentData() == step.dataset
    elif step.page == "train":
        p = window.training.page
        if step.architecture:
            assert p.arch.currentData() == step.architecture
        if step.epochs:
            assert p.epochs.value() == step.epochs


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_lesson_runs_through_every_step(window, lesson, qtbot, name):
    assert lesson.open(name)
    steps = lesson.lesson.steps
    panel = lesson.panel
    assert panel.isVisible() and not lesson.caption.isVisible()
    for i, step in enumerate(steps):
        if i:
            qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageDown)  # the clicker's key
        assert lesson.index == i
        settle(qtbot, window, step)
        assert panel.progress_text.text() == f"Step {i + 1} of {len(steps)}"
        assert panel.progress.value() == i + 1 and panel.progress.maximum() == len(steps)
        assert panel.step_title.text() == step.title.en
        assert panel.narration.text() == step.narration.en
        assert not panel.notes.isVisible(), panel.notes.text()
        assert panel.look_at.isVisible() == bool(step.highlight)
        if step.highlight:
            assert panel.look_at.text().startswith("Look at: the ")
        check_step(window, step)
    assert not panel.next_button.isEnabled() and not lesson.next_action.isEnabled()
    assert not lesson.next()  # the end: nothing moves
    assert lesson.index == len(steps) - 1


def test_page_up_and_down_move_the_lesson_and_the_arrows_stay_with_the_lab(window, lesson, qtbot):
    assert lesson.open("arithmetic")
    page = window.tabs.currentWidget()
    qtbot.keyClick(page, Qt.Key.Key_PageDown)
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageDown)
    assert lesson.index == 2 and lesson.panel.progress_text.text() == "Step 3 of 6"
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageUp)
    assert lesson.index == 1
    # In the lab, → steps the computation, not the lesson.
    window.lab.view.setFocus()
    before = window.lab.stepper.position
    window.lab.stepper.go_to(0)
    qtbot.keyClick(window.lab.view, Qt.Key.Key_Right)
    assert lesson.index == 1 and window.lab.stepper.position == 1 != before
    # With the focus in the panel (a click on its text), → and ← move the lesson.
    window.activateWindow()
    qtbot.mouseClick(lesson.panel.narration, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is lesson.panel.body
    qtbot.keyClick(lesson.panel.body, Qt.Key.Key_Right)
    assert lesson.index == 2
    qtbot.keyClick(lesson.panel.body, Qt.Key.Key_Left)
    qtbot.keyClick(lesson.panel.body, Qt.Key.Key_Left)
    assert lesson.index == 0 and not lesson.panel.previous_button.isEnabled()
    qtbot.mouseClick(lesson.panel.next_button, Qt.MouseButton.LeftButton)
    assert lesson.index == 1
    # Page Down moves the lesson even while a spin box or a text field has the focus.
    spin = window.lab.view.findChildren(QAbstractSpinBox)[0]
    spin.setFocus()
    value = spin.text()
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    assert lesson.index == 2
    field = window.lab.view.findChildren(QLineEdit)[0]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_PageUp)
    assert lesson.index == 1 and window.lab.view.findChildren(QAbstractSpinBox)[0].text() == value


def test_the_class_interacts_then_next_continues(window, lesson, qtbot):
    assert lesson.open("arithmetic")
    assert window.lab.view.output_grid.texts() == [["15", "16"], ["6", "15"]]
    window.lab.set_padding(2)  # a student tries another padding
    assert len(window.lab.view.output_grid.texts()) == 6
    assert lesson.next()
    step = lesson.lesson.steps[1]
    check_step(window, step)
    assert window.lab.view.output_grid.texts()[1] == ["4", "15", "16", "10"]


def test_presentation_mode_shows_the_caption_bar_instead_of_the_panel(window, lesson, qtbot):
    assert lesson.open("arithmetic")
    window.presentation.set_presenting(True)
    try:
        assert lesson.caption.isVisible() and not lesson.panel.isVisible()
        qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageDown)
        step = lesson.lesson.steps[1]
        assert lesson.caption.title.text() == step.title.en
        assert lesson.caption.narration.text() == step.narration.en
        assert lesson.caption.progress.text() == "Step 2 of 6"
        assert lesson.caption.title.font().pointSizeF() > QApplication.font().pointSizeF()
        assert not lesson.caption.notes.isVisible()
        assert not lesson.open("no_such_lesson")   # presenting, the caption says what went wrong
        assert lesson.caption.notes.isVisible() and "no_such_lesson" in lesson.caption.notes.text()
        assert lesson.caption.isVisible() and not lesson.panel.isVisible() and lesson.index == 1
    finally:
        window.presentation.set_presenting(False)
    assert lesson.panel.isVisible() and not lesson.caption.isVisible()


def test_record_step_and_save_round_trip_through_a_file(window, lesson, qtbot, tmp_path):
    window.show_page("lab")
    window.lab.load_example("filter_3x3_stride2")
    window.lab.set_stride(3)
    shown_before = window.lab.view.output_grid.texts()
    assert lesson.record("Stride 3", "The window jumps three cells.")
    assert lesson.active and lesson.position.count == 1
    window.show_page("pooling")
    window.pooling.set_pool(3, 1, "valid")
    assert lesson.record("Pool 3", "")
    assert lesson.panel.progress_text.text() == "Step 2 of 2"
    path = lesson.save(tmp_path / "mine")
    assert path == tmp_path / "mine.toml" and path.is_file()
    saved = load_lesson(path)
    assert saved == lesson.lesson
    assert [s.page for s in saved.steps] == ["lab", "pooling"]
    assert saved.steps[0].stride == 3 and saved.steps[0].title == Text("Stride 3", "Stride 3")
    # Change the pages, then replay the saved file.
    window.lab.load_example("mask_2x2")
    window.pooling.set_pool(2, None, "valid")
    lesson.stop()
    assert lesson.open(str(path))
    assert window.current_page_key() == "lab"
    assert window.lab.view.output_grid.texts() == shown_before
    lesson.next()
    assert window.pooling.view.size.value() == 3 and window.pooling.view.stride.value() == 1


def test_a_malformed_lesson_says_where_and_changes_nothing(window, lesson, qtbot, tmp_path):
    assert lesson.open("arithmetic")
    lesson.next()
    grid = window.lab.view.output_grid.texts()
    bad = tmp_path / "bad.toml"
    bad.write_text('title = { ko = "나쁜 수업", en = "Bad" }\n\n[[steps]]\npage = "lab"\n'
                   'title = { ko = "패딩", en = "Padding" }\nnarration = { ko = "가", en = "a" }\n'
                   'padding = "lots"\n', encoding="utf-8")
    assert not lesson.open(str(bad))
    notes = lesson.panel.notes
    assert notes.isVisible()
    assert 'step 1 ("Padding")' in notes.text() and 'field "padding"' in notes.text()
    assert lesson.lesson.title.en.startswith("Convolution arithmetic") and lesson.index == 1
    assert window.current_page_key() == "lab" and window.lab.view.output_grid.texts() == grid
    broken = tmp_path / "broken.toml"
    broken.write_text('title = { ko = "가", en = "A" }\n\n[[steps]]\npage = "lab"\n'
                      'title = { ko = "가", en = "A" }\nnarration = { ko = "가", en = "a" }\nstride = [1,\n',
                      encoding="utf-8")
    assert not lesson.open(str(broken))
    assert notes.text().startswith("broken.toml: step 1") and "not valid TOML" in notes.text()
    assert lesson.index == 1 and window.lab.view.output_grid.texts() == grid
    assert not lesson.open(str(tmp_path / "nothing.toml"))
    assert "no such lesson file" in notes.text()


def test_a_lesson_with_a_missing_model_says_which_and_goes_on(window, lesson, qtbot, tmp_path):
    path = tmp_path / "asl.toml"
    path.write_text('title = { ko = "수화", en = "Signs" }\n\n'
                    '[[steps]]\npage = "digits"\ntitle = { ko = "내 모델", en = "Your own model" }\n'
                    'narration = { ko = "가", en = "a" }\nmodel = "asl.h5"\ninput = { digit = 3 }\n\n'
                    '[[steps]]\npage = "pooling"\ntitle = { ko = "풀링", en = "Pooling" }\n'
                    'narration = { ko = "나", en = "b" }\nexample = "maxpool_small"\n', encoding="utf-8")
    current = window.model_hub.current
    assert lesson.open(str(path))
    settle(qtbot, window, lesson.lesson.steps[0])
    notes = lesson.panel.notes
    assert notes.isVisible() and "asl.h5" in notes.text() and "Step 1" in notes.text()
    assert window.model_hub.current is current  # substituted: the current model stays
    assert window.digits.page.probabilities.top == 3  # the rest of the step applied
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageDown)
    assert not notes.isVisible()
    assert window.pooling.view.left_grid.texts() == [["4", "2"], ["1", "6"]]


def test_korean_lesson_text_and_stop(window, lesson, qtbot, qapp):
    from cnnviz.qt import i18n

    assert i18n.install_language(qapp, "ko")
    try:
        assert lesson.open("class")
        step = lesson.lesson.steps[0]
        assert lesson.panel.step_title.text() == step.title.ko
        assert lesson.panel.narration.text() == step.narration.ko
        assert lesson.panel.lesson_title.text() == lesson.lesson.title.ko
        assert lesson.progress_text() == "19단계 중 1단계"
    finally:
        i18n.install_language(qapp, "en")
    lesson.stop()
    assert not lesson.panel.isVisible() and not lesson.active and not lesson.next_action.isEnabled()


def test_command_line_option():
    from cnnviz.cli.main import build_parser

    assert build_parser().parse_args(["--lesson", "class"]).lesson == "class"


def test_record_step_dialog_takes_the_title_and_narration(window, lesson, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from cnnviz.qt.lesson.record_dialog import RecordStepDialog

    def fill_and_accept(dialog):
        dialog.title_edit.setText("Checkerboard edges")
        dialog.narration_edit.setPlainText("Sobel on a checkerboard.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordStepDialog, "exec", fill_and_accept)
    window.show_page("filters")
    lesson.record_dialog()
    step = lesson.lesson.steps[-1]
    assert step.page == "filters" and step.title.en == "Checkerboard edges"
    assert step.narration == Text("Sobel on a checkerboard.", "Sobel on a checkerboard.")
    assert lesson.panel.step_title.text() == "Checkerboard edges"
    monkeypatch.setattr(RecordStepDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    lesson.record_dialog()
    assert lesson.position.count == 1  # cancelled: nothing added


def _evaluation(classes: int = 10):
    from cnnviz.core.evaluation_data import EvaluationData

    labels = np.array([9, 9, 4, 7, 9])
    predictions = np.array([4, 9, 4, 7, 4])
    probabilities = np.full((5, classes), 0.05, np.float32)
    probabilities[np.arange(5), predictions] = 0.55
    confusion = np.zeros((classes, classes), np.int64)
    np.add.at(confusion, (labels, predictions), 1)
    return EvaluationData("mnist", "test", [str(i) for i in range(classes)],
                          np.zeros((5, 28, 28), np.uint8), labels, predictions, probabilities, confusion)


def test_the_confusion_matrix_cell_opens_when_the_evaluation_is_there(window, lesson, qtbot):
    class_lesson = find_lesson("class")
    steps = [s for s in class_lesson.steps if s.page == "evaluate"]
    assert steps and steps[0].cell == (9, 4)
    ctl, page = window.evaluation, window.evaluation.page
    lesson.start(dataclasses.replace(class_lesson, steps=tuple(steps)))
    assert window.current_page_key() == "evaluate" and page.dataset.currentData() == "mnist"
    data = _evaluation()
    page.show_result(data)            # the class pressed Evaluate: the result arrives
    ctl.evaluated.emit(data)
    assert page.confusion.selected == (9, 4)
    assert len(page.gallery_indices) == 2
    page.show_misclassified()          # the class looks elsewhere; the step, shown again, opens it
    assert page.confusion.selected is None
    lesson.go_to(0)
    assert page.confusion.selected == (9, 4)


def test_a_lesson_drawing_is_drawn_as_pen_moves_and_next_finishes_it(window, lesson, qtbot):
    class_lesson = find_lesson("class")
    steps = tuple(s for s in class_lesson.steps if s.page == "digits")
    lesson.start(dataclasses.replace(class_lesson, steps=steps))
    canvas = window.digits.canvas
    assert lesson.replay.running and canvas.is_empty()              # the pen starts on a clean page
    qtbot.waitUntil(canvas.is_drawing, timeout=5_000)
    partial = int(canvas.ink_u8().astype(bool).sum())
    qtbot.waitUntil(lambda: not lesson.replay.running, timeout=10_000)
    assert not canvas.is_drawing() and not canvas.is_empty()
    drawn = canvas.ink_u8()
    assert 0 < partial < int(drawn.astype(bool).sum())
    lesson.start(dataclasses.replace(class_lesson, steps=steps))   # again, and move on at once
    assert lesson.replay.running
    lesson.next()
    assert not lesson.replay.running and not canvas.is_drawing()
    np.testing.assert_array_equal(canvas.ink_u8(), drawn)          # the whole 7, as before
    qtbot.waitUntil(lambda: window.digits.result is not None
                    and window.digits.page.probabilities.top == 7, timeout=60_000)


def test_inputs_a_state_cannot_carry_presets_images_and_drawings(window, lesson, qtbot, tmp_path):
    from cnnviz.lessons import pen_strokes
    from cnnviz.qt.lab.inputs import conv_input_presets, pool_input_presets

    path = tmp_path / "inputs.toml"
    path.write_text('title = { ko = "입력", en = "Inputs" }\n\n'
                    '[[steps]]\npage = "lab"\ntitle = { ko = "체커보드", en = "Checkerboard" }\n'
                    'narration = { ko = "가", en = "a" }\ninput = { preset = "checkerboard" }\nkernel = "sobel_x"\n'
                    'padding = 0\nstride = 1\n\n'
                    '[[steps]]\npage = "lab"\ntitle = { ko = "사진", en = "Photo" }\n'
                    'narration = { ko = "나", en = "b" }\ninput = { image = "scene.png" }\nkernel = "box_blur"\n\n'
                    '[[steps]]\npage = "pooling"\ntitle = { ko = "무작위", en = "Random" }\n'
                    'narration = { ko = "다", en = "c" }\ninput = { preset = "random_6x6" }\nsize = 2\n\n'
                    '[[steps]]\npage = "digits"\ntitle = { ko = "선", en = "A line" }\n'
                    'narration = { ko = "라", en = "d" }\n'
                    'input = { strokes = [[[0.5, 0.15], [0.5, 0.85]]] }\n', encoding="utf-8")
    assert lesson.open(str(path))
    checker = next(p for p in conv_input_presets() if p.key == "checkerboard").values
    np.testing.assert_array_equal(window.lab.input(), checker)
    assert len(window.lab.view.input_grid.texts()) == 6 and len(window.lab.view.output_grid.texts()) == 4
    assert window.lab.view.input_preset.currentData() == "input:checkerboard"
    lesson.next()
    assert not lesson.panel.notes.isVisible(), lesson.panel.notes.text()
    assert max(window.lab.input().shape[:2]) == window.lab.view.image_size.value()  # the photo, resized
    assert window.lab.view.output_grid.texts()
    lesson.next()
    random = next(p for p in pool_input_presets() if p.key == "random_6x6").values
    np.testing.assert_array_equal(window.pooling.input(), random)
    assert len(window.pooling.view.left_grid.texts()) == 3
    lesson.next()
    qtbot.waitUntil(lambda: not lesson.replay.running, timeout=10_000)
    ink = window.digits.canvas.ink_u8()
    h, w = ink.shape
    (_x0, y0), _end = pen_strokes(lesson.lesson.steps[3].input)[0]
    assert ink[h // 2, w // 2] > 0 and ink[int(y0 * h) + 5, w // 2] > 0  # the vertical line is drawn
    assert ink[:, : w // 4].max() == 0                                     # and nothing else
