"""Inputs for the lab pages: the worked examples' matrices and a few more (named for the
input chooser) and the drawing dialog (the digit canvas downsampled to 28×28). The
numbers (drawing the 7, resizing ink and image files) are in :mod:`cnnviz.core.lab_inputs`."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnviz.core import examples
from cnnviz.core.lab_inputs import checkerboard, colour_patch, digit_seven, downsample
from cnnviz.package_data import presets_dir

PRESETS_DIR = presets_dir()
DEFAULT_IMAGE = PRESETS_DIR / "scene.png"


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


def conv_input_presets() -> list[InputPreset]:
    """Extra inputs beyond the worked examples (which carry their own kernel/settings)."""
    edge = np.zeros((8, 8))
    edge[:, 4:] = 1
    checker = checkerboard(6)
    rng = np.random.default_rng(7)
    return [
        InputPreset("vertical_edge", _tr("Vertical edge 8×8"), edge),
        InputPreset("checkerboard", _tr("Checkerboard 6×6"), checker),
        InputPreset("random_ints", _tr("Random integers 6×6 (−3…3)"), rng.integers(-3, 4, (6, 6)).astype(np.float64)),
        InputPreset("digit_seven", _tr("A drawn 7, 28×28"), digit_seven),  # OpenCV: only when chosen
        InputPreset("colour_patch", _tr("Colour patch 5×5, 3 channels (R, G, B)"), colour_patch()),
    ]


def pool_input_presets() -> list[InputPreset]:
    out = [InputPreset(e.key, QCoreApplication.translate("LabExamples", e.name), e.input)
           for e in examples.POOL_EXAMPLES]
    rng = np.random.default_rng(11)
    out.append(InputPreset("random_6x6", _tr("Random integers 6×6 (0…9)"),
                           rng.integers(0, 10, (6, 6)).astype(np.float64)))
    out.append(InputPreset("digit_seven", _tr("A drawn 7, 28×28"), digit_seven))
    return out


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
