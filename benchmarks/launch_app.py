"""The app, launched for a cold-start measurement: ``python -m benchmarks.launch_app
REPORT.json [cnnviz options]`` (run by :mod:`benchmarks.coldstart`).

It starts the app through its public entry, :func:`cnnviz.app.application.run_gui`, and
watches it from the outside: the main window is found among
``QApplication.topLevelWidgets()``, the model hub's ``model_changed`` signal says a model
is loaded (every page is built by then), and the digit page controller's
``prediction_shown`` signal says the first prediction is on screen. Wall-clock timestamps
(``time.time()``, seconds) go into REPORT as they happen:

``window_painted``      the main window's first paint event was handled;
``window_interactive``  the event loop came back idle after that first paint (a click
                        or key press would now be handled at once);
``model_loaded``        the model hub reported its first model;
``first_prediction``    the digit page showed its first prediction.

The app quits once it has all it can report, or after ``--timeout`` seconds (then
``timed_out`` is set). The parent takes its own ``time.time()`` just before the launch.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


class StartupWatch:
    """Timestamps of one app start, written to ``path`` as they come."""

    def __init__(self, app, path: Path, timeout_s: float, quit=None) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.app = app
        self.quit = quit or app.quit
        self.path = path
        self.events: dict = {"pid": os.getpid()}
        self.window = None
        self.wants_prediction = True
        watch = self

        class FirstPaint(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
                if obj is watch.window and event.type() == QEvent.Type.Paint:
                    obj.removeEventFilter(self)
                    # Runs after this paint event (and everything queued with it) was handled.
                    QTimer.singleShot(0, watch._after_first_paint)
                return False

        self._first_paint = FirstPaint()
        # Queued before the app shows its window: the first thing its event loop runs.
        QTimer.singleShot(0, self._find_window)
        QTimer.singleShot(int(timeout_s * 1000), self._timeout)

    def _find_window(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QMainWindow

        windows = [w for w in self.app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(1, self._find_window)
            return
        self.window = windows[0]
        self.window.installEventFilter(self._first_paint)
        self.window.update()  # (a paint that happened already is asked for again)
        hub = getattr(self.window, "model_hub", None)
        if hub is not None:
            hub.model_changed.connect(self._model_loaded)
        else:
            self.wants_prediction = False

    def _after_first_paint(self) -> None:
        from PySide6.QtCore import QTimer

        self.mark("window_painted")
        # A zero timer fires when the event loop has nothing more pending: idle.
        QTimer.singleShot(0, lambda: self.mark("window_interactive"))

    def _model_loaded(self, *_args) -> None:
        if "model_loaded" in self.events:
            return
        # Models open once every page is built: the digit page is there now, if the app has one.
        signal = getattr(getattr(self.window, "digits", None), "prediction_shown", None)
        if signal is None:
            self.wants_prediction = False
        else:
            signal.connect(lambda *_: self.mark("first_prediction"))
        self.mark("model_loaded")

    def mark(self, name: str) -> None:
        if name in self.events:
            return
        self.events[name] = time.time()
        self._write()
        need = ["window_interactive"] + (["first_prediction"] if self.wants_prediction else [])
        if all(k in self.events for k in need):
            self._quit()

    def _timeout(self) -> None:
        self.events.setdefault("timed_out", True)
        self._write()
        self._quit()

    def _quit(self) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self.quit)

    def _write(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.events), encoding="utf-8")
        os.replace(tmp, self.path)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m benchmarks.launch_app REPORT.json [--timeout S] [cnnviz options]",
              file=sys.stderr)
        return 2
    report, rest = Path(argv[0]), list(argv[1:])
    timeout_s = 120.0
    if rest[:1] == ["--timeout"] and len(rest) >= 2:
        timeout_s, rest = float(rest[1]), rest[2:]
    from PySide6.QtWidgets import QApplication

    from cnnviz.app.application import run_gui
    from cnnviz.cli.main import build_parser

    args = build_parser().parse_args(rest)
    app = QApplication.instance() or QApplication(sys.argv[:1])  # run_gui uses this one
    watch = StartupWatch(app, report, timeout_s)
    status = run_gui(args)
    return status if "timed_out" not in watch.events else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
