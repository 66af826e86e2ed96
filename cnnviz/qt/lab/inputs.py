"""Inputs for the lab pages: the worked examples' matrices and a few more, the drawing
dialog (the digit canvas downsampled to 28×28) and image files read with OpenCV."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnviz.core import examples
from cnnviz.package_data import presets_dir

PRESETS_DIR = presets_dir()
DEFAULT_IMAGE = PRESETS_DIR / "scene.png"
DRAW_SIZE = 28


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabInputs", text)


@dataclass(frozen=True)
class InputPreset:
    key: str
    name: str
    make: object  # np.ndarray, or a function returning one (built when first chosen)

    @property
    def values(self) -> np.ndarray:
        return self.make() if callable(self.make) else self.make


def _digit_seven() -> np.ndarray:
    import cv2

    img = np.zeros((280, 280), np.uint8)
    cv2.line(img, (70, 70), (210, 70), 255, 26, cv2.LINE_AA)
    cv2.line(img, (210, 70), (120, 230), 255, 26, cv2.LINE_AA)
    cv2.line(img, (120, 150), (190, 150), 255, 20, cv2.LINE_AA)
    small = cv2.resize(img, (DRAW_SIZE, DRAW_SIZE), interpolation=cv2.INTER_AREA)
    return np.round(small.astype(np.float64) / 255.0, 2)


def _colour_patch() -> np.ndarray:
    r = np.array([[1, 1, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 2, 2], [0, 0, 0, 2, 2]])
    g = np.array([[0, 0, 0, 1, 1], [0, 0, 0, 1, 1], [0, 0, 2, 0, 0], [1, 1, 0, 0, 0], [1, 1, 0, 0, 0]])
    b = np.array([[0, 1, 2, 1, 0], [1, 2, 3, 2, 1], [2, 3, 4, 3, 2], [1, 2, 3, 2, 1], [0, 1, 2, 1, 0]])
    return np.stack([r, g, b], axis=2).astype(np.float64)


def conv_input_presets() -> list[InputPreset]:
    """Extra inputs beyond the worked examples (which carry their own kernel/settings)."""
    edge = np.zeros((8, 8))
    edge[:, 4:] = 1
    checker = (np.indices((6, 6)).sum(axis=0) % 2).astype(np.float64)
    rng = np.random.default_rng(7)
    return [
        InputPreset("vertical_edge", _tr("Vertical edge 8×8"), edge),
        InputPreset("checkerboard", _tr("Checkerboard 6×6"), checker),
        InputPreset("random_ints", _tr("Random integers 6×6 (−3…3)"), rng.integers(-3, 4, (6, 6)).astype(np.float64)),
        InputPreset("digit_seven", _tr("A drawn 7, 28×28"), _digit_seven),  # OpenCV: only when chosen
        InputPreset("colour_patch", _tr("Colour patch 5×5, 3 channels (R, G, B)"), _colour_patch()),
    ]


def pool_input_presets() -> list[InputPreset]:
    out = [InputPreset(e.key, QCoreApplication.translate("LabExamples", e.name), e.input)
           for e in examples.POOL_EXAMPLES]
    rng = np.random.default_rng(11)
    out.append(InputPreset("random_6x6", _tr("Random integers 6×6 (0…9)"),
                           rng.integers(0, 10, (6, 6)).astype(np.float64)))
    out.append(InputPreset("digit_seven", _tr("A drawn 7, 28×28"), _digit_seven))
    return out


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

    from cnnviz.core.images import read_image

    gray = read_image(path, gray=True)
    h, w = gray.shape
    scale = size / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, (nw, nh), interpolation=interp).astype(np.float64)


class DrawDialog(QDialog):
    """Draw on the digit canvas; OK gives the ink downsampled to 28×28."""

    def __init__(self, parent: QWidget | None = None, initial: np.ndarray | None = None) -> None:
        super().__init__(parent)
        from cnnviz.qt.canvas import DrawingCanvas

        self.setObjectName("drawDialog")
        self.setWindowTitle(self.tr("Draw an input"))
        self.canvas = DrawingCanvas(self)
        self.canvas.setMinimumSize(320, 320)
        if initial is not None and initial.ndim == 2 and initial.size:
            a = np.clip(initial / (initial.max() or 1.0), 0, 1)
            self.canvas.set_ink(a.astype(np.float32), undoable=False)
        clear = QPushButton(self.tr("Clear"), self)
        clear.setObjectName("drawClear")
        clear.clicked.connect(self.canvas.clear)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addStretch(1)
        row.addWidget(buttons)
        hint = QLabel(self.tr("Draw with the mouse or a pen (right button erases). OK uses the drawing, "
                              "shrunk to 28×28 like an MNIST digit, as the lab's input."), self)
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.canvas, 1)
        lay.addLayout(row)

    def result_input(self) -> np.ndarray:
        return downsample(self.canvas.ink())
