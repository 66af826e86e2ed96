"""Model summary (input/output kinds, layer rows) and walking nested models."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.inference.model_info import FLAT, IMAGE, NOT_IMAGE, describe_input, describe_model


@pytest.mark.parametrize("shape,kind,hwc", [
    ((28, 28, 1), IMAGE, (28, 28, 1)), ((224, 224, 3), IMAGE, (224, 224, 3)), ((28, 28), IMAGE, (28, 28, 1)),
    ((None, None, 3), IMAGE, (0, 0, 3)), ((784,), FLAT, (28, 28, 1)), ((3072,), FLAT, (32, 32, 3)),
    ((101,), NOT_IMAGE, None), ((3, 32, 32), NOT_IMAGE, None), ((16, 16, 7), NOT_IMAGE, None),
])
def test_input_kinds(shape, kind, hwc):
    spec = describe_input(shape)
    assert spec.kind == kind
    if hwc:
        assert (spec.height, spec.width, spec.channels) == hwc
    else:
        assert spec.message and str(shape[0]) in spec.message
    if shape == (3, 32, 32):
        assert "channels-first" in spec.message


def test_summary_rows_and_output_kinds():
    import keras

    inp = keras.Input((784,), name="pixels")
    x = keras.layers.Dense(16, activation="relu", name="hidden")(inp)
    x = keras.layers.Dense(1, name="logit")(x)
    out = keras.layers.Activation("sigmoid", name="sig")(x)
    info = describe_model(keras.Model(inp, out), saved_by="2.4.0", format="h5")
    assert info.input.kind == FLAT and info.visualizable
    assert info.output.kind == "binary" and info.output.n_classes == 2
    assert [(r.name, r.type, r.output_shape, r.params, r.activation) for r in info.layers] == [
        ("pixels", "InputLayer", "(N, 784)", 0, ""), ("hidden", "Dense", "(N, 16)", 12560, "relu"),
        ("logit", "Dense", "(N, 1)", 17, "linear"), ("sig", "Activation", "(N, 1)", 0, "sigmoid")]
    assert info.total_params == 12577 and info.saved_by == "2.4.0"
    m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(4, name="scores")])
    assert describe_model(m).output.kind == "scores" and not describe_model(m).visualizable


def test_flatten_nested_reaches_inner_layers_with_identical_outputs():
    import keras

    from cnnviz.inference.graph import flatten_nested, is_nested

    features = keras.Sequential([keras.Input((20, 20, 1)), keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
                                 keras.layers.MaxPooling2D(name="pool")], name="features")
    head_in = keras.Input((9, 9, 4))
    h = keras.layers.Conv2D(3, 3, name="conv")(head_in)  # same name as the inner conv
    h = keras.layers.Flatten(name="flat")(h)
    head = keras.Model(head_in, keras.layers.Dense(5, activation="softmax", name="probs")(h), name="head")
    inp = keras.Input((20, 20, 1), name="image")
    model = keras.Model(inp, head(features(inp)), name="outer")
    assert is_nested(model)
    flat = flatten_nested(model)
    names = [layer.name for layer in flat.layers]
    assert "pool" in names and "probs" in names and len(set(names)) == len(names)
    assert not any(isinstance(layer, keras.Model) for layer in flat.layers)
    x = np.random.default_rng(0).random((3, 20, 20, 1), dtype=np.float32)
    np.testing.assert_array_equal(np.asarray(flat(x)), np.asarray(model(x)))
    # Inner activations are reachable and equal the nested model's own.
    probe = keras.Model(flat.inputs, flat.get_layer("pool").output)
    np.testing.assert_array_equal(np.asarray(probe(x)), np.asarray(features(x)))
    plain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    assert flatten_nested(plain) is plain


def test_nested_model_file_loads_and_its_inner_layers_are_listed_and_reachable(tmp_path):
    import keras

    from cnnviz.inference.graph import flatten_nested
    from cnnviz.inference.loading import load_model

    block = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(4, 3, activation="relu", name="c1"),
                              keras.layers.MaxPooling2D(name="p1")], name="block")
    inp = keras.Input((16, 16, 3), name="rgb")
    x = keras.layers.Flatten(name="flat")(block(inp))
    model = keras.Model(inp, keras.layers.Dense(2, activation="softmax", name="probs")(x), name="outer")
    path = tmp_path / "nested.keras"
    model.save(path)
    loaded = load_model(path)
    rows = [(r.name, r.depth) for r in loaded.info.layers]
    assert ("block", 0) in rows and ("c1", 1) in rows and ("p1", 1) in rows
    flat = flatten_nested(loaded.model)
    x = np.random.default_rng(5).random((2, 16, 16, 3), dtype=np.float32)
    np.testing.assert_array_equal(np.asarray(flat(x)), model.predict(x, verbose=0))
    inner = keras.Model(flat.inputs, flat.get_layer("c1").output)(x)
    np.testing.assert_allclose(np.asarray(inner), np.asarray(block.layers[0](x)), rtol=1e-6)
