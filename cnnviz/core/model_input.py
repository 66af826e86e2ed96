"""What the network gets: canvas ink or a picture → the model input ``(H, W, C)``.

ONE place decides "is this a digit model?" (:func:`is_digit_model`) and how a picture
becomes the input (:func:`prepare_input`), for the live view's worker and for
``cnnviz predict`` / ``cnnviz features`` alike. NumPy + OpenCV only: safe on any thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from cnnviz.core.augment import Transform, apply_transform
from cnnviz.core.preprocess import (
    MNIST_BOX,
    MNIST_SIZE,
    MODES,
    PreprocessError,
    preprocess_digit,
    preprocess_image,
    to_model_input,
    transformed_step,
)

AUTO = "auto"


@dataclass(frozen=True)
class Prepared:
    """The network's input and how it was made."""

    x: np.ndarray                # (H, W, C) float32 in the model's input range (0..1 by default)
    steps: tuple                 # preprocessing Steps (empty when the picture went in as it is)
    empty: bool                  # nothing drawn
    notes: tuple[str, ...] = ()  # what photo cleaning noticed ("inverted", …)


def input_size(input_shape: Sequence[int | None]) -> tuple[int, int, int]:
    """``(H, W, C)`` with unknown sizes as MNIST's 28×28 and unknown channels as 1."""
    if len(input_shape) != 3:
        raise PreprocessError(f"the model input shape must be (H, W, C), got {tuple(input_shape)}")
    h, w, c = input_shape
    return int(h or MNIST_SIZE), int(w or MNIST_SIZE), int(c or 1)


def is_digit_model(input_shape: Sequence[int | None], class_names: Sequence[str]) -> bool:
    """MNIST-like: gray square input and the ten classes "0" … "9". Such models get the
    MNIST pipeline (photo cleaning, 20×20 box, centre of mass, shown step by step);
    other models (letters, clothes, faces, …) get the picture resized as it is."""
    h, w, c = input_size(input_shape)
    return c == 1 and h == w and [str(n).strip() for n in class_names] == [str(i) for i in range(10)]


def ink_geometry(input_shape: Sequence[int | None]) -> tuple[int, int]:
    """How canvas ink becomes the input (the digit rule, for every model): it is cropped,
    scaled to fit ``box × box`` and centred by its mass in ``side × side`` (then cut to
    the input's ``H × W`` when that is not square). Returns ``(side, box)``."""
    h, w, _c = input_size(input_shape)
    side = max(h, w)
    return side, max(1, round(side * MNIST_BOX / MNIST_SIZE))


def choose_mode(input_shape: Sequence[int | None], class_names: Sequence[str]) -> str:
    """The ``auto`` mode for a picture: ``digit`` for digit models, else ``fit``."""
    return "digit" if is_digit_model(input_shape, class_names) else "fit"


def scale_to_range(x: np.ndarray, input_range: tuple[float, float]) -> np.ndarray:
    """``x`` in 0…1 mapped to ``low…high`` (unchanged for the default 0…1)."""
    low, high = (float(v) for v in input_range)
    if not (np.isfinite(low) and np.isfinite(high)) or high <= low:
        raise PreprocessError(f"the input range must be two finite numbers low < high, got {tuple(input_range)}")
    if (low, high) == (0.0, 1.0):
        return x
    return (np.float32(low) + np.float32(high - low) * x).astype(np.float32)


def prepare_input(
    input_shape: Sequence[int | None],
    class_names: Sequence[str] = (),
    *,
    ink: np.ndarray | None = None,
    image: np.ndarray | None = None,
    mode: str = AUTO,
    transform: Transform | None = None,
    exact: bool = False,
    keep_steps: bool = True,
    input_range: tuple[float, float] = (0.0, 1.0),
) -> Prepared:
    """The model input for canvas ``ink`` (light on dark, uint8 or 0..1) or a picture
    ``image`` (a photo or scan, either polarity), for a model with ``input_shape`` and
    ``class_names``.

    ``mode``: ``auto`` (the digit pipeline for ink and for pictures shown to a digit
    model, see :func:`is_digit_model`; ``fit`` for other pictures), or one of
    ``digit`` / ``fit`` / ``stretch`` (:func:`cnnviz.core.preprocess.to_model_input`).
    ``exact``: ``image`` already is the model input (a test-set sample): unchanged.
    ``transform``: the invariance sliders' shift/rotation/scale, applied last.
    ``input_range``: the pixel range the model expects (``ModelInfo.input_range``, e.g.
    −1…1 for Teachable Machine's MobileNet): the picture, prepared as 0…1, becomes
    ``low + (high − low)·x``. An ``exact`` input is left as it is.
    Raises :class:`PreprocessError` (a one-line message) on input it cannot use.
    """
    if (ink is None) == (image is None):
        raise PreprocessError("give either ink or an image")
    h, w, c = input_size(input_shape)
    if mode == AUTO:
        mode = "digit" if ink is not None else choose_mode((h, w, c), class_names)
    if mode not in MODES:
        raise PreprocessError(f"mode must be auto or one of {', '.join(MODES)}, got {mode!r}")
    notes: tuple[str, ...] = ()
    steps: tuple = ()
    as_is = exact and image is not None and np.shape(image)[:2] == (h, w)
    if as_is:
        a = np.asarray(image)
        x = a.astype(np.float32) / np.float32(255.0) if np.issubdtype(a.dtype, np.integer) else a.astype(np.float32)
        x = x[:, :, None] if x.ndim == 2 else x
        empty = not np.any(x)
    elif mode == "digit" and c == 1 and h == w:
        if image is not None:
            pre = preprocess_image(image, size=h)
            notes = tuple(pre.notes)
        else:
            pre = preprocess_digit(ink, size=h, keep_steps=keep_steps)
        x, steps, empty = pre.image[:, :, None], tuple(pre.steps), pre.empty
    else:
        picture = ink if ink is not None else image
        x = to_model_input(picture, (h, w, c), mode, is_ink=ink is not None)
        empty = not np.any(x)
    if transform is not None and not transform.identity:
        x = apply_transform(x, transform)
        x = x[:, :, None] if x.ndim == 2 else x
        steps = steps + (transformed_step(x),)
    if x.shape[2] != c:
        x = np.repeat(x[:, :, :1], c, axis=2)
    x = x if as_is else scale_to_range(x, input_range)
    return Prepared(np.ascontiguousarray(x, dtype=np.float32), steps, bool(empty), notes)
