"""The Korean build shows no untranslated English in the main views.

Builds the real window (every page) with the Korean translation installed, shows each
page and collects what a learner can read: menu and action texts, tab titles, labels,
buttons, group boxes, combo items, placeholders, tool tips, table headers and pyqtgraph
titles/axis labels. A text fails when it still contains English words after removing an
explicit small allow-list (proper nouns, Keras argument values, key names), numbers and
symbols. Widgets that display data rather than interface text (file names, layer names
of the user's model, matrices) opt out with the dynamic property ``cnnvizData=True``
(set on the widget; its children are skipped too).
"""
from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QTableView, QTabWidget, QTreeView, QWidget)

from cnnviz.qt import i18n

#: Words that stay as they are in the Korean interface.
ALLOWED = {
    # proper nouns and product names
    "cnnviz", "Keras", "TensorFlow", "MNIST", "Fashion-MNIST", "OpenCV", "NumPy", "PySide6",
    "Qt", "Python", "pyqtgraph", "LeNet", "AlexNet", "ResNet", "Adam", "SGD", "RMSprop",
    # terms Korean learners use in English, and Keras layer/argument names
    "ReLU", "Sobel", "Laplacian", "Gaussian", "softmax", "sigmoid", "tanh", "linear", "CNN",
    "Conv2D", "MaxPooling2D", "AveragePooling2D", "Dense", "Dropout", "Flatten",
    "BatchNormalization", "valid", "same", "max", "min", "Grad-CAM", "RGB", "GPU", "CPU",
    # file formats and key names
    "CSV", "PNG", "GIF", "MP4", "JSON", "keras", "h5", "hdf5", "png", "jpg", "jpeg", "bmp",
    "tif", "tiff", "webp", "csv", "gif", "json", "cnnviz", "Ctrl", "Shift", "Alt", "Esc",
    "Enter", "Space", "Delete", "Backspace", "Tab", "Home", "End", "PgUp", "PgDown",
    "Left", "Right", "Up", "Down", "F1", "F11",
    # Keras activation names as typed in code, units, data-set file formats
    "relu", "elu", "gelu", "selu", "swish", "Conv", "Pool", "IDX", "gz", "MB", "KB", "GB",
    "Prewitt",
    # language names are shown in their own language (Settings › Language)
    "English",
}
#: Illustrations of data (OpenCV border modes "gfedcb|abcdefgh|gfedcba") and file names
#: ("scene.png", "<model>.labels.txt") are not interface text.
DATA_PATTERNS = (re.compile(r"\w+(?:\|\w+)+"),
                 re.compile(r"[\w<>~/-]+(?:\.\w+)*\.(?:png|jpe?g|txt|json|keras|h5|hdf5|gz|csv|gif|ini|cnnviz)(?![A-Za-z0-9])"))
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’_-]*")
TAG = re.compile(r"<[^>]+>")
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def english_words(text: str) -> list[str]:
    text = ENTITY.sub(" ", TAG.sub(" ", text))
    text = re.sub(r"\*\.\w+", " ", text)                  # file patterns *.png
    for pattern in DATA_PATTERNS:
        text = pattern.sub(" ", text)
    text = re.sub(r"\(&\w\)|&(?=\w)", "", text)            # mnemonics: 파일(&F), &File
    words = []
    for w in WORD.findall(text):
        w = w.strip("'’-_")
        if len(w) <= 1 or w in ALLOWED or w.lower() in ALLOWED:
            continue
        if any(c.isdigit() for c in w) or "_" in w:       # identifiers: conv2d_1, F11, 3x3
            continue
        words.append(w)
    return words


def _skipped(widget: QWidget, root: QWidget) -> bool:
    w = widget
    while w is not None and w is not root.parentWidget():
        if w.property("cnnvizData"):
            return True
        w = w.parentWidget()
    return False


def widget_texts(widget: QWidget) -> list[str]:
    out: list[str] = []
    if isinstance(widget, QLabel):
        out.append(widget.text())
    if isinstance(widget, QAbstractButton):
        out.append(widget.text())
    if isinstance(widget, QGroupBox):
        out.append(widget.title())
    if isinstance(widget, QTabWidget):
        out += [widget.tabText(i) for i in range(widget.count())]
        out += [widget.tabToolTip(i) for i in range(widget.count())]
    if isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())
    if isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
        from PySide6.QtCore import QModelIndex, Qt

        header = widget.horizontalHeader() if isinstance(widget, QTableView) else widget.header()
        if not header.isHidden():
            model = widget.model()
            out += [str(model.headerData(i, Qt.Orientation.Horizontal) or "")
                    for i in range(model.columnCount(QModelIndex()))]
    out.append(widget.toolTip())
    out.append(widget.statusTip())
    out.append(widget.accessibleName())
    return [t for t in out if t and t.strip()]


def graphics_texts(widget: QWidget) -> list[str]:
    """Titles, axis labels and text items of pyqtgraph views."""
    import sys

    pg = sys.modules.get("pyqtgraph")
    if pg is None or not isinstance(widget, pg.GraphicsView):
        return []
    out = []
    for item in widget.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem):
            out.append(item.labelText or "")
        elif isinstance(item, pg.TextItem):
            out.append(item.textItem.toPlainText())
        elif isinstance(item, pg.LabelItem):
            out.append(item.text or "")
    return [t for t in out if t and t.strip()]


def menu_texts(menu: QMenu, path: str) -> list[tuple[str, str]]:
    out = [(path, menu.title())]
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            out += menu_texts(action.menu(), f"{path} › {action.menu().title()}")
        else:
            out += [(path, t) for t in (action.text(), action.toolTip(), action.statusTip()) if t]
    return out


@pytest.fixture
def korean_window(qapp, qtbot):
    from cnnviz.app.application import build_window

    assert i18n.install_language(qapp, "ko")
    try:
        window = build_window(None)
        window._persist = False
        qtbot.addWidget(window)
        window.resize(1500, 950)
        window.show()
        qtbot.waitExposed(window)
        yield window
    finally:
        i18n.install_language(qapp, "en")


def test_korean_build_has_no_untranslated_visible_text(korean_window, qtbot):
    w = korean_window
    found: list[tuple[str, str]] = []            # (where, text)
    found.append(("window title", w.windowTitle()))
    for top in w.menuBar().actions():
        if top.menu() is not None:
            found += [(f"menu {where}", t) for where, t in menu_texts(top.menu(), top.menu().title())]
    found += [("tab", w.tabs.tabText(i)) for i in range(w.tabs.count())]
    found += [("status bar", w.device_label.text())]
    for key in w.page_keys():
        assert w.show_page(key)
        qtbot.wait(20)
        page = w.page(key)
        for widget in [page, *page.findChildren(QWidget)]:
            if not widget.isVisibleTo(w) or _skipped(widget, page):
                continue
            label = f"page {key}: {type(widget).__name__} {widget.objectName() or ''}".rstrip()
            found += [(label, t) for t in widget_texts(widget) + graphics_texts(widget)]
            for action in widget.actions():   # context menus
                if action.text() and not action.isSeparator():
                    found.append((f"{label} action", action.text()))
    # The shell's dialogs.
    from cnnviz.qt.about import AboutDialog
    from cnnviz.qt.settings_dialog import SettingsDialog
    from cnnviz.qt.shortcuts_dialog import ShortcutsDialog

    for dialog in (SettingsDialog(w), ShortcutsDialog(w), AboutDialog(w)):
        qtbot.addWidget(dialog)
        dialog.show()
        found.append((f"dialog {type(dialog).__name__} title", dialog.windowTitle()))
        for widget in [dialog, *dialog.findChildren(QWidget)]:
            if widget.isVisibleTo(dialog) and not _skipped(widget, dialog):
                label = f"dialog {type(dialog).__name__}: {type(widget).__name__} {widget.objectName()}"
                found += [(label.rstrip(), t) for t in widget_texts(widget)]
        if isinstance(dialog, ShortcutsDialog):
            for group, text, _keys in dialog.rows():
                found += [("shortcuts dialog group", group), ("shortcuts dialog row", text)]
        dialog.close()
    assert len(found) > 50, "the walk found almost nothing: is the window built?"
    places: dict[str, list[str]] = {}
    for where, text in found:
        if english_words(text):
            places.setdefault(text, []).append(where)
    report = "\n".join(
        f"  {text!r}  [{' '.join(english_words(text))}]  at {wheres[0]}"
        + (f" (+{len(wheres) - 1} more)" if len(wheres) > 1 else "")
        for text, wheres in sorted(places.items(), key=lambda kv: kv[1][0]))
    assert not places, (f"{len(places)} untranslated text(s) in the Korean build "
                        "(python -m cnnviz.i18n_tools update, then translate in "
                        f"cnnviz/data/translations/cnnviz_ko.ts):\n{report}")


def test_english_words_detector():
    assert english_words("파일(&F)") == []
    assert english_words("&File") == ["File"]
    assert english_words("valid (패딩 없음)") == []
    assert english_words("ReLU: max(0, x)") == []
    assert english_words("conv2d_1 · 28×28×32") == []
    assert english_words("<b>입력</b> 4×4") == []
    assert english_words("PNG 이미지 (*.png)") == []
    assert english_words("Keras: 불러오는 중…") == []
    assert english_words("Draw a digit") == ["Draw", "digit"]
    assert english_words("scene.png: 480×360") == []
    assert english_words("모델 옆에 <model>.labels.txt로 저장") == []
    assert english_words("반사 (gfedcb|abcdefgh|gfedcba), OpenCV 기본값") == []
    assert english_words("Open scene.png") == ["Open"]
