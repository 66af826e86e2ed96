"""`cnnviz inspect PATH [--json]`: JSON on success and failure, exit 0 / 2."""
from __future__ import annotations

import json

import pytest

from cnnviz.cli.main import main
from tests.conftest import fixture_model


def _run(capsys, *argv):
    code = main(["inspect", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def small_keras(tmp_path_factory):
    import keras

    m = keras.Sequential([keras.Input((16, 16, 1)), keras.layers.Conv2D(2, 3, name="conv"),
                          keras.layers.GlobalAveragePooling2D(name="gap"),
                          keras.layers.Dense(1, activation="sigmoid", name="yes")])
    p = tmp_path_factory.mktemp("inspect") / "smile.keras"
    m.save(p)
    return p


def test_json_for_a_model_that_loads(capsys, small_keras):
    import keras

    code, out, _ = _run(capsys, str(small_keras), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["error"] is None and data["category"] is None
    assert data["format"] == "keras" and data["keras_version"] == keras.__version__
    assert data["input_shape"] == [None, 16, 16, 1] and data["output_shape"] == [None, 1]
    assert [(r["name"], r["type"], r["output_shape"], r["params"]) for r in data["layers"]] == [
        ("conv", "Conv2D", [None, 14, 14, 2], 20), ("gap", "GlobalAveragePooling2D", [None, 2], 0),
        ("yes", "Dense", [None, 1], 3)]
    assert data["visualizable"] is True and data["classes"] == ["0", "1"]
    assert "binary" in data["output"]


def test_text_output_and_failures(capsys, small_keras, tmp_path):
    code, out, _ = _run(capsys, str(small_keras))
    assert code == 0 and "conv" in out and "Conv2D" in out and "(N, 14, 14, 2)" in out
    bad = tmp_path / "notes.h5"
    bad.write_text("hello\n")
    code, out, _ = _run(capsys, str(bad), "--json")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and data["category"] == "not-a-model"
    assert "text file" in data["error"] and data["layers"] == []
    code, out, err = _run(capsys, str(tmp_path / "missing.keras"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("cnnviz inspect: error:") and "no such file" in err


@pytest.mark.shared
def test_legacy_fixture_and_weights_only_fixture(capsys):
    code, out, _ = _run(capsys, str(fixture_model("evanchien__simple_cnn_keras_fashionmnist__fashion_mnist.h5")),
                        "--json")
    data = json.loads(out)
    assert code == 0 and data["keras_version"] == "2.1.6" and data["format"] == "h5"
    assert data["input_shape"] == [None, 28, 28, 1] and data["output_shape"] == [None, 10]
    assert any("bare list" in n for n in data["notes"])
    code, out, _ = _run(capsys, str(fixture_model("kmdiogo__Deep-learning-experiments__mnist_weights.h5")), "--json")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and data["category"] == "weights-only"
    assert data["keras_version"] == "2.1.6"
    assert data["weights"][0] == {"layer": "dense_1", "shapes": [[784, 512], [512]]}


@pytest.mark.shared
@pytest.mark.parametrize("name, classes", [
    ("963n__TeachableMachine-Water-Classification__keras_model.h5", ["5 Galoon", "500ML"]),
    ("2tle__rock_sissor_paper__keras_model.h5", ["가위", "바위", "보"]),
])
def test_teachable_machine_exports_inspect(capsys, name, classes):
    code, out, _ = _run(capsys, str(fixture_model(name)), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True, data.get("error")
    assert data["keras_version"] == "2.4.0" and data["classes"] == classes
    assert data["input_shape"] == [None, 224, 224, 3] and data["input_range"] == [-1.0, 1.0]
    assert "MobileNetV2" in data["input_range_note"]
    types = [r["type"] for r in data["layers"]]
    assert "Sequential" not in types and "Functional" not in types and types.count("DepthwiseConv2D") == 17
    code, out, _ = _run(capsys, str(fixture_model(name)))
    assert code == 0 and "saved by Keras 2.4.0" in out and "pixels -1…1" in out


def test_keras_version_is_reported_when_the_file_does_not_load(capsys, tmp_path):
    import h5py
    import keras

    m = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(name="flat"),
                          keras.layers.Dense(3, name="out")])
    p = tmp_path / "broken.h5"
    m.save(p)
    with h5py.File(p, "r+") as f:  # the architecture says 5 units, the weights hold 3
        f.attrs["model_config"] = f.attrs["model_config"].replace('"units": 3', '"units": 5')
        f.attrs["keras_version"] = "2.4.0"
    code, out, _ = _run(capsys, str(p), "--json")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and data["error"]
    assert data["keras_version"] == "2.4.0"
