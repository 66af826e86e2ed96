"""The small dialog of "Record step": a title and a narration for the step being added."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QWidget)


class RecordStepDialog(QDialog):
    def __init__(self, page_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordStepDialog")
        self.setWindowTitle(self.tr("Record step"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("The page “%1” as it is now becomes a new step of the lesson. "
                               "The text is used for both languages; edit the saved file to translate it.")
                       .replace("%1", page_title), self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("recordStepTitle")
        self.title_edit.setText(page_title)
        self.narration_edit = QPlainTextEdit(self)
        self.narration_edit.setObjectName("recordStepNarration")
        self.narration_edit.setPlaceholderText(self.tr("What the class should look at"))
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Narration:"), self.narration_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, 300)

    def values(self) -> tuple[str, str]:
        title = self.title_edit.text().strip()
        return title, self.narration_edit.toPlainText().strip() or title
