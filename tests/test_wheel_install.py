"""The package as users install it: a wheel in a fresh virtual environment, run from
outside the checkout, must find its bundled model and its Korean translation.

The fresh environment gets the wheel and nothing else; the heavy dependencies
(TensorFlow, Keras, PySide6) are borrowed from the test environment through a ``.pth``
line, so no download is needed. The environment's own site-packages comes first on
``sys.path``, so ``cnnviz`` is imported from the installed wheel, never from the checkout
(the test checks that).
"""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import numpy as np
import pytest

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 600)
    return subprocess.run(cmd, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(PROJECT)])
    if r.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{r.stdout}\n{r.stderr}")
    (built,) = out.glob("cnnviz-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its python."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    r = _run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    assert r.returncode == 0, r.stderr
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # The test environment's dependencies, after the fresh environment's own packages.
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)])
    if r.returncode != 0 and "no such option: --python" in r.stderr:
        r = _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)])
    assert r.returncode == 0, r.stderr
    return python


def test_the_wheel_carries_the_models_and_translations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("cnnviz/data/models/mnist_cnn.keras", "cnnviz/data/models/fashion_mnist_cnn.keras",
                   "cnnviz/data/models/mnist_cnn.labels.txt", "cnnviz/data/translations/cnnviz_ko.qm",
                   "cnnviz/data/icons/cnnviz.svg", "cnnviz/data/presets/scene.png"):
        assert needed in names, f"{needed} is not in the wheel"
    assert not any(n.startswith(("benchmarks/", "tests/")) for n in names)


def _clean_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", TF_CPP_MIN_LOG_LEVEL="3", CNNVIZ_SETTINGS_DIR=str(tmp_path))
    return env


def test_installed_wheel_predicts_a_drawn_digit_from_elsewhere(installed, tmp_path):
    import cv2

    # A 7 drawn with a thick pen, dark on white like a scan.
    img = np.full((200, 200), 255, np.uint8)
    cv2.line(img, (40, 40), (160, 40), 0, 14)
    cv2.line(img, (160, 40), (80, 175), 0, 14)
    png = tmp_path / "seven.png"
    cv2.imwrite(str(png), img)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(tmp_path)
    where = _run([str(installed), "-c", "import cnnviz; print(cnnviz.__file__); print(cnnviz.MODELS_DIR)"],
                 cwd=elsewhere, env=env)
    assert where.returncode == 0, where.stderr
    module_file, models_dir = where.stdout.split()
    assert not Path(module_file).is_relative_to(PROJECT), "cnnviz was imported from the checkout"
    assert Path(models_dir, "mnist_cnn.keras").is_file()
    r = _run([str(installed), "-m", "cnnviz", "predict", str(png), "--json"], cwd=elsewhere, env=env)
    assert r.returncode == 0, r.stderr
    import json

    (result,) = json.loads(r.stdout)
    assert str(result["label"]) == "7", result


def test_installed_wheel_loads_the_korean_translation(installed, tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from cnnviz.qt import i18n\n"
        "app = QApplication([])\n"
        "ok = i18n.install_language(app, 'ko')\n"
        "print(ok, i18n.qm_path('ko'))\n"
        "print(app._cnnviz_translators[0].isEmpty(), app.property('cnnvizLanguage'))\n"
    )
    r = _run([str(installed), "-c", code], cwd=tmp_path, env=_clean_env(tmp_path))
    assert r.returncode == 0, r.stderr
    ok, qm = r.stdout.splitlines()[0].split(" ", 1)
    assert ok == "True", r.stdout + r.stderr
    assert not Path(qm).is_relative_to(PROJECT)
    assert r.stdout.splitlines()[1] == "False ko", r.stdout
