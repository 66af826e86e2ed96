"""What a model expects and produces, and a summary row per layer (for the model page,
``cnnviz inspect`` and the input adapters of the live view).

* Input: an image ``H×W×C`` (C = 1 gray or 3 RGB, channels-last; also ``H×W`` without a
  channel axis), a flat vector that is an image flattened (784 = 28×28, 3072 = 32×32×3),
  or something that is not an image (with a message saying what the model expects).
* Output: softmax over N classes, one sigmoid unit (binary: two classes shown), N
  sigmoid units (independent labels), or N plain scores.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

IMAGE = "image"
FLAT = "flat"
NOT_IMAGE = "not-image"


@dataclass(frozen=True)
class InputSpec:
    kind: str  # IMAGE, FLAT or NOT_IMAGE
    shape: tuple  # the model's input shape without the batch axis (None for free sizes)
    height: int = 0
    width: int = 0
    channels: int = 0
    message: str = ""  # why it is not an image / how an image is turned into it

    @property
    def is_image_like(self) -> bool:
        return self.kind in (IMAGE, FLAT)

    def describe(self) -> str:
        if self.kind == IMAGE:
            colour = "grayscale" if self.channels == 1 else "RGB"
            return f"{colour} image {self.height}×{self.width}" + (
                "" if len(self.shape) == 3 else " (no channel axis)")
        if self.kind == FLAT:
            colour = "grayscale" if self.channels == 1 else "RGB"
            return f"flat vector of {self.shape[0]} = {colour} image {self.height}×{self.width} flattened"
        return self.message


@dataclass(frozen=True)
class OutputSpec:
    kind: str  # "softmax", "binary", "sigmoid", "scores"
    units: int
    activation: str

    @property
    def n_classes(self) -> int:
        return 2 if self.kind == "binary" else self.units

    def describe(self) -> str:
        return {"softmax": f"softmax over {self.units} classes",
                "binary": "one sigmoid unit: a binary (yes/no) probability",
                "sigmoid": f"{self.units} independent sigmoid outputs",
                "scores": f"{self.units} scores ({self.activation}, no softmax)"}.get(self.kind, self.kind)


@dataclass(frozen=True)
class LayerRow:
    name: str
    type: str
    output_shape: str
    params: int
    kernel: str = ""
    strides: str = ""
    padding: str = ""
    activation: str = ""
    depth: int = 0  # > 0 for layers inside a nested model
    shape: tuple = ()  # output shape with None for the batch axis ([] when unknown)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    input: InputSpec
    output: OutputSpec
    layers: tuple[LayerRow, ...]
    total_params: int
    trainable_params: int
    input_shape: tuple
    output_shape: tuple
    saved_by: str | None = None
    format: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The pixel value range the model expects: preprocessing that yields 0…1 maps it
    # linearly to (low, high). (0, 1) unless the architecture says otherwise
    # (cnnviz.inference.loading.input_range): (-1, 1) for Teachable Machine's MobileNet,
    # (0, 255) when the model starts with a Rescaling layer.
    input_range: tuple[float, float] = (0.0, 1.0)
    input_range_note: str = ""  # why, in words ("" for the default)

    @property
    def visualizable(self) -> bool:
        return self.input.is_image_like

    @property
    def conv_layers(self) -> int:
        return sum(1 for r in self.layers if "Conv" in r.type)


def _shape_tuple(shape) -> tuple:
    return tuple(None if s is None else int(s) for s in shape)


def describe_input(shape) -> InputSpec:
    """Classify one input shape (without the batch axis)."""
    s = _shape_tuple(shape)
    if len(s) == 3:
        h, w, c = s
        if c in (1, 3) and (h is None or h >= 4) and (w is None or w >= 4):
            return InputSpec(IMAGE, s, h or 0, w or 0, c)
        if h in (1, 3) and c is not None and c > 4:
            return InputSpec(NOT_IMAGE, s, message=(
                f"the model expects channels-first input {s} (channels, height, width); "
                "cnnviz shows channels-last image models (height, width, channels)"))
        return InputSpec(NOT_IMAGE, s, message=(
            f"the model expects input of shape {s}: {c} channels per pixel, not a grayscale (1) "
            "or RGB (3) image"))
    if len(s) == 2:
        h, w = s
        if (h is None or h >= 4) and (w is None or w >= 4):
            return InputSpec(IMAGE, s, h or 0, w or 0, 1)
        return InputSpec(NOT_IMAGE, s, message=f"the model expects input of shape {s}, not an image")
    if len(s) == 1 and s[0] is not None:
        n = s[0]
        for c in (1, 3):
            if n % c == 0:
                side = math.isqrt(n // c)
                if side >= 4 and side * side * c == n:
                    return InputSpec(FLAT, s, side, side, c, message=(
                        f"a flat vector of {n} values: a {side}×{side}"
                        f"{'' if c == 1 else '×3'} image flattened row by row"))
        return InputSpec(NOT_IMAGE, s, message=(
            f"the model expects a vector of {n} numbers, which is not a square image flattened "
            "(e.g. 784 = 28×28): its input cannot be drawn"))
    return InputSpec(NOT_IMAGE, s, message=f"the model expects input of shape {s}, not an image")


def _activation_name(layer) -> str:
    act = getattr(layer, "activation", None)
    if act is not None:
        return getattr(act, "__name__", str(act))
    cls = type(layer).__name__
    if cls == "Softmax":
        return "softmax"
    if cls in ("ReLU", "LeakyReLU", "ELU", "PReLU"):
        return cls.lower()
    return ""


def _last_activation(model) -> str:
    """Activation that produces the model's (first) output."""
    out = model.outputs[0]
    history = getattr(out, "_keras_history", None)
    layer = getattr(history, "operation", None)
    seen = 0
    while layer is not None and seen < 20:
        seen += 1
        name = _activation_name(layer)
        if name and name != "linear":
            return name
        cls = type(layer).__name__
        if cls in ("Dropout", "Activation", "Reshape", "Flatten", "GaussianNoise", "GaussianDropout",
                   "AlphaDropout", "Identity") or (name == "linear" and cls == "Activation"):
            inbound = getattr(layer, "_inbound_nodes", [])
            if inbound and inbound[0].input_tensors:
                layer = getattr(inbound[0].input_tensors[0]._keras_history, "operation", None)
                continue
        if hasattr(layer, "layers") and layer.layers:  # nested model: its last layer
            layer = layer.layers[-1]
            continue
        return name or "linear"
    return "linear"


def describe_output(model) -> OutputSpec:
    shape = _shape_tuple(model.outputs[0].shape)
    units = shape[-1] if shape and shape[-1] is not None else 1
    act = _last_activation(model)
    if units == 1:
        return OutputSpec("binary" if act == "sigmoid" else "scores", 1, act)
    if act == "softmax":
        return OutputSpec("softmax", units, act)
    if act == "sigmoid":
        return OutputSpec("sigmoid", units, act)
    return OutputSpec("scores", units, act)


def _pair(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "×".join(str(v) for v in value)
    return str(value)


def _raw_output_shape(layer):
    try:
        return layer.output.shape
    except (AttributeError, ValueError):
        try:
            return layer.compute_output_shape(layer.input.shape)
        except Exception:  # noqa: BLE001
            return None


def _output_shape(shape) -> str:
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return ", ".join(str(_shape_tuple(s)).replace("None", "N") for s in shape)
    return str(_shape_tuple(shape)).replace("None", "N")


def layer_rows(model, depth: int = 0) -> list[LayerRow]:
    rows: list[LayerRow] = []
    for layer in model.layers:
        cls = type(layer).__name__
        kernel = _pair(getattr(layer, "kernel_size", None) or getattr(layer, "pool_size", None))
        strides = _pair(getattr(layer, "strides", None))
        padding = getattr(layer, "padding", "")
        if not isinstance(padding, str):
            padding = _pair(padding)
        act = _activation_name(layer)
        raw = _raw_output_shape(layer)
        shape = _shape_tuple(raw) if raw is not None and not isinstance(raw, list) else ()
        rows.append(LayerRow(layer.name, cls, _output_shape(raw), int(layer.count_params()) if layer.built else 0,
                             kernel, strides, padding, act, depth, shape))
        if hasattr(layer, "layers") and getattr(layer, "layers", None):
            rows.extend(layer_rows(layer, depth + 1))
    return rows


def describe_model(model, *, saved_by: str | None = None, format: str | None = None,
                   notes=()) -> ModelInfo:
    """Everything the model page and ``cnnviz inspect`` show about a model."""
    inputs = model.inputs
    if len(inputs) != 1:
        spec = InputSpec(NOT_IMAGE, tuple(_shape_tuple(t.shape[1:]) for t in inputs),
                         message=f"the model takes {len(inputs)} inputs; cnnviz shows single-input image models")
    else:
        spec = describe_input(inputs[0].shape[1:])
    from cnnviz.inference.loading.input_range import detect_input_range

    trainable = sum(int(math.prod(w.shape)) for w in model.trainable_weights)
    scale = detect_input_range(model)
    return ModelInfo(
        name=model.name, input=spec, output=describe_output(model), layers=tuple(layer_rows(model)),
        total_params=int(model.count_params()), trainable_params=trainable,
        input_shape=_shape_tuple(inputs[0].shape) if len(inputs) == 1 else (),
        output_shape=_shape_tuple(model.outputs[0].shape), saved_by=saved_by, format=format,
        notes=tuple(notes), input_range=scale.as_tuple(), input_range_note=scale.reason)


def describe_loaded(loaded) -> ModelInfo:
    return describe_model(loaded.model, saved_by=loaded.saved_by, format=loaded.format, notes=loaded.notes)
