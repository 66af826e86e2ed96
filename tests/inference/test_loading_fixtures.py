"""Every real public model file in ../shared/fixtures/models either loads through the
sandboxed loader (and produces activations of the right shapes) or, weights-only, leads
to the architecture pick. Skips cleanly when ../shared is absent."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cnnviz.inference.loading import ModelLoadError, WeightsOnlyError, load_model, load_weights_into
from tests.conftest import fixture_model

# file → (input shape, output units, saved-by, a note the compat step must have written)
EXPECTED = {
    "AhmedKamel200058__MNIST__best_model.h5": ((28, 28, 1), 10, "3.13.2", None),
    "bribo-s__signify-asl-recognition__sign_mnist_model.h5": ((28, 28, 1), 25, "3.12.3", None),
    "rafiialgh__smile_detection_web__smile_new.keras": ((64, 64, 1), 1, "3.8.0", None),
    "HakimGhlissi__CIFAR10-Image-Classification-Web-App__cnn_model.h5": ((32, 32, 3), 10, "2.15.0", None),
    "pjpieper__RPI3-HandRecog__mnist_trained_model.h5": ((28, 28, 1), 10, "2.4.0", None),
    "jflashner__HappyOrSadDetector__happyModel.h5": ((64, 64, 3), 1, "2.1.4", None),
    "Gr1ngoire__ML-Lab5__fmnist.h5": ((784,), 10, "2.12.0", None),
    "evanchien__simple_cnn_keras_fashionmnist__fashion_mnist.h5": ((28, 28, 1), 10, "2.1.6", "bare list"),
    "C3NZ__mnist-nn__mnist.h5": ((28, 28, 1), 10, "2.2.4", "InputLayer inserted"),
    "tagomaru__ai_security__models_mnist.h5": ((28, 28), 10, "2.2.4-tf", "InputLayer inserted"),
}
WEIGHTS_ONLY = "kmdiogo__Deep-learning-experiments__mnist_weights.h5"


def _h5_weights(path):
    """Every weight array stored in a legacy .h5 full-model file, in file order."""
    import h5py

    out = {}
    with h5py.File(path, "r") as f:
        g = f["model_weights"]
        for lname in g.attrs["layer_names"]:
            lname = lname.decode() if isinstance(lname, bytes) else lname
            for wname in g[lname].attrs.get("weight_names", []):
                wname = wname.decode() if isinstance(wname, bytes) else wname
                out[f"{lname}/{wname}"] = g[lname][wname][()]
    return out


@pytest.mark.shared
def test_every_fixture_loads_with_its_own_weights_and_runs():
    import keras

    from cnnviz.inference.model_info import describe_loaded

    for name, (shape, units, version, note) in EXPECTED.items():
        path = fixture_model(name)
        loaded = load_model(path)  # untrusted: sandboxed child, clean .keras back
        model = loaded.model
        assert tuple(model.input_shape[1:]) == shape, name
        assert model.output_shape[-1] == units, name
        assert loaded.saved_by == version, name
        if note:
            assert any(note in n for n in loaded.notes), (name, loaded.notes)
        assert len(loaded.class_names) == (2 if units == 1 else units)
        info = describe_loaded(loaded)
        assert info.visualizable, name
        # All layer outputs in one call: every activation has the shape the summary says.
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        probe = keras.Model(model.inputs, [layer.output for layer in layers])
        x = np.random.default_rng(0).random((2, *shape), dtype=np.float32)
        outs = probe(x, training=False)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        for layer, out in zip(layers, outs):
            assert tuple(out.shape[1:]) == tuple(layer.output.shape[1:]), (name, layer.name)
        final = np.asarray(outs[-1])
        assert np.all(np.isfinite(final))
        if info.output.kind == "softmax":
            np.testing.assert_allclose(final.sum(axis=1), 1.0, rtol=1e-4)
        # The weights are the file's, unchanged.
        if path.suffix == ".h5":
            stored = _h5_weights(path)
            got = [w for layer in model.layers for w in layer.get_weights()]
            assert len(got) == len(stored), name
            for (key, want), have in zip(stored.items(), got):
                np.testing.assert_array_equal(have, want, err_msg=f"{name}: {key}")


@pytest.mark.shared
def test_weights_only_fixture_leads_to_the_architecture_pick(tmp_path):
    path = fixture_model(WEIGHTS_ONLY)
    with pytest.raises(WeightsOnlyError) as info:
        load_model(path)
    assert info.value.category == "weights-only"
    assert "only weights" in info.value.message and "architecture" in info.value.message
    # A bundled architecture that does not fit: a clear mismatch message.
    with pytest.raises(ModelLoadError) as bad:
        load_weights_into(path, "cnnviz_mnist")
    assert bad.value.category == "mismatch"
    assert "do not fit the architecture cnnviz_mnist" in bad.value.message
    assert "dense_1 [[784, 512], [512]]" in bad.value.message
    # The architecture of Keras' classic mnist_mlp example (as a Keras 2 to_json()).
    arch = {"class_name": "Sequential", "keras_version": "2.1.6", "config": [
        {"class_name": "Dense", "config": {"name": "dense_1", "units": 512, "batch_input_shape": [None, 784]}},
        {"class_name": "Activation", "config": {"name": "activation_1", "activation": "relu"}},
        {"class_name": "Dropout", "config": {"name": "dropout_1", "rate": 0.2}},
        {"class_name": "Dense", "config": {"name": "dense_2", "units": 512}},
        {"class_name": "Activation", "config": {"name": "activation_2", "activation": "relu"}},
        {"class_name": "Dropout", "config": {"name": "dropout_2", "rate": 0.2}},
        {"class_name": "Dense", "config": {"name": "dense_3", "units": 10}},
        {"class_name": "Activation", "config": {"name": "activation_3", "activation": "softmax"}}]}
    arch_file = tmp_path / "mlp.json"
    arch_file.write_text(json.dumps(arch))
    loaded = load_weights_into(path, arch_file)
    assert loaded.model.input_shape == (None, 784) and loaded.model.output_shape == (None, 10)
    import h5py

    with h5py.File(path, "r") as f:
        kernel = f["dense_2/dense_2/kernel:0"][()]
    np.testing.assert_array_equal(loaded.model.get_layer("dense_2").get_weights()[0], kernel)
    # Narrower layers than the file's: the message names layer and both shapes.
    arch["config"][0]["config"]["units"] = 128
    arch_file.write_text(json.dumps(arch))
    with pytest.raises(ModelLoadError) as narrow:
        load_weights_into(path, arch_file)
    assert narrow.value.category == "mismatch"
    assert "(784, 128)" in narrow.value.message and "(784, 512)" in narrow.value.message
