"""The app's process paints in the UI thread alone: Qt's raster engine does not hand
parts of a fill to its GUI thread pool (see cnnviz.qt.serial_painting)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from cnnviz.qt import serial_painting

PAINT_AND_COUNT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.argv[1] == "app":
        from cnnviz.qt.serial_painting import use_serial_painting
        use_serial_painting()
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    # An antialiased fill of many scan lines on an 8-bit image, as the canvas's strokes are.
    img = QImage(400, 400, QImage.Format.Format_Grayscale8)
    img.fill(0)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setBrush(QColor(255, 255, 255))
    p.drawEllipse(QRectF(0, 0, 400, 400))
    p.end()
    names = []
    for t in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{t}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            pass
    print(sum("pooled" in n for n in names))
""")


def _pool_threads(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    out = subprocess.run([sys.executable, "-c", PAINT_AND_COUNT, mode], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through Linux's /proc")
def test_the_app_paints_without_qts_thread_pool():
    assert _pool_threads("app") == 0
    if _pool_threads("plain") == 0:
        pytest.skip("this Qt does not split fills across threads here (one core?): nothing to compare")


def test_serial_painting_fills_in_only_what_the_user_did_not_set():
    env: dict[str, str] = {}
    serial_painting.use_serial_painting(env)
    assert env == {"QT_NO_GUI_THREADPOOL": "1"}
    mine = {"QT_NO_GUI_THREADPOOL": "0"}
    serial_painting.use_serial_painting(mine)
    assert mine == {"QT_NO_GUI_THREADPOOL": "0"}
