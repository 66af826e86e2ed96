"""Operate the real app from the outside and report what every page did, as JSON.

    KERAS_BACKEND=jax python tests/no_tensorflow.py --module tests.app_check REPORT.json [--full] [--timeout S]

Starts the app through :func:`cnnviz.app.application.run_gui`, finds the main window
among ``QApplication.topLevelWidgets()`` (as ``benchmarks/launch_app.py`` does) and, once
the bundled model is loaded, drives it through public API and signals:

* always: draw a digit on the digit page (real mouse events) and wait for the prediction;
* ``--full``: also Grad-CAM, weight surgery (zero a filter, edit a kernel value, reset),
  "Open filter in Convolution Lab", every page shown, a bundled lesson, two fixture
  models from ../shared (a plain .h5 and a Teachable Machine export), evaluation on
  ../shared/datasets/mnist and a tiny Live training run (``--limit``-like: 600 images,
  one epoch) in its child process.

Each step's outcome goes into REPORT (``steps``: name → dict with ``ok`` and details),
as do uncaught exceptions (``exceptions``) and the status bar's device text. The app then
quits; the exit status is 0 when it quit normally (the steps' outcomes are in REPORT).
``--hold S`` keeps the window open S seconds after the steps (for a screenshot)."""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

SHARED = Path(os.environ.get("CNNVIZ_SHARED", Path(__file__).resolve().parents[2] / "shared"))


class Check:
    def __init__(self, app, report: Path, full: bool, hold_s: float) -> None:
        self.app, self.report, self.full, self.hold_s = app, report, full, hold_s
        self.data: dict = {"steps": {}, "exceptions": []}
        self.window = None

    # -- helpers ---------------------------------------------------------------------------
    def write(self) -> None:
        tmp = self.report.with_name(self.report.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, default=str), encoding="utf-8")
        os.replace(tmp, self.report)

    def step(self, name: str, **details) -> None:
        self.data["steps"][name] = details
        self.write()

    def wait(self, condition, timeout_s: float) -> bool:
        from PySide6.QtCore import QEventLoop, QTimer

        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        while not condition():
            if time.monotonic() > deadline:
                return False
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return True

    def wait_signal(self, signal, timeout_s: float, action=None) -> tuple | None:
        got: list = []
        slot = lambda *args: got.append(args)  # noqa: E731
        signal.connect(slot)
        try:
            if action is not None:
                action()
            self.wait(lambda: bool(got), timeout_s)
        finally:
            signal.disconnect(slot)
        return got[0] if got else None

    # -- the run ---------------------------------------------------------------------------
    def find_window(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QMainWindow

        windows = [w for w in self.app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, self.find_window)
            return
        self.window = windows[0]
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        try:
            self._run()
        except Exception:  # noqa: BLE001 - reported, and the app still quits
            self.data["exceptions"].append(traceback.format_exc())
        self.data["device_text"] = self.window.device_label.text()
        self.write()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(self.hold_s * 1000), self.window.close)

    def _run(self) -> None:
        w = self.window
        # The pages after the first are built one per event-loop turn after the first paint.
        self.wait(lambda: hasattr(w, "digits") and hasattr(w, "training"), 120)
        hub, digits = w.model_hub, w.digits
        ok = self.wait(lambda: hub.current is not None and digits.result is not None, 240)
        self.step("bundled_model", ok=ok, path=str(getattr(hub.current, "path", "")))
        if not ok:
            return
        self.wait(lambda: w.device_label.text().startswith("Keras "), 60)
        w.show_page("digits")
        self.draw_digit()
        if self.full:
            self.digit_tools()
            self.pages()
            self.models()
            self.evaluation()
            self.training()

    def draw_digit(self) -> None:
        from benchmarks.drivers import DigitPage, PenDriver
        from benchmarks.strokes import digit_strokes

        page = DigitPage(self.window)
        pen = PenDriver(page.canvas)
        shown = []
        page.shown.connect(lambda seq: shown.append(seq))
        for stroke in digit_strokes(3):
            pen.press(float(stroke[0][0]), float(stroke[0][1]))
            for x, y in stroke[1:-1]:
                pen.move(float(x), float(y))
            pen.release(float(stroke[-1][0]), float(stroke[-1][1]))
        self.wait(lambda: bool(shown) and self.window.digits.worker.is_idle(), 60)
        self.wait(lambda: False, 0.3)
        result = self.window.digits.result
        probs = None if result is None else [round(float(p), 4) for p in result.probabilities]
        ink = float(page.canvas.ink_u8().max())
        self.step("draw", ok=bool(shown) and probs is not None and ink > 0, predictions_shown=len(shown),
                  ink_max=ink, probabilities=probs,
                  predicted=None if probs is None else int(max(range(len(probs)), key=probs.__getitem__)))

    def digit_tools(self) -> None:
        d = self.window.digits
        page = d.page
        r = self.wait_signal(d.prediction_shown, 60, lambda: page.explore.set_gradcam_on(True))
        self.wait(lambda: d.worker.is_idle(), 30)
        res = d.result
        self.step("gradcam", ok=r is not None and getattr(res, "gradcam", None) is not None,
                  error=getattr(res, "gradcam_error", "?"))
        page.explore.set_gradcam_on(False)
        layers = list(d.info.kernels)
        layer = layers[0]
        before = d.result.probabilities.copy()
        r1 = self.wait_signal(d.prediction_shown, 60, lambda: d.zero_filter(layer, 0))
        self.wait(lambda: d.worker.is_idle(), 30)
        k0 = d.info.kernels[layer].kernel[:, :, :, 0]
        r2 = self.wait_signal(d.prediction_shown, 60, lambda: d.set_kernel_value(layer, (1, 1, 0, 1), 5.0))
        self.wait(lambda: d.worker.is_idle(), 30)
        k1 = float(d.info.kernels[layer].kernel[1, 1, 0, 1])
        r3 = self.wait_signal(d.prediction_shown, 60, d.reset_weights)
        self.wait(lambda: d.worker.is_idle(), 30)
        after = d.result.probabilities
        self.step("weight_surgery", ok=None not in (r1, r2, r3) and not k0.any() and k1 == 5.0
                  and bool(abs(after - before).max() < 1e-5), layer=layer, zeroed=not k0.any(), edited=k1)
        self.step("open_in_lab", ok=bool(d.open_in_lab(layer, 0)), page=self.window.current_page_key())

    def pages(self) -> None:
        from PySide6.QtCore import QCoreApplication

        shown = {}
        for key in self.window.page_keys():
            shown[key] = bool(self.window.show_page(key))
            QCoreApplication.processEvents()
            self.wait(lambda: False, 0.3)
        self.step("pages", ok=all(shown.values()), shown=shown)
        lesson = getattr(self.window, "lesson", None)
        from cnnviz.lessons.files import list_lessons  # noqa: PLC0415

        names = [b.name for b in list_lessons()]
        opened = bool(names) and lesson.open(names[0])
        steps = 0
        while opened and steps < 30 and lesson.next():
            steps += 1
            self.wait(lambda: False, 0.2)
        lesson.stop()
        self.step("lesson", ok=bool(opened), lesson=names[:1], steps=steps)

    def models(self) -> None:
        hub = self.window.model_hub
        folder = SHARED / "fixtures" / "models"
        for name, file in (("fixture_h5", "AhmedKamel200058__MNIST__best_model.h5"),
                           ("teachable_machine", "2tle__rock_sissor_paper__keras_model.h5")):
            path = folder / file
            if not path.is_file():
                self.step(name, ok=None, skipped=f"{path} not found")
                continue
            done: list = []
            hub.model_changed.connect(lambda loaded, done=done: done.append(("ok", loaded)))
            hub.load_failed.connect(lambda *args, done=done: done.append(("failed", args)))
            hub.open(str(path), trusted=False)
            self.wait(lambda done=done: bool(done), 180)
            shown = self.wait_signal(self.window.digits.prediction_shown, 60) if done and done[0][0] == "ok" else None
            self.step(name, ok=bool(done) and done[0][0] == "ok" and shown is not None,
                      outcome=done[0][0] if done else "timeout", detail=str(done[0][1])[:300] if done else "")
        bundled = hub.open(str(self.data["steps"]["bundled_model"]["path"]), trusted=True)
        self.wait(lambda: not hub.busy, 120)
        self.wait_signal(self.window.digits.prediction_shown, 60)
        self.step("bundled_again", ok=bool(bundled) and hub.current is not None)

    def evaluation(self) -> None:
        ev = self.window.evaluation
        folder = SHARED / "datasets" / "mnist"
        if not folder.is_dir():
            self.step("evaluation", ok=None, skipped=f"{folder} not found")
            return
        i = ev.page.dataset.findData("mnist")
        ev.page.dataset.setCurrentIndex(i)
        ev.page.folder.setText(str(folder.resolve()))
        done: list = []
        ev.evaluated.connect(lambda data: done.append(("ok", data)))
        ev.failed.connect(lambda message: done.append(("failed", message)))
        t0 = time.monotonic()
        started = ev.evaluate()
        self.wait(lambda: bool(done), 300)
        detail = done[0][1] if done else None
        acc = getattr(detail, "accuracy", None)
        self.step("evaluation", ok=bool(started and done and done[0][0] == "ok"), accuracy=acc,
                  seconds=round(time.monotonic() - t0, 1), detail=None if acc is not None else str(detail)[:300])

    def training(self) -> None:
        tr = self.window.training
        folder = SHARED / "datasets" / "mnist"
        if not folder.is_dir():
            self.step("training", ok=None, skipped=f"{folder} not found")
            return
        page = tr.page
        page.arch.setCurrentIndex(page.arch.findData("textbook"))
        page.dataset.setCurrentIndex(page.dataset.findData("mnist"))
        page.folder.setText(str(folder.resolve()))
        page.epochs.setValue(1)
        page.limit.setValue(1000)
        page.out.setText(str(self.report.with_name("trained.keras")))
        done: list = []
        tr.finished.connect(lambda s: done.append(("ok", s)))
        tr.failed.connect(lambda m: done.append(("failed", m)))
        t0 = time.monotonic()
        started = tr.start()
        self.wait(lambda: bool(done), 400)
        self.step("training", ok=bool(started and done and done[0][0] == "ok"),
                  seconds=round(time.monotonic() - t0, 1), outcome=str(done[0][1])[:600] if done else "timeout",
                  status=page.status.text())


def main(argv: list[str]) -> int:
    report = Path(argv[0])
    full = "--full" in argv
    hold = float(argv[argv.index("--hold") + 1]) if "--hold" in argv else 0.0
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cnnviz.app.application import run_gui
    from cnnviz.cli.main import build_parser

    app = QApplication.instance() or QApplication(sys.argv[:1])
    check = Check(app, report, full, hold)
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        check.data["exceptions"].append("".join(traceback.format_exception(kind, value, tb)))
        check.write()
        previous(kind, value, tb)

    sys.excepthook = hook
    QTimer.singleShot(0, check.find_window)
    status = run_gui(build_parser().parse_args(["--page", "digits"]))
    check.data["exit_status"] = status
    check.write()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
