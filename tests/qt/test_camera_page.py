"""The camera page end to end: a generated video file (the fake camera) → VideoSource
thread → controller → real InferenceWorker with a real Keras model → real views."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal

keras = pytest.importorskip("keras")

from cnnviz.app.inference_messages import InferenceResult, ModelInfo  # noqa: E402
from cnnviz.core.frame_images import gray_cells  # noqa: E402
from cnnviz.core.model_input import prepare_input  # noqa: E402
from tests.conftest import fixture_model  # noqa: E402
from tests.video_files import FailingCapture, write_video  # noqa: E402


def rgb_model():
    keras.utils.set_random_seed(5)
    inp = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv1")(inp)
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.Conv2D(6, 3, name="conv2")(x)
    x = keras.layers.Flatten()(x)
    out = keras.layers.Dense(3, activation="softmax", name="out")(x)
    return keras.Model(inp, out)


class Loaded:
    def __init__(self, model, names):
        self.model, self.class_names, self.path = model, names, None


@pytest.fixture
def window(qtbot):
    from cnnviz.app.application import build_window

    w = build_window(None)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show_page("camera")
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.camera.shutdown()
    w.digits.worker.stop()


@pytest.fixture
def video(tmp_path):
    return write_video(tmp_path / "clip.avi", n=30)


def playing(qtbot, window, model, names=("cat", "dog", "hen")):
    ctl = window.camera
    ctl.set_loaded_model(Loaded(model, list(names)))
    qtbot.waitUntil(lambda: ctl.info is not None, timeout=60_000)
    return ctl


def test_a_video_plays_through_the_model_and_the_views_show_each_result(qtbot, window, video):
    model = rgb_model()
    ctl = playing(qtbot, window, model)
    page = ctl.page
    names = [p.info.name for p in page.panels]
    assert names[:3] == ["conv1", "pool", "conv2"] and "out" not in names  # the output is the chart
    shown = []
    ctl.frame_shown.connect(shown.append)
    ctl.open_video(video)
    qtbot.waitUntil(lambda: len(shown) >= 6, timeout=60_000)
    ctl.pause()
    qtbot.waitUntil(lambda: ctl.worker.is_idle(), timeout=30_000)
    assert shown == sorted(shown) and len(set(shown)) == len(shown)  # the frame index advances
    frame, result = ctl.frame, ctl.result
    assert frame.index == shown[-1] and frame.image.shape == (60, 80, 3)
    # the frame shown and its result belong together: the model's own preprocessing …
    assert ctl.model_picture(frame.image).shape == (60, 60, 3)  # the centre, square like the input
    np.testing.assert_array_equal(ctl.model_picture(frame.image), frame.image[:, 10:70])
    x = prepare_input((32, 32, 3), ["cat", "dog", "hen"], image=frame.image[:, 10:70]).x
    np.testing.assert_allclose(result.model_input, x, atol=1e-6)
    np.testing.assert_allclose(result.probabilities, model(x[None]).numpy()[0], atol=1e-5)
    # … and the views show exactly what the worker computed
    np.testing.assert_array_equal(page.frame_view.frame, frame.image)
    np.testing.assert_allclose(page.input_box.values, result.model_input, atol=1e-6)
    np.testing.assert_allclose(page.probabilities.probabilities, result.probabilities, atol=1e-6)
    assert page.probabilities.classes == ["cat", "dog", "hen"]
    conv1 = next(p for p in page.panels if p.info.name == "conv1")
    conv1.flush()
    i = [layer.name for layer in ctl.info.layers].index("conv1")
    np.testing.assert_array_equal(conv1.view.maps(), result.maps[i])
    assert "frames/s" in page.status_label.text() or "Paused" in page.status_label.text()


def test_pause_freezes_the_frame_and_space_goes_on(qtbot, window, video):
    ctl = playing(qtbot, window, rgb_model())
    ctl.open_video(video)
    qtbot.waitUntil(lambda: ctl.frame is not None and ctl.result is not None, timeout=60_000)
    ctl.page.run_button.click()  # Pause
    assert not ctl.running and ctl.page.run_button.text() == "Start"
    qtbot.waitUntil(lambda: ctl.worker.is_idle(), timeout=30_000)
    frozen, seq, read = ctl.frame.index, ctl.result.seq, ctl.source.frames_read
    qtbot.wait(400)
    assert (ctl.frame.index, ctl.result.seq, ctl.source.frames_read) == (frozen, seq, read)
    assert f"frame {frozen}" in ctl.page.status_label.text()
    ctl.page.space.activated.emit()  # Space: play again
    qtbot.waitUntil(lambda: ctl.frame.index > frozen, timeout=30_000)
    assert ctl.running
    window.show_page("digits")  # nobody watches: paused, the CPU is free for the other page
    assert not ctl.running and ctl.source.paused


def test_the_video_option_plays_a_file_when_the_page_is_shown(qtbot, video):
    import argparse

    from cnnviz.app.application import build_window

    w = build_window(argparse.Namespace(video=str(video)))
    qtbot.addWidget(w)
    ctl = w.camera
    try:
        assert ctl.source is None and ctl.page.source_combo.currentData() == str(video)
        assert ctl.page.source_combo.currentText() == "Video: clip.avi"
        w.show_page("camera")
        assert ctl.running and ctl.source.name == "clip.avi"
        qtbot.waitUntil(lambda: ctl.frame is not None, timeout=60_000)
    finally:
        ctl.shutdown()
        w.digits.worker.stop()


def test_snapshot_writes_the_frame_and_the_maps_as_png(qtbot, window, video, tmp_path):
    ctl = playing(qtbot, window, rgb_model())
    assert ctl.snapshot(tmp_path / "none.png") == []  # no frame yet: a message, no file
    ctl.open_video(video)
    qtbot.waitUntil(lambda: ctl.result is not None, timeout=60_000)
    ctl.pause()
    files = ctl.snapshot(tmp_path / "shot")
    assert [f.name for f in files] == ["shot.png", "shot_maps.png"]
    saved = cv2.cvtColor(cv2.imread(str(files[0])), cv2.COLOR_BGR2RGB)
    np.testing.assert_array_equal(saved, ctl.frame.image)
    page = cv2.imread(str(files[1]))
    assert page.shape[:2] == (ctl.page.height(), ctl.page.width())


def test_open_in_lab_steps_through_the_frozen_frame(qtbot, window, video):
    ctl = playing(qtbot, window, rgb_model())
    ctl.open_video(video)
    qtbot.waitUntil(lambda: ctl.result is not None, timeout=60_000)
    assert ctl.open_in_lab()
    assert not ctl.running and window.current_page_key() == "lab"
    np.testing.assert_allclose(window.lab.input(), gray_cells(ctl.result.model_input, 64))
    assert window.lab.result is not None


def test_frames_are_dropped_not_queued_for_a_slow_worker(qtbot, window, video):
    from cnnviz.app.camera_controller import CameraController
    from cnnviz.qt.camera.page import CameraPage

    class SlowWorker(QObject):
        model_ready, model_failed = Signal(object), Signal(str)
        result_ready, failed = Signal(object), Signal(int, str)

        def __init__(self):
            super().__init__()
            self.requests = []

        def request(self, req):
            self.requests.append(req)
            return len(self.requests)

        def set_model(self, *_a):
            self.model_ready.emit(ModelInfo(1, "slow", ["a", "b"], (8, 8, 3), [], {}, False))

        def finish(self):  # the newest request's result, after a long computation
            seq = len(self.requests)
            self.result_ready.emit(InferenceResult(seq, 1, np.zeros((8, 8, 3), np.float32), (), False, [],
                                                   np.array([0.3, 0.7], np.float32), {}, 500.0))

        def stop(self, *_a):
            pass

    page = CameraPage(window)
    qtbot.addWidget(page)
    slow = SlowWorker()
    ctl = CameraController(window, page, worker=slow)
    ctl.set_loaded_model(Loaded(object(), ["a", "b"]))
    ctl.source_spec = str(video)
    ctl.start()
    qtbot.waitUntil(lambda: len(slow.requests) == 1, timeout=30_000)
    first = int(slow.requests[0].source.split()[-1])
    qtbot.waitUntil(lambda: ctl.source.frames_read > first + 8, timeout=30_000)
    assert len(slow.requests) == 1  # busy: the frames meanwhile were not queued
    newest = ctl.source.last_frame().index
    slow.finish()
    assert len(slow.requests) == 2
    second = int(slow.requests[1].source.split()[-1])
    assert second >= newest >= first + 8  # the newest frame went next, the ones between were dropped
    assert ctl.frame.index == first and ctl.frame_shown  # the finished result was shown with its frame
    ctl.shutdown()


def test_errors_give_a_message_and_the_app_keeps_running(qtbot, window, video, tmp_path):
    ctl = playing(qtbot, window, rgb_model())
    ctl.choose_source(97)
    qtbot.waitUntil(lambda: bool(ctl.error), timeout=30_000)
    assert "Cannot open camera 97: no camera is connected there" in ctl.page.status_label.text() and not ctl.running
    assert ctl.page.run_button.text() == "Start"
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"not a video" * 50)
    ctl.open_video(junk)
    qtbot.waitUntil(lambda: "Cannot play junk.avi" in ctl.error, timeout=30_000)
    # a camera unplugged mid-stream: the last frame and its maps stay
    ctl.capture_factory = lambda _i: FailingCapture(video, good=8)
    ctl.choose_source(0)
    qtbot.waitUntil(lambda: "stopped sending pictures" in ctl.error, timeout=30_000)
    assert ctl.source.frames_read == 8 and not ctl.running
    qtbot.waitUntil(lambda: ctl.worker.is_idle(), timeout=30_000)
    assert ctl.frame is not None and ctl.frame.index <= 7
    # and the page still plays a good source afterwards
    ctl.capture_factory = None
    ctl.open_video(video)
    shown = []
    ctl.frame_shown.connect(shown.append)
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=60_000)
    assert window.isVisible() and ctl.error == ""


def test_a_teachable_machine_export_shows_its_inner_mobilenet_layers_on_video(qtbot, window, tmp_path):
    path = fixture_model("2tle__rock_sissor_paper__keras_model.h5")
    ctl = window.camera
    window.model_hub.open(str(path))
    qtbot.waitUntil(lambda: ctl.info is not None and ctl.info.input_shape == (224, 224, 3), timeout=240_000)
    assert ctl.info.input_range == (-1.0, 1.0) and ctl.info.class_names == ["가위", "바위", "보"]
    ctl.open_video(write_video(tmp_path / "big.avi", n=10, size=(320, 240)))
    shown = []
    ctl.frame_shown.connect(shown.append)
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=120_000)
    ctl.pause()
    result = ctl.result
    x = prepare_input((224, 224, 3), ctl.info.class_names, image=ctl.frame.image[:, 40:280],
                      input_range=(-1.0, 1.0)).x
    np.testing.assert_allclose(result.model_input, x, atol=1e-6)
    assert result.model_input.min() < -0.5  # the MobileNet range, not 0…1
    names = [p.info.name for p in ctl.page.panels]
    assert "block_1_depthwise" in names and "out_relu" in names
    panel = ctl.page.panels[names.index("block_1_depthwise")]
    panel.flush()
    i = [layer.name for layer in ctl.info.layers].index("block_1_depthwise")
    assert result.maps[i].shape == (56, 56, 48)
    np.testing.assert_array_equal(panel.view.maps(), result.maps[i])
    assert ctl.page.probabilities.classes == ["가위", "바위", "보"]


def test_a_digit_model_sees_the_drawn_digit_through_the_digit_pipeline(qtbot, window, tmp_path):
    from cnnviz.core.preprocess import preprocess_image

    keras.utils.set_random_seed(2)
    inp = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(3, 3, activation="relu", name="c1")(inp)
    out = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
    ctl = playing(qtbot, window, keras.Model(inp, out), [str(i) for i in range(10)])
    assert ctl.info.digit_like
    path = tmp_path / "digit.avi"  # a dark "1" on white paper, as a camera sees a drawing
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (160, 120))
    for i in range(10):
        img = np.full((120, 160, 3), 235, np.uint8)
        cv2.line(img, (70 + i, 20), (78 + i, 100), (20, 20, 20), 9)
        writer.write(img)
    writer.release()
    ctl.open_video(path)
    qtbot.waitUntil(lambda: ctl.result is not None, timeout=60_000)
    ctl.pause()
    frame, result = ctl.frame, ctl.result
    np.testing.assert_array_equal(ctl.model_picture(frame.image), frame.image)  # the whole frame
    np.testing.assert_allclose(result.model_input[:, :, 0], preprocess_image(frame.image, size=28).image, atol=1e-6)
    assert not result.empty and result.model_input.max() > 0.9  # light ink on dark, as MNIST


def test_the_maps_per_layer_can_be_capped_or_all_drawn(qtbot, window, video):
    from cnnviz.qt.camera.page import MAX_MAPS

    keras.utils.set_random_seed(4)
    inp = keras.Input((16, 16, 3))
    x = keras.layers.Conv2D(40, 3, name="wide")(inp)
    out = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    ctl = playing(qtbot, window, keras.Model(inp, out), ["a", "b"])
    ctl.open_video(video)
    qtbot.waitUntil(lambda: ctl.result is not None, timeout=60_000)
    ctl.pause()
    page, result = ctl.page, ctl.result
    assert page.map_limit == MAX_MAPS and page.panels[0].info.shape == (14, 14, 40)
    page.limit_combo.setCurrentIndex(page.limit_combo.findData(16))
    wide = page.panels[0]
    wide.flush()
    assert wide.info.shape == (14, 14, 16) and wide.view.layout.channels == 16
    np.testing.assert_array_equal(wide.view.maps(), result.maps[0][:, :, :16])  # the newest result, redrawn
    page.limit_combo.setCurrentIndex(page.limit_combo.findData(0))
    page.panels[0].flush()
    assert page.limit_combo.currentText() == "all" and page.panels[0].view.maps().shape == (14, 14, 40)
