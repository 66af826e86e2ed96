"""A lab or pooling step as the numbers it sets: input, kernel and settings, with the
worked example (if any) filled in and the step's own settings on top.

The GUI can pass a :func:`lab_problem` straight to the lab
(``window.lab.show_problem(**problem)``), and the tests run it through
:func:`cnnviz.core.conv.conv2d` to check the step's ``expect`` fields.
"""
from __future__ import annotations

import numpy as np

from cnnviz.core import examples
from cnnviz.core.kernels import PRESETS_BY_KEY
from cnnviz.core.matrices import parse_matrix

from .model import Source, Step


def _grid(value) -> np.ndarray:
    return np.array(value, dtype=np.float64)


def lab_problem(step: Step) -> dict | None:
    """``{"input", "kernel", "padding", "stride", "dilation"}`` for a lab step whose input
    and kernel are numbers (a worked example or matrices); None when they come from
    elsewhere (an image, a drawn digit, an input preset) or are left as they are."""
    if step.page != "lab":
        raise ValueError(f"lab_problem needs a lab step, got the {step.page} page")
    problem: dict = {"padding": "valid", "stride": 1, "dilation": 1}
    if step.example is not None:
        e = examples.CONV_BY_KEY[step.example]
        problem.update(input=e.input.copy(), kernel=e.kernel.copy(), padding=e.padding, stride=e.stride)
    elif step.input is not None and step.input.kind == "matrix":
        problem["input"] = _grid(step.input.value)
    else:
        return None
    if step.kernel is not None:
        problem["kernel"] = (PRESETS_BY_KEY[step.kernel].values.copy() if isinstance(step.kernel, str)
                             else _grid(step.kernel))
    if "kernel" not in problem:
        return None
    for key in ("padding", "stride", "dilation"):
        if getattr(step, key) is not None:
            problem[key] = getattr(step, key)
    return problem


def pool_problem(step: Step) -> dict | None:
    """``{"input", "size", "stride", "padding", "mode"}`` for a pooling step whose input is
    numbers; None otherwise. ``stride`` None means "the pool size", as in Keras."""
    if step.page != "pooling":
        raise ValueError(f"pool_problem needs a pooling step, got the {step.page} page")
    problem: dict = {"size": 2, "stride": None, "padding": "valid", "mode": "max"}
    if step.example is not None:
        e = examples.POOL_BY_KEY[step.example]
        problem.update(input=e.input.copy(), size=e.size, mode=e.mode)
    elif step.input is not None and step.input.kind == "matrix":
        problem["input"] = _grid(step.input.value)
    else:
        return None
    for key in ("size", "stride", "padding", "mode"):
        if getattr(step, key) is not None:
            problem[key] = getattr(step, key)
    return problem


def expected_grid(step: Step) -> np.ndarray | None:
    """The step's ``expect`` (``"15 16 / 6 15"``) as a 2-D array, or None."""
    if step.expect is None:
        return None
    return parse_matrix(step.expect.replace("/", ";"))


def format_grid(values: np.ndarray) -> str:
    """A 2-D output grid the way ``expect`` writes it: ``"15 16 / 6 15"``."""
    from cnnviz.core.numbers import fmt

    return " / ".join(" ".join(fmt(v) for v in row) for row in np.asarray(values))


def solve_lab(step: Step):
    """The step's convolution (:class:`cnnviz.core.conv.ConvResult`) or None when its
    numbers are not in the lesson; core errors (:class:`GeometryError`, …) propagate."""
    from cnnviz.core.conv import conv2d

    p = lab_problem(step)
    if p is None:
        return None
    return conv2d(p["input"], p["kernel"], padding=p["padding"], stride=p["stride"], dilation=p["dilation"])


def solve_pool(step: Step):
    """The step's pooling (:class:`cnnviz.core.pooling.PoolResult`) for the left mode, or None."""
    from cnnviz.core.pooling import pool2d

    p = pool_problem(step)
    if p is None:
        return None
    return pool2d(p["input"], p["size"], p["stride"], p["padding"], p["mode"])


def pen_strokes(source: Source) -> list[np.ndarray]:
    """The drawing of a ``digit`` or ``strokes`` input: a list of ``(N, 2)`` arrays of
    ``(x, y)`` in 0…1 canvas coordinates, for the canvas to replay as pen moves."""
    if source.kind == "strokes":
        return [np.array(stroke, dtype=np.float64) for stroke in source.value]
    if source.kind == "digit":
        from cnnviz.core.digit_strokes import digit_strokes  # NumPy only: the app's pen templates

        return digit_strokes(int(source.value))
    raise ValueError(f"a {source.kind} input is not a drawing")
