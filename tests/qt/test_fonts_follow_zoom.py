"""Issue 17: on the lab, pooling, filter, model, evaluation and training pages every
font follows presentation mode (F11, then Esc) and zoom (Ctrl+= / Ctrl+−) live, in both
directions — widgets with a font of their own and pyqtgraph axes and texts included."""
from __future__ import annotations

import argparse

import numpy as np
import pytest
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QComboBox, QGroupBox, QLabel,
                               QLineEdit, QProgressBar, QWidget)

from cnnviz.qt.lab.grid_view import GridView

PAGES = ("lab", "pooling", "filters", "model", "evaluate", "train")
#: widgets that show text (plain containers' fonts are never seen)
TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractScrollArea,
                QProgressBar, QGroupBox, GridView)


@pytest.fixture
def window(qtbot):
    from cnnviz.app.application import build_window
    from cnnviz.qt.theme import apply_theme

    args = argparse.Namespace(page=None, geometry=None, model=None, lang=None, presentation=False,
                              reset_settings=False)
    w = build_window(args)
    apply_theme("light")  # as the app starts: a style sheet changes how fonts reach widgets
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    w.presentation.apply()
    # the confusion matrix with numbers in it, as after an evaluation
    w.evaluation.page.confusion.set_matrix(np.eye(10, dtype=np.int64) * 7, [str(i) for i in range(10)])
    yield w
    w.training.shutdown()


def font_sizes(w, qtbot) -> dict[str, float]:
    """Point size of every visible widget on the pages, and of the pyqtgraph texts."""
    import pyqtgraph as pg

    out = {}
    for key in PAGES:
        w.show_page(key)
        qtbot.wait(1)
        root = w.tabs.currentWidget()
        for i, x in enumerate(root.findChildren(QWidget)):
            if x.isVisibleTo(root) and isinstance(x, TEXT_WIDGETS):
                out[f"{key}/{type(x).__name__}/{x.objectName()}/{i}"] = x.font().pointSizeF()
        for j, view in enumerate(root.findChildren(pg.GraphicsView)):
            for item in view.scene().items():
                if isinstance(item, pg.AxisItem) and item.isVisible():
                    assert item.style["tickFont"] is not None, f"{key}: {item.orientation} axis numbers in a fixed font"
                    out[f"{key}/axis{j}/{item.orientation}/tick"] = item.style["tickFont"].pointSizeF()
                    size = item.labelStyle.get("font-size")
                    if item.label.isVisible() and item.labelText:
                        assert size, f"{key}: axis label {item.labelText!r} has no font size of its own"
                        out[f"{key}/axis{j}/{item.orientation}/label"] = float(size.rstrip("pt"))
                elif isinstance(item, pg.LabelItem) and item.text and item.opts.get("size"):
                    out[f"{key}/label{j}/{item.text}/{id(item)}"] = float(item.opts["size"].rstrip("pt"))
                    out[f"{key}/labelshown{j}/{item.text}/{id(item)}"] = item.item.font().pointSizeF() \
                        if "font-size" not in item.item.toHtml() else float(
                            item.item.toHtml().split("font-size:")[-1].split("pt")[0])
                elif isinstance(item, pg.TextItem) and item.textItem.toPlainText():
                    out[f"{key}/text{j}/{id(item)}"] = item.textItem.font().pointSizeF()
    return out


def assert_scaled(before: dict, after: dict, factor: float) -> None:
    wrong = {k: (v, after.get(k)) for k, v in before.items()
             if k in after and abs(after[k] - v * factor) > 0.051 * max(1.0, v * factor)}
    assert wrong == {}, f"not scaled by {factor}: {wrong}"


def test_f11_and_esc_scale_every_font_both_ways(window, qtbot):
    p = window.presentation
    before = font_sizes(window, qtbot)
    assert any("/axis" in k for k in before) and any("/text" in k for k in before)
    assert any("modelTitle" in k for k in before) and any("evalAccuracy" in k for k in before)
    p.toggle_action.trigger()                      # F11
    assert p.presenting
    presenting = font_sizes(window, qtbot)
    assert_scaled(before, presenting, p.effective_presentation_scale())
    p.leave_action.trigger()                       # Esc
    assert not p.presenting
    assert_scaled(before, font_sizes(window, qtbot), 1.0)


def test_start_presenting_then_leave_shrinks_back(window, qtbot):
    """As with --presentation: large first, then Esc."""
    p = window.presentation
    p.set_presenting(True)
    large = font_sizes(window, qtbot)
    p.leave_action.trigger()
    assert_scaled(large, font_sizes(window, qtbot), 1.0 / p.effective_presentation_scale())


def test_ctrl_plus_and_minus_scale_every_font(window, qtbot):
    p = window.presentation
    before = font_sizes(window, qtbot)
    p.zoom_in_action.trigger()                     # Ctrl+=
    assert p.zoom == 1.1
    assert_scaled(before, font_sizes(window, qtbot), 1.1)
    p.zoom_out_action.trigger()                    # Ctrl+−
    p.zoom_out_action.trigger()
    assert p.zoom == 0.9
    assert_scaled(before, font_sizes(window, qtbot), 0.9)


def test_in_presentation_mode_no_page_is_wider_than_a_1280_screen(window, qtbot):
    """A page's minimum width sets the window's: one too wide pushed every page's right
    edge (and the status bar) off a 1280×800 projector in presentation mode."""
    window.presentation.set_presenting(True)
    widths = {}
    for key in PAGES:
        window.show_page(key)
        qtbot.wait(1)
        widths[key] = window.tabs.currentWidget().minimumSizeHint().width()
        # only the page shown sets the window's minimum (another page may be wider)
        widths[key + " window"] = window.minimumSizeHint().width()
    assert {k: v for k, v in widths.items() if v > 1270} == {}


def test_step_buttons_drop_their_names_where_they_do_not_fit(qtbot):
    from cnnviz.qt.lab.step_controls import StepControls
    from cnnviz.qt.lab.stepping import Stepper, make_actions

    page = QWidget()
    qtbot.addWidget(page)
    stepper = Stepper(page)
    controls = StepControls(make_actions(page, stepper, "t"), stepper)
    qtbot.addWidget(controls)
    assert controls.minimumSizeHint().width() == 0    # never widens the window
    controls.resize(1200, 40)
    controls.show()
    qtbot.waitExposed(controls)
    assert not controls.is_compact()
    assert controls.buttons["stepForward"].text() == "Step"
    wide = controls.layout().sizeHint().width()
    controls.resize(wide - 10, 40)
    qtbot.wait(1)
    assert controls.is_compact()
    assert controls.layout().sizeHint().width() < wide - 10   # icons fit where names did not
    controls.resize(1200, 40)
    qtbot.wait(1)
    assert not controls.is_compact()
