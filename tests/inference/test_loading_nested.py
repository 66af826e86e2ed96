"""Nested models (a Sequential or Functional used as a layer, as in Teachable Machine
exports) are flattened on load: every inner layer becomes a layer of the model, and the
model computes exactly what the nested one computes."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cnnviz.inference.loading import load_model
from cnnviz.inference.loading.flatten import flatten_config


def _nested_reference(seed: int = 0):
    """Sequential[Sequential[Functional(conv, BN, depthwise, Add, ReLU), pooling],
    Sequential[Dense, Dense]] with random weights and BN statistics: the shape of a
    Teachable Machine export, small."""
    import keras

    inp = keras.Input((8, 8, 3))
    x = keras.layers.Conv2D(4, 3, padding="same", name="c1")(inp)
    x = keras.layers.BatchNormalization(name="bn1")(x)
    y = keras.layers.DepthwiseConv2D(3, padding="same", name="dw")(x)
    y = keras.layers.ReLU(6.0, name="dw_relu")(y)
    x = keras.layers.Add(name="add")([x, y])
    base = keras.Model(inp, x, name="model1")
    feat = keras.Sequential([keras.Input((8, 8, 3)), base, keras.layers.GlobalAveragePooling2D(name="gap")],
                            name="sequential_1")
    head = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu", name="d1"),
                             keras.layers.Dense(3, use_bias=False, activation="softmax", name="d2")],
                            name="sequential_3")
    model = keras.Sequential([keras.Input((8, 8, 3)), feat, head], name="sequential_4")
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(0.5, 1.5, w.shape).astype("float32") if "variance" in v.path
                       else rng.normal(0, 0.5, w.shape).astype("float32")
                       for v, w in zip(model.weights, model.get_weights())])
    return model


def _inner_weights(model) -> dict:
    """{inner layer name: [arrays]} over nested models too."""
    out = {}

    def walk(m):
        for layer in m.layers:
            if getattr(layer, "layers", None):
                walk(layer)
            elif layer.weights:
                out[layer.name] = [np.asarray(w) for w in layer.get_weights()]

    walk(model)
    return out


def test_keras3_nested_h5_is_flattened_with_the_same_outputs_and_weights(tmp_path):
    import keras

    ref = _nested_reference()
    path = tmp_path / "nested.h5"
    ref.save(path)
    direct = keras.models.load_model(path, compile=False)  # Keras 3 reads its own nesting
    loaded = load_model(path)  # sandboxed, flattened
    names = [layer.name for layer in loaded.model.layers]
    assert not any(getattr(layer, "layers", None) for layer in loaded.model.layers)
    for inner in ("c1", "bn1", "dw", "dw_relu", "add", "gap", "d1", "d2"):
        assert inner in names, names
    assert any("flattened" in n and "sequential_1" in n for n in loaded.notes), loaded.notes
    x = np.random.default_rng(1).random((4, 8, 8, 3), dtype=np.float32)
    np.testing.assert_allclose(loaded.model.predict(x, verbose=0), direct.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loaded.model.predict(x, verbose=0), ref.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    want = _inner_weights(ref)
    got = _inner_weights(loaded.model)
    assert want.keys() == got.keys()
    for name in want:
        for a, b in zip(want[name], got[name]):
            np.testing.assert_array_equal(a, b)
    # An inner feature map is the nested model's own intermediate output.
    probe = keras.Model(loaded.model.input, loaded.model.get_layer("dw_relu").output)
    base = ref.get_layer("sequential_1").get_layer("model1")
    ref_probe = keras.Model(base.inputs[0], base.get_layer("dw_relu").output)
    np.testing.assert_allclose(np.asarray(probe(x)), np.asarray(ref_probe(x)), rtol=1e-5, atol=1e-6)


# -- the Keras 2 layout (what Teachable Machine's tf.keras 2.4 writes) -------------------------
def _layer(cls, name, inbound=None, **cfg):
    out = {"class_name": cls, "config": {"name": name, "trainable": True, "dtype": "float32", **cfg}}
    if inbound is not None:
        out["name"] = name
        out["inbound_nodes"] = [[[src, 0, 0, {}] for src in inbound]] if inbound else []
    return out


def _keras2_config() -> dict:
    init = {"class_name": "GlorotUniform", "config": {"seed": None}}
    zeros = {"class_name": "Zeros", "config": {}}
    ones = {"class_name": "Ones", "config": {}}
    base = {"class_name": "Functional", "config": {"name": "model1", "layers": [
        _layer("InputLayer", "input_1", [], batch_input_shape=[None, 8, 8, 3], sparse=False, ragged=False),
        _layer("Conv2D", "c1", ["input_1"], filters=4, kernel_size=[3, 3], strides=[1, 1], padding="same",
               data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="linear",
               use_bias=True, kernel_initializer=init, bias_initializer=zeros),
        _layer("BatchNormalization", "bn1", ["c1"], axis=[3], momentum=0.99, epsilon=0.001, center=True,
               scale=True, beta_initializer=zeros, gamma_initializer=ones,
               moving_mean_initializer=zeros, moving_variance_initializer=ones),
        _layer("DepthwiseConv2D", "dw", ["bn1"], kernel_size=[3, 3], strides=[1, 1], padding="same",
               data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="linear",
               use_bias=True, depth_multiplier=1, depthwise_initializer=init, bias_initializer=zeros),
        _layer("ReLU", "dw_relu", ["dw"], max_value=6.0, negative_slope=0.0, threshold=0.0),
        _layer("Add", "add", ["bn1", "dw_relu"]),
    ], "input_layers": [["input_1", 0, 0]], "output_layers": [["add", 0, 0]]}}
    feat = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        _layer("InputLayer", "model1_input", batch_input_shape=[None, 8, 8, 3], sparse=False, ragged=False),
        base, _layer("GlobalAveragePooling2D", "gap", data_format="channels_last")]}}
    head = {"class_name": "Sequential", "config": {"name": "sequential_3", "layers": [
        _layer("InputLayer", "d1_input", batch_input_shape=[None, 4], sparse=False, ragged=False),
        _layer("Dense", "d1", units=5, activation="relu", use_bias=True, kernel_initializer=init,
               bias_initializer=zeros),
        _layer("Dense", "d2", units=3, activation="softmax", use_bias=False, kernel_initializer=init,
               bias_initializer=zeros)]}}
    return {"class_name": "Sequential", "config": {"name": "sequential_4", "layers": [
        _layer("InputLayer", "sequential_1_input", batch_input_shape=[None, 8, 8, 3], sparse=False,
               ragged=False), feat, head]}}


def _write_keras2_file(path, ref) -> None:
    """An .h5 the way tf.keras 2.4 saves a nested Sequential: one group per top-level
    model, holding '<layer>/<variable>:0' arrays listed trainable first, then the rest."""
    import h5py

    weights = _inner_weights(ref)
    var_names = {"c1": ["kernel", "bias"], "bn1": ["gamma", "beta", "moving_mean", "moving_variance"],
                 "dw": ["depthwise_kernel", "bias"], "d1": ["kernel", "bias"], "d2": ["kernel"]}
    groups = {"sequential_1": ["c1", "bn1", "dw"], "sequential_3": ["d1", "d2"]}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(_keras2_config())
        g = f.create_group("model_weights")
        g.attrs["keras_version"] = "2.4.0"
        g.attrs["backend"] = "tensorflow"
        g.attrs["layer_names"] = np.array([b"sequential_1", b"sequential_3"])
        for top, layers in groups.items():
            sub = g.create_group(top)
            trainable, frozen = [], []
            for layer in layers:
                for var, value in zip(var_names[layer], weights[layer]):
                    name = f"{layer}/{var}:0"
                    sub.create_dataset(name, data=value)
                    (frozen if var.startswith("moving_") else trainable).append(name.encode())
            sub.attrs["weight_names"] = np.array(trainable + frozen)


def test_keras2_nested_sequential_file_loads_flattened_with_the_reference_outputs(tmp_path):
    import keras

    ref = _nested_reference(seed=3)
    path = tmp_path / "keras_model.h5"
    _write_keras2_file(path, ref)
    with pytest.raises(Exception):  # what Keras 3 alone does with this file
        keras.models.load_model(path, compile=False)
    loaded = load_model(path)
    assert loaded.saved_by == "2.4.0"
    assert {"c1", "bn1", "dw", "dw_relu", "add", "gap", "d1", "d2"} <= {layer.name for layer in loaded.model.layers}
    assert any("'groups'" in n for n in loaded.notes)
    x = np.random.default_rng(4).random((3, 8, 8, 3), dtype=np.float32)
    np.testing.assert_allclose(loaded.model.predict(x, verbose=0), ref.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    got = _inner_weights(loaded.model)
    for name, arrays in _inner_weights(ref).items():
        for a, b in zip(arrays, got[name]):
            np.testing.assert_array_equal(a, b)


# -- the config rewrite alone --------------------------------------------------------------
def test_flatten_rewires_a_functional_around_a_nested_sequential():
    inner = {"class_name": "Sequential", "name": "block", "inbound_nodes": [[["conv", 0, 0, {}]]],
             "config": {"name": "block", "layers": [
                 {"class_name": "InputLayer", "config": {"name": "block_in", "batch_input_shape": [None, 4]}},
                 {"class_name": "Dense", "config": {"name": "a", "units": 4}},
                 {"class_name": "Dense", "config": {"name": "b", "units": 4}}]}}
    top = {"class_name": "Functional", "config": {"name": "top", "layers": [
        {"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
        {"class_name": "Dense", "name": "conv", "config": {"name": "conv"}, "inbound_nodes": [[["x", 0, 0, {}]]]},
        inner,
        {"class_name": "Add", "name": "sum", "config": {"name": "sum"},
         "inbound_nodes": [[["conv", 0, 0, {}], ["block", 0, 0, {}]]]}],
        "input_layers": [["x", 0, 0]], "output_layers": [["sum", 0, 0]]}}
    new, origin = flatten_config(top)
    layers = {layer["config"]["name"]: layer for layer in new["config"]["layers"]}
    assert list(layers) == ["x", "conv", "a", "b", "sum"]
    assert layers["a"]["inbound_nodes"] == [[["conv", 0, 0, {}]]]
    assert layers["b"]["inbound_nodes"] == [[["a", 0, 0, {}]]]
    assert layers["sum"]["inbound_nodes"] == [[["conv", 0, 0, {}], ["b", 0, 0, {}]]]
    assert new["config"]["output_layers"] == ["sum", 0, 0]
    assert origin["a"] == ("block", "a") and origin["conv"] == ("conv", "conv")


def test_a_nested_model_used_twice_is_left_nested():
    shared = {"class_name": "Sequential", "name": "tower",
              "inbound_nodes": [[["x", 0, 0, {}]], [["y", 0, 0, {}]]],
              "config": {"name": "tower", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}
    top = {"class_name": "Functional", "config": {"name": "siamese", "layers": [
        {"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
        {"class_name": "InputLayer", "name": "y", "config": {"name": "y"}, "inbound_nodes": []},
        shared], "input_layers": [["x", 0, 0], ["y", 0, 0]], "output_layers": [["tower", 0, 0], ["tower", 1, 0]]}}
    assert flatten_config(top) is None
    plain = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"name": "i"}}, {"class_name": "Dense", "config": {"name": "d"}}]}}
    assert flatten_config(plain) is None  # nothing nested: nothing to do


def test_a_lambda_inside_a_nested_model_is_still_refused_before_anything_is_built(tmp_path):
    from cnnviz.inference.loading import ModelLoadError

    ref = _nested_reference(seed=5)
    path = tmp_path / "keras_model.h5"
    _write_keras2_file(path, ref)
    import h5py

    config = _keras2_config()
    head = config["config"]["layers"][2]["config"]["layers"]
    head.insert(2, _layer("Lambda", "sneaky", function=["4wEAAAAAAAAA", None, None], function_type="lambda"))
    with h5py.File(path, "r+") as f:
        f.attrs["model_config"] = json.dumps(config)
    with pytest.raises(ModelLoadError) as err:
        load_model(path)
    assert err.value.category == "unsafe" and "sneaky" in err.value.message


def test_a_sequential_that_starts_with_a_nested_model_takes_that_models_input():
    inner = {"class_name": "Sequential", "config": {"name": "features", "layers": [
        {"class_name": "InputLayer", "config": {"name": "img", "batch_input_shape": [None, 8, 8, 1]}},
        {"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": [3, 3]}}]}}
    top = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        inner, {"class_name": "Flatten", "config": {"name": "flat"}}]}}
    new, origin = flatten_config(top)
    layers = new["config"]["layers"]
    assert [layer["config"]["name"] for layer in layers] == ["img", "conv", "flat"]
    assert layers[1]["inbound_nodes"] == [[["img", 0, 0, {}]]]
    assert new["config"]["input_layers"] == ["img", 0, 0] and new["config"]["output_layers"] == ["flat", 0, 0]
    assert origin["conv"] == ("features", "conv")


def test_a_nested_file_whose_weights_do_not_match_fails_with_one_line(tmp_path):
    import h5py

    from cnnviz.inference.loading import ModelLoadError

    ref = _nested_reference(seed=6)
    path = tmp_path / "keras_model.h5"
    _write_keras2_file(path, ref)
    with h5py.File(path, "r+") as f:
        del f["model_weights"]["sequential_1"]["dw"]  # listed in weight_names, but gone
    with pytest.raises(ModelLoadError) as err:
        load_model(path)
    assert "\n" not in err.value.message and err.value.category == "corrupt"
    assert err.value.message.startswith("keras_model.h5: the weights in the file do not fit its nested models")
    assert "'dw/" in err.value.message
