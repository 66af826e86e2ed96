"""Help > Keyboard shortcuts: every shortcut of the window, collected when the dialog opens.

Nothing is registered by hand: the dialog walks the window's QActions (and QShortcuts that
have a ``whatsThis`` text), so an action any page adds shows up automatically. Actions are
grouped by the menu that holds them ("File", "View › Theme"), else by the page whose
widgets they belong to, else under "Window".
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QMainWindow,
                               QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)


@dataclass(frozen=True)
class ShortcutEntry:
    group: str
    text: str
    keys: str
    enabled: bool = True


def plain_text(text: str) -> str:
    """Menu text without mnemonics: "&Open…" → "Open…", "Save && quit" → "Save & quit",
    "파일(&F)" → "파일"."""
    import re

    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").strip()


def _keys(sequences: list[QKeySequence]) -> str:
    seen: list[str] = []
    for seq in sequences:
        s = seq.toString(QKeySequence.SequenceFormat.NativeText)
        if s and s not in seen:
            seen.append(s)
    return ", ".join(seen)


def _menu_paths(window: QMainWindow) -> dict[int, tuple[str, int]]:
    """id(action) → (menu path, position in a walk of the menu bar)."""
    paths: dict[int, tuple[str, int]] = {}

    def walk(menu: QMenu, prefix: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{prefix} › {plain_text(sub.title())}")
            elif not action.isSeparator():
                paths.setdefault(id(action), (prefix, len(paths)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            walk(menu, plain_text(menu.title()))
    return paths


def _page_of(widget: QWidget | None, pages: dict[int, str]) -> str | None:
    while widget is not None:
        if id(widget) in pages:
            return pages[id(widget)]
        widget = widget.parentWidget()
    return None


def collect_shortcuts(window: QMainWindow) -> list[ShortcutEntry]:
    """Every action with a shortcut in *window*, grouped; menus first, then pages."""
    menu_paths = _menu_paths(window)
    pages: dict[int, str] = {}
    page_order: list[str] = []
    tabs = getattr(window, "tabs", None)
    if tabs is not None:
        for i in range(tabs.count()):
            title = plain_text(tabs.tabText(i))
            pages[id(tabs.widget(i))] = title
            page_order.append(title)

    actions: dict[int, QAction] = {}
    for action in window.findChildren(QAction):
        actions[id(action)] = action
    for widget in [window, *window.findChildren(QWidget)]:
        for action in widget.actions():
            actions.setdefault(id(action), action)

    general = QCoreApplication.translate("ShortcutsDialog", "Window")
    entries: dict[tuple[str, str, str], ShortcutEntry] = {}
    order: dict[tuple[str, str, str], int] = {}
    for position, action in enumerate(actions.values()):
        keys = _keys(action.shortcuts())
        if not keys or action.isSeparator():
            continue
        text = plain_text(action.text()) or plain_text(action.toolTip()) or action.objectName()
        group, index = menu_paths.get(id(action), (None, 10_000 + position))
        if group is None:
            for obj in action.associatedObjects():
                if isinstance(obj, QWidget):
                    group = _page_of(obj, pages)
                    if group:
                        break
        if group is None and isinstance(action.parent(), QWidget):
            group = _page_of(action.parent(), pages)
        entry = ShortcutEntry(group or general, text, keys, action.isEnabled())
        entries.setdefault((entry.group, entry.text, entry.keys), entry)
        order.setdefault((entry.group, entry.text, entry.keys), index)

    for shortcut in window.findChildren(QShortcut):
        text = shortcut.whatsThis()
        keys = _keys(shortcut.keys())
        if not text or not keys:
            continue
        parent = shortcut.parent()
        group = _page_of(parent, pages) if isinstance(parent, QWidget) else None
        entry = ShortcutEntry(group or general, plain_text(text), keys, shortcut.isEnabled())
        entries.setdefault((entry.group, entry.text, entry.keys), entry)
        order.setdefault((entry.group, entry.text, entry.keys), 20_000 + len(order))

    menu_order = [plain_text(a.menu().title()) for a in window.menuBar().actions() if a.menu()]

    def rank(group: str) -> tuple[int, int, str]:
        top = group.split(" › ")[0]
        if top in menu_order:
            return (0, menu_order.index(top), group)
        if group in page_order:
            return (1, page_order.index(group), group)
        return (2, 0, group)

    # Groups: menus in menu-bar order, then pages in tab order; inside a group, the order
    # of the menu (or of creation for page actions).
    return sorted(entries.values(), key=lambda e: (rank(e.group), order[(e.group, e.text, e.keys)]))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcutFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)

        self.entries = collect_shortcuts(window)
        self._populate()
        self.filter_edit.textChanged.connect(self._filter)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 52, fm.height() * 40)

    def _populate(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in self.entries:
            parent = groups.get(entry.group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [entry.group, ""])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[entry.group] = parent
            item = QTreeWidgetItem(parent, [entry.text, entry.keys])
            if not entry.enabled:
                item.setDisabled(True)
        self.tree.expandAll()

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            group_hit = needle in group.text(0).lower()
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hit = group_hit or needle in child.text(0).lower() or needle in child.text(1).lower()
                child.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, shortcut) of every visible row — for tests and copying."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group.isHidden():
                continue
            for j in range(group.childCount()):
                child = group.child(j)
                if not child.isHidden():
                    out.append((group.text(0), child.text(0), child.text(1)))
        return out
