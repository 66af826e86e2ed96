"""The pixel value range a model expects, read from its architecture.

cnnviz prepares images as floats in 0…1. Some models expect something else, and say so
only through their structure:

* a ``Rescaling`` layer right after the input: the model scales its input itself, so it
  takes raw pixels, 0…255;
* a Keras-applications MobileNet / MobileNetV2 feature extractor with no rescaling of its
  own in front (Teachable Machine's image exports are one): it was trained on pixels
  scaled to −1…1 (``mobilenet_v2.preprocess_input``).

:func:`detect_input_range` looks at the layers of a built model (nested models included)
and returns an :class:`InputRange`; the model info carries it as ``input_range`` so that
image preprocessing maps 0…1 to ``low…high``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputRange:
    low: float = 0.0
    high: float = 1.0
    reason: str = ""  # empty for the default 0…1

    def as_tuple(self) -> tuple[float, float]:
        return (self.low, self.high)


DEFAULT = InputRange()

# Layer names keras.applications gives the stem of its MobileNets (V2, then V1).
_MOBILENET_STEMS = (
    ({"Conv1", "bn_Conv1", "expanded_conv_depthwise"}, "MobileNetV2"),
    ({"conv1", "conv1_bn", "conv_dw_1"}, "MobileNet"),
)
_PASS_THROUGH = {"InputLayer", "ZeroPadding2D", "Dropout", "GaussianNoise", "RandomFlip", "RandomRotation",
                 "RandomZoom", "RandomTranslation", "RandomContrast", "RandomCrop", "Resizing"}


def _all_layers(model, depth: int = 0) -> list:
    out = []
    for layer in getattr(model, "layers", []) or []:
        out.append(layer)
        if depth < 8 and getattr(layer, "layers", None):
            out.extend(_all_layers(layer, depth + 1))
    return out


def _first_rescaling(layers: list):
    """The Rescaling layer the input reaches first (only pass-through layers before it)."""
    for layer in layers:
        cls = type(layer).__name__
        if cls == "Rescaling":
            return layer
        if cls in _PASS_THROUGH or getattr(layer, "layers", None):
            continue
        return None
    return None


def detect_input_range(model) -> InputRange:
    layers = _all_layers(model)
    rescale = _first_rescaling(layers)
    if rescale is not None:
        cfg = rescale.get_config()
        return InputRange(0.0, 255.0, f"the model rescales its input itself ({rescale.name}: × "
                                      f"{_num(cfg.get('scale'))} + {_num(cfg.get('offset'))}), so it takes "
                                      "pixels as 0…255")
    names = {layer.name for layer in layers}
    for stem, family in _MOBILENET_STEMS:
        if stem <= names and not any(type(layer).__name__ in ("Rescaling", "Normalization") for layer in layers):
            return InputRange(-1.0, 1.0, f"a {family} feature extractor (as in Teachable Machine image "
                                         "exports) without its own rescaling: pixels are scaled to −1…1")
    return DEFAULT


def _num(value) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.6g}"
    return str(value)
