"""evaluate(): accuracy, confusion matrix and mistakes of a tiny real Keras model."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.inference.evaluation import EvaluationError, confusion_matrix, evaluate


def _position_model():
    """A real Keras model whose prediction is known: class = brightest of three image thirds."""
    import keras

    inp = keras.Input((28, 28, 1))
    x = keras.layers.Cropping2D(((0, 1), (0, 1)), name="crop")(inp)              # 27×27
    x = keras.layers.AveragePooling2D((27, 9), name="thirds")(x)                  # 1×3×1
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(3, activation="softmax", name="output", kernel_initializer=keras.initializers.Identity(),
                           bias_initializer="zeros")(x)
    m = keras.Model(inp, x)
    m.get_layer("output").set_weights([np.eye(3, dtype=np.float32) * 50.0, np.zeros(3, np.float32)])
    return m


def _images(columns):
    x = np.zeros((len(columns), 28, 28), np.uint8)
    for i, c in enumerate(columns):
        x[i, :, c * 9:(c + 1) * 9] = 255
    return x


def test_accuracy_confusion_and_mistakes():
    m = _position_model()
    shown = [0, 1, 2, 2, 1, 0]
    truth = np.array([0, 1, 2, 1, 0, 0])          # samples 3 and 4 are labelled wrongly
    ev = evaluate(m, _images(shown), truth)
    assert ev.n == 6 and ev.accuracy == pytest.approx(4 / 6)
    np.testing.assert_array_equal(ev.predictions, shown)
    np.testing.assert_array_equal(ev.confusion, [[2, 1, 0], [0, 1, 1], [0, 0, 1]])
    assert sorted(ev.misclassified.tolist()) == [3, 4]
    assert ev.cell(1, 2).tolist() == [3] and ev.cell(0, 0).tolist() == [0, 5]
    assert ev.probabilities.shape == (6, 3)
    np.testing.assert_allclose(ev.probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert ev.probabilities[0, 0] > 0.99
    np.testing.assert_allclose(ev.per_class_accuracy(), [2 / 3, 1 / 2, 1.0])
    assert ev.to_json() == {"accuracy": pytest.approx(4 / 6), "n": 6, "confusion": [[2, 1, 0], [0, 1, 1], [0, 0, 1]]}


def test_mismatches_are_reported():
    m = _position_model()
    with pytest.raises(EvaluationError, match="3 images but 2 labels"):
        evaluate(m, _images([0, 1, 2]), [0, 1])
    with pytest.raises(EvaluationError, match="label 7 does not exist among the model's 3 outputs"):
        evaluate(m, _images([0]), [7])
    with pytest.raises(EvaluationError, match="expects inputs of shape 28×28×1, the data is 14×14×1"):
        evaluate(m, np.zeros((2, 14, 14), np.uint8), [0, 1])


def test_confusion_matrix_counts():
    np.testing.assert_array_equal(confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], 2), [[1, 1], [0, 2]])
