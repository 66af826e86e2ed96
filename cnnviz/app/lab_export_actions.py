"""File > Export actions (PNG, GIF walkthrough, CSV) for the stepping labs' controllers."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabBuilder", text)


def export_menu(window) -> QMenu:
    """File > Export (the shell's when it has one)."""
    menu = getattr(window, "export_menu", None)
    if menu is None:
        menu = window.findChild(QMenu, "labExportMenu")
        if menu is None:
            menu = window.file_menu.addMenu(_tr("&Export"))
            menu.setObjectName("labExportMenu")
    return menu


def add_export_actions(window, controller, prefix: str, what: str) -> dict[str, QAction]:
    """PNG / GIF / CSV export actions for a lab-style controller (``stage``,
    ``stepper``, ``export_png``, ``export_gif``, ``export_csv``)."""
    from cnnviz.qt.export import ask_save_path, run_or_report

    menu = export_menu(window)
    specs = [
        ("Png", _tr("%1 as PNG (2×)…"), "png", _tr("PNG images (*.png)"), controller.export_png),
        ("Gif", _tr("%1 walkthrough as animated GIF…"), "gif", _tr("GIF animations (*.gif)"), controller.export_gif),
        ("Csv", _tr("%1 output numbers as CSV…"), "csv", _tr("CSV files (*.csv)"), controller.export_csv),
    ]
    actions = {}
    for key, text, ext, filt, fn in specs:
        a = QAction(text.replace("%1", what), window)
        a.setObjectName(f"{prefix}Export{key}")

        def run(_=False, ext=ext, filt=filt, fn=fn, title=a.text()):
            window.show_page(prefix)
            path = ask_save_path(window, title.rstrip("…"), f"cnnviz-{prefix}.{ext}", filt)
            if not path:
                return
            if ext == "gif":  # encoding takes ~0.1 s a frame: keep the window painting
                from cnnviz.qt.export import report_failure
                from cnnviz.qt.lab.walkthrough import export_walkthrough_gif_in_background

                def done(error: str) -> None:
                    if error:
                        report_failure(window, path, OSError(error))
                    elif hasattr(window, "show_status"):
                        window.show_status(_tr("Saved %1").replace("%1", path))

                run_or_report(window, path, lambda: export_walkthrough_gif_in_background(
                    window, controller.stage, controller.stepper, path, done))
                return
            if run_or_report(window, path, lambda: fn(path)):
                if hasattr(window, "show_status"):
                    window.show_status(_tr("Saved %1").replace("%1", path))

        a.triggered.connect(run)
        menu.addAction(a)
        actions[key] = a
    return actions
