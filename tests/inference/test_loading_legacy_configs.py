"""tf.keras 2.1-era configs: initializer/regularizer/constraint configs carry arguments
Keras 3 no longer takes (``dtype`` in ``GlorotUniform``/``Zeros`` …). The file is
written with h5py in the old layout, with real weights; it loads with them unchanged."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cnnviz.inference.loading import load_model
from cnnviz.inference.loading.compat import prune_unknown_kwargs


def _init(cls, **cfg):
    return {"class_name": cls, "config": {**cfg, "dtype": "float32"}}


def _old_config() -> dict:
    glorot = _init("GlorotUniform", seed=None)
    zeros = _init("Zeros")
    return {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        {"class_name": "Conv2D", "config": {
            "name": "conv2d_1", "trainable": True, "batch_input_shape": [None, 10, 10, 1], "dtype": "float32",
            "filters": 3, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "relu", "use_bias": True,
            "kernel_initializer": _init("VarianceScaling", scale=1.0, mode="fan_avg", distribution="uniform",
                                        seed=None),
            "bias_initializer": zeros,
            "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01, "dtype": "float32"}},
            "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0,
                                                                      "dtype": "float32"}},
            "bias_constraint": {"class_name": "NonNeg", "config": {"dtype": "float32"}}}},
        {"class_name": "BatchNormalization", "config": {
            "name": "bn_1", "trainable": True, "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True,
            "scale": True, "beta_initializer": zeros, "gamma_initializer": _init("Ones"),
            "moving_mean_initializer": zeros, "moving_variance_initializer": _init("Ones"),
            "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
            "gamma_constraint": None}},
        {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": True, "data_format": "channels_last"}},
        {"class_name": "Dense", "config": {
            "name": "dense_1", "trainable": True, "units": 4, "activation": "softmax", "use_bias": True,
            "kernel_initializer": glorot, "bias_initializer": zeros,
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None}}]}}


def _write(path, weights: dict[str, list[tuple[str, np.ndarray]]]) -> None:
    import h5py

    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.1.5"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(_old_config()).encode()
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([n.encode() for n in ("conv2d_1", "bn_1", "flatten_1", "dense_1")])
        for layer in ("conv2d_1", "bn_1", "flatten_1", "dense_1"):
            lg = g.create_group(layer)
            names = []
            for var, value in weights.get(layer, []):
                name = f"{layer}/{var}:0"
                lg.create_dataset(name, data=value)
                names.append(name.encode())
            lg.attrs["weight_names"] = np.array(names, dtype="S") if names else np.array([], dtype="S1")


def test_old_initializer_regularizer_and_constraint_configs_load_with_unchanged_weights(tmp_path):
    import keras

    rng = np.random.default_rng(7)
    weights = {
        "conv2d_1": [("kernel", rng.normal(size=(3, 3, 1, 3)).astype("float32")),
                     ("bias", rng.normal(size=3).astype("float32"))],
        "bn_1": [("gamma", rng.uniform(0.5, 2, 3).astype("float32")), ("beta", rng.normal(size=3).astype("float32")),
                 ("moving_mean", rng.normal(size=3).astype("float32")),
                 ("moving_variance", rng.uniform(0.5, 2, 3).astype("float32"))],
        "dense_1": [("kernel", rng.normal(size=(192, 4)).astype("float32")),
                    ("bias", rng.normal(size=4).astype("float32"))],
    }
    path = tmp_path / "tf21.h5"
    _write(path, weights)
    with pytest.raises(Exception):  # Keras 3 alone: "Error when deserializing class 'Conv2D' …"
        keras.models.load_model(path, compile=False)
    loaded = load_model(path)
    assert loaded.saved_by == "2.1.5"
    model = loaded.model
    for layer, arrays in weights.items():
        got = model.get_layer(layer).get_weights()
        assert len(got) == len(arrays)
        for (_var, want), have in zip(arrays, got):
            np.testing.assert_array_equal(have, want)
    # The regularizer and constraint stay (only their stray argument went).
    conv = model.get_layer("conv2d_1")
    assert isinstance(conv.kernel_regularizer, keras.regularizers.L1L2)
    assert conv.kernel_regularizer.l2 == pytest.approx(0.01)
    assert isinstance(conv.kernel_constraint, keras.constraints.MaxNorm)
    # Every change is listed (changes of one kind share a line).
    for where, what in (("conv2d_1.bias_initializer", "dropped Zeros argument 'dtype'"),
                        ("bn_1.gamma_initializer", "dropped Ones argument 'dtype'"),
                        ("conv2d_1.kernel_initializer", "dropped VarianceScaling argument 'dtype'"),
                        ("conv2d_1.kernel_regularizer", "dropped L1L2 argument 'dtype'"),
                        ("conv2d_1.kernel_constraint", "dropped MaxNorm argument 'dtype'"),
                        ("conv2d_1.bias_constraint", "dropped NonNeg argument 'dtype'"),
                        ("dense_1.kernel_initializer", "dropped GlorotUniform argument 'dtype'")):
        assert any(where in n and what in n for n in loaded.notes), (where, loaded.notes)
    # It computes what the stored weights say.
    x = rng.random((2, 10, 10, 1), dtype=np.float32)
    k, b = weights["conv2d_1"][0][1], weights["conv2d_1"][1][1]
    conv_out = np.maximum(np.stack([[[np.einsum("ijc,ijcf->f", xi[r:r + 3, c:c + 3], k) + b
                                      for c in range(8)] for r in range(8)] for xi in x]), 0)
    g, beta, mean, var = (w for _, w in weights["bn_1"])
    bn = (conv_out - mean) / np.sqrt(var + 0.001) * g + beta
    z = bn.reshape(2, -1) @ weights["dense_1"][0][1] + weights["dense_1"][1][1]
    want = np.exp(z - z.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-4, atol=1e-5)


def test_pruning_reaches_configs_nested_in_wrappers_and_lists():
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {
            "class_name": "Dense", "config": {"name": "inner", "units": 2,
                                              "kernel_initializer": _init("Zeros")}}}},
        {"class_name": "Dense", "config": {"name": "d", "units": 2,
                                           "bias_initializer": _init("Constant", value=0.5)}}]}}
    notes: list[str] = []
    new = prune_unknown_kwargs(config, notes)
    inner = new["config"]["layers"][0]["config"]["layer"]["config"]
    assert inner["kernel_initializer"]["config"] == {}
    assert new["config"]["layers"][1]["config"]["bias_initializer"]["config"] == {"value": 0.5}
    assert any(n.startswith("inner.kernel_initializer: dropped Zeros argument 'dtype'") for n in notes), notes
