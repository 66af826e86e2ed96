"""IDX / npz readers on tiny files written here, and on the real data in ../shared."""
from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from cnnviz.inference.datasets import (
    FASHION_CLASSES, DatasetError, class_names, load_dataset, load_test_split, parse_idx,
    read_idx, to_model_input, write_idx,
)


def _write_split(folder, prefix, x, y, *, gz=True):
    ext = ".gz" if gz else ""
    write_idx(folder / f"{prefix}-images-idx3-ubyte{ext}", x)
    write_idx(folder / f"{prefix}-labels-idx1-ubyte{ext}", y)


def _tiny(folder, n_train=6, n_test=4, gz=True, seed=0):
    rng = np.random.default_rng(seed)
    xtr = rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8)
    ytr = rng.integers(0, 10, n_train, dtype=np.uint8)
    xte = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    yte = rng.integers(0, 10, n_test, dtype=np.uint8)
    _write_split(folder, "train", xtr, ytr, gz=gz)
    _write_split(folder, "t10k", xte, yte, gz=gz)
    return xtr, ytr, xte, yte


@pytest.mark.parametrize("gz", [True, False])
def test_idx_roundtrip_gzip_and_plain(tmp_path, gz):
    xtr, ytr, xte, yte = _tiny(tmp_path, gz=gz)
    d = load_dataset("mnist", tmp_path)
    np.testing.assert_array_equal(d.x_train, xtr)
    np.testing.assert_array_equal(d.y_train, ytr)
    np.testing.assert_array_equal(d.x_test, xte)
    np.testing.assert_array_equal(d.y_test, yte)
    assert d.x_train.dtype == np.uint8 and d.class_names == tuple("0123456789")


def test_idx_header_is_big_endian_with_standard_magic(tmp_path):
    p = write_idx(tmp_path / "a-images-idx3-ubyte.gz", np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4))
    raw = gzip.decompress(p.read_bytes())
    assert struct.unpack(">IIII", raw[:16]) == (0x803, 2, 3, 4)
    assert raw[16:] == bytes(range(24))
    assert read_idx(p).shape == (2, 3, 4)


def test_wrong_magic_names_the_file(tmp_path):
    _tiny(tmp_path)
    # labels where images belong
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros(4, np.uint8))
    with pytest.raises(DatasetError, match=r"t10k-images-idx3-ubyte.gz: magic number 0x00000801, expected 0x00000803"):
        load_dataset("mnist", tmp_path)


def test_truncated_data_is_reported(tmp_path):
    _tiny(tmp_path)
    p = tmp_path / "train-images-idx3-ubyte.gz"
    raw = gzip.decompress(p.read_bytes())
    p.write_bytes(gzip.compress(raw[:-100]))
    with pytest.raises(DatasetError, match=r"header promises 6×28×28 = 4704 bytes of data, file holds 4604"):
        load_dataset("mnist", tmp_path)


def test_corrupt_gzip_and_short_header(tmp_path):
    _tiny(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(DatasetError, match="cannot read .*t10k-labels-idx1-ubyte.gz"):
        load_dataset("mnist", tmp_path)
    with pytest.raises(DatasetError, match="too short"):
        parse_idx(b"\x00\x00")
    with pytest.raises(DatasetError, match="not an unsigned-byte IDX file"):
        parse_idx(b"\x00\x00\x0d\x01" + struct.pack(">I", 1) + b"\0\0\0\0")


def test_label_count_mismatch_and_label_range(tmp_path):
    _tiny(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.zeros(3, np.uint8))
    with pytest.raises(DatasetError, match="3 labels for 4 images"):
        load_dataset("mnist", tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.array([0, 1, 2, 12], np.uint8))
    with pytest.raises(DatasetError, match="label 12 out of range"):
        load_dataset("mnist", tmp_path)


def test_missing_files_and_folder(tmp_path):
    with pytest.raises(DatasetError, match="data folder not found"):
        load_dataset("mnist", tmp_path / "nope")
    with pytest.raises(DatasetError, match="no MNIST handwritten digits files"):
        load_dataset("mnist", tmp_path)
    _tiny(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match="missing train-labels-idx1-ubyte.gz"):
        load_dataset("mnist", tmp_path)


def test_unknown_dataset_name():
    with pytest.raises(DatasetError, match="unknown data set 'cifar'"):
        load_dataset("cifar", "/tmp")
    assert class_names("fashion-mnist") == FASHION_CLASSES
    assert FASHION_CLASSES[0] == "T-shirt/top" and FASHION_CLASSES[9] == "Ankle boot"


def test_keras_style_npz(tmp_path):
    rng = np.random.default_rng(1)
    arrays = {"x_train": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), "y_train": np.arange(5, dtype=np.uint8),
              "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8), "y_test": np.array([9, 8, 7], np.uint8)}
    np.savez(tmp_path / "fashion_mnist.npz", **arrays)
    d = load_dataset("fashion_mnist", tmp_path)
    np.testing.assert_array_equal(d.x_test, arrays["x_test"])
    np.testing.assert_array_equal(d.y_test, [9, 8, 7])
    assert d.class_names[9] == "Ankle boot"
    d2 = load_dataset("fashion_mnist", tmp_path / "fashion_mnist.npz")
    np.testing.assert_array_equal(d2.y_train, np.arange(5))
    np.savez(tmp_path / "bad.npz", x_train=arrays["x_train"])
    with pytest.raises(DatasetError, match="missing arrays y_train, x_test, y_test"):
        load_dataset("mnist", tmp_path / "bad.npz")


def test_keras_loader_failure_is_one_clear_message(monkeypatch):
    import keras

    def offline():
        raise OSError("network unreachable")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(DatasetError, match=r"Keras's downloader \(OSError: network unreachable\).*--data"):
        load_dataset("mnist")


def test_to_model_input_scales_and_adds_channel():
    x = np.array([[[0, 255]]], np.uint8)
    f = to_model_input(x)
    assert f.shape == (1, 1, 2, 1) and f.dtype == np.float32
    assert f[0, 0, 1, 0] == pytest.approx(1.0) and f[0, 0, 0, 0] == 0.0


def test_real_mnist(mnist_dir):
    d = load_dataset("mnist", mnist_dir)
    assert d.x_train.shape == (60000, 28, 28) and d.x_test.shape == (10000, 28, 28)
    assert d.y_train[:8].tolist() == [5, 0, 4, 1, 9, 2, 1, 3]   # the famous first labels
    assert d.y_test[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(d.y_test).tolist()[1] == 1135
    t = load_test_split("mnist", mnist_dir)
    assert len(t.x_train) == 0 and np.array_equal(t.x_test, d.x_test)


def test_real_fashion(fashion_dir):
    d = load_test_split("fashion_mnist", fashion_dir)
    assert d.x_test.shape == (10000, 28, 28)
    assert np.bincount(d.y_test).tolist() == [1000] * 10
    assert d.class_names[d.y_test[0]] == "Ankle boot"
