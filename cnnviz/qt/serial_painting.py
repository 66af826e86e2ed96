"""Qt paints in the UI thread alone (set before the QApplication is made).

Qt 6's raster engine splits a fill of more than ~96 scan-line spans across its GUI thread
pool: the UI thread wakes a pool thread, paints its share and waits on a latch for the
rest. The live view's paints are small (a stroke piece of the canvas, a few hundred
rows of a mosaic), so on a 2-core laptop CPU the hand-over costs more than the share it
saves, and the pool thread competes for the core the inference worker runs on; nothing
the app paints is large enough to gain from it (measurements: docs/performance.md).
"""
from __future__ import annotations

import os

SERIAL_PAINTING = {"QT_NO_GUI_THREADPOOL": "1"}


def use_serial_painting(environ: dict | None = None) -> None:
    """Apply :data:`SERIAL_PAINTING` unless the user set it (Qt reads it on first use)."""
    env = os.environ if environ is None else environ
    for key, value in SERIAL_PAINTING.items():
        env.setdefault(key, value)
