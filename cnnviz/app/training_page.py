"""Wiring of the Live training page: training runs in a worker thread, the UI never waits.

The worker calls :func:`cnnviz.inference.training.train` with a ``TrainingControl``
(pause / cancel events set from the UI thread) and a progress function that forwards
plain numbers to the UI thread through a queued Qt signal (batch updates at most ~12 per
second). When training ends the best model is loaded (in the worker) so that "Use as
current model" hands it to ``window.model_hub.set_model`` at once.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from cnnviz.app.background import BackgroundRunner
from cnnviz.qt.training.page import TrainingPage

BATCH_EMIT_INTERVAL = 0.08


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainingPage", text)


class _ProgressRelay(QObject):
    progress = Signal(str, int, int, int, int, object, float, object, object, bool)


def architecture_titles() -> list[tuple[str, str]]:
    return [("textbook", _tr("Textbook CNN (Conv 32 → Conv 64 → Pool → Dense 128)")),
            ("cnnviz_mnist", _tr("cnnviz digit CNN (the bundled one)")),
            ("cnnviz_fashion", _tr("cnnviz Fashion-MNIST CNN"))]


def default_output_path(arch: str, dataset: str) -> Path:
    from cnnviz.qt.settings import settings_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")
    return settings_dir() / "trained" / f"{arch}-{dataset}-{stamp}.keras"


class TrainingController(QObject):
    finished = Signal(object)       # summary dict
    failed = Signal(str)

    def __init__(self, window, page: TrainingPage | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.page = page or TrainingPage(architecture_titles())
        self.runner = BackgroundRunner(self)
        self.runner.pool.setExpiryTimeout(-1)
        self.runner.done.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self.relay = _ProgressRelay(self)
        self.relay.progress.connect(self._on_progress)
        self.control = None
        self.result_loaded = None
        self.last_summary: dict | None = None
        self.page.start_requested.connect(self.start)
        self.page.pause_toggled.connect(self.set_paused)
        self.page.cancel_requested.connect(self.cancel)
        self.page.use_requested.connect(self.use_result)
        self.page.architecture_chosen.connect(self.choose_architecture)
        self.page.dataset.currentIndexChanged.connect(lambda _i: self._dataset_changed())
        self.choose_architecture(str(self.page.arch.currentData()))
        self._dataset_changed()

    @property
    def running(self) -> bool:
        return self.runner.busy

    # -- set-up -----------------------------------------------------------------------
    def choose_architecture(self, name: str) -> None:
        from cnnviz.inference.architectures import ARCHITECTURES

        arch = ARCHITECTURES.get(name)
        if arch is None:
            return
        self.page.show_architecture_spec(arch.layer_spec())
        self.page.epochs.setValue(arch.epochs)
        i = self.page.dataset.findData(arch.dataset)
        if i >= 0:
            self.page.dataset.setCurrentIndex(i)
        self._suggest_output()

    def _dataset_changed(self) -> None:
        from cnnviz.app.evaluate_page import data_folder_key
        from cnnviz.qt.settings import app_settings, read_str

        self.page.folder.setText(read_str(app_settings(), data_folder_key(str(self.page.dataset.currentData())), ""))
        self._suggest_output()

    def _remember_folder(self) -> None:
        from cnnviz.app.evaluate_page import data_folder_key
        from cnnviz.qt.settings import app_settings

        app_settings().setValue(data_folder_key(str(self.page.dataset.currentData())), self.page.folder.text().strip())

    def _suggest_output(self) -> None:
        if not self.running:
            arch = str(self.page.arch.currentData())
            self.page.out.setText(str(default_output_path(arch, str(self.page.dataset.currentData()))))

    # -- run --------------------------------------------------------------------------
    def start(self) -> bool:
        if self.running:
            return False
        if not self.page.form.is_valid():
            self.page.status.setText(self.page.form.message.text())
            return False
        out = self.page.out.text().strip()
        if not out.endswith(".keras"):
            self.page.status.setText(_tr("The output file must end in .keras."))
            return False
        folder = self.page.folder.text().strip() or None
        if folder is not None and not Path(folder).expanduser().exists():
            self.page.status.setText(_tr("Data folder not found: {0}").format(folder))
            return False
        from cnnviz.inference.training import TrainingControl

        self._remember_folder()
        self.control = TrainingControl()
        self.result_loaded = None
        self.page.use.setEnabled(False)
        self.page.reset_curves()
        self.page.set_running(True)
        self.page.status.setText(_tr("Preparing the data and the network…"))
        arch = str(self.page.arch.currentData())
        spec = self.page.form.spec() if arch == "custom" else arch
        kwargs = dict(arch=spec, dataset=str(self.page.dataset.currentData()), folder=folder,
                      epochs=self.page.epochs.value(), out=out, batch_size=self.page.batch.value(),
                      augment="auto" if self.page.augment.isChecked() else "none",
                      limit=self.page.limit.value() or None)
        self.runner.submit(self._work, self.control, kwargs)
        return True

    def _work(self, control, kw) -> dict:
        """Worker thread: train, then load the best model for 'Use as current model'."""
        from cnnviz.inference.gc_pause import collector_paused, pause_collector
        from cnnviz.inference.training import train

        last = [0.0]
        # Building the network and tracing its training step make many objects: no full
        # garbage collections (GIL held ~0.5 s each: the window froze) until the first
        # batch is done; then they are frozen and the collector runs again (see gc_pause).
        resume_gc = pause_collector()

        def progress(p) -> None:
            if p.kind in ("batch", "epoch", "end"):
                resume_gc()
            now = time.monotonic()
            if p.kind == "batch" and not p.paused and p.batch != p.batches and now - last[0] < BATCH_EMIT_INTERVAL:
                return
            last[0] = now
            self.relay.progress.emit(p.kind, p.epoch, p.epochs, p.batch, p.batches, dict(p.logs), p.elapsed_s,
                                     p.eta_s, p.history, p.paused)

        try:
            result = train(kw["arch"], kw["dataset"], kw["folder"], kw["epochs"], kw["out"],
                           batch_size=kw["batch_size"], augment=kw["augment"], limit=kw["limit"],
                           control=control, on_progress=progress)
        finally:
            resume_gc()
        loaded = None
        if result.out_path.is_file():
            from cnnviz.inference.loading import load_model

            with collector_paused():
                loaded = load_model(result.out_path, trusted=True)
        return {"summary": result.summary(), "history": result.history, "loaded": loaded,
                "curves": str(result.curves_path)}

    @Slot(str, int, int, int, int, object, float, object, object, bool)
    def _on_progress(self, kind, epoch, epochs, batch, batches, logs, elapsed, eta, history, paused) -> None:
        if kind in ("batch", "epoch"):
            self.page.show_progress(kind, epoch, epochs, batch, batches, logs, elapsed, eta, history, paused)

    def set_paused(self, paused: bool) -> None:
        if self.control is not None and self.running:
            self.control.set_paused(paused)

    def cancel(self) -> None:
        if self.control is not None and self.running:
            self.control.request_cancel()
            self.page.status.setText(_tr("Cancelling after this batch…"))

    def _on_done(self, out: dict) -> None:
        self.page.set_running(False)
        s = out["summary"]
        self.last_summary = s
        self.result_loaded = out["loaded"]
        h = out["history"]
        self.page.loss_plot.set_curves(h.get("loss", []), h.get("val_loss", []))
        self.page.acc_plot.set_curves(h.get("accuracy", []), h.get("val_accuracy", []))
        self.page.loss_plot.live_item.setData([], [])
        self.page.acc_plot.live_item.setData([], [])
        if s["status"] != "cancelled":
            self.page.progress.setValue(1000)
        status = {"completed": _tr("Finished"), "early_stopped": _tr("Stopped early (no more progress)"),
                  "cancelled": _tr("Cancelled")}[s["status"]]
        self.page.status.setText(_tr("{0}: {1} epochs in {2:.0f} s; best epoch {3} with validation accuracy "
                                     "{4:.4f}, saved to {5}").format(status, s["epochs_run"], s["seconds"],
                                                                      s["best_epoch"], s["best_val_accuracy"], s["model"]))
        self.page.use.setEnabled(self.result_loaded is not None)
        self.finished.emit(s)

    def _on_failed(self, message: str) -> None:
        self.page.set_running(False)
        self.page.status.setText(_tr("Training failed: {0}").format(message))
        self.failed.emit(message)

    def use_result(self) -> bool:
        hub = getattr(self.window, "model_hub", None)
        if self.result_loaded is None or hub is None:
            return False
        hub.set_model(self.result_loaded)
        self.page.status.setText(_tr("{0} is now the current model.").format(Path(self.result_loaded.path).name))
        return True

    # -- session (see cnnviz/app/session.py) ----------------------------------------------
    def session_state(self) -> dict:
        """The training form: architecture, the (possibly edited) layer stack, data set and
        run settings — a layer stack typed in class survives a restart."""
        p = self.page
        return {
            "architecture": str(p.arch.currentData()),
            "layers": p.form.spec(),
            "dataset": str(p.dataset.currentData()),
            "epochs": p.epochs.value(),
            "batch": p.batch.value(),
            "limit": p.limit.value(),
            "augment": p.augment.isChecked(),
        }

    def restore_session_state(self, state: dict) -> None:
        """Inverse of :meth:`session_state`; a running training is never disturbed."""
        if not isinstance(state, dict):
            raise TypeError("the training page state must be an object")
        p = self.page
        arch = p.arch.findData(state.get("architecture", p.arch.currentData()))
        dataset = p.dataset.findData(state.get("dataset", p.dataset.currentData()))
        if arch < 0 or dataset < 0:
            raise ValueError(f"training state: unknown architecture {state.get('architecture')!r} "
                             f"or data set {state.get('dataset')!r}")
        layers = state.get("layers")
        if layers is not None and not (isinstance(layers, list) and all(isinstance(x, dict) for x in layers)):
            raise TypeError("training state: 'layers' must be a list of objects")
        if self.running:
            return
        p.arch.setCurrentIndex(arch)  # fills in that architecture's layers and epochs
        if layers is not None and layers != p.form.spec():
            p.form.set_spec(layers)   # the form switches the architecture to "custom" itself
        p.dataset.setCurrentIndex(dataset)
        for spin, key in ((p.epochs, "epochs"), (p.batch, "batch"), (p.limit, "limit")):
            if key in state:
                spin.setValue(int(state[key]))
        p.augment.setChecked(bool(state.get("augment", p.augment.isChecked())))

    def shutdown(self, msecs: int = 10000) -> None:
        """Cancel a running training and wait for the worker (window closing, tests)."""
        if self.control is not None:
            self.control.request_cancel()
        self.runner.wait(msecs)


def build_train(window, args=None) -> None:
    controller = TrainingController(window)
    window.training = controller
    window.add_page("train", controller.page, _tr("Live training"))
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.shutdown)
