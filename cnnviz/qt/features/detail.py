"""The enlarged channel: its synthesised image large, its best test images with their mean
activations, and what the numbers mean."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

from cnnviz.core.feature_grid import FeatureGrid
from cnnviz.qt.features.tiles import to_pixmap

BIG = 224
EXAMPLE = 72
COLUMNS = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeaturesPage", text)


class ChannelDetail(QScrollArea):
    """Shows one channel of a :class:`FeatureGrid`; ``export_requested`` asks the
    controller to save it as a PNG."""

    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureChannelDetail")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.title = QLabel(_tr("Click a channel to enlarge it"))
        self.title.setObjectName("featureDetailTitle")
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.image = QLabel()
        self.image.setObjectName("featureDetailImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumHeight(BIG)
        self.value = QLabel()
        self.value.setObjectName("featureDetailValue")
        self.value.setWordWrap(True)
        self.examples_title = QLabel(_tr("Test images that excite it most"))
        self.examples_box = QWidget()
        self.examples_grid = QGridLayout(self.examples_box)
        self.examples_grid.setContentsMargins(0, 0, 0, 0)
        self.examples_note = QLabel()
        self.examples_note.setObjectName("featureDetailNote")
        self.examples_note.setWordWrap(True)
        self.export_button = QPushButton(_tr("Export this channel as PNG…"))
        self.export_button.setObjectName("featureExportChannel")
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        for w in (self.title, self.image, self.value, self.examples_title, self.examples_box,
                  self.examples_note, self.export_button):
            lay.addWidget(w)
        lay.addStretch(1)
        self.setWidget(body)
        self.grid: FeatureGrid | None = None
        self.row = -1
        self.example_labels: list[QLabel] = []
        self.clear()

    def clear(self) -> None:
        self.grid, self.row = None, -1
        self.title.setText(_tr("Click a channel to enlarge it"))
        self.image.clear()
        self.value.setText("")
        self._set_examples([])
        self.examples_title.setVisible(False)
        self.examples_note.setText("")
        self.export_button.setEnabled(False)

    @property
    def channel(self) -> int:
        return -1 if self.grid is None or self.row < 0 else int(self.grid.channel_ids[self.row])

    def show_channel(self, grid: FeatureGrid, row: int, note: str = "") -> None:
        self.grid, self.row = grid, row
        ch = int(grid.channel_ids[row])
        self.title.setText(_tr("{0} · channel {1}").format(grid.layer, ch))
        self.image.setPixmap(to_pixmap(grid.synthesised[row], BIG))
        own = float(grid.own[row])
        text = _tr("Synthesised image: mean activation {0:.3g} in this channel.").format(own)
        if grid.has_examples:
            best = float(grid.example_values[row][0])
            text += " " + _tr("The best test image reaches {0:.3g}.").format(best)
        self.value.setText(text)
        items = []
        if grid.has_examples:
            for ex, v, i in zip(grid.examples[row], grid.example_values[row], grid.example_ids[row]):
                items.append((ex, _tr("#{0}: {1:.3g}").format(int(i), float(v))))
        self._set_examples(items)
        self.examples_title.setVisible(bool(items))
        self.examples_note.setText(note)
        self.export_button.setEnabled(True)

    def _set_examples(self, items) -> None:
        for lab in self.example_labels:
            self.examples_grid.removeWidget(lab)
            lab.deleteLater()
        self.example_labels = []
        for n, (image, caption) in enumerate(items):
            lab = QLabel()
            lab.setPixmap(to_pixmap(image, EXAMPLE))
            lab.setToolTip(caption)
            cap = QLabel(caption)
            cap.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            r, c = divmod(n, COLUMNS)
            self.examples_grid.addWidget(lab, 2 * r, c, Qt.AlignmentFlag.AlignHCenter)
            self.examples_grid.addWidget(cap, 2 * r + 1, c)
            self.example_labels += [lab, cap]
