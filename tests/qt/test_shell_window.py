"""The application shell through real widgets: presentation mode, zoom, themes, the
shortcuts and settings dialogs, page export."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnviz.qt import settings as S
from cnnviz.qt import theme as themes
from cnnviz.qt.main_window import MainWindow
from cnnviz.qt.presentation import PRESENTATION_SCALE, THEMED_FONT_CLASSES, next_zoom
from cnnviz.qt.shortcuts_dialog import ShortcutsDialog, collect_shortcuts, plain_text


@pytest.fixture(autouse=True)
def _restore_app_look(qapp):
    """Zoom and themes change application-wide state; put it back after each test."""
    font, palette, sheet = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    class_fonts = {name: QFont(QApplication.font(name)) for name in THEMED_FONT_CLASSES}
    yield
    QApplication.setFont(font)
    for name, class_font in class_fonts.items():
        QApplication.setFont(class_font, name)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setProperty("cnnvizTheme", None)




def make_window(qtbot, pages: int = 2) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    for i in range(pages):
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(f"page {i}"))
        layout.addWidget(QPushButton("press"))
        w.add_page(f"p{i}", page, f"Page {i}")
    w.finish_menus()
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    # Shortcuts go to the active window: wait until the window manager says it is.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def press(qtbot, widget, sequence: str) -> None:
    seq = QKeySequence(sequence)
    combo = seq[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_f11_toggles_presentation_mode_and_enlarges_text(qtbot):
    w = make_window(qtbot)
    base = w.presentation.base_point_size()
    seen = []
    w.presentation_changed.connect(seen.append)
    press(qtbot, w, "F11")
    qtbot.waitUntil(lambda: w.isFullScreen())
    assert w.presentation.presenting and w.presentation.toggle_action.isChecked()
    factor = w.presentation.effective_presentation_scale()
    assert factor == pytest.approx(max(1.0, PRESENTATION_SCALE * w.presentation.screen_fit()), abs=1e-3)
    assert QApplication.font().pointSizeF() == pytest.approx(base * factor)
    assert w.menuBar().font().pointSizeF() == pytest.approx(base * factor)
    # Readable from the back row of a classroom: text at least ~20 px high on a 1080-line
    # projector, and the same share of the picture on a smaller screen.
    from PySide6.QtGui import QFontInfo

    screen_h = w.screen().geometry().height()
    for font in (QApplication.font(), w.page("p0").findChild(QLabel).font()):
        assert QFontInfo(font).pixelSize() * 1080 / min(screen_h, 1080) >= 20
    # Esc leaves presentation mode (and only then is it a shortcut of the window).
    press(qtbot, w, "Esc")
    qtbot.waitUntil(lambda: not w.isFullScreen())
    assert not w.presentation.presenting and not w.presentation.leave_action.isEnabled()
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    assert seen == [True, False]


def test_zoom_shortcuts_scale_font_emit_and_persist(qtbot, _isolated_settings):
    w = make_window(qtbot)
    base = w.presentation.base_point_size()
    scales = []
    w.zoom_changed.connect(scales.append)
    press(qtbot, w, "Ctrl+=")
    assert w.zoom() == 1.1
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1)
    press(qtbot, w, "Ctrl++")
    assert w.zoom() == 1.25
    press(qtbot, w, "Ctrl+-")
    assert w.zoom() == 1.1
    press(qtbot, w, "Ctrl+0")
    assert w.zoom() == 1.0 and QApplication.font().pointSizeF() == pytest.approx(base)
    assert scales == pytest.approx([1.1, 1.25, 1.1, 1.0])
    for _ in range(3):
        press(qtbot, w, "Ctrl+=")
    assert w.zoom() == 1.5
    w.close()  # closing saves zoom, theme and layout
    assert S.read_float(S.app_settings(), "ui/zoom", 0.0) == 1.5

    QApplication.setFont(QFont(QApplication.font().family(), 10))
    w2 = make_window(qtbot)
    w2.apply_settings(S.app_settings())
    assert w2.zoom() == 1.5
    assert QApplication.font().pointSizeF() == pytest.approx(10 * 1.5)


def test_page_navigation_shortcuts_wrap_around(qtbot):
    w = make_window(qtbot, pages=3)
    seen = []
    w.page_changed.connect(seen.append)
    press(qtbot, w, "Ctrl+3")
    press(qtbot, w, "Ctrl+PgDown")
    press(qtbot, w, "Ctrl+PgUp")
    press(qtbot, w, "Ctrl+PgUp")
    assert seen == ["p2", "p0", "p2", "p1"]
    assert w.current_page_key() == "p1"


def test_window_has_the_cnnviz_icon(qtbot):
    w = make_window(qtbot)
    assert not w.windowIcon().isNull()
    assert not w.windowIcon().pixmap(32, 32).isNull()


def test_zoom_is_clamped_at_both_ends():
    assert next_zoom(3.0, +1) == 3.0
    assert next_zoom(0.5, -1) == 0.5
    assert next_zoom(1.0, +1) == 1.1 and next_zoom(1.0, -1) == 0.9


def test_theme_applies_palette_signals_and_persists_across_windows(qtbot, qapp):
    w = make_window(qtbot)
    names = []
    w.theme_changed.connect(names.append)
    w.theme_actions["dark"].trigger()
    assert w.theme == "dark" and names == ["dark"]
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(themes.COLORS["dark"].window)
    assert w.theme_actions["dark"].isChecked()
    w.close()

    qapp.setPalette(themes.make_palette("light"))
    w2 = make_window(qtbot)
    w2.apply_settings(S.app_settings())
    assert w2.theme == "dark"
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(themes.COLORS["dark"].window)
    # High contrast has its own shortcut and a style sheet with visible focus.
    press(qtbot, w2, "Ctrl+Shift+H")
    assert w2.theme == "high-contrast"
    assert qapp.palette().color(QPalette.ColorRole.Base) == QColor("#000000")
    assert "#ffff00" in qapp.styleSheet()


def test_pyqtgraph_defaults_follow_theme(qtbot):
    pg = pytest.importorskip("pyqtgraph")
    w = make_window(qtbot)
    try:
        w.set_theme("high-contrast")
        assert pg.getConfigOption("background") == "#000000"
        assert pg.getConfigOption("foreground") == "#ffffff"
    finally:
        pg.setConfigOptions(background="k", foreground="d")


def test_bad_theme_and_zoom_settings_are_ignored(qtbot, _isolated_settings):
    (_isolated_settings / "cnnviz.ini").write_text("[ui]\ntheme=neon\nzoom=huge\n")
    w = make_window(qtbot)
    w.apply_settings(S.app_settings())
    assert w.theme == "light" and w.zoom() == 1.0


def test_menus_hold_the_shell_actions(qtbot):
    w = make_window(qtbot)
    titles = [plain_text(a.text()) for a in w.menuBar().actions()]
    assert titles == ["File", "View", "Help"]
    file_items = [plain_text(a.text()) for a in w.file_menu.actions() if not a.isSeparator()]
    assert file_items == ["Open session…", "Save session…", "Export", "Settings…", "Quit"]
    view_items = [plain_text(a.text()) for a in w.view_menu.actions() if not a.isSeparator()]
    assert view_items == ["Page 0", "Page 1", "Next page", "Previous page", "Presentation mode",
                          "Leave presentation mode", "Zoom in", "Zoom out", "Actual size", "Theme"]
    assert [plain_text(a.text()) for a in w.theme_menu.actions()] == ["Light", "Dark", "High contrast"]
    assert [plain_text(a.text()) for a in w.export_menu.actions()] == ["Page as PNG…"]


def test_shortcuts_dialog_lists_every_action_grouped(qtbot):
    w = make_window(qtbot)
    # An action a page adds to its own widget, and one added later to the File menu.
    page = w.page("p1")
    step = QAction("Next step", page)
    step.setShortcut(QKeySequence("Right"))
    page.addAction(step)
    late = QAction("Open model…", w)
    late.setShortcut(QKeySequence("Ctrl+O"))
    w.file_menu.insertAction(w.file_menu.actions()[0], late)
    no_key = QAction("No shortcut", w)
    w.view_menu.addAction(no_key)

    w.shortcuts_action.trigger()
    dialog = w.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert ("Page 1", "Next step", QKeySequence("Right").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    assert ("File", "Open model…", "Ctrl+O") in rows
    assert ("View", "Presentation mode", "F11") in rows
    assert ("View", "Zoom in", "Ctrl+=, Ctrl++") in rows
    assert ("View › Theme", "High contrast", "Ctrl+Shift+H") in rows
    assert ("View", "Page 0", "Ctrl+1") in rows
    assert not [r for r in rows if r[1] == "No shortcut"]
    # Each action once, menus before pages.
    assert len(rows) == len(set(rows))
    groups = [r[0] for r in rows]
    assert groups.index("File") < groups.index("View") < groups.index("Help") < groups.index("Page 1")
    view = [r[1] for r in rows if r[0] == "View"]
    assert view[:4] == ["Page 0", "Page 1", "Next page", "Previous page"]  # menu order
    dialog.filter_edit.setText("zoom")
    assert {r[1] for r in dialog.rows()} == {"Zoom in", "Zoom out"}
    dialog.close()


def test_collect_shortcuts_strips_korean_mnemonics():
    assert plain_text("파일(&F)") == "파일"
    assert plain_text("Save && quit") == "Save & quit"


def test_settings_dialog_applies_theme_and_zoom(qtbot, monkeypatch):
    from cnnviz.qt.settings_dialog import SettingsDialog

    w = make_window(qtbot)
    w.settings_action.trigger()
    dialog = w.findChild(SettingsDialog)
    assert dialog is not None
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("high-contrast"))
    dialog.zoom_spin.setValue(150)
    dialog.presentation_spin.setValue(200)
    dialog.accept()
    assert w.theme == "high-contrast" and w.zoom() == 1.5
    s = S.app_settings()
    assert S.read_str(s, "ui/theme", "") == "high-contrast"
    assert S.read_float(s, "ui/zoom", 0) == 1.5
    assert S.read_float(s, "ui/presentation_scale", 0) == 2.0
    w.presentation.set_presenting(True)
    fitted = max(1.0, 2.0 * w.presentation.screen_fit())   # presentation 2.0, fitted to the screen
    assert w.scale() == pytest.approx(1.5 * fitted, abs=0.01)  # × zoom 1.5
    assert QApplication.font().pointSizeF() == pytest.approx(w.presentation.base_point_size() * w.scale())
    w.presentation.set_presenting(False)
    w2 = make_window(qtbot)
    w2.apply_settings(S.app_settings())
    assert w2.presentation.presentation_scale == 2.0


def test_settings_dialog_language_change_asks_to_restart(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cnnviz.qt.settings_dialog import SettingsDialog

    w = make_window(qtbot)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Yes)
    restarts = []
    w.restart_requested.connect(lambda: restarts.append(True))
    dialog = SettingsDialog(w)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ko"))
    dialog.accept()
    assert S.read_str(S.app_settings(), "ui/language", "") == "ko"
    assert asked and restarts == [True]


def test_about_dialog_shows_versions_without_importing_keras(qtbot):
    import sys

    from cnnviz.qt.about import AboutDialog

    had_keras = "keras" in sys.modules
    w = make_window(qtbot)
    w.about_action.trigger()
    dialog = w.findChild(AboutDialog)
    assert dialog is not None
    text = dialog.versions.text()
    assert "PySide6" in text and "Qt" in text and "Keras" in text
    assert ("keras" in sys.modules) == had_keras


def test_export_page_png_is_twice_the_widget_size(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QFileDialog

    w = make_window(qtbot)
    page = w.tabs.currentWidget()
    size = page.size()
    target = tmp_path / "page"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.export_page_action.trigger()
    saved = tmp_path / "page.png"
    assert saved.exists()
    image = QImage(str(saved))
    assert (image.width(), image.height()) == (size.width() * 2, size.height() * 2)
    assert "page.png" in w.statusBar().currentMessage()
    # The page's label was drawn: the picture is not one flat colour.
    colors = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert len(colors) > 2


def test_export_page_png_failure_is_reported(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    w = make_window(qtbot)
    target = tmp_path / "missing-folder" / "page.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    w.export_page_action.trigger()
    assert len(shown) == 1 and "page.png" in shown[0]
    assert not target.exists()


def test_shortcuts_dialog_lists_the_real_pages_actions(qtbot):
    """With every page built, the lab's stepping keys show under the lab's tab title."""
    from cnnviz.app.application import build_window

    w = build_window(None)
    w._persist = False
    qtbot.addWidget(w)
    if "lab" not in w.page_keys():
        pytest.skip("the Convolution Lab page is not registered")
    dialog = ShortcutsDialog(w)
    qtbot.addWidget(dialog)
    lab_title = plain_text(w.page_title("lab"))
    lab_rows = [r for r in dialog.rows() if r[0] == lab_title]
    right = QKeySequence("Right").toString(QKeySequence.SequenceFormat.NativeText)
    assert any(right in keys.split(", ") for _, _, keys in lab_rows), lab_rows
    assert ("View", lab_title, "Ctrl+1") in dialog.rows()
    # Every action with a shortcut anywhere in the window is listed exactly once per group.
    rows = dialog.rows()
    assert len(rows) == len(set(rows))


def test_window_geometry_and_splitters_persist_and_bad_values_are_ignored(qtbot, _isolated_settings):
    from PySide6.QtWidgets import QSplitter

    def window_with_splitter():
        w = MainWindow()
        qtbot.addWidget(w)
        page = QWidget()
        split = QSplitter(page)
        split.setObjectName("demoSplitter")
        split.addWidget(QLabel("left"))
        split.addWidget(QLabel("right"))
        QVBoxLayout(page).addWidget(split)
        w.add_page("p", page, "P")
        w.finish_menus()
        return w, split

    w, split = window_with_splitter()
    w.setGeometry(20, 30, 560, 410)
    w.show()
    qtbot.waitExposed(w)
    split.setSizes([150, 400])
    sizes = split.sizes()
    w.close()
    assert "demoSplitter" in (_isolated_settings / "cnnviz.ini").read_text()

    w2, split2 = window_with_splitter()
    w2.restore_layout(S.app_settings())
    w2.show()
    qtbot.waitExposed(w2)
    assert (w2.width(), w2.height()) == (560, 410)
    assert split2.sizes() == sizes

    # Damaged values: ignored with a warning, the window still comes up.
    s = S.app_settings()
    s.setValue("window/geometry", "not bytes")
    s.setValue("window/splitters/demoSplitter", 12)
    s.sync()
    w3, split3 = window_with_splitter()
    w3.restore_layout(S.app_settings())
    w3.show()
    qtbot.waitExposed(w3)


def test_presentation_text_takes_the_same_share_of_any_screen(qtbot):
    """1.6 × on a 1080-line screen; proportionally less on a 1280×800 projector (the pages
    fit), never below 1 ×."""
    w = make_window(qtbot)
    p = w.presentation
    for height, expected in ((1080, 1.6), (2160, 1.6), (800, 1.6 * 800 / 1080), (600, 1.0)):
        p.screen_fit = lambda h=height: min(1.0, h / 1080)
        assert p.effective_presentation_scale() == pytest.approx(expected, abs=1e-3)
