"""Build the application: the main window, its pages and their controllers.

Start-up order matters: the window must paint before TensorFlow is imported (3–4 s), so
nothing here imports Keras at module level; inference starts in a worker thread after the
window is shown.
"""
from __future__ import annotations

import argparse
import os
import sys


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
    return window


def _page_builders():
    from cnnviz.app import pages

    return pages.BUILDERS


def parse_geometry(text: str) -> tuple[int, int, int, int] | None:
    import re

    m = re.fullmatch(r"(\d+)x(\d+)(?:\+(-?\d+)\+(-?\d+))?", text.strip())
    if not m:
        return None
    w, h = int(m.group(1)), int(m.group(2))
    x, y = int(m.group(3) or 0), int(m.group(4) or 0)
    return w, h, x, y


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cnnviz")
    app.setOrganizationName("cnnviz")
    window = build_window(args)
    geometry = parse_geometry(args.geometry) if getattr(args, "geometry", None) else None
    if getattr(args, "geometry", None) and geometry is None:
        print(f"cnnviz: error: --geometry must look like 1400x900+0+0, got {args.geometry!r}", file=sys.stderr)
        return 2
    if geometry:
        w, h, x, y = geometry
        window.setGeometry(x, y, w, h)
    else:
        window.resize(1400, 900)
    if getattr(args, "page", None) and not window.show_page(args.page):
        print(f"cnnviz: warning: no page called {args.page!r}; pages: {', '.join(window.page_keys())}",
              file=sys.stderr)
    window.show()
    if os.environ.get("CNNVIZ_STARTUP_REPORT"):  # cold-start timestamps for `cnnviz bench`
        from cnnviz.app.bench_startup import install_from_environment

        install_from_environment(app, window)
    from PySide6.QtCore import QTimer

    from cnnviz.app.model_hub import open_startup_models

    QTimer.singleShot(0, lambda: open_startup_models(window.model_hub, getattr(args, "model", None)))
    return app.exec()
