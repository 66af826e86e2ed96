"""The trained models shipped in ``models/`` (see each ``<stem>.md`` model card).

No Keras import here: the GUI asks for the default path at start-up.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cnnviz import MODELS_DIR


@dataclass(frozen=True)
class BundledModel:
    path: Path
    dataset: str          # "mnist" or "fashion_mnist"
    title: str
    min_accuracy: float   # the test accuracy the model card promises (at least)

    @property
    def card(self) -> Path:
        return self.path.with_suffix(".md")

    @property
    def labels(self) -> Path:
        return self.path.with_suffix(".labels.txt")

    def exists(self) -> bool:
        return self.path.is_file()


BUNDLED: list[BundledModel] = [
    BundledModel(MODELS_DIR / "mnist_cnn.keras", "mnist", "Handwritten digits (MNIST CNN)", 0.996),
    BundledModel(MODELS_DIR / "fashion_mnist_cnn.keras", "fashion_mnist", "Clothing (Fashion-MNIST CNN)", 0.93),
]


def default_model_path() -> Path:
    """The digit model the app opens at start-up."""
    return BUNDLED[0].path


def bundled_for_dataset(dataset: str) -> BundledModel | None:
    for m in BUNDLED:
        if m.dataset == dataset:
            return m
    return None
