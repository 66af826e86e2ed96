"""The "draw a digit" page: canvas, model input, probabilities, every layer's feature maps,
learned kernels. Views only: they show plain NumPy arrays handed to them by the
controller (:mod:`cnnviz.app.digits`) and emit signals; they never call Keras."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.qt.canvas import DrawingCanvas
from cnnviz.qt.digits.detail import MapDetailView
from cnnviz.qt.digits.explore import ExplorePanel
from cnnviz.qt.digits.kernels import KernelGridView
from cnnviz.qt.digits.mosaic import MosaicView, layer_levels
from cnnviz.qt.digits.probabilities import DenseView, ProbabilityView
from cnnviz.qt.raster import RasterView, colour, colour_index, lut32

_GRAY32 = lut32(np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1))
RANGE_TEXT_INTERVAL_MS = 100
"""A layer's value range is shown at most this often while drawing: text that changes 250
times a second cannot be read, and its repaint cost ~3 % of each pen movement."""

KIND_TITLES = {"conv": "Convolution", "activation": "Activation", "pool": "Pooling", "dense": "Dense",
               "norm": "Normalisation", "other": "Layer"}


def _scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    f = QFont(widget.font())
    base = f.pointSizeF() if f.pointSizeF() > 0 else 10.0
    f.setPointSizeF(base * factor)
    f.setBold(bold)
    return f


def scale_label(label: QLabel, factor: float, bold: bool = False) -> None:
    """Give ``label`` a font ``factor`` times the page's, kept in step with zoom and
    presentation mode (the page re-applies it when the application font changes)."""
    label.setProperty("cnnvizFontScale", float(factor))
    label.setProperty("cnnvizFontBold", bool(bold))
    parent = label.parentWidget()
    label.setFont(_scaled_font(parent if parent is not None else label, factor, bold))


def rescale_labels(root: QWidget) -> None:
    for label in root.findChildren(QLabel):
        factor = label.property("cnnvizFontScale")
        if factor:
            label.setFont(_scaled_font(root, float(factor), bool(label.property("cnnvizFontBold"))))


class ImageBox(QWidget):
    """A small image (the model input, a preprocessing step) with a caption: gray values
    in ``levels`` or RGB, pixels kept sharp (a 28×28 input shows its 28×28 cells)."""

    def __init__(self, title: str, parent: QWidget | None = None, size: int = 150) -> None:
        super().__init__(parent)
        self.setObjectName("imageBox")
        self.label = QLabel(title, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.view = RasterView(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addWidget(self.label)
        lay.addWidget(self.view, 1)
        self.values: np.ndarray | None = None  # what is shown, as set (float)
        self._size = size
        self._fit_title()

    def set_title(self, text: str) -> None:
        self.label.setText(text)
        self._fit_title()

    def _fit_title(self) -> None:
        """Wide enough for its caption at the current font size (zoom, presentation)."""
        fm = self.label.fontMetrics()
        w = max(self._size, fm.horizontalAdvance(self.label.text()) + 16)
        self.setFixedSize(QSize(w, w + fm.height() + 8))

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_size"):
            self._fit_title()

    def set_image(self, img: np.ndarray, levels: tuple[float, float] = (0.0, 1.0)) -> None:
        a = np.asarray(img)
        if a.ndim == 3 and a.shape[2] == 1:
            a = a[:, :, 0]
        self.values = a
        lo, hi = levels
        if a.ndim == 3:  # RGB(A): each channel in levels
            u8 = np.ascontiguousarray(colour_index(a[:, :, :3], lo, hi))
            h, w = u8.shape[:2]
            q = QImage(u8.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        else:  # RGB32, not Grayscale8: QPainter converts 8-bit images on every scaled draw
            u8 = colour(a, lo, hi, _GRAY32)
            h, w = u8.shape
            q = QImage(u8.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        self.view.set_image(q, u8)


class LayerPanel(QFrame):
    """One layer: a title and its feature-map mosaic or its dense bars."""

    def __init__(self, info, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"layerPanel_{info.name}")
        self.info = info
        self.setFrameShape(QFrame.Shape.StyledPanel)
        kind = QCoreApplication.translate("DigitsPage", KIND_TITLES.get(info.kind, "Layer"))
        shape = "×".join(str(v) for v in info.shape)
        act = f" · {info.activation}" if info.activation and info.activation != "linear" else ""
        self.base_title = f"{info.name} · {kind} ({info.class_name}) · {shape}{act}"
        self.title = QLabel(self.base_title, self)
        self.title.setObjectName("layerTitle")
        scale_label(self.title, 1.25, bold=True)
        # The value range changes with every frame, so it has its own label of FIXED size:
        # new text in a label that may change size re-lays out the whole window, which
        # doubled the cost of each pen movement (measured by `cnnviz bench`).
        self.range_label = QLabel("", self)
        self.range_label.setObjectName("layerRange")
        scale_label(self.range_label, 1.25, bold=True)
        self.range_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Opaque (it fills its background with the same window colour): new text repaints
        # the label alone, not the panel, the scroll area and the window beneath it.
        self.range_label.setAutoFillBackground(True)
        self._fix_range_size()
        # The newest range text; shown at once, then at most every RANGE_TEXT_INTERVAL_MS.
        self._range_text = ""
        self._range_timer = QTimer(self)
        self._range_timer.setSingleShot(True)
        self._range_timer.setInterval(RANGE_TEXT_INTERVAL_MS)
        self._range_timer.timeout.connect(self._show_range)
        # The title may be clipped rather than widen the panel past the scroll area.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(40)
        self.title.setToolTip(self.base_title)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.range_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(header)
        if info.is_map:
            self.view = MosaicView(self, aspect=3.2)
            self.view.configure(info.shape[2], (max(1, info.shape[0]), max(1, info.shape[1])))
        else:
            self.view = DenseView(self)
        lay.addWidget(self.view)
        # The newest values while the panel is out of sight (scrolled away, another tab):
        # shown when it comes into view (the page skips panels nobody can see).
        self.pending: np.ndarray | None = None

    def flush(self) -> None:
        """Show the values that arrived while the panel was out of sight."""
        if self.pending is not None:
            self.set_values(self.pending)

    def _fix_range_size(self) -> None:
        fm = self.range_label.fontMetrics()
        widest = max(fm.horizontalAdvance(t) for t in ("[-8.88e-88 … -8.88e-88]", "[max |x| 8.88e-88]"))
        self.range_label.setFixedSize(widest + 8, fm.height() + 2)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "range_label"):
            self._fix_range_size()

    def set_values(self, values: np.ndarray) -> None:
        self.pending = None
        if self.info.is_map:
            self.view.set_maps(values)
            lo, hi = self.view.levels
            self._set_range(f"[{lo:.3g} … {hi:.3g}]")
        else:
            self.view.set_values(values)
            self._set_range(f"[max |x| {self.view.scale:.3g}]")

    def _set_range(self, text: str) -> None:
        self._range_text = text
        if not self._range_timer.isActive():
            self._show_range()

    def _show_range(self) -> None:
        if self.range_label.text() != self._range_text:
            self.range_label.setText(self._range_text)
            self._range_timer.start()  # later changes wait for the interval

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.info.is_map and hasattr(self, "view"):
            self.view.setFixedHeight(self.view.heightForWidth(max(100, self.width() - 16)))


class DigitsPage(QWidget):
    """All the widgets of the digit page; the controller fills them."""

    open_image_requested = Signal()
    files_dropped = Signal(list)
    show_steps_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_digits")
        self.setAcceptDrops(True)
        self.panels: list[LayerPanel] = []

        # -- left: drawing ----------------------------------------------------------------------
        self.canvas = DrawingCanvas(self)
        self.canvas.setMinimumSize(300, 300)
        self.canvas_title = QLabel(self.tr("Draw a digit"), self)
        scale_label(self.canvas_title, 1.4, bold=True)
        tools = QHBoxLayout()
        self.brush_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.brush_slider.setObjectName("brushSize")
        self.brush_slider.setRange(4, 60)
        self.brush_slider.setValue(round(self.canvas.brush_size()))
        self.brush_slider.setToolTip(self.tr("Brush size ([ and ])"))
        self.brush_slider.valueChanged.connect(self.canvas.set_brush_size)
        self.canvas.brush_size_changed.connect(lambda v: self.brush_slider.setValue(round(v)))
        self.eraser_button = self._tool(self.tr("Eraser"), "eraserButton", self.tr("Erase (E, or the right mouse button)"))
        self.eraser_button.setCheckable(True)
        self.eraser_button.toggled.connect(self.canvas.set_eraser)
        self.canvas.eraser_changed.connect(self.eraser_button.setChecked)
        self.undo_button = self._tool(self.tr("Undo"), "undoButton", self.tr("Undo the last stroke (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.canvas.undo)
        self.redo_button = self._tool(self.tr("Redo"), "redoButton", self.tr("Redo (Ctrl+Shift+Z)"))
        self.redo_button.clicked.connect(self.canvas.redo)
        self.clear_button = self._tool(self.tr("Clear"), "clearButton", self.tr("Clear the canvas (Delete)"))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.open_button = self._tool(self.tr("Open image…"), "openImageButton",
                                      self.tr("Use a photo or scan of a digit as the input (or drop it here)"))
        self.open_button.clicked.connect(self.open_image_requested.emit)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.canvas.history_changed.connect(self._history)
        for b in (self.eraser_button, self.undo_button, self.redo_button, self.clear_button):
            tools.addWidget(b)
        tools.addStretch(1)
        brush_row = QHBoxLayout()
        brush_row.addWidget(QLabel(self.tr("Brush"), self))
        brush_row.addWidget(self.brush_slider, 1)
        tools2 = QHBoxLayout()
        tools2.addWidget(self.open_button)
        self.steps_check = QCheckBox(self.tr("Show preprocessing steps"), self)
        self.steps_check.setObjectName("showStepsCheck")
        self.steps_check.toggled.connect(self._toggle_steps)
        tools2.addWidget(self.steps_check)
        tools2.addStretch(1)

        self.input_box = ImageBox(self.tr("Model input 28×28"), self, size=150)
        self.input_box.setObjectName("modelInputBox")
        self.input_note = QLabel(self.tr("What the network sees: the drawing cropped, scaled to 20×20 "
                                         "and centred by its mass in 28×28, as MNIST was made."), self)
        self.input_note.setWordWrap(True)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input_box)
        input_row.addWidget(self.input_note, 1)
        self.steps_row = QHBoxLayout()
        self.steps_widget = QWidget(self)
        self.steps_widget.setObjectName("preprocessingSteps")
        self.steps_widget.setLayout(self.steps_row)
        self.steps_widget.setVisible(False)
        self.step_boxes: list[ImageBox] = []

        left = QWidget(self)
        left.setObjectName("digitsLeft")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(4, 4, 4, 4)
        lv.addWidget(self.canvas_title)
        lv.addWidget(self.canvas, 1)
        lv.addLayout(tools)
        lv.addLayout(brush_row)
        lv.addLayout(tools2)
        lv.addLayout(input_row)
        lv.addWidget(self.steps_widget)
        lv.addStretch(0)
        self._left = left
        left.installEventFilter(self)

        # -- right: the network -------------------------------------------------------------------
        self.probabilities = ProbabilityView(self)
        self.probabilities.setMinimumHeight(220)
        self.model_label = QLabel(self.tr("No model loaded yet — TensorFlow is starting…"), self)
        self.model_label.setObjectName("digitsModelLabel")
        self.model_label.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("digitsTabs")
        self.layers_host = QWidget(self)
        self.layers_box = QVBoxLayout(self.layers_host)
        self.layers_box.setContentsMargins(0, 0, 0, 0)
        self.layers_box.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("featureMapsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.layers_host)
        # Only the layer panels in sight are updated per result; the others keep the newest
        # values and show them when they come into view (scrolling, resizing, the tab).
        self.scroll.installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)
        self.scroll.verticalScrollBar().valueChanged.connect(self._flush_visible)
        self.scroll.horizontalScrollBar().valueChanged.connect(self._flush_visible)
        self.detail = MapDetailView(self)
        self.maps_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.maps_split.addWidget(self.scroll)
        self.maps_split.addWidget(self.detail)
        self.maps_split.setStretchFactor(0, 3)
        self.maps_split.setStretchFactor(1, 1)
        self.maps_split.setSizes([680, 320])
        self.detail.setMinimumWidth(260)
        self.kernels = KernelGridView(self)
        self.tabs.addTab(self.maps_split, self.tr("Feature maps"))
        self.tabs.addTab(self.kernels, self.tr("Learned kernels"))
        self.explore = ExplorePanel(self)
        self.tabs.addTab(self.explore, self.tr("Explore"))
        self.tabs.currentChanged.connect(self._flush_visible)
        self.hover_label = QLabel(" ", self)
        self.hover_label.setObjectName("hoverValueLabel")
        self.hover_label.setFixedHeight(self.hover_label.fontMetrics().height() + 4)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 4, 4, 4)
        rv.addWidget(self.model_label)
        rv.addWidget(self.probabilities)
        rv.addWidget(self.tabs, 1)
        rv.addWidget(self.hover_label)

        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("digitsSplitter")
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([440, 1000])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.split)
        self._make_actions()

    def _make_actions(self) -> None:
        """Keyboard shortcuts of this page (listed in Help › Keyboard shortcuts)."""
        from PySide6.QtGui import QAction

        def add(name: str, text: str, keys, slot) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        c = self.canvas
        self.page_actions = [
            add("digitsUndo", self.tr("Undo the last stroke"), ["Ctrl+Z"], c.undo),
            add("digitsRedo", self.tr("Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], c.redo),
            add("digitsClear", self.tr("Clear the drawing"), ["Delete", "Backspace"], c.clear),
            add("digitsEraser", self.tr("Eraser on/off"), ["E"], lambda: c.set_eraser(not c.is_eraser())),
            add("digitsBrushSmaller", self.tr("Smaller brush"), ["["], lambda: c.set_brush_size(c.brush_size() - 2)),
            add("digitsBrushBigger", self.tr("Bigger brush"), ["]"], lambda: c.set_brush_size(c.brush_size() + 2)),
            add("digitsSteps", self.tr("Show/hide the preprocessing steps"), ["S"],
                lambda: self.steps_check.setChecked(not self.steps_check.isChecked())),
            add("digitsNextMap", self.tr("Enlarge the next feature map"), ["Right"], lambda: self.step_map(1)),
            add("digitsPrevMap", self.tr("Enlarge the previous feature map"), ["Left"], lambda: self.step_map(-1)),
            add("digitsOpenInLab", self.tr("Open the enlarged map's filter in the Convolution Lab"), ["L"],
                lambda: self.detail.lab_button.isEnabled() and self.detail.lab_button.click()),
            add("digitsGradCam", self.tr("Grad-CAM on/off"), ["G"],
                lambda: self.explore.cam_check.setChecked(not self.explore.cam_check.isChecked())),
            add("digitsTabMaps", self.tr("Feature maps"), ["Alt+1"], lambda: self.tabs.setCurrentIndex(0)),
            add("digitsTabKernels", self.tr("Learned kernels"), ["Alt+2"], lambda: self.tabs.setCurrentIndex(1)),
            add("digitsTabExplore", self.tr("Explore"), ["Alt+3"], lambda: self.tabs.setCurrentIndex(2)),
        ]

    def step_map(self, delta: int) -> None:
        """Enlarge the next/previous channel of the enlarged map's layer (or the first map).
        Widgets that use the arrow keys themselves (sliders, tables, lists) keep them."""
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox

        focus = QApplication.focusWidget()
        if isinstance(focus, (QAbstractSlider, QAbstractItemView, QAbstractSpinBox, QComboBox)):
            key = Qt.Key.Key_Right if delta > 0 else Qt.Key.Key_Left
            arrows = [a for a in self.page_actions if a.objectName() in ("digitsNextMap", "digitsPrevMap")]
            for a in arrows:  # a disabled shortcut lets the key through to the widget
                a.setEnabled(False)
            try:
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(focus, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))
            finally:
                for a in arrows:
                    a.setEnabled(True)
            return
        maps_panels = [p for p in self.panels if p.info.is_map]
        if not maps_panels:
            return
        layer, channel = self.detail.layer, self.detail.channel
        panel = next((p for p in maps_panels if p.info.name == layer), None)
        if panel is None:
            panel, channel = maps_panels[0], -1 if delta > 0 else 0
        n = panel.info.channels
        self.map_clicked(panel.info.name, (channel + delta) % n)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            rescale_labels(self)
            for panel in self.panels:
                panel._fix_range_size()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        kind = event.type()
        if obj is self._left and kind == QEvent.Type.Resize:
            # A square canvas as wide as the column; the rest of the height stays below.
            self.canvas.setMaximumHeight(max(200, obj.width() - 8))
        elif kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show) and obj is not self._left:
            self._flush_visible()  # a panel, the scroll area or its viewport moved or appeared
        return False

    def _visible_rect(self) -> QRect | None:
        """The part of the layer panels' host in sight (its coordinates); None: none."""
        if not self.scroll.isVisible():
            return None
        host, vp = self.layers_host, self.scroll.viewport()
        return QRect(-host.x(), -host.y(), vp.width(), vp.height())

    def _in_sight(self, panel: "LayerPanel", rect: QRect | None) -> bool:
        return rect is not None and panel.geometry().intersects(rect)

    def _flush_visible(self, *_args) -> None:
        """Show the newest values in panels that came into view."""
        rect = None
        for panel in self.panels:
            if panel.pending is not None:
                if rect is None:
                    rect = self._visible_rect()
                    if rect is None:
                        return
                if self._in_sight(panel, rect):
                    panel.flush()

    def _tool(self, text: str, name: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return b

    def _history(self, can_undo: bool, can_redo: bool) -> None:
        self.undo_button.setEnabled(can_undo)
        self.redo_button.setEnabled(can_redo)

    def _toggle_steps(self, on: bool) -> None:
        self.steps_widget.setVisible(on)
        self.show_steps_changed.emit(on)

    # -- model ----------------------------------------------------------------------------------
    def set_model(self, info) -> None:
        """Build the layer panels (once per model) and the kernel grid."""
        for p in self.panels:
            self.layers_box.removeWidget(p)
            p.setParent(None)
            p.deleteLater()
        self.panels = []
        for layer in info.layers:
            if layer.name == info.layers[-1].name and layer.kind == "dense" and layer.shape[-1] == len(info.class_names):
                continue  # the output layer is the probability chart
            panel = LayerPanel(layer, self.layers_host)
            panel.installEventFilter(self)
            if layer.is_map:
                panel.view.map_clicked.connect(lambda c, n=layer.name: self.map_clicked(n, c))
                panel.view.hovered.connect(lambda c, r, k, v, n=layer.name: self._hovered(n, c, r, k, v))
            self.layers_box.insertWidget(self.layers_box.count() - 1, panel)
            self.panels.append(panel)
        # Place the new panels now: painted before the layout ran, every panel would lie in
        # sight at the top and be painted once (channel numbers and all, ~1 ms each).
        self.layers_box.activate()
        self.probabilities.set_classes(info.class_names)
        self.kernels.set_kernels(info.kernels, info.modified)
        self.explore.set_model(info.class_names, [layer.name for layer in info.layers if layer.is_map])
        h, w, c = info.input_shape
        self.input_box.set_title(self.tr("Model input {0}×{1}").format(h, w))
        self.detail.clear()

    def update_kernels(self, info) -> None:
        self.kernels.set_kernels(info.kernels, info.modified)

    # -- results ----------------------------------------------------------------------------------
    def show_result(self, result, layer_index: dict[str, int]) -> None:
        """Show a result: ``layer_index`` maps a layer name to its index in ``result.maps``."""
        x = result.model_input
        self.input_box.set_image(x if x.shape[2] != 1 else x[:, :, 0])
        self.probabilities.set_probabilities(result.probabilities, empty=result.empty)
        rect = self._visible_rect()
        for panel in self.panels:
            i = layer_index.get(panel.info.name)
            if i is not None:
                if self._in_sight(panel, rect):
                    panel.set_values(result.maps[i])
                else:  # out of sight: shown when it comes into view
                    panel.pending = result.maps[i]
        d = self.detail
        if d.layer and d.layer in layer_index:
            maps = result.maps[layer_index[d.layer]]
            if maps.ndim == 3 and d.channel < maps.shape[2]:
                d.show_map(d.layer, d.channel, maps[:, :, d.channel], conv=d.lab_button.isEnabled())
        if self.steps_widget.isVisible() and result.steps:
            self._show_steps(result.steps)
        if self.explore.gradcam_request() is None:
            if self.explore.isVisible():
                g = np.clip(x.mean(axis=2), 0, 1)
                self.explore.show_gradcam(np.repeat((g * 255).astype(np.uint8)[:, :, None], 3, axis=2),
                                          self.tr("Tick “Show Grad-CAM” to see which parts of the input "
                                                  "speak for a class"))
        else:
            cam = result.gradcam
            if cam is not None:
                name = self.probabilities.classes[cam.class_index] if cam.class_index < len(self.probabilities.classes) else str(cam.class_index)
                caption = self.tr("Grad-CAM for class {0} on layer {1}: bright = evidence for the class").format(name, cam.layer)
            else:
                caption = result.gradcam_error or self.tr("Draw a digit to see where the network looks")
            self.explore.show_gradcam(result.gradcam_rgb, caption)

    def _show_steps(self, steps) -> None:
        if len(self.step_boxes) != len(steps) or any(b.property("key") != s.key for b, s in zip(self.step_boxes, steps)):
            for b in self.step_boxes:
                self.steps_row.removeWidget(b)
                b.setParent(None)
                b.deleteLater()
            self.step_boxes = []
            for s in steps:
                b = ImageBox(QCoreApplication.translate("Preprocessing", s.title).format(*s.args),
                             self.steps_widget, size=96)
                b.setProperty("key", s.key)
                self.steps_row.addWidget(b)
                self.step_boxes.append(b)
        for b, s in zip(self.step_boxes, steps):
            b.set_image(s.image)

    def map_clicked(self, layer: str, channel: int) -> None:
        for p in self.panels:
            if p.info.is_map:
                p.view.select(channel if p.info.name == layer else -1)
        panel = next((p for p in self.panels if p.info.name == layer), None)
        if panel is not None:
            panel.flush()
        if panel is None or panel.view.maps() is None:
            return
        maps = panel.view.maps()
        self.detail.show_map(layer, channel, maps[:, :, channel], conv=(layer in self.kernels.kernels))
        if layer in self.kernels.kernels:  # the kernel grid follows: that map's filter
            self.kernels.show_layer(layer)
            self.kernels.select_filter(channel)

    def _hovered(self, layer: str, c: int, r: int, k: int, v: float) -> None:
        if c < 0:
            self.hover_label.setText(" ")
        else:
            self.hover_label.setText(self.tr("{0} · channel {1} · row {2}, column {3}: {4:.4g}").format(layer, c, r, k, v))

    # -- drag and drop --------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()
