"""Page builder of "draw a digit": the page (:mod:`cnnviz.qt.digits.page`), its controller
(:mod:`cnnviz.app.digits_controller`, at ``window.digits``) and its menu action."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from cnnviz.app.digits_controller import DigitsController


def build_digits(window, args) -> None:  # noqa: ARG001 - the builder signature
    """Page builder: the digit page, its controller at ``window.digits``, menu actions."""
    from cnnviz.qt.digits.page import DigitsPage

    page = DigitsPage(window)
    window.add_page("digits", page, QCoreApplication.translate("DigitsPage", "Draw a digit"))
    controller = DigitsController(window, page)
    window.digits = controller
    open_action = QAction(QCoreApplication.translate("DigitsPage", "Open digit &image…"), window)
    open_action.setObjectName("openDigitImageAction")
    open_action.setShortcut(QKeySequence("Ctrl+I"))
    open_action.triggered.connect(lambda: (window.show_page("digits"), controller.open_image_dialog()))
    window.file_menu.addAction(open_action)
    window.addAction(open_action)
    if window.current_page_key() == "digits":
        page.canvas.setFocus()
