"""The numbers behind the labs' inputs: a drawn 7 and a colour patch as matrices, canvas
ink shrunk to 28×28, and an image file as a small grayscale matrix. NumPy/OpenCV only."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnviz.core.images import read_image

DRAW_SIZE = 28


def digit_seven() -> np.ndarray:
    import cv2

    img = np.zeros((280, 280), np.uint8)
    cv2.line(img, (70, 70), (210, 70), 255, 26, cv2.LINE_AA)
    cv2.line(img, (210, 70), (120, 230), 255, 26, cv2.LINE_AA)
    cv2.line(img, (120, 150), (190, 150), 255, 20, cv2.LINE_AA)
    small = cv2.resize(img, (DRAW_SIZE, DRAW_SIZE), interpolation=cv2.INTER_AREA)
    return np.round(small.astype(np.float64) / 255.0, 2)


def checkerboard(n: int) -> np.ndarray:
    """An ``n × n`` board of 0 and 1, 0 in the top-left corner."""
    return (np.indices((n, n)).sum(axis=0) % 2).astype(np.float64)


def colour_patch() -> np.ndarray:
    r = np.array([[1, 1, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 2, 2], [0, 0, 0, 2, 2]])
    g = np.array([[0, 0, 0, 1, 1], [0, 0, 0, 1, 1], [0, 0, 2, 0, 0], [1, 1, 0, 0, 0], [1, 1, 0, 0, 0]])
    b = np.array([[0, 1, 2, 1, 0], [1, 2, 3, 2, 1], [2, 3, 4, 3, 2], [1, 2, 3, 2, 1], [0, 1, 2, 1, 0]])
    return np.stack([r, g, b], axis=2).astype(np.float64)


def downsample(ink: np.ndarray, size: int = DRAW_SIZE) -> np.ndarray:
    """Canvas ink (any size, 0..1) → ``size × size`` with cv2.INTER_AREA, rounded to 2
    decimals so the numbers in the grid stay readable."""
    import cv2

    a = np.asarray(ink, dtype=np.float32)
    small = cv2.resize(a, (size, size), interpolation=cv2.INTER_AREA)
    return np.round(small.astype(np.float64), 2)


def image_as_input(path: str | Path, size: int) -> np.ndarray:
    """An image file as grayscale 0–255, resized (keeping its aspect ratio) so that the
    longer side is ``size`` cells. Raises ImageReadError with a readable message."""
    import cv2

    gray = read_image(path, gray=True)
    h, w = gray.shape
    scale = size / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, (nw, nh), interpolation=interp).astype(np.float64)
