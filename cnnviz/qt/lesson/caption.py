"""The caption bar of presentation mode: the step's title and narration in large type
along the bottom of the window, with the progress ("Step 4 of 19") at its side. It takes the
narration panel's place while presenting."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

#: Title and narration size relative to the application font (already enlarged by
#: presentation mode).
TITLE_SCALE = 1.25
TEXT_SCALE = 1.1


class CaptionBar(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lesson caption"), parent)
        self.setObjectName("lessonCaption")
        self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea)
        self.setTitleBarWidget(QWidget(self))  # no title bar: just the caption
        body = QWidget(self)
        body.setObjectName("lessonCaptionBody")
        body.setAutoFillBackground(True)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(2)
        rule = QFrame(body)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)
        head = QHBoxLayout()
        self.title = QLabel(body)
        self.title.setObjectName("captionTitle")
        self.narration = QLabel(body)
        self.narration.setObjectName("captionNarration")
        self.narration.setWordWrap(True)
        for label in (self.title, self.narration):
            label.setProperty("cnnvizData", True)  # lesson text: in the lesson's language already
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.progress = QLabel(body)
        self.progress.setObjectName("captionProgress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 1)
        head.addWidget(self.progress)
        layout.addLayout(head)
        layout.addWidget(self.narration)
        self.notes = QLabel(body)
        self.notes.setObjectName("captionNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #c0392b;")
        self.notes.hide()
        layout.addWidget(self.notes)
        self.setWidget(body)
        self.rescale()

    def rescale(self) -> None:
        base = QApplication.font()
        for label, scale, bold in ((self.title, TITLE_SCALE, True), (self.narration, TEXT_SCALE, False),
                                   (self.progress, 1.0, False)):
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * scale)
            font.setBold(bold)
            label.setFont(font)
        self._fit_height()

    def show_step(self, title: str, narration: str, progress: str) -> None:
        self.title.setText(title)
        self.narration.setText(narration)
        self.progress.setText(progress)
        self._fit_height()

    def show_notes(self, lines: list[str]) -> None:
        """Problems with the step or the lesson (as in the narration panel); none hides."""
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))
        self._fit_height()

    def _fit_height(self) -> None:
        """Exactly as tall as the text needs at the current width: the pages keep the rest."""
        body = self.widget()
        width = max(self.width(), 200)
        height = body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()
        self.setFixedHeight(max(height, body.minimumSizeHint().height()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height()
