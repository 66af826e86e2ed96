"""The narration panel: a narrow dock beside the pages with the lesson's title, the step's
title and narration, a progress indicator and Previous/Next buttons.

With the keyboard focus in the panel, → and ← also move the lesson (elsewhere the pages
keep their arrow keys; Page Down/Page Up move the lesson everywhere)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (QDockWidget, QLabel, QProgressBar, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)


def _label(parent: QWidget, name: str, scale: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # a click focuses the panel
    label.setProperty("fontScale", scale)
    label.setProperty("fontBold", bold)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


#: The narrowest the panel gets (a 1280-pixel screen) and the width it asks for.
MIN_WIDTH, PREFERRED_WIDTH = 150, 320


class _Body(QWidget):
    """The panel's contents; arrow keys move the lesson while it has the focus."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(MIN_WIDTH, super().minimumSizeHint().height())

    key_step = Signal(int)
    KEYS = {Qt.Key.Key_Right: +1, Qt.Key.Key_Down: +1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}

    def event(self, event: QEvent) -> bool:  # noqa: D401 - Qt override
        # The labs bind the arrows as window shortcuts: while the panel has the focus,
        # the arrows are the panel's (the same way the labs' editors keep their keys).
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() in self.KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in self.KEYS:
            self.key_step.emit(self.KEYS[event.key()])
        else:
            super().keyPressEvent(event)


class LessonPanel(QDockWidget):
    """Shows one step; emits ``previous_requested``/``next_requested``/``stop_requested``."""

    previous_requested = Signal()
    next_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lesson"), parent)
        self.setObjectName("lessonPanel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        body = _Body(self)
        body.setObjectName("lessonPanelBody")
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        body.key_step.connect(lambda d: (self.next_requested if d > 0 else self.previous_requested).emit())
        self.body = body
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        self.lesson_title = _label(body, "lessonTitle", 1.0, True)
        self.progress_text = _label(body, "lessonProgressText")
        self.progress = QProgressBar(body)
        self.progress.setObjectName("lessonProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.step_title = _label(body, "lessonStepTitle", 1.3, True)
        self.narration = _label(body, "lessonNarration", 1.1)
        self.narration.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.look_at = _label(body, "lessonLookAt")
        self.look_at.setStyleSheet("font-style: italic;")
        self.look_at.hide()
        self.notes = _label(body, "lessonNotes")
        self.notes.setStyleSheet("color: #c0392b;")
        self.notes.hide()
        for prop in (self.lesson_title, self.step_title, self.narration):
            prop.setProperty("cnnvizData", True)  # lesson text: in the lesson's language already
        text = QWidget(body)
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.step_title)
        text_layout.addWidget(self.narration)
        text_layout.addWidget(self.look_at)
        text_layout.addWidget(self.notes)
        text_layout.addStretch(1)
        scroll = QScrollArea(body)
        scroll.setObjectName("lessonNarrationScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(text)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows are the panel's, not the scroll bar's
        self.previous_button = QPushButton(self.tr("◀ Previous"), body)
        self.previous_button.setObjectName("lessonPreviousButton")
        self.previous_button.setToolTip(self.tr("Previous step (Page Up)"))
        self.next_button = QPushButton(self.tr("Next ▶"), body)
        self.next_button.setObjectName("lessonNextButton")
        self.next_button.setToolTip(self.tr("Next step (Page Down)"))
        self.next_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop lesson"), body)
        self.stop_button.setObjectName("lessonStopButton")
        for button in (self.previous_button, self.next_button, self.stop_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        layout.addWidget(self.lesson_title)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        layout.addWidget(scroll, 1)
        # One button a row: the panel stays narrow enough for a 1280-pixel screen.
        layout.addWidget(self.next_button)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.stop_button)
        hint = _label(body, "lessonKeysHint", 0.85)
        hint.setText(self.tr("Page Down / Page Up: next / previous step; → / ← while this panel has the focus."))
        hint.setEnabled(False)
        self.keys_hint = hint
        layout.addWidget(hint)
        self.setWidget(body)
        # The digit page needs about 1120 px: on a 1280-pixel screen 150 px are left.
        self.setMinimumWidth(MIN_WIDTH)
        self.rescale()

    def rescale(self) -> None:
        """Fonts relative to the application font (call when the zoom changes)."""
        from PySide6.QtWidgets import QApplication

        base = QApplication.font()
        for label in self.findChildren(QLabel):
            scale = label.property("fontScale")
            if scale is None:
                continue
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * float(scale))
            font.setBold(bool(label.property("fontBold")))
            label.setFont(font)

    def show_step(self, lesson_title: str, number: int, count: int, title: str, narration: str,
                  progress: str) -> None:
        """Step ``number`` (1-based) of ``count``; ``progress`` is the text "Step 4 of 19"."""
        self.lesson_title.setText(lesson_title)
        self.progress_text.setText(progress)
        self.progress.setRange(0, max(count, 1))
        self.progress.setValue(max(0, number))
        self.step_title.setText(title)
        self.narration.setText(narration)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < count)

    def show_look_at(self, text: str) -> None:
        """What the step points at ("Look at: the padding, the formula"); "" hides it."""
        self.look_at.setText(text)
        self.look_at.setVisible(bool(text))

    def show_notes(self, lines: list[str]) -> None:
        """Problems with this step (a missing model, a file that did not load); none hides."""
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))
