"""Evaluate a classifier on a labelled set: accuracy, confusion matrix, mistakes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.inference.datasets import to_model_input


class EvaluationError(ValueError):
    """The model and the data do not fit together (shapes, classes)."""


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    n: int
    confusion: np.ndarray          # (classes, classes) int64, rows = true, columns = predicted
    predictions: np.ndarray        # (n,) int64
    probabilities: np.ndarray      # (n, classes) float32
    labels: np.ndarray             # (n,) int64 true labels

    @property
    def misclassified(self) -> np.ndarray:
        """Indices of the wrongly classified samples, most confident mistakes first."""
        wrong = np.flatnonzero(self.predictions != self.labels)
        conf = self.probabilities[wrong, self.predictions[wrong]] if len(wrong) else np.zeros(0)
        return wrong[np.argsort(-conf, kind="stable")]

    def cell(self, true: int, predicted: int) -> np.ndarray:
        """Indices of samples of class ``true`` predicted as ``predicted``."""
        return np.flatnonzero((self.labels == true) & (self.predictions == predicted))

    def per_class_accuracy(self) -> np.ndarray:
        totals = self.confusion.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(self.confusion) / np.maximum(totals, 1), np.nan)

    def to_json(self) -> dict:
        return {"accuracy": float(self.accuracy), "n": int(self.n), "confusion": self.confusion.tolist()}


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, num_classes: int) -> np.ndarray:
    labels = np.asarray(labels, np.int64).reshape(-1)
    predictions = np.asarray(predictions, np.int64).reshape(-1)
    m = np.zeros((num_classes, num_classes), np.int64)
    np.add.at(m, (labels, predictions), 1)
    return m


def predict_probabilities(model, x: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Batched forward pass; uint8 images are scaled to 0..1 and given a channel axis."""
    xf = to_model_input(x) if x.dtype == np.uint8 or x.ndim == 3 else np.asarray(x, np.float32)
    want = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    if want is not None and all(d is not None for d in want) and tuple(xf.shape[1:]) != want:
        raise EvaluationError(
            f"the model expects inputs of shape {'×'.join(map(str, want))}, the data is "
            f"{'×'.join(map(str, xf.shape[1:]))}"
        )
    probs = model.predict(xf, batch_size=batch_size, verbose=0)
    if isinstance(probs, (list, tuple)):
        probs = probs[-1]
    probs = np.asarray(probs, np.float32)
    if probs.ndim != 2:
        raise EvaluationError(f"the model's output has shape {probs.shape}; expected one score per class")
    return probs


def evaluate(model, x: np.ndarray, y: np.ndarray, *, batch_size: int = 500,
             num_classes: int | None = None) -> Evaluation:
    x = np.asarray(x)
    y = np.asarray(y).reshape(-1).astype(np.int64)
    if len(x) != len(y):
        raise EvaluationError(f"{len(x)} images but {len(y)} labels")
    if len(x) == 0:
        raise EvaluationError("no samples to evaluate")
    probs = predict_probabilities(model, x, batch_size)
    k = probs.shape[1]
    if num_classes is not None and num_classes != k:
        raise EvaluationError(f"the model has {k} outputs, the data set {num_classes} classes")
    if int(y.max()) >= k:
        raise EvaluationError(f"label {int(y.max())} does not exist among the model's {k} outputs")
    pred = probs.argmax(axis=1).astype(np.int64)
    cm = confusion_matrix(y, pred, k)
    return Evaluation(float((pred == y).mean()), int(len(y)), cm, pred, probs, y)
