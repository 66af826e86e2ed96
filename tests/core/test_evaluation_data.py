"""What the Evaluation page reads from a model's test-set results (cnnviz/core/evaluation_data.py)."""
from __future__ import annotations

import numpy as np

from cnnviz.core.evaluation_data import EvaluationData


def data() -> EvaluationData:
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.05, 0.9, 0.05], [0.4, 0.35, 0.25]], np.float32)
    labels = np.array([0, 1, 1, 1])
    preds = probs.argmax(axis=1)
    conf = np.zeros((3, 3), np.int64)
    np.add.at(conf, (labels, preds), 1)
    return EvaluationData("mnist", "m", ["a", "b", "c"], np.zeros((4, 28, 28), np.uint8), labels, preds, probs, conf)


def test_accuracy_mistakes_and_cells():
    d = data()
    assert d.n == 4 and d.correct == 2 and d.accuracy == 0.5
    assert d.misclassified().tolist() == [1, 3]      # 0.6 confident, then 0.4
    assert d.cell(1, 1).tolist() == [2]
    assert d.cell(1, 2).tolist() == [1]


def test_top_classes_most_probable_first():
    d = data()
    assert d.top_classes(1) == [2, 1, 0]
    assert d.top_classes(3, 2) == [0, 1]


def test_confusion_shading_is_logarithmic():
    from cnnviz.core.evaluation_data import confusion_shading

    shown, top = confusion_shading(np.array([[999, 1], [0, 9]]))
    np.testing.assert_allclose(shown, np.log1p([[999, 1], [0, 9]]), rtol=1e-6)
    assert top == np.float32(np.log1p(999))
    assert confusion_shading(np.zeros((2, 2)))[1] == 1.0
