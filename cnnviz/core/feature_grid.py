"""What the "What filters look for" page shows for one layer, as plain NumPy.

The controller (:mod:`cnnviz.app.features_controller`) fills a :class:`FeatureGrid` in its
worker thread from the feature-visualisation engine; the views
(:mod:`cnnviz.qt.features`) only draw it. No Qt, no Keras.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FeatureGrid:
    """Per channel of ``layer``: the synthesised image and (when there is data) the test
    images that excite the channel most, best first, with their mean activations."""

    layer: str
    synthesised: np.ndarray                 # (K, H, W) or (K, H, W, 3) uint8
    channel_ids: np.ndarray                 # (K,) the layer channel of each image
    own: np.ndarray                         # (K,) mean activation each image reaches in its channel
    examples: np.ndarray | None = None      # (K, k, H, W[, 3]) uint8, best first
    example_values: np.ndarray | None = None  # (K, k) their mean activations
    example_ids: np.ndarray | None = None   # (K, k) their indices in the data set
    seconds: float = 0.0                    # time the synthesis took when it was computed
    from_cache: bool = False
    backend: str = ""

    @property
    def channels(self) -> int:
        return int(len(self.synthesised))

    @property
    def has_examples(self) -> bool:
        return self.examples is not None and self.examples.shape[1] > 0

    def row(self, channel: int) -> int:
        """Index of layer channel ``channel`` in the arrays (ValueError when absent)."""
        hits = np.flatnonzero(self.channel_ids == int(channel))
        if not len(hits):
            raise ValueError(f"channel {channel} is not in layer {self.layer!r} "
                             f"(0…{int(self.channel_ids.max()) if len(self.channel_ids) else -1})")
        return int(hits[0])

    def examples_flat(self) -> tuple[np.ndarray, np.ndarray]:
        """``(tiles, indices)`` for ``channel_sheet``: every example once, in channel order,
        and a ``(K, k)`` index array into it."""
        if not self.has_examples:
            raise ValueError("no examples")
        k = int(self.examples.shape[1])
        tiles = self.examples.reshape((-1,) + self.examples.shape[2:])
        return tiles, np.arange(self.channels * k).reshape(self.channels, k)
