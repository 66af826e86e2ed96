"""The model hub: which Keras model the app shows, and opening new ones off the UI thread.

Every page that shows a model listens to :class:`ModelHub`. ``open(path)`` loads the
file in a worker thread (Keras is imported there, lazily, so the window paints before
TensorFlow loads) and reports back on the UI thread through signals. The newest request
wins: a load that finishes after a newer ``open`` was asked for is dropped. The current
model stays active until a load succeeds.
"""
from __future__ import annotations

import itertools
import os
import threading
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot


def is_bundled(path: str | os.PathLike) -> bool:
    """True for files inside the project's own ``models/`` folder (loaded as trusted)."""
    from cnnviz import MODELS_DIR

    try:
        resolved = Path(path).expanduser().resolve()
        return resolved.is_relative_to(MODELS_DIR.resolve())
    except (OSError, ValueError):
        return False


class _Relay(QObject):
    """Lives on the UI thread; worker threads emit on it, Qt queues to the UI thread."""

    done = Signal(int, str, object)  # request id, path, LoadedModel
    failed = Signal(int, str, str, str, bool)  # request id, path, message, category, weights-only


class _Job(QRunnable):
    def __init__(self, hub: "ModelHub", request: int, path: str, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._hub = hub
        self._relay = hub._relay
        self._request = request
        self._path = path
        self._work = work

    def run(self) -> None:  # worker thread
        from cnnviz.inference.gc_pause import collector_paused

        try:
            # No full garbage collections (GIL held for ~0.5 s each) while Keras builds
            # hundreds of thousands of objects: the window would freeze (see gc_pause).
            with collector_paused():
                self._run()
        except RuntimeError:  # the hub was deleted (app closing) while this job ran
            pass

    def _run(self) -> None:
        if self._request != self._hub._latest:  # a newer request came in while queued
            return
        try:
            # TensorFlow's native libraries load here with the GIL released: otherwise
            # the import freezes the UI thread for up to a second (see native_preload).
            from cnnviz.inference.native_preload import preload_tensorflow_libraries

            preload_tensorflow_libraries()
            from cnnviz.inference.loading import ModelLoadError, WeightsOnlyError
        except Exception as exc:  # noqa: BLE001 - Keras/TensorFlow missing or broken
            self._relay.failed.emit(self._request, self._path,
                                    f"cannot start Keras: {type(exc).__name__}: {exc}", "crashed", False)
            return
        try:
            loaded = self._work()
        except WeightsOnlyError as exc:
            self._relay.failed.emit(self._request, self._path, exc.message, exc.category, True)
        except ModelLoadError as exc:
            self._relay.failed.emit(self._request, self._path, exc.message, exc.category, False)
        except BaseException as exc:  # noqa: BLE001 - never let a worker take the app down
            traceback.print_exc()
            self._relay.failed.emit(self._request, self._path,
                                    f"{Path(self._path).name}: unexpected error {type(exc).__name__}: {exc}",
                                    "crashed", False)
        else:
            self._relay.done.emit(self._request, self._path, loaded)


class ModelHub(QObject):
    """Holds the current model; opens files asynchronously (newest request wins)."""

    loading = Signal(str)
    model_changed = Signal(object)
    load_failed = Signal(str, str, str)
    weights_only = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelHub")
        self._current = None
        self._ids = itertools.count(1)
        self._latest = 0
        self._pending_path: str | None = None
        self.weights_only_message = ""  # the loader's explanation for the last weights-only file
        self._lock = threading.Lock()
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        # One loader thread: loads are serialised (Keras graph building is not worth
        # racing), and a queued stale request is skipped when its turn comes.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @staticmethod
    def _cancel_stuck() -> None:
        """A newer request wins: a sandboxed load stuck for seconds (a huge or hostile
        file) is stopped instead of making the new request wait for its time limit."""
        import sys

        sandbox = sys.modules.get("cnnviz.inference.loading.sandbox")
        if sandbox is not None and sandbox._shared is not None:
            sandbox._shared.cancel_if_stuck()

    def shutdown(self) -> None:
        """Stop the sandboxed loader process so a pending load ends now (app quitting)."""
        import sys

        sandbox = sys.modules.get("cnnviz.inference.loading.sandbox")
        if sandbox is not None and sandbox._shared is not None:
            sandbox._shared.close()

    # -- state ------------------------------------------------------------------------
    @property
    def current(self):
        """The active :class:`~cnnviz.inference.loading.LoadedModel`, or None."""
        return self._current

    @property
    def busy(self) -> bool:
        return self._pending_path is not None

    @property
    def pending_path(self) -> str | None:
        return self._pending_path

    def set_model(self, loaded) -> None:
        """Make ``loaded`` current right away (cancels any pending load's effect)."""
        self._latest = next(self._ids)
        self._set_pending(None)
        self._current = loaded
        self.model_changed.emit(loaded)

    # -- loading ----------------------------------------------------------------------
    def open(self, path: str | os.PathLike, *, trusted: bool | None = None) -> int:
        """Start loading ``path`` in the background; returns the request id.

        Files inside the project's ``models/`` folder are trusted (loaded in-process);
        everything else goes through the sandboxed loader.
        """
        path = os.fspath(path)
        trust = is_bundled(path) if trusted is None else bool(trusted)

        def work():
            from cnnviz.inference.loading import load_model

            return load_model(path, trusted=trust)

        return self._submit(path, work)

    def open_weights(self, weights_path: str | os.PathLike, architecture: str) -> int:
        """Load a weights-only file into ``architecture`` (a bundled architecture name,
        or a ``.keras`` / ``.json`` config file) in the background."""
        path = os.fspath(weights_path)

        def work():
            from cnnviz.inference.loading import load_weights_into

            return load_weights_into(path, architecture)

        return self._submit(path, work)

    def run_job(self, path: str, work: Callable[[], Any]) -> int:
        """Run any loader callable (returning a LoadedModel) with the hub's semantics."""
        return self._submit(os.fspath(path), work)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued loads finished (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    def _submit(self, path: str, work: Callable[[], Any]) -> int:
        if self.busy:
            self._cancel_stuck()
        request = next(self._ids)
        self._latest = request
        self._set_pending(path)
        self.loading.emit(path)
        self._pool.start(_Job(self, request, path, work))
        return request

    def _set_pending(self, path: str | None) -> None:
        was = self.busy
        self._pending_path = path
        if was != self.busy:
            self.busy_changed.emit(self.busy)

    @Slot(int, str, object)
    def _on_done(self, request: int, path: str, loaded) -> None:
        if request != self._latest:
            return  # a newer request superseded this one
        self._set_pending(None)
        self._current = loaded
        self.model_changed.emit(loaded)

    @Slot(int, str, str, str, bool)
    def _on_failed(self, request: int, path: str, message: str, category: str, weights_only: bool) -> None:
        if request != self._latest:
            return
        self._set_pending(None)
        if weights_only:
            # Not an error to show: the model page asks for an architecture instead.
            self.weights_only_message = message
            self.weights_only.emit(path)
            return
        self.load_failed.emit(path, message, category)


def default_model_path() -> Path | None:
    """The bundled default digit model, or None when it is not (yet) there."""
    try:
        from cnnviz.inference.bundled import default_model_path as bundled_default
    except ImportError:
        return None
    try:
        path = bundled_default()
    except Exception:  # noqa: BLE001 - a missing bundled model must not stop the app
        return None
    return Path(path) if path is not None and Path(path).is_file() else None


def report_missing_bundled_model(hub: ModelHub) -> None:
    """Say in the window (through ``load_failed``) that the bundled model is not installed,
    and where it was looked for, instead of waiting for it forever."""
    from cnnviz.inference.bundled import BUNDLED

    expected = BUNDLED[0].path
    message = QCoreApplication.translate("ModelHub", "The bundled digit model is missing from this "
                                         "installation: looked for {path}. Reinstall cnnviz to "
                                         "restore it, or open a model with File → Open model…")
    hub.load_failed.emit(str(expected), message.format(path=expected), "missing")


def open_startup_models(hub: ModelHub, model_arg: str | None = None) -> None:
    """After the window is shown: open ``--model PATH`` if given, else the default
    bundled model. If the user's file cannot be opened (the page shows why), the bundled
    model is opened so that the live pages still have a model."""
    default = default_model_path()
    if not model_arg:
        if default is not None:
            hub.open(default, trusted=True)
        else:
            report_missing_bundled_model(hub)
        return
    if default is not None:
        def fall_back(*_args) -> None:
            succeeded()
            if hub.current is None and not hub.busy:
                hub.open(default, trusted=True)

        def succeeded(*_args) -> None:
            for sig, slot in ((hub.load_failed, fall_back), (hub.weights_only, fall_back),
                              (hub.model_changed, succeeded)):
                try:
                    sig.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass

        hub.load_failed.connect(fall_back)
        hub.weights_only.connect(fall_back)
        hub.model_changed.connect(succeeded)
    hub.open(model_arg)
