"""The real app on JAX with TensorFlow made unimportable (tests/no_tensorflow.py), in this
process's children and theirs (model loader, Live training process): it opens, loads the
bundled model, draws a digit, predicts, and quits cleanly. ``tests/app_check.py`` drives
the window through public API (``QApplication.topLevelWidgets()``, signals)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT, SHARED

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec("jax") is None,
                                 reason="JAX is not installed (pip install -e '.[jax]')")]

RUNNER = PROJECT / "tests" / "no_tensorflow.py"
# Lines Qt's offscreen platform prints on its own; anything else on stderr is a finding.
HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _jax_env(tmp_path) -> dict[str, str]:
    settings = tmp_path / "settings"
    settings.mkdir(exist_ok=True)
    env = {**os.environ, "KERAS_BACKEND": "jax", "PYTHONPATH": str(PROJECT), "QT_QPA_PLATFORM": "offscreen",
           "CNNVIZ_SETTINGS_DIR": str(settings), "CNNVIZ_SHARED": str(SHARED), "PYTHONIOENCODING": "utf-8"}
    for key in ("CNNVIZ_DEVICE", "CNNVIZ_QUIT_AFTER_MS"):
        env.pop(key, None)
    return env


def _check(tmp_path, *options: str, timeout: float) -> tuple[dict, str]:
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, str(RUNNER), "--module", "tests.app_check", str(report), *options],
                          env=_jax_env(tmp_path), capture_output=True, text=True, timeout=timeout, cwd=PROJECT)
    data = json.loads(report.read_text(encoding="utf-8"))
    noise = [line for line in proc.stderr.splitlines() if line.strip() and line.strip() not in HARMLESS]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert data["exit_status"] == 0
    assert data["exceptions"] == [], data["exceptions"]
    assert noise == [], "\n".join(noise[-40:])
    return data, proc.stdout


def test_the_runner_blocks_tensorflow_in_child_processes(tmp_path):
    env = _jax_env(tmp_path)
    code = ("import os, subprocess, sys; from tests.no_tensorflow import block_tensorflow_in_children; "
            "block_tensorflow_in_children(); "
            "sys.exit(subprocess.run([sys.executable, '-c', 'import tensorflow']).returncode)")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                          cwd=PROJECT)
    assert proc.returncode == 1
    assert "ModuleNotFoundError: No module named 'tensorflow' (blocked by tests/no_tensorflow.py)" in proc.stderr


def test_the_app_draws_and_predicts_on_jax_without_tensorflow(tmp_path):
    data, _ = _check(tmp_path, timeout=600)
    steps = data["steps"]
    assert steps["bundled_model"]["ok"], steps
    assert steps["bundled_model"]["path"].endswith("mnist_cnn.keras")
    draw = steps["draw"]
    assert draw["ok"] and draw["predictions_shown"] >= 1 and draw["ink_max"] > 0, draw
    assert len(draw["probabilities"]) == 10 and abs(sum(draw["probabilities"]) - 1) < 1e-3
    assert draw["predicted"] == 3, draw  # the bench's clean "3" template
    assert " · jax · " in data["device_text"], data["device_text"]


def test_every_page_works_on_jax_without_tensorflow(tmp_path):
    """Grad-CAM, weight surgery, Open in Convolution Lab, every page, a lesson, two fixture
    models, evaluation on MNIST and a 1,000-image Live training run in its child process."""
    if not (SHARED / "datasets" / "mnist").is_dir() or not (SHARED / "fixtures" / "models").is_dir():
        pytest.skip(f"the MNIST data set or the fixture models are not in {SHARED} (absent on a fresh clone)")
    data, _ = _check(tmp_path, "--full", timeout=900)
    steps = data["steps"]
    for name in ("draw", "gradcam", "weight_surgery", "open_in_lab", "pages", "lesson", "fixture_h5",
                 "teachable_machine", "bundled_again", "evaluation", "training"):
        assert steps[name]["ok"], (name, steps[name])
    assert steps["open_in_lab"]["page"] == "lab"
    assert steps["evaluation"]["accuracy"] >= 0.994
    assert "'status': 'completed'" in steps["training"]["outcome"]
