"""Training on a few hundred samples: checkpoint, curves, history, strategy, cancel, pause."""
from __future__ import annotations

import json
import threading

import cv2
import numpy as np
import pytest

from cnnviz.inference.datasets import Dataset, DIGIT_CLASSES
from cnnviz.inference.augment_ops import augment_batch
from cnnviz.inference.training import (
    DIGIT_AUGMENTATION, Augmentation, TrainingControl, TrainingError, train,
)

TINY_SPEC = [{"type": "conv", "filters": 4, "kernel": 3}, {"type": "pool", "size": 2},
             {"type": "flatten"}, {"type": "dense", "units": 8}]


def _blobs(n=300, seed=0):
    """Ten easily separable 'digits': a bright square whose position encodes the class."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n).astype(np.uint8)
    x = rng.integers(0, 30, (n, 28, 28)).astype(np.uint8)
    for i, c in enumerate(y):
        r, col = divmod(int(c), 5)
        x[i, 4 + r * 12: 12 + r * 12, 1 + col * 5: 5 + col * 5] = 255
    return x, y


@pytest.fixture
def tiny_data():
    x, y = _blobs(300)
    xt, yt = _blobs(50, seed=1)
    return Dataset("mnist", x, y, xt, yt, DIGIT_CLASSES, "synthetic")


def test_one_epoch_writes_model_checkpoint_curves_history_labels(tiny_data, tmp_path):
    import keras

    seen = []
    out = tmp_path / "sub" / "tiny.keras"
    r = train(TINY_SPEC, tiny_data, epochs=1, out_path=out, batch_size=50, augment="none",
              on_progress=seen.append)
    assert out.is_file() and r.status == "completed" and r.epochs_run == 1
    assert r.train_samples == 270 and r.val_samples == 30
    m = keras.saving.load_model(out, compile=False)
    assert m.output_shape == (None, 10) and [lay.name for lay in m.layers][1] == "conv1"
    np.testing.assert_allclose(m.predict(tiny_data.x_test[:4, ..., None] / 255.0, verbose=0),
                               r.model.predict(tiny_data.x_test[:4, ..., None] / 255.0, verbose=0), rtol=1e-5)
    hist = json.loads(r.history_path.read_text())
    assert set(hist["history"]) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(hist["history"]["loss"]) == 1 and hist["keras_version"] == keras.__version__
    img = cv2.imread(str(r.curves_path))
    assert img is not None and img.shape == (400, 1000, 3)
    # Both curves are drawn: the train blue (BGR 180,119,31) and validation orange pixels exist.
    assert (np.abs(img.astype(int) - (180, 119, 31)).sum(axis=2) < 30).sum() > 10
    assert (np.abs(img.astype(int) - (14, 127, 255)).sum(axis=2) < 30).sum() > 10
    assert r.labels_path.read_text().split() == list("0123456789")
    kinds = [p.kind for p in seen]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("batch") == 6 and kinds.count("epoch") == 1
    assert seen[-2].history["loss"] == hist["history"]["loss"]


def test_learns_and_saves_the_best_epoch_on_one_device_strategy(tiny_data, tmp_path):
    import keras

    strategy = None   # JAX and PyTorch: one device, nothing to set up
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    r = train(TINY_SPEC, tiny_data, epochs=4, out_path=tmp_path / "m.keras", batch_size=30,
              augment="none", learning_rate=3e-3, strategy=strategy)
    assert r.epochs_run == 4
    best = int(np.argmax(r.history["val_accuracy"])) + 1
    assert r.best_epoch == best and r.best_val_accuracy == max(r.history["val_accuracy"])
    # The saved model has the best epoch's weights (EarlyStopping restores them).
    from cnnviz.inference.evaluation import evaluate
    n_val = r.val_samples
    ev = evaluate(r.model, tiny_data.x_train[-n_val:], tiny_data.y_train[-n_val:])
    assert ev.accuracy == pytest.approx(r.best_val_accuracy, abs=1e-6)
    assert r.best_val_accuracy > 0.5   # the blobs are easy: it really learned


def test_cancel_flag_stops_within_the_epoch(tiny_data, tmp_path):
    control = TrainingControl()
    batches = []

    def progress(p):
        if p.kind == "batch":
            batches.append((p.epoch, p.batch))
            if len(batches) == 2:
                control.request_cancel()

    r = train(TINY_SPEC, tiny_data, epochs=5, out_path=tmp_path / "c.keras", batch_size=30,
              augment="none", control=control, on_progress=progress)
    assert r.status == "cancelled"
    assert batches == [(1, 1), (1, 2)]          # no batch ran after the flag was set
    assert r.epochs_run <= 1                    # Keras still closes the interrupted epoch
    assert r.out_path.is_file()


def test_pause_blocks_until_resumed(tiny_data, tmp_path):
    control = TrainingControl()
    paused_seen = threading.Event()
    events = []

    def progress(p):
        events.append((p.kind, p.batch, p.paused))
        if p.kind == "batch" and p.batch == 1 and not p.paused:
            control.set_paused(True)
        if p.paused:
            paused_seen.set()

    def resume_later():
        paused_seen.wait(30)
        events.append(("resumed", None, None))
        control.set_paused(False)

    t = threading.Thread(target=resume_later)
    t.start()
    r = train(TINY_SPEC, tiny_data, epochs=1, out_path=tmp_path / "p.keras", batch_size=90,
              augment="none", control=control, on_progress=progress)
    t.join()
    assert r.status == "completed"
    i = events.index(("batch", 1, True))
    assert events[i + 1] == ("resumed", None, None) and events[i + 2][:2] == ("batch", 2)


def test_bad_arguments(tiny_data, tmp_path):
    with pytest.raises(TrainingError, match="must be a native Keras file ending in .keras"):
        train(TINY_SPEC, tiny_data, epochs=1, out_path=tmp_path / "m.h5")
    with pytest.raises(TrainingError, match="epochs must be at least 1"):
        train(TINY_SPEC, tiny_data, epochs=0, out_path=tmp_path / "m.keras")


def test_digit_augmentation_keeps_ink_centred_and_varies():
    import keras

    x = np.zeros((64, 28, 28, 1), np.float32)
    x[:, 8:20, 12:16] = 1.0      # a vertical stroke, like a '1'
    out = keras.ops.convert_to_numpy(augment_batch(x, DIGIT_AUGMENTATION))
    assert out.shape == x.shape and out.min() >= 0 and out.max() <= 1
    mass = out.sum(axis=(1, 2, 3))
    assert mass.min() > 0.5 * x[0].sum() and mass.std() > 0   # stroke width varies, ink kept
    ys, xs = np.mgrid[:28, :28]
    cy = (out[..., 0] * ys).sum(axis=(1, 2)) / mass
    assert np.all(np.abs(cy - 13.5) < 5)                       # small shifts only
    one_side = np.zeros((256, 28, 28, 1), np.float32)
    one_side[:, 10:18, 2:6] = 1.0   # ink at the left edge only
    flip = keras.ops.convert_to_numpy(augment_batch(one_side, Augmentation(flip_horizontal=True)))
    left = flip[:, :, :14].sum(axis=(1, 2, 3)) > 0
    right = flip[:, :, 14:].sum(axis=(1, 2, 3)) > 0
    assert flip.shape == one_side.shape and np.all(left != right)      # each image kept or mirrored
    assert 0.3 < right.mean() < 0.7                                    # about half mirrored
    np.testing.assert_array_equal(flip[right], one_side[right][:, :, ::-1])


def test_fine_tuning_starts_from_the_given_weights(tiny_data, tmp_path):
    import keras

    first = train(TINY_SPEC, tiny_data, epochs=1, out_path=tmp_path / "a.keras", batch_size=50, augment="none")
    again = train(TINY_SPEC, tiny_data, epochs=1, out_path=tmp_path / "b.keras", batch_size=50, augment="none",
                  learning_rate=1e-12, init_from=first.out_path)
    a = keras.saving.load_model(first.out_path, compile=False).get_layer("conv1").get_weights()[0]
    b = again.model.get_layer("conv1").get_weights()[0]
    np.testing.assert_allclose(a, b, atol=1e-6)
    other = [{"type": "conv", "filters": 2, "kernel": 3}, {"type": "flatten"}]
    with pytest.raises(TrainingError, match="does not have this architecture's weights"):
        train(other, tiny_data, epochs=1, out_path=tmp_path / "c.keras", init_from=first.out_path)
    with pytest.raises(TrainingError, match="initial model not found"):
        train(TINY_SPEC, tiny_data, epochs=1, out_path=tmp_path / "d.keras", init_from=tmp_path / "nope.keras")


def test_training_model_scales_and_augments_only_while_training():
    import keras

    from cnnviz.inference.architectures import build_from_spec
    from cnnviz.inference.augment_ops import training_model

    inner = build_from_spec(TINY_SPEC, 10, name="tiny")
    wrapped = training_model(inner, DIGIT_AUGMENTATION, seed=3)
    x, _ = _blobs(32)
    pixels = x[..., None]
    expected = inner.predict(pixels.astype(np.float32) / 255.0, verbose=0)
    np.testing.assert_allclose(wrapped.predict(pixels, verbose=0), expected, rtol=1e-5, atol=1e-6)
    taught = keras.ops.convert_to_numpy(wrapped(pixels, training=True))
    assert taught.shape == expected.shape and np.abs(taught - expected).max() > 1e-3   # augmented
    # The wrapper shares the network's weights: training one trains the other.
    assert {id(v) for v in inner.weights} <= {id(v) for v in wrapped.weights}


def test_robust_digit_augmentation_blurs_lowers_resolution_and_keeps_a_clean_share():
    import keras

    from cnnviz.inference.augmentation import DIGIT_ROBUST_AUGMENTATION, resolve_augmentation

    assert resolve_augmentation("digits_robust", "mnist") is DIGIT_ROBUST_AUGMENTATION
    x = np.zeros((400, 28, 28, 1), np.float32)
    x[:, 6:22, 12:16] = 1.0
    out = keras.ops.convert_to_numpy(augment_batch(x, DIGIT_ROBUST_AUGMENTATION, seed=5))
    assert out.shape == x.shape and out.min() >= 0 and out.max() <= 1
    same = np.all(out == x, axis=(1, 2, 3))
    assert 0.15 < same.mean() < 0.35                                   # about a quarter left clean
    changed = out[~same]
    assert np.all(changed.max(axis=(1, 2, 3)) > 0.5)                   # the ink is never lost
    # Blur and low resolution leave soft edges: many more grey pixels than the crisp bar has.
    grey = ((changed > 0.05) & (changed < 0.95)).sum(axis=(1, 2, 3))
    assert np.median(grey) > 20 and grey.max() > 60
    only_blur = keras.ops.convert_to_numpy(augment_batch(x[:50], Augmentation(blur=1.0), seed=1))
    assert np.all(only_blur[:, 14, 11] > 0) and np.all(only_blur.sum(axis=(1, 2, 3)) > 0.9 * x[0].sum())


def test_random_erasing_covers_a_rectangle_with_one_grey_level():
    import keras

    x = np.full((200, 28, 28, 1), 0.5, np.float32)
    out = keras.ops.convert_to_numpy(augment_batch(x, Augmentation(erase=1.0), seed=2))[..., 0]
    for img in out[:40]:
        diff = np.argwhere(np.abs(img - 0.5) > 1e-6)
        if len(diff) == 0:                       # the random grey happened to be 0.5
            continue
        (t, l), (b, r) = diff.min(0), diff.max(0) + 1
        assert 4 <= b - t <= 15 and 4 <= r - l <= 15
        patch = img[t:b, l:r]
        assert np.allclose(patch, patch[0, 0])   # one grey level, a full rectangle
