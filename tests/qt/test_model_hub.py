"""ModelHub: loads off the UI thread, newest request wins, failures keep the old model."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from cnnviz.app.model_hub import ModelHub


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    import keras

    d = tmp_path_factory.mktemp("hub_models")
    paths = []
    for i, n in enumerate((3, 5)):
        inp = keras.Input((8, 8, 1))
        x = keras.layers.Conv2D(2, 3, activation="relu", name="conv")(inp)
        x = keras.layers.Flatten()(x)
        out = keras.layers.Dense(n, activation="softmax", name="probs")(x)
        m = keras.Model(inp, out)
        p = d / f"tiny{i}.keras"
        m.save(p)
        paths.append(p)
    return paths


def test_open_emits_model_changed_from_worker(qtbot, tiny_models):
    hub = ModelHub()
    seen_threads = []
    hub.model_changed.connect(lambda _m: seen_threads.append(threading.current_thread()))
    with qtbot.waitSignal(hub.model_changed, timeout=60000) as blocker:
        hub.open(tiny_models[0], trusted=True)
        assert hub.busy
    loaded = blocker.args[0]
    assert hub.current is loaded and not hub.busy
    assert loaded.class_names == ["0", "1", "2"]
    assert loaded.model.predict(np.zeros((1, 8, 8, 1), "float32"), verbose=0).shape == (1, 3)
    assert seen_threads == [threading.main_thread()]  # delivered on the UI thread


def test_newest_request_wins_and_failure_keeps_current(qtbot, tiny_models, tmp_path):
    hub = ModelHub()
    changed = []
    hub.model_changed.connect(changed.append)
    hub.open(tiny_models[0], trusted=True)
    hub.open(tiny_models[1], trusted=True)
    qtbot.waitUntil(lambda: not hub.busy, timeout=60000)
    hub.wait()
    qtbot.wait(50)
    assert [m.path.name for m in changed] == ["tiny1.keras"]
    current = hub.current
    with qtbot.waitSignal(hub.load_failed, timeout=60000) as blocker:
        hub.open(tmp_path / "missing.h5")
    path, message, category = blocker.args
    assert category == "not-found" and "no such file" in message
    assert hub.current is current


def test_weights_only_signal(qtbot, tmp_path):
    import keras

    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    p = tmp_path / "w.weights.h5"
    m.save_weights(p)
    hub = ModelHub()
    failed = []
    hub.load_failed.connect(lambda *a: failed.append(a))
    with qtbot.waitSignal(hub.weights_only, timeout=60000) as blocker:
        hub.open(p)
    assert blocker.args == [str(p)]
    assert failed == [] and hub.current is None and not hub.busy


def test_missing_bundled_model_is_reported_not_awaited(qtbot, monkeypatch, tmp_path):
    """An installation without the bundled model says so (and where it looked) instead of
    leaving the digit page waiting for a model forever."""
    from cnnviz.app import model_hub
    from cnnviz.inference import bundled

    missing = tmp_path / "nowhere" / "mnist_cnn.keras"
    monkeypatch.setattr(bundled, "BUNDLED", [bundled.BundledModel(missing, "mnist", "digits", 0.99)])
    hub = ModelHub()
    with qtbot.waitSignal(hub.load_failed, timeout=5000) as blocker:
        model_hub.open_startup_models(hub, None)
    path, message, category = blocker.args
    assert path == str(missing) and category == "missing"
    assert str(missing) in message and "missing" in message
    assert hub.current is None and not hub.busy
