"""Which bundled architectures a weights-only file fits: the weight shapes each
architecture's layers would have, compared with those the file holds (no Keras needed).

The loader describes a legacy weights file as ``"dense_1 784×512 + 512, dense_2 …"``
(:mod:`cnnviz.inference.loading.weights_file`); :func:`parse_layer_shapes` reads that back
and :func:`matching_architectures` names the architectures with exactly those shapes.
"""
from __future__ import annotations

import re

from cnnviz.inference.architectures import ARCHITECTURES, INPUT_SHAPE, SpecError, normalize_spec

Shapes = list[list[tuple[int, ...]]]

_LAYER = re.compile(r"^(\S+) ((?:\d+(?:×\d+)*)(?: \+ \d+(?:×\d+)*)*)$")


def parse_layer_shapes(text: str) -> Shapes | None:
    """``"dense_1 784×512 + 512, dense_2 512×10 + 10"`` as ``[[(784, 512), (512,)], …]``;
    None when the text is cut short (``…``) or not in that form."""
    text = text.strip().rstrip(".").strip()
    if not text or text.endswith("…"):
        return None
    out: Shapes = []
    for item in text.split(", "):
        m = _LAYER.match(item.strip())
        if m is None:
            return None
        out.append([tuple(int(d) for d in part.split("×")) for part in m.group(2).split(" + ")])
    return out


def spec_weight_shapes(spec, num_classes: int = 10, input_shape=INPUT_SHAPE) -> Shapes:
    """The weight shapes of each layer with weights, in order, as Keras saves them
    (kernel then bias; a BatchNormalization's four vectors), the classifier last."""
    h, w, c = input_shape
    flat = None
    out: Shapes = []
    for layer in normalize_spec(spec, input_shape):
        kind = layer["type"]
        if kind == "conv":
            k, s, f = layer["kernel"], layer["stride"], layer["filters"]
            out.append([(k, k, c, f), (f,)])
            if layer["padding"] == "valid":
                h, w = (h - k) // s + 1, (w - k) // s + 1
            else:
                h, w = -(-h // s), -(-w // s)
            c = f
        elif kind in ("pool", "avgpool"):
            h, w = (h - layer["size"]) // layer["stride"] + 1, (w - layer["size"]) // layer["stride"] + 1
        elif kind == "batchnorm":
            out.append([(c if flat is None else flat,)] * 4)
        elif kind == "flatten":
            flat = h * w * c
        elif kind == "dense":
            out.append([(flat, layer["units"]), (layer["units"],)])
            flat = layer["units"]
    if flat is None:
        flat = h * w * c
    out.append([(flat, num_classes), (num_classes,)])
    return out


def matching_architectures(shapes: Shapes) -> list[str]:
    """Names of the bundled architectures whose layers have exactly ``shapes``."""
    if not shapes or len(shapes[-1]) != 2 or len(shapes[-1][-1]) != 1:
        return []
    classes = shapes[-1][-1][0]
    found = []
    for name, arch in ARCHITECTURES.items():
        try:
            if spec_weight_shapes(arch.spec, classes) == [list(s) for s in shapes]:
                found.append(name)
        except SpecError:
            continue
    return found
