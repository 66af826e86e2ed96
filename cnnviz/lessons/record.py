""""Record step": the current page's state (the dict its controller's ``session_state()``
returns) turned into a checked lesson :class:`Step`.

Only what a lesson can replay is kept (input, kernel, settings, position, sliders, chosen
map…); view details such as the play speed are dropped. A drawing on the digit page is
not recorded (the step keeps whatever is drawn when it is shown), unless the state gives its
pen strokes (``"strokes"``: lists of ``(x, y)`` in 0…1), a digit (``"digit": 7``) or an image
(``"image_path"``).
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from cnnviz.core import examples
from cnnviz.core.kernels import PRESETS_BY_KEY

from .model import LessonError, Step, Text
from .parse import parse_step
from .schema import INPUT_PRESETS, shown


def _text(value: str | Text | Mapping[str, str], field: str) -> dict[str, str]:
    if isinstance(value, Text):
        return {"ko": value.ko, "en": value.en}
    if isinstance(value, str):
        return {"ko": value, "en": value}  # one language typed: both start the same
    if isinstance(value, Mapping):
        return dict(value)
    raise LessonError(f'record step: field "{field}": expected a text or {{ko, en}}, got {shown(value)}')


def _grid(values: Any, field: str) -> list[list[float]]:
    a = np.asarray(values, dtype=np.float64)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim != 2:
        raise LessonError(f'record step: field "{field}": only one-channel grids can be recorded, '
                          f"got shape {a.shape}")
    return [[float(v) for v in row] for row in a]


def _pair(values: Any) -> Any:
    """A stride, dilation or padding list as one number when all its values are equal."""
    if isinstance(values, (list, tuple)):
        items = [int(v) for v in values]
        return items[0] if len(set(items)) == 1 else items
    return values


def _same(state: Mapping[str, Any], key: str, values: np.ndarray) -> bool:
    """Whether ``state[key]`` still holds ``values`` (a grid the class may have edited)."""
    if key not in state:
        return True
    try:
        a = np.squeeze(np.asarray(state[key], dtype=np.float64))
    except (TypeError, ValueError):
        return False
    return a.shape == values.shape and bool(np.allclose(a, values))


def _lab(state: Mapping[str, Any]) -> dict:
    out: dict[str, Any] = {}
    kind, _, key = str(state.get("input_item", "")).partition(":")
    if kind == "example" and key in examples.CONV_BY_KEY and _same(state, "input", examples.CONV_BY_KEY[key].input):
        out["example"] = key
    elif kind == "input" and key in INPUT_PRESETS["lab"]:
        out["input"] = {"preset": key}
    elif "input" in state:
        out["input"] = {"matrix": _grid(state["input"], "input")}
    preset = state.get("kernel_preset")
    if isinstance(preset, str) and preset in PRESETS_BY_KEY and _same(state, "kernel", PRESETS_BY_KEY[preset].values):
        out["kernel"] = preset
    elif "kernel" in state:
        out["kernel"] = _grid(state["kernel"], "kernel")
    for key in ("stride", "dilation"):
        if key in state:
            out[key] = _pair(state[key])
    if "padding" in state:
        out["padding"] = _pair(state["padding"])
    if "position" in state:
        out["position"] = int(state["position"])
    return out


def _pooling(state: Mapping[str, Any]) -> dict:
    out: dict[str, Any] = {}
    item = str(state.get("input_item", ""))
    if item in examples.POOL_BY_KEY and _same(state, "input", examples.POOL_BY_KEY[item].input):
        out["example"] = item
    elif item in INPUT_PRESETS["pooling"]:
        out["input"] = {"preset": item}
    elif "input" in state:
        out["input"] = {"matrix": _grid(state["input"], "input")}
    for src, dst in (("size", "size"), ("padding", "padding"), ("left", "mode"), ("right", "compare"),
                     ("position", "position")):
        if state.get(src) is not None:
            out[dst] = state[src]
    if state.get("stride"):  # 0 means "the pool size"
        out["stride"] = _pair(state["stride"])
    return out


def _filters(state: Mapping[str, Any]) -> dict:
    out: dict[str, Any] = {}
    if state.get("image_path"):
        out["input"] = {"image": str(state["image_path"])}
    if state.get("kernel") in PRESETS_BY_KEY:
        out["kernel"] = state["kernel"]
    for src, dst in (("color_mode", "color"), ("border", "border"), ("flip", "flip")):
        if state.get(src) is not None:
            out[dst] = state[src]
    return out


def _model_pages(state: Mapping[str, Any]) -> dict:
    out: dict[str, Any] = {}
    if state.get("model"):
        out["model"] = str(state["model"])
    if state.get("digit") is not None:
        out["input"] = {"digit": state["digit"]}
    elif state.get("strokes"):  # the canvas's pen strokes, when the page gives them
        out["input"] = {"strokes": [[[float(x), float(y)] for x, y in np.asarray(s, dtype=np.float64).reshape(-1, 2)]
                                    for s in state["strokes"]]}
    elif state.get("image_path"):
        out["input"] = {"image": str(state["image_path"])}
    m = state.get("map")
    if isinstance(m, (list, tuple)) and len(m) == 2 and m[0]:
        out["map"] = {"layer": str(m[0]), "channel": int(m[1])}
    t = state.get("transform")
    if isinstance(t, Mapping):
        t = {k: int(v) for k, v in t.items()}
        if "scale" in t:
            t["scale"] = t["scale"] / 100.0  # the slider is in percent
        out["transform"] = t
    if "gradcam" in state:
        out["gradcam"] = bool(state["gradcam"])
    for key in ("dataset", "architecture", "epochs"):
        if state.get(key) is not None:
            out[key] = state[key]
    if state.get("cell") is not None:
        out["cell"] = list(state["cell"])
    return out


_CONVERTERS: dict[str, Callable[[Mapping[str, Any]], dict]] = {
    "lab": _lab, "pooling": _pooling, "filters": _filters, "digits": _model_pages,
    "model": _model_pages, "evaluate": _model_pages, "train": _model_pages,
}
_KEEP = {"digits": ("model", "input", "transform", "map", "gradcam"), "model": ("model", "input", "map"),
         "evaluate": ("model", "dataset", "cell"), "train": ("architecture", "dataset", "epochs")}


def record_step(page: str, state: Mapping[str, Any], title: str | Text | Mapping[str, str],
                narration: str | Text | Mapping[str, str], highlight: tuple[str, ...] = ()) -> Step:
    """A step that brings ``page`` back to ``state``. ``title``/``narration``: one text
    (used for both languages until translated) or both. Raises :class:`LessonError`."""
    if page not in _CONVERTERS:
        raise LessonError(f'record step: field "page": expected one of {", ".join(_CONVERTERS)}, got {shown(page)}')
    if not isinstance(state, Mapping):
        raise LessonError(f"record step: the {page} page's state must be a dict, got {shown(state)}")
    try:
        fields = _CONVERTERS[page](state)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, LessonError):
            raise
        raise LessonError(f"record step: the {page} page's state cannot be recorded: {exc}") from None
    if page in _KEEP:
        fields = {k: v for k, v in fields.items() if k in _KEEP[page]}
    raw = {"page": page, "title": _text(title, "title"), "narration": _text(narration, "narration"), **fields}
    if highlight:
        raw["highlight"] = list(highlight)
    return parse_step(raw, None)
