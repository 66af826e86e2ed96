"""The digit page's keyboard shortcuts (listed in Help › Keyboard shortcuts): QActions on
the page that call the canvas's and the page's public methods."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence


def _tr(text: str) -> str:
    return QCoreApplication.translate("DigitsPage", text)


def make_page_actions(page) -> list[QAction]:
    """The actions of ``page`` (a DigitsPage), added to it (active while it has focus)."""

    def add(name: str, text: str, keys, slot) -> QAction:
        a = QAction(text, page)
        a.setObjectName(name)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(slot)
        page.addAction(a)
        return a

    c, ex, tabs = page.canvas, page.explore, page.tabs
    return [
        add("digitsUndo", _tr("Undo the last stroke"), ["Ctrl+Z"], c.undo),
        add("digitsRedo", _tr("Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], c.redo),
        add("digitsClear", _tr("Clear the drawing"), ["Delete", "Backspace"], c.clear),
        add("digitsEraser", _tr("Eraser on/off"), ["E"], lambda: c.set_eraser(not c.is_eraser())),
        add("digitsBrushSmaller", _tr("Smaller brush"), ["["], lambda: c.set_brush_size(c.brush_size() - 2)),
        add("digitsBrushBigger", _tr("Bigger brush"), ["]"], lambda: c.set_brush_size(c.brush_size() + 2)),
        add("digitsSteps", _tr("Show/hide the preprocessing steps"), ["S"],
            lambda: page.set_steps_shown(not page.steps_shown())),
        add("digitsNextMap", _tr("Enlarge the next feature map"), ["Right"], lambda: page.step_map(1)),
        add("digitsPrevMap", _tr("Enlarge the previous feature map"), ["Left"], lambda: page.step_map(-1)),
        add("digitsOpenInLab", _tr("Open the enlarged map's filter in the Convolution Lab"), ["L"],
            lambda: page.detail.lab_button.isEnabled() and page.detail.lab_button.click()),
        add("digitsGradCam", _tr("Grad-CAM on/off"), ["G"], lambda: ex.set_gradcam_on(not ex.gradcam_on())),
        add("digitsTabMaps", _tr("Feature maps"), ["Alt+1"], lambda: tabs.setCurrentIndex(0)),
        add("digitsTabKernels", _tr("Learned kernels"), ["Alt+2"], lambda: tabs.setCurrentIndex(1)),
        add("digitsTabExplore", _tr("Explore"), ["Alt+3"], lambda: tabs.setCurrentIndex(2)),
    ]


def step_map(page, delta: int) -> None:
    """Enlarge the next/previous channel of the enlarged map's layer (or the first map).
    Widgets that use the arrow keys themselves (sliders, tables, lists) keep them."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox

    focus = QApplication.focusWidget()
    if isinstance(focus, (QAbstractSlider, QAbstractItemView, QAbstractSpinBox, QComboBox)):
        key = Qt.Key.Key_Right if delta > 0 else Qt.Key.Key_Left
        arrows = [a for a in page.page_actions if a.objectName() in ("digitsNextMap", "digitsPrevMap")]
        for a in arrows:  # a disabled shortcut lets the key through to the widget
            a.setEnabled(False)
        try:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(focus, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))
        finally:
            for a in arrows:
                a.setEnabled(True)
        return
    maps_panels = [p for p in page.panels if p.info.is_map]
    if not maps_panels:
        return
    layer, channel = page.detail.layer, page.detail.channel
    panel = next((p for p in maps_panels if p.info.name == layer), None)
    if panel is None:
        panel, channel = maps_panels[0], -1 if delta > 0 else 0
    n = panel.info.channels
    page.map_clicked(panel.info.name, (channel + delta) % n)
