"""Teachable Machine exports: ``keras_model.h5`` + ``labels.txt`` ("0 Cat"), a nested
MobileNetV2 (Keras 2.4) that expects pixels in −1…1. Labels, the input range and the two
real exports in ../shared (skipped when absent)."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.inference.classes import class_names_for, read_class_names
from cnnviz.inference.loading import load_model
from cnnviz.inference.model_info import describe_model
from tests.conftest import fixture_model

TEACHABLE = {
    "963n__TeachableMachine-Water-Classification__keras_model.h5": ["5 Galoon", "500ML"],
    "2tle__rock_sissor_paper__keras_model.h5": ["가위", "바위", "보"],
}


# -- labels.txt ------------------------------------------------------------------------------
def test_indexed_labels_are_read_as_names(tmp_path):
    model = tmp_path / "keras_model.h5"
    (tmp_path / "labels.txt").write_bytes("\ufeff0 Cat\r\n1 5 Galoon\r\n2 고양이\r\n\r\n".encode("utf-8"))
    assert class_names_for(model, 3) == ["Cat", "5 Galoon", "고양이"]
    assert class_names_for(model, 4) == ["0", "1", "2", "3"]  # a count that does not fit: defaults
    # <stem>.labels.txt beside the model comes first.
    (tmp_path / "keras_model.labels.txt").write_text("0 dog\n1 cow\n2 hen\n", encoding="utf-8")
    assert class_names_for(model, 3) == ["dog", "cow", "hen"]


@pytest.mark.parametrize("lines", [
    ["5 Galoon", "500ML"],  # starts with digits, but not its own index
    ["1 apple", "2 pear"],  # numbered from 1: the numbers are part of the names
    ["0", "1", "2"],  # bare digits are names
    ["cat", "0 dog"],
])
def test_plain_name_lists_stay_as_they_are(tmp_path, lines):
    p = tmp_path / "labels.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_class_names(p) == lines


# -- input range ------------------------------------------------------------------------------
def _mobilenet_stem(rescale: bool = False):
    import keras

    inp = keras.Input((32, 32, 3))
    x = keras.layers.Rescaling(1 / 127.5, offset=-1, name="scale")(inp) if rescale else inp
    x = keras.layers.Conv2D(4, 3, strides=2, name="Conv1")(x)
    x = keras.layers.BatchNormalization(name="bn_Conv1")(x)
    x = keras.layers.DepthwiseConv2D(3, name="expanded_conv_depthwise")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, keras.layers.Dense(2, activation="softmax")(x))


def test_input_range_follows_the_architecture():
    import keras

    plain = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation="softmax")])
    info = describe_model(plain)
    assert info.input_range == (0.0, 1.0) and info.input_range_note == ""
    info = describe_model(_mobilenet_stem())
    assert info.input_range == (-1.0, 1.0) and "MobileNetV2" in info.input_range_note
    info = describe_model(_mobilenet_stem(rescale=True))  # it scales itself: raw pixels
    assert info.input_range == (0.0, 255.0) and "scale" in info.input_range_note
    nested = keras.Sequential([keras.Input((16, 16, 3)),
                               keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Rescaling(1 / 255)]),
                               keras.layers.Conv2D(2, 3)])
    assert describe_model(nested).input_range == (0.0, 255.0)


# -- the real exports ------------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(TEACHABLE))
def test_teachable_machine_export_opens_flat_with_its_labels(name):
    import keras

    path = fixture_model(name)
    loaded = load_model(path)  # untrusted: scanned, rewritten, sandboxed
    model = loaded.model
    assert loaded.saved_by == "2.4.0"
    assert loaded.class_names == TEACHABLE[name]
    assert model.input_shape == (None, 224, 224, 3) and model.output_shape == (None, len(TEACHABLE[name]))
    assert loaded.input_range == (-1.0, 1.0) and loaded.info.input_range == (-1.0, 1.0)
    assert not any(getattr(layer, "layers", None) for layer in model.layers)  # nothing nested left
    types = [type(layer).__name__ for layer in model.layers]
    assert types.count("DepthwiseConv2D") == 17 and types.count("Conv2D") == 35
    for inner in ("Conv1", "block_1_depthwise", "block_1_depthwise_relu", "block_1_project", "out_relu"):
        assert inner in [layer.name for layer in model.layers]
    assert any("flattened" in n for n in loaded.notes) and any("−1…1" in n for n in loaded.notes)
    probe = keras.Model(model.input, [model.get_layer("block_1_depthwise").output,
                                      model.get_layer("out_relu").output, model.output])
    dw, last, probs = probe(np.zeros((1, 224, 224, 3), np.float32))
    assert tuple(dw.shape) == (1, 56, 56, 48) and tuple(last.shape) == (1, 7, 7, 1280)
    np.testing.assert_allclose(np.asarray(probs).sum(), 1.0, rtol=1e-5)


@pytest.mark.shared
def test_teachable_machine_export_computes_what_its_mobilenet_and_head_compute():
    """Reference: keras.applications' MobileNetV2 (alpha 0.35) and the Dense head, with
    the file's arrays set by layer name, applied as the nested original applies them."""
    import h5py
    import keras

    path = fixture_model("2tle__rock_sissor_paper__keras_model.h5")
    loaded = load_model(path)
    base = keras.applications.MobileNetV2(input_shape=(224, 224, 3), alpha=0.35, include_top=False,
                                          weights=None)
    with h5py.File(path, "r") as f:
        g = f["model_weights"]["sequential_1"]
        names = [n.decode() for n in g.attrs["weight_names"]]
        for layer in base.layers:
            if layer.weights:
                layer.set_weights([g[n][()] for n in names if n.split("/")[0] == layer.name])
        h = f["model_weights"]["sequential_3"]
        k1, b1, k2 = (h[n][()] for n in ("dense_Dense1/kernel:0", "dense_Dense1/bias:0", "dense_Dense2/kernel:0"))
    x = np.random.default_rng(0).uniform(-1, 1, (2, 224, 224, 3)).astype(np.float32)
    features = np.asarray(base(x, training=False)).mean(axis=(1, 2))
    z = np.maximum(features @ k1 + b1, 0) @ k2
    want = np.exp(z - z.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    np.testing.assert_allclose(loaded.model.predict(x, verbose=0), want, rtol=1e-4, atol=1e-5)
