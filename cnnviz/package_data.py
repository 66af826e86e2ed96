"""Files shipped inside the package (bundled models, translations, icons, preset images).

Everything is found through :mod:`importlib.resources`, so an editable install, a plain
``pip install .`` and a wheel all see the same files. No path here is built relative to a
source checkout.
"""
from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

_stack = ExitStack()
atexit.register(_stack.close)
_cache: dict[str, Path] = {}


def data_dir(name: str) -> Path:
    """The folder ``cnnviz/data/<name>`` as a real file-system path.

    For an ordinary (unzipped) install this is the folder itself; from a zipped package
    :func:`importlib.resources.as_file` extracts it once for the life of the process.
    """
    if name not in _cache:
        traversable = resources.files("cnnviz").joinpath("data", name)
        if isinstance(traversable, Path):
            _cache[name] = traversable
        else:  # pragma: no cover - zipped installs only
            _cache[name] = _stack.enter_context(resources.as_file(traversable))
    return _cache[name]


def models_dir() -> Path:
    """Where the bundled trained models and their model cards are."""
    return data_dir("models")


def translations_dir() -> Path:
    """Where the compiled (``.qm``) and source (``.ts``) translations are."""
    return data_dir("translations")


def icons_dir() -> Path:
    return data_dir("icons")


def presets_dir() -> Path:
    """Preset input images (the Image filters page's default scene)."""
    return data_dir("presets")

