"""cnnviz on every installed Keras backend, each in a subprocess with
``KERAS_BACKEND=<backend>`` and — for JAX and PyTorch — TensorFlow made unimportable
(tests/no_tensorflow.py): evaluation, training with ``--limit``, the training process of
the GUI and Grad-CAM, checked against the same computation on TensorFlow in this process."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import PROJECT
from tests.stripe_data import write_stripe_folder

BACKENDS = ("tensorflow", "jax", "torch")
MODEL = PROJECT / "cnnviz" / "data" / "models" / "mnist_cnn.keras"
RUNNER = PROJECT / "tests" / "no_tensorflow.py"
_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def _installed(backend: str) -> bool:
    return importlib.util.find_spec(_MODULES[backend]) is not None


BACKEND_PARAMS = [pytest.param(b, marks=pytest.mark.skipif(not _installed(b), reason=f"{b} is not installed "
                                                             f"(pip install -e '.[{b}]')"), id=b)
                  for b in BACKENDS]


def _env(backend: str) -> dict[str, str]:
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(PROJECT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONIOENCODING": "utf-8"}
    env.pop("CNNVIZ_DEVICE", None)
    return env


def run(backend: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUNNER), *args], capture_output=True, env=_env(backend),
                          timeout=timeout, cwd=PROJECT)


def _ok(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    return proc.stdout.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def stripes(tmp_path_factory):
    """800 training and 60 test images; class = which of ten vertical stripes is bright."""
    return write_stripe_folder(tmp_path_factory.mktemp("stripes"), 800, 60)


@pytest.fixture(scope="module")
def keras_tf():
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "tensorflow":
        pytest.skip("the reference computations run on TensorFlow in the test process")
    return keras


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_evaluate_bundled_model_agrees_with_tensorflow(backend, stripes, keras_tf):
    from cnnviz.inference.datasets import load_test_split
    from cnnviz.inference.evaluation import evaluate

    out = _ok(run(backend, "evaluate", "--model", str(MODEL), "--data", str(stripes), "--json"))
    got = json.loads(out)
    data = load_test_split("mnist", stripes)
    ref = evaluate(keras_tf.saving.load_model(MODEL, compile=False), data.x_test, data.y_test)
    assert got["n"] == 60
    # The same predictions as TensorFlow's (one may flip on a near tie: two cells differ by 1).
    assert np.abs(np.array(got["confusion"]) - ref.confusion).sum() <= 2


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_every_other_subcommand_runs(backend, tmp_path):
    from cnnviz.core.images import write_png

    img = np.zeros((28, 28), np.uint8)
    img[4:24, 12:16] = 255                                 # a '1'
    write_png(tmp_path / "one.png", img)
    commands = [["predict", "--model", str(MODEL), str(tmp_path / "one.png")],
                ["features", "--model", str(MODEL), str(tmp_path / "one.png"), "--out", str(tmp_path / "maps")],
                ["inspect", str(MODEL)], ["conv", "1,2;3,4", "1,0;0,1"], ["pool", "1,2;3,4"]]
    out = _ok(run(backend, "--each", json.dumps(commands)))
    assert json.loads(out.strip().splitlines()[-1]) == {"exit_codes": [0] * len(commands)}
    assert ": 1  (1 " in out                              # predict: the '1' is a 1
    assert (tmp_path / "maps" / "00_input.png").is_file() and "prediction: 1" in out
    assert "504,586 parameters" in out                    # inspect


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_bundled_model_accuracy_on_real_digits(backend, mnist_dir):
    out = _ok(run(backend, "evaluate", "--model", str(MODEL), "--data", str(mnist_dir), "--limit", "2000", "--json"))
    assert json.loads(out)["accuracy"] >= 0.99


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_train_with_limit_writes_a_model_that_loads_and_learned(backend, stripes, tmp_path, keras_tf):
    from cnnviz.inference.datasets import load_test_split
    from cnnviz.inference.evaluation import evaluate

    model = tmp_path / "t.keras"
    out = _ok(run(backend, "train", "--dataset", "mnist", "--data", str(stripes), "--arch", "textbook",
                  "--limit", "600", "--epochs", "1", "--out", str(model), "--quiet"))
    assert "completed: 1 epochs" in out and "test accuracy" in out
    record = json.loads(model.with_suffix(".history.json").read_text())
    assert record["backend"] == backend
    assert (record["train_samples"], record["val_samples"]) == (540, 60)   # --limit 600, 10 % validation
    # Written on `backend`, loaded here on TensorFlow: the file is backend-neutral.
    m = keras_tf.saving.load_model(model, compile=False)
    names = [layer.name for layer in m.layers]
    assert names[1:3] == ["conv1", "conv2"] and "training_input" not in names   # the network alone
    data = load_test_split("mnist", stripes)
    assert evaluate(m, data.x_test, data.y_test).accuracy > 0.3          # chance is 0.1


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_training_process_of_the_gui_runs(backend, stripes, tmp_path):
    from cnnviz.inference.training_process import encode_job, messages

    job = {"arch": [{"type": "conv", "filters": 4, "kernel": 3}, {"type": "pool", "size": 2}, {"type": "flatten"}],
           "dataset": "mnist", "folder": str(stripes), "epochs": 1, "out": str(tmp_path / "g.keras"),
           "batch_size": 50, "augment": "auto", "limit": 200}
    # stdin stays open while it trains: its end means "the app went away" (cancel).
    proc = subprocess.Popen([sys.executable, str(RUNNER), "--training-process"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(backend), cwd=PROJECT)
    try:
        proc.stdin.write(encode_job(job))
        proc.stdin.flush()
        msgs = []
        for msg in messages(proc.stdout):
            msgs.append(msg)
            if msg["type"] in ("result", "error"):
                break
        proc.stdin.close()
        stderr = proc.stderr.read().decode("utf-8", "replace")
        assert proc.wait(timeout=120) == 0, stderr[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert msgs and msgs[-1]["type"] == "result", (msgs[-1:], stderr[-2000:])
    assert msgs[-1]["summary"]["status"] == "completed" and msgs[-1]["summary"]["train_samples"] == 180
    assert any(m.get("kind") == "epoch" for m in msgs) and (tmp_path / "g.keras").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not _installed("jax"), reason="jax is not installed (pip install -e '.[jax]')")
def test_jax_data_parallel_training_on_two_devices(tmp_path):
    """keras.distribution.DataParallel, as on several GPUs, here over two virtual CPU devices."""
    env = {**_env("jax"), "XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    proc = subprocess.run([sys.executable, str(RUNNER), "--data-parallel", str(tmp_path / "dp.keras")],
                          capture_output=True, env=env, timeout=600, cwd=PROJECT)
    got = json.loads(_ok(proc).strip().splitlines()[-1])
    # 301 images: 271 / 30 split, trimmed to a multiple of the 2 devices; batches of 46.
    assert got["replicas"] == 2 and (got["train_samples"], got["val_samples"]) == (270, 30)
    assert got["status"] == "completed" and got["best_val_accuracy"] > 0.3
    assert (tmp_path / "dp.keras").is_file()


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_gradcam_agrees_with_tensorflow(backend, tmp_path, keras_tf):
    from cnnviz.inference.gradcam import GradCam
    from tests.stripe_data import stripe_images

    img = np.zeros((28, 28, 1), np.float32)
    img[4:24, 12:16, 0] = 1.0                              # a '1'
    img[:, :, 0] = np.maximum(img[:, :, 0], stripe_images([3])[0] / 255.0 * 0.3)
    np.save(tmp_path / "x.npy", img)
    _ok(run(backend, "--gradcam", str(MODEL), str(tmp_path / "x.npy"), str(tmp_path / "cam.npy")))
    got = np.load(tmp_path / "cam.npy")
    ref = GradCam(keras_tf.saving.load_model(MODEL, compile=False))(img)
    assert int(got[0]) == ref.class_index
    assert got[1] == pytest.approx(ref.score, rel=1e-3, abs=1e-3)
    heat = got[2:].reshape(ref.heatmap.shape)
    assert ref.heatmap.max() > 0.5 and np.abs(heat - ref.heatmap).max() < 0.02


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_device_gpu_without_a_gpu_is_one_line(backend, stripes):
    proc = run(backend, "evaluate", "--model", str(MODEL), "--data", str(stripes), "--device", "gpu", "--json")
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode == 0:
        pytest.skip(f"{backend} sees a GPU here")
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.splitlines()[-1] == (f"cnnviz evaluate: error: --device gpu: the {backend} backend sees no GPU "
                                    "on this machine (use --device cpu or auto)")
