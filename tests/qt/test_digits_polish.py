"""The digit page in front of a class: fonts follow F11/Esc/zoom live (with the app's
style sheet, which stops Qt passing the application font down), layer headings keep
their whole shape, the caption describes the loaded model, nothing is cut off."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

keras = pytest.importorskip("keras")

from tests.qt.test_digits_page import one, settle, small_model, use_model  # noqa: E402


@pytest.fixture
def styled_window(qtbot):
    """The real window with the real theme (its style sheet) applied, as `cnnviz` runs."""
    from cnnviz.app.application import build_window
    from cnnviz.qt.theme import apply_theme

    app = QApplication.instance()
    font, sheet = QApplication.font(), app.styleSheet()
    apply_theme("light")
    w = build_window(None)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show_page("digits")
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.digits.worker.stop()
    w.presentation.set_presenting(False)
    app.setStyleSheet(sheet)
    QApplication.setFont(font)


def long_names_model():
    keras.utils.set_random_seed(1)
    inp = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(32, 3, activation="relu", name="a_very_long_convolution_layer_name_indeed")(inp)
    x = keras.layers.MaxPooling2D(2, name="max_pooling2d_with_a_long_name_from_the_export")(x)
    x = keras.layers.Flatten()(x)
    out = keras.layers.Dense(10, activation="softmax", name="out")(x)
    return keras.Model(inp, out)


def sizes(page):
    return {"title": page.canvas_title.font().pointSizeF(),
            "layer": page.panels[0].title.font().pointSizeF(),
            "axis": page.probabilities.plot._axis_font.pointSizeF(),
            "detail": page.detail.title.font().pointSizeF(),
            "confidence": page.probabilities.confidence_label.font().pointSizeF(),
            "input": page.input_box.label.font().pointSizeF()}


def assert_fits(page):
    """Nothing on the left column and the detail panel is cut off, and the page fits a
    1280 px wide screen (presentation mode on a projector)."""
    assert page.minimumSizeHint().width() <= 1280
    box = page.input_box
    assert box.width() >= box.label.fontMetrics().horizontalAdvance(box.label.text())
    for button in (page.detail.lab_button, page.detail.zero_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    # The layer panels fit the maps column: no sideways scrolling, the range in sight.
    assert page.layers_host.width() <= page.scroll.viewport().width(), (page.maps_split.sizes(), page.maps_split.width(), page.detail.minimumSizeHint().width(), page.width(), page.split.sizes())
    for panel in page.panels:
        assert panel.rect().contains(panel.range_label.geometry()), panel.info.name
        text = panel.title.text()
        if len(panel.info.name) <= 8:  # a short name is never squeezed to "…"
            assert text.startswith(panel.info.name), text
        assert text.endswith("×".join(str(v) for v in panel.info.shape)) or panel.info.activation in text
        assert panel.title.fontMetrics().horizontalAdvance(text) <= panel.title.width() + 2


def test_fonts_follow_presentation_mode_and_zoom_live_in_both_directions(qtbot, styled_window):
    ctl = use_model(qtbot, styled_window, small_model())
    page, pres = ctl.page, styled_window.presentation
    one(ctl.canvas)
    settle(qtbot, ctl)
    page.map_clicked(page.panels[0].info.name, 1)
    qtbot.wait(100)
    # At 1280×800 and normal size, the drawing column needs no scroll bar.
    assert not page.left_scroll.verticalScrollBar().isVisible()

    def step(action, grows: bool):
        before, app_before = sizes(page), QApplication.font().pointSizeF()
        action()
        ratio = QApplication.font().pointSizeF() / app_before
        assert (ratio > 1.05) if grows else (ratio < 0.95)
        qtbot.waitUntil(lambda: sizes(page)["title"] == pytest.approx(before["title"] * ratio, rel=0.02))
        after = sizes(page)
        for key, value in after.items():  # every label, in step with the application font
            assert value == pytest.approx(before[key] * ratio, rel=0.05), key
        qtbot.wait(300)  # presentation mode covers the (offscreen) screen: make it a 1280×800 one
        styled_window.setGeometry(0, 0, 1280, 800)
        qtbot.wait(100)
        assert_fits(page)

    step(lambda: pres.set_presenting(True), grows=True)     # F11
    step(lambda: pres.set_presenting(False), grows=False)   # Esc
    step(pres.zoom_in, grows=True)                          # Ctrl+=
    step(pres.zoom_out, grows=False)                        # Ctrl+-


def test_layer_headings_elide_the_class_name_and_keep_the_whole_shape(qtbot, styled_window):
    ctl = use_model(qtbot, styled_window, long_names_model())
    page = ctl.page
    pool = next(p for p in page.panels if p.info.kind == "pool")
    assert pool.title.full_text.endswith("15×15×32")
    for width in (900, 420, 300, 200):
        pool.title.resize(width, pool.title.height())
        text = pool.title.text()
        assert text.endswith(" · 15×15×32"), text
        assert pool.title.fontMetrics().horizontalAdvance(text) <= max(width, pool.title.minimumWidth())
    assert pool.title.toolTip() == pool.title.full_text
    assert "MaxPooling2D" not in pool.title.fitted(pool.title.fontMetrics().horizontalAdvance(
        "max_pooling2d_with_a_long_name_from_the_export · Pooling · 15×15×32") + 1)


def test_the_caption_describes_the_loaded_models_own_preprocessing(qtbot, styled_window):
    from cnnviz.qt.digits.captions import input_caption

    mnist = input_caption((28, 28, 1), digit_like=True)
    assert "20×20" in mnist and "MNIST" in mnist and "0 (black) to 1 (white)" in mnist
    cifar = input_caption((32, 32, 3))
    assert "23×23" in cifar and "32×32" in cifar and "MNIST" not in cifar and "3 channels" in cifar
    smile = input_caption((64, 64, 3))
    assert "46×46" in smile and "64×64" in smile and "MNIST" not in smile
    tm = input_caption((224, 224, 3), input_range=(-1.0, 1.0))
    assert "160×160" in tm and "-1 (black) to 1 (white)" in tm
    wide = input_caption((20, 40, 1))
    assert "29×29" in wide and "40×40" in wide and "20×40" in wide
    ctl = use_model(qtbot, styled_window, long_names_model())
    assert ctl.page.input_note.text() == cifar


def test_an_empty_canvas_shows_no_bars(qtbot, styled_window):
    ctl = use_model(qtbot, styled_window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    assert ctl.page.probabilities.bars.heights.max() > 0
    ctl.canvas.clear()
    settle(qtbot, ctl)
    assert ctl.result.empty and ctl.result.probabilities.max() > 0  # the network did answer …
    assert ctl.page.probabilities.bars.heights.max() == 0            # … but no bar shows it
    assert ctl.page.probabilities.top_label.text() == "?"
