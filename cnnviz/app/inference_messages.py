"""What the digit page's controller and its inference worker hand each other: plain,
immutable data (no Qt, no Keras). A request goes in; a model description and results
come out, each carried by a signal."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cnnviz.core.model_input import Prepared, prepare_input


@dataclass(frozen=True)
class ModelInfo:
    """What the views need to know about the current model (plain data, no Keras)."""

    model_id: int
    name: str
    class_names: list[str]
    input_shape: tuple[int, int, int]
    layers: list[Any]                      # cnnviz.inference.activations.LayerInfo
    kernels: dict[str, Any]                # Conv2D name → ConvParams (kernel, bias, padding, …)
    digit_like: bool                       # cnnviz.core.model_input.is_digit_model
    modified: bool = False                 # weights edited in memory
    status: str = ""                       # "Keras 3.15 · tensorflow · CPU (2 cores)"
    input_range: tuple[float, float] = (0.0, 1.0)  # pixel range the model expects (−1…1: MobileNet)


@dataclass(frozen=True)
class InputRequest:
    """One picture to run: canvas ink (light on dark: uint8, or float 0..1) or an image
    file's pixels."""

    ink: np.ndarray | None = None
    image: np.ndarray | None = None
    source: str = ""                        # file name for images
    transform: Any = None                   # cnnviz.core.augment.Transform or None
    gradcam: tuple | None = None            # (layer name or None, class index or None)
    exact: bool = False                     # image already is the model input (a test-set sample)
    steps: bool = True                      # keep the preprocessing steps of canvas ink (shown?)
    prepared: Prepared | None = None        # already preprocessed (prepare_request) …
    prepared_for: int = 0                   # … for the model with this model_id


@dataclass(frozen=True)
class InferenceResult:
    seq: int
    model_id: int
    model_input: np.ndarray                 # (H, W, C) what the network saw
    steps: tuple                            # preprocessing Steps (key, title, image)
    empty: bool                             # nothing drawn
    maps: list[np.ndarray]                  # one per ModelInfo.layers entry
    probabilities: np.ndarray               # (classes,)
    conv_inputs: dict[str, np.ndarray]      # Conv2D name → its input (H, W, C)
    compute_ms: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    gradcam: Any = None                     # cnnviz.inference.gradcam.GradCamResult or None
    gradcam_error: str = ""
    gradcam_rgb: np.ndarray | None = None   # (H, W, 3) uint8: the heat map over the input


def prepare_request(req: InputRequest, info: ModelInfo) -> Prepared:
    """The network's input for ``req`` under model ``info``, by the one
    :func:`cnnviz.core.model_input.prepare_input` (NumPy + OpenCV: safe on any thread).
    Canvas ink for the live view is prepared on the UI thread (~0.1 ms for the 8-bit
    buffer), so the worker goes straight into the network — whose call releases the GIL —
    while the UI thread paints the new ink; image files are prepared in the worker
    (denoising a photo takes longer)."""
    if req.image is not None:
        return prepare_input(info.input_shape, info.class_names, image=req.image,
                             transform=req.transform, exact=req.exact, input_range=info.input_range)
    return prepare_input(info.input_shape, info.class_names, ink=req.ink, transform=req.transform,
                         keep_steps=req.steps, input_range=info.input_range)
