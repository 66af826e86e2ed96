"""A step applied to a page's session state: the inverse of :func:`record_step`.

The GUI asks the page's controller for its state, lets the step change what it sets and
gives the result back::

    state = state_for(step, controller.session_state(), resolver)
    controller.restore_session_state(state)

Settings the step leaves out stay as they are. What a state dict cannot carry is left to
the caller, which checks ``step.input.kind``: an input preset, a drawn digit or an image
on the lab, pooling, digit and model pages, a model to load, a confusion-matrix cell.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from cnnviz.core import examples
from cnnviz.core.kernels import PRESETS

from .model import Step
from .problems import solve_lab, solve_pool
from .resources import Resolver

#: The position that shows the whole result when the lesson does not know the number of
#: steps (an image or preset input): the pages' steppers clamp it to the last step.
END = 10 ** 6


def _pair(value) -> list[int]:
    return list(value) if isinstance(value, tuple) else [value, value]


def _kernel_state(out: dict, kernel: np.ndarray) -> None:
    out["kernel"] = kernel.tolist()
    out["kernel_preset"] = next((p.key for p in PRESETS if p.values.shape == kernel.shape
                                 and np.array_equal(p.values, kernel)), "custom")


def _position(step: Step, out: dict) -> None:
    """The step's position; a step that sets an input without one shows the whole result."""
    if step.position is not None:
        out["position"] = step.position
    elif step.example is not None or step.input is not None:
        result = solve_lab(step) if step.page == "lab" else solve_pool(step)
        out["position"] = result.n_steps - 1 if result is not None else END


def _lab(step: Step, out: dict, resolver: Resolver | None) -> None:
    if step.example is not None:
        e = examples.CONV_BY_KEY[step.example]
        out.update(input=e.input.tolist(), input_item=f"example:{e.key}", input_name="", title="",
                   padding=e.padding, stride=_pair(e.stride), dilation=[1, 1],
                   bias=0.0, activation="none", flip=False)  # the textbook's settings, as the lab loads them
        _kernel_state(out, e.kernel)
    elif step.input is not None and step.input.kind == "matrix":
        out.update(input=[list(r) for r in step.input.value], input_item="", input_name="", title="")
    if step.kernel is not None:
        if isinstance(step.kernel, str):
            out["kernel"] = next(p.values.tolist() for p in PRESETS if p.key == step.kernel)
            out["kernel_preset"] = step.kernel
        else:
            _kernel_state(out, np.array(step.kernel, dtype=np.float64))
    if step.padding is not None:
        out["padding"] = list(step.padding) if isinstance(step.padding, tuple) else step.padding
    for key in ("stride", "dilation"):
        if getattr(step, key) is not None:
            out[key] = _pair(getattr(step, key))
    _position(step, out)


def _pooling(step: Step, out: dict, resolver: Resolver | None) -> None:
    if step.example is not None:
        e = examples.POOL_BY_KEY[step.example]
        out.update(input=e.input.tolist(), input_item=e.key, size=e.size, left=e.mode, stride=0)
    elif step.input is not None and step.input.kind == "matrix":
        out.update(input=[list(r) for r in step.input.value], input_item="")
    for src, dst in (("size", "size"), ("padding", "padding"), ("mode", "left"), ("compare", "right"),
                     ("stride", "stride")):
        if getattr(step, src) is not None:
            out[dst] = getattr(step, src)
    _position(step, out)


def _filters(step: Step, out: dict, resolver: Resolver | None) -> None:
    if step.input is not None and resolver is not None:
        path = resolver("image", str(step.input.value))
        if path is not None:
            out["image_path"] = str(path)
    for src, dst in (("kernel", "kernel"), ("color", "color_mode"), ("border", "border"), ("flip", "flip")):
        if getattr(step, src) is not None:
            out[dst] = getattr(step, src)


def _digits(step: Step, out: dict, resolver: Resolver | None) -> None:
    if step.transform is not None:
        out["transform"] = step.transform.slider_values()
    if step.map is not None:
        out["map"] = [step.map.layer, step.map.channel]
    if step.gradcam is not None:
        out["gradcam"] = step.gradcam


def _train(step: Step, out: dict, resolver: Resolver | None) -> None:
    if step.architecture is not None and step.architecture != out.get("architecture"):
        out["architecture"] = step.architecture
        out.pop("layers", None)  # the architecture brings its own layer stack
        out.pop("epochs", None)  # … and its epochs, unless the step sets them
    for key in ("dataset", "epochs"):
        if getattr(step, key) is not None:
            out[key] = getattr(step, key)


_APPLY: dict[str, Callable[[Step, dict, Resolver | None], None]] = {
    "lab": _lab, "pooling": _pooling, "filters": _filters, "digits": _digits, "train": _train,
}


def state_for(step: Step, state: Mapping[str, Any] | None = None, resolver: Resolver | None = None) -> dict:
    """``state`` (the page's current session state) with the step's settings applied. The
    position of a step that sets an input without one is the last one: the whole result."""
    out = dict(state or {})
    apply = _APPLY.get(step.page)
    if apply is not None:
        apply(step, out, resolver)
    return out
