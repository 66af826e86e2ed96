"""Wiring of the Live training page: training runs in a child process, the UI never waits.

:class:`TrainingController` starts ``python -m cnnviz.inference.training_process`` with a
QProcess, writes the job (architecture or edited layer stack, data set, run settings) as
one JSON line on its stdin and later ``pause`` / ``resume`` / ``cancel`` lines; progress
comes back as JSON lines on its stdout, read as they arrive (all signals on the UI
thread; the UI thread never waits for the process except in :meth:`shutdown`).

Why a process and not a thread: TensorFlow's Python training loop holds the GIL for long
stretches (the window stalled for 100+ ms at every training start), and this process is
tuned for single-image latency while training wants every core. A child that crashes or
is killed (out of memory) becomes a "Training failed" message; the app keeps running.
When training ends the best model is loaded in a worker thread of this process so that
"Use as current model" hands it to ``window.model_hub.set_model`` at once.
"""
from __future__ import annotations

import signal
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Signal, Slot

from cnnviz.app.background import BackgroundRunner
from cnnviz.app.data_folders import data_folders
from cnnviz.app.training_setup import architecture_titles, check_layer_stack, default_output_path, load_trained
from cnnviz.inference.training_process import (BATCH_EMIT_INTERVAL, MessageReader, StderrTail,  # noqa: F401
                                               child_environment, command, encode_job)
from cnnviz.qt.training.page import TrainingPage

KILL_AFTER_MS = 10000   # shutdown: a child that has not stopped this long after "cancel" is killed


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainingPage", text)


class _ProgressRelay(QObject):
    progress = Signal(str, int, int, int, int, object, float, object, object, bool)


class TrainingController(QObject):
    finished = Signal(object)       # summary dict
    failed = Signal(str)

    def __init__(self, window, page: TrainingPage | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.page = page or TrainingPage(architecture_titles())
        self.page.form.set_checker(check_layer_stack)
        self.loader = BackgroundRunner(self)          # loads the trained model (a worker thread)
        self.loader.pool.setExpiryTimeout(-1)
        self.loader.done.connect(self._on_result_loaded)
        self.loader.failed.connect(self._on_result_load_failed)
        self.relay = _ProgressRelay(self)
        self.relay.progress.connect(self._on_progress)
        self.process: QProcess | None = None          # the running training process
        self._reader = MessageReader()
        self._stderr = StderrTail()
        self._outcome: dict | None = None             # the child's result or error message
        self._history: dict = {}
        self._busy = False                            # from start() until finished / failed
        self._closing = False
        self.result_loaded = None
        self.last_summary: dict | None = None
        self.page.start_requested.connect(self.start)
        self.page.pause_toggled.connect(self.set_paused)
        self.page.cancel_requested.connect(self.cancel)
        self.page.use_requested.connect(self.use_result)
        self.page.architecture_chosen.connect(self.choose_architecture)
        self.page.dataset.currentIndexChanged.connect(lambda _i: self._dataset_changed())
        data_folders(window).changed.connect(self._on_shared_folder)
        self.page.folder.editingFinished.connect(self._remember_folder)
        self.choose_architecture(str(self.page.arch.currentData()))
        self._dataset_changed()

    @property
    def running(self) -> bool:
        """True from :meth:`start` until ``finished`` or ``failed`` was emitted."""
        return self._busy

    def _process_alive(self) -> bool:
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

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
        self.page.folder.setText(data_folders(self.window).folder(str(self.page.dataset.currentData())))
        self._suggest_output()

    def _remember_folder(self) -> None:
        """The data folder is one setting with the Evaluation page."""
        data_folders(self.window).set_folder(str(self.page.dataset.currentData()), self.page.folder.text())

    def _on_shared_folder(self, dataset: str, folder: str) -> None:
        if dataset == str(self.page.dataset.currentData()) and self.page.folder.text().strip() != folder:
            self.page.folder.setText(folder)

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
        arch = str(self.page.arch.currentData())
        job = encode_job(dict(
            arch=self.page.form.spec() if arch == "custom" else arch, dataset=str(self.page.dataset.currentData()),
            folder=None if folder is None else str(Path(folder).expanduser()), epochs=self.page.epochs.value(),
            out=str(Path(out).expanduser()), batch_size=self.page.batch.value(),
            augment="auto" if self.page.augment.isChecked() else "none", limit=self.page.limit.value() or None))
        self._remember_folder()
        self._closing = False
        self._outcome = None
        self._reader = MessageReader()
        self._stderr = StderrTail()
        self.result_loaded = None
        self.page.use.setEnabled(False)
        self.page.reset_curves()
        self.page.set_running(True)
        self.page.status.setText(_tr("Preparing the data and the network…"))
        self._busy = True
        self.process = self._start_process(job)
        return True

    def _start_process(self, job: bytes) -> QProcess:
        proc = QProcess(self)
        proc.setObjectName("trainingProcess")
        program, *arguments = command()
        proc.setProgram(program)
        proc.setArguments(arguments)
        env = QProcessEnvironment()
        for key, value in child_environment().items():
            env.insert(key, value)
        proc.setProcessEnvironment(env)
        # Signals of an old process (still exiting after its result) are told apart by `proc`.
        proc.readyReadStandardOutput.connect(partial(self._read_stdout, proc))
        proc.readyReadStandardError.connect(partial(self._read_stderr, proc))
        proc.finished.connect(partial(self._on_process_finished, proc))
        proc.errorOccurred.connect(partial(self._on_process_error, proc))
        proc.start()
        proc.write(job)  # buffered until the process runs
        return proc

    def _send(self, word: str) -> None:
        if self._process_alive():
            self.process.write(word.encode("ascii") + b"\n")

    def _read_stdout(self, proc: QProcess) -> None:
        data = proc.readAllStandardOutput().data()
        if proc is not self.process:
            return
        for message in self._reader.feed(data):
            self._handle_message(message)
            if proc is not self.process:  # a handler finished this run
                return

    def _read_stderr(self, proc: QProcess) -> None:
        data = proc.readAllStandardError().data()
        if proc is self.process:
            self._stderr.feed(data)

    def _handle_message(self, m: dict) -> None:
        kind = m.get("type")
        if kind == "progress" and self._outcome is None:
            try:
                args = (str(m["kind"]), int(m["epoch"]), int(m["epochs"]), int(m["batch"]), int(m["batches"]),
                        dict(m.get("logs") or {}), float(m.get("elapsed_s") or 0.0), m.get("eta_s"),
                        m.get("history"), bool(m.get("paused")))
            except (KeyError, TypeError, ValueError):
                return  # a malformed progress line is not worth stopping the run for
            self.relay.progress.emit(*args)
        elif kind in ("result", "error") and self._outcome is None:
            self._outcome = m
            if kind == "error":
                self._fail(str(m.get("message") or _tr("unknown error")))
            else:
                self._on_result(m)

    @Slot(str, int, int, int, int, object, float, object, object, bool)
    def _on_progress(self, kind, epoch, epochs, batch, batches, logs, elapsed, eta, history, paused) -> None:
        if kind in ("batch", "epoch"):
            self.page.show_progress(kind, epoch, epochs, batch, batches, logs, elapsed, eta, history, paused)

    def _on_process_error(self, proc: QProcess, error) -> None:
        if proc is self.process and error == QProcess.ProcessError.FailedToStart and self._outcome is None:
            self._outcome = {"type": "error"}
            self._fail(_tr("cannot start the training process ({0})").format(proc.errorString()))

    def _on_process_finished(self, proc: QProcess, code: int, status) -> None:
        try:
            if proc is self.process:
                self._read_stdout(proc)  # anything still buffered
                self._read_stderr(proc)
                self.process = None
                if self._outcome is None:
                    self._outcome = {"type": "crash"}
                    self._fail(self._crash_message(code, status == QProcess.ExitStatus.CrashExit))
            proc.deleteLater()
        except RuntimeError:  # the QProcess (or the page) is being destroyed: the app is exiting
            pass

    def _crash_message(self, code: int, signalled: bool) -> str:
        if self._closing:
            return _tr("training stopped because cnnviz is closing")
        if signalled:
            try:
                name = signal.Signals(code).name
            except ValueError:
                name = str(code)
            if code == getattr(signal, "SIGKILL", None):  # what the kernel's out-of-memory killer sends
                return _tr("the training process was killed ({0}), perhaps because the computer ran out of "
                           "memory; try a smaller batch size or fewer images").format(name)
            return _tr("the training process crashed ({0})").format(name)
        detail = self._stderr.last_error() or (self._reader.stray[-1] if self._reader.stray else "")
        text = _tr("the training process ended unexpectedly (exit status {0})").format(code)
        return f"{text}: {detail}" if detail else text

    def _on_result(self, m: dict) -> None:
        s = m.get("summary") or {}
        self.last_summary = s
        self._history = m.get("history") or {}
        model = m.get("model")
        if model and int(s.get("epochs_run", 0)) > 0 and not self._closing:
            self.page.status.setText(_tr("Loading the trained model…"))
            self.loader.submit(load_trained, model)
        else:
            self._finish(None, None)

    def _on_result_loaded(self, loaded) -> None:
        self._finish(loaded, None)

    def _on_result_load_failed(self, message: str) -> None:
        self._finish(None, message)

    def set_paused(self, paused: bool) -> None:
        if self.running and self._outcome is None:
            self._send("pause" if paused else "resume")

    def cancel(self) -> None:
        if self.running and self._outcome is None:
            self._send("cancel")
            self.page.status.setText(_tr("Cancelling after this batch…"))

    def _finish(self, loaded, load_error: str | None) -> None:
        self._busy = False
        self.page.set_running(False)
        s = self.last_summary or {}
        self.result_loaded = loaded
        h = self._history
        self.page.loss_plot.set_curves(h.get("loss", []), h.get("val_loss", []))
        self.page.acc_plot.set_curves(h.get("accuracy", []), h.get("val_accuracy", []))
        self.page.loss_plot.live_item.setData([], [])
        self.page.acc_plot.live_item.setData([], [])
        if s.get("status") != "cancelled":
            self.page.progress.setValue(1000)
        if int(s.get("epochs_run", 0)) == 0:
            text = _tr("Cancelled before the first epoch finished: nothing was learned yet.")
        else:
            status = {"completed": _tr("Finished"), "early_stopped": _tr("Stopped early (no more progress)"),
                      "cancelled": _tr("Cancelled")}.get(s.get("status"), str(s.get("status")))
            text = _tr("{0}: {1} epochs in {2:.0f} s; best epoch {3} with validation accuracy {4:.4f}, "
                       "saved to {5}").format(status, s["epochs_run"], s["seconds"], s["best_epoch"],
                                              s["best_val_accuracy"], s["model"])
            if load_error:
                text += " " + _tr("(It cannot be used here: {0})").format(load_error)
        self.page.status.setText(text)
        self.page.use.setEnabled(self.result_loaded is not None)
        self.finished.emit(s)

    def _fail(self, message: str) -> None:
        self._busy = False
        self.page.set_running(False)
        self.page.loss_plot.live_item.setData([], [])
        self.page.acc_plot.live_item.setData([], [])
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

    def close_concern(self) -> str:
        """What closing the window now would stop ("" when no training runs)."""
        if not self.running or self._outcome is not None or self._closing:
            return ""
        return _tr("A training is running. Quitting stops it after the current batch; the best "
                   "model saved so far is kept.")

    def shutdown(self, msecs: int = KILL_AFTER_MS) -> None:
        """Stop a running training (window closing, tests): ask the process to cancel, wait
        up to ``msecs`` for it to save and exit, then kill it. Waits for a model load too."""
        self._closing = True
        proc = self.process
        if proc is not None and proc.state() != QProcess.ProcessState.NotRunning:
            proc.write(b"cancel\n")
            proc.waitForBytesWritten(1000)
            proc.closeWriteChannel()  # end of input: the child cancels even if the line was lost
            if not proc.waitForFinished(max(0, msecs)):
                proc.kill()
                proc.waitForFinished(5000)
        self.loader.wait(msecs)


def build_train(window, args=None) -> None:
    controller = TrainingController(window)
    window.training = controller
    window.add_page("train", controller.page, _tr("Live training"))
    if hasattr(window, "add_close_guard"):
        window.add_close_guard(controller.close_concern)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.shutdown)
