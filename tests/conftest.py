"""Shared test set-up: offscreen Qt, quiet TensorFlow, and paths to ../shared."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# Tests must not read or write the user's real settings.
os.environ.setdefault("CNNVIZ_SETTINGS_DIR", tempfile.mkdtemp(prefix="cnnviz-test-settings-"))

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CNNVIZ_SHARED", PROJECT.parent / "shared"))
DATASETS = SHARED / "datasets"
FIXTURE_MODELS = SHARED / "fixtures" / "models"


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (../shared is absent on a fresh clone)")
    return path


@pytest.fixture
def mnist_dir() -> Path:
    return _need(DATASETS / "mnist" / "t10k-images-idx3-ubyte.gz", "MNIST data set").parent


@pytest.fixture
def fashion_dir() -> Path:
    return _need(DATASETS / "fashion-mnist" / "t10k-images-idx3-ubyte.gz", "Fashion-MNIST data set").parent


@pytest.fixture
def fixture_models() -> Path:
    return _need(FIXTURE_MODELS, "fixture model folder")


def fixture_model(name: str) -> Path:
    """Path of one file in ../shared/fixtures/models, skipping the test when absent."""
    return _need(FIXTURE_MODELS / name, f"fixture model {name}")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """Every test gets its own empty settings folder (QSettings, autosave)."""
    d = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("CNNVIZ_SETTINGS_DIR", str(d))
    yield d
