"""`cnnviz predict` and `cnnviz features` on real model files and real image files."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.cli.main import main  # noqa: E402
from cnnviz.core.preprocess import preprocess_image  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
BUNDLED = PROJECT / "cnnviz" / "data" / "models" / "mnist_cnn.keras"


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    keras.utils.set_random_seed(5)
    inp = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(3, 3, activation="relu", name="conv1")(inp)
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.Flatten()(x)
    out = keras.layers.Dense(4, activation="softmax", name="out")(x)
    model = keras.Model(inp, out)
    d = tmp_path_factory.mktemp("model")
    path = d / "tiny.keras"
    model.save(path)
    (d / "tiny.labels.txt").write_text("cat\ndog\nbird\nfish\n", encoding="utf-8")
    return path, model


def seven(path: Path, dark_on_light=True) -> np.ndarray:
    img = np.full((300, 240), 235 if dark_on_light else 20, np.uint8)
    ink = 30 if dark_on_light else 230
    cv2.line(img, (70, 60), (170, 60), ink, 18)
    cv2.line(img, (170, 60), (100, 250), ink, 18)
    cv2.imwrite(str(path), img)
    return img


def one(path: Path) -> None:
    img = np.full((200, 200), 20, np.uint8)
    cv2.line(img, (100, 30), (100, 170), 230, 14)
    cv2.imwrite(str(path), img)


def test_predict_json_one_object_per_image(model_file, tmp_path, capsys):
    path, model = model_file
    a, b = tmp_path / "a.png", tmp_path / "b.jpg"
    img_a = seven(a)
    seven(b, dark_on_light=False)
    assert main(["predict", "--model", str(path), str(a), str(b), "--json", "--mode", "digit"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["image"] for r in out] == [str(a), str(b)]
    for r in out:
        assert set(r) == {"image", "label", "index", "probabilities", "classes"}
        assert r["classes"] == ["cat", "dog", "bird", "fish"]
        assert r["label"] == r["classes"][r["index"]] and r["index"] == int(np.argmax(r["probabilities"]))
        assert sum(r["probabilities"]) == pytest.approx(1.0, abs=1e-4)
    x = preprocess_image(np.repeat(img_a[:, :, None], 3, axis=2)).image
    want = np.asarray(model(x[None, :, :, None], training=False))[0]
    np.testing.assert_allclose(out[0]["probabilities"], want, atol=1e-5)
    # Classes that are not digits: by default the picture is only resized (no digit
    # cleaning, no inversion).
    assert main(["predict", "--model", str(path), str(a), "--json"]) == 0
    auto = json.loads(capsys.readouterr().out)[0]
    from cnnviz.core.preprocess import to_model_input

    xf = to_model_input(np.repeat(img_a[:, :, None], 3, axis=2), (28, 28, 1), "fit", is_ink=False)
    np.testing.assert_allclose(auto["probabilities"], np.asarray(model(xf[None], training=False))[0], atol=1e-5)
    # Text output names the label.
    assert main(["predict", "--model", str(path), str(a), "--mode", "digit"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{a}: {out[0]['label']}")


def test_features_writes_one_png_per_layer(model_file, tmp_path, capsys):
    path, _ = model_file
    img = tmp_path / "seven.png"
    seven(img)
    out = tmp_path / "maps"
    assert main(["features", "--model", str(path), str(img), "--out", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == ["00_input.png", "01_conv1.png", "02_pool.png", "03_out.png"]
    conv = cv2.imread(str(out / "01_conv1.png"))
    assert conv.shape[0] > 84 and conv.shape[1] >= 3 * 84  # 3 maps, each ≥ 84 px
    assert "prediction:" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["predict", "--model", "/no/such/model.keras", "x.png"], "model file not found"),
    (["features", "--model", "/no/such/model.keras", "x.png", "--out", "/tmp/x"], "model file not found"),
])
def test_missing_model_is_a_one_line_error(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_bad_image_and_bad_out_are_one_line_errors(model_file, tmp_path, capsys):
    path, _ = model_file
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    assert main(["predict", "--model", str(path), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "notes.png" in err and len(err.splitlines()) == 1
    img = tmp_path / "seven.png"
    seven(img)
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert main(["features", "--model", str(path), str(img), "--out", str(afile)]) == 2
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.skipif(not BUNDLED.exists(), reason="the bundled model models/mnist_cnn.keras is absent")
def test_bundled_model_reads_photos_of_digits(tmp_path, capsys):
    a, b, c = tmp_path / "seven.png", tmp_path / "seven_inv.png", tmp_path / "one.png"
    seven(a)
    seven(b, dark_on_light=False)
    one(c)
    assert main(["predict", "--model", str(BUNDLED), str(a), str(b), str(c), "--json"]) == 0
    labels = [r["label"] for r in json.loads(capsys.readouterr().out)]
    assert labels == ["7", "7", "1"]


@pytest.mark.shared
def test_predict_with_a_teachable_machine_export_prints_a_label_from_its_labels_txt(tmp_path, capsys):
    from tests.conftest import fixture_model

    path = fixture_model("2tle__rock_sissor_paper__keras_model.h5")
    photo = tmp_path / "photo.png"  # lossless: the test knows its exact pixels
    img = np.full((300, 400, 3), (200, 150, 50), np.uint8)
    cv2.circle(img, (200, 150), 80, (20, 40, 220), -1)
    cv2.imwrite(str(photo), img)
    assert main(["predict", "--model", str(path), str(photo), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)[0]
    assert r["classes"] == ["가위", "바위", "보"] and r["label"] in r["classes"]
    # The model's own preprocessing: 224×224 RGB scaled to −1…1.
    import keras

    from cnnviz.core.preprocess import to_model_input
    from cnnviz.inference.loading import load_model

    x = to_model_input(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), (224, 224, 3), "fit", is_ink=False)
    model = load_model(path).model
    want = np.asarray(model(keras.ops.convert_to_tensor((2 * x - 1)[None]), training=False))[0]
    np.testing.assert_allclose(r["probabilities"], want, atol=1e-4)
    assert main(["predict", "--model", str(path), str(photo)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{photo}: {r['label']}")
    # `cnnviz features` prepares the picture the same way (−1…1), so it predicts the same.
    assert main(["features", "--model", str(path), str(photo), "--out", str(tmp_path / "maps")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    p = max(r["probabilities"])
    assert last == f"prediction: {r['label']} ({100 * p:.1f}%)"
