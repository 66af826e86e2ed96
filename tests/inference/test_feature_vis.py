"""Feature visualisation: synthesised images excite their channel, top-k examples are the
real top k, runs report progress and stop when cancelled, results are cached per weights."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.core.conv import conv2d  # noqa: E402
from cnnviz.inference.feature_vis import (  # noqa: E402
    FeatureVisError,
    SynthesisSettings,
    VisualisationCancelled,
    conv_layers,
    guess_input_range,
    input_spec,
    layer_responses,
    synthesise_layer,
)
from cnnviz.inference.feature_vis_cache import VisualisationCache, weights_hash  # noqa: E402
from cnnviz.inference.feature_vis_examples import top_examples, top_examples_for_layers  # noqa: E402
from cnnviz.inference.feature_vis_image import FourierImage, channel_sheet, grid  # noqa: E402
from cnnviz.inference.gradients import input_gradient  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
FAST = SynthesisSettings(steps=120, learning_rate=0.1)

EDGE_H = np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], np.float32)
EDGE_V = EDGE_H.T.copy()
BLOB = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], np.float32) * (np.sqrt(6) / np.sqrt(72))


def detector_kernels() -> np.ndarray:
    """(3, 3, 1, 3): a horizontal-edge, a vertical-edge and a blob detector of equal norm."""
    return np.stack([EDGE_H, EDGE_V, BLOB], axis=-1)[:, :, None, :].astype(np.float32)


def detector_model(size: int = 14, rescale: bool = False):
    """conv1: the three detectors (ReLU); conv2: each channel reads its own conv1 map
    (centre tap 1) and is inhibited by the two others (−0.5)."""
    inp = keras.Input((size, size, 1), name="image")
    x = keras.layers.Rescaling(1 / 255.0)(inp) if rescale else inp
    a = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="conv1")(x)
    b = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="conv2")(a)
    f = keras.layers.GlobalAveragePooling2D()(b)
    out = keras.layers.Dense(2, activation="softmax", name="out")(f)
    m = keras.Model(inp, out)
    m.get_layer("conv1").set_weights([detector_kernels(), np.full(3, -0.1, np.float32)])
    k2 = np.zeros((3, 3, 3, 3), np.float32)
    k2[1, 1] = np.full((3, 3), -0.5, np.float32) + 1.5 * np.eye(3, dtype=np.float32)
    m.get_layer("conv2").set_weights([k2, np.zeros(3, np.float32)])
    return m


@pytest.fixture(scope="module")
def model():
    return detector_model()


@pytest.mark.parametrize("layer", ["conv1", "conv2"])
def test_synthesised_images_excite_their_own_channel(model, layer):
    r = synthesise_layer(model, layer, FAST)
    assert r.images.shape == (3, 14, 14, 1) and r.images.dtype == np.float32
    assert r.images.min() >= 0.0 and r.images.max() <= 1.0
    assert r.display.shape == (3, 14, 14) and r.display.dtype == np.uint8
    assert r.input_range == (0.0, 1.0) and r.backend == keras.backend.backend()
    noise = np.random.default_rng(1).uniform(0, 1, (64, 14, 14, 1)).astype(np.float32)
    noise_resp = layer_responses(model, layer, noise, input_spec(model))       # (64, 3)
    own = r.own_response()
    others = (r.responses.sum(axis=1) - own) / 2
    # On average well above random noise and above the image's response in the layer's
    # other channels; every channel at least above noise.
    assert own.mean() > 1.5 * noise_resp.mean()
    assert np.all(own > noise_resp.mean(axis=0))
    assert own.mean() > 1.3 * others.mean()
    # The responses are the layer's real output.
    direct = layer_responses(model, layer, r.images, input_spec(model))
    np.testing.assert_allclose(r.responses, direct, rtol=1e-5, atol=1e-6)


def test_random_rotation_and_scale_still_find_the_pattern(model):
    r = synthesise_layer(model, "conv2", FAST, rotate=10.0, scale=0.1)
    own = r.own_response()
    assert own.mean() > 1.3 * ((r.responses.sum(axis=1) - own) / 2).mean()


def test_edge_images_are_oriented(model):
    """The horizontal-edge image varies down the rows, the vertical-edge one across them."""
    r = synthesise_layer(model, "conv1", FAST)
    img = r.images[..., 0]
    row_change = np.abs(np.diff(img, axis=1)).mean(axis=(1, 2))   # along y
    col_change = np.abs(np.diff(img, axis=2)).mean(axis=(1, 2))   # along x
    assert row_change[0] > 1.5 * col_change[0]
    assert col_change[1] > 1.5 * row_change[1]


def test_channels_subset_input_range_and_layer_errors():
    m = detector_model(rescale=True)
    assert guess_input_range(m) == (0.0, 255.0)
    r = synthesise_layer(m, "conv1", FAST, channels=[2])
    assert r.images.shape == (1, 14, 14, 1) and list(r.channel_ids) == [2]
    assert r.images.max() > 100 and r.images.max() <= 255      # raw-pixel range
    assert r.own_response()[0] == pytest.approx(r.responses[0, 2])
    assert conv_layers(m) == ["conv1", "conv2"]
    with pytest.raises(FeatureVisError, match="choose one of: conv1, conv2"):
        synthesise_layer(m, "out", FAST)
    with pytest.raises(FeatureVisError, match="channels must be in 0…2"):
        synthesise_layer(m, "conv1", FAST, channels=[3])
    with pytest.raises(FeatureVisError, match="steps"):
        SynthesisSettings(steps=0)
    with pytest.raises(FeatureVisError, match="unknown setting"):
        synthesise_layer(m, "conv1", FAST, stepz=3)


def test_progress_is_reported_and_cancel_stops_early(model):
    calls = []
    r = synthesise_layer(model, "conv1", FAST, steps=6, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 6) for i in range(1, 7)] and r.channels == 3
    # Several chunks count as one run: 3 channels, 2 per chunk → 2 × 4 steps.
    calls.clear()
    synthesise_layer(model, "conv1", FAST, steps=4, max_batch=2, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (8, 8) and len(calls) == 8
    calls.clear()
    with pytest.raises(VisualisationCancelled, match="after 5 of 120"):
        synthesise_layer(model, "conv1", FAST, progress=lambda d, t: calls.append(d),
                         cancelled=lambda: len(calls) >= 5)
    assert calls == [1, 2, 3, 4, 5]


def _brute_force_means(images_u8: np.ndarray) -> np.ndarray:
    """conv1's per-channel mean output in NumPy (cnnviz.core.conv), image by image."""
    x = images_u8.astype(np.float64) / 255.0
    return np.array([conv2d(im[..., None], detector_kernels(), bias=-0.1, padding="same",
                            activation="relu").output.mean(axis=(0, 1)) for im in x])


def test_top_examples_are_the_k_highest(model):
    rng = np.random.default_rng(3)
    images = (rng.uniform(0, 1, (41, 14, 14)) ** 3 * 255).astype(np.uint8)
    means = _brute_force_means(images)                                  # (41, 3)
    seen = []
    top = top_examples(model, "conv1", images, k=5, batch_size=8, progress=lambda d, t: seen.append((d, t)))
    assert top.indices.shape == (3, 5) and top.values.shape == (3, 5)
    for c in range(3):
        expected = np.argsort(-means[:, c], kind="stable")[:5]
        np.testing.assert_array_equal(top.indices[c], expected)
        np.testing.assert_allclose(top.values[c], means[expected, c], rtol=1e-4, atol=1e-6)
    assert seen == [(8, 41), (16, 41), (24, 41), (32, 41), (40, 41), (41, 41)]
    both = top_examples_for_layers(model, ["conv1", "conv2"], images, k=50, batch_size=16)
    assert both["conv1"].indices.shape == (3, 41)                       # k capped at N
    np.testing.assert_array_equal(both["conv1"].indices[:, :5], top.indices)
    assert np.all(np.diff(both["conv2"].values, axis=1) <= 0)           # best first
    with pytest.raises(VisualisationCancelled):
        top_examples(model, "conv1", images, batch_size=8, cancelled=lambda: True)
    with pytest.raises(FeatureVisError, match="the model takes 14×14×1"):
        top_examples(model, "conv1", np.zeros((2, 28, 28), np.uint8))


def test_cache_same_object_until_the_weights_change(tmp_path):
    m = detector_model()
    cache = VisualisationCache(tmp_path / "cache")
    first = cache.layer(m, "conv1", FAST)
    assert cache.layer(m, "conv1", FAST) is first and cache.computed == 1
    twin = detector_model()                                   # a second load, same weights
    assert weights_hash(twin, "conv1") == weights_hash(m, "conv1")
    assert weights_hash(twin) != weights_hash(m)              # their Dense layers differ
    assert cache.layer(twin, "conv1", FAST) is first
    assert cache.layer(m, "conv1", SynthesisSettings(steps=41)) is not first   # other settings
    assert cache.computed == 2
    w, b = m.get_layer("conv1").get_weights()
    m.get_layer("conv1").set_weights([w[:, :, :, [1, 0, 2]], b])               # weights edited
    swapped = cache.layer(m, "conv1", FAST)
    assert swapped is not first and cache.computed == 3
    assert swapped.own_response()[0] > swapped.responses[0, 1]
    # A new cache on the same folder reads the results back instead of computing them.
    again = VisualisationCache(tmp_path / "cache")
    back = again.layer(twin, "conv1", FAST)
    assert again.computed == 0
    np.testing.assert_array_equal(back.images, first.images)
    np.testing.assert_array_equal(back.display, first.display)
    assert back.settings == FAST and back.layer == "conv1"


def test_input_gradient_of_a_linear_model():
    inp = keras.Input((4, 4, 1))
    out = keras.layers.Conv2D(2, 1, use_bias=False)(inp)
    lin = keras.Model(inp, out)
    lin.layers[-1].set_weights([np.array([3.0, -2.0], np.float32).reshape(1, 1, 1, 2)])
    f = input_gradient(lin, lambda y, mask: keras.ops.sum(keras.ops.mean(y, axis=(1, 2)) * mask, axis=1))
    x = np.random.default_rng(0).uniform(size=(2, 4, 4, 1)).astype(np.float32)
    values, grad = f(x, np.array([[1, 0], [0, 1]], np.float32))
    np.testing.assert_allclose(values, [3 * x[0].mean(), -2 * x[1].mean()], rtol=1e-5)
    np.testing.assert_allclose(grad[0], np.full((4, 4, 1), 3 / 16), rtol=1e-5)
    np.testing.assert_allclose(grad[1], np.full((4, 4, 1), -2 / 16), rtol=1e-5)


@pytest.mark.parametrize("shape", [(2, 6, 6, 1), (1, 5, 7, 3)])
def test_fourier_backward_is_the_gradient(shape):
    """Directional derivatives of Σ g·image match the closed-form backward pass."""
    n, h, w, c = shape
    fi = FourierImage(n, h, w, c, lo=-1.0, hi=2.0, init_std=0.3, seed=2)
    fi.params = fi.params.astype(np.float64)
    rng = np.random.default_rng(5)
    g = rng.standard_normal(shape)
    fi.forward()
    grad = fi.backward(g).astype(np.float64)
    p0 = fi.params.copy()
    for _ in range(3):
        d = rng.standard_normal(p0.shape)
        fi.params = p0 + 1e-3 * d
        up = float((g * fi.forward()).sum())
        fi.params = p0 - 1e-3 * d
        down = float((g * fi.forward()).sum())
        assert (up - down) / 2e-3 == pytest.approx(float((grad * d).sum()), rel=2e-3, abs=1e-4)


def test_grid_layout():
    tiles = np.arange(5 * 2 * 3, dtype=np.uint8).reshape(5, 2, 3) + 100
    g = grid(tiles, 3, pad=1, background=0)
    assert g.shape == (2 * 3 + 1, 3 * 4 + 1)
    np.testing.assert_array_equal(g[1:3, 1:4], tiles[0])
    np.testing.assert_array_equal(g[4:6, 5:8], tiles[4])
    assert g[4:6, 9:12].max() == 0                               # the empty sixth cell


def test_any_size_colour_model():
    """An RGB model that takes any size: images of ``size`` pixels, colour display."""
    inp = keras.Input((None, None, 3))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="c1")(inp)
    m = keras.Model(inp, keras.layers.GlobalAveragePooling2D()(x))
    r = synthesise_layer(m, "c1", FAST, size=16, steps=60)
    assert r.images.shape == (4, 16, 16, 3) and r.display.shape == (4, 16, 16, 3)
    assert r.own_response().mean() > (r.responses.sum(1) - r.own_response()).mean() / 3
    top = top_examples(m, "c1", np.random.default_rng(0).integers(0, 256, (10, 16, 16, 3), dtype=np.uint8), k=3)
    assert top.indices.shape == (4, 3)
    sheet = channel_sheet(r.display, np.zeros((10, 16, 16, 3), np.uint8), top.indices, per_row=2, pad=1)
    assert sheet.shape == (2 * 17 + 1, 8 * 17 + 1, 3)
    np.testing.assert_array_equal(sheet[1:17, 1:17], r.display[0])
    np.testing.assert_array_equal(sheet[18:34, 1 + 4 * 17:17 + 4 * 17], r.display[3])


def test_layers_inside_a_nested_model():
    inner = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="inner_conv")], name="sub")
    inp = keras.Input((8, 8, 1))
    m = keras.Model(inp, keras.layers.Flatten()(inner(inp)))
    assert conv_layers(m) == ["inner_conv"]
    r = synthesise_layer(m, "inner_conv", FAST, steps=10)
    assert r.images.shape == (2, 8, 8, 1)
    assert top_examples(m, "inner_conv", np.zeros((3, 8, 8), np.uint8), k=2).indices.shape == (2, 2)
    assert weights_hash(m, "inner_conv") == weights_hash(inner)


@pytest.mark.parametrize("shape", [(8, 8), (64,)])
def test_models_that_take_2d_or_flat_images(shape):
    inp = keras.Input(shape)
    x = keras.layers.Reshape((8, 8, 1))(inp)
    m = keras.Model(inp, keras.layers.Conv2D(2, 3, activation="relu", name="c")(x))
    m.get_layer("c").set_weights([detector_kernels()[:, :, :, :2], np.zeros(2, np.float32)])
    r = synthesise_layer(m, "c", FAST)
    assert r.images.shape == (2, 8, 8, 1) and r.display.shape == (2, 8, 8)
    own = r.own_response()
    assert np.all(own > r.responses[[0, 1], [1, 0]])
    top = top_examples(m, "c", np.concatenate([np.zeros((1, 8, 8), np.uint8), r.display]), k=1)
    np.testing.assert_array_equal(top.indices[:, 0], [1, 2])      # each channel's own image wins


JAX_SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    import keras
    from tests.inference.test_feature_vis import FAST, _brute_force_means, detector_model
    from cnnviz.inference.feature_vis import input_spec, layer_responses, synthesise_layer
    from cnnviz.inference.feature_vis_examples import top_examples
    m = detector_model()
    r = synthesise_layer(m, "conv2", FAST)
    noise = np.random.default_rng(1).uniform(0, 1, (64, 14, 14, 1)).astype(np.float32)
    own = r.own_response()
    images = (np.random.default_rng(3).uniform(0, 1, (20, 14, 14)) ** 3 * 255).astype(np.uint8)
    top = top_examples(m, "conv1", images, k=4, batch_size=6)
    expected = np.argsort(-_brute_force_means(images), axis=0, kind="stable")[:4].T
    print(json.dumps({"backend": keras.backend.backend(), "own": own.tolist(),
                      "others": ((r.responses.sum(1) - own) / 2).tolist(),
                      "noise": layer_responses(m, "conv2", noise, input_spec(m)).mean(0).tolist(),
                      "top_ok": bool(np.array_equal(top.indices, expected))}))
""")


@pytest.mark.slow
@pytest.mark.shared
def test_bundled_digit_model_every_channel_of_conv1_and_conv2(mnist_dir):
    from cnnviz.inference.bundled import default_model_path
    from cnnviz.inference.datasets import load_test_split

    path = default_model_path()
    if not path.is_file():
        pytest.skip(f"the bundled digit model is missing at {path}")
    m = keras.saving.load_model(path)
    x = load_test_split("mnist", mnist_dir).x_test[:2000]
    tops = top_examples_for_layers(m, ["conv1", "conv2"], x, k=9, batch_size=500)
    for layer, channels in (("conv1", 32), ("conv2", 64)):
        r = synthesise_layer(m, layer)                       # the default settings
        assert r.display.shape == (channels, 28, 28) and tops[layer].indices.shape == (channels, 9)
        data = layer_responses(m, layer, x[..., None].astype(np.float32) / 255, input_spec(m))
        # Every channel: its image beats the average test digit, and the top examples
        # are the test digits with the highest response.
        assert np.all(r.own_response() > data.mean(axis=0))
        np.testing.assert_allclose(tops[layer].values[:, 0], data.max(axis=0), rtol=1e-4, atol=1e-5)


@pytest.mark.slow
def test_jax_backend_in_a_subprocess():
    if importlib.util.find_spec("jax") is None:
        pytest.skip("JAX is not installed in this environment")
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", PYTHONPATH=str(PROJECT))
    proc = subprocess.run([sys.executable, "-c", JAX_SCRIPT, str(PROJECT)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["backend"] == "jax" and got["top_ok"]
    own, others, noise = (np.array(got[k]) for k in ("own", "others", "noise"))
    assert np.all(own > others) and np.all(own > noise)
