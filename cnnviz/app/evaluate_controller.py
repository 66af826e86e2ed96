"""Wiring of the Evaluation page: the current model × a test set, evaluated off the UI thread."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.app.background import BackgroundRunner
from cnnviz.app.data_folders import data_folders
from cnnviz.core.evaluation_data import EvaluationData
from cnnviz.qt.evaluate.page import EvaluatePage


def _tr(text: str) -> str:
    return QCoreApplication.translate("EvaluatePage", text)


def compute_evaluation(model, dataset: str, folder: str | None, model_name: str = "model") -> EvaluationData:
    """Worker thread: read the test split and run the model over it (batched)."""
    from cnnviz.inference.datasets import load_test_split
    from cnnviz.inference.evaluation import evaluate

    t0 = time.perf_counter()
    data = load_test_split(dataset, folder)
    ev = evaluate(model, data.x_test, data.y_test)
    names = list(data.class_names) if ev.confusion.shape[0] == data.num_classes else [
        str(i) for i in range(ev.confusion.shape[0])]
    return EvaluationData(data.name, model_name, names, data.x_test, ev.labels, ev.predictions,
                          ev.probabilities, ev.confusion, time.perf_counter() - t0)


def send_to_digits(window, image: np.ndarray) -> bool:
    """Make ``image`` (uint8 28×28, light ink on dark) the digit view's current input."""
    digits = getattr(window, "digits", None)
    if digits is None:
        return False
    digits.set_input_image(np.asarray(image), "test set", exact=True)
    window.show_page("digits")
    return True


class EvaluateController(QObject):
    evaluated = Signal(object)      # EvaluationData
    failed = Signal(str)

    def __init__(self, window, page: EvaluatePage | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.page = page or EvaluatePage()
        self.runner = BackgroundRunner(self)
        self.runner.done.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self.runner.busy_changed.connect(lambda b: self.page.set_busy(b))
        self.page.evaluate_requested.connect(self.evaluate)
        self.page.browser.index_changed.connect(self.select_sample)
        self.page.browser.send_requested.connect(self.send_sample)
        self.page.dataset.currentIndexChanged.connect(lambda _i: self._restore_folder())
        hub = getattr(window, "model_hub", None)
        if hub is not None:
            hub.model_changed.connect(self._on_model_changed)
        self._evaluate_when_loaded = False
        data_folders(window).changed.connect(self._on_shared_folder)
        self.page.folder.editingFinished.connect(self._remember_folder)
        self._restore_folder()

    # -- the data folder (one setting with the Live training page) ---------------------
    def _restore_folder(self) -> None:
        self.page.folder.setText(data_folders(self.window).folder(self.page.dataset_key()))

    def _remember_folder(self) -> None:
        data_folders(self.window).set_folder(self.page.dataset_key(), self.page.folder.text())

    def _on_shared_folder(self, dataset: str, folder: str) -> None:
        if dataset == self.page.dataset_key() and self.page.folder.text().strip() != folder:
            self.page.folder.setText(folder)

    # -- actions ----------------------------------------------------------------------
    def _on_model_changed(self, loaded) -> None:
        names = list(getattr(loaded, "class_names", None) or [])
        want = "fashion_mnist" if names and not all(n.strip().isdigit() for n in names) else "mnist"
        i = self.page.dataset.findData(want)
        if i >= 0 and i != self.page.dataset.currentIndex():
            self.page.dataset.setCurrentIndex(i)
        if self._evaluate_when_loaded:
            self._evaluate_when_loaded = False
            self.evaluate()
        elif not self.runner.busy:
            self.page.status.setText(_tr("Model {0} loaded: press Evaluate to test it.").format(self._model_name(loaded)))

    @staticmethod
    def _model_name(loaded) -> str:
        path = getattr(loaded, "path", None)
        return Path(path).name if path else getattr(getattr(loaded, "model", None), "name", "model")

    def evaluate(self) -> bool:
        hub = getattr(self.window, "model_hub", None)
        loaded = getattr(hub, "current", None)
        if loaded is None and getattr(hub, "busy", False):
            self._evaluate_when_loaded = True
            self.page.status.setText(_tr("Waiting for the model to finish loading…"))
            return False
        if loaded is None:
            self.page.status.setText(_tr("No model is loaded: open one first (File > Open model)."))
            return False
        folder = self.page.data_folder()
        if folder is not None and not Path(folder).expanduser().exists():
            self.page.status.setText(_tr("Data folder not found: {0}").format(folder))
            return False
        self._remember_folder()
        dataset = self.page.dataset_key()
        self.page.set_busy(True, _tr("Evaluating {0} on the {1} test set…").format(self._model_name(loaded), dataset))
        self.runner.submit(compute_evaluation, loaded.model, dataset, folder, self._model_name(loaded))
        return True

    def _on_done(self, data: EvaluationData) -> None:
        self.page.set_busy(False)
        self.page.show_result(data)
        self.evaluated.emit(data)

    def _on_failed(self, message: str) -> None:
        self.page.set_busy(False, _tr("Evaluation failed: {0}").format(message))
        self.failed.emit(message)

    def select_sample(self, i: int) -> None:
        data = self.page.data
        if data is not None and 0 <= i < data.n:
            self.page.browser.show_sample(data, i)

    def send_sample(self, i: int) -> bool:
        data = self.page.data
        if data is None or not 0 <= i < data.n:
            return False
        ok = send_to_digits(self.window, data.images[i])
        if not ok:
            self.page.status.setText(_tr("There is no digit view to send the sample to."))
        return ok


def build_evaluate(window, args=None) -> None:
    controller = EvaluateController(window)
    window.evaluation = controller
    window.add_page("evaluate", controller.page, _tr("Evaluation"))
