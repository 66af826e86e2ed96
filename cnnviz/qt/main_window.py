"""The main window: a tab per page, menus, a status bar. It only hosts pages; the pages
and their controllers are built and connected in :mod:`cnnviz.app.application`.

Signals pages may listen to:

- ``page_changed(str key)`` — another page became current;
- ``zoom_changed(float scale)`` — the UI scale (zoom × presentation factor) changed; the
  application font already follows it, scale what does not (pyqtgraph text, cell sizes);
- ``theme_changed(str name)`` — "light", "dark" or "high-contrast"; restyle plots with
  :func:`cnnviz.qt.theme.plot_colors`;
- ``presentation_changed(bool)`` — presentation mode (F11) started or ended.

Menus pages add to: ``file_menu`` (their items go above the shell's session/export/quit
items), ``export_menu`` (File > Export), ``view_menu``, ``help_menu``.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QSizePolicy, QTabWidget, QWidget

from cnnviz import ICONS_DIR
from cnnviz.qt import settings as S
from cnnviz.qt import theme as themes
from cnnviz.qt.presentation import (MAX_ZOOM, MIN_ZOOM, PRESENTATION_SCALE, PRESENTATION_SCALE_RANGE,
                                     Presentation)
from cnnviz.qt.window_layout import restore_window_layout, save_window_layout
from cnnviz.state.page_names import PageNames

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    page_changed = Signal(str)
    zoom_changed = Signal(float)
    theme_changed = Signal(str)
    presentation_changed = Signal(bool)
    #: The user asked to restart (new language); the application saves and relaunches.
    restart_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("cnnviz — see how convolution and CNNs work"))
        icon_path = ICONS_DIR / "cnnviz.svg"
        if icon_path.exists():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._page_keys: list[str] = []
        self._page_titles: dict[str, str] = {}
        self._page_names = PageNames()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._persist = True  # set False by tests that build throwaway windows
        # Callables that say (a sentence) what closing the window now would stop or lose,
        # or "" (see add_close_guard); the window asks before closing when one speaks.
        self._close_guards: list = []

        menu_bar = self.menuBar()
        menu_bar.setObjectName("menuBar")
        self.file_menu: QMenu = menu_bar.addMenu(self.tr("&File"))
        self.file_menu.setObjectName("fileMenu")
        self.view_menu: QMenu = menu_bar.addMenu(self.tr("&View"))
        self.view_menu.setObjectName("viewMenu")
        self.help_menu: QMenu = menu_bar.addMenu(self.tr("&Help"))
        self.help_menu.setObjectName("helpMenu")
        self.export_menu = QMenu(self.tr("&Export"), self)
        self.export_menu.setObjectName("exportMenu")
        self.theme_menu = QMenu(self.tr("&Theme"), self)
        self.theme_menu.setObjectName("themeMenu")

        # -- File ------------------------------------------------------------------------
        self.open_session_action = self._action(
            "openSessionAction", self.tr("Open &session…"), "Ctrl+Shift+O",
            self.tr("Reopen a saved session: model, drawing, kernels, lab position"))
        self.save_session_action = self._action(
            "saveSessionAction", self.tr("Sa&ve session…"), "Ctrl+Shift+S",
            self.tr("Save the model, drawing, kernels and lab position to a file"))
        self.export_page_action = self._action(
            "exportPagePngAction", self.tr("&Page as PNG…"), "Ctrl+Shift+E",
            self.tr("Save a picture of the current page at presentation resolution"))
        self.export_page_action.triggered.connect(self.export_current_page)
        self.settings_action = self._action(
            "settingsAction", self.tr("Se&ttings…"), QKeySequence.StandardKey.Preferences,
            self.tr("Language, theme and zoom"))
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = self._action("quitAction", self.tr("&Quit"), QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():  # platforms without a standard Quit key
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)

        # -- View ------------------------------------------------------------------------
        self.presentation = Presentation(self)
        self._theme = themes.current_theme()
        self._theme_group = QActionGroup(self)
        self._theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in themes.THEMES:
            action = QAction(themes.theme_title(name), self)
            action.setObjectName(f"theme_{name}")
            action.setCheckable(True)
            action.setChecked(name == self._theme)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self._theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        self.theme_actions["high-contrast"].setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.addAction(self.theme_actions["high-contrast"])

        self.next_page_action = self._action("nextPageAction", self.tr("&Next page"), "Ctrl+PgDown")
        self.next_page_action.triggered.connect(lambda: self._step_page(+1))
        self.previous_page_action = self._action("previousPageAction", self.tr("P&revious page"),
                                                 "Ctrl+PgUp")
        self.previous_page_action.triggered.connect(lambda: self._step_page(-1))

        # -- Help ------------------------------------------------------------------------
        self.shortcuts_action = self._action(
            "shortcutsAction", self.tr("&Keyboard shortcuts"), "F1",
            self.tr("List every keyboard shortcut"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = self._action("aboutAction", self.tr("&About cnnviz"))
        self.about_action.triggered.connect(self.show_about)

        self.device_label = QLabel(self.tr("Keras: loading…"), self)
        self.device_label.setObjectName("deviceLabel")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.device_label)

        self._page_actions: list[QAction] = []
        self._menus_finished = False

    def _action(self, name: str, text: str, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self.addAction(action)  # shortcut works in presentation mode too
        return action

    # -- pages ------------------------------------------------------------------------
    def add_page(self, key: str, widget: QWidget, title: str) -> None:
        """Add a page; Ctrl+1 … Ctrl+9 switch to pages in the order they were added."""
        widget.setObjectName(widget.objectName() or f"page_{key}")
        self.tabs.addTab(widget, title)
        self._size_by_current_page()
        self._page_keys.append(key)
        self._page_titles[key] = title
        self._page_names.add(key, title)
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

    def page_title(self, key: str) -> str:
        return self._page_titles.get(key, key)

    def current_page_key(self) -> str:
        i = self.tabs.currentIndex()
        return self._page_keys[i] if 0 <= i < len(self._page_keys) else ""

    def add_page_names(self, key: str, *names: str) -> None:
        """More names :meth:`show_page` accepts for page ``key`` (e.g. its title in the
        other languages)."""
        self._page_names.add(key, *names)

    def page_key(self, name: str) -> str | None:
        """The key of the page ``name`` means: a key, a tab title or a name given with
        :meth:`add_page_names`, in any case; None when there is no such page."""
        key = self._page_names.key_for(name)
        return key if key in self._page_keys else None

    def show_page(self, name: str) -> bool:
        """Show the page ``name`` means (see :meth:`page_key`); False when none."""
        key = self.page_key(name)
        if key is None:
            return False
        self.tabs.setCurrentIndex(self._page_keys.index(key))
        return True

    def _step_page(self, direction: int) -> None:
        n = self.tabs.count()
        if n:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + direction) % n)

    def _on_tab_changed(self, index: int) -> None:
        self._size_by_current_page()
        if 0 <= index < len(self._page_keys):
            self.page_changed.emit(self._page_keys[index])

    def _size_by_current_page(self) -> None:
        """Only the page shown sets the window's minimum size: a wide page elsewhere must
        not push this one off a 1280×800 screen in presentation mode."""
        current = self.tabs.currentIndex()
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page.property("cnnvizSizePolicy") is None:
                page.setProperty("cnnvizSizePolicy", page.sizePolicy())
            page.setSizePolicy(page.property("cnnvizSizePolicy") if i == current else
                               QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored))

    def finish_menus(self) -> None:
        """Called once every page has added its actions: the shell's items go last."""
        if self._menus_finished:
            return
        self._menus_finished = True
        f = self.file_menu
        if not f.isEmpty():
            f.addSeparator()
        f.addAction(self.open_session_action)
        f.addAction(self.save_session_action)
        self.export_menu.insertAction(self.export_menu.actions()[0] if self.export_menu.actions() else None,
                                      self.export_page_action)
        f.addMenu(self.export_menu)
        f.addSeparator()
        f.addAction(self.settings_action)
        f.addSeparator()
        f.addAction(self.quit_action)

        v = self.view_menu
        if self._page_actions:
            after = self._page_actions[-1]
            index = v.actions().index(after) + 1
            following = v.actions()[index] if index < len(v.actions()) else None
            v.insertAction(following, self.next_page_action)
            v.insertAction(following, self.previous_page_action)
        else:
            v.addAction(self.next_page_action)
            v.addAction(self.previous_page_action)
        v.addSeparator()
        p = self.presentation
        v.addAction(p.toggle_action)
        v.addAction(p.leave_action)
        v.addAction(p.zoom_in_action)
        v.addAction(p.zoom_out_action)
        v.addAction(p.zoom_reset_action)
        v.addMenu(self.theme_menu)

        h = self.help_menu
        if not h.isEmpty():
            h.addSeparator()
        h.addAction(self.shortcuts_action)
        h.addAction(self.about_action)

    def show_status(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    def set_device_text(self, text: str) -> None:
        self.device_label.setText(text)

    # -- theme and zoom -----------------------------------------------------------------
    @property
    def theme(self) -> str:
        return self._theme

    def set_theme(self, name: str) -> None:
        """Apply a theme, remember it in the settings and tell the pages."""
        name = themes.apply_theme(name)
        self.theme_actions[name].setChecked(True)
        changed = name != self._theme
        self._theme = name
        if self._persist:
            s = S.app_settings()
            s.setValue("ui/theme", name)
        if changed:
            self.theme_changed.emit(name)

    def set_zoom(self, zoom: float) -> None:
        self.presentation.set_zoom(zoom)

    def zoom(self) -> float:
        return self.presentation.zoom

    def scale(self) -> float:
        return self.presentation.scale()

    # -- settings -------------------------------------------------------------------------
    def apply_settings(self, settings: QSettings) -> None:
        """Theme and zoom from the settings (bad values are ignored with a warning)."""
        persist, self._persist = self._persist, False
        try:
            self.set_theme(S.read_str(settings, "ui/theme", themes.DEFAULT_THEME, choices=themes.THEMES))
            self.presentation.set_zoom(S.read_float(settings, "ui/zoom", 1.0, minimum=MIN_ZOOM,
                                                    maximum=MAX_ZOOM))
            lo, hi = PRESENTATION_SCALE_RANGE
            self.presentation.set_presentation_scale(S.read_float(
                settings, "ui/presentation_scale", PRESENTATION_SCALE, minimum=lo, maximum=hi))
            self.presentation.apply()
        finally:
            self._persist = persist

    def restore_layout(self, settings: QSettings, *, geometry: bool = True) -> None:
        """Window geometry, dock/toolbar state and splitter positions saved on close."""
        restore_window_layout(self, settings, geometry=geometry)

    def save_layout(self, settings: QSettings) -> None:
        save_window_layout(self, settings, geometry=not self.presentation.presenting)
        settings.setValue("ui/zoom", self.presentation.zoom)
        settings.setValue("ui/theme", self._theme)

    def add_close_guard(self, guard) -> None:
        """``guard()`` → a sentence saying what closing now would stop (a running
        training, …) or "" when nothing; closing then asks first."""
        self._close_guards.append(guard)

    def _close_concerns(self) -> list[str]:
        out = []
        for guard in self._close_guards:
            try:
                text = guard()
            except Exception:  # noqa: BLE001 - a broken guard must not keep the window open
                log.exception("close guard failed")
                continue
            if text:
                out.append(str(text))
        return out

    def confirm_close(self, concerns: list[str]) -> bool:
        """Ask whether to close although ``concerns``; Cancel (the default, Esc) keeps the
        window open."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Quit cnnviz?"), "\n\n".join(concerns),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmCloseBox")
        quit_button = box.addButton(self.tr("Stop and quit"), QMessageBox.ButtonRole.DestructiveRole)
        quit_button.setObjectName("confirmQuitButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is quit_button

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        concerns = self._close_concerns()
        if concerns and not self.confirm_close(concerns):
            event.ignore()
            return
        if self._persist:
            s = S.app_settings()
            self.save_layout(s)
            s.sync()
        super().closeEvent(event)

    # -- dialogs --------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        from cnnviz.qt.shortcuts_dialog import ShortcutsDialog

        self._shortcuts_dialog = self._show_dialog(ShortcutsDialog)

    def show_about(self) -> None:
        from cnnviz.qt.about import AboutDialog

        self._about_dialog = self._show_dialog(AboutDialog)

    def open_settings(self) -> None:
        from cnnviz.qt.settings_dialog import SettingsDialog

        self._settings_dialog = self._show_dialog(SettingsDialog)

    def _show_dialog(self, dialog_class):
        """Show a modeless dialog that deletes itself on close and takes the keyboard
        (so Esc closes it); returned so the window keeps a reference while it is open."""
        dialog = dialog_class(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # -- export -----------------------------------------------------------------------
    def export_current_page(self) -> None:
        """File › Export › Page as PNG: the current page rendered at twice its size (sharp
        text and lines for slides), see :func:`cnnviz.qt.export.export_page_png`."""
        from cnnviz.qt.export import export_page_png

        export_page_png(self, self.tabs.currentWidget() or self.centralWidget(), self.current_page_key() or "page")
