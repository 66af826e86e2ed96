"""The digit page end to end: real canvas strokes → worker → views, against Keras."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

keras = pytest.importorskip("keras")

from cnnviz.core.preprocess import preprocess_digit, preprocess_image  # noqa: E402
from cnnviz.core.mosaic import layer_levels  # noqa: E402
from cnnviz.qt.lab.colormaps import apply  # noqa: E402
from cnnviz.qt.raster import qimage_words, unpack_rgb  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
BUNDLED = PROJECT / "cnnviz" / "data" / "models" / "mnist_cnn.keras"


def drawn(view) -> np.ndarray:
    """The maps as a MosaicView draws them: ``(h, w, 3, C)`` colours read from its pixels."""
    rgb, lay = view.rgb(), view.layout
    h, w = lay.tile
    return np.stack([rgb[y:y + h, x:x + w] for y, x in lay.origins], axis=-1)


def colours(ref: np.ndarray) -> np.ndarray:
    """``ref (h, w, C)`` in its layer's colour map and range: ``(h, w, 3, C)``."""
    lo, hi, signed = layer_levels(ref)
    return np.stack([apply(ref[:, :, c], lo, hi, signed) for c in range(ref.shape[2])], axis=-1)


def assert_draws(view, ref: np.ndarray) -> None:
    """The view shows ``ref``: every map's pixels in the right colours (±1 step of the
    256-colour table for values on a boundary)."""
    np.testing.assert_allclose(drawn(view).astype(int), colours(ref).astype(int), atol=4)


def input_pixels(box) -> np.ndarray:
    """The gray levels an ImageBox paints."""
    img = box.view.qimage().convertToFormat(box.view.qimage().Format.Format_RGB32)
    return unpack_rgb(qimage_words(img))[:, :, 0]


def small_model():
    keras.utils.set_random_seed(3)
    inp = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv1")(inp)
    x = keras.layers.Conv2D(6, 3, padding="same", strides=2, name="conv2")(x)
    x = keras.layers.Activation("relu", name="relu2")(x)
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(12, activation="relu", name="dense1")(x)
    out = keras.layers.Dense(10, activation="softmax", name="out")(x)
    return keras.Model(inp, out)


@pytest.fixture
def window(qtbot):
    from cnnviz.app.application import build_window

    w = build_window(None)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show_page("digits")
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.digits.worker.stop()


def use_model(qtbot, window, model):
    ctl = window.digits
    ctl.set_loaded_model(model)
    qtbot.waitUntil(lambda: ctl.info is not None and ctl.result is not None, timeout=60_000)
    return ctl


def settle(qtbot, ctl):
    """Wait until the views show the newest request."""
    qtbot.waitUntil(lambda: ctl.result is not None and ctl.result.seq == ctl.worker.latest_seq
                    and ctl.worker.is_idle(), timeout=30_000)


def draw(canvas, points, pause_ms: int = 0):
    """Real mouse events in buffer coordinates (the canvas shows its buffer scaled);
    ``pause_ms`` lets the event loop run between movements, as a real hand does."""
    rect = canvas._target_rect()
    s = rect.width() / canvas.buffer_shape()[1]
    pts = [QPoint(round(rect.left() + x * s), round(rect.top() + y * s)) for x, y in points]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
    for p in pts[1:]:
        QTest.mouseMove(canvas, p)
        if pause_ms:
            QTest.qWait(pause_ms)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])


def one(canvas, pause_ms: int = 0):
    draw(canvas, [(140, 50 + 8 * i) for i in range(24)], pause_ms)


def zero(canvas):
    t = np.linspace(0, 2 * np.pi, 40)
    draw(canvas, [(140 + 62 * np.sin(a), 140 - 92 * np.cos(a)) for a in t])


def test_drawing_shows_input_probabilities_and_feature_maps_of_the_model(qtbot, window):
    model = small_model()
    ctl = use_model(qtbot, window, model)
    page = ctl.page
    assert [p.info.name for p in page.panels] == ["conv1", "conv2", "relu2", "pool", "dense1"]
    assert ctl.feature_layer_names() == ["conv1", "conv2", "relu2", "pool"]
    shown = []
    ctl.prediction_shown.connect(shown.append)
    one(ctl.canvas, pause_ms=40)
    settle(qtbot, ctl)
    assert len(shown) >= 2, "views update while the pen moves, not only at the end"
    # The 28×28 input is the MNIST-style preprocessing of what the canvas holds.
    x = preprocess_digit(ctl.canvas.ink()).image
    np.testing.assert_allclose(page.input_box.values, x, atol=1e-6)
    np.testing.assert_array_equal(input_pixels(page.input_box), np.floor(x * 255).astype(np.uint8))
    # Probabilities and every feature map equal Keras's own computation on that input.
    want_p = np.asarray(model(x[None, :, :, None].astype(np.float32), training=False))[0]
    np.testing.assert_allclose(page.probabilities.probabilities, want_p, atol=1e-5)
    assert page.probabilities.top == int(np.argmax(want_p))
    assert page.probabilities.top_label.text() == str(int(np.argmax(want_p)))
    for panel in page.panels:
        ref = np.asarray(keras.Model(model.inputs, model.get_layer(panel.info.name).output)(
            x[None, :, :, None].astype(np.float32), training=False))[0]
        page.scroll.ensureWidgetVisible(panel)  # panels out of sight are filled when scrolled to
        if panel.info.is_map:
            assert_draws(panel.view, ref)
            if ref.min() < 0:  # signed maps (conv2 before its ReLU): diverging, centred on 0
                m = float(np.abs(ref).max())
                assert panel.view.levels == (pytest.approx(-m), pytest.approx(m))
            else:
                assert panel.view.levels == (0.0, pytest.approx(float(ref.max())))
        else:
            np.testing.assert_allclose(panel.view.values, ref, atol=1e-5)


def test_a_panel_out_of_sight_shows_the_newest_result_when_scrolled_into_view(qtbot, window):
    model = small_model()
    ctl = use_model(qtbot, window, model)
    page = ctl.page
    page.scroll.setFixedHeight(200)  # room for the first panel only
    bar = page.scroll.verticalScrollBar()
    bar.setValue(0)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    last = page.panels[-2]  # "pool": a map panel at the bottom, out of sight
    assert last.info.name == "pool"
    rect = page._visible_rect()
    assert rect is not None and not last.geometry().intersects(rect)
    assert last.view.qimage() is None  # never in sight: not even its pixel buffer is made
    zero(ctl.canvas)
    settle(qtbot, ctl)
    x = ctl.result.model_input[None].astype(np.float32)
    ref = np.asarray(keras.Model(model.inputs, model.get_layer("pool").output)(x, training=False))[0]
    # Not drawn while nobody can see it ...
    assert last.view.qimage() is None and last.pending is not None
    # ... and the newest maps appear as soon as it scrolls into view (a real scroll bar move).
    bar.setValue(bar.maximum())
    assert last.geometry().intersects(page._visible_rect())
    assert_draws(last.view, ref)
    np.testing.assert_allclose(last.view.maps(), ref, atol=1e-5)
    # The first panel, now out of sight, is filled again when the tab is shown anew.
    first = page.panels[0]
    assert not first.geometry().intersects(page._visible_rect())
    page.tabs.setCurrentIndex(1)
    one(ctl.canvas)
    settle(qtbot, ctl)
    stale = drawn(first.view)
    bar.setValue(0)
    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: ctl.result.seq == ctl.worker.latest_seq and ctl.worker.is_idle())
    x = ctl.result.model_input[None].astype(np.float32)
    ref = np.asarray(keras.Model(model.inputs, model.get_layer("conv1").output)(x, training=False))[0]
    assert_draws(first.view, ref)
    assert not np.array_equal(stale, drawn(first.view))
    # Results that arrive while another page is shown appear when the page comes back.
    window.show_page("lab")
    ink = np.zeros((280, 280), np.float32)
    ink[40:240, 60:90] = 1.0
    ctl.canvas.set_ink(ink)
    settle(qtbot, ctl)
    stale = drawn(first.view)
    window.show_page("digits")
    x = ctl.result.model_input[None].astype(np.float32)
    ref = np.asarray(keras.Model(model.inputs, model.get_layer("conv1").output)(x, training=False))[0]
    assert_draws(first.view, ref)
    assert not np.array_equal(stale, drawn(first.view))


def test_click_a_map_to_enlarge_and_open_its_filter_in_the_lab(qtbot, window):
    model = small_model()
    ctl = use_model(qtbot, window, model)
    zero(ctl.canvas)
    settle(qtbot, ctl)
    page = ctl.page
    panel = next(p for p in page.panels if p.info.name == "conv2")
    lay = panel.view.layout
    y, x = lay.origin(4)
    # A real click on channel 4's tile.
    pos = panel.view.to_widget(y + 1.5, x + 1.5).toPoint()
    QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    qtbot.waitUntil(lambda: page.detail.channel == 4)
    assert page.detail.layer == "conv2"
    maps = ctl.result.maps[ctl.session.layer_index("conv2")]
    np.testing.assert_array_equal(page.detail.image.image, maps[:, :, 4])
    assert page.detail.lab_button.isEnabled()
    QTest.mouseClick(page.detail.lab_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "lab"
    lab = window.lab.result
    # conv2 has no fused activation: the lab output is its pre-activation map, which is
    # exactly the model's conv2 output (stride 2, "same" padding).
    np.testing.assert_allclose(lab.output[:, :, 0], maps[:, :, 4], atol=1e-4)
    assert lab.geometry.stride == (2, 2)


def test_every_learned_filter_recomputed_in_the_lab_equals_the_feature_map(qtbot, window):
    from cnnviz.core.conv import conv2d

    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    for layer in ("conv1", "conv2"):
        maps = ctl.result.maps[ctl.session.layer_index(layer)]
        for f in range(maps.shape[2]):
            problem = ctl.lab_problem(layer, f)
            out = conv2d(problem["input"], problem["kernel"], problem["bias"], problem["padding"],
                         problem["stride"], problem["dilation"], problem["activation"]).output[:, :, 0]
            np.testing.assert_allclose(out, maps[:, :, f], atol=1e-4, err_msg=f"{layer}/{f}")
    assert ctl.open_in_lab("conv1", 3)
    np.testing.assert_allclose(window.lab.result.output[:, :, 0],
                               ctl.result.maps[ctl.session.layer_index("conv1")][:, :, 3], atol=1e-4)


def test_kernel_grid_and_surgery_change_maps_and_reset_restores(qtbot, window):
    model = small_model()
    original = model.get_layer("conv1").get_weights()[0].copy()
    ctl = use_model(qtbot, window, model)
    one(ctl.canvas)
    settle(qtbot, ctl)
    page = ctl.page
    kv = page.kernels
    assert kv.layer == "conv1"
    k = original
    m = float(np.abs(k).max())
    assert kv.grid.levels == (pytest.approx(-m), pytest.approx(m))  # centred on zero
    assert_draws(kv.grid, k[:, :, 0, :])
    before = page.probabilities.probabilities.copy()
    kv.select_filter(1)
    item = kv.table.item(1, 1)
    assert float(item.text()) == pytest.approx(float(k[1, 1, 0, 1]), rel=1e-3)
    item.setText("3.5")  # the user types a new weight
    qtbot.waitUntil(lambda: ctl.info.modified, timeout=10_000)
    settle(qtbot, ctl)
    assert ctl.info.kernels["conv1"].kernel[1, 1, 0, 1] == 3.5
    assert not np.allclose(page.probabilities.probabilities, before)
    assert kv.reset_button.isEnabled()
    QTest.mouseClick(kv.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctl.info.modified, timeout=10_000)
    settle(qtbot, ctl)
    np.testing.assert_allclose(page.probabilities.probabilities, before, atol=1e-6)
    np.testing.assert_array_equal(model.get_layer("conv1").get_weights()[0], original)
    # Switching a filter off zeroes its feature map.
    ctl.zero_filter("conv1", 2)
    qtbot.waitUntil(lambda: ctl.info.modified, timeout=10_000)
    settle(qtbot, ctl)
    assert np.all(ctl.result.maps[ctl.session.layer_index("conv1")][:, :, 2] == 0)
    ctl.reset_weights()


def test_image_file_goes_through_the_photo_pipeline_onto_the_canvas(qtbot, window, tmp_path):
    ctl = use_model(qtbot, window, small_model())
    img = np.full((300, 240), 235, np.uint8)  # dark ink on light paper
    cv2.line(img, (70, 60), (170, 60), 30, 18)
    cv2.line(img, (170, 60), (100, 250), 30, 18)
    path = tmp_path / "seven.png"
    cv2.imwrite(str(path), img)
    assert ctl.open_image(path)
    qtbot.waitUntil(lambda: ctl.result is not None and any(s.key == "polarity" for s in ctl.result.steps),
                    timeout=30_000)
    want = preprocess_image(np.repeat(img[:, :, None], 3, axis=2)).image
    np.testing.assert_allclose(ctl.result.model_input[:, :, 0], want, atol=1e-5)
    assert ctl.canvas.ink().max() > 0.9  # the cleaned ink is now editable on the canvas
    assert not ctl.open_image(tmp_path / "missing.png")


def test_empty_canvas_says_draw_a_digit(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    assert ctl.page.probabilities.top >= 0
    ctl.canvas.clear()
    settle(qtbot, ctl)
    assert ctl.result.empty and ctl.page.probabilities.top == -1
    assert ctl.page.probabilities.top_label.text() == "?"


def test_preprocessing_steps_are_shown_on_request(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    ctl.page.steps_check.setChecked(True)
    one(ctl.canvas)
    settle(qtbot, ctl)
    boxes = ctl.page.step_boxes
    assert [b.property("key") for b in boxes] == ["ink", "cropped", "scaled", "placed", "centered"]
    np.testing.assert_allclose(boxes[-1].values, ctl.result.model_input[:, :, 0])


def test_a_photos_nine_steps_scroll_sideways_and_leave_the_canvas_whole(qtbot, window, tmp_path):
    """At 1280×800 the row of a photo's steps was wider than the canvas's column, which
    then cut the canvas off; the row now scrolls on its own."""
    ctl = use_model(qtbot, window, small_model())
    window.resize(1280, 800)
    ctl.page.steps_check.setChecked(True)
    img = np.full((300, 240), 235, np.uint8)
    cv2.line(img, (120, 40), (120, 260), 30, 30)                     # a bold 1: the pen is thinned
    path = tmp_path / "one.png"
    cv2.imwrite(str(path), img)
    assert ctl.open_image(path)
    qtbot.waitUntil(lambda: len(ctl.page.step_boxes) >= 8, timeout=30_000)
    qtbot.wait(100)
    scroll = ctl.page.steps_scroll
    assert scroll.isVisible() and scroll.horizontalScrollBar().maximum() > 0
    assert scroll.height() >= ctl.page.step_boxes[0].height()
    shown = ctl.canvas.visibleRegion().boundingRect()
    assert shown.width() == ctl.canvas.width() and ctl.canvas.width() >= 200, (shown, ctl.canvas.size())


@pytest.mark.skipif(not BUNDLED.exists(), reason="the bundled model models/mnist_cnn.keras is absent")
def test_bundled_model_reads_a_drawn_one_and_zero(qtbot, window):
    from cnnviz.inference.loading import load_model

    ctl = use_model(qtbot, window, load_model(BUNDLED, trusted=True))
    one(ctl.canvas)
    settle(qtbot, ctl)
    assert ctl.page.probabilities.top_label.text() == "1"
    ctl.canvas.clear()
    zero(ctl.canvas)
    settle(qtbot, ctl)
    assert ctl.page.probabilities.top_label.text() == "0"


def test_invariance_sliders_transform_the_input_live(qtbot, window):
    from cnnviz.core.augment import Transform, apply_transform

    model = small_model()
    ctl = use_model(qtbot, window, model)
    one(ctl.canvas)
    settle(qtbot, ctl)
    explore = ctl.page.explore
    explore.sliders["dx"].setValue(4)
    explore.sliders["angle"].setValue(30)
    settle(qtbot, ctl)
    base = preprocess_digit(ctl.canvas.ink()).image[:, :, None]
    want = apply_transform(base, Transform(dx=4, angle=30))
    np.testing.assert_allclose(ctl.result.model_input, want, atol=1e-6)
    np.testing.assert_allclose(ctl.page.input_box.values, want[:, :, 0], atol=1e-6)
    np.testing.assert_allclose(ctl.page.probabilities.probabilities,
                               np.asarray(model(want[None], training=False))[0], atol=1e-5)
    QTest.mouseClick(explore.reset_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ctl)
    np.testing.assert_allclose(ctl.result.model_input, base, atol=1e-6)


def test_gradcam_overlay_for_the_predicted_and_a_chosen_class(qtbot, window):
    from cnnviz.inference.gradcam import GradCam

    model = small_model()
    ctl = use_model(qtbot, window, model)
    zero(ctl.canvas)
    settle(qtbot, ctl)
    explore = ctl.page.explore
    assert [explore.cam_layer.itemText(i) for i in range(explore.cam_layer.count())] == ["conv1", "conv2", "relu2", "pool"]
    explore.cam_layer.setCurrentIndex(0)
    explore.cam_check.setChecked(True)
    settle(qtbot, ctl)
    cam = ctl.result.gradcam
    assert cam is not None and cam.layer == "conv1"
    assert cam.class_index == int(np.argmax(ctl.result.probabilities))
    ref = GradCam(model, "conv1")(ctl.result.model_input)
    np.testing.assert_allclose(cam.heatmap, ref.heatmap, atol=1e-5)
    np.testing.assert_array_equal(explore.cam_image.image, ctl.result.gradcam_rgb)
    explore.cam_class.setCurrentIndex(explore.cam_class.findData(3))
    settle(qtbot, ctl)
    assert ctl.result.gradcam.class_index == 3
    assert "class 3" in explore.cam_caption.text()


def test_titles_follow_zoom(qtbot, window):
    from PySide6.QtWidgets import QApplication

    ctl = use_model(qtbot, window, small_model())
    page = ctl.page
    panel = page.panels[0]
    before = (page.canvas_title.font().pointSizeF(), panel.title.font().pointSizeF(),
              page.probabilities.top_label.font().pointSizeF())
    app_font = QApplication.font()
    bigger = type(app_font)(app_font)
    bigger.setPointSizeF(app_font.pointSizeF() * 2)
    QApplication.setFont(bigger)
    try:
        qtbot.waitUntil(lambda: page.canvas_title.font().pointSizeF() > before[0] * 1.5)
        assert panel.title.font().pointSizeF() == pytest.approx(before[1] * 2, rel=0.05)
        assert page.probabilities.top_label.font().pointSizeF() == pytest.approx(before[2] * 2, rel=0.05)
    finally:
        QApplication.setFont(app_font)


def test_keyboard_steps_through_maps_and_opens_the_lab(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    page = ctl.page
    ctl.canvas.setFocus()
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Right)
    assert (page.detail.layer, page.detail.channel) == ("conv1", 0)
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Right)
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Right)
    assert page.detail.channel == 2
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Left)
    assert page.detail.channel == 1
    np.testing.assert_array_equal(page.detail.image.image, ctl.result.maps[0][:, :, 1])
    QTest.keyClick(ctl.canvas, Qt.Key.Key_L)
    assert window.current_page_key() == "lab"
    np.testing.assert_allclose(window.lab.result.output[:, :, 0], ctl.result.maps[0][:, :, 1], atol=1e-4)
    window.show_page("digits")
    ctl.canvas.setFocus()
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Delete)
    assert ctl.canvas.is_empty()
    QTest.keyClick(ctl.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not ctl.canvas.is_empty()


def test_arrow_keys_still_move_a_focused_slider(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    page = ctl.page
    page.tabs.setCurrentIndex(2)
    slider = page.explore.sliders["dx"]
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() == 1 and page.detail.channel == -1


def test_session_state_round_trip(qtbot, window):
    import json

    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    ctl.page.explore.sliders["angle"].setValue(20)
    ctl.page.map_clicked("conv1", 2)
    state = json.loads(json.dumps(ctl.session_state()))
    drawn = ctl.canvas.ink_u8()
    ctl.canvas.clear()
    ctl.page.explore.reset()
    ctl.restore_session_state(state)
    settle(qtbot, ctl)
    np.testing.assert_array_equal(ctl.canvas.ink_u8(), drawn)
    assert ctl.page.explore.sliders["angle"].value() == 20 and ctl.transform.angle == 20
    assert (ctl.page.detail.layer, ctl.page.detail.channel) == ("conv1", 2)
    with pytest.raises((ValueError, TypeError, KeyError)):
        ctl.restore_session_state({"ink": {"dtype": "<u1", "shape": [3], "data": "AAAA"}})


def test_dropping_an_image_file_uses_it_as_the_input(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    ctl = use_model(qtbot, window, small_model())
    img = np.zeros((120, 90), np.uint8)  # light ink on dark
    cv2.line(img, (45, 15), (45, 105), 255, 9)
    path = tmp_path / "one.png"
    cv2.imwrite(str(path), img)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    ctl.page.dropEvent(event)
    qtbot.waitUntil(lambda: ctl.result is not None and any(s.key == "polarity" for s in ctl.result.steps),
                    timeout=30_000)
    want = preprocess_image(np.repeat(img[:, :, None], 3, axis=2)).image
    np.testing.assert_allclose(ctl.page.input_box.values, want, atol=1e-5)
    assert not next(s for s in ctl.result.steps if s.key == "polarity").title.startswith("Inverted")


def test_hovering_a_map_reads_its_value(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    panel = ctl.page.panels[0]
    lay = panel.view.layout
    y, x = lay.origin(3)
    r, c = 12, 13
    pos = panel.view.to_widget(y + r + 0.5, x + c + 0.5).toPoint()
    QTest.mouseMove(panel.view, pos)
    want = float(ctl.result.maps[0][r, c, 3])
    qtbot.waitUntil(lambda: "channel 3" in ctl.page.hover_label.text())
    assert f"row {r}, column {c}: {want:.4g}" in ctl.page.hover_label.text()


def test_showing_the_page_puts_the_keyboard_on_the_canvas(qtbot, window):
    window.show_page("lab")
    window.show_page("digits")
    qtbot.waitUntil(lambda: window.digits.canvas.hasFocus())
    window.digits.canvas.set_ink(np.ones((28, 28), np.float32))
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Delete)
    assert window.digits.canvas.is_empty()


def test_probability_bars_follow_the_top_class_and_the_heights(qtbot):
    from PySide6.QtGui import QColor

    from cnnviz.qt.digits.probabilities import BAR_COLOR, DIM_COLOR, TOP_COLOR, ProbabilityView

    view = ProbabilityView()
    qtbot.addWidget(view)
    view.resize(700, 260)
    view.show()
    qtbot.waitExposed(view)
    view.set_classes([str(i) for i in range(10)])
    chart = view.bars
    top, bar, dim = (QColor(c).name() for c in (TOP_COLOR, BAR_COLOR, DIM_COLOR))
    for p, empty, want_top in ((np.eye(10)[3] * 0.9 + 0.01, False, 3), (np.eye(10)[3] * 0.5 + 0.05, False, 3),
                               (np.eye(10)[5] * 0.7 + 0.03, False, 5), (np.full(10, 0.1), True, -1),
                               (np.eye(10)[5] * 0.7 + 0.03, False, 5)):
        view.set_probabilities(p, empty=empty)
        # An empty input shows no bars at all (no near-100 % "1" for a blank canvas).
        np.testing.assert_allclose(chart.heights, 0 * p if empty else p.astype(np.float32))
        assert view.top == want_top
        # What is painted: each bar's colour inside it, the background just above it, and
        # bar heights in proportion to the probabilities.
        shot = chart.grab().toImage()
        dpr = shot.devicePixelRatio()
        base = chart.palette().base().color().name()
        tops = []
        for i in range(10):
            r = chart.bar_rect(i)
            above = shot.pixelColor(int(r.center().x() * dpr), int((r.top() - 3) * dpr)).name()
            assert above == base, (i, above)
            if r.height() >= 6:
                inside = shot.pixelColor(int(r.center().x() * dpr), int(r.center().y() * dpr)).name()
                assert inside == (dim if empty else top if i == want_top else bar), (i, inside)
            tops.append(r.height())
        if empty:
            assert max(tops) == 0
        else:
            np.testing.assert_allclose(np.array(tops) / max(tops), p / p.max(), atol=0.02)
    assert view.top_label.text() == "5" and view.confidence_label.text() == "73.0 % sure"


def test_dense_bars_fill_each_unit_from_zero_to_its_scaled_value(qtbot):
    from cnnviz.qt.digits.probabilities import BAR_COLOR, DenseView

    view = DenseView()
    qtbot.addWidget(view)
    view.set_values(np.array([2.0, 1.0, 0.0, -1.0], np.float32))
    assert view.scale == 2.0
    words = qimage_words(view._image)
    from PySide6.QtGui import QColor

    bar = QColor(BAR_COLOR)
    filled = words == (0xFF000000 | (bar.red() << 16) | (bar.green() << 8) | bar.blue())
    rows = filled.shape[0]
    zero_row = rows // 2  # signed: +max at the top, -max at the bottom
    assert filled[:zero_row, 0].all() and not filled[zero_row:, 0].any()           # +1.0: the whole upper half
    assert filled[zero_row // 2:zero_row, 1].all() and not filled[:zero_row // 2 - 1, 1].any()  # +0.5
    assert not filled[:, 2].any()                                                    # 0
    assert filled[zero_row:zero_row + zero_row // 2, 3].all() and not filled[:zero_row, 3].any()  # -0.5
    view.set_values(np.array([1.0, 3.0], np.float32))                               # unsigned: 0 at the bottom
    filled = qimage_words(view._image) == (0xFF000000 | (bar.red() << 16) | (bar.green() << 8) | bar.blue())
    assert filled[:, 1].all() and filled[-filled.shape[0] // 3 + 1:, 0].all() and not filled[:filled.shape[0] // 2, 0].any()


def test_a_layers_value_range_shows_at_once_then_at_most_every_interval(qtbot):
    """While drawing, the range text of a layer follows the maps at most every
    RANGE_TEXT_INTERVAL_MS (unreadable otherwise, and each repaint costs); the newest
    range is always shown in the end. The maps themselves update with every result."""
    from cnnviz.inference.activations import LayerInfo
    from cnnviz.qt.digits.page import RANGE_TEXT_INTERVAL_MS, LayerPanel

    panel = LayerPanel(LayerInfo(0, "conv1", "conv", "Conv2D", (6, 6, 2), "relu"))
    qtbot.addWidget(panel)
    first = np.zeros((6, 6, 2), np.float32)
    first[0, 0, 0] = 1.0
    second = first * 2.0
    panel.set_values(first)
    assert panel.range_label.text() == "[0 … 1]"
    panel.set_values(second)
    assert panel.view.levels == (0.0, 2.0)           # the maps are new at once
    assert panel.range_label.text() == "[0 … 1]"    # the text waits for the interval
    qtbot.waitUntil(lambda: panel.range_label.text() == "[0 … 2]", timeout=RANGE_TEXT_INTERVAL_MS * 20)
    qtbot.wait(RANGE_TEXT_INTERVAL_MS * 2)
    panel.set_values(first)                          # after a quiet interval: at once again
    assert panel.range_label.text() == "[0 … 1]"


def test_a_new_models_panels_out_of_sight_are_not_painted_when_it_loads(qtbot, window):
    """The panels are placed before the first paint: those below the visible part of the
    scroll area are not painted (nor their channel numbers drawn) while a model loads."""
    page = window.digits.page
    page.scroll.setFixedHeight(200)  # room for about one panel
    ctl = use_model(qtbot, window, small_model())
    qtbot.wait(50)
    rect = page._visible_rect()
    maps = [p for p in page.panels if p.info.is_map]
    in_sight = [p for p in maps if p.geometry().intersects(rect)]
    out_of_sight = [p for p in maps if not p.geometry().intersects(rect)]
    assert in_sight and out_of_sight
    assert all(p.view._labels is not None for p in in_sight)      # painted, numbers and all
    assert all(p.view._labels is None for p in out_of_sight)      # never painted
    assert ctl.result is not None


def test_the_pen_pushes_its_ink_through_the_session_to_the_worker(qtbot, window):
    """canvas → DigitSession.ink → worker: each hop carries the array; nothing reads back."""
    ctl = use_model(qtbot, window, small_model())
    inks, requests = [], []
    ctl.session.events.ink.connect(inks.append)
    original = ctl.worker.request
    ctl.worker.request = lambda req: (requests.append(req), original(req))[1]
    one(ctl.canvas)
    settle(qtbot, ctl)
    assert len(inks) >= 20 and all(a.dtype == np.uint8 for a in inks)
    np.testing.assert_array_equal(inks[-1], ctl.canvas.ink_u8())  # the session got what was drawn
    assert ctl.session.ink is inks[-1]
    # The worker was sent exactly the arrays the session announced, prepared on the way.
    sent = [r.ink for r in requests]
    assert len(sent) >= len(inks) and all(any(a is b for b in inks) for a in sent)
    assert sent[-1] is inks[-1]
    last = requests[-1]
    assert last.prepared_for == ctl.info.model_id
    np.testing.assert_array_equal(last.prepared.x[:, :, 0], preprocess_digit(inks[-1]).image)


def test_results_reach_the_views_through_the_session_and_stale_ones_are_dropped(qtbot, window):
    from dataclasses import replace

    ctl = use_model(qtbot, window, small_model())
    results = []
    ctl.session.events.result.connect(results.append)
    one(ctl.canvas)
    settle(qtbot, ctl)
    shown = results[-1]
    assert shown is ctl.result and shown.model_id == ctl.info.model_id
    np.testing.assert_allclose(ctl.page.input_box.values, shown.model_input[:, :, 0])
    # A result of a model that was replaced meanwhile never reaches the views.
    ctl.worker.result_ready.emit(replace(shown, model_id=shown.model_id + 99, seq=10**6))
    assert ctl.result is shown and results[-1] is shown


def test_a_test_set_sample_runs_unchanged_and_lands_on_the_canvas(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    announced = []
    ctl.session.events.ink.connect(announced.append)
    sample = np.zeros((28, 28), np.uint8)
    sample[5:23, 12:16] = 255
    ctl.set_input_image(sample, "test set", exact=True)
    qtbot.waitUntil(lambda: ctl.result is not None and ctl.result.seq == ctl.worker.latest_seq
                    and ctl.worker.is_idle(), timeout=30_000)
    np.testing.assert_allclose(ctl.result.model_input[:, :, 0], sample / 255.0)
    assert announced == [], "the sample ran as it is, not again as a drawing"
    assert ctl.session.ink.shape == ctl.canvas.buffer_shape() and ctl.session.ink.any()
    np.testing.assert_array_equal(ctl.session.ink, ctl.canvas.ink_u8())
    assert ctl.page.undo_button.isEnabled()  # the canvas's history reached the page by its signal


def test_explore_panel_public_api_sets_sliders_with_one_event(qtbot):
    from cnnviz.qt.digits.explore import ExplorePanel

    ex = ExplorePanel()
    qtbot.addWidget(ex)
    got = []
    ex.transform_changed.connect(got.append)
    ex.set_slider_values({"angle": 15, "dx": -3, "unknown": 9})
    assert len(got) == 1 and (got[0].angle, got[0].dx, got[0].scale) == (15.0, -3.0, 1.0)
    assert ex.slider_values() == {"dx": -3, "dy": 0, "angle": 15, "scale": 100, "thickness": 0}
    cams = []
    ex.gradcam_changed.connect(cams.append)
    ex.set_model([str(i) for i in range(10)], ["conv1", "conv2"])
    ex.set_gradcam_on(True)
    assert ex.gradcam_on() and cams[-1] == ("conv2", None)


def test_enlarging_a_map_tells_the_session(qtbot, window):
    ctl = use_model(qtbot, window, small_model())
    one(ctl.canvas)
    settle(qtbot, ctl)
    chosen = []
    ctl.session.events.selected_map.connect(chosen.append)
    ctl.page.map_clicked("conv2", 4)
    assert chosen == [("conv2", 4)] and ctl.session_state()["map"] == ["conv2", 4]
    np.testing.assert_array_equal(ctl.page.detail.values, ctl.session.map_values("conv2", 4))
