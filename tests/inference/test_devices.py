"""The device rule (cnnviz.inference.devices): batch work on the GPU when there is one, the
live single-image path on the CPU, `--device` overriding both; and the status-bar text."""
from __future__ import annotations

import pytest

from cnnviz.inference import devices


@pytest.mark.parametrize("choice, gpus, live, batch", [
    ("auto", 0, "cpu", "cpu"),
    ("auto", 1, "cpu", "gpu"),      # per-layer copies make the GPU lose for one image
    ("auto", 4, "cpu", "gpu"),
    ("cpu", 1, "cpu", "cpu"),
    ("gpu", 1, "gpu", "gpu"),
    ("gpu", 0, "cpu", "cpu"),       # nothing to run on (the CLI refuses --device gpu first)
])
def test_path_device_rule(choice, gpus, live, batch):
    assert devices.path_device("live", choice=choice, gpus=gpus) == live
    assert devices.path_device("batch", choice=choice, gpus=gpus) == batch
    with pytest.raises(ValueError, match="unknown path"):
        devices.path_device("gallery", choice=choice, gpus=gpus)


def test_apply_device_choice_sets_the_environment_children_inherit():
    env: dict[str, str] = {}
    assert devices.apply_device_choice(None, env) == "auto" and env == {}
    assert devices.apply_device_choice("gpu", env) == "gpu" and env == {"CNNVIZ_DEVICE": "gpu"}
    assert devices.device_choice(env) == "gpu"
    devices.apply_device_choice("cpu", env)
    assert env == {"CNNVIZ_DEVICE": "cpu", "CUDA_VISIBLE_DEVICES": "-1", "JAX_PLATFORMS": "cpu"}
    with pytest.raises(devices.DeviceError, match="unknown device 'tpu'"):
        devices.apply_device_choice("tpu", env)
    assert devices.device_choice({"CNNVIZ_DEVICE": "nonsense"}) == "auto"


def test_status_text_names_backend_and_the_device_of_each_path(monkeypatch):
    keras = pytest.importorskip("keras")
    from cnnviz.inference.runtime import device_name, status_text

    monkeypatch.delenv("CNNVIZ_DEVICE", raising=False)
    monkeypatch.setattr(devices.os, "cpu_count", lambda: 2)
    head = f"Keras {keras.__version__} · {keras.backend.backend()} · "
    if not devices.gpu_names():
        assert status_text() == head + "live: CPU · batch: CPU (2 cores)"
        assert device_name() == "CPU (2 cores)"
        assert devices.path_descriptions() == {"live": "CPU (2 cores)", "batch": "CPU (2 cores)"}
    monkeypatch.setattr(devices, "gpu_names", lambda: ("NVIDIA H200",))
    monkeypatch.setenv("CNNVIZ_DEVICE", "auto")
    assert status_text() == head + "live: CPU (2 cores) · batch: NVIDIA H200"
    assert devices.path_descriptions() == {"live": "CPU (2 cores)", "batch": "NVIDIA H200"}
    monkeypatch.setenv("CNNVIZ_DEVICE", "gpu")
    assert status_text() == head + "live: NVIDIA H200 · batch: NVIDIA H200"
    monkeypatch.setenv("CNNVIZ_DEVICE", "cpu")
    monkeypatch.setattr(devices.os, "cpu_count", lambda: 1)
    words = {"live": "실시간: {0}", "batch": "일괄 처리: {0}", "cores": "CPU ({0}코어)", "one core": "CPU (1코어)"}
    assert status_text(words) == head + "실시간: CPU · 일괄 처리: CPU (1코어)"
    assert devices.gpu_description(("A", "B", "C")) == "A (+2 more)"


def test_the_status_bar_words_are_translated(qapp):
    """The app passes the interface language's words (cnnviz.app.device_status)."""
    from cnnviz.app.device_status import device_words
    from cnnviz.qt import i18n

    assert device_words() == {k: v for k, v in devices.STATUS_WORDS.items()}
    i18n.install_language(qapp, "ko")
    try:
        ko = device_words()
    finally:
        i18n.install_language(qapp, "en")
    assert ko["live"] == "실시간: {0}" and ko["batch"] == "일괄 처리: {0}" and ko["cores"] == "CPU ({0}코어)"


def test_cli_device_option_parses_and_rejects_unknown(capsys):
    from cnnviz.cli.main import parse_command_line as parse

    assert parse(["--device", "cpu"]).device == "cpu"            # the window
    for argv in (["train", "--dataset", "mnist"], ["evaluate", "--model", "m.keras"],
                 ["predict", "--model", "m.keras", "x.png"], ["features", "--model", "m.keras", "x.png", "--out", "d"]):
        assert parse([*argv, "--device", "gpu"]).device == "gpu"
        assert parse(argv).device is None                      # auto unless asked
        assert parse(["--device", "cpu", *argv]).device == "cpu"   # before the subcommand too
    with pytest.raises(SystemExit):
        parse(["evaluate", "--model", "m.keras", "--device", "tpu"])
    assert "invalid choice: 'tpu'" in capsys.readouterr().err


def test_shard_friendly_batches_split_evenly_over_the_devices():
    from cnnviz.inference.distribution import replicas, shard_friendly

    assert shard_friendly(200, 5401, 600, 1) == (200, 5401, 600)
    batch, n_train, n_val = shard_friendly(200, 5401, 601, 3)
    assert (batch, n_train, n_val) == (201, 5400, 600)
    for n in (n_train, n_val):                      # every batch, the last one too
        assert batch % 3 == 0 and (n % batch) % 3 == 0
    assert replicas(None) == 1
