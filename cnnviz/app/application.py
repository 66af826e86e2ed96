"""Build the application: the main window, its pages and their controllers.

Start-up order matters: the window must paint before TensorFlow is imported (3–4 s), so
nothing here imports Keras at module level; inference starts in a worker thread after the
window is shown.

Order in :func:`run_gui`: QApplication → settings → language (translators must be
installed before any widget is built) → window and pages → theme and zoom → window layout
→ autosaved session → show → (event loop running) models open and Keras is probed for
the status bar in worker threads, autosave starts.

Environment variable (for tests, not for users): ``CNNVIZ_QUIT_AFTER_MS`` closes the
window that many milliseconds after it was shown (the exit status is 0 when everything
went well).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

ENV_QUIT_AFTER = "CNNVIZ_QUIT_AFTER_MS"


def build_window(args: argparse.Namespace | None = None):
    """Create the main window with every page (no Keras import happens here)."""
    from cnnviz.qt.main_window import MainWindow

    window = MainWindow()
    # The model hub exists before any page: pages connect to its signals when built.
    from cnnviz.app.model_hub import ModelHub

    window.model_hub = ModelHub(window)
    # Pages register themselves here, in tab order. Each builder takes the window and
    # the parsed arguments and adds its page(s) and menu actions.
    for builder in _page_builders():
        builder(window, args)
    window.finish_menus()
    _connect_shell(window)
    return window


def _page_builders():
    from cnnviz.app import pages

    return pages.BUILDERS


def _connect_shell(window) -> None:
    """File > Open/Save session and remembering the last model."""
    from cnnviz.app import session

    window.open_session_action.triggered.connect(lambda: session.open_session_dialog(window))
    window.save_session_action.triggered.connect(lambda: session.save_session_dialog(window))
    window.model_hub.model_changed.connect(lambda loaded: _remember_model(window, loaded))
    from cnnviz.app.lesson_controller import install_lessons

    install_lessons(window)


def use_process_settings() -> None:
    """What the app's process sets before Qt and TensorFlow start (``python -m benchmarks`` too):
    TensorFlow for one image per pen movement, a GIL the UI thread gets back soon, and Qt
    painting in the UI thread alone."""
    from cnnviz.inference.runtime import use_live_settings
    from cnnviz.qt.serial_painting import use_serial_painting

    use_live_settings()
    use_serial_painting()


def _remember_model(window, loaded) -> None:
    path = getattr(loaded, "path", None)
    if path and getattr(window, "_persist", True):
        from cnnviz.qt.settings import app_settings

        app_settings().setValue("model/last", str(path))


def last_model(settings) -> str | None:
    """The last model opened successfully, if its file still exists."""
    from cnnviz.qt.settings import read_str

    path = read_str(settings, "model/last", "")
    return path if path and Path(path).is_file() else None


def parse_geometry(text: str) -> tuple[int, int, int, int] | None:
    import re

    m = re.fullmatch(r"(\d+)x(\d+)(?:\+(-?\d+)\+(-?\d+))?", text.strip())
    if not m:
        return None
    w, h = int(m.group(1)), int(m.group(2))
    x, y = int(m.group(3) or 0), int(m.group(4) or 0)
    return w, h, x, y


# -- Keras runtime for the status bar ----------------------------------------------------
def start_runtime_probe(window):
    """Import Keras in a worker thread and show "Keras 3.x · backend · device" in the status
    bar when it is ready. Returns the thread pool (wait on it before exiting)."""
    from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

    class Relay(QObject):
        ready = Signal(str)
        failed = Signal(str)

    class Probe(QRunnable):
        def run(self) -> None:  # worker thread
            try:
                from cnnviz.inference.native_preload import preload_tensorflow_libraries

                preload_tensorflow_libraries()  # GIL released while TensorFlow's .so files load
                from cnnviz.inference.gc_pause import collector_paused

                with collector_paused():  # no full GC walks of Keras's objects (UI freezes)
                    from cnnviz.app.device_status import device_status_text

                    text = device_status_text()
                relay.ready.emit(text)
            except BaseException as exc:  # noqa: BLE001 - the window keeps working without Keras
                relay.failed.emit(f"{type(exc).__name__}: {exc}")

    relay = Relay(window)
    relay.setObjectName("runtimeProbe")
    relay.ready.connect(window.set_device_text)
    relay.failed.connect(lambda message: _runtime_failed(window, message))
    pool = QThreadPool(window)
    pool.setObjectName("runtimeProbePool")
    pool.setMaxThreadCount(1)
    pool.start(Probe())
    window._runtime_probe = (relay, pool)
    return pool


def _runtime_failed(window, message: str) -> None:
    from PySide6.QtCore import QCoreApplication

    window.set_device_text(QCoreApplication.translate("Application", "Keras: unavailable"))
    window.device_label.setToolTip(message)
    log.warning("Keras could not be started: %s", message)


def restart_arguments(argv: list[str]) -> list[str]:
    """The command line to relaunch with, minus ``--lang`` (the new setting must win)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--lang":
            skip = True
            continue
        if arg.startswith("--lang="):
            continue
        out.append(arg)
    return out


def _restart(app, window, autosave) -> None:
    from PySide6.QtCore import QProcess

    autosave.save_now()
    if not window.close():  # the user chose to keep a running training going
        return
    if QProcess.startDetached(sys.executable, ["-m", "cnnviz", *restart_arguments(sys.argv[1:])]):
        app.quit()
    else:
        log.warning("could not relaunch cnnviz; please start it again")


def _wait_for_workers(window, msecs: int = 15000) -> None:
    """Let worker threads (Keras import, model loads) finish before Python shuts down."""
    from PySide6.QtCore import QThreadPool

    for pool in window.findChildren(QThreadPool):
        pool.waitForDone(msecs)


def run_gui(args: argparse.Namespace) -> int:
    """Show the window as early as possible, then finish it in the event loop.

    The first page (the Convolution Lab, which needs no Keras and no pyqtgraph) is built
    before the window is shown; the other pages are built one per event-loop turn right
    after the first paint, so the window is on screen and answering input while they are
    built. Everything that needs every page — the saved layout and session, ``--page``,
    the start-up models, autosave — happens once the last page is there."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from cnnviz.qt import i18n
    from cnnviz.qt import settings as S
    from cnnviz.qt.main_window import MainWindow

    geometry = parse_geometry(args.geometry) if getattr(args, "geometry", None) else None
    if getattr(args, "geometry", None) and geometry is None:
        print(f"cnnviz: error: --geometry must look like 1400x900+0+0, got {args.geometry!r}", file=sys.stderr)
        return 2

    # TensorFlow's C++ start-up chatter (oneDNN, CUDA probing) is noise in a GUI console.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    use_process_settings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cnnviz")
    app.setOrganizationName("cnnviz")
    settings = S.app_settings()
    if getattr(args, "reset_settings", False):
        settings.clear()
        settings.sync()
    language = i18n.resolve_language(
        getattr(args, "lang", None),
        S.read_str(settings, "ui/language", "", choices=("", *i18n.LANGUAGES)))
    language_ok = i18n.install_language(app, language)

    window = MainWindow()
    # The model hub exists before any page: pages connect to its signals when built.
    from cnnviz.app.model_hub import ModelHub

    window.model_hub = ModelHub(window)
    builders = list(_page_builders())
    if builders:
        _run_builder(window, builders.pop(0), args)
    window.apply_settings(settings)
    if geometry:
        w, h, x, y = geometry
        window.setGeometry(x, y, w, h)
    else:
        saved = S.read_bytes(settings, "window/geometry")
        if saved is None or not window.restoreGeometry(saved):
            window.resize(1400, 900)
    if getattr(args, "presentation", False):
        window.presentation.set_presenting(True)  # shows the window full screen
    else:
        window.show()

    def finish() -> None:
        window.finish_menus()
        _connect_shell(window)
        window.restore_layout(settings, geometry=False)
        from cnnviz.app.autosave import Autosave

        autosave = Autosave(window)
        for note in autosave.restore():
            window.show_status(note, 10000)
        window.autosave = autosave
        if getattr(args, "page", None) and not window.show_page(args.page):
            print(f"cnnviz: warning: no page called {args.page!r}; pages: {', '.join(window.page_keys())}",
                  file=sys.stderr)
        window.lesson.sync_views()  # the saved layout must not bring back a lesson's panel
        if getattr(args, "lesson", None) and not window.lesson.open(args.lesson):
            print(f"cnnviz: warning: {window.lesson.panel.notes.text()}", file=sys.stderr)
        _warn_if_no_font_for(language)
        if not language_ok:
            # Untranslated on purpose: the translation is what is missing.
            window.show_status(f"The {i18n.LANGUAGES.get(language, language)} translation is missing "
                               f"from this installation: looked for {i18n.qm_path(language)}. "
                               "The interface stays in English.", 0)
        from cnnviz.app.model_hub import open_startup_models

        open_startup_models(window.model_hub, getattr(args, "model", None) or last_model(settings))
        # Keras for the status bar. Not earlier: importing TensorFlow in a thread holds
        # the GIL for long stretches and would slow building the pages several-fold.
        start_runtime_probe(window)
        autosave.start()
        window.restart_requested.connect(lambda: _restart(app, window, autosave))
        app.aboutToQuit.connect(autosave.save_now)
        quit_after = os.environ.get(ENV_QUIT_AFTER, "").strip()
        if quit_after:
            try:
                QTimer.singleShot(max(0, int(quit_after)), window.close)
            except ValueError:
                print(f"cnnviz: warning: ignoring {ENV_QUIT_AFTER}={quit_after!r} (not a whole number)",
                      file=sys.stderr)

    def build_next() -> None:
        if not window.isVisible():  # closed while starting: nothing more to do
            return
        if builders:
            _run_builder(window, builders.pop(0), args)
            QTimer.singleShot(0, build_next)
        else:
            finish()

    class FirstPaint(QObject):
        """Starts building the other pages once the window has painted."""

        started = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not self.started:
                self.start()
            return False

        def start(self) -> None:
            if not self.started:
                self.started = True
                window.removeEventFilter(self)
                QTimer.singleShot(0, build_next)

    first_paint = FirstPaint(window)
    window.installEventFilter(first_paint)
    QTimer.singleShot(500, first_paint.start)  # no paint event (minimised, odd platform)
    status = app.exec()
    _wait_for_workers(window)
    return status


def _run_builder(window, builder, args) -> None:
    """Build one page; a page that fails to build is reported, the others still come up."""
    try:
        builder(window, args)
    except Exception as exc:  # noqa: BLE001 - one broken page must not take the app down
        log.exception("building a page with %s failed", getattr(builder, "__name__", builder))
        from PySide6.QtCore import QCoreApplication

        window.show_status(QCoreApplication.translate("Application", "A page could not be built: {error}")
                           .format(error=f"{type(exc).__name__}: {exc}"), 20000)


def _warn_if_no_font_for(language: str) -> None:
    """Korean without a Hangul font shows empty boxes: say what to install."""
    if language != "ko":
        return
    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        print("cnnviz: warning: no Korean font found, Korean text shows as boxes; install one, "
              "e.g. `sudo apt install fonts-noto-cjk`", file=sys.stderr)
