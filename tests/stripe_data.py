"""A tiny, perfectly learnable stand-in for MNIST used by several tests: the class of an
image is which of ten vertical stripes is bright (class c ↔ columns 2+2c and 3+2c)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnviz.inference.datasets import write_idx


def stripe_images(classes) -> np.ndarray:
    """uint8 (N, 28, 28) images, one per class index in ``classes``."""
    classes = np.asarray(classes)
    x = np.zeros((len(classes), 28, 28), np.uint8)
    for i, c in enumerate(classes):
        x[i, 2:26, 2 + 2 * int(c): 4 + 2 * int(c)] = 255
    return x


def write_stripe_folder(folder: Path, n_train: int, n_test: int, seed: int = 0) -> Path:
    """Write the four standard IDX .gz files of a random stripe data set into ``folder``."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        y = rng.integers(0, 10, n).astype(np.uint8)
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", stripe_images(y))
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", y)
    return folder
