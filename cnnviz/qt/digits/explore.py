"""Explore what the network tolerates and where it looks:

* invariance sliders shift, rotate, scale and thicken the drawn digit (the augmentations
  the course describes) — the probabilities update live;
* Grad-CAM for the predicted or a chosen class, overlaid on the model input.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.augment import Transform

# (key, title, minimum, maximum, step shown per slider unit, unit)
SLIDERS = (
    ("dx", "Shift right", -10, 10, 1.0, "px"),
    ("dy", "Shift down", -10, 10, 1.0, "px"),
    ("angle", "Rotate", -90, 90, 1.0, "°"),
    ("scale", "Scale", 40, 160, 0.01, "×"),
    ("thickness", "Stroke width", -1, 2, 1.0, "px"),
)
PREDICTED = -1


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("cnnvizFontScale", 1.0)  # kept bold and in step with zoom by the page
    label.setProperty("cnnvizFontBold", True)
    f = label.font()
    f.setBold(True)
    label.setFont(f)
    return label


class ExplorePanel(QWidget):
    transform_changed = Signal(object)            # Transform
    gradcam_changed = Signal(object)              # (layer or None, class or None) or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explorePanel")
        self.sliders: dict[str, QSlider] = {}
        self._value_labels: dict[str, QLabel] = {}
        # The group titles are word-wrapped labels, not QGroupBox titles: a title is never
        # wrapped, and two of them side by side made the page wider than a 1280 px screen
        # in presentation mode.
        inv = QGroupBox(self)
        form = QFormLayout(inv)
        form.addRow(_heading(self.tr("Invariance: move the digit, watch the prediction"), inv))
        for key, title, lo, hi, step, unit in SLIDERS:
            s = QSlider(Qt.Orientation.Horizontal, inv)
            s.setObjectName(f"explore_{key}")
            s.setRange(lo, hi)
            s.setValue(100 if key == "scale" else 0)
            s.setPageStep(5 if key in ("angle", "scale") else 1)
            label = QLabel(inv)
            label.setFixedWidth(label.fontMetrics().horizontalAdvance("−160.00 ×") + 8)
            row = QHBoxLayout()
            row.addWidget(s, 1)
            row.addWidget(label)
            form.addRow(self.tr(title), row)
            s.valueChanged.connect(self._emit_transform)
            self.sliders[key] = s
            self._value_labels[key] = label
        self.reset_button = QPushButton(self.tr("Reset (as drawn)"), inv)
        self.reset_button.setObjectName("exploreReset")
        self.reset_button.clicked.connect(self.reset)
        form.addRow(self.reset_button)
        self.tolerance_note = QLabel(self.tr("A CNN tolerates small shifts (pooling) but not large "
                                             "rotations: that is why training uses augmentation."), inv)
        self.tolerance_note.setWordWrap(True)
        form.addRow(self.tolerance_note)

        cam = QGroupBox(self)
        cl = QVBoxLayout(cam)
        cl.addWidget(_heading(self.tr("Grad-CAM: where does the network look?"), cam))
        self.cam_check = QCheckBox(self.tr("Show Grad-CAM"), cam)
        self.cam_check.setObjectName("gradcamCheck")
        self.cam_class = QComboBox(cam)
        self.cam_class.setObjectName("gradcamClass")
        self.cam_layer = QComboBox(cam)
        self.cam_layer.setObjectName("gradcamLayer")
        # Two rows, and combo boxes that do not grow with their longest entry (MobileNet's
        # layer names): in presentation mode at 1280 px the page must still fit.
        for combo in (self.cam_class, self.cam_layer):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        cl.addWidget(self.cam_check)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("class"), cam))
        top.addWidget(self.cam_class, 1)
        top.addWidget(QLabel(self.tr("layer"), cam))
        top.addWidget(self.cam_layer, 2)
        cl.addLayout(top)
        self.cam_view = pg.GraphicsLayoutWidget(cam)
        self.cam_view.setObjectName("gradcamView")
        self.cam_vb = self.cam_view.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.cam_vb.setMenuEnabled(False)
        self.cam_vb.disableAutoRange()
        self.cam_image = pg.ImageItem(axisOrder="row-major")
        self.cam_vb.addItem(self.cam_image)
        self.cam_caption = QLabel(" ", cam)
        self.cam_caption.setObjectName("gradcamCaption")
        self.cam_caption.setFixedHeight(self.cam_caption.fontMetrics().height() * 2 + 6)
        self.cam_caption.setWordWrap(True)
        cl.addWidget(self.cam_view, 1)
        cl.addWidget(self.cam_caption)
        for w in (self.cam_check,):
            w.toggled.connect(self._emit_gradcam)
        self.cam_class.currentIndexChanged.connect(self._emit_gradcam)
        self.cam_layer.currentIndexChanged.connect(self._emit_gradcam)
        self._cam_shape: tuple = ()
        self._updating = False

        lay = QHBoxLayout(self)
        lay.addWidget(inv, 1)
        lay.addWidget(cam, 1)
        self._show_values()

    # -- invariance ----------------------------------------------------------------------
    def transform(self) -> Transform:
        v = {k: s.value() for k, s in self.sliders.items()}
        return Transform(dx=float(v["dx"]), dy=float(v["dy"]), angle=float(v["angle"]),
                         scale=v["scale"] / 100.0, thickness=int(v["thickness"]))

    def slider_values(self) -> dict[str, int]:
        """The sliders' positions by key (``dx``, ``dy``, ``angle``, ``scale`` in %, ``thickness``)."""
        return {k: s.value() for k, s in self.sliders.items()}

    def set_slider_values(self, values: dict) -> None:
        """Move the sliders named in ``values`` (others stay); one ``transform_changed``."""
        self._updating = True
        try:
            for key, s in self.sliders.items():
                if key in values:
                    s.setValue(int(values[key]))
        finally:
            self._updating = False
        self._emit_transform()

    def gradcam_on(self) -> bool:
        return self.cam_check.isChecked()

    def set_gradcam_on(self, on: bool) -> None:
        self.cam_check.setChecked(bool(on))

    def reset(self) -> None:
        self._updating = True
        try:
            for key, s in self.sliders.items():
                s.setValue(100 if key == "scale" else 0)
        finally:
            self._updating = False
        self._emit_transform()

    def _show_values(self) -> None:
        t = self.transform()
        self._value_labels["dx"].setText(f"{t.dx:+.0f} px")
        self._value_labels["dy"].setText(f"{t.dy:+.0f} px")
        self._value_labels["angle"].setText(f"{t.angle:+.0f}°")
        self._value_labels["scale"].setText(f"{t.scale:.2f} ×")
        self._value_labels["thickness"].setText(f"{t.thickness:+d} px")

    def _emit_transform(self) -> None:
        if self._updating:
            return
        self._show_values()
        self.transform_changed.emit(self.transform())

    # -- Grad-CAM ------------------------------------------------------------------------
    def set_model(self, class_names: list[str], map_layers: list[str]) -> None:
        self._updating = True
        try:
            self.cam_class.clear()
            self.cam_class.addItem(self.tr("predicted"), PREDICTED)
            for i, name in enumerate(class_names):
                self.cam_class.addItem(name, i)
            self.cam_layer.clear()
            for name in map_layers:
                self.cam_layer.addItem(name, name)
            if map_layers:
                self.cam_layer.setCurrentIndex(len(map_layers) - 1)  # the last: most semantic
        finally:
            self._updating = False
        self.cam_image.clear()
        self.cam_caption.setText(" ")
        self._emit_gradcam()

    def gradcam_request(self):
        if not self.cam_check.isChecked() or self.cam_layer.count() == 0:
            return None
        k = self.cam_class.currentData()
        return (self.cam_layer.currentData(), None if k in (None, PREDICTED) else int(k))

    def _emit_gradcam(self, *_args) -> None:
        if not self._updating:
            self.gradcam_changed.emit(self.gradcam_request())

    def show_gradcam(self, rgb: np.ndarray | None, caption: str) -> None:
        if rgb is None:
            self.cam_image.clear()
        else:
            self.cam_image.setImage(rgb, autoLevels=False, levels=(0, 255))
            if rgb.shape != self._cam_shape:
                self._cam_shape = rgb.shape
                self.cam_vb.setRange(QRectF(0, 0, rgb.shape[1], rgb.shape[0]), padding=0.0)
        self.cam_caption.setText(caption)
