"""ModelPage: the view. Shows plain data (a ModelInfo dataclass, strings); emits signals.

No Keras here: the controller hands over :class:`cnnviz.inference.model_info.ModelInfo`
computed in the loader's worker thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from cnnviz.qt.presentation import set_relative_font

COLUMNS = ("layer", "type", "output shape", "params", "kernel", "stride", "padding", "activation")


class ModelPage(QWidget):
    open_requested = Signal()
    bundled_requested = Signal(str)  # path of a bundled model
    class_names_applied = Signal(list)
    class_names_save_requested = Signal(list)
    weights_architecture_chosen = Signal(str)  # bundled architecture name
    weights_architecture_file_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_model")
        root = QVBoxLayout(self)

        # -- top bar: open, bundled models, busy state -------------------------------------
        bar = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open model…"), self)
        self.open_button.setObjectName("openModelButton")
        self.open_button.setToolTip(self.tr("Open a Keras model file (.keras, .h5) — or drop one on the window"))
        self.open_button.clicked.connect(self.open_requested)
        bar.addWidget(self.open_button)
        self.bundled_combo = QComboBox(self)
        self.bundled_combo.setObjectName("bundledModels")
        self.bundled_button = QPushButton(self.tr("Open bundled"), self)
        self.bundled_button.setObjectName("openBundledButton")
        self.bundled_button.clicked.connect(
            lambda: self.bundled_combo.currentData() and self.bundled_requested.emit(self.bundled_combo.currentData()))
        bar.addWidget(self.bundled_combo)
        bar.addWidget(self.bundled_button)
        bar.addStretch(1)
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("modelBusyLabel")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("modelBusyBar")
        self.busy_bar.setRange(0, 0)  # indeterminate
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy_bar)
        root.addLayout(bar)
        self.set_busy(None)

        # -- error / weights-only banners ---------------------------------------------------
        self.error_label = QLabel(self)
        self.error_label.setObjectName("modelErrorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_label.setStyleSheet("QLabel#modelErrorLabel { background: #fdecea; color: #611a15; padding: 8px; }")
        self.error_label.hide()
        root.addWidget(self.error_label)

        self.weights_box = QGroupBox(self.tr("This file holds only weights"), self)
        self.weights_box.setObjectName("weightsOnlyBox")
        wl = QVBoxLayout(self.weights_box)
        self.weights_message = QLabel(self.weights_box)
        self.weights_message.setObjectName("weightsOnlyMessage")
        self.weights_message.setWordWrap(True)
        wl.addWidget(self.weights_message)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Architecture:"), self.weights_box))
        self.arch_combo = QComboBox(self.weights_box)
        self.arch_combo.setObjectName("weightsArchitecture")
        row.addWidget(self.arch_combo, 1)
        self.arch_combo.currentIndexChanged.connect(lambda _i: self._update_arch_button())
        self.arch_load_button = QPushButton(self.tr("Load weights into it"), self.weights_box)
        self.arch_load_button.setObjectName("loadWeightsButton")
        self.arch_load_button.clicked.connect(
            lambda: self.arch_combo.currentData() and self.weights_architecture_chosen.emit(self.arch_combo.currentData()))
        row.addWidget(self.arch_load_button)
        self.arch_file_button = QPushButton(self.tr("Architecture file (.keras/.json)…"), self.weights_box)
        self.arch_file_button.setObjectName("weightsArchitectureFileButton")
        self.arch_file_button.clicked.connect(self.weights_architecture_file_requested)
        row.addWidget(self.arch_file_button)
        wl.addLayout(row)
        self.weights_box.hide()
        root.addWidget(self.weights_box)

        # -- model facts ------------------------------------------------------------------
        self.title_label = QLabel(self.tr("No model open"), self)
        self.title_label.setObjectName("modelTitle")
        set_relative_font(self.title_label, 1.4, bold=True)
        root.addWidget(self.title_label)
        facts = QFormLayout()
        self.facts: dict[str, QLabel] = {}
        for key, label in (("file", self.tr("File")), ("saved_by", self.tr("Saved by")),
                           ("input", self.tr("Input")), ("output", self.tr("Output")),
                           ("params", self.tr("Parameters")), ("notes", self.tr("Compatibility"))):
            value = QLabel("—", self)
            value.setObjectName(f"modelFact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label + ":", value)
            self.facts[key] = value
        root.addLayout(facts)

        # -- summary table | class names ----------------------------------------------------
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("modelSplitter")
        self.table = QTableWidget(0, len(COLUMNS), split)
        self.table.setObjectName("modelSummaryTable")
        self.table.setHorizontalHeaderLabels([self._column_title(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        classes = QGroupBox(self.tr("Class names"), split)
        classes.setObjectName("classNamesBox")
        cl = QVBoxLayout(classes)
        self.class_hint = QLabel(classes)
        self.class_hint.setObjectName("classNamesHint")
        self.class_hint.setWordWrap(True)
        cl.addWidget(self.class_hint)
        self.class_edit = QPlainTextEdit(classes)
        self.class_edit.setObjectName("classNamesEdit")
        self.class_edit.setPlaceholderText(self.tr("one name per line"))
        cl.addWidget(self.class_edit, 1)
        buttons = QHBoxLayout()
        self.apply_names_button = QPushButton(self.tr("Apply"), classes)
        self.apply_names_button.setObjectName("applyClassNamesButton")
        self.apply_names_button.clicked.connect(lambda: self.class_names_applied.emit(self.class_names_text()))
        self.save_names_button = QPushButton(self.tr("Save beside the model"), classes)
        self.save_names_button.setObjectName("saveClassNamesButton")
        self.save_names_button.setToolTip(self.tr("Write <model>.labels.txt next to the model file"))
        self.save_names_button.clicked.connect(lambda: self.class_names_save_requested.emit(self.class_names_text()))
        buttons.addWidget(self.apply_names_button)
        buttons.addWidget(self.save_names_button)
        cl.addLayout(buttons)
        self.class_status = QLabel(classes)
        self.class_status.setObjectName("classNamesStatus")
        self.class_status.setWordWrap(True)
        cl.addWidget(self.class_status)
        split.addWidget(self.table)
        split.addWidget(classes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        root.addWidget(split, 1)
        self._needed_names = 0
        self._set_class_widgets_enabled(False)

    def _column_title(self, key: str) -> str:
        return {"layer": self.tr("Layer"), "type": self.tr("Type"), "output shape": self.tr("Output shape"),
                "params": self.tr("Params"), "kernel": self.tr("Kernel"), "stride": self.tr("Stride"),
                "padding": self.tr("Padding"), "activation": self.tr("Activation")}[key]

    # -- state ------------------------------------------------------------------------------
    def set_busy(self, name: str | None) -> None:
        busy = name is not None
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.busy_label.setText(self.tr("Loading {0}…").format(name))
        self.open_button.setEnabled(True)  # a newer request always wins; never lock the user out

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def show_weights_only(self, message: str, architectures: list[tuple[str, str]],
                          preselect: str | None = None) -> None:
        """``preselect``: the architecture that matches the file's layers (None: none is
        chosen until the user picks one)."""
        self.weights_message.setText(message)
        self.arch_combo.clear()
        self.arch_combo.setPlaceholderText(self.tr("choose…"))
        for name, title in architectures:
            self.arch_combo.addItem(f"{title} ({name})", name)
        self.arch_combo.setCurrentIndex(self.arch_combo.findData(preselect) if preselect else -1)
        self._update_arch_button()
        self.weights_box.show()

    def _update_arch_button(self) -> None:
        self.arch_load_button.setEnabled(self.arch_combo.currentIndex() >= 0)

    def hide_weights_only(self) -> None:
        self.weights_box.hide()

    def set_bundled(self, models: list[tuple[str, str]]) -> None:
        self.bundled_combo.clear()
        for title, path in models:
            self.bundled_combo.addItem(title, path)
        has = self.bundled_combo.count() > 0
        self.bundled_combo.setVisible(has)
        self.bundled_button.setVisible(has)

    def show_model(self, *, name: str, path: str, info, class_names: list[str]) -> None:
        """``info`` is a ModelInfo (plain data)."""
        self.title_label.setText(name)
        self.facts["file"].setText(path)
        if info is None:
            for key in ("saved_by", "input", "output", "params", "notes"):
                self.facts[key].setText("—")
            self.table.setRowCount(0)
        else:
            fmt = {"keras": ".keras (Keras 3)", "h5": ".h5 (HDF5)", "h5 weights": ".h5 weights"}.get(
                info.format or "", info.format or "")
            saved = (self.tr("Keras {0}").format(info.saved_by) if info.saved_by
                     else self.tr("unknown Keras version"))
            self.facts["saved_by"].setText(f"{saved} — {fmt}" if fmt else saved)
            input_text = f"{tuple(info.input_shape)} — {self._input_text(info.input)}"
            if not info.visualizable:
                input_text += "  " + self.tr("(cannot be drawn: this model's input is not an image)")
            self.facts["input"].setText(input_text.replace("None", "N"))
            self.facts["output"].setText(f"{tuple(info.output_shape)} — {self._output_text(info.output)}".replace("None", "N"))
            self.facts["params"].setText(self.tr("{0} ({1} trainable), {2} layers").format(
                f"{info.total_params:,}", f"{info.trainable_params:,}", len(info.layers)))
            self.facts["notes"].setText("\n".join(info.notes) if info.notes else self.tr("loaded as saved"))
            self._fill_table(info.layers)
        self.set_class_names(class_names, info.output.n_classes if info is not None else len(class_names))

    def _input_text(self, spec) -> str:
        """The model's input in words (spec: cnnviz.inference.model_info.InputSpec)."""
        colour = self.tr("grayscale") if spec.channels == 1 else self.tr("RGB")
        size = f"{spec.height}×{spec.width}" if spec.height and spec.width else self.tr("any size")
        if spec.kind == "image":
            text = self.tr("{0} image {1}").format(colour, size)
            return text if len(spec.shape) == 3 else text + " " + self.tr("(no channel axis)")
        if spec.kind == "flat":
            return self.tr("flat vector of {0} values = {1} image {2} flattened").format(spec.shape[0], colour, size)
        return spec.message

    def _output_text(self, out) -> str:
        if out.kind == "softmax":
            return self.tr("softmax over {0} classes").format(out.units)
        if out.kind == "binary":
            return self.tr("one sigmoid unit: a binary (yes/no) probability")
        if out.kind == "sigmoid":
            return self.tr("{0} independent sigmoid outputs").format(out.units)
        return self.tr("{0} scores ({1}, no softmax)").format(out.units, out.activation)

    def _fill_table(self, rows) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = ("    " * row.depth + row.name, row.type, row.output_shape, f"{row.params:,}",
                      row.kernel, row.strides, row.padding, row.activation)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def set_class_names(self, names: list[str], needed: int) -> None:
        self._needed_names = needed
        self.class_edit.setPlainText("\n".join(names))
        self.class_hint.setText(self.tr("{0} classes: one name per line, in output order.").format(needed))
        self.class_status.setText("")
        self._set_class_widgets_enabled(needed > 0)

    def class_names_text(self) -> list[str]:
        lines = [line.strip() for line in self.class_edit.toPlainText().splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def set_class_status(self, text: str) -> None:
        self.class_status.setText(text)

    def _set_class_widgets_enabled(self, on: bool) -> None:
        for w in (self.class_edit, self.apply_names_button, self.save_names_button):
            w.setEnabled(on)
