"""The "draw a digit" page: canvas, model input, probabilities, every layer's feature maps,
learned kernels. Views only: they show plain NumPy arrays handed to them by the
controller (:mod:`cnnviz.app.digits_controller`) and emit signals carrying what the user
did; they never call Keras. The building blocks are in :mod:`cnnviz.qt.digits.panels`, the
keyboard shortcuts in :mod:`cnnviz.qt.digits.shortcuts`."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.colour import gray_rgb
from cnnviz.qt.canvas import DrawingCanvas
from cnnviz.qt.digits.captions import input_caption
from cnnviz.qt.digits.detail import MapDetailView
from cnnviz.qt.digits.explore import ExplorePanel
from cnnviz.qt.digits.kernels import KernelGridView
from cnnviz.qt.digits.panels import (  # noqa: F401 - RANGE_TEXT_INTERVAL_MS for the tests
    RANGE_TEXT_INTERVAL_MS, ImageBox,
    LayerPanel,
    StepsScroll,  # the row of preprocessing steps scrolls sideways on its own
    follow_app_font,
    show_steps,
    tool_button,
    rescale_labels,
    scale_label,
)
from cnnviz.qt.digits.probabilities import ProbabilityView
from cnnviz.qt.digits.shortcuts import make_page_actions, step_map


class DigitsPage(QWidget):
    """All the widgets of the digit page; the controller fills them."""

    open_image_requested = Signal()
    files_dropped = Signal(list)
    show_steps_changed = Signal(bool)
    map_chosen = Signal(str, int)          # layer, channel: the feature map now enlarged
    tab_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_digits")
        self.setAcceptDrops(True)
        self.panels: list[LayerPanel] = []

        # -- left: drawing ----------------------------------------------------------------------
        self.canvas = DrawingCanvas(self)
        self.canvas.setMinimumSize(300, 300)
        self.canvas.set_height_for_width(False)  # square by eventFilter: the column scrolls only when it must
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
        self.eraser_button = tool_button(self, self.tr("Eraser"), "eraserButton", self.tr("Erase (E, or the right mouse button)"))
        self.eraser_button.setCheckable(True)
        self.eraser_button.toggled.connect(self.canvas.set_eraser)
        self.canvas.eraser_changed.connect(self.eraser_button.setChecked)
        self.undo_button = tool_button(self, self.tr("Undo"), "undoButton", self.tr("Undo the last stroke (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.canvas.undo)
        self.redo_button = tool_button(self, self.tr("Redo"), "redoButton", self.tr("Redo (Ctrl+Shift+Z)"))
        self.redo_button.clicked.connect(self.canvas.redo)
        self.clear_button = tool_button(self, self.tr("Clear"), "clearButton", self.tr("Clear the canvas (Delete)"))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.open_button = tool_button(self, self.tr("Open image…"), "openImageButton",
                                      self.tr("Use a photo or scan of a digit as the input (or drop it here)"))
        self.open_button.clicked.connect(self.open_image_requested.emit)
        self.show_history(False, False)
        self.canvas.history_changed.connect(self.show_history)
        for b in (self.eraser_button, self.undo_button, self.redo_button, self.clear_button):
            tools.addWidget(b)
        tools.addStretch(1)
        brush_row = QHBoxLayout()
        brush_row.addWidget(QLabel(self.tr("Brush"), self))
        brush_row.addWidget(self.brush_slider, 1)
        tools2 = QVBoxLayout()  # one above the other: the column stays narrow when zoomed
        tools2.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.steps_check = QCheckBox(self.tr("Show preprocessing steps"), self)
        self.steps_check.setObjectName("showStepsCheck")
        self.steps_check.toggled.connect(self._toggle_steps)
        tools2.addWidget(self.steps_check)

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
        self.steps_scroll = StepsScroll(self.steps_widget, self)
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
        lv.addWidget(self.steps_scroll)
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
        self.maps_split.setChildrenCollapsible(False)  # the detail keeps its buttons' width
        self.kernels = KernelGridView(self)
        self.tabs.addTab(self.maps_split, self.tr("Feature maps"))
        self.tabs.addTab(self.kernels, self.tr("Learned kernels"))
        self.explore = ExplorePanel(self)
        self.tabs.addTab(self.explore, self.tr("Explore"))
        self.tabs.currentChanged.connect(self._flush_visible)
        self.tabs.currentChanged.connect(self.tab_changed.emit)
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
        # Large type (presentation mode) may make the drawing column taller than the window: it scrolls.
        self.left_scroll = QScrollArea(self)
        self.left_scroll.setObjectName("digitsLeftScroll")
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.left_scroll.setWidget(left)
        self.split.addWidget(self.left_scroll)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([440, 1000])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.split)
        self.page_actions = make_page_actions(self)
        self._font_timer = QTimer(self)
        self._font_timer.setSingleShot(True)
        self._font_timer.timeout.connect(self._apply_app_font)
        self._fit_left()
        app = QCoreApplication.instance()
        if hasattr(app, "fontChanged"):
            app.fontChanged.connect(self._follow_app_font)

    def step_map(self, delta: int) -> None:
        """Enlarge the next/previous channel of the enlarged map's layer (or the first map)."""
        step_map(self, delta)

    def _apply_app_font(self) -> None:
        follow_app_font(self)
        self._fit_left()

    def _fit_left(self) -> None:
        """The drawing column is never narrower than its widgets (it scrolls only down)."""
        bar = self.left_scroll.verticalScrollBar().sizeHint().width()
        self.left_scroll.setMinimumWidth(self._left.minimumSizeHint().width() + bar)

    def _follow_app_font(self, *_args) -> None:
        """Zoom and presentation mode set the APPLICATION font (then the per-class fonts):
        once they are all set, the page's widgets take them (see :func:`follow_app_font`)."""
        if not self._font_timer.isActive():
            self._font_timer.start()

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

    def show_history(self, can_undo: bool, can_redo: bool) -> None:
        """Enable Undo/Redo as the canvas's history allows."""
        self.undo_button.setEnabled(can_undo)
        self.redo_button.setEnabled(can_redo)

    def steps_shown(self) -> bool:
        return self.steps_check.isChecked()

    def set_steps_shown(self, on: bool) -> None:
        self.steps_check.setChecked(bool(on))

    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    def set_current_tab(self, index: int) -> bool:
        """Show tab ``index`` (False: no such tab)."""
        if not 0 <= index < self.tabs.count():
            return False
        self.tabs.setCurrentIndex(index)
        return True

    def set_model_text(self, text: str) -> None:
        self.model_label.setText(text)

    def _toggle_steps(self, on: bool) -> None:
        self.steps_scroll.setVisible(on)
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
        if self.font() != QApplication.font():  # the new panels take the current zoom
            self._apply_app_font()
        h, w, c = info.input_shape
        self.input_box.set_title(self.tr("Model input {0}×{1}").format(h, w))
        self.input_note.setText(input_caption(info.input_shape, getattr(info, "digit_like", False),
                                              getattr(info, "input_range", (0.0, 1.0))))
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
                self.explore.show_gradcam(gray_rgb(x),
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
        show_steps(self, steps)

    def map_clicked(self, layer: str, channel: int) -> None:
        for p in self.panels:
            if p.info.is_map:
                p.view.select(channel if p.info.name == layer else -1)
        panel = next((p for p in self.panels if p.info.name == layer), None)
        if panel is not None:
            panel.flush()
            if panel.info.is_map and channel >= panel.shown:  # a map beyond the first ones
                panel.show_all(True)
                panel.view.select(channel)
        if panel is None or panel.values is None:
            return
        maps = panel.values
        self.detail.show_map(layer, channel, maps[:, :, channel], conv=(layer in self.kernels.kernels))
        if layer in self.kernels.kernels:  # the kernel grid follows: that map's filter
            self.kernels.show_layer(layer)
            self.kernels.select_filter(channel)
        self.map_chosen.emit(layer, channel)

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
