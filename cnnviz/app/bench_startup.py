"""Start-up timestamps for ``cnnviz bench`` (cold start as a whole-process measurement).

When the environment variable ``CNNVIZ_STARTUP_REPORT`` names a file, the app calls
:func:`install` right after ``window.show()``; it writes a JSON object of wall-clock
timestamps (``time.time()``, seconds) into that file as events happen:

``window_shown``        ``window.show()`` returned;
``window_painted``      the main window's first paint event was handled;
``window_interactive``  the event loop came back idle after that first paint (a click
                        or key press would now be handled at once);
``first_prediction``    the first prediction was shown and painted on the digit page
                        (if the app has one that reports it);
``model_loaded``        the model hub reported its first model.

With ``CNNVIZ_STARTUP_REPORT_EXIT=1`` the app quits once it has everything it can report
(or after ``CNNVIZ_STARTUP_REPORT_TIMEOUT`` seconds, default 120). The parent process
(:mod:`cnnviz.app.bench_coldstart`) takes its own ``time.time()`` just before launching,
so differences are launch → event. Without the variable nothing here is imported.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

ENV_REPORT = "CNNVIZ_STARTUP_REPORT"
ENV_EXIT = "CNNVIZ_STARTUP_REPORT_EXIT"
ENV_TIMEOUT = "CNNVIZ_STARTUP_REPORT_TIMEOUT"


class StartupReporter(QObject):
    def __init__(self, app, window, path: str, *, exit_when_done: bool, timeout_s: float) -> None:
        super().__init__(window)
        self.setObjectName("benchStartupReporter")
        self._app = app
        self._window = window
        self._path = Path(path)
        self._exit = exit_when_done
        self.events: dict[str, Any] = {"pid": os.getpid()}
        self._painted = False
        self._wants_prediction = _prediction_signal(window) is not None
        window.installEventFilter(self)
        self._connect_model_hub()
        self._connect_prediction()
        if exit_when_done:
            QTimer.singleShot(int(timeout_s * 1000), self._timeout)

    # -- events -------------------------------------------------------------------------
    def mark(self, name: str) -> None:
        if name in self.events:
            return
        self.events[name] = time.time()
        self._write()
        if self._exit and self._done():
            QTimer.singleShot(0, self._app.quit)

    def _done(self) -> bool:
        need = ["window_interactive"] + (["first_prediction"] if self._wants_prediction else [])
        return all(k in self.events for k in need)

    def _timeout(self) -> None:
        self.events.setdefault("timed_out", True)
        self._write()
        self._app.quit()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if not self._painted and obj is self._window and event.type() == QEvent.Type.Paint:
            self._painted = True
            # Runs after this paint event (and everything queued with it) was handled.
            QTimer.singleShot(0, self._after_first_paint)
        return False

    def _after_first_paint(self) -> None:
        self.mark("window_painted")
        # A zero timer fires when the event loop has nothing more pending: idle.
        QTimer.singleShot(0, lambda: self.mark("window_interactive"))

    def _connect_model_hub(self) -> None:
        hub = getattr(self._window, "model_hub", None)
        signal = getattr(hub, "model_changed", None)
        if signal is not None:
            signal.connect(lambda *_: self.mark("model_loaded"))

    def _connect_prediction(self) -> None:
        signal = _prediction_signal(self._window)
        if signal is not None:
            signal.connect(lambda *_: self.mark("first_prediction"))

    def _write(self) -> None:
        tmp = self._path.with_name(self._path.name + ".tmp")
        tmp.write_text(json.dumps(self.events), encoding="utf-8")
        os.replace(tmp, self._path)


def _prediction_signal(window):
    """The digit page's "prediction shown" signal, if the app has one."""
    controller = getattr(window, "digits", None)
    return getattr(controller, "prediction_shown", None)


def install_from_environment(app, window) -> StartupReporter | None:
    """Called by the app after ``window.show()``; does nothing without the variable."""
    path = os.environ.get(ENV_REPORT)
    if not path:
        return None
    try:
        timeout = float(os.environ.get(ENV_TIMEOUT, "120"))
    except ValueError:
        timeout = 120.0
    reporter = StartupReporter(app, window, path, exit_when_done=os.environ.get(ENV_EXIT) == "1",
                               timeout_s=timeout)
    reporter.mark("window_shown")
    window._startup_reporter = reporter  # keep it alive with the window
    return reporter
