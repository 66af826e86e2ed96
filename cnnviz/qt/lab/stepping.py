"""Stepping through a computation: position, play/pause timer, speed, keyboard actions and
the row of buttons the lab pages share.

The position runs from ``-1`` (nothing computed yet) to ``count - 1`` (every output cell
computed). Keyboard shortcuts live on QActions attached to the page widget with
``Qt.ApplicationShortcut`` context: Qt only matches shortcuts of visible widgets, so they
work whenever the page is the visible tab (even before the window manager has activated
the window, and never while a modal dialog is open), and an
event filter (:class:`KeepTypingKeys`) lets text fields and tables keep the arrow keys,
Space, Home, End, + and − while the user types in them.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
                               QStyle, QTextEdit, QWidget)

SPEEDS = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 30.0, 60.0)
DEFAULT_SPEED_INDEX = 2


class Stepper(QObject):
    """The position in a step-by-step computation and the play timer."""

    position_changed = Signal(int)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    enabled_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._pos = -1
        self._enabled = True
        self._speed_index = DEFAULT_SPEED_INDEX
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.setInterval(self._interval())

    # -- state --------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return self._count

    @property
    def position(self) -> int:
        return self._pos

    @property
    def speed(self) -> float:
        return SPEEDS[self._speed_index]

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def at_end(self) -> bool:
        return self._pos >= self._count - 1

    def set_count(self, n: int, position: int | None = None) -> None:
        """A new computation with ``n`` steps; the position goes to ``position``
        (clamped) or back to the start."""
        self._count = max(int(n), 0)
        self._set_enabled(self._count > 0)
        pos = -1 if position is None else max(-1, min(int(position), self._count - 1))
        self._set(pos, force=True)

    def set_enabled(self, on: bool) -> None:
        self._set_enabled(bool(on) and self._count > 0)

    def _set_enabled(self, on: bool) -> None:
        if not on:
            self.pause()
        if on != self._enabled:
            self._enabled = on
            self.enabled_changed.emit(on)

    def is_enabled(self) -> bool:
        return self._enabled

    # -- commands -----------------------------------------------------------------------
    def step_forward(self) -> None:
        if self._enabled and self._pos < self._count - 1:
            self._set(self._pos + 1)

    def step_back(self) -> None:
        if self._enabled and self._pos > -1:
            self.pause()
            self._set(self._pos - 1)

    def jump_to_end(self) -> None:
        if self._enabled:
            self.pause()
            self._set(self._count - 1)

    def reset(self) -> None:
        self.pause()
        self._set(-1)

    def go_to(self, pos: int) -> None:
        if self._enabled:
            self._set(max(-1, min(int(pos), self._count - 1)))

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if not self._enabled or self.is_playing():
            return
        if self.at_end():
            self._set(-1)
        self._timer.start(self._interval())
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.playing_changed.emit(False)

    def faster(self) -> None:
        self.set_speed_index(self._speed_index + 1)

    def slower(self) -> None:
        self.set_speed_index(self._speed_index - 1)

    def set_speed_index(self, i: int) -> None:
        i = max(0, min(int(i), len(SPEEDS) - 1))
        if i != self._speed_index:
            self._speed_index = i
            self._timer.setInterval(self._interval())
            self.speed_changed.emit(self.speed)

    def speed_index(self) -> int:
        return self._speed_index

    # -- internals ----------------------------------------------------------------------
    def _interval(self) -> int:
        return max(int(round(1000.0 / SPEEDS[self._speed_index])), 1)

    def _tick(self) -> None:
        if self.at_end():
            self.pause()
            return
        self._set(self._pos + 1)
        if self.at_end():
            self.pause()

    def _set(self, pos: int, force: bool = False) -> None:
        if pos != self._pos or force:
            self._pos = pos
            self.position_changed.emit(pos)


class KeepTypingKeys(QObject):
    """Event filter: editors keep the keys the stepping shortcuts use while they have
    the keyboard focus (typing "-1" in a kernel cell must not slow the animation)."""

    KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Space,
            Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Equal,
            Qt.Key.Key_P, Qt.Key.Key_C}
    EDITORS = (QLineEdit, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier
            if event.key() in self.KEYS and mods == Qt.KeyboardModifier.NoModifier:
                event.accept()
                return True
        return False

    def install(self, root: QWidget) -> None:
        """Install on every editor under ``root`` (call after building the widgets)."""
        for cls in self.EDITORS:
            for w in root.findChildren(cls):
                w.installEventFilter(self)
                if isinstance(w, QComboBox):
                    continue


def tame_combos(root: QWidget, chars: int = 14) -> None:
    """Let combo boxes under ``root`` shrink to a sensible width (long item texts would
    otherwise widen the whole side panel and clip it)."""
    for combo in root.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)


def fit_side_panel(scroll) -> None:
    """Make a side panel's scroll area as wide as its content needs (never clipped)."""
    w = scroll.widget()
    if w is None:
        return
    need = w.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 6
    scroll.setMinimumWidth(max(need, 280))


def follow_app_font(view: QWidget) -> None:
    """Re-derive a page's own fonts from the application font (after a zoom or
    presentation-mode change: with a style sheet active, plain widgets do not always get
    the new application font by themselves)."""
    from PySide6.QtWidgets import QApplication

    from cnnviz.qt.lab.grid_view import GridView

    font = QApplication.font()
    view._applied_font_key = font.key()
    for g in view.findChildren(GridView):
        g.setFont(font)
        g.update()
    from cnnviz.qt.lab.kernel_editor import KernelEditor

    for ed in view.findChildren(KernelEditor):
        ed._apply_table_font()
    if hasattr(view, "_apply_fonts"):
        view._apply_fonts()
    if hasattr(view, "side_scroll"):
        fit_side_panel(view.side_scroll)


def follow_app_font_if_changed(view: QWidget) -> None:
    """Call from a page's showEvent: catch up with a zoom that happened while hidden."""
    from PySide6.QtWidgets import QApplication

    if getattr(view, "_applied_font_key", None) != QApplication.font().key():
        follow_app_font(view)


def connect_zoom(window, view: QWidget) -> None:
    """Follow the main window's ``zoom_changed`` signal (when the shell has one)."""
    signal = getattr(window, "zoom_changed", None)
    if signal is not None:
        signal.connect(lambda _scale: follow_app_font(view))


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Stepping", text)


def make_actions(page: QWidget, stepper: Stepper, prefix: str) -> dict[str, QAction]:
    """QActions (with objectNames ``<prefix>_stepForward`` …) for the page's stepping
    keys, attached to ``page`` so they work only while it is shown."""
    style = page.style()
    specs = [
        ("stepForward", _tr("Step"), ["Right", "Space"], stepper.step_forward,
         QStyle.StandardPixmap.SP_MediaSeekForward, _tr("Compute the next output cell")),
        ("stepBack", _tr("Back"), ["Left"], stepper.step_back,
         QStyle.StandardPixmap.SP_MediaSeekBackward, _tr("Undo the last step")),
        ("playPause", _tr("Play"), ["P"], stepper.toggle_play,
         QStyle.StandardPixmap.SP_MediaPlay, _tr("Play or pause the animation")),
        ("jumpToEnd", _tr("End"), ["End"], stepper.jump_to_end,
         QStyle.StandardPixmap.SP_MediaSkipForward, _tr("Compute every remaining cell")),
        ("reset", _tr("Reset"), ["Home"], stepper.reset,
         QStyle.StandardPixmap.SP_MediaSkipBackward, _tr("Back to the start: empty output")),
        ("faster", _tr("Faster"), ["+", "="], stepper.faster, None, _tr("Play faster")),
        ("slower", _tr("Slower"), ["-"], stepper.slower, None, _tr("Play slower")),
    ]
    actions: dict[str, QAction] = {}
    for key, text, keys, slot, icon, tip in specs:
        a = QAction(text, page)
        a.setObjectName(f"{prefix}_{key}")
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        a.setToolTip(f"{tip} ({', '.join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)})")
        a.setStatusTip(tip)
        if icon is not None:
            a.setIcon(style.standardIcon(icon))
        a.triggered.connect(slot)
        page.addAction(a)
        actions[key] = a

    def on_playing(playing: bool) -> None:
        a = actions["playPause"]
        a.setText(_tr("Pause") if playing else _tr("Play"))
        a.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause if playing
                                     else QStyle.StandardPixmap.SP_MediaPlay))

    def on_position(_pos: int = 0) -> None:
        # Disabled at the ends, so buttons grey out and callers (the bench) see the end.
        on = stepper.is_enabled()
        at_start, at_end = stepper.position <= -1, stepper.at_end()
        actions["stepForward"].setEnabled(on and not at_end)
        actions["jumpToEnd"].setEnabled(on and not at_end)
        actions["stepBack"].setEnabled(on and not at_start)
        actions["reset"].setEnabled(on and not at_start)
        actions["playPause"].setEnabled(on)

    stepper.playing_changed.connect(on_playing)
    stepper.position_changed.connect(on_position)
    stepper.enabled_changed.connect(on_position)
    on_position()
    return actions


def add_panel_toggle(page: QWidget, panel: QWidget, prefix: str) -> QAction:
    """An action (key C) that hides or shows the page's side panel, so the stage gets the
    whole width when projecting."""
    a = QAction(_tr("Show or hide the controls"), page)
    a.setObjectName(f"{prefix}_toggleControls")
    a.setShortcut(QKeySequence("C"))
    a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    a.setCheckable(True)
    a.setChecked(True)
    a.setToolTip(_tr("Show or hide the controls (C)"))
    a.toggled.connect(panel.setVisible)
    page.addAction(a)
    return a


def install_stepping(controller: QObject, view: QWidget, prefix: str) -> None:
    """Give a stepping page's controller ``stepper``, ``actions`` (the page's stepping keys,
    objectNames ``<prefix>_…``, and ``toggleControls``, key C, for ``view.side_scroll``)
    and ``controls`` (the step buttons, put in ``view.controls_holder``); typing in the
    side panel's editors keeps its keys (``keep_typing``)."""
    from cnnviz.qt.lab.step_controls import StepControls

    controller.stepper = Stepper(controller)
    controller.actions = make_actions(view, controller.stepper, prefix)
    controller.controls = StepControls(controller.actions, controller.stepper, view)
    view.controls_holder.addWidget(controller.controls)
    controller.keep_typing = KeepTypingKeys(controller)
    controller.keep_typing.install(view)
    tame_combos(view)
    fit_side_panel(view.side_scroll)
    controller.actions["toggleControls"] = add_panel_toggle(view, view.side_scroll, prefix)
