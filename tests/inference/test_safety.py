"""Model files are untrusted: crafted hostile files are refused before anything runs."""
from __future__ import annotations

import json
import struct
import zipfile

import numpy as np
import pytest

from cnnviz.inference.loading import ModelLoadError, load_model
from cnnviz.inference.loading.sandbox import SandboxLoader


@pytest.fixture(scope="module")
def small_h5(tmp_path_factory):
    import keras

    m = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="conv"),
                          keras.layers.Flatten(name="flat"), keras.layers.Dense(3, name="out")])
    path = tmp_path_factory.mktemp("safety") / "small.h5"
    m.save(path)
    return path


def _copy(src, dst):
    dst.write_bytes(src.read_bytes())
    return dst


def _refused(path, *words, trusted=(False, True)):
    for t in trusted:
        with pytest.raises(ModelLoadError) as info:
            load_model(path, trusted=t)
        assert info.value.category == "unsafe", info.value.message
        for w in words:
            assert w in info.value.message, info.value.message
    return info.value.message


def test_lambda_layer_in_legacy_h5_never_runs(tmp_path):
    import keras

    marker = tmp_path / "PWNED"
    code = f"lambda x: (open({str(marker)!r}, 'w').write('ran'), x)[1]"
    evil = eval(code)  # noqa: S307 - the payload a hostile file would carry
    m = keras.Sequential([keras.Input((4,)), keras.layers.Lambda(evil, name="evil"), keras.layers.Dense(2)])
    marker.unlink(missing_ok=True)
    path = tmp_path / "lambda.h5"
    m.save(path)
    marker.unlink(missing_ok=True)  # building the model called the lambda once
    message = _refused(path, "'evil'", "Lambda")
    assert "never runs code" in message
    assert not marker.exists()


def test_keras_archive_naming_a_custom_module_is_refused(tmp_path):
    config = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "i"}},
        {"module": "evil_package.layers", "class_name": "Backdoor", "registered_name": "Evil>Backdoor",
         "config": {"name": "backdoor"}}]}}
    path = tmp_path / "custom.keras"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("metadata.json", json.dumps({"keras_version": "3.10.0"}))
        z.writestr("model.weights.h5", b"")
    _refused(path, "'backdoor'", "evil_package.layers")


def test_python_function_activation_and_tfsmlayer_are_refused(tmp_path):
    def archive(layer, name):
        config = {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "i"}},
            layer]}}
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("config.json", json.dumps(config))
            z.writestr("metadata.json", "{}")
        return path

    act = archive({"module": "keras.layers", "class_name": "Dense", "config": {
        "name": "d", "units": 2, "activation": {"module": "builtins", "class_name": "function",
                                                "config": "exec", "registered_name": "function"}}}, "act.keras")
    _refused(act, "builtins", trusted=(True,))
    tfsm = archive({"module": "keras.layers", "class_name": "TFSMLayer",
                    "config": {"name": "sm", "filepath": "/tmp/elsewhere"}}, "tfsm.keras")
    _refused(tfsm, "'sm'", "TFSMLayer", trusted=(True,))


def test_hdf5_links_external_storage_virtual_and_absurd_shapes(tmp_path, small_h5):
    import h5py

    ext = _copy(small_h5, tmp_path / "ext.h5")
    with h5py.File(ext, "r+") as f:
        f["model_weights"]["passwd"] = h5py.ExternalLink("/etc/passwd", "/")
    _refused(ext, "external link", "/etc/passwd")

    soft = _copy(small_h5, tmp_path / "soft.h5")
    with h5py.File(soft, "r+") as f:
        f["model_weights"]["alias"] = h5py.SoftLink("/model_weights/conv")
    _refused(soft, "soft link", trusted=(True,))

    external = _copy(small_h5, tmp_path / "external.h5")
    with h5py.File(external, "r+") as f:
        f.create_dataset("leak", shape=(16,), dtype="u1", external=[("/etc/passwd", 0, 16)])
    _refused(external, "external file", trusted=(True,))

    virtual = _copy(small_h5, tmp_path / "virtual.h5")
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.create_dataset("data", data=np.arange(10.0))
    layout = h5py.VirtualLayout(shape=(10,), dtype="f8")
    layout[:] = h5py.VirtualSource(str(other), "data", shape=(10,))
    with h5py.File(virtual, "r+") as f:
        f.create_virtual_dataset("v", layout)
    _refused(virtual, "virtual dataset", trusted=(True,))

    huge = _copy(small_h5, tmp_path / "huge.h5")
    with h5py.File(huge, "r+") as f:
        f.create_dataset("bomb", shape=(100_000, 100_000, 100), dtype="f4", chunks=(1, 10, 10))
    assert huge.stat().st_size < 1_000_000
    _refused(huge, "bomb", "exhaust memory", trusted=(True,))


def test_zip_bomb_declared_sizes_are_refused(tmp_path, small_h5):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", json.dumps({"class_name": "Sequential", "config": {"layers": []}}))
        z.writestr("model.weights.h5", b"\0" * 1000)
    data = bytearray(path.read_bytes())
    # Patch the uncompressed size in the central directory entry of model.weights.h5.
    i = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[i + 24:i + 28] = struct.pack("<I", 0xFFFFFF00)
    path.write_bytes(bytes(data))
    _refused(path, "zip bomb", trusted=(True,))


def test_a_hanging_load_is_stopped_by_timeout_or_by_a_newer_request(small_h5, tmp_path):
    import os
    import threading
    import time

    fifo = tmp_path / "hangs.h5"
    os.mkfifo(fifo)  # opening it for reading blocks forever: a stand-in for a hanging file
    loader = SandboxLoader(timeout_s=1.5)
    try:
        loader.ensure_started()
        with pytest.raises(ModelLoadError) as info:
            loader.convert(fifo, "h5", tmp_path / "w1")
        assert info.value.category == "timeout" and "was stopped" in info.value.message
        assert loader.pid is None  # killed
        # A newer request cancels a stuck one instead of waiting for its time limit.
        loader.timeout_s = 120
        errors = []

        def stuck():
            try:
                loader.convert(fifo, "h5", tmp_path / "w2")
            except ModelLoadError as exc:
                errors.append(exc)

        thread = threading.Thread(target=stuck)
        thread.start()
        deadline = time.monotonic() + 60
        while not loader.cancel_if_stuck(after_s=0.5) and time.monotonic() < deadline:
            time.sleep(0.1)
        thread.join(10)
        assert not thread.is_alive() and errors and errors[0].category == "cancelled"
        assert loader.pid is None and loader.starts == 2  # the next request starts a fresh child
    finally:
        loader.close()


def test_sandbox_memory_budget_is_enforced(small_h5, tmp_path):
    loader = SandboxLoader(memory_bytes=150 * 1024**2)
    try:
        with pytest.raises(ModelLoadError) as info:
            loader.convert(small_h5, "h5", tmp_path)
        assert info.value.category in ("out-of-memory", "crashed"), info.value.message
        assert loader.pid is None
    finally:
        loader.close()
