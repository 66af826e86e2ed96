"""The "What filters look for" page: a layer chooser, the grid of channels (synthesised
image beside the test images that excite it most), the enlarged channel, progress and
Cancel. Views only: :mod:`cnnviz.app.features_controller` computes and feeds it."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from cnnviz.core.feature_grid import FeatureGrid
from cnnviz.qt.features.detail import ChannelDetail
from cnnviz.qt.features.tiles import ChannelGridView

SOURCES = ("mnist", "fashion_mnist", "folder")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeaturesPage", text)


def source_title(key: str) -> str:
    return {"mnist": _tr("MNIST test set"), "fashion_mnist": _tr("Fashion-MNIST test set"),
            "folder": _tr("Folder of images…")}.get(key, key)


class FeaturesPage(QWidget):
    layer_chosen = Signal(str)
    source_chosen = Signal(str, str)       # "mnist" | "fashion_mnist" | "folder", folder path
    cancel_requested = Signal()
    export_requested = Signal()
    export_channel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featuresPage")
        self.grid: FeatureGrid | None = None
        self.note = ""
        self.folder = ""
        self.chosen_source = SOURCES[0]
        self.layer = QComboBox()
        self.layer.setObjectName("featureLayer")
        self.layer.setMinimumContentsLength(10)
        self.layer.currentIndexChanged.connect(self._on_layer)
        self.source = QComboBox()
        self.source.setObjectName("featureSource")
        for key in SOURCES:
            self.source.addItem(source_title(key), key)
        self.source.activated.connect(self._on_source)
        self.export_button = QPushButton(_tr("Export grid as PNG…"))
        self.export_button.setObjectName("featureExportGrid")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_requested)
        self.progress = QProgressBar()
        self.progress.setObjectName("featureProgress")
        self.progress.setMaximumWidth(260)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.cancel_button.setObjectName("featureCancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_tr("Layer:")))
        bar.addWidget(self.layer)
        bar.addSpacing(12)
        bar.addWidget(QLabel(_tr("Examples from:")))
        bar.addWidget(self.source)
        bar.addSpacing(12)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.status = QLabel(_tr("No model is loaded: open one first (File > Open model)."))
        self.status.setObjectName("featureStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explain = QLabel(_tr("Each tile: the image synthesised to excite the channel most (left) and the "
                                  "test images that excite it most (right). The number is the channel and the "
                                  "mean activation the synthesised image reaches."))
        self.explain.setObjectName("featureExplain")
        self.explain.setWordWrap(True)
        self.channels = ChannelGridView()
        self.channels.channel_selected.connect(self._on_channel)
        self.detail = ChannelDetail()
        self.detail.export_requested.connect(self.export_channel_requested)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("featureSplitter")
        self.splitter.addWidget(self.channels)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 320])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(self.explain)
        lay.addWidget(self.splitter, 1)

    # -- controller → view ---------------------------------------------------------------
    def set_layers(self, names: list[str], current: str | None = None) -> None:
        """Fill the layer combo without emitting ``layer_chosen``."""
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(names)
        if current in names:
            self.layer.setCurrentIndex(names.index(current))
        self.layer.setEnabled(bool(names))
        self.layer.blockSignals(False)

    def current_layer(self) -> str:
        return self.layer.currentText()

    def select_layer(self, name: str) -> bool:
        """Choose ``name`` in the combo without emitting; False when it is not there."""
        i = self.layer.findText(name)
        if i < 0:
            return False
        self.layer.blockSignals(True)
        self.layer.setCurrentIndex(i)
        self.layer.blockSignals(False)
        return True

    def set_source(self, key: str, folder: str | None = None) -> None:
        i = self.source.findData(key)
        if i >= 0:
            self.source.setCurrentIndex(i)
            self.chosen_source = key
        if folder is not None:
            self.folder = folder

    def source_key(self) -> str:
        return str(self.source.currentData())

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)
        if text:
            self.status.setText(text)

    def set_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(text + "  %p%")

    def show_grid(self, grid: FeatureGrid, note: str = "") -> None:
        self.grid, self.note = grid, note
        self.channels.show_grid(grid)
        self.detail.clear()
        self.export_button.setEnabled(True)

    def clear(self) -> None:
        self.grid, self.note = None, ""
        self.channels.clear_grid()
        self.detail.clear()
        self.export_button.setEnabled(False)

    def enlarge(self, channel: int) -> bool:
        """Enlarge layer channel ``channel`` of the grid shown; False when it is not there."""
        if self.grid is None:
            return False
        try:
            row = self.grid.row(channel)
        except ValueError:
            return False
        self.channels.select_row(row)
        self.detail.show_channel(self.grid, row, self.note)
        return True

    # -- user → controller ---------------------------------------------------------------
    def _on_layer(self, _index: int) -> None:
        if self.layer.currentText():
            self.layer_chosen.emit(self.layer.currentText())

    def _on_channel(self, row: int) -> None:
        if self.grid is not None and 0 <= row < self.grid.channels:
            self.detail.show_channel(self.grid, row, self.note)

    def _on_source(self, _index: int) -> None:
        key = self.source_key()
        if key == "folder":
            folder = QFileDialog.getExistingDirectory(self, _tr("Folder of example images"), self.folder)
            if not folder:
                self.set_source(self.chosen_source)        # dialog cancelled: keep the old choice
                return
            self.folder = folder
        self.chosen_source = key
        self.source_chosen.emit(key, self.folder)
