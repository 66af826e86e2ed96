"""Runs the real cnnviz app (its public ``main``) and acts on it like a person, for
tests that kill it: ``draw`` makes two strokes on the digit page and prints, after the
last mouse-up, the drawing's checksums; ``check`` prints what came back (the drawing,
the undo history, the drawing after one undo) and quits. Offscreen; needs
CNNVIZ_SETTINGS_DIR."""
from __future__ import annotations

import hashlib
import json
import sys

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def digest(canvas) -> str:
    return hashlib.sha1(canvas.ink_u8().tobytes()).hexdigest()


def stroke(canvas, points) -> None:
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(canvas, p)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def draw(window) -> None:
    canvas = window.digits.canvas
    c = canvas.rect().center()
    stroke(canvas, [QPoint(c.x() - 40 + 4 * i, c.y() - 30) for i in range(20)])
    first = digest(canvas)
    QTest.qWait(500)
    stroke(canvas, [QPoint(c.x() + 10, c.y() - 40 + 5 * i) for i in range(20)])
    print("UP " + json.dumps({"ink": digest(canvas), "after_first": first,
                              "undo": len(canvas.history()[0])}), flush=True)


def check(window) -> None:
    canvas = window.digits.canvas
    report = {"ink": digest(canvas), "undo": len(canvas.history()[0])}
    canvas.undo()
    report["after_undo"] = digest(canvas)
    print("BACK " + json.dumps(report), flush=True)
    QApplication.instance().quit()


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])

    def poll() -> None:
        window = next((w for w in app.topLevelWidgets()
                       if getattr(w, "autosave", None) is not None and getattr(w, "digits", None) is not None), None)
        if window is None:
            QTimer.singleShot(100, poll)
            return
        window.show_page("digits")
        QTimer.singleShot(300, lambda: (draw if mode == "draw" else check)(window))

    QTimer.singleShot(100, poll)
    from cnnviz.cli.main import main as cnnviz_main

    return cnnviz_main(["--page", "digits", "--geometry", "1000x700+0+0"])


if __name__ == "__main__":
    sys.exit(main())
