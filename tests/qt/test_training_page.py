"""Live training page: real training in a real child process (python -m
cnnviz.inference.training_process) on a tiny IDX folder; curves, pause/resume, cancel,
failures of the child (a rejected job, a killed process), use the result.

TensorFlow's import costs the child ~4 s, so only three tests here run a real training."""
from __future__ import annotations

import os
import signal

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
    from cnnviz.app.training_controller import build_train
    from cnnviz.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_train(w, None)
    yield w
    w.training.shutdown()
    assert w.training.process is None or not w.training._process_alive()


def _configure(page, folder, out, epochs):
    page.arch.setCurrentIndex(page.arch.findData("custom"))
    page.form.set_spec(SMALL)
    page.folder.setText(str(folder))
    page.out.setText(str(out))
    page.epochs.setValue(epochs)
    page.batch.setValue(40)
    page.augment.setChecked(False)


def _is_idle(page) -> bool:
    return (page.start.isEnabled() and not page.cancel.isEnabled() and not page.pause.isEnabled()
            and page.arch.isEnabled() and page.folder.isEnabled())


def test_architecture_choice_fills_the_form_and_edits_switch_to_custom(window):
    page = window.training.page
    page.arch.setCurrentIndex(page.arch.findData("textbook"))
    spec = page.form.spec()
    assert [layer["type"] for layer in spec] == ["conv", "conv", "pool", "dropout", "flatten", "dense", "dropout"]
    assert spec[1]["filters"] == 64
    assert "1,199,882 parameters" in page.form.message.text()
    page.form.editor(1, 1).setValue(8)          # conv2: 64 → 8 filters
    assert page.arch.currentData() == "custom"
    assert page.form.spec()[1]["filters"] == 8
    # Break it: a 15×15 kernel after two valid 3×3 convs and a pool does not fit.
    page.form.editor(0, 2).setValue(15)
    page.form.editor(1, 2).setValue(15)
    assert not page.form.is_valid() and not page.start.isEnabled()
    assert page.form.message.text().startswith("Cannot build: layer 2 (conv): a 15×15 kernel does not fit")


def test_train_shows_curves_and_result_becomes_current_model(qtbot, window, stripes, tmp_path):
    ctl = window.training
    page = ctl.page
    _configure(page, stripes, tmp_path / "out.keras", epochs=2)
    epochs_seen, losses_at_epoch = [], []

    def on_progress(kind, ep, *a):
        if kind == "epoch":                  # the curves are filled as each epoch ends
            epochs_seen.append(ep)
            losses_at_epoch.append(list(page.loss_plot.train_item.getData()[0]))

    ctl.relay.progress.connect(on_progress)
    with qtbot.waitSignal(ctl.finished, timeout=120000) as blocker:
        assert ctl.start()
        assert not page.start.isEnabled() and page.cancel.isEnabled() and not page.arch.isEnabled()
        assert ctl.running and ctl.process is not None and ctl.process.processId() != os.getpid()
        assert not ctl.start()               # one training at a time
    summary = blocker.args[0]
    assert summary["epochs_run"] == 2 and summary["status"] == "completed" and epochs_seen == [1, 2]
    assert losses_at_epoch == [[1], [1, 2]]
    x, y = page.loss_plot.train_item.getData()
    assert list(x) == [1, 2] and len(page.acc_plot.val_item.getData()[1]) == 2
    assert page.progress.value() == 1000
    assert page.status.text().startswith("Finished: 2 epochs")
    assert (tmp_path / "out.keras").is_file() and (tmp_path / "out.curves.png").is_file()
    assert page.use.isEnabled() and _is_idle(page) and not ctl.running
    # The trained model was loaded in this process already: using it is immediate.
    assert ctl.result_loaded is not None and ctl.result_loaded.path.name == "out.keras"
    with qtbot.waitSignal(window.model_hub.model_changed, timeout=1000):
        page.use.click()
    loaded = window.model_hub.current
    assert loaded.path.name == "out.keras" and loaded.model.output_shape == (None, 10)
    assert page.status.text() == "out.keras is now the current model."


def test_pause_resume_then_cancel(qtbot, window, tmp_path):
    ctl = window.training
    page = ctl.page
    data = write_stripe_folder(tmp_path / "data", 2000, 50)   # 45 batches per epoch
    _configure(page, data, tmp_path / "c.keras", epochs=50)
    batches = []
    ctl.relay.progress.connect(lambda kind, *a: batches.append((a[0], a[2], a[-1])) if kind == "batch" else None)
    assert ctl.start()
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=60000)
    page.pause.click()
    assert page.pause.text() == "Resume"
    qtbot.waitUntil(lambda: page.status.text().startswith("Paused in epoch"), timeout=30000)
    assert batches[-1][-1] is True                     # the child said so: paused after a batch
    n = len(batches)
    qtbot.wait(600)
    assert len(batches) == n                           # nothing runs while paused
    page.pause.click()                                 # resume
    assert page.pause.text() == "Pause"
    qtbot.waitUntil(lambda: len(batches) > n + 2 and not batches[-1][-1], timeout=30000)
    assert (batches[-1][0], batches[-1][1]) > (batches[n - 1][0], batches[n - 1][1])  # it moved on
    with qtbot.waitSignal(ctl.finished, timeout=20000) as blocker:
        page.cancel.click()
        assert page.status.text() == "Cancelling after this batch…"
    assert blocker.args[0]["status"] == "cancelled"
    assert page.status.text().startswith("Cancelled") and _is_idle(page)
    assert not page.pause.isChecked() and page.pause.text() == "Pause"
    assert page.progress.value() < 1000


def test_cancel_before_training_starts(qtbot, window, stripes, tmp_path):
    """Cancelled while the child is still starting: it stops before importing TensorFlow
    or before the first batch; nothing is trained and there is nothing to use."""
    ctl = window.training
    page = ctl.page
    _configure(page, stripes, tmp_path / "early.keras", epochs=3)
    with qtbot.waitSignal(ctl.finished, timeout=60000) as blocker:
        assert ctl.start()
        ctl.cancel()
    s = blocker.args[0]
    assert s["status"] == "cancelled" and s["epochs_run"] == 0
    assert page.status.text() == "Cancelled before the first epoch finished: nothing was learned yet."
    assert not page.use.isEnabled() and _is_idle(page) and ctl.result_loaded is None


def test_killed_process_fails_clearly_then_a_rejected_job_reports_why(qtbot, window, stripes, tmp_path):
    ctl = window.training
    page = ctl.page
    _configure(page, stripes, tmp_path / "k.keras", epochs=50)
    batches = []
    ctl.relay.progress.connect(lambda kind, *a: batches.append(a) if kind == "batch" else None)
    assert ctl.start()
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=60000)
    with qtbot.waitSignal(ctl.failed, timeout=10000) as blocker:
        os.kill(ctl.process.processId(), signal.SIGKILL)      # as the kernel's OOM killer would
    assert blocker.args[0].startswith("the training process was killed (SIGKILL)")
    assert "out of memory" in blocker.args[0]
    assert page.status.text() == "Training failed: " + blocker.args[0]
    assert _is_idle(page) and not ctl.running and not page.use.isEnabled()
    # The page is usable again: the next job goes to a fresh process, which rejects this
    # folder (it exists but holds no data set) with the data loader's own message.
    empty = tmp_path / "empty"
    empty.mkdir()
    page.folder.setText(str(empty))
    with qtbot.waitSignal(ctl.failed, timeout=30000) as blocker:
        assert ctl.start()
    assert blocker.args[0].startswith(f"{empty}: no MNIST handwritten digits files (expected train-images")
    assert page.status.text().startswith("Training failed: ") and _is_idle(page)


def test_bad_folder_does_not_start(window, tmp_path):
    page = window.training.page
    _configure(page, tmp_path / "missing", tmp_path / "x.keras", epochs=1)
    assert not window.training.start()
    assert "Data folder not found" in page.status.text() and page.start.isEnabled()
    assert window.training.process is None


def test_data_folder_is_shared_with_evaluation_and_remembered(qtbot, window, stripes, tmp_path, monkeypatch):
    from cnnviz.app.evaluate_controller import build_evaluate

    monkeypatch.chdir(tmp_path)  # no Fashion-MNIST folder to find beside the working directory
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


def test_live_value_moves_without_refitting_the_axes_on_every_batch(qtbot, window):
    """The running value of an epoch must not re-fit the axes each batch (a re-fit
    repaints every tick label, ~10 ms a plot, 12 times a second); the range grows only
    when the point leaves it, and a finished epoch gets the usual fit again."""
    page = window.training.page
    plot = page.loss_plot
    window.show_page("train")
    window.show()
    qtbot.waitExposed(window)
    plot.set_curves([1.0, 0.6], [1.1, 0.7])
    vb = plot.getViewBox()
    settled = []

    def fit_settled() -> bool:  # the fit may take a second pass once the axes are laid out
        settled.append(vb.viewRange())
        return len(settled) >= 3 and settled[-1] == settled[-2] == settled[-3]

    qtbot.waitUntil(fit_settled, timeout=5000)
    (x_lo, x_hi), (y_lo, y_hi) = vb.viewRange()
    assert x_lo < 1 and 2 <= x_hi < 2.2 and y_lo < 0.6 and y_hi > 1.1
    plot.set_live(2, 0.6, 2.25, 0.59)           # the running epoch, beyond the fit
    first = vb.viewRange()
    assert first[0][1] >= 3.0 and first[0][0] == pytest.approx(x_lo)   # room for this whole epoch
    for b in range(3, 10):                                             # inside: nothing moves
        plot.set_live(2, 0.6, 2 + b / 10, 0.6 - b / 200)
        assert vb.viewRange() == first
    assert list(plot.live_item.getData()[0]) == [2, 2.9]
    plot.set_live(2, 0.6, 2.95, -0.5)                                  # a value below: y grows
    (x2_lo, x2_hi), (y2_lo, y2_hi) = vb.viewRange()
    assert (x2_lo, x2_hi) == tuple(first[0]) and y2_lo < -0.5 < y2_hi and y2_hi == pytest.approx(first[1][1])
    plot.set_curves([1.0, 0.6, 0.4], [1.1, 0.7, 0.5])                  # epoch done: fit again
    assert all(vb.autoRangeEnabled())


def test_plots_are_opaque_in_the_window_colour_of_every_theme(qtbot, window):
    from cnnviz.qt import theme

    window.show_page("train")
    plot = window.training.page.acc_plot
    try:
        for name in theme.THEMES:
            theme.apply_theme(name)
            qtbot.wait(10)
            colour = plot.palette().color(plot.palette().ColorRole.Window)
            assert plot.backgroundBrush().color() == colour
            assert plot.backgroundBrush().color().alpha() == 255
    finally:
        theme.apply_theme(theme.DEFAULT_THEME)


def test_curve_plots_follow_the_font_zoom_and_presentation_set(qtbot):
    from PySide6.QtGui import QFont

    from cnnviz.qt.training.page import CurvePlot

    plot = CurvePlot("loss")
    qtbot.addWidget(plot)
    base = plot.font().pointSizeF()
    assert plot.title_point_size == pytest.approx(base * 1.3)
    bigger = QFont(plot.font())
    bigger.setPointSizeF(base * 2)
    plot.setFont(bigger)  # what zoom and presentation mode do, through the application font
    assert plot.title_point_size == pytest.approx(base * 2.6)
    assert plot.getAxis("bottom").style["tickFont"].pointSizeF() == pytest.approx(base * 2)
    assert f"{base * 2.6:.1f}pt" in plot.getPlotItem().titleLabel.opts.get("size", "")


def _answer_close_box(choice: str, seen: list[str]) -> None:
    """When the "Quit cnnviz?" box is up, note its text and click ``choice`` ("quit" or
    "cancel"); until then, look again shortly (the box runs its own event loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox) or box.objectName() != "confirmCloseBox":
        QTimer.singleShot(20, lambda: _answer_close_box(choice, seen))
        return
    seen.append(box.text())
    if choice == "quit":
        box.findChild(QPushButton, "confirmQuitButton").click()
    else:
        box.button(QMessageBox.StandardButton.Cancel).click()


def test_closing_during_a_training_asks_first_and_cancel_keeps_it_running(qtbot, window, tmp_path):
    from PySide6.QtCore import QTimer

    ctl = window.training
    page = ctl.page
    window._persist = False
    window.show()
    data = write_stripe_folder(tmp_path / "data", 2000, 50)
    _configure(page, data, tmp_path / "q.keras", epochs=50)
    batches = []
    ctl.relay.progress.connect(lambda kind, *a: batches.append(a) if kind == "batch" else None)
    assert ctl.start()
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=60000)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_close_box("cancel", seen))
    assert window.close() is False
    assert len(seen) == 1 and "training is running" in seen[0]
    assert window.isVisible() and ctl.running and ctl._process_alive()
    n = len(batches)
    qtbot.waitUntil(lambda: len(batches) > n, timeout=30000)  # it goes on
    QTimer.singleShot(0, lambda: _answer_close_box("quit", seen))
    assert window.close() is True
    assert len(seen) == 2 and not window.isVisible()


def test_closing_without_a_training_does_not_ask(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window._persist = False
    window.show()
    assert window.training.close_concern() == ""
    boxes = []

    def refuse_any_box():  # fires inside a box's event loop, if one came up
        box = QApplication.activeModalWidget()
        if box is not None:
            boxes.append(box.objectName())
            box.reject()

    QTimer.singleShot(50, refuse_any_box)
    assert window.close() is True
    qtbot.wait(100)
    assert boxes == [] and not window.isVisible()


def test_layer_form_checks_with_the_checker_it_is_given(qtbot):
    """The form (a view) imports no model code: until the controller hands it a checker it
    lets nothing start; with the app's check it counts the parameters."""
    from cnnviz.app.training_setup import check_layer_stack
    from cnnviz.qt.training.layer_form import LayerStackForm

    form = LayerStackForm()
    qtbot.addWidget(form)
    form.set_spec([{"type": "flatten"}, {"type": "dense", "units": 4, "activation": "relu"}])
    assert not form.is_valid()
    form.set_checker(check_layer_stack)
    assert form.is_valid()
    assert form.message.text().startswith("3 layers, ")
    form.set_spec([{"type": "flatten"}, {"type": "conv", "filters": 8, "kernel": 3, "activation": "relu", "padding": "valid"}])
    assert not form.is_valid() and form.message.text().startswith("Cannot build: ")


def test_fields_that_do_not_apply_are_blank_not_greyed(qtbot, window):
    """Issue 17: no greyed "128 / relu / valid" on a MaxPooling2D or Dropout row."""
    from cnnviz.qt.training.layer_form import COL_ACT, COL_KERNEL, COL_PAD, COL_RATE, COL_SIZE

    form = window.training.page.form
    form.set_spec([{"type": "conv", "filters": 8}, {"type": "pool", "size": 2}, {"type": "dropout", "rate": 0.25},
                   {"type": "flatten"}, {"type": "dense", "units": 128}])
    window.resize(1300, 900)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("train")
    qtbot.wait(10)  # the table lays out its cell widgets

    def shown(row):
        return [c for c in range(1, 6) if form.editor(row, c).isVisible()]

    assert shown(0) == [COL_SIZE, COL_KERNEL, COL_ACT, COL_PAD]
    assert shown(1) == [COL_KERNEL]
    assert shown(2) == [COL_RATE]
    assert shown(3) == []
    assert shown(4) == [COL_SIZE, COL_ACT]
    assert not form.field_applies(1, COL_ACT) and form.field_applies(1, COL_KERNEL)
    form.editor(1, 0).setCurrentIndex(form.editor(1, 0).findData("dense"))   # the row becomes Dense
    qtbot.wait(10)
    assert shown(1) == [COL_SIZE, COL_ACT]
    assert form.spec()[1] == {"type": "dense", "units": form.editor(1, COL_SIZE).value(),
                              "activation": form.editor(1, COL_ACT).currentText()}
    # the columns keep their width with blank cells
    assert form.table.columnWidth(COL_PAD) >= form.editor(0, COL_PAD).sizeHint().width()
