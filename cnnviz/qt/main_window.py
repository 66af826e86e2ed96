"""The main window: a tab per page, menus, a status bar. It only hosts pages; the pages
and their controllers are built and connected in :mod:`cnnviz.app.application`."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("cnnviz — see how convolution and CNNs work"))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._page_keys: list[str] = []
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.file_menu: QMenu = self.menuBar().addMenu(self.tr("&File"))
        self.view_menu: QMenu = self.menuBar().addMenu(self.tr("&View"))
        self.help_menu: QMenu = self.menuBar().addMenu(self.tr("&Help"))
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        self.device_label = QLabel(self.tr("Keras: loading…"), self)
        self.device_label.setObjectName("deviceLabel")
        self.statusBar().addPermanentWidget(self.device_label)

        self._page_actions: list[QAction] = []

    # -- pages ------------------------------------------------------------------------
    def add_page(self, key: str, widget: QWidget, title: str) -> None:
        """Add a page; Ctrl+1 … Ctrl+9 switch to pages in the order they were added."""
        widget.setObjectName(widget.objectName() or f"page_{key}")
        self.tabs.addTab(widget, title)
        self._page_keys.append(key)
        n = len(self._page_keys)
        action = QAction(title, self)
        action.setObjectName(f"showPage_{key}")
        if n <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
        action.triggered.connect(lambda _=False, k=key: self.show_page(k))
        self.addAction(action)
        self.view_menu.addAction(action)
        self._page_actions.append(action)

    def page(self, key: str) -> QWidget:
        return self.tabs.widget(self._page_keys.index(key))

    def page_keys(self) -> list[str]:
        return list(self._page_keys)

    def current_page_key(self) -> str:
        i = self.tabs.currentIndex()
        return self._page_keys[i] if 0 <= i < len(self._page_keys) else ""

    def show_page(self, key: str) -> bool:
        if key not in self._page_keys:
            return False
        self.tabs.setCurrentIndex(self._page_keys.index(key))
        return True

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._page_keys):
            self.page_changed.emit(self._page_keys[index])

    def finish_menus(self) -> None:
        """Called once every page has added its actions: Quit goes last in File."""
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

    def show_status(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    def set_device_text(self, text: str) -> None:
        self.device_label.setText(text)
