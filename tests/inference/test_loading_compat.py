"""The compatibility step: legacy configs rewritten on a copy, weights used unchanged."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from cnnviz.inference.loading import load_model
from cnnviz.inference.loading.compat import prune_unknown_kwargs, rewrite_legacy


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _set_config(path, config: dict, version: str) -> None:
    import h5py

    with h5py.File(path, "r+") as f:
        f.attrs["model_config"] = json.dumps(config).encode()
        f.attrs["keras_version"] = version.encode()


def test_bare_list_sequential_and_first_layer_input_shape_get_an_input_layer():
    legacy = {"class_name": "Sequential", "config": [
        {"class_name": "Flatten", "config": {"name": "flatten", "batch_input_shape": [None, 28, 28],
                                             "dtype": "float32"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 10, "input_shape": [784]}}]}
    notes: list[str] = []
    out = rewrite_legacy(legacy, notes)
    layers = out["config"]["layers"]
    assert out["config"]["name"] == "sequential"
    assert layers[0] == {"class_name": "InputLayer", "config": {
        "batch_input_shape": [None, 28, 28], "dtype": "float32", "sparse": False, "name": "flatten_input"}}
    assert "batch_input_shape" not in layers[1]["config"] and "input_shape" not in layers[2]["config"]
    assert any("bare list" in n for n in notes) and any("InputLayer inserted" in n for n in notes)
    assert legacy["config"][0]["config"]["batch_input_shape"] == [None, 28, 28]  # input untouched


def test_keras1_names_and_arguments_are_translated():
    legacy = {"class_name": "Sequential", "config": [
        {"class_name": "Convolution2D", "config": {
            "name": "c", "nb_filter": 8, "nb_row": 5, "nb_col": 3, "border_mode": "same",
            "subsample": [2, 2], "init": "he_normal", "dim_ordering": "tf", "bias": True,
            "W_regularizer": {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01},
            "batch_input_shape": [None, 16, 16, 1]}},
        {"class_name": "Dropout", "config": {"name": "d", "p": 0.3}},
        {"class_name": "Dense", "config": {"name": "out", "output_dim": 4}}]}
    notes: list[str] = []
    out = rewrite_legacy(legacy, notes)
    conv = out["config"]["layers"][1]
    assert conv["class_name"] == "Conv2D"
    c = conv["config"]
    assert (c["filters"], c["kernel_size"], c["padding"], c["strides"]) == (8, [5, 3], "same", [2, 2])
    assert c["kernel_initializer"] == "he_normal" and c["use_bias"] is True
    assert c["data_format"] == "channels_last"
    assert c["kernel_regularizer"] == {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}
    assert out["config"]["layers"][2]["config"]["rate"] == 0.3
    assert out["config"]["layers"][3]["config"]["units"] == 4
    assert any("Convolution2D read as Conv2D" in n for n in notes)


def test_unknown_constructor_arguments_are_dropped_by_signature():
    cfg = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8, 8, 3], "name": "i"}},
        {"class_name": "DepthwiseConv2D", "config": {
            "name": "dw", "kernel_size": [3, 3], "groups": 1, "made_up": 7,
            "depthwise_initializer": {"class_name": "GlorotUniform", "config": {"seed": None, "dtype": "float32"}}}}]}}
    notes: list[str] = []
    out = prune_unknown_kwargs(cfg, notes)
    dw = out["config"]["layers"][1]["config"]
    assert "groups" not in dw and "made_up" not in dw and dw["kernel_size"] == [3, 3]
    assert dw["depthwise_initializer"]["config"] == {"seed": None}
    assert any("'groups'" in n for n in notes) and any("'dtype'" in n for n in notes)


def test_keras1_file_loads_with_its_weights_and_the_users_file_is_untouched(tmp_path):
    import keras

    ref = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv"),
        keras.layers.MaxPooling2D(2, name="pool"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(3, activation="softmax", name="dense"),
    ])
    ref.layers[0].set_weights([w + 0.1 for w in ref.layers[0].get_weights()])
    path = tmp_path / "keras1.h5"
    ref.save(path)
    keras1 = {"class_name": "Sequential", "config": [
        {"class_name": "Convolution2D", "config": {
            "name": "conv", "nb_filter": 4, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform",
            "activation": "relu", "border_mode": "same", "subsample": [1, 1], "dim_ordering": "tf",
            "W_regularizer": {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01}, "b_regularizer": None,
            "activity_regularizer": None, "W_constraint": None, "b_constraint": None, "bias": True,
            "batch_input_shape": [None, 8, 8, 1], "input_dtype": "float32", "trainable": True}},
        {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2], "strides": [2, 2],
                                                  "border_mode": "valid", "dim_ordering": "tf", "trainable": True}},
        {"class_name": "Flatten", "config": {"name": "flatten", "trainable": True}},
        {"class_name": "Dense", "config": {"name": "dense", "output_dim": 3, "init": "glorot_uniform",
                                           "activation": "softmax", "W_regularizer": None, "b_regularizer": None,
                                           "activity_regularizer": None, "W_constraint": None,
                                           "b_constraint": None, "bias": True, "input_dim": None,
                                           "trainable": True}}]}
    _set_config(path, keras1, "1.2.2")
    before = _sha(path)
    with pytest.raises(Exception):  # plain Keras 3 cannot read it
        keras.models.load_model(path, compile=False)
    loaded = load_model(path)
    assert _sha(path) == before
    assert loaded.saved_by == "1.2.2"
    assert any("Convolution2D read as Conv2D" in n for n in loaded.notes)
    assert any("input_dtype" in n for n in loaded.notes)
    x = np.random.default_rng(1).random((3, 8, 8, 1), dtype=np.float32)
    np.testing.assert_array_equal(loaded.model.predict(x, verbose=0), ref.predict(x, verbose=0))


def test_tf_keras_file_with_rejected_legacy_kwargs_loads(tmp_path):
    import keras

    ref = keras.Sequential([keras.Input((6, 6, 3)), keras.layers.DepthwiseConv2D(3, name="dw"),
                            keras.layers.GlobalAveragePooling2D(name="gap"),
                            keras.layers.Dense(2, activation="softmax", name="out")])
    path = tmp_path / "tfkeras.h5"
    ref.save(path)
    import h5py

    with h5py.File(path, "r") as f:
        cfg = json.loads(f.attrs["model_config"])
    dw = cfg["config"]["layers"][1]["config"]
    dw["groups"] = 1  # tf.keras 2.x wrote this; Keras 3 DepthwiseConv2D rejects it
    dw["depthwise_initializer"] = {"class_name": "GlorotUniform", "config": {"seed": None, "dtype": "float32"}}
    _set_config(path, cfg, "2.9.0")
    with pytest.raises(Exception):
        keras.models.load_model(path, compile=False)
    loaded = load_model(path)
    x = np.random.default_rng(2).random((2, 6, 6, 3), dtype=np.float32)
    np.testing.assert_array_equal(loaded.model.predict(x, verbose=0), ref.predict(x, verbose=0))
    assert any("'groups'" in n for n in loaded.notes)


@pytest.mark.parametrize("backend", ["tensorflow", "theano"])
def test_keras1_channels_first_cnn_becomes_channels_last_with_the_same_outputs(tmp_path, backend):
    import h5py
    import keras

    ref = keras.Sequential([
        keras.Input((2, 10, 10)),
        keras.layers.Conv2D(3, 3, activation="relu", data_format="channels_first", name="conv"),
        keras.layers.MaxPooling2D(2, data_format="channels_first", name="pool"),
        keras.layers.BatchNormalization(axis=1, name="bn"),
        keras.layers.Flatten(name="flat"),  # Keras 1: a plain reshape of (C, H, W)
        keras.layers.Dense(4, activation="softmax", name="out"),
    ])
    rng = np.random.default_rng(3)
    ref.set_weights([rng.normal(size=w.shape).astype("float32") for w in ref.get_weights()])
    ref.get_layer("bn").set_weights([rng.uniform(0.5, 1.5, 3).astype("float32") for _ in range(4)])
    path = tmp_path / f"theano_era_{backend}.h5"
    ref.save(path)
    keras1 = {"class_name": "Sequential", "config": [
        {"class_name": "Convolution2D", "config": {
            "name": "conv", "nb_filter": 3, "nb_row": 3, "nb_col": 3, "activation": "relu",
            "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "th", "bias": True,
            "batch_input_shape": [None, 2, 10, 10], "init": "glorot_uniform"}},
        {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2], "strides": [2, 2],
                                                  "border_mode": "valid", "dim_ordering": "th"}},
        {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": 1, "mode": 0,
                                                        "epsilon": 0.001, "momentum": 0.99}},
        {"class_name": "Flatten", "config": {"name": "flat"}},
        {"class_name": "Dense", "config": {"name": "out", "output_dim": 4, "activation": "softmax"}}]}
    with h5py.File(path, "r+") as f:
        f.attrs["model_config"] = json.dumps(keras1).encode()
        f.attrs["keras_version"] = b"1.2.2"
        f.attrs["backend"] = backend.encode()
        g = f["model_weights"]["conv"]
        wname = g.attrs["weight_names"][0]
        wname = wname.decode() if isinstance(wname, bytes) else wname
        kernel = g[wname][()].transpose(3, 2, 0, 1)  # Keras 1 'th': (filters, channels, rows, cols)
        if backend == "theano":
            kernel = kernel[:, :, ::-1, ::-1]  # Theano convolves (flipped kernels)
        del g[wname]
        g.create_dataset(wname, data=np.ascontiguousarray(kernel))
    loaded = load_model(path)
    assert loaded.model.input_shape == (None, 10, 10, 2)
    assert any("converted to channels-last" in n for n in loaded.notes), loaded.notes
    assert any("kernel rows reordered" in n for n in loaded.notes)
    if backend == "theano":
        assert any("flipped" in n for n in loaded.notes)
    x = rng.random((3, 2, 10, 10), dtype=np.float32)
    want = ref.predict(x, verbose=0)
    got = loaded.model.predict(x.transpose(0, 2, 3, 1), verbose=0)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    conv_out = keras.Model(loaded.model.inputs, loaded.model.get_layer("conv").output)(x.transpose(0, 2, 3, 1))
    ref_conv = keras.Model(ref.inputs, ref.get_layer("conv").output)(x)
    np.testing.assert_allclose(np.asarray(conv_out), np.asarray(ref_conv).transpose(0, 2, 3, 1), rtol=1e-5, atol=1e-6)
