"""What a successful load returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class LoadedModel:
    """A Keras model opened from a file, with what the app needs to show it.

    ``model`` is a ``keras.Model``; ``format`` is ``"keras"`` (Keras 3 zip) or ``"h5"``
    (legacy HDF5 full model); ``saved_by`` the Keras version recorded in the file (or
    None); ``class_names`` one name per output unit (two for a single sigmoid output);
    ``notes`` what the compatibility step changed to make an old file load; ``info`` the
    :class:`~cnnviz.inference.model_info.ModelInfo` summary (input/output kind, layer rows).
    """

    model: Any
    path: Path
    format: str
    saved_by: str | None = None
    class_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trusted: bool = False
    info: Any = None  # cnnviz.inference.model_info.ModelInfo (plain data for the views)

    @property
    def input_range(self) -> tuple[float, float]:
        """Pixel value range the model expects (``info.input_range``; (0, 1) by default)."""
        return tuple(getattr(self.info, "input_range", (0.0, 1.0)))

    @property
    def name(self) -> str:
        return self.path.name
