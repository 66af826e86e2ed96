"""The model page: open files (dialog, drop, recent), busy state, summary table, errors
that keep the current model, class names, and the weights-only architecture pick."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from cnnviz.app.model_hub import ModelHub
from cnnviz.inference.classes import class_names_for
from cnnviz.qt.main_window import MainWindow
from cnnviz.app.model_controller import build_model
from tests.conftest import fixture_model

WAIT = 120_000


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    import keras

    d = tmp_path_factory.mktemp("page_models")
    m = keras.Sequential([keras.Input((12, 12, 3)), keras.layers.Conv2D(4, 3, strides=2, padding="same",
                                                                        activation="relu", name="conv"),
                          keras.layers.MaxPooling2D(2, name="pool"), keras.layers.Flatten(name="flat"),
                          keras.layers.Dense(3, activation="softmax", name="probs")], name="tiny")
    path = d / "tiny.keras"
    m.save(path)
    weights = d / "tiny.weights.h5"
    m.save_weights(weights)
    arch = d / "tiny_arch.json"
    arch.write_text(m.to_json())
    return {"model": path, "weights": weights, "arch": arch}


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    w.model_hub = ModelHub(w)
    qtbot.addWidget(w)
    build_model(w, None)
    w.finish_menus()
    w.resize(1200, 800)
    yield w
    w.model_hub.wait(WAIT)


def _table(page):
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_open_shows_busy_then_summary_and_class_names(qtbot, window, tiny):
    page = window.model_page.page
    assert window.page_keys()[-1] == "model"
    with qtbot.waitSignal(window.model_hub.model_changed, timeout=WAIT):
        window.model_page.open(str(tiny["model"]))
        assert not page.busy_bar.isHidden() and "tiny.keras" in page.busy_label.text()
    assert page.busy_bar.isHidden()
    rows = _table(page)
    assert [r[0] for r in rows] == ["conv", "pool", "flat", "probs"]
    assert rows[0][1:] == ["Conv2D", "(N, 6, 6, 4)", "112", "3×3", "2×2", "same", "relu"]
    assert rows[3][2] == "(N, 3)" and rows[3][7] == "softmax"
    import keras

    assert page.facts["saved_by"].text().startswith(f"Keras {keras.__version__}")
    assert "RGB image 12×12" in page.facts["input"].text()
    assert "softmax over 3 classes" in page.facts["output"].text()
    assert page.class_names_text() == ["0", "1", "2"]
    assert page.title_label.text() == "tiny.keras"


def test_bad_file_keeps_the_current_model_and_says_why(qtbot, window, tiny, tmp_path):
    hub = window.model_hub
    with qtbot.waitSignal(hub.model_changed, timeout=WAIT):
        window.model_page.open(str(tiny["model"]))
    current = hub.current
    bad = tmp_path / "homework.h5"
    bad.write_text("not a model at all\n")
    with qtbot.waitSignal(hub.load_failed, timeout=WAIT):
        window.model_page.open(str(bad))
    page = window.model_page.page
    assert hub.current is current
    assert not page.error_label.isHidden()
    assert "homework.h5" in page.error_label.text() and "text file" in page.error_label.text()
    assert "this is not a Keras model file" in page.error_label.text()
    assert "homework.h5: it is a text file" in page.error_label.text()
    assert "tiny.keras stays open" in page.error_label.text()
    assert [r[0] for r in _table(page)] == ["conv", "pool", "flat", "probs"]  # still shown
    # One way of reporting load errors: the banner (its page shown), never a dialog too.
    assert window.current_page_key() == "model"
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()] == []


def test_class_names_apply_and_save_beside_the_model(qtbot, window, tiny, tmp_path):
    import shutil

    path = tmp_path / "mine.keras"
    shutil.copyfile(tiny["model"], path)
    hub = window.model_hub
    with qtbot.waitSignal(hub.model_changed, timeout=WAIT):
        window.model_page.open(str(path))
    page = window.model_page.page
    page.class_edit.setPlainText("cat\ndog")
    page.apply_names_button.click()
    assert "needs 3 names" in page.class_status.text()
    assert hub.current.class_names == ["0", "1", "2"]
    page.class_edit.setPlainText("cat\ndog\nbird\n")
    with qtbot.waitSignal(hub.model_changed, timeout=5000) as changed:
        page.save_names_button.click()
    assert changed.args[0].class_names == ["cat", "dog", "bird"]
    assert (tmp_path / "mine.labels.txt").read_text() == "cat\ndog\nbird\n"
    assert class_names_for(path, 3) == ["cat", "dog", "bird"]
    assert "mine.labels.txt" in page.class_status.text()


def test_weights_only_file_leads_to_architecture_pick(qtbot, window, tiny):
    hub = window.model_hub
    page = window.model_page.page
    with qtbot.waitSignal(hub.weights_only, timeout=WAIT):
        window.model_page.open(str(tiny["weights"]))
    assert not page.weights_box.isHidden()
    assert "only the weights" in page.weights_message.text()
    assert page.arch_combo.count() >= 1  # the bundled architectures
    assert window.current_page_key() == "model"
    # The file's layer shapes are not known: nothing is preselected, the page says so.
    assert page.arch_combo.currentIndex() == -1 and not page.arch_load_button.isEnabled()
    assert "cannot tell which architecture" in page.weights_message.text()
    # A bundled architecture that does not fit: the banner says so, the panel stays.
    page.arch_combo.setCurrentIndex(0)
    assert page.arch_load_button.isEnabled()
    with qtbot.waitSignal(hub.load_failed, timeout=WAIT) as failed:
        page.arch_load_button.click()
    assert failed.args[2] == "mismatch"
    assert "do not fit" in page.error_label.text() and not page.weights_box.isHidden()
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()] == []
    # The right architecture (a .json file): the model loads with those weights.
    with qtbot.waitSignal(hub.model_changed, timeout=WAIT) as ok:
        window.model_page.load_weights_into(str(tiny["arch"]))
    assert page.weights_box.isHidden() and page.error_label.isHidden()
    assert ok.args[0].model.output_shape == (None, 3)
    assert [r[0] for r in _table(page)] == ["conv", "pool", "flat", "probs"]


def test_drop_and_recent_models(qtbot, window, tiny):
    hub = window.model_hub
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tiny["model"]))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(hub.model_changed, timeout=WAIT):
        QApplication.sendEvent(window, event)
    assert event.isAccepted()
    menu = window.model_page.recent_menu
    menu.aboutToShow.emit()
    paths = [a.data() for a in menu.actions() if a.data()]
    assert paths and paths[0] == str(tiny["model"].resolve())
    assert window.model_page.open_action.shortcut().toString() == "Ctrl+O"
    # Choosing the recent entry opens it again.
    recent_action = next(a for a in menu.actions() if a.data())
    with qtbot.waitSignal(hub.loading, timeout=5000) as loading:
        recent_action.trigger()
    assert loading.args == [str(tiny["model"].resolve())]


def test_legacy_fixture_shows_version_and_compat_notes(qtbot, window):
    path = fixture_model("C3NZ__mnist-nn__mnist.h5")
    with qtbot.waitSignal(window.model_hub.model_changed, timeout=WAIT):
        window.model_page.open(str(path))
    page = window.model_page.page
    assert page.facts["saved_by"].text().startswith("Keras 2.2.4")
    assert "InputLayer inserted" in page.facts["notes"].text()
    assert "grayscale image 28×28" in page.facts["input"].text()
    assert page.table.rowCount() > 4


def test_weights_of_no_bundled_architecture_preselect_nothing(qtbot, window):
    """Dense 784→512→512→10 matches no bundled architecture: none is preselected, and the
    page says so."""
    path = fixture_model("kmdiogo__Deep-learning-experiments__mnist_weights.h5")
    page = window.model_page.page
    with qtbot.waitSignal(window.model_hub.weights_only, timeout=WAIT):
        window.model_page.open(str(path))
    assert page.arch_combo.count() >= 3
    assert page.arch_combo.currentIndex() == -1 and not page.arch_load_button.isEnabled()
    text = page.weights_message.text()
    assert "784×512" in text and "None of the bundled architectures has these layers" in text


def test_weights_of_a_bundled_architecture_preselect_it(qtbot, window, tmp_path):
    """A legacy weights file saved from the textbook CNN preselects it."""
    import h5py
    import numpy as np

    from cnnviz.inference.architecture_match import spec_weight_shapes
    from cnnviz.inference.architectures import ARCHITECTURES

    path = tmp_path / "textbook_weights.h5"
    shapes = spec_weight_shapes(ARCHITECTURES["textbook"].spec)
    names = [f"layer{i}" for i in range(len(shapes))]
    with h5py.File(path, "w") as f:  # the layout of Keras 2's model.save_weights
        f.attrs["layer_names"] = [n.encode() for n in names]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.4.0"
        for n, ws in zip(names, shapes):
            g = f.create_group(n)
            wn = [f"{n}/w{j}:0" for j in range(len(ws))]
            g.attrs["weight_names"] = [w.encode() for w in wn]
            for w, s in zip(wn, ws):
                g.create_dataset(w, data=np.zeros(s, np.float32))
    page = window.model_page.page
    with qtbot.waitSignal(window.model_hub.weights_only, timeout=WAIT):
        window.model_page.open(str(path))
    assert page.arch_combo.currentData() == "textbook" and page.arch_load_button.isEnabled()
    assert "match the bundled architecture" in page.weights_message.text()


def test_spec_weight_shapes_agree_with_keras():
    from cnnviz.inference.architecture_match import spec_weight_shapes
    from cnnviz.inference.architectures import ARCHITECTURES, build_architecture

    for name, arch in ARCHITECTURES.items():
        model = build_architecture(name)
        keras_shapes = [[tuple(w.shape) for w in layer.weights] for layer in model.layers if layer.weights]
        assert spec_weight_shapes(arch.spec) == keras_shapes, name
