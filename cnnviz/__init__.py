"""cnnviz: see how convolution and convolutional neural networks work."""
from __future__ import annotations

from pathlib import Path

from cnnviz.package_data import icons_dir, models_dir

__version__ = "0.1.0"

#: The folder holding this package (child processes put its parent on their path).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The bundled models and the icons, found with importlib.resources (see package_data).
MODELS_DIR = models_dir()
ICONS_DIR = icons_dir()
