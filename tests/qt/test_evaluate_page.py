"""Evaluation page: real model, real IDX files, evaluated in a worker; assert on what is shown."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cnnviz.inference.datasets import write_idx
from tests.stripe_data import stripe_images


@pytest.fixture
def stripe_model():
    """A real Keras model that answers 'which stripe is lit' (class c ↔ columns 2+2c..3+2c)."""
    import keras

    inp = keras.Input((28, 28, 1), name="input")
    x = keras.layers.Flatten(name="flatten")(inp)
    out = keras.layers.Dense(10, activation="softmax", name="output")(x)
    m = keras.Model(inp, out)
    w = np.zeros((28, 28, 10), np.float32)
    for c in range(10):
        w[:, 2 + 2 * c: 4 + 2 * c, c] = 0.5
    m.get_layer("output").set_weights([w.reshape(784, 10), np.zeros(10, np.float32)])
    return m


@pytest.fixture
def test_folder(tmp_path):
    shown = np.array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6], np.uint8)
    labels = shown.copy()
    labels[3] = 6        # two "mistakes": the model sees 0 but the label says 6
    labels[9] = 4        # and sees 9 where the label says 4
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", stripe_images(shown))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels)
    return tmp_path


@pytest.fixture
def window(qtbot):
    from cnnviz.app.digits_page import build_digits
    from cnnviz.app.evaluate_controller import build_evaluate
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_digits(w, None)
    build_evaluate(w, None)
    yield w
    w.close()


def _loaded(model):
    from cnnviz.inference.loading import LoadedModel

    return LoadedModel(model=model, path=Path("stripes.keras"), format="keras", class_names=[str(i) for i in range(10)])


def test_evaluate_shows_accuracy_confusion_and_mistakes(qtbot, window, stripe_model, test_folder):
    ctl = window.evaluation
    page = ctl.page
    assert not ctl.evaluate()                                  # no model yet: says so
    assert "No model is loaded" in page.status.text()
    window.model_hub.set_model(_loaded(stripe_model))
    page.folder.setText(str(test_folder))
    with qtbot.waitSignal(ctl.evaluated, timeout=60000):
        assert ctl.evaluate()
        assert page.busy.isVisible() or not page.run_button.isEnabled()
    data = page.data
    assert data.n == 12 and data.correct == 10
    assert page.accuracy.text() == "Accuracy 83.33 %  (10 / 12)"
    m = page.confusion.matrix
    assert m[6, 0] == 1 and m[4, 9] == 1 and m.trace() == 10 and m.sum() == 12
    texts = {(round(t.pos().y() - 0.5), round(t.pos().x() - 0.5)): t.toPlainText() for t in page.confusion.texts}
    assert texts[(6, 0)] == "1" and texts[(1, 1)] == "2" and texts[(3, 3)] == ""
    np.testing.assert_allclose(page.confusion.image.image, np.log1p(m.astype(np.float32)))
    caps = page.gallery_captions()
    assert len(caps) == 2
    assert {c.splitlines()[0] for c in caps} == {"True: 6  Predicted: 0", "True: 4  Predicted: 9"}
    assert all("%" in c.splitlines()[1] for c in caps)


def test_cell_click_opens_its_examples_and_browser_sends_to_digits(qtbot, window, stripe_model, test_folder):
    ctl = window.evaluation
    page = ctl.page
    window.model_hub.set_model(_loaded(stripe_model))
    page.folder.setText(str(test_folder))
    with qtbot.waitSignal(ctl.evaluated, timeout=60000):
        ctl.evaluate()
    page.confusion.cell_clicked.emit(1, 1)               # what a click on cell (1, 1) emits
    assert page.gallery.count() == 2
    assert page.gallery_captions()[0].startswith("True: 1  Predicted: 1")
    assert sorted(page.gallery_indices.tolist()) == [2, 5]
    assert page.confusion.cell_at(1.5, 1.2) == (1, 1) and page.confusion.cell_at(10.2, 0.5) is None
    page.show_mistakes.click()
    assert page.gallery.count() == 2 and page.confusion.selected is None
    # Browser: pick sample 7 (a 9), see its answer, send it to the digit view.
    page.browser.spin.setValue(7)
    assert page.browser.caption.text().splitlines()[0].startswith("True: 9  Predicted: 9")
    digits = window.digits
    assert digits.canvas.is_empty()
    with qtbot.waitSignal(digits.prediction_shown, timeout=60000):
        page.browser.send.click()
    assert window.current_page_key() == "digits"
    # The network saw the sample exactly as evaluation did (no re-centring): stripe 9.
    np.testing.assert_allclose(digits.result.model_input[:, :, 0], stripe_images([9])[0] / 255.0)
    assert int(np.argmax(digits.result.probabilities)) == 9
    ink = digits.canvas.ink()                                       # and the canvas shows it
    cols = np.flatnonzero(ink.sum(axis=0) > 0)
    centre = (cols.min() + cols.max()) / 2 / ink.shape[1]
    assert centre == pytest.approx((2 + 2 * 9 + 1) / 28, abs=0.05)


def test_bad_folder_is_reported_and_app_keeps_going(qtbot, window, stripe_model, tmp_path):
    ctl = window.evaluation
    window.model_hub.set_model(_loaded(stripe_model))
    ctl.page.folder.setText(str(tmp_path / "missing"))
    assert not ctl.evaluate()
    assert "Data folder not found" in ctl.page.status.text()
    ctl.page.folder.setText(str(tmp_path))             # exists but holds no data set
    with qtbot.waitSignal(ctl.failed, timeout=60000) as blocker:
        ctl.evaluate()
    assert "no MNIST handwritten digits files" in blocker.args[0]
    assert "Evaluation failed" in ctl.page.status.text() and ctl.page.run_button.isEnabled()


def test_evaluate_pressed_while_the_model_loads_runs_once_it_is_there(qtbot, window, stripe_model, test_folder, tmp_path):
    ctl = window.evaluation
    path = tmp_path / "stripes.keras"
    stripe_model.save(path)
    ctl.page.folder.setText(str(test_folder))
    window.model_hub.open(path, trusted=True)
    with qtbot.waitSignal(ctl.evaluated, timeout=60000):
        assert not ctl.evaluate()
        assert ctl.page.status.text() == "Waiting for the model to finish loading…"
    assert ctl.page.data.n == 12 and ctl.page.data.model_name == "stripes.keras"
