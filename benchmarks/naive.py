"""The naive reference path, which exists only as the benchmark's baseline.

What a first version of a live CNN viewer typically does on every pen movement:
``model.predict`` on a multi-output model (all feature maps and the probabilities), then
one pyqtgraph ImageItem per feature map updated with auto-levels, and a bar chart — all
on the UI thread. :class:`NaiveView` builds those items once (that much it does right),
:meth:`NaiveView.update_from_ink` does the per-stroke work, and the bench paints the view
into a QImage to measure until the pixels are done, exactly as for the fast path.

Never used by the app.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget


def spatial_layer_names(model, names: list[str] | None = None) -> list[str]:
    """Layers with a (batch, H, W, C) output: the ones a feature-map view shows."""
    if names:
        return list(names)
    out = []
    for layer in model.layers:
        shape = getattr(layer, "output", None)
        shape = getattr(shape, "shape", None)
        if shape is None or len(shape) != 4:
            continue
        if type(layer).__name__ in ("InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise"):
            continue
        out.append(layer.name)
    return out


class NaiveView(QWidget):
    """One ViewBox + ImageItem per feature map, one bar chart; built once."""

    def __init__(self, model, layer_names: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import keras  # noqa: PLC0415 - the bench imports Keras lazily

        self.setObjectName("benchNaiveView")
        self.model = model
        self.layer_names = spatial_layer_names(model, layer_names)
        outputs = [model.get_layer(n).output for n in self.layer_names] + [model.outputs[0]]
        self.multi = keras.Model(model.inputs, outputs, name="bench_naive_multi_output")
        self.input_shape = tuple(int(d) for d in model.inputs[0].shape[1:])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.graphics = pg.GraphicsLayoutWidget(self)
        layout.addWidget(self.graphics)
        self.items: list[list[pg.ImageItem]] = []
        for name in self.layer_names:
            channels = int(model.get_layer(name).output.shape[-1])
            cols = int(math.ceil(math.sqrt(channels)))
            sub = self.graphics.addLayout()
            sub.addLabel(name, colspan=cols)
            sub.nextRow()
            row_items = []
            for c in range(channels):
                vb = sub.addViewBox(lockAspect=True, enableMouse=False)
                item = pg.ImageItem()
                vb.addItem(item)
                row_items.append(item)
                if (c + 1) % cols == 0:
                    sub.nextRow()
            self.items.append(row_items)
            self.graphics.nextRow()
        n_classes = int(model.outputs[0].shape[-1])
        plot = self.graphics.addPlot(title="probabilities")
        self.bars = pg.BarGraphItem(x=np.arange(n_classes), height=np.zeros(n_classes), width=0.8)
        plot.addItem(self.bars)

    def model_input(self, image28: np.ndarray) -> np.ndarray:
        h, w, c = self.input_shape
        x = np.asarray(image28, np.float32)
        if x.shape != (h, w):
            import cv2  # noqa: PLC0415

            x = cv2.resize(x, (w, h), interpolation=cv2.INTER_AREA)
        x = np.repeat(x[:, :, None], c, axis=2)
        return x[None]

    def update_from_ink(self, ink: np.ndarray) -> np.ndarray:
        """The naive per-stroke work; returns the probabilities."""
        from cnnviz.core.preprocess import preprocess_digit  # noqa: PLC0415

        image = preprocess_digit(ink, size=self.input_shape[0]).image
        outputs = self.multi.predict(self.model_input(image), verbose=0)
        for maps, items in zip(outputs[:-1], self.items):
            for c, item in enumerate(items):
                item.setImage(maps[0, :, :, c].T)  # auto-levels on every update
        probs = np.asarray(outputs[-1][0])
        self.bars.setOpts(height=probs)
        return probs
