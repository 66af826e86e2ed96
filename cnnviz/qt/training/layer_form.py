"""An editable layer stack: one table row per layer, checked as the user types.

``spec()`` returns the list of dicts :func:`cnnviz.inference.architectures.build_from_spec`
takes; ``set_spec(spec)`` fills the table. Validation and the parameter count come from
the checker the controller passes in (:meth:`LayerStackForm.set_checker`; the app's is
the pure-Python check of :mod:`cnnviz.inference.architectures`).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QSize, Signal
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox,
    QTableWidget, QVBoxLayout, QWidget,
)

TYPES = (("conv", "Conv2D"), ("pool", "MaxPooling2D"), ("avgpool", "AveragePooling2D"),
         ("batchnorm", "BatchNormalization"), ("dropout", "Dropout"), ("flatten", "Flatten"),
         ("dense", "Dense"))
ACTIVATIONS = ("relu", "linear", "tanh", "sigmoid", "elu", "gelu", "swish")
COLUMNS = ("Layer", "Filters / units", "Kernel / pool", "Activation", "Padding", "Rate")
COL_TYPE, COL_SIZE, COL_KERNEL, COL_ACT, COL_PAD, COL_RATE = range(6)
# Which cells each layer type uses.
USES = {"conv": {COL_SIZE, COL_KERNEL, COL_ACT, COL_PAD}, "pool": {COL_KERNEL}, "avgpool": {COL_KERNEL},
        "batchnorm": set(), "dropout": {COL_RATE}, "flatten": set(), "dense": {COL_SIZE, COL_ACT}}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LayerStackForm", text)


class _Cell(QWidget):
    """A table cell holding one editor, which is hidden (the cell left blank) where the
    row's layer type has no such field: no greyed "128 / relu / valid" on a pooling row.
    (The table shows its cell widgets again on every layout, so the editor inside is
    what hides.)"""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(editor)
        policy = editor.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        editor.setSizePolicy(policy)

    def set_applies(self, applies: bool) -> None:
        self.editor.setVisible(applies)
        self.editor.setEnabled(applies)

    def sizeHint(self) -> QSize:  # noqa: N802 - the column keeps its width with the editor hidden
        return self.editor.sizeHint()


class LayerStackForm(QWidget):
    """Edit a layer stack; emits ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerStackForm")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("layerTable")
        self.table.setHorizontalHeaderLabels([_tr("Layer"), _tr("Filters / units"), _tr("Kernel / pool"),
                                              _tr("Activation"), _tr("Padding"), _tr("Rate")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text in (("add", _tr("Add layer")), ("remove", _tr("Remove")), ("up", _tr("Up")),
                          ("down", _tr("Down"))):
            b = QPushButton(text, self)
            b.setObjectName(f"layer_{key}")
            buttons.addWidget(b)
            self.buttons[key] = b
        buttons.addStretch(1)
        self.message = QLabel("", self)
        self.message.setObjectName("layerStackStatus")
        self.message.setWordWrap(True)
        self.output_note = QLabel(_tr("+ Dense (one unit per class, softmax) is added as the output layer."), self)
        self.output_note.setWordWrap(True)  # never widens the page (presentation mode at 1280×800)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.output_note)
        lay.addWidget(self.message)
        self.buttons["add"].clicked.connect(self._add_after_current)
        self.buttons["remove"].clicked.connect(self._remove_current)
        self.buttons["up"].clicked.connect(lambda: self._move(-1))
        self.buttons["down"].clicked.connect(lambda: self._move(1))
        self._valid = False
        self._filling = False
        self._checker: Callable[[list[dict]], int] | None = None
        self.changed.connect(self._validate)

    # -- rows -------------------------------------------------------------------------
    def _make_row(self, row: int, layer: dict) -> None:
        t = QComboBox()
        for key, title in TYPES:
            t.addItem(title, key)
        t.setCurrentIndex(max(0, t.findData(layer.get("type", "conv"))))
        size = QSpinBox()
        size.setRange(1, 8192)
        kind = layer.get("type", "conv")
        size.setValue(int(layer.get("filters", layer.get("units", 32 if kind == "conv" else 128))))
        kernel = QSpinBox()
        kernel.setRange(1, 15)
        kernel.setValue(int(layer.get("kernel", layer.get("size", 3 if kind == "conv" else 2))))
        act = QComboBox()
        act.addItems(ACTIVATIONS)
        act.setCurrentText(str(layer.get("activation", "relu")))
        pad = QComboBox()
        pad.addItems(["valid", "same"])
        pad.setCurrentText(str(layer.get("padding", "valid")))
        rate = QDoubleSpinBox()
        rate.setRange(0.0, 0.95)
        rate.setSingleStep(0.05)
        rate.setValue(float(layer.get("rate", 0.25)))
        for col, w in enumerate((t, size, kernel, act, pad, rate)):
            w.setObjectName(f"layer{row}_{col}")
            self.table.setCellWidget(row, col, w if col == COL_TYPE else _Cell(w))
        t.currentIndexChanged.connect(lambda _i, w=t: self._on_type_changed(w))
        for w in (size, kernel, rate):
            w.valueChanged.connect(self._emit)
        for w in (act, pad):
            w.currentIndexChanged.connect(self._emit)
        self._update_enabled(row)

    def _row_of(self, widget) -> int:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, COL_TYPE) is widget:
                return r
        return -1

    def _on_type_changed(self, combo) -> None:
        r = self._row_of(combo)
        if r >= 0:
            self._update_enabled(r)
        self._emit()

    def editor(self, row: int, col: int) -> QWidget:
        """The editor of one cell (the type combo, a spin box, a combo)."""
        w = self.table.cellWidget(row, col)
        return w.editor if isinstance(w, _Cell) else w

    def field_applies(self, row: int, col: int) -> bool:
        """False where the row's layer type has no such field (the cell is blank)."""
        return col in USES.get(self.editor(row, COL_TYPE).currentData(), set()) or col == COL_TYPE

    def _update_enabled(self, row: int) -> None:
        kind = self.table.cellWidget(row, COL_TYPE).currentData()
        for col in range(1, len(COLUMNS)):
            self.table.cellWidget(row, col).set_applies(col in USES.get(kind, set()))

    def _emit(self, *_args) -> None:
        if not self._filling:
            self.changed.emit()

    def _add_after_current(self) -> None:
        r = self.table.currentRow()
        spec = self.spec()
        at = len(spec) if r < 0 else r + 1
        spec.insert(at, {"type": "dense", "units": 64, "activation": "relu"} if any(
            layer["type"] in ("flatten", "dense") for layer in spec[:at]) else
            {"type": "conv", "filters": 16, "kernel": 3, "activation": "relu", "padding": "same"})
        self.set_spec(spec)
        self.table.selectRow(at)
        self.changed.emit()

    def _remove_current(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        spec = self.spec()
        del spec[r]
        self.set_spec(spec)
        self.table.selectRow(min(r, len(spec) - 1))
        self.changed.emit()

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        spec = self.spec()
        if r < 0 or not 0 <= r + step < len(spec):
            return
        spec[r], spec[r + step] = spec[r + step], spec[r]
        self.set_spec(spec)
        self.table.selectRow(r + step)
        self.changed.emit()

    # -- spec -------------------------------------------------------------------------
    def set_spec(self, spec: list[dict]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(spec))
            for r, layer in enumerate(spec):
                self._make_row(r, layer)
        finally:
            self._filling = False
        self._validate()

    def spec(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            w = [self.editor(r, c) for c in range(len(COLUMNS))]
            kind = w[COL_TYPE].currentData()
            layer: dict = {"type": kind}
            if kind == "conv":
                layer.update(filters=w[COL_SIZE].value(), kernel=w[COL_KERNEL].value(),
                             activation=w[COL_ACT].currentText(), padding=w[COL_PAD].currentText())
            elif kind in ("pool", "avgpool"):
                layer["size"] = w[COL_KERNEL].value()
            elif kind == "dropout":
                layer["rate"] = round(w[COL_RATE].value(), 4)
            elif kind == "dense":
                layer.update(units=w[COL_SIZE].value(), activation=w[COL_ACT].currentText())
            out.append(layer)
        return out

    def is_valid(self) -> bool:
        return self._valid

    def set_checker(self, checker: Callable[[list[dict]], int]) -> None:
        """``checker(spec)`` returns the stack's parameter count or raises ValueError
        saying why it cannot be built (the controller passes the model layer's check)."""
        self._checker = checker
        self._validate()

    def _validate(self) -> None:
        spec = self.spec()
        if self._checker is None:  # nothing to check with yet: not startable
            self._valid = False
            self.message.setText("")
            return
        try:
            n = self._checker(spec)
        except ValueError as exc:
            self._valid = False
            self.message.setText(_tr("Cannot build: {0}").format(str(exc)))
            self.message.setStyleSheet("color: #b91c1c;")
            return
        self._valid = True
        self.message.setText(_tr("{0} layers, {1:,} parameters ({2:.1f} MB)").format(
            len(spec) + 1, n, n * 4 / 1e6))
        self.message.setStyleSheet("")
