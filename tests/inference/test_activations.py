"""ActivationExtractor: every layer's output in one compiled call, kernels, surgery."""
from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.core.conv import conv2d  # noqa: E402
from cnnviz.inference.activations import ActivationExtractor, ExtractorError  # noqa: E402


def small_cnn(final="softmax", seed=1):
    keras.utils.set_random_seed(seed)
    inp = keras.Input((28, 28, 1), name="image")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv1")(inp)
    x = keras.layers.Conv2D(5, 3, strides=2, padding="same", name="conv2")(x)
    x = keras.layers.Activation("relu", name="act2")(x)
    x = keras.layers.Conv2D(3, 3, dilation_rate=2, padding="valid", activation="relu", name="conv3")(x)
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.Dropout(0.5, name="drop")(x)
    x = keras.layers.Flatten(name="flat")(x)
    x = keras.layers.Dense(8, activation="relu", name="dense1")(x)
    out = keras.layers.Dense(10, activation=final, name="out")(x)
    return keras.Model(inp, out)


@pytest.fixture(scope="module")
def model():
    return small_cnn()


@pytest.fixture(scope="module")
def extractor(model):
    return ActivationExtractor(model)


def digit(seed=0):
    rng = np.random.default_rng(seed)
    x = np.zeros((28, 28, 1), np.float32)
    x[4:24, 12:16, 0] = rng.uniform(0.5, 1.0, (20, 4))
    return x


def test_layers_are_listed_with_kinds_and_shapes(extractor):
    got = [(i.name, i.kind, i.shape) for i in extractor.layers]
    assert got == [
        ("conv1", "conv", (26, 26, 4)),
        ("conv2", "conv", (13, 13, 5)),
        ("act2", "activation", (13, 13, 5)),
        ("conv3", "conv", (9, 9, 3)),
        ("pool", "pool", (4, 4, 3)),
        ("dense1", "dense", (8,)),
        ("out", "dense", (10,)),
    ]
    assert extractor.layer("conv1").activation == "relu" and extractor.layer("conv1").is_map
    assert extractor.input_shape == (28, 28, 1) and extractor.n_outputs == 10
    assert [i.name for i in extractor.conv_layers()] == ["conv1", "conv2", "conv3"]


def test_one_call_equals_each_layer_computed_by_keras(model, extractor):
    x = digit()
    outs = extractor(x)
    assert len(outs) == len(extractor.layers) + 1
    for info, got in zip(extractor.layers, outs):
        ref = keras.Model(model.inputs, model.get_layer(info.name).output)(x[None], training=False)
        np.testing.assert_allclose(got, np.asarray(ref)[0], atol=1e-5, err_msg=info.name)
    probs = outs[-1]
    np.testing.assert_allclose(probs, np.asarray(model(x[None], training=False))[0], atol=1e-6)
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1.0, abs=1e-5)
    # Batches keep their batch axis.
    batch = extractor(np.stack([x, digit(1)]))
    assert batch[0].shape == (2, 26, 26, 4) and batch[-1].shape == (2, 10)
    np.testing.assert_allclose(batch[0][0], outs[0], atol=1e-6)


@pytest.mark.parametrize("name", ["conv1", "conv2", "conv3"])
def test_convolution_lab_recomputes_every_filter_of_the_model(extractor, name):
    """What "Open in Convolution Lab" shows equals the model's own feature map."""
    acts = extractor.run(digit())
    p = extractor.conv_params(name)
    layer_input = acts.conv_inputs[name]
    want = acts.maps[extractor.layer(name).index]
    # conv2 has no fused activation (a separate Activation layer follows it).
    assert p.activation == ("none" if name == "conv2" else "relu")
    for f in range(p.kernel.shape[-1]):
        lab = conv2d(layer_input, p.kernel[:, :, :, f], p.bias[f], padding=p.padding,
                     stride=p.stride, dilation=p.dilation, activation=p.activation)
        np.testing.assert_allclose(lab.output[:, :, 0], want[:, :, f], atol=1e-4, err_msg=f"{name} filter {f}")
    assert p.stride == ((2, 2) if name == "conv2" else (1, 1))
    assert p.dilation == ((2, 2) if name == "conv3" else (1, 1))


def test_logits_and_sigmoid_outputs_become_probabilities():
    logits = ActivationExtractor(small_cnn(final="linear"))
    p = logits(digit())[-1]
    assert p.sum() == pytest.approx(1.0, abs=1e-5) and (p >= 0).all()
    inp = keras.Input((8, 8, 1))
    out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Flatten()(inp))
    binary = ActivationExtractor(keras.Model(inp, out))
    q = binary(np.ones((8, 8, 1), np.float32))[-1]
    assert q.shape == (2,) and q.sum() == pytest.approx(1.0)


def test_surgery_changes_maps_and_reset_restores(extractor, model):
    x = digit()
    before = extractor(x)
    extractor.zero_filter("conv1", 2)
    assert extractor.is_modified()
    after = extractor(x)
    assert np.all(after[0][:, :, 2] == 0) and np.array_equal(after[0][:, :, 0], before[0][:, :, 0])
    assert not np.allclose(after[-1], before[-1])
    extractor.set_kernel_value("conv1", (1, 1, 0, 0), 5.0)
    assert extractor.conv_params("conv1").kernel[1, 1, 0, 0] == 5.0
    extractor.reset_weights()
    assert not extractor.is_modified()
    again = extractor(x)
    for a, b in zip(before, again):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_nested_models_and_bad_models():
    inner = keras.Sequential([keras.Input((10, 10, 1)), keras.layers.Conv2D(2, 3, name="c")], name="inner")
    inp = keras.Input((10, 10, 1))
    x = inner(inp)
    out = keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(x))
    ext = ActivationExtractor(keras.Model(inp, out))
    # The inner model's conv layer is reachable (flattened), with its input for the lab.
    assert (ext.layers[0].name, ext.layers[0].kind, ext.layers[0].shape) == ("c", "conv", (8, 8, 2))
    x = np.random.default_rng(0).random((10, 10, 1)).astype(np.float32)
    acts = ext.run(x)
    np.testing.assert_allclose(acts.conv_inputs["c"], x, atol=1e-6)
    p = ext.conv_params("c")
    np.testing.assert_allclose(conv2d(x, p.kernel, p.bias).output, acts.maps[0], atol=1e-5)
    assert ext(np.zeros((10, 10, 1), np.float32))[-1].shape == (3,)
    a, b = keras.Input((4,)), keras.Input((4,))
    two = keras.Model([a, b], keras.layers.Dense(2)(keras.layers.Concatenate()([a, b])))
    with pytest.raises(ExtractorError, match="2 inputs"):
        ActivationExtractor(two)
    with pytest.raises(ExtractorError, match="expects images of shape"):
        ext(np.zeros((28, 28, 1), np.float32))


def test_flat_and_2d_inputs_take_images():
    inp = keras.Input((784,))
    dense = keras.Model(inp, keras.layers.Dense(10, activation="softmax", name="d")(inp))
    ext = ActivationExtractor(dense)
    assert ext.input_shape == (28, 28, 1) and [i.name for i in ext.layers] == ["d"]
    x = digit()
    np.testing.assert_allclose(ext(x)[-1], np.asarray(dense(x.reshape(1, 784)))[0], atol=1e-6)
    inp2 = keras.Input((28, 28))
    seq = keras.Model(inp2, keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(inp2)))
    assert ActivationExtractor(seq)(x)[-1].shape == (3,)


def test_runtime_describes_device_and_backend():
    from cnnviz.inference.runtime import device_name, status_text

    assert keras.backend.backend() in status_text()
    assert device_name()


def test_the_network_call_uses_public_tensorflow_api_only():
    """No frozen session, no private function call: the per-stroke call is the public
    compiled function (see docs/performance.md for the measurement that decided it)."""
    from pathlib import Path

    import cnnviz.inference as inference

    private = ("_call_flat", "convert_variables_to_constants", "compat.v1.Session", "_make_callable_from_options",
               "tensorflow.python")
    found = {f.name: [p for p in private if p in f.read_text(encoding="utf-8")]
             for f in Path(inference.__file__).parent.rglob("*.py")}
    assert {k: v for k, v in found.items() if v} == {}


def test_a_batch_and_single_images_give_the_same_maps(extractor):
    batch = np.stack([digit(s) for s in range(3)])
    together = extractor(batch)
    for i in range(3):
        alone = extractor(batch[i])
        assert len(alone) == len(together) == len(extractor.layers) + 1
        for a, b in zip(alone, together):
            np.testing.assert_allclose(a, b[i], rtol=1e-5, atol=1e-6)
