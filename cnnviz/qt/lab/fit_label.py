"""A label that draws its text as large as fits: the step formula must be readable from
the back row when short (``(1×1)+(0×0)+(0×0)+(1×1) = 2``) and still fit when a 7×7 kernel
makes it 49 products long. ``text()`` stays exactly the text set."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget


ZWSP = "\u200b"


def with_break_points(text: str) -> str:
    """Allow line breaks between the products of a formula: ``(1×2)+(3×4)`` has no
    spaces, so a zero-width space goes after each ``+`` (the label's text is unchanged)."""
    return text.replace(")+(", ")+" + ZWSP + "(").replace(")+…", ")+" + ZWSP + "…")


class FitLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, *, max_factor: float = 2.4, min_factor: float = 0.9,
                 lines: float = 2.3, bold: bool = True, align_left: bool = False) -> None:
        super().__init__(parent)
        self._align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter if align_left else Qt.AlignmentFlag.AlignCenter
        self._max, self._min, self._lines, self._bold = max_factor, min_factor, lines, bold
        self._cache: tuple | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.apply_base_font()

    def apply_base_font(self, base: QFont | None = None) -> None:
        """Sizes follow ``base`` (default: the application font)."""
        f = QFont(base if base is not None else QApplication.font())
        if f.pointSizeF() <= 0:
            f.setPointSizeF(10.0)
        self._base = f
        big = self._font(self._max)
        self.setFixedHeight(int(QFontMetricsF(big).height() * self._lines) + 4)
        self._cache = None
        self.update()

    def _font(self, factor: float) -> QFont:
        f = QFont(self._base)
        f.setPointSizeF(self._base.pointSizeF() * factor)
        f.setBold(self._bold)
        return f

    def fitted_font(self) -> tuple[QFont, int]:
        """The largest font (and the wrap flag) that fits the text in the label."""
        text = with_break_points(self.text())
        key = (text, self.width(), self.height(), self._base.pointSizeF())
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1], self._cache[2]
        rect = QRectF(0, 0, max(self.width() - 8, 10), 1e6)
        # One line at up to a quarter smaller reads better than a wrapped "= 15".
        factor = self._max
        while factor >= self._max * 0.74:
            font = self._font(factor)
            if QFontMetricsF(font).horizontalAdvance(text) <= rect.width():
                self._cache = (key, font, int(Qt.TextFlag.TextWordWrap))
                return font, int(Qt.TextFlag.TextWordWrap)
            factor *= 0.95
        factor = self._max
        flags = int(Qt.TextFlag.TextWordWrap)
        font = self._font(factor)
        while factor >= self._min:
            font = self._font(factor)
            fm = QFontMetricsF(font)
            one_line = fm.horizontalAdvance(text) <= rect.width()
            if one_line:
                flags = int(Qt.TextFlag.TextWordWrap)
                break
            words = fm.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), text)
            if words.height() <= self.height() - 4 and words.width() <= rect.width() + 0.5 and self._lines >= 2:
                flags = int(Qt.TextFlag.TextWordWrap)  # breaks at spaces ("… + 0.05 = …")
                break
            br = fm.boundingRect(rect, int(Qt.TextFlag.TextWrapAnywhere), text)
            if br.height() <= self.height() - 4 and (factor <= self._max * 0.75 or self._lines < 2):
                flags = int(Qt.TextFlag.TextWrapAnywhere)
                break
            factor *= 0.92
        else:
            flags = int(Qt.TextFlag.TextWrapAnywhere)
        self._cache = (key, font, flags)
        return font, flags

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.text():
            return
        font, flags = self.fitted_font()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        p.setPen(self.palette().windowText().color())
        p.drawText(QRectF(self.rect()).adjusted(4, 2, -4, -2), int(self._align) | flags,
                   with_break_points(self.text()))
        p.end()
