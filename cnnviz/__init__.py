"""cnnviz: see how convolution and convolutional neural networks work."""
from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RESOURCES_DIR = PROJECT_DIR / "resources"
MODELS_DIR = PROJECT_DIR / "models"
