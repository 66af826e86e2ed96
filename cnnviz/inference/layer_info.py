"""The layers a live view shows: their families, what is known about each, and where
their tensors are in a model's graph (Keras only through the model objects passed in)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

# Layer families, by Keras class name. Anything else with a 4-D (image-like) output is
# shown as "other"; pure reshapes and inference-time no-ops are skipped.
CONV = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "Convolution2D"}
POOL = {"MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D", "GlobalMaxPooling2D",
        "GlobalAveragePooling2D", "GlobalMaxPool2D", "GlobalAvgPool2D"}
ACTIVATION = {"Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU"}
DENSE = {"Dense"}
NORM = {"BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization"}
SKIP = {"InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "Flatten", "Reshape", "Rescaling", "Normalization", "RandomFlip",
        "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "Resizing",
        "CenterCrop", "ActivityRegularization", "Identity", "Permute"}


@dataclass(frozen=True)
class LayerInfo:
    """One visualisable layer."""

    index: int                  # position in the extractor's outputs
    name: str
    kind: str                   # "conv", "activation", "pool", "norm", "dense", "other"
    class_name: str             # Keras class name
    shape: tuple[int, ...]      # output shape without the batch axis
    activation: str = ""        # fused activation of conv/dense layers ("relu", "linear", …)

    @property
    def is_map(self) -> bool:
        """Image-like output ``(H, W, C)``: shown as feature maps."""
        return len(self.shape) == 3

    @property
    def channels(self) -> int:
        return int(self.shape[-1]) if self.shape else 1


@dataclass(frozen=True)
class ConvParams:
    """What the Convolution Lab needs to recompute one Conv2D layer."""

    name: str
    kernel: np.ndarray          # (kh, kw, C, F) float32
    bias: np.ndarray            # (F,) float32 (zeros when the layer has no bias)
    padding: str                # "valid" | "same"
    stride: tuple[int, int]
    dilation: tuple[int, int]
    activation: str             # "none" | "relu" | the Keras name of another activation


def class_name(layer) -> str:
    return type(layer).__name__


def layer_kind(layer) -> str | None:
    c = class_name(layer)
    if c in SKIP:
        return None
    if c in CONV:
        return "conv"
    if c in POOL:
        return "pool"
    if c in ACTIVATION:
        return "activation"
    if c in DENSE:
        return "dense"
    if c in NORM:
        return "norm"
    return "other"


def activation_name(layer) -> str:
    act = getattr(layer, "activation", None)
    if act is None:
        return ""
    name = getattr(act, "__name__", None) or getattr(act, "name", None) or str(act)
    return str(name)


def node_tensors(model) -> dict[int, tuple]:
    """``id(layer) → (input, output)`` of each layer's call *in this model's graph* (a
    layer shared with another graph — e.g. after flattening nested models — has several
    calls; ``layer.output`` would name the first one). Layers called more than once in
    this graph are left out."""
    graph = getattr(model, "_functional", None) or model
    nodes_by_depth = getattr(graph, "_nodes_by_depth", None)
    if not nodes_by_depth:
        return {}
    found: dict[int, tuple] = {}
    repeated: set[int] = set()
    for nodes in nodes_by_depth.values():
        for node in nodes:
            op = getattr(node, "operation", None)
            ins, outs = list(getattr(node, "input_tensors", []) or []), list(getattr(node, "output_tensors", []) or [])
            if op is None or len(outs) != 1:
                continue
            if id(op) in found:
                repeated.add(id(op))
            found[id(op)] = (ins[0] if len(ins) == 1 else ins, outs[0])
    for k in repeated:
        found.pop(k, None)
    return found


def tensor_shape(t) -> tuple:
    return tuple(t.shape)


def describe_layers(layers: Sequence[LayerInfo]) -> list[dict[str, Any]]:
    return [{"name": i.name, "kind": i.kind, "class": i.class_name, "shape": list(i.shape),
             "activation": i.activation} for i in layers]


def image_layer_names(layers, skip=SKIP) -> list[str]:
    """Names of the ``layers`` with image-like ``(batch, h, w, K)`` outputs, in order,
    leaving out those whose class name is in ``skip``."""
    out = []
    for layer in layers:
        if type(layer).__name__ in skip:
            continue
        try:
            shape = tuple(layer.output.shape)
        except (AttributeError, ValueError):
            continue
        if len(shape) == 4 and shape[-1]:
            out.append(layer.name)
    return out
