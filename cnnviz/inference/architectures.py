"""Named CNN architectures, and a builder from a small editable layer-stack spec.

Every architecture is a *spec*: a list of plain dicts, one per hidden layer, e.g.::

    [{"type": "conv", "filters": 32, "kernel": 3, "activation": "relu"},
     {"type": "pool", "size": 2},
     {"type": "dropout", "rate": 0.25},
     {"type": "flatten"},
     {"type": "dense", "units": 128, "activation": "relu"}]

:func:`build_from_spec` turns it into a ``keras.Model`` with an explicit
``keras.Input((28, 28, 1))`` (float 0..1) and appends the classifier
(``Dense(num_classes, softmax)`` named ``output``). Layers get readable names
(conv1, conv2, pool1, bn1, dropout1, flatten, dense1, ...), which the live view shows.
The training form of the GUI edits such specs; :class:`SpecError` names what is wrong.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

INPUT_SHAPE = (28, 28, 1)
LAYER_TYPES = ("conv", "pool", "avgpool", "batchnorm", "dropout", "flatten", "dense")
ACTIVATIONS = ("relu", "linear", "tanh", "sigmoid", "elu", "gelu", "swish")


class SpecError(ValueError):
    """A layer-stack spec that cannot be built; the message names the layer and value."""


@dataclass(frozen=True)
class Architecture:
    name: str
    title: str
    description: str
    spec: tuple[dict, ...]
    dataset: str = "mnist"            # the data set it is meant for
    epochs: int = 12                  # a sensible default for `cnnviz train`
    learning_rate: float = 1e-3
    lr_decay: float = 1.0             # multiply the learning rate by this after each epoch
    patience: int = 5                 # EarlyStopping patience (epochs without val_accuracy gain)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def layer_spec(self) -> list[dict]:
        """A fresh, editable copy of the spec."""
        return copy.deepcopy(list(self.spec))


TEXTBOOK_SPEC: tuple[dict, ...] = (
    {"type": "conv", "filters": 32, "kernel": 3, "activation": "relu", "padding": "valid"},
    {"type": "conv", "filters": 64, "kernel": 3, "activation": "relu", "padding": "valid"},
    {"type": "pool", "size": 2},
    {"type": "dropout", "rate": 0.25},
    {"type": "flatten"},
    {"type": "dense", "units": 128, "activation": "relu"},
    {"type": "dropout", "rate": 0.5},
)

# The bundled digit model: the textbook's 32 then 64 filters of 3×3, with pooling between
# them (conv2 sees larger patterns; maps are 28×28 and 14×14 with 'same' padding), batch
# normalisation after each ReLU, and a third convolution (128 filters on the 7×7 maps)
# that gives the capacity to reach 99.4 % while training on strongly augmented digits.
CNNVIZ_MNIST_SPEC: tuple[dict, ...] = (
    {"type": "conv", "filters": 32, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "pool", "size": 2},
    {"type": "conv", "filters": 64, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "pool", "size": 2},
    {"type": "conv", "filters": 128, "kernel": 3, "activation": "relu", "padding": "valid"},
    {"type": "batchnorm"},
    {"type": "dropout", "rate": 0.25},
    {"type": "flatten"},
    {"type": "dense", "units": 128, "activation": "relu"},
    {"type": "dropout", "rate": 0.4},
)

# Fashion-MNIST needs more than the digits: two convolutions before each pooling (a 5×5
# view with two non-linearities), wider layers; trained with random erasing.
CNNVIZ_FASHION_SPEC: tuple[dict, ...] = (
    {"type": "conv", "filters": 32, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "conv", "filters": 32, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "pool", "size": 2},
    {"type": "conv", "filters": 64, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "conv", "filters": 64, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "pool", "size": 2},
    {"type": "conv", "filters": 128, "kernel": 3, "activation": "relu", "padding": "same"},
    {"type": "batchnorm"},
    {"type": "dropout", "rate": 0.3},
    {"type": "flatten"},
    {"type": "dense", "units": 256, "activation": "relu"},
    {"type": "dropout", "rate": 0.5},
)

ARCHITECTURES: dict[str, Architecture] = {
    "textbook": Architecture(
        "textbook", "Textbook CNN",
        "Conv2D 32 3×3 ReLU → Conv2D 64 3×3 ReLU → MaxPooling 2 → Dropout 0.25 → Flatten → "
        "Dense 128 ReLU → Dropout 0.5 → Dense 10 softmax (the course's MNIST CNN, 99.28%)",
        TEXTBOOK_SPEC, "mnist", epochs=30, patience=10,
    ),
    "cnnviz_mnist": Architecture(
        "cnnviz_mnist", "cnnviz digit CNN",
        "Conv2D 32 3×3 ReLU → BatchNorm → MaxPool 2 → Conv2D 64 3×3 ReLU → BatchNorm → MaxPool 2 "
        "→ Conv2D 128 3×3 ReLU → BatchNorm → Dropout 0.25 → Flatten → Dense 128 ReLU → Dropout 0.4 "
        "→ Dense 10 softmax",
        CNNVIZ_MNIST_SPEC, "mnist", epochs=20, lr_decay=0.85, patience=6,
    ),
    "cnnviz_fashion": Architecture(
        "cnnviz_fashion", "cnnviz Fashion-MNIST CNN",
        "(Conv2D 32 → BatchNorm) ×2 → MaxPool → (Conv2D 64 → BatchNorm) ×2 → MaxPool → Conv2D 128 → "
        "BatchNorm → Dropout 0.3 → Flatten → Dense 256 ReLU → Dropout 0.5 → Dense 10 softmax "
        "(3×3 kernels, ReLU)",
        CNNVIZ_FASHION_SPEC, "fashion_mnist", epochs=30, lr_decay=0.9, patience=8,
    ),
}


def get_architecture(name: str) -> Architecture:
    key = str(name).strip().lower().replace("-", "_")
    if key not in ARCHITECTURES:
        raise SpecError(f"unknown architecture {name!r}; expected one of: {', '.join(ARCHITECTURES)}")
    return ARCHITECTURES[key]


# ---------------------------------------------------------------------------------------
# Validation (no Keras needed: the GUI form checks a spec as the user edits it)


def _int(layer: dict, key: str, default: Any, lo: int, hi: int, where: str) -> int:
    value = layer.get(key, default)
    if isinstance(value, (list, tuple)):
        if len(value) != 2 or value[0] != value[1]:
            raise SpecError(f"{where}: {key} must be one number (square), got {value!r}")
        value = value[0]
    try:
        iv = int(value)
    except (TypeError, ValueError):
        raise SpecError(f"{where}: {key} must be a whole number, got {value!r}") from None
    if iv != float(value) or not lo <= iv <= hi:
        raise SpecError(f"{where}: {key} must be a whole number from {lo} to {hi}, got {value!r}")
    return iv


def normalize_spec(spec: list[dict] | tuple[dict, ...], input_shape=INPUT_SHAPE) -> list[dict]:
    """Check a spec and fill in defaults; returns a new list. Raises :class:`SpecError`.

    Tracks the tensor shape through the stack so that, e.g., a 5×5 convolution on a 2×2
    map is reported before Keras is involved. A ``flatten`` is inserted before the first
    dense layer when the input is still spatial.
    """
    if not isinstance(spec, (list, tuple)):
        raise SpecError(f"a layer stack must be a list of layers, got {type(spec).__name__}")
    h, w, c = input_shape
    spatial = True
    out: list[dict] = []
    for i, raw in enumerate(spec, start=1):
        if not isinstance(raw, dict):
            raise SpecError(f"layer {i}: expected a dict like {{'type': 'conv', ...}}, got {raw!r}")
        kind = str(raw.get("type", "")).strip().lower()
        aliases = {"conv2d": "conv", "maxpool": "pool", "maxpooling2d": "pool", "max_pool": "pool",
                   "averagepooling2d": "avgpool", "avg_pool": "avgpool", "batch_norm": "batchnorm",
                   "batchnormalization": "batchnorm", "bn": "batchnorm"}
        kind = aliases.get(kind, kind)
        where = f"layer {i} ({kind or '?'})"
        if kind not in LAYER_TYPES:
            raise SpecError(f"layer {i}: unknown type {raw.get('type')!r}; expected one of: {', '.join(LAYER_TYPES)}")
        layer: dict[str, Any] = {"type": kind}
        if kind in ("conv", "pool", "avgpool") and not spatial:
            raise SpecError(f"{where}: comes after flatten/dense, where there is no image left to "
                            f"{'convolve' if kind == 'conv' else 'pool'}")
        if kind == "conv":
            layer["filters"] = _int(raw, "filters", 32, 1, 1024, where)
            k = layer["kernel"] = _int(raw, "kernel", 3, 1, 15, where)
            s = layer["stride"] = _int(raw, "stride", 1, 1, 8, where)
            pad = str(raw.get("padding", "valid")).lower()
            if pad not in ("valid", "same"):
                raise SpecError(f"{where}: padding must be 'valid' or 'same', got {raw.get('padding')!r}")
            layer["padding"] = pad
            act = str(raw.get("activation", "relu")).lower()
            if act not in ACTIVATIONS:
                raise SpecError(f"{where}: activation must be one of {', '.join(ACTIVATIONS)}, got {act!r}")
            layer["activation"] = act
            if pad == "valid":
                if k > h or k > w:
                    raise SpecError(f"{where}: a {k}×{k} kernel does not fit the {h}×{w} input of this layer")
                h, w = (h - k) // s + 1, (w - k) // s + 1
            else:
                h, w = -(-h // s), -(-w // s)
            c = layer["filters"]
        elif kind in ("pool", "avgpool"):
            p = layer["size"] = _int(raw, "size", 2, 1, 8, where)
            st = layer["stride"] = _int(raw, "stride", p, 1, 8, where)
            if p > h or p > w:
                raise SpecError(f"{where}: a {p}×{p} pool does not fit the {h}×{w} input of this layer")
            h, w = (h - p) // st + 1, (w - p) // st + 1
        elif kind == "dropout":
            try:
                rate = float(raw.get("rate", 0.25))
            except (TypeError, ValueError):
                raise SpecError(f"{where}: rate must be a number, got {raw.get('rate')!r}") from None
            if not 0.0 <= rate < 1.0:
                raise SpecError(f"{where}: rate must be at least 0 and below 1, got {rate}")
            layer["rate"] = rate
        elif kind == "flatten":
            if not spatial:
                raise SpecError(f"{where}: the data is already flat")
            spatial = False
            c = h * w * c
        elif kind == "dense":
            if spatial:
                out.append({"type": "flatten"})
                spatial = False
            layer["units"] = _int(raw, "units", 128, 1, 8192, where)
            act = str(raw.get("activation", "relu")).lower()
            if act not in ACTIVATIONS:
                raise SpecError(f"{where}: activation must be one of {', '.join(ACTIVATIONS)}, got {act!r}")
            layer["activation"] = act
            c = layer["units"]
        if h < 1 or w < 1:
            raise SpecError(f"{where}: the feature maps shrink to {h}×{w}; use 'same' padding or fewer layers")
        out.append(layer)
    return out


def count_spec_parameters(spec, num_classes: int = 10, input_shape=INPUT_SHAPE) -> int:
    """Number of weights the built model will have (without building it)."""
    h, w, c = input_shape
    flat = None
    total = 0
    for layer in normalize_spec(spec, input_shape):
        kind = layer["type"]
        if kind == "conv":
            total += layer["kernel"] ** 2 * c * layer["filters"] + layer["filters"]
            k, s = layer["kernel"], layer["stride"]
            if layer["padding"] == "valid":
                h, w = (h - k) // s + 1, (w - k) // s + 1
            else:
                h, w = -(-h // s), -(-w // s)
            c = layer["filters"]
        elif kind in ("pool", "avgpool"):
            h, w = (h - layer["size"]) // layer["stride"] + 1, (w - layer["size"]) // layer["stride"] + 1
        elif kind == "batchnorm":
            total += 4 * (c if flat is None else flat)
        elif kind == "flatten":
            flat = h * w * c
        elif kind == "dense":
            total += flat * layer["units"] + layer["units"]
            flat = layer["units"]
    if flat is None:
        flat = h * w * c
    return total + flat * num_classes + num_classes


# ---------------------------------------------------------------------------------------
# Building


def build_from_spec(spec, num_classes: int = 10, *, name: str = "cnn", input_shape=INPUT_SHAPE):
    """Build an (uncompiled) ``keras.Model`` from a layer-stack spec."""
    import keras
    from keras import layers

    stack = normalize_spec(spec, input_shape)
    if not isinstance(num_classes, int) or num_classes < 2:
        raise SpecError(f"num_classes must be an integer of at least 2, got {num_classes!r}")
    counters: dict[str, int] = {}

    def next_name(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}{counters[prefix]}"

    inputs = keras.Input(shape=input_shape, name="input")
    x = inputs
    for layer in stack:
        kind = layer["type"]
        if kind == "conv":
            x = layers.Conv2D(layer["filters"], layer["kernel"], strides=layer["stride"],
                              padding=layer["padding"], activation=layer["activation"],
                              name=next_name("conv"))(x)
        elif kind == "pool":
            x = layers.MaxPooling2D(layer["size"], strides=layer["stride"], name=next_name("pool"))(x)
        elif kind == "avgpool":
            x = layers.AveragePooling2D(layer["size"], strides=layer["stride"], name=next_name("avgpool"))(x)
        elif kind == "batchnorm":
            x = layers.BatchNormalization(name=next_name("bn"))(x)
        elif kind == "dropout":
            x = layers.Dropout(layer["rate"], name=next_name("dropout"))(x)
        elif kind == "flatten":
            x = layers.Flatten(name="flatten" if "flatten" not in counters else next_name("flatten"))(x)
            counters.setdefault("flatten", 1)
        elif kind == "dense":
            x = layers.Dense(layer["units"], activation=layer["activation"], name=next_name("dense"))(x)
    if len(x.shape) > 2:
        x = layers.Flatten(name="flatten" if "flatten" not in counters else next_name("flatten"))(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name=name)


def build_architecture(name: str, num_classes: int = 10):
    arch = get_architecture(name)
    return build_from_spec(list(arch.spec), num_classes, name=arch.name)


def spec_summary(spec) -> str:
    """One line per layer, e.g. 'conv 32 3×3 relu same' (for model cards and the form)."""
    lines = []
    for layer in normalize_spec(spec):
        kind = layer["type"]
        if kind == "conv":
            extra = f" stride {layer['stride']}" if layer["stride"] != 1 else ""
            lines.append(f"Conv2D {layer['filters']} {layer['kernel']}×{layer['kernel']} "
                         f"{layer['activation']} padding={layer['padding']}{extra}")
        elif kind in ("pool", "avgpool"):
            lines.append(f"{'MaxPooling2D' if kind == 'pool' else 'AveragePooling2D'} {layer['size']}×{layer['size']}")
        elif kind == "batchnorm":
            lines.append("BatchNormalization")
        elif kind == "dropout":
            lines.append(f"Dropout {layer['rate']:g}")
        elif kind == "flatten":
            lines.append("Flatten")
        elif kind == "dense":
            lines.append(f"Dense {layer['units']} {layer['activation']}")
    return "\n".join(lines)
