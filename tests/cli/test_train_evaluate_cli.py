"""`cnnviz train` and `cnnviz evaluate`: real runs on tiny IDX folders, error cases, bundled models."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cnnviz.cli.main import main
from cnnviz.inference.bundled import BUNDLED, default_model_path
from tests.stripe_data import write_stripe_folder


def _one_line_error(capsys, argv, *needles):
    try:
        code = main(argv)
    except SystemExit as exc:      # argparse's own usage errors
        code = exc.code
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    for n in needles:
        assert n in err, err
    return err


@pytest.fixture
def tiny_idx(tmp_path):
    """A 120/40-image IDX folder: class = which of ten stripes is bright."""
    return write_stripe_folder(tmp_path / "data", 120, 40)


def test_train_then_evaluate_json(tiny_idx, tmp_path, capsys):
    out = tmp_path / "m.keras"
    code = main(["train", "--dataset", "mnist", "--data", str(tiny_idx), "--arch", "cnnviz_mnist",
                 "--epochs", "1", "--out", str(out), "--batch-size", "40", "--augment", "none"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "epoch 1/1: loss" in captured.err
    assert "test accuracy" in captured.out and out.is_file()
    assert (tmp_path / "m.curves.png").is_file() and (tmp_path / "m.history.json").is_file()
    assert (tmp_path / "m.labels.txt").read_text().split() == list("0123456789")

    assert main(["evaluate", "--model", str(out), "--data", str(tiny_idx), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"accuracy", "n", "confusion"} and result["n"] == 40
    cm = np.array(result["confusion"])
    assert cm.shape == (10, 10) and cm.sum() == 40
    assert result["accuracy"] == pytest.approx(np.trace(cm) / 40)

    assert main(["evaluate", "--model", str(out), "--data", str(tiny_idx)]) == 0
    text = capsys.readouterr().out
    assert f"accuracy {result['accuracy']:.4f}" in text and text.splitlines()[1].startswith("true")


def test_train_errors(tmp_path, tiny_idx, capsys):
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--data", str(tmp_path / "none")], "data folder not found")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--data", str(tmp_path)], "no MNIST handwritten digits files")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--epochs", "0"], "--epochs must be at least 1")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--data", str(tiny_idx), "--out", "m.h5"], "must end in .keras")
    _one_line_error(capsys, ["train", "--dataset", "cifar10"], "invalid choice")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--lr", "5"], "--lr must be between 0 and 1")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--data", str(tiny_idx), "--init", str(tmp_path / "no.keras"),
                             "--out", str(tmp_path / "o.keras")], "initial model not found")
    (tiny_idx / "train-labels-idx1-ubyte.gz").write_bytes(b"garbage!")
    _one_line_error(capsys, ["train", "--dataset", "mnist", "--data", str(tiny_idx)], "train-labels-idx1-ubyte.gz")


def test_evaluate_errors(tmp_path, tiny_idx, capsys):
    _one_line_error(capsys, ["evaluate", "--model", str(tmp_path / "none.keras")], "model file not found")
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"this is not a model")
    _one_line_error(capsys, ["evaluate", "--model", str(bad), "--data", str(tiny_idx)], "bad.keras")
    import keras

    m = keras.Sequential([keras.Input((14, 14, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    small = tmp_path / "small.keras"
    m.save(small)
    _one_line_error(capsys, ["evaluate", "--model", str(small), "--data", str(tiny_idx)], "expects inputs of shape 14×14×1")
    _one_line_error(capsys, ["evaluate", "--model", str(small), "--data", str(tmp_path / "nodata")], "data folder not found")


def test_bundled_list_and_default():
    assert default_model_path().name == "mnist_cnn.keras"
    assert [b.dataset for b in BUNDLED] == ["mnist", "fashion_mnist"]
    assert all(b.path.suffix == ".keras" and b.labels.name.endswith(".labels.txt") for b in BUNDLED)


@pytest.mark.parametrize("bundled", BUNDLED, ids=lambda b: b.dataset)
def test_bundled_models_meet_their_test_accuracy(bundled, capsys, mnist_dir, fashion_dir):
    if not bundled.exists():
        pytest.skip(f"bundled model {bundled.path.name} not present")
    assert bundled.path.stat().st_size < 10 * 1024 * 1024
    data = mnist_dir if bundled.dataset == "mnist" else fashion_dir
    assert main(["evaluate", "--model", str(bundled.path), "--dataset", bundled.dataset, "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 10000
    assert result["accuracy"] >= bundled.min_accuracy, result["accuracy"]
    assert bundled.labels.read_text(encoding="utf-8").splitlines()[9] == ("9" if bundled.dataset == "mnist" else "Ankle boot")


def _write_digit(path, digit: int, pen: float = 10, dark_on_light: bool = True, side: int = 120):
    import cv2

    from cnnviz.core.digit_strokes import digit_strokes, render_strokes

    ink = render_strokes(digit_strokes(digit), (side, side), pen)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), 255 - ink if dark_on_light else ink)


def test_evaluate_a_folder_of_labelled_pictures(tmp_path, capsys):
    """One sub-folder per class, grouped one level up: each picture is prepared as `cnnviz
    predict` prepares it, and the report is per group, with the confusion and mistakes."""
    root = tmp_path / "scans"
    for d in range(10):
        _write_digit(root / "paper" / str(d) / f"{d}.png", d)
        _write_digit(root / "screen" / str(d) / f"{d}.png", d, pen=6, dark_on_light=False, side=60)
    _write_digit(root / "paper" / "2" / "actually_a_7.png", 7)     # a mislabelled picture
    (root / "paper" / "2" / "notes.txt").write_text("not a picture")
    assert main(["evaluate", "--images", str(root), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 21 and sum(map(sum, result["confusion"])) == 21
    assert set(result["groups"]) == {"paper", "screen"} and result["groups"]["paper"]["n"] == 11
    wrong = {w["image"].rsplit("/", 1)[-1] for w in result["misclassified"]}
    assert "actually_a_7.png" in wrong
    assert any(m["true"] == "2" and m["predicted"] == "7" for m in result["mistakes"])
    # The same pictures one by one through `cnnviz predict` give the same labels.
    files = [str(root / "screen" / str(d) / f"{d}.png") for d in range(10)]
    assert main(["predict", "--json", *files]) == 0
    singles = [r["index"] for r in json.loads(capsys.readouterr().out)]
    assert sum(s == d for d, s in enumerate(singles)) == result["groups"]["screen"]["correct"]
    # Text output names the bundled model, each group and the mistakes.
    assert main(["evaluate", "--images", str(root)]) == 0
    out = capsys.readouterr().out
    assert "mnist_cnn.keras on" in out and "  paper: " in out and "2 read as 7" in out


def test_evaluate_images_errors(tmp_path, capsys):
    _one_line_error(capsys, ["evaluate", "--images", str(tmp_path / "none")], "no such folder")
    loose = tmp_path / "loose"
    _write_digit(loose / "a.png", 3)
    _one_line_error(capsys, ["evaluate", "--images", str(loose)], "put each in a sub-folder named after its class")
    odd = tmp_path / "odd"
    _write_digit(odd / "seven" / "a.png", 7)
    _one_line_error(capsys, ["evaluate", "--images", str(odd)], "seven", "not classes of the model")
    _one_line_error(capsys, ["evaluate", "--images", str(odd), "--dataset", "mnist"], "leave out --dataset")


def test_evaluate_text_output_without_a_model_path(capsys, mnist_dir):
    assert main(["evaluate", "--data", str(mnist_dir), "--limit", "50"]) == 0
    assert capsys.readouterr().out.startswith("mnist_cnn.keras on mnist test set: accuracy")
