"""The digit page's state, Qt-free: what is drawn, how it is transformed, which model
runs, its latest result and the enlarged map. Every change is an event that carries the
new value (see :mod:`cnnviz.state.events`):

    canvas ──ink──▶ DigitSession.ink ──event──▶ controller: prepare_input → worker
    worker ──result──▶ DigitSession.result ──event──▶ views

The undo history stays with the canvas's pixel buffer (compressed snapshots of the
widget's own image, ~0.1 ms a stroke); the session holds what the network sees.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.state.events import EventedModel

MAX_INK_SIDE = 4096


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture to run instead of the drawing: an image file's pixels, or a data-set
    sample that already is the model input (``exact``). Each one is a new event, even
    for the same pixels (the same sample chosen again runs again)."""

    image: np.ndarray
    source: str = ""
    exact: bool = False


def check_ink(ink: Any) -> np.ndarray:
    """``ink`` as a 2-D array, or ValueError with a one-line message."""
    a = np.asarray(ink)
    if a.ndim != 2 or min(a.shape) < 2 or max(a.shape) > MAX_INK_SIDE:
        raise ValueError(f"the drawing must be a 2-D image of 2…{MAX_INK_SIDE} pixels a side, got shape {a.shape}")
    return a


class DigitSession(EventedModel):
    """``events.<field>(new value)`` for each field below."""

    FIELDS = {
        "ink": None,           # uint8 (H, W): the canvas's drawing, light on dark
        "picture": None,       # Picture: an image file or a test-set sample to run
        "transform": None,     # cnnviz.core.augment.Transform (the invariance sliders) or None
        "gradcam": None,       # (layer or None, class index or None) while Grad-CAM is on
        "show_steps": False,   # the preprocessing steps are shown (so they are kept)
        "model": None,         # cnnviz.app.inference_messages.ModelInfo of the running model
        "result": None,        # the newest InferenceResult (inference_messages) for that model
        "selected_map": None,  # (layer name, channel) of the enlarged feature map
    }

    def layer_indices(self) -> dict[str, int]:
        """Layer name → its index in ``result.maps`` for the current model (cached)."""
        model = self.model
        if model is None:
            return {}
        cached = self.__dict__.get("_indices")
        if cached is None or cached[0] is not model:
            cached = (model, {info.name: i for i, info in enumerate(model.layers)})
            self._indices = cached
        return cached[1]

    def layer_index(self, layer: str) -> int | None:
        """Where ``layer``'s maps are in ``result.maps`` (None: not a layer of the model)."""
        return self.layer_indices().get(layer)

    def result_matches_model(self, result) -> bool:
        """``result`` was computed by the model the session shows (not a stale one)."""
        return self.model is not None and result is not None and result.model_id == self.model.model_id

    def map_values(self, layer: str, channel: int) -> np.ndarray | None:
        """Channel ``channel`` of ``layer``'s maps in the latest result (None: none)."""
        i = self.layer_index(layer)
        if i is None or self.result is None or i >= len(self.result.maps):
            return None
        maps = self.result.maps[i]
        if maps.ndim != 3 or not 0 <= channel < maps.shape[2]:
            return None
        return maps[:, :, channel]
