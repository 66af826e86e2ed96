"""Which layers of a Keras image model feature visualisation can use, and its input.

No Qt. Nested sub-models are expanded first (as the live view does), so the layer names
match the ones the app shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.inference.layer_info import image_layer_names

class FeatureVisError(ValueError):
    """Feature visualisation cannot run for this model/layer (the message says why)."""


class VisualisationCancelled(Exception):
    """The caller's ``cancelled()`` said stop; nothing was returned or cached."""


@dataclass(frozen=True)
class InputSpec:
    """The model's image input: size, channels, layout and value range."""

    height: int
    width: int
    channels: int
    layout: str                     # "hwc" | "hw" | "flat"
    low: float = 0.0
    high: float = 1.0
    any_size: bool = False          # the model leaves height/width open (size filled them)

    def to_model(self, images: np.ndarray) -> np.ndarray:
        """Images ``(n, h, w, c)`` → the model's own input layout."""
        if self.layout == "hw":
            return images[..., 0]
        if self.layout == "flat":
            return images.reshape(len(images), -1)
        return images

    def from_model(self, grad: np.ndarray) -> np.ndarray:
        return np.asarray(grad, np.float32).reshape((len(grad), self.height, self.width, self.channels))


def image_model(model):
    """``model`` with nested sub-models expanded (:func:`cnnviz.inference.graph.
    flatten_nested`: same weights, the layer names the live view shows), so every inner
    layer is reachable from the input; ``model`` itself when nothing is nested."""
    from cnnviz.inference.graph import flatten_nested, is_nested

    if not is_nested(model):
        return model
    try:
        return flatten_nested(model)
    except (TypeError, ValueError) as exc:
        raise FeatureVisError(f"cannot reach the layers inside this model's sub-models ({exc})") from None


def input_spec(model, *, size: int = 64, value_range: tuple[float, float] | None = None) -> InputSpec:
    """The image input of ``model``; ``size`` fills dimensions the model leaves open."""
    inputs = list(getattr(model, "inputs", None) or [])
    if len(inputs) != 1:
        raise FeatureVisError(f"feature visualisation needs a model with exactly one image input, "
                              f"this one has {len(inputs)}")
    shape = tuple(inputs[0].shape)
    lo, hi = value_range if value_range is not None else guess_input_range(model)
    if len(shape) == 4:
        if shape[3] is None:
            raise FeatureVisError(f"the model's input {shape} has no channel count (channels-last images needed)")
        return InputSpec(int(shape[1] or size), int(shape[2] or size), int(shape[3]), "hwc", lo, hi,
                         shape[1] is None or shape[2] is None)
    if len(shape) == 3:
        return InputSpec(int(shape[1] or size), int(shape[2] or size), 1, "hw", lo, hi,
                         shape[1] is None or shape[2] is None)
    if len(shape) == 2 and shape[1] and int(np.sqrt(shape[1])) ** 2 == shape[1]:
        side = int(np.sqrt(shape[1]))
        return InputSpec(side, side, 1, "flat", lo, hi)
    raise FeatureVisError(f"the model's input has shape {shape}; an image model takes (batch, H, W, C)")


def guess_input_range(model) -> tuple[float, float]:
    """``(0, 255)`` when the model starts by rescaling by about 1/255 or 1/127.5 (it takes
    raw pixels); otherwise ``(0, 1)``, the convention of cnnviz's models."""
    for layer in getattr(model, "layers", [])[:3]:
        if type(layer).__name__ == "Rescaling":
            try:
                scale = float(np.ravel(np.asarray(layer.scale, np.float64))[0])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 < scale < 0.05:
                return 0.0, 255.0
    return 0.0, 1.0


def image_layers(model) -> list[str]:
    """Layers with an image-like ``(h, w, K)`` output, in model order (conv layers first
    among what a user would pick; pooling and normalisation work too)."""
    return image_layer_names(image_model(model).layers)   # skips input, dropout, rescaling, …


def conv_layers(model) -> list[str]:
    """The convolution layers among :func:`image_layers`."""
    flat = image_model(model)
    return [n for n in image_layers(flat) if "Conv" in type(flat.get_layer(n)).__name__]


def image_layer(model, layer_name: str):
    names = image_layers(model)
    if layer_name not in names:
        choices = ", ".join(names) if names else "none"
        raise FeatureVisError(f"layer {layer_name!r} has no image-like output; choose one of: {choices}")
    return model.get_layer(layer_name)
