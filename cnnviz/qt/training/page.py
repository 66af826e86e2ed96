"""The Live training page: choose or edit an architecture, train, watch the curves.

Views only. :mod:`cnnviz.app.training_controller` runs the training in a child process and
calls :meth:`TrainingPage.show_progress` with plain numbers.
"""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QGraphicsItem, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QProgressBar, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from cnnviz.qt.training.layer_form import LayerStackForm

TRAIN_PEN = "#1f77b4"   # blue
VAL_PEN = "#ff7f0e"     # orange (distinct for colour-blind viewers, as in the textbook)
CUSTOM = "custom"


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainingPage", text)


def format_duration(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class CurvePlot(pg.PlotWidget):
    """Training and validation curves of one metric; items built once, data replaced."""

    def __init__(self, title: str, parent: QWidget | None = None, *, legend_bottom: bool = False) -> None:
        super().__init__(parent)
        self.setMenuEnabled(False)
        self._follow_palette()
        self.showGrid(x=True, y=True, alpha=0.25)
        self._title = title
        self.legend = self.addLegend(offset=(-10, -10) if legend_bottom else (-10, 10))
        self.train_item = self.plot([], [], pen=pg.mkPen(TRAIN_PEN, width=3), symbol="o", symbolSize=6,
                                    symbolBrush=TRAIN_PEN, name=_tr("training"))
        self.val_item = self.plot([], [], pen=pg.mkPen(VAL_PEN, width=3), symbol="s", symbolSize=6,
                                  symbolBrush=VAL_PEN, name=_tr("validation"))
        # The running value of the epoch in progress (dashed, from the last finished epoch).
        self.live_item = self.plot([], [], pen=pg.mkPen(TRAIN_PEN, width=2, style=Qt.PenStyle.DashLine))
        # Grid lines at major and minor ticks only (pyqtgraph also draws a third level: with
        # it an axis took ~8 ms to draw, without ~3 ms), and the axes cached as pixmaps,
        # redrawn only when their range changes: showing the page or a live update used to
        # cost ~100 ms of UI-thread time (python -m benchmarks, training phase).
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setStyle(maxTickLevel=1)
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        """Title, axis numbers, axis label and legend in the widget's font (the app's zoom
        and presentation mode change it): readable from the back row when projected."""
        font = QFont(self.font())
        pt = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        self.setTitle(self._title, size=f"{pt * 1.3:.1f}pt")
        self.setLabel("bottom", _tr("epoch"), **{"font-size": f"{pt:.1f}pt"})
        for name in ("left", "bottom"):
            self.getAxis(name).setStyle(tickFont=font)
        self.legend.setLabelTextSize(f"{pt:.1f}pt")
        for _sample, label in self.legend.items:  # the names already there are redrawn too
            label.setText(label.text, size=f"{pt:.1f}pt")
        self.title_point_size = pt * 1.3

    def _follow_palette(self) -> None:
        # Opaque, in the window colour (it looks transparent): with a transparent background
        # every live update (~12 a second while training) repainted the whole page beneath
        # the plot, ~30 ms of UI-thread time each.
        self.setBackground(self.palette().color(QPalette.ColorRole.Window))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._follow_palette()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "legend"):
            self._apply_fonts()

    def set_curves(self, train: list[float], val: list[float]) -> None:
        self.getViewBox().enableAutoRange()   # finished epochs: the usual fit
        n = max(len(train), len(val), 1)
        step = max(1, -(-n // 10))            # whole epochs on the axis, at most ~10 ticks
        self.getAxis("bottom").setTickSpacing(step, step)
        self.train_item.setData(list(range(1, len(train) + 1)), train)
        self.val_item.setData(list(range(1, len(val) + 1)), val)

    def set_live(self, x0: float, y0: float | None, x1: float, y1: float) -> None:
        vb = self.getViewBox()
        if any(vb.autoRangeEnabled()):
            vb.updateAutoRange()              # the fit of the finished epochs, now
            vb.disableAutoRange()
        if y0 is None:
            self.live_item.setData([x1], [y1])
        else:
            self.live_item.setData([x0, x1], [y0, y1])
        self._keep_in_view(x1, y1)

    def _keep_in_view(self, x: float, y: float) -> None:
        """Show the running value without re-fitting the axes on every batch: a new fit
        moves every tick label and repaints both axes (~10 ms a plot, ~12 times a second).
        The range only grows when the point leaves it: to the end of this epoch in x, with
        a margin in y. The next finished epoch gets the usual fit again."""
        vb = self.getViewBox()
        (x_lo, x_hi), (y_lo, y_hi) = vb.viewRange()
        if not (math.isfinite(x) and math.isfinite(y)) or (x_lo <= x <= x_hi and y_lo <= y <= y_hi):
            return
        if x > x_hi:
            x_hi = math.ceil(x) + 0.05 * max(1.0, math.ceil(x) - x_lo)
        if not y_lo <= y <= y_hi:
            margin = 0.1 * max(abs(y_hi - y_lo), abs(y) * 0.05, 1e-6)
            y_lo, y_hi = min(y_lo, y - margin), max(y_hi, y + margin)
        vb.setRange(xRange=(x_lo, x_hi), yRange=(y_lo, y_hi), padding=0)

    def clear_curves(self) -> None:
        self.getViewBox().enableAutoRange()
        for item in (self.train_item, self.val_item, self.live_item):
            item.setData([], [])


class TrainingPage(QWidget):
    start_requested = Signal()
    pause_toggled = Signal(bool)
    cancel_requested = Signal()
    use_requested = Signal()
    architecture_chosen = Signal(str)

    def __init__(self, architectures: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPage")
        # -- set-up -------------------------------------------------------------------
        self.arch = QComboBox(self)
        self.arch.setObjectName("trainArch")
        for key, title in architectures:
            self.arch.addItem(title, key)
        self.arch.addItem(_tr("Custom layer stack"), CUSTOM)
        self.form = LayerStackForm(self)
        self.dataset = QComboBox(self)
        self.dataset.setObjectName("trainDataset")
        self.dataset.addItem(_tr("MNIST (digits)"), "mnist")
        self.dataset.addItem(_tr("Fashion-MNIST (clothing)"), "fashion_mnist")
        self.folder = QLineEdit(self)
        self.folder.setObjectName("trainDataFolder")
        self.folder.setPlaceholderText(_tr("IDX .gz folder (empty: Keras download)"))
        browse = QPushButton(_tr("Folder…"), self)
        browse.setObjectName("trainBrowse")
        browse.clicked.connect(self._ask_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.epochs = QSpinBox(self)
        self.epochs.setObjectName("trainEpochs")
        self.epochs.setRange(1, 500)
        self.epochs.setValue(10)
        self.batch = QSpinBox(self)
        self.batch.setObjectName("trainBatch")
        self.batch.setRange(1, 4096)
        self.batch.setValue(200)
        self.limit = QSpinBox(self)
        self.limit.setObjectName("trainLimit")
        self.limit.setRange(0, 60000)
        self.limit.setSingleStep(1000)
        self.limit.setValue(0)
        self.limit.setSpecialValueText(_tr("all"))
        self.limit.setToolTip(_tr("Train on the first N training images only (like cnnviz train --limit N): "
                                  "1000 finishes in seconds, so a class can watch a whole run."))
        self.augment = QCheckBox(_tr("Augment (shift, rotate, scale, stroke width)"), self)
        self.augment.setObjectName("trainAugment")
        self.augment.setChecked(True)
        self.out = QLineEdit(self)
        self.out.setObjectName("trainOutput")
        save_as = QPushButton(_tr("Save as…"), self)
        save_as.setObjectName("trainSaveAs")
        save_as.clicked.connect(self._ask_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(save_as)

        setup = QGroupBox(_tr("What to train"), self)
        fl = QFormLayout(setup)
        fl.addRow(_tr("Architecture:"), self.arch)
        fl.addRow(self.form)
        fl.addRow(_tr("Data set:"), self.dataset)
        fl.addRow(_tr("Data folder:"), folder_row)
        fl.addRow(_tr("Epochs:"), self.epochs)
        fl.addRow(_tr("Batch size:"), self.batch)
        fl.addRow(_tr("Training images:"), self.limit)
        fl.addRow(self.augment)
        fl.addRow(_tr("Best model to:"), out_row)

        # -- run ----------------------------------------------------------------------
        self.start = QPushButton(_tr("Start training"), self)
        self.start.setObjectName("trainStart")
        self.pause = QPushButton(_tr("Pause"), self)
        self.pause.setObjectName("trainPause")
        self.pause.setCheckable(True)
        self.pause.setEnabled(False)
        self.cancel = QPushButton(_tr("Cancel"), self)
        self.cancel.setObjectName("trainCancel")
        self.cancel.setEnabled(False)
        self.use = QPushButton(_tr("Use as current model"), self)
        self.use.setObjectName("trainUseModel")
        self.use.setEnabled(False)
        buttons = QHBoxLayout()
        for b in (self.start, self.pause, self.cancel, self.use):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("trainProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.eta = QLabel("", self)
        self.eta.setObjectName("trainEta")
        self.status = QLabel(_tr("Choose an architecture and a data set, then start."), self)
        self.status.setObjectName("trainStatus")
        self.status.setWordWrap(True)
        self.loss_plot = CurvePlot(_tr("loss"), self)
        self.loss_plot.setObjectName("lossPlot")
        self.acc_plot = CurvePlot(_tr("accuracy"), self, legend_bottom=True)
        self.acc_plot.setObjectName("accuracyPlot")

        run = QWidget(self)
        rl = QVBoxLayout(run)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(buttons)
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.eta)
        rl.addLayout(prow)
        rl.addWidget(self.status)
        rl.addWidget(self.loss_plot, 1)
        rl.addWidget(self.acc_plot, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(setup)
        split.addWidget(run)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self.start.clicked.connect(self.start_requested)
        self.pause.toggled.connect(self._on_pause)
        self.cancel.clicked.connect(self.cancel_requested)
        self.use.clicked.connect(self.use_requested)
        self.arch.currentIndexChanged.connect(lambda _i: self.architecture_chosen.emit(str(self.arch.currentData())))
        self.form.changed.connect(self._on_form_edited)
        self._running = False

    # -- helpers ----------------------------------------------------------------------
    def _ask_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _tr("Folder with the data set's IDX files"), self.folder.text())
        if path:
            self.folder.setText(path)
            self.folder.editingFinished.emit()  # saved, and shown on the Evaluation page

    def _ask_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, _tr("Save the trained model as"), self.out.text(),
                                              _tr("Keras model (*.keras)"))
        if path:
            self.out.setText(path if path.endswith(".keras") else path + ".keras")

    def _on_pause(self, paused: bool) -> None:
        self.pause.setText(_tr("Resume") if paused else _tr("Pause"))
        self.pause_toggled.emit(paused)

    def _on_form_edited(self) -> None:
        if not self._running and self.arch.currentData() != CUSTOM and getattr(self, "_spec_from_arch", None) != self.form.spec():
            self.arch.blockSignals(True)
            self.arch.setCurrentIndex(self.arch.findData(CUSTOM))
            self.arch.blockSignals(False)
        self.start.setEnabled(not self._running and self.form.is_valid())

    def show_architecture_spec(self, spec: list[dict]) -> None:
        self._spec_from_arch = spec
        self.form.set_spec(spec)
        self.start.setEnabled(not self._running and self.form.is_valid())

    def set_running(self, running: bool) -> None:
        self._running = running
        self.start.setEnabled(not running and self.form.is_valid())
        self.pause.setEnabled(running)
        self.cancel.setEnabled(running)
        if not running:
            self.pause.blockSignals(True)
            self.pause.setChecked(False)
            self.pause.setText(_tr("Pause"))
            self.pause.blockSignals(False)
        for w in (self.arch, self.form, self.dataset, self.folder, self.epochs, self.batch, self.limit,
                  self.augment, self.out):
            w.setEnabled(not running)

    # -- progress ---------------------------------------------------------------------
    def reset_curves(self) -> None:
        self.loss_plot.clear_curves()
        self.acc_plot.clear_curves()
        self.progress.setValue(0)
        self.eta.setText("")

    def show_progress(self, kind: str, epoch: int, epochs: int, batch: int, batches: int, logs: dict,
                      elapsed: float, eta: float | None, history: dict | None, paused: bool) -> None:
        frac = 0.0 if epochs <= 0 or batches <= 0 else min(1.0, ((epoch - 1) + batch / batches) / epochs)
        self.progress.setValue(int(round(1000 * frac)))
        self.eta.setText(_tr("{0} elapsed · {1} left").format(format_duration(elapsed), format_duration(eta)))
        if paused:
            self.status.setText(_tr("Paused in epoch {0} of {1}.").format(epoch, epochs))
            return
        if history is not None:
            self.loss_plot.set_curves(history.get("loss", []), history.get("val_loss", []))
            self.acc_plot.set_curves(history.get("accuracy", []), history.get("val_accuracy", []))
            self._history = history
            self.loss_plot.live_item.setData([], [])
            self.acc_plot.live_item.setData([], [])
        if kind == "batch":
            h = getattr(self, "_history", None) or {}
            x = (epoch - 1) + batch / max(batches, 1)
            for plot, key in ((self.loss_plot, "loss"), (self.acc_plot, "accuracy")):
                if key in logs:
                    prev = h.get(key, [])
                    plot.set_live(len(prev), prev[-1] if prev else None, x, logs[key])
            self.status.setText(_tr("Epoch {0} of {1}, batch {2} of {3}: loss {4:.4f}, accuracy {5:.4f}").format(
                epoch, epochs, batch, batches, logs.get("loss", float("nan")), logs.get("accuracy", float("nan"))))
        elif kind == "epoch":
            self.status.setText(_tr("Epoch {0} of {1} done: validation accuracy {2:.4f}, validation loss {3:.4f}")
                                .format(epoch, epochs, logs.get("val_accuracy", float("nan")),
                                        logs.get("val_loss", float("nan"))))
