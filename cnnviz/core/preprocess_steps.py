"""The steps of preprocessing a picture, as the app shows them, and the error it raises.

NumPy only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class PreprocessError(ValueError):
    """An array that cannot be an image (the message names the shape or values)."""


class Note(str):
    """A remark about how a picture was prepared. It reads as its English text; the Qt
    layer translates ``template`` (context "Preprocessing") and fills in ``args``."""

    template: str
    args: tuple

    def __new__(cls, template: str, *args) -> "Note":
        note = super().__new__(cls, template.format(*args))
        note.template, note.args = template, args
        return note


@dataclass(frozen=True)
class Step:
    key: str       # stable identifier ("ink", "cropped", "scaled", "placed", "centered", …)
    title: str     # short English caption template ("Scaled {0}×{0}"; the Qt layer translates it)
    image: np.ndarray  # float32 (h, w) in 0..1, light ink on dark
    args: tuple = ()   # values for the template's {0}, {1}, …

    @property
    def caption(self) -> str:
        """The English caption with its values filled in."""
        return self.title.format(*self.args)


@dataclass(frozen=True)
class Preprocessed:
    image: np.ndarray                 # float32 (size, size) in 0..1
    steps: tuple[Step, ...] = ()
    empty: bool = False
    bbox: tuple[int, int, int, int] | None = None  # (top, left, bottom, right) in the source, exclusive
    shift: tuple[int, int] = (0, 0)   # (dy, dx) applied to centre the mass
    inverted: bool = False            # image files: dark ink on light paper was inverted
    notes: tuple[str, ...] = field(default_factory=tuple)

    def step(self, key: str) -> Step:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(f"no preprocessing step {key!r}; steps: {', '.join(s.key for s in self.steps)}")


def as_float_image(a: np.ndarray, what: str = "image") -> np.ndarray:
    arr = np.asarray(a)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim != 2:
        raise PreprocessError(f"the {what} must be a 2-D gray array, got shape {np.shape(a)}")
    if arr.size == 0 or min(arr.shape) < 1:
        raise PreprocessError(f"the {what} is empty (shape {arr.shape})")
    if np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        info_max = 1.0 if arr.dtype == np.bool_ else (255.0 if arr.dtype == np.uint8 else float(max(arr.max(), 1)))
        out = arr.astype(np.float32) / np.float32(info_max)
    else:
        out = arr.astype(np.float32)
    out = np.nan_to_num(out, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(out, 0.0, 1.0)


