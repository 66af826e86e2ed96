"""The camera page: a live frame from a webcam or a video file, the model input as the
network sees it, the class probabilities and every layer's feature maps. Views only: the
controller (:mod:`cnnviz.app.camera_controller`) hands them NumPy arrays; they emit
signals carrying what the user asked for. The probability chart, the layer panels and
the image boxes are the digit page's own (:mod:`cnnviz.qt.digits`)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.qt.digits.panels import ImageBox, LayerPanel, rescale_labels, scale_label
from cnnviz.qt.digits.probabilities import ProbabilityView
from cnnviz.qt.raster import RasterView

CAMERA_INDICES = 4       # cameras offered in the source list (0 … 3)
MAX_MAPS = 64            # feature maps drawn per layer at first (MobileNet has up to 1,280)
MAP_LIMITS = (16, 64, 256, 0)  # the choices of maps drawn per layer (0: all)


def capped(info, limit: int = MAX_MAPS):
    """A layer's description with at most ``limit`` channels (for its panel; 0: all)."""
    if info.is_map and 0 < limit < info.shape[2]:
        return replace(info, shape=(*info.shape[:2], limit))
    return info


class FrameView(RasterView):
    """One RGB frame (uint8 ``(H, W, 3)``), fitted into the widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraFrame")
        self.setMinimumSize(240, 180)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.frame: np.ndarray | None = None

    def set_frame(self, rgb: np.ndarray) -> None:
        a = np.ascontiguousarray(rgb[:, :, :3], dtype=np.uint8)
        h, w = a.shape[:2]
        resized = self.frame is None or self.frame.shape != a.shape
        self.frame = a
        if resized:  # a new aspect ratio: the layout gives the view a new height
            self.updateGeometry()
        self.set_image(QImage(a.data, w, h, 3 * w, QImage.Format.Format_RGB888), a)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if self.frame is None:
            return width * 3 // 4
        h, w = self.frame.shape[:2]
        return max(1, width * h // max(1, w))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True


class CameraPage(QWidget):
    """All the widgets of the camera page; the controller fills them."""

    source_chosen = Signal(object)         # a camera index (int) or a video file path (str)
    open_file_requested = Signal()
    run_toggled = Signal(bool)             # True: play, False: pause
    snapshot_requested = Signal()
    lab_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_camera")
        self.panels: list[LayerPanel] = []
        self.map_limit = MAX_MAPS
        self._info = None                  # the model shown, and its newest result (to redraw)
        self._shown: tuple | None = None

        # -- left: the source and the frame -------------------------------------------------
        self.title = QLabel(self.tr("Camera and video"), self)
        scale_label(self.title, 1.4, bold=True)
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("cameraSource")
        self.source_combo.setToolTip(self.tr("Where the frames come from: a webcam or a video file"))
        for i in range(CAMERA_INDICES):
            self.source_combo.addItem(self.tr("Camera {0}").format(i), i)
        self.source_combo.activated.connect(lambda i: self.source_chosen.emit(self.source_combo.itemData(i)))
        self.open_button = QPushButton(self.tr("Open video file…"), self)
        self.open_button.setObjectName("openVideoButton")
        self.open_button.clicked.connect(self.open_file_requested.emit)
        self.run_button = QPushButton(self.tr("Start"), self)
        self.run_button.setObjectName("cameraRunButton")
        self.run_button.setCheckable(True)
        self.run_button.setToolTip(self.tr("Start or pause the frames (Space)"))
        self.run_button.toggled.connect(self._on_run_toggled)
        fm = self.run_button.fontMetrics()  # as wide for "Pause" as for "Start": the row stays still
        self.run_button.setMinimumWidth(max(fm.horizontalAdvance(t) for t in (self.tr("Start"), self.tr("Pause"))) + 24)
        self.snapshot_button = QPushButton(self.tr("Snapshot…"), self)
        self.snapshot_button.setObjectName("cameraSnapshotButton")
        self.snapshot_button.setToolTip(self.tr("Save the frame and its feature maps as PNG images"))
        self.snapshot_button.clicked.connect(self.snapshot_requested.emit)
        self.lab_button = QPushButton(self.tr("Open in Convolution Lab"), self)
        self.lab_button.setObjectName("cameraLabButton")
        self.lab_button.setToolTip(self.tr("Step through a convolution on the paused frame"))
        self.lab_button.clicked.connect(self.lab_requested.emit)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_combo, 1)
        source_row.addWidget(self.open_button)
        action_row = QHBoxLayout()
        for b in (self.run_button, self.snapshot_button, self.lab_button):
            action_row.addWidget(b)
        action_row.addStretch(1)
        self.frame_view = FrameView(self)
        self.status_label = QLabel(self.tr("Choose a camera or open a video file, then press Start."), self)
        self.status_label.setObjectName("cameraStatus")
        self.status_label.setWordWrap(True)
        self.input_box = ImageBox(self.tr("Model input"), self, size=150)
        self.input_box.setObjectName("cameraInputBox")
        self.input_note = QLabel(self.tr("What the network sees: the frame after the model's own preprocessing."),
                                 self)
        self.input_note.setWordWrap(True)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input_box)
        input_row.addWidget(self.input_note, 1)
        left = QWidget(self)
        left.setObjectName("cameraLeft")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(4, 4, 4, 4)
        lv.addWidget(self.title)
        lv.addLayout(source_row)
        lv.addLayout(action_row)
        lv.addWidget(self.frame_view)
        lv.addWidget(self.status_label)
        lv.addLayout(input_row)
        lv.addStretch(1)

        # -- right: the network -------------------------------------------------------------
        self.model_label = QLabel(self.tr("No model loaded yet — TensorFlow is starting…"), self)
        self.model_label.setObjectName("cameraModelLabel")
        self.model_label.setWordWrap(True)
        self.probabilities = ProbabilityView(self)
        self.probabilities.setMinimumHeight(200)
        self.layers_host = QWidget(self)
        self.layers_box = QVBoxLayout(self.layers_host)
        self.layers_box.setContentsMargins(0, 0, 0, 0)
        self.layers_box.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("cameraMapsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.layers_host)
        # Only the panels in sight are drawn per frame; the others show their newest maps
        # when they come into view.
        self.scroll.viewport().installEventFilter(self)
        self.scroll.verticalScrollBar().valueChanged.connect(self._flush_visible)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 4, 4, 4)
        rv.addWidget(self.model_label)
        rv.addWidget(self.probabilities)
        self.limit_combo = QComboBox(self)
        self.limit_combo.setObjectName("cameraMapLimit")
        self.limit_combo.setToolTip(self.tr("How many feature maps of each layer are drawn (the first ones)"))
        for n in MAP_LIMITS:
            self.limit_combo.addItem(str(n) if n else self.tr("all"), n)
        self.limit_combo.setCurrentIndex(MAP_LIMITS.index(MAX_MAPS))
        self.limit_combo.currentIndexChanged.connect(lambda _i: self.set_map_limit(self.limit_combo.currentData()))
        maps_row = QHBoxLayout()
        maps_row.addWidget(QLabel(self.tr("Feature maps of every layer"), self))
        maps_row.addStretch(1)
        maps_row.addWidget(QLabel(self.tr("Maps drawn per layer:"), self))
        maps_row.addWidget(self.limit_combo)
        rv.addLayout(maps_row)
        rv.addWidget(self.scroll, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("cameraSplitter")
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([460, 1000])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.split)
        self.space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.space.setWhatsThis(self.tr("Start or pause the frames"))
        self.space.activated.connect(self.run_button.toggle)

    # -- the controller's calls -------------------------------------------------------------
    def add_video_source(self, path: str, name: str) -> None:
        """List a video file among the sources and select it."""
        i = self.source_combo.findData(path)
        if i < 0:
            self.source_combo.addItem(self.tr("Video: {0}").format(name), path)
            i = self.source_combo.count() - 1
        self.source_combo.setCurrentIndex(i)

    def set_running(self, running: bool) -> None:
        """Show the play state (no signal)."""
        self.run_button.blockSignals(True)
        self.run_button.setChecked(running)
        self.run_button.blockSignals(False)
        self.run_button.setText(self.tr("Pause") if running else self.tr("Start"))

    def _on_run_toggled(self, on: bool) -> None:
        self.run_button.setText(self.tr("Pause") if on else self.tr("Start"))
        self.run_toggled.emit(on)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_model_text(self, text: str) -> None:
        self.model_label.setText(text)

    def set_map_limit(self, limit: int) -> None:
        """Draw at most ``limit`` maps per layer (0: all): the panels are built again and
        show the newest result."""
        self.map_limit = int(limit)
        if self._info is not None:
            shown = self._shown
            self.set_model(self._info)
            if shown is not None:
                self.show_result(*shown)

    def set_model(self, info) -> None:
        """Build the layer panels (once per model)."""
        self._info, self._shown = info, None
        for p in self.panels:
            self.layers_box.removeWidget(p)
            p.setParent(None)
            p.deleteLater()
        self.panels = []
        last = info.layers[-1].name if info.layers else ""
        for layer in info.layers:
            if layer.name == last and layer.kind == "dense" and layer.shape[-1] == len(info.class_names):
                continue  # the output layer is the probability chart
            panel = LayerPanel(capped(layer, self.map_limit), self.layers_host)
            panel.installEventFilter(self)
            self.layers_box.insertWidget(self.layers_box.count() - 1, panel)
            self.panels.append(panel)
        self.layers_box.activate()
        self.probabilities.set_classes(info.class_names)
        h, w, _c = info.input_shape
        self.input_box.set_title(self.tr("Model input {0}×{1}").format(h, w))

    def show_frame(self, rgb: np.ndarray) -> None:
        self.frame_view.set_frame(rgb)

    def show_result(self, result, layer_index: dict[str, int], input_range=(0.0, 1.0)) -> None:
        """The model input (in the model's own pixel range), probabilities and the maps of
        the layers in sight."""
        self._shown = (result, layer_index, input_range)
        x = result.model_input
        self.input_box.set_image(x if x.shape[2] != 1 else x[:, :, 0], tuple(input_range))
        self.probabilities.set_probabilities(result.probabilities, empty=result.empty)
        rect = self._visible_rect()
        for panel in self.panels:
            i = layer_index.get(panel.info.name)
            if i is None:
                continue
            maps = result.maps[i]
            if panel.info.is_map:
                maps = maps[:, :, :panel.info.shape[2]]
            if rect is not None and panel.geometry().intersects(rect):
                panel.set_values(maps)
            else:
                panel.pending = maps

    # -- what is in sight -------------------------------------------------------------------
    def _visible_rect(self) -> QRect | None:
        if not self.scroll.isVisible():
            return None
        host, vp = self.layers_host, self.scroll.viewport()
        return QRect(-host.x(), -host.y(), vp.width(), vp.height())

    def _flush_visible(self, *_args) -> None:
        rect = self._visible_rect()
        if rect is None:
            return
        for panel in self.panels:
            if panel.pending is not None and panel.geometry().intersects(rect):
                panel.flush()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self._flush_visible()
        return False

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            rescale_labels(self)

    def panel_images(self) -> list[tuple[str, np.ndarray]]:
        """``(layer name, RGB mosaic)`` of each feature-map panel that was drawn (snapshots)."""
        out = []
        for p in self.panels:
            p.flush()
            if p.info.is_map and p.view.maps() is not None:
                out.append((p.info.name, p.view.rgb()))
        return out
