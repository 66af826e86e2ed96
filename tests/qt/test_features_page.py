"""The "What filters look for" page: a real small Keras model with hand-set filters, real
widgets offscreen, the real engine in the page's worker thread (few steps, so it is fast)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.inference.datasets import write_idx  # noqa: E402
from cnnviz.inference.feature_vis import SynthesisSettings  # noqa: E402
from tests.inference.test_feature_vis import detector_model  # noqa: E402

FAST = SynthesisSettings(steps=12)
WAIT = 60000


def _loaded(model, name="detectors.keras"):
    from cnnviz.inference.loading import LoadedModel

    return LoadedModel(model=model, path=Path(name), format="keras", class_names=["a", "b"])


def _edges(n: int = 40, size: int = 28) -> np.ndarray:
    """uint8 images: even ones a horizontal bar, odd ones a vertical bar (bright on dark)."""
    x = np.zeros((n, size, size), np.uint8)
    for i in range(n):
        p = 2 + (i // 2) % (size - 4)
        if i % 2 == 0:
            x[i, p:p + 2, :] = 255
        else:
            x[i, :, p:p + 2] = 255
    return x


@pytest.fixture
def data_folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    write_idx(folder / "t10k-images-idx3-ubyte.gz", _edges())
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.arange(40, dtype=np.uint8) % 10)
    return folder


@pytest.fixture
def window(qtbot, tmp_path):
    from cnnviz.app.digits_page import build_digits
    from cnnviz.app.features_controller import FeaturesController
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_digits(w, None)
    ctl = FeaturesController(w, settings=FAST, cache_folder=tmp_path / "cache")
    w.features = ctl
    w.add_page("features", ctl.page, "What filters look for")
    w.resize(1100, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    ctl.cancel()
    ctl.runner.wait(WAIT)
    w.close()


def _set_data(folder) -> None:
    from cnnviz.app.data_folders import data_folder_key
    from cnnviz.qt.settings import app_settings

    s = app_settings()
    s.setValue(data_folder_key("fashion_mnist"), str(folder))
    s.setValue(data_folder_key("mnist"), str(folder))
    s.sync()


def _show(qtbot, window, layer="conv1"):
    ctl = window.features
    with qtbot.waitSignal(ctl.shown, timeout=WAIT) as blocker:
        window.show_page("features")
        if ctl.page.current_layer() != layer:
            ctl.page.layer.setCurrentText(layer)
    return blocker.args[0]


def test_layer_grid_with_examples_progress_and_cache(qtbot, window, data_folder):
    ctl = window.features
    page = ctl.page
    _set_data(data_folder)
    steps = []
    ctl.progress.connect(lambda phase, done, total: steps.append((phase, done, total)))
    window.model_hub.set_model(_loaded(detector_model(28)))
    assert [page.layer.itemText(i) for i in range(page.layer.count())] == ["conv1", "conv2"]
    assert ctl.grid is None and not ctl.busy       # not computed while another page is shown
    grid = _show(qtbot, window)
    # one tile per channel, the synthesised image beside its top test images
    assert grid.layer == "conv1" and grid.channels == 3 and page.channels.count() == 3
    assert [page.channels.item(i).data(0x0100) for i in range(3)] == [0, 1, 2]
    assert grid.has_examples, page.status.text()
    assert grid.synthesised.shape == (3, 28, 28) and grid.examples.shape == (3, ctl.top_k, 28, 28)
    assert not grid.from_cache and ctl.cache.computed == 1
    # the horizontal-edge channel prefers horizontal bars (even images), the vertical one vertical bars
    assert (grid.example_ids[0] % 2 == 0).all() and (grid.example_ids[1] % 2 == 1).all()
    assert (np.diff(grid.example_values, axis=1) <= 0).all()
    # progress: every synthesis step, then the examples, in order
    syn = [s for s in steps if s[0] == 0]
    assert [d for _, d, _ in syn] == list(range(1, FAST.steps + 1)) and syn[-1][2] == FAST.steps
    assert any(s[0] == 1 and s[1] == s[2] == 40 for s in steps)
    assert not page.progress.isVisible() and "conv1: 3 channels" in page.status.text()
    # the second visit of conv1 comes from the cache: nothing is synthesised again
    assert _show(qtbot, window, "conv2").layer == "conv2" and ctl.cache.computed == 2
    again = _show(qtbot, window, "conv1")
    assert again.from_cache and ctl.cache.computed == 2 and "from the cache" in page.status.text()
    np.testing.assert_array_equal(again.synthesised, grid.synthesised)
    # clicking a tile enlarges it: big image, its examples with their activations
    assert page.detail.channel == 0
    page.channels.setCurrentRow(1)
    assert page.detail.channel == 1 and "channel 1" in page.detail.title.text()
    assert len(page.detail.example_labels) == 2 * ctl.top_k
    assert page.detail.example_labels[1].text() == f"#{again.example_ids[1][0]}: {again.example_values[1][0]:.3g}"


def test_export_grid_and_channel_png(qtbot, window, data_folder, tmp_path):
    import cv2

    from cnnviz.app.features_work import EXPORT_SCALE, sheet_columns
    from cnnviz.inference.feature_vis_image import channel_sheet

    ctl = window.features
    _set_data(data_folder)
    window.model_hub.set_model(_loaded(detector_model(28)))
    for export in (ctl.export_grid_png, ctl.export_channel_png):
        with pytest.raises(ValueError):
            export(tmp_path / "none.png")                        # nothing shown yet
    grid = _show(qtbot, window)
    assert ctl.page.detail.channel == 0                          # the first channel is enlarged at once
    h, w = ctl.export_grid_png(tmp_path / "grid.png")
    tiles, idx = grid.examples_flat()
    assert sheet_columns(3, 6) == 1 and sheet_columns(32, 6) == 3 and sheet_columns(64, 6) == 4
    sheet = channel_sheet(grid.synthesised, tiles, idx, per_row=1)
    png = cv2.imread(str(tmp_path / "grid.png"), cv2.IMREAD_UNCHANGED)
    assert png.shape == (h, w) == (sheet.shape[0] * EXPORT_SCALE, sheet.shape[1] * EXPORT_SCALE)
    np.testing.assert_array_equal(png[::EXPORT_SCALE, ::EXPORT_SCALE], sheet)
    ctl.page.enlarge(2)
    h, w = ctl.export_channel_png(tmp_path / "channel.png")
    one = cv2.imread(str(tmp_path / "channel.png"), cv2.IMREAD_UNCHANGED)
    assert one.shape == (h, w) == ((28 + 4) * EXPORT_SCALE, (2 + 30 * (1 + ctl.top_k)) * EXPORT_SCALE)
    np.testing.assert_array_equal(one[2 * EXPORT_SCALE::EXPORT_SCALE, 2 * EXPORT_SCALE::EXPORT_SCALE][:28, :28],
                                  grid.synthesised[2])


def test_without_data_the_synthesised_images_show_alone(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data folder saved, and none beside the working directory
    ctl = window.features
    window.model_hub.set_model(_loaded(detector_model(28)))
    grid = _show(qtbot, window)
    assert grid.channels == 3 and not grid.has_examples and ctl.page.channels.count() == 3
    assert "set the data folder on the Evaluation page" in ctl.page.status.text()


def test_cancel_stops_the_work_and_caches_nothing(qtbot, window):
    ctl = window.features
    ctl.settings = SynthesisSettings(steps=100000)
    window.model_hub.set_model(_loaded(detector_model(28)))
    with qtbot.waitSignal(ctl.progress, timeout=WAIT):
        window.show_page("features")
    assert ctl.busy and ctl.page.cancel_button.isVisible()
    with qtbot.waitSignal(ctl.cancelled, timeout=WAIT):
        ctl.page.cancel_button.click()
    assert not ctl.busy and ctl.grid is None and ctl.cache.computed == 0
    assert ctl.page.channels.count() == 0 and "Stopped" in ctl.page.status.text()
    assert not ctl.page.cancel_button.isVisible()


def test_model_change_cancels_and_clears(qtbot, window):
    ctl = window.features
    window.model_hub.set_model(_loaded(detector_model(28)))
    _show(qtbot, window)
    assert ctl.page.channels.count() == 3
    ctl.settings = SynthesisSettings(steps=100000)
    with qtbot.waitSignal(ctl.progress, timeout=WAIT):
        ctl.page.layer.setCurrentText("conv2")
    assert ctl.busy
    ctl.settings = FAST
    other = detector_model(28)
    other.get_layer("conv1").set_weights([w * 2 for w in other.get_layer("conv1").get_weights()])
    shown = []
    ctl.shown.connect(shown.append)
    window.model_hub.set_model(_loaded(other, "other.keras"))
    # the old model's grid is gone at once; the new model's conv2 (the layer chosen) is computed
    assert ctl.page.channels.count() == 0 and ctl.grid is None
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert len(shown) == 1 and shown[0].layer == "conv2" and not shown[0].from_cache
    assert ctl.cache.computed == 2          # conv2 of the old model was never finished


def test_model_change_clears_the_grid_at_once(qtbot, window):
    ctl = window.features
    window.model_hub.set_model(_loaded(detector_model(28)))
    _show(qtbot, window)
    window.show_page("digits")
    window.model_hub.set_model(_loaded(detector_model(28), "again.keras"))
    assert ctl.page.channels.count() == 0 and ctl.grid is None and not ctl.busy


def test_show_channel_switches_page_and_enlarges(qtbot, window):
    ctl = window.features
    window.model_hub.set_model(_loaded(detector_model(28)))
    assert window.current_page_key() != "features"
    with qtbot.waitSignal(ctl.shown, timeout=WAIT):
        assert ctl.show_channel("conv2", 2)
    assert window.current_page_key() == "features" and ctl.page.current_layer() == "conv2"
    assert ctl.page.detail.channel == 2 and ctl.page.channels.currentRow() == 2
    assert "conv2 · channel 2" in ctl.page.detail.title.text()
    assert ctl.show_channel("conv2", 0) and ctl.page.detail.channel == 0      # already there: at once
    assert not ctl.show_channel("dense", 0)
    assert "not a convolution layer" in ctl.page.status.text()


def test_model_without_conv_layers_says_so(qtbot, window):
    ctl = window.features
    inp = keras.Input((28, 28, 1))
    out = keras.layers.Dense(10)(keras.layers.Flatten()(inp))
    window.model_hub.set_model(_loaded(keras.Model(inp, out)))
    window.show_page("features")
    assert ctl.page.layer.count() == 0 and not ctl.page.layer.isEnabled() and not ctl.busy
    assert "no convolution layers" in ctl.page.status.text()
    assert not ctl.show_channel("conv1", 0)


def test_image_folder_as_examples(qtbot, window, tmp_path):
    import cv2

    ctl = window.features
    folder = tmp_path / "pictures"
    folder.mkdir()
    for i, img in enumerate(_edges(6, 40)):
        cv2.imwrite(str(folder / f"img{i}.png"), img)          # resized to the model's 28×28
    (folder / "notes.txt").write_text("not an image")
    window.model_hub.set_model(_loaded(detector_model(28)))
    ctl.page.set_source("folder", str(folder))
    grid = _show(qtbot, window)
    assert grid.examples.shape == (3, 6, 28, 28)
    assert (grid.example_ids[0][:3] % 2 == 0).all() and (grid.example_ids[1][:3] % 2 == 1).all()


def test_coming_back_keeps_the_channel_and_follows_kernel_edits(qtbot, window):
    ctl = window.features
    model = detector_model(28)
    window.model_hub.set_model(_loaded(model))
    _show(qtbot, window)
    ctl.page.channels.setCurrentRow(2)
    window.show_page("digits")
    with qtbot.waitSignal(ctl.shown, timeout=WAIT) as blocker:
        window.show_page("features")
    assert blocker.args[0].from_cache and ctl.cache.computed == 1 and ctl.page.detail.channel == 2
    kernel, bias = model.get_layer("conv1").get_weights()
    model.get_layer("conv1").set_weights([kernel[..., ::-1], bias])    # as the digit page's kernel edits do
    window.show_page("digits")
    with qtbot.waitSignal(ctl.shown, timeout=WAIT) as blocker:
        window.show_page("features")
    assert not blocker.args[0].from_cache and ctl.cache.computed == 2


def test_registered_after_the_live_pages_with_an_export_action(qtbot):
    from PySide6.QtGui import QAction

    from cnnviz.app.features_controller import build_features
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.app.pages import PAGE_KEYS
    from cnnviz.qt.main_window import MainWindow

    assert PAGE_KEYS.index("digits") < PAGE_KEYS.index("camera") < PAGE_KEYS.index("features") < PAGE_KEYS.index("model")
    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_features(w, None)
    assert w.page("features") is w.features.page and w.page_key("What filters look for") == "features"
    action = w.findChild(QAction, "featuresExportPng")
    assert action is not None and action in w.export_menu.actions()
    assert "No model is loaded" in w.features.page.status.text()


def test_a_folder_without_images_says_so(qtbot, window, tmp_path):
    ctl = window.features
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no pictures here")
    window.model_hub.set_model(_loaded(detector_model(28)))
    ctl.page.set_source("folder", str(empty))
    grid = _show(qtbot, window)
    assert not grid.has_examples and ctl.page.channels.count() == 3
    assert f"No test images: no readable images (.png, .jpg, .jpeg, .bmp, …) in {empty}" in ctl.page.status.text()
    with qtbot.waitSignal(ctl.shown, timeout=WAIT):
        ctl.page.set_source("folder", str(tmp_path / "missing"))
        ctl.page.source_chosen.emit("folder", str(tmp_path / "missing"))
    assert f"image folder not found: {tmp_path / 'missing'}" in ctl.page.status.text()


def test_the_digit_pages_enlarged_map_opens_what_its_filter_looks_for(qtbot, window):
    """The enlarged map's button on the digit page opens this page on the same channel."""
    ctl = window.features
    window.model_hub.set_model(_loaded(detector_model(28)))
    digits = window.digits
    qtbot.waitUntil(lambda: digits.info is not None, timeout=WAIT)
    detail = digits.page.detail
    detail.show_map("conv2", 1, np.zeros((26, 26), np.float32), conv=True)
    assert detail.look_button.isEnabled()
    with qtbot.waitSignal(ctl.shown, timeout=WAIT):
        detail.look_button.click()
    assert window.current_page_key() == "features" and ctl.page.current_layer() == "conv2"
    assert ctl.page.detail.channel == 1
    detail.show_map("dense", 0, np.zeros((1, 4), np.float32), conv=False)
    assert not detail.look_button.isEnabled()
    assert not digits.show_what_filter_looks_for("dense", 0)
