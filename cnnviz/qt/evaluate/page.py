"""The Evaluation page: test accuracy, confusion-matrix heat map, mistakes, test-set browser.

Views only: they show :class:`~cnnviz.core.evaluation_data.EvaluationData` (plain NumPy) and
emit signals. The controller in :mod:`cnnviz.app.evaluate_controller` runs the evaluation in a
worker thread.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QProgressBar, QPushButton, QSizePolicy, QSpinBox,
    QSplitter, QVBoxLayout, QWidget,
)

from cnnviz.core.evaluation_data import EvaluationData, confusion_shading
from cnnviz.qt.presentation import set_relative_font

DATASET_KEYS = ("mnist", "fashion_mnist")
GALLERY_LIMIT = 300
THUMB = 84


def _tr(text: str) -> str:
    return QCoreApplication.translate("EvaluatePage", text)


def dataset_title(key: str) -> str:
    return {"mnist": _tr("MNIST (digits)"), "fashion_mnist": _tr("Fashion-MNIST (clothing)")}.get(key, key)


def gray_pixmap(image: np.ndarray, size: int) -> QPixmap:
    """A uint8 (H, W) image as a pixmap, scaled without smoothing (pixels stay visible)."""
    a = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = a.shape
    qimg = QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimg).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation)


def caption(true_name: str, pred_name: str) -> str:
    return _tr("True: {0}  Predicted: {1}").format(true_name, pred_name)


class ConfusionView(pg.GraphicsLayoutWidget):
    """Heat map of the confusion matrix with counts in the cells; click a cell to open it."""

    cell_clicked = Signal(int, int)       # true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionView")
        self.setBackground(None)
        self.plot = self.addPlot()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        # Sequential, colour-blind safe: white → blue. Counts on a log-like scale so that
        # a handful of mistakes still shows beside ~1000 correct answers.
        self.image.setLookupTable(pg.ColorMap([0.0, 0.5, 1.0], [(255, 255, 255), (107, 174, 214), (8, 48, 107)])
                                  .getLookupTable(nPts=256))
        self.plot.addItem(self.image)
        self.image.mouseClickEvent = self._on_click  # type: ignore[method-assign]
        self.texts: list[pg.TextItem] = []
        self.matrix = np.zeros((0, 0), np.int64)
        self.selected: tuple[int, int] | None = None
        # Empty state: a 10×10 grid without numbers until a result arrives.
        self.plot.setRange(xRange=(0, 10), yRange=(0, 10), padding=0.02)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTicks([[]])
        self.frame = pg.QtWidgets.QGraphicsRectItem(0, 0, 1, 1)
        self.frame.setPen(pg.mkPen("#ff9f1c", width=3))
        self.frame.setVisible(False)
        self.plot.addItem(self.frame)
        self._apply_fonts()

    def _cell_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, (self.font().pointSizeF() or 10.0) * (1.0 if len(self.matrix) <= 10 else 0.7)))
        return font

    def _apply_fonts(self) -> None:
        """Axis names, class names and counts in the widget's font: they follow zoom and
        presentation mode (F11) both ways."""
        pt = self.font().pointSizeF() or 10.0
        self.plot.setLabel("left", _tr("true class"), **{"font-size": f"{pt:.1f}pt"})
        self.plot.setLabel("bottom", _tr("predicted class"), **{"font-size": f"{pt:.1f}pt"})
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=QFont(self.font()))
        font = self._cell_font()
        for t in self.texts:
            t.setFont(font)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "plot"):
            self._apply_fonts()

    def set_matrix(self, matrix: np.ndarray, names: list[str]) -> None:
        m = np.asarray(matrix, np.int64)
        k = m.shape[0]
        if k != len(self.texts):
            for t in self.texts:
                self.plot.removeItem(t)
            self.texts = []
            for i in range(k * k):
                t = pg.TextItem("", anchor=(0.5, 0.5))
                self.plot.addItem(t)
                self.texts.append(t)
        self.matrix = m
        shown, top = confusion_shading(m)
        self.image.setImage(shown, autoLevels=False, levels=(0.0, top))
        self.image.setRect(0, 0, k, k)
        font = self._cell_font()
        for i in range(k):
            for j in range(k):
                t = self.texts[i * k + j]
                v = int(m[i, j])
                t.setText(str(v) if v else "")
                t.setFont(font)
                t.setColor("#ffffff" if shown[i, j] > 0.55 * top else "#1f2937")
                t.setPos(j + 0.5, i + 0.5)
        ticks = [[(i + 0.5, n if len(n) <= 9 else n[:8] + "…") for i, n in enumerate(names)]]
        self.plot.getAxis("left").setTicks(ticks)
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)
        self.select(None)

    def select(self, cell: tuple[int, int] | None) -> None:
        self.selected = cell
        if cell is None:
            self.frame.setVisible(False)
            return
        i, j = cell
        self.frame.setRect(j, i, 1, 1)
        self.frame.setVisible(True)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        k = self.matrix.shape[0]
        i, j = int(np.floor(y)), int(np.floor(x))
        return (i, j) if 0 <= i < k and 0 <= j < k else None

    def _on_click(self, event) -> None:
        pos = event.pos()
        cell = self.cell_at(pos.x(), pos.y())
        if cell is not None:
            event.accept()
            self.select(cell)
            self.cell_clicked.emit(*cell)


class SampleBrowser(QGroupBox):
    """Pick any test sample, see it and the model's answer, send it to the digit view."""

    index_changed = Signal(int)
    send_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Test-set browser"), parent)
        self.setObjectName("sampleBrowser")
        self.spin = QSpinBox(self)
        self.spin.setObjectName("sampleIndex")
        self.spin.setRange(0, 0)
        self.spin.setPrefix(_tr("sample "))
        self.preview = QLabel(self)
        self.preview.setObjectName("samplePreview")
        self.preview.setFixedSize(140, 140)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: black;")
        self.caption = QLabel("", self)
        self.caption.setObjectName("sampleCaption")
        self.caption.setWordWrap(True)
        self.send = QPushButton(_tr("Send to the digit view"), self)
        self.send.setObjectName("sendToDigits")
        self.send.setToolTip(_tr("Run this sample through the network as the current input"))
        self.send.setEnabled(False)
        lay = QGridLayout(self)
        lay.addWidget(self.preview, 0, 0, 3, 1)
        lay.addWidget(self.spin, 0, 1)
        lay.addWidget(self.caption, 1, 1)
        lay.addWidget(self.send, 2, 1)
        self.spin.valueChanged.connect(self.index_changed)
        self.send.clicked.connect(lambda: self.send_requested.emit(self.spin.value()))

    def show_sample(self, data: EvaluationData, i: int) -> None:
        if self.spin.maximum() != data.n - 1:
            self.spin.blockSignals(True)
            self.spin.setRange(0, max(data.n - 1, 0))
            self.spin.blockSignals(False)
        if self.spin.value() != i:
            self.spin.blockSignals(True)
            self.spin.setValue(i)
            self.spin.blockSignals(False)
        self.preview.setPixmap(gray_pixmap(data.images[i], 140))
        names = data.class_names
        t, p = int(data.labels[i]), int(data.predictions[i])
        probs = data.probabilities[i]
        top3 = data.top_classes(i, 3)
        lines = [caption(names[t], names[p]) + ("  ✓" if t == p else "  ✗"),
                 "  ".join(f"{names[c]} {100 * probs[c]:.1f}%" for c in top3)]
        self.caption.setText("\n".join(lines))
        self.send.setEnabled(True)


class EvaluatePage(QWidget):
    """Controls, accuracy, confusion matrix, gallery of examples and the sample browser."""

    evaluate_requested = Signal()
    gallery_activated = Signal(int)          # sample index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluatePage")
        self.data: EvaluationData | None = None
        self.gallery_indices = np.zeros(0, np.int64)

        self.dataset = QComboBox(self)
        self.dataset.setObjectName("evalDataset")
        for key in DATASET_KEYS:
            self.dataset.addItem(dataset_title(key), key)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("evalDataFolder")
        self.folder.setPlaceholderText(_tr("folder with the IDX .gz files (empty: Keras download)"))
        self.browse = QPushButton(_tr("Folder…"), self)
        self.browse.setObjectName("evalBrowse")
        self.run_button = QPushButton(_tr("Evaluate"), self)
        self.run_button.setObjectName("evaluateButton")
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.setToolTip(_tr("Evaluate the current model on the test set (Ctrl+Enter)"))
        self.busy = QProgressBar(self)
        self.busy.setObjectName("evalBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(_tr("Data set:"), self))
        top.addWidget(self.dataset)
        top.addWidget(self.folder, 1)
        top.addWidget(self.browse)
        top.addWidget(self.run_button)
        top.addWidget(self.busy)

        self.status = QLabel(_tr("Evaluate the current model on a test set."), self)
        self.status.setObjectName("evalStatus")
        self.status.setWordWrap(True)
        self.accuracy = QLabel("–", self)
        self.accuracy.setObjectName("evalAccuracy")
        set_relative_font(self.accuracy, 2.2, bold=True)

        self.confusion = ConfusionView(self)
        self.confusion.setMinimumSize(360, 360)
        self.confusion.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.gallery_title = QLabel(_tr("Misclassified examples"), self)
        self.gallery_title.setObjectName("evalGalleryTitle")
        self.show_mistakes = QPushButton(_tr("All mistakes"), self)
        self.show_mistakes.setObjectName("evalShowMistakes")
        self.gallery = QListWidget(self)
        self.gallery.setObjectName("evalGallery")
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(THUMB, THUMB))
        self.gallery.setGridSize(QSize(THUMB + 96, THUMB + 52))
        self.gallery.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.gallery.setMovement(QListWidget.Movement.Static)
        self.gallery.setWordWrap(True)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.browser = SampleBrowser(self)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.accuracy)
        ll.addWidget(self.confusion, 1)
        ll.addWidget(self.browser)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.gallery_title, 1)
        head.addWidget(self.show_mistakes)
        rl.addLayout(head)
        rl.addWidget(self.gallery, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("evalSplitter")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)

        self.run_button.clicked.connect(self.evaluate_requested)
        self.browse.clicked.connect(self._ask_folder)
        self.gallery.itemActivated.connect(self._on_item)
        self.gallery.itemClicked.connect(self._on_item)
        self.show_mistakes.clicked.connect(self.show_misclassified)
        self.confusion.cell_clicked.connect(self.show_cell)

    # -- inputs -----------------------------------------------------------------------
    def dataset_key(self) -> str:
        return str(self.dataset.currentData())

    def data_folder(self) -> str | None:
        text = self.folder.text().strip()
        return text or None

    def _ask_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _tr("Folder with the data set's IDX files"),
                                                self.folder.text())
        if path:
            self.folder.setText(path)
            self.folder.editingFinished.emit()  # saved, and shown on the Live training page

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy.setVisible(busy)
        self.run_button.setEnabled(not busy)
        if message:
            self.status.setText(message)

    # -- results ----------------------------------------------------------------------
    def show_result(self, data: EvaluationData) -> None:
        self.data = data
        self.accuracy.setText(_tr("Accuracy {0:.2f} %  ({1} / {2})").format(100 * data.accuracy, data.correct, data.n))
        self.status.setText(_tr("{0} on the {1} test set: {2} mistakes ({3:.1f} s). "
                                "Click a cell to see its examples.")
                            .format(data.model_name, dataset_title(data.dataset),
                                    data.n - data.correct, data.seconds))
        self.confusion.set_matrix(data.confusion, data.class_names)
        self.show_misclassified()
        self.browser.show_sample(data, 0)

    def show_misclassified(self) -> None:
        if self.data is None:
            return
        self.confusion.select(None)
        idx = self.data.misclassified()
        self._fill_gallery(idx, _tr("Misclassified examples: {0}").format(len(idx)))

    def show_cell(self, true: int, predicted: int) -> None:
        if self.data is None:
            return
        self.confusion.select((true, predicted))
        names = self.data.class_names
        idx = self.data.cell(true, predicted)
        self._fill_gallery(idx, _tr("True: {0}, predicted: {1} — {2} examples")
                           .format(names[true], names[predicted], len(idx)))

    def _fill_gallery(self, indices: np.ndarray, title: str) -> None:
        data = self.data
        assert data is not None
        shown = indices[:GALLERY_LIMIT]
        self.gallery_indices = shown
        if len(indices) > GALLERY_LIMIT:
            title += " " + _tr("(first {0} shown)").format(GALLERY_LIMIT)
        self.gallery_title.setText(title)
        self.gallery.setUpdatesEnabled(False)
        self.gallery.clear()
        names = data.class_names
        for i in shown:
            t, p = int(data.labels[i]), int(data.predictions[i])
            probs = data.probabilities[i]
            text = caption(names[t], names[p]) + "\n" + _tr("{0:.1f}% (true class {1:.1f}%)").format(
                100 * probs[p], 100 * probs[t])
            item = QListWidgetItem(QIcon(gray_pixmap(data.images[i], THUMB)), text)
            item.setData(Qt.ItemDataRole.UserRole, int(i))
            item.setToolTip(_tr("Test sample {0}").format(int(i)))
            self.gallery.addItem(item)
        self.gallery.setUpdatesEnabled(True)

    def gallery_captions(self) -> list[str]:
        return [self.gallery.item(r).text() for r in range(self.gallery.count())]

    def _on_item(self, item: QListWidgetItem) -> None:
        i = int(item.data(Qt.ItemDataRole.UserRole))
        if self.data is not None:
            self.browser.show_sample(self.data, i)
        self.gallery_activated.emit(i)
