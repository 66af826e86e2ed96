"""Live training page: real training in the worker on a tiny IDX folder; curves, pause, cancel, use."""
from __future__ import annotations

import pytest

from tests.stripe_data import write_stripe_folder

SMALL = [{"type": "conv", "filters": 4, "kernel": 3, "activation": "relu", "padding": "valid"},
         {"type": "pool", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 16, "activation": "relu"}]


@pytest.fixture
def stripes(tmp_path):
    return write_stripe_folder(tmp_path / "data", 400, 50)


@pytest.fixture
def window(qtbot):
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.app.training_page import build_train
    from cnnviz.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_train(w, None)
    yield w
    w.training.shutdown()


def _configure(page, folder, out, epochs):
    page.arch.setCurrentIndex(page.arch.findData("custom"))
    page.form.set_spec(SMALL)
    page.folder.setText(str(folder))
    page.out.setText(str(out))
    page.epochs.setValue(epochs)
    page.batch.setValue(40)
    page.augment.setChecked(False)


def test_architecture_choice_fills_the_form_and_edits_switch_to_custom(window):
    page = window.training.page
    page.arch.setCurrentIndex(page.arch.findData("textbook"))
    spec = page.form.spec()
    assert [layer["type"] for layer in spec] == ["conv", "conv", "pool", "dropout", "flatten", "dense", "dropout"]
    assert spec[1]["filters"] == 64
    assert "1,199,882 parameters" in page.form.message.text()
    page.form.table.cellWidget(1, 1).setValue(8)          # conv2: 64 → 8 filters
    assert page.arch.currentData() == "custom"
    assert page.form.spec()[1]["filters"] == 8
    # Break it: a 15×15 kernel after two valid 3×3 convs and a pool does not fit.
    page.form.table.cellWidget(0, 2).setValue(15)
    page.form.table.cellWidget(1, 2).setValue(15)
    assert not page.form.is_valid() and not page.start.isEnabled()
    assert page.form.message.text().startswith("Cannot build: layer 2 (conv): a 15×15 kernel does not fit")


def test_train_shows_curves_and_result_becomes_current_model(qtbot, window, stripes, tmp_path):
    ctl = window.training
    page = ctl.page
    _configure(page, stripes, tmp_path / "out.keras", epochs=2)
    epochs_seen = []
    ctl.relay.progress.connect(lambda kind, ep, *a: epochs_seen.append(ep) if kind == "epoch" else None)
    with qtbot.waitSignal(ctl.finished, timeout=120000) as blocker:
        assert ctl.start()
        assert not page.start.isEnabled() and page.cancel.isEnabled() and not page.arch.isEnabled()
    summary = blocker.args[0]
    assert summary["epochs_run"] == 2 and epochs_seen == [1, 2]
    x, y = page.loss_plot.train_item.getData()
    assert list(x) == [1, 2] and len(page.acc_plot.val_item.getData()[1]) == 2
    assert page.progress.value() == 1000
    assert page.status.text().startswith("Finished: 2 epochs")
    assert (tmp_path / "out.keras").is_file() and (tmp_path / "out.curves.png").is_file()
    assert page.use.isEnabled() and page.start.isEnabled()
    with qtbot.waitSignal(window.model_hub.model_changed, timeout=5000):
        page.use.click()
    loaded = window.model_hub.current
    assert loaded.path.name == "out.keras" and loaded.model.output_shape == (None, 10)


def test_pause_then_cancel(qtbot, window, stripes, tmp_path):
    ctl = window.training
    page = ctl.page
    _configure(page, stripes, tmp_path / "c.keras", epochs=50)
    batches = []
    ctl.relay.progress.connect(lambda kind, *a: batches.append(a[-1]) if kind == "batch" else None)
    assert ctl.start()
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=60000)
    page.pause.click()
    assert page.pause.text() == "Resume"
    qtbot.waitUntil(lambda: page.status.text().startswith("Paused in epoch"), timeout=30000)
    n = len(batches)
    qtbot.wait(300)
    assert len(batches) == n                 # nothing runs while paused
    with qtbot.waitSignal(ctl.finished, timeout=60000) as blocker:
        page.cancel.click()
    assert blocker.args[0]["status"] == "cancelled"
    assert page.status.text().startswith("Cancelled") and page.start.isEnabled()
    assert not page.pause.isChecked() and page.pause.text() == "Pause"


def test_bad_folder_does_not_start(window, tmp_path):
    page = window.training.page
    _configure(page, tmp_path / "missing", tmp_path / "x.keras", epochs=1)
    assert not window.training.start()
    assert "Data folder not found" in page.status.text() and page.start.isEnabled()


def test_data_folder_is_shared_with_evaluation_and_remembered(qtbot, window, stripes, tmp_path):
    from cnnviz.app.evaluate_page import build_evaluate

    page = window.training.page
    _configure(page, stripes, tmp_path / "x.keras", epochs=1)
    page.limit.setValue(0)
    window.training._remember_folder()
    build_evaluate(window, None)
    assert window.evaluation.page.folder.text() == str(stripes)
    page.dataset.setCurrentIndex(page.dataset.findData("fashion_mnist"))
    assert page.folder.text() == ""
    page.dataset.setCurrentIndex(page.dataset.findData("mnist"))
    assert page.folder.text() == str(stripes)
