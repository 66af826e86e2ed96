"""A model's results on a test set, as the Evaluation page shows them: accuracy, the
confusion matrix's cells and the most confident mistakes (NumPy only; produced by the
evaluation controller's worker thread, shown by :mod:`cnnviz.qt.evaluate.page`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def confusion_shading(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """How dark each confusion-matrix cell is drawn: ``log(1 + count)`` (so the few
    mistakes stay visible next to thousands of correct answers) and its maximum (1 when
    the matrix is empty)."""
    shown = np.log1p(np.asarray(matrix, np.float32))
    return shown, (float(shown.max()) if shown.size else 0.0) or 1.0


@dataclass(frozen=True)
class EvaluationData:
    dataset: str                  # "mnist" / "fashion_mnist"
    model_name: str
    class_names: list[str]
    images: np.ndarray            # (n, 28, 28) uint8 test images
    labels: np.ndarray            # (n,) int64
    predictions: np.ndarray       # (n,) int64
    probabilities: np.ndarray     # (n, classes) float32
    confusion: np.ndarray         # (classes, classes) int64, rows true, columns predicted
    seconds: float = 0.0

    @property
    def n(self) -> int:
        return int(len(self.labels))

    @property
    def accuracy(self) -> float:
        return float((self.predictions == self.labels).mean()) if self.n else float("nan")

    @property
    def correct(self) -> int:
        return int((self.predictions == self.labels).sum())

    def misclassified(self) -> np.ndarray:
        """Wrong predictions, the most confident mistakes first."""
        wrong = np.flatnonzero(self.predictions != self.labels)
        conf = self.probabilities[wrong, self.predictions[wrong]]
        return wrong[np.argsort(-conf, kind="stable")]

    def cell(self, true: int, predicted: int) -> np.ndarray:
        idx = np.flatnonzero((self.labels == true) & (self.predictions == predicted))
        conf = self.probabilities[idx, predicted]
        return idx[np.argsort(-conf, kind="stable")]

    def top_classes(self, i: int, k: int = 3) -> list[int]:
        """Sample ``i``'s ``k`` most probable classes, most probable first."""
        return [int(c) for c in np.argsort(-self.probabilities[i], kind="stable")[:k]]
