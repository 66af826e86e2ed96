"""A label for errors and notes whose colour stays readable on light, dark and
high-contrast themes (dark red on black would not be)."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

COLORS = {  # (on a light window, on a dark window)
    "error": ("#b00020", "#ff7b7b"),
    "note": ("#9a4f00", "#ffc266"),
}


class MessageLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, kind: str = "error") -> None:
        super().__init__(parent)
        self._kind = kind
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._apply()

    def color(self) -> str:
        dark = self.palette().window().color().lightness() < 128
        return COLORS[self._kind][1 if dark else 0]

    def _apply(self) -> None:
        weight = "bold" if self._kind == "error" else "normal"
        self.setStyleSheet(f"color: {self.color()}; font-weight: {weight};")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            sheet = f"color: {self.color()};"
            if sheet not in self.styleSheet():
                self._apply()
        super().changeEvent(event)
