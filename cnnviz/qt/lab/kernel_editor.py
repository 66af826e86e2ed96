"""The kernel editor: presets with their one-line descriptions, a size from 1×1 to 7×7 and
values typed into cells. A cell that is not a number turns red and the reason is shown
under the table; the last valid kernel stays in use until the cell is fixed."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHeaderView, QLabel, QLineEdit,
                               QSizePolicy, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.core.kernels import MAX_SIZE, MIN_SIZE, PRESETS, PRESETS_BY_KEY, KernelError, validate_kernel
from cnnviz.core.matrices import MatrixParseError, parse_matrix, parse_number
from cnnviz.core.numbers import fmt

BAD_CELL = QColor("#ffb3b3")
BAD_TEXT = QColor("#8b0000")


def preset_name(key: str) -> str:
    return QCoreApplication.translate("KernelPresets", PRESETS_BY_KEY[key].name)


def preset_description(key: str) -> str:
    return QCoreApplication.translate("KernelPresets", PRESETS_BY_KEY[key].description)


class KernelEditor(QWidget):
    """Edit a ``(kh, kw)`` kernel (or one channel of a ``(kh, kw, C)`` kernel)."""

    kernel_changed = Signal()
    """The (valid) kernel changed."""
    validity_changed = Signal(bool)

    CUSTOM = "custom"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelEditor")
        self._kernel = np.array([[1.0, 0.0], [0.0, 1.0]])[:, :, None]
        self._channel = 0
        self._bad: dict[tuple[int, int, int], str] = {}
        self._text_error = ""
        self._updating = False

        self.preset = QComboBox(self)
        self.preset.setObjectName("kernelPreset")
        self.preset.addItem(self.tr("Custom"), self.CUSTOM)
        for p in PRESETS:
            self.preset.addItem(preset_name(p.key), p.key)
        self.description = QLabel(self)
        self.description.setObjectName("kernelDescription")
        self.description.setWordWrap(True)
        self.rows = QSpinBox(self)
        self.rows.setObjectName("kernelRows")
        self.cols = QSpinBox(self)
        self.cols.setObjectName("kernelCols")
        for s in (self.rows, self.cols):
            s.setRange(MIN_SIZE, MAX_SIZE)
        self.table = QTableWidget(self)
        self.table.setObjectName("kernelTable")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setVisible(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._apply_table_font()
        self.text = QLineEdit(self)
        self.text.setObjectName("kernelText")
        self.text.setPlaceholderText(self.tr("or type the whole kernel: 1,0;0,1 and press Enter"))
        self.error = MessageLabel(self, "error")
        self.error.setObjectName("kernelError")
        self.error.setWordWrap(True)
        self.error.hide()

        size_row = QGridLayout()
        size_row.addWidget(QLabel(self.tr("Preset"), self), 0, 0)
        size_row.addWidget(self.preset, 0, 1, 1, 3)
        size_row.addWidget(QLabel(self.tr("Size"), self), 1, 0)
        size_row.addWidget(self.rows, 1, 1)
        size_row.addWidget(QLabel("×", self), 1, 2, Qt.AlignmentFlag.AlignCenter)
        size_row.addWidget(self.cols, 1, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(size_row)
        lay.addWidget(self.description)
        lay.addWidget(self.table)
        lay.addWidget(self.text)
        lay.addWidget(self.error)

        self.preset.currentIndexChanged.connect(self._on_preset)
        self.rows.valueChanged.connect(self._on_size)
        self.cols.valueChanged.connect(self._on_size)
        self.table.itemChanged.connect(self._on_item)
        self.text.returnPressed.connect(self._on_text)
        self.text.textEdited.connect(self._clear_text_error)
        self._fill_table()

    # -- public API ---------------------------------------------------------------------
    def kernel(self) -> np.ndarray | None:
        """The kernel, ``(kh, kw)`` for one channel else ``(kh, kw, C)``; ``None`` while
        a cell holds something that is not a number."""
        if self._bad:
            return None
        k = self._kernel.copy()
        return k[:, :, 0] if k.shape[2] == 1 else k

    def is_valid(self) -> bool:
        return not self._bad

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() or self._bad or self._text_error else ""

    def channels(self) -> int:
        return self._kernel.shape[2]

    def last_valid_kernel(self) -> np.ndarray:
        """The kernel in use, ``(kh, kw, C)``: while a cell is bad, the last valid one."""
        return self._kernel.copy()

    def preset_keys(self) -> list[str]:
        return [self.preset.itemData(i) for i in range(self.preset.count())]

    def set_kernel(self, kernel: np.ndarray, preset_key: str | None = None) -> None:
        """Load a kernel (``(kh, kw)`` or ``(kh, kw, C)``); raises KernelError when it
        does not fit the editor (size outside 1…7, not finite)."""
        a = np.asarray(kernel, dtype=np.float64)
        if a.ndim == 2:
            a = a[:, :, None]
        if a.ndim != 3:
            raise KernelError(f"a kernel is (kh, kw) or (kh, kw, C), got shape {a.shape}")
        for c in range(a.shape[2]):
            validate_kernel(a[:, :, c])
        self._kernel = a.copy()
        self._channel = min(self._channel, a.shape[2] - 1)
        self._bad.clear()
        self._updating = True
        try:
            idx = self.preset.findData(preset_key if preset_key else self._matching_preset())
            self.preset.setCurrentIndex(max(idx, 0))
            self._show_description()
            self.rows.setValue(a.shape[0])
            self.cols.setValue(a.shape[1])
        finally:
            self._updating = False
        self._fill_table()
        self._show_error()
        self.kernel_changed.emit()

    def set_preset(self, key: str) -> None:
        idx = self.preset.findData(key)
        if idx < 0:
            raise KeyError(key)
        self.preset.setCurrentIndex(idx)

    def preset_key(self) -> str:
        return self.preset.currentData()

    def set_channel(self, c: int) -> None:
        c = max(0, min(int(c), self._kernel.shape[2] - 1))
        if c != self._channel:
            self._channel = c
            self._fill_table()

    def set_cell_text(self, r: int, c: int, text: str) -> None:
        """Type ``text`` into a cell (what a user does; tests use it too)."""
        item = self.table.item(r, c)
        item.setText(text)

    # -- internals ----------------------------------------------------------------------
    def _apply_table_font(self) -> None:
        from PySide6.QtWidgets import QApplication

        f = QFont(QApplication.font())
        f.setPointSizeF((f.pointSizeF() if f.pointSizeF() > 0 else 10.0) * 1.3)
        self.table.setFont(f)
        self._fit_table()

    def _fit_table(self) -> None:
        row_h = int(self.table.fontMetrics().height() * 1.9)
        header = self.table.verticalHeader()
        header.setMinimumSectionSize(8)
        header.setDefaultSectionSize(row_h)
        for r in range(self.table.rowCount()):
            header.resizeSection(r, row_h)
        rows = max(self.table.rowCount(), 1)
        height = rows * row_h + 2 * self.table.frameWidth() + 4
        if self.table.height() != height or self.table.minimumHeight() != height:
            self.table.setFixedHeight(height)
            # Re-run the layouts up to the side panel now, so the fields below the table
            # never overlap it, not even for one frame (or one exported picture).
            w = self
            while w is not None:
                if w.layout() is not None:
                    w.layout().activate()
                w = w.parentWidget()

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FontChange:
            self._apply_table_font()
        super().changeEvent(event)

    def _matching_preset(self) -> str:
        k = self._kernel
        if all(np.array_equal(k[:, :, 0], k[:, :, c]) for c in range(1, k.shape[2])):
            for p in PRESETS:
                if p.values.shape == k.shape[:2] and np.allclose(p.values, k[:, :, 0]):
                    return p.key
        return self.CUSTOM

    def _fill_table(self) -> None:
        kh, kw, _ = self._kernel.shape
        self._updating = True
        try:
            self.table.setRowCount(kh)
            self.table.setColumnCount(kw)
            for r in range(kh):
                for c in range(kw):
                    item = self.table.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                        self.table.setItem(r, c, item)
                    item.setText(fmt(self._kernel[r, c, self._channel], 4))
                    self._paint_item(item, None)
        finally:
            self._updating = False
        self._fit_table()

    def _paint_item(self, item: QTableWidgetItem, message: str | None) -> None:
        if message:
            item.setBackground(QBrush(BAD_CELL))
            item.setForeground(QBrush(BAD_TEXT))
            item.setToolTip(message)
        else:
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setData(Qt.ItemDataRole.ForegroundRole, None)
            item.setToolTip("")

    def _show_description(self) -> None:
        key = self.preset.currentData()
        if key == self.CUSTOM:
            self.description.setText(self.tr("Your own kernel: type a number into each cell."))
        else:
            self.description.setText(preset_description(key))

    def _show_error(self) -> None:
        if self._bad:
            (ch, r, c), msg = sorted(self._bad.items())[0]
            prefix = self.tr("Channel %1, ").replace("%1", str(ch + 1)) if self._kernel.shape[2] > 1 else ""
            more = len(self._bad) - 1
            extra = self.tr(" (and %1 more)").replace("%1", str(more)) if more else ""
            self.error.setText(prefix + msg + extra + self.tr(" — the last valid kernel stays in use."))
            self.error.show()
        elif self._text_error:
            self.error.setText(self._text_error)
            self.error.show()
        else:
            self.error.clear()
            self.error.hide()

    def _on_preset(self, _index: int) -> None:
        if self._updating:
            return
        key = self.preset.currentData()
        self._show_description()
        if key == self.CUSTOM:
            return
        values = PRESETS_BY_KEY[key].values
        self.set_kernel(np.repeat(values[:, :, None], self._kernel.shape[2], axis=2), preset_key=key)

    def _on_size(self, _v: int) -> None:
        if self._updating:
            return
        kh, kw = self.rows.value(), self.cols.value()
        old = self._kernel
        new = np.zeros((kh, kw, old.shape[2]))
        h, w = min(kh, old.shape[0]), min(kw, old.shape[1])
        new[:h, :w] = old[:h, :w]
        self._kernel = new
        self._bad = {k: v for k, v in self._bad.items() if k[1] < kh and k[2] < kw}
        self._set_custom()
        self._fill_table()
        self._show_error()
        self.validity_changed.emit(not self._bad)
        if not self._bad:
            self.kernel_changed.emit()

    def _set_custom(self) -> None:
        self._updating = True
        try:
            self.preset.setCurrentIndex(max(self.preset.findData(self._matching_preset()), 0))
            self._show_description()
        finally:
            self._updating = False

    def _on_item(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        r, c = item.row(), item.column()
        key = (self._channel, r, c)
        was_valid = not self._bad
        try:
            value = parse_number(item.text(), r + 1, c + 1)
        except MatrixParseError as exc:
            self._bad[key] = str(exc)
            self._paint_item(item, str(exc))
            self._show_error()
            if was_valid:
                self.validity_changed.emit(False)
            return
        self._bad.pop(key, None)
        self._updating = True
        try:
            self._paint_item(item, None)
        finally:
            self._updating = False
        self._kernel[r, c, self._channel] = value
        self._set_custom()
        self._show_error()
        if not was_valid and not self._bad:
            self.validity_changed.emit(True)
        if not self._bad:
            self.kernel_changed.emit()

    def _clear_text_error(self, _text: str) -> None:
        if self._text_error:
            self._text_error = ""
            self._show_error()

    def _on_text(self) -> None:
        try:
            k = validate_kernel(parse_matrix(self.text.text()))
        except (MatrixParseError, KernelError) as exc:
            self._text_error = self.tr("Kernel text: %1").replace("%1", str(exc))
            self._show_error()
            return
        self._text_error = ""
        self.set_kernel(np.repeat(k[:, :, None], self._kernel.shape[2], axis=2))
