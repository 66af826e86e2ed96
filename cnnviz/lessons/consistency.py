"""Checking a lab or pooling step against the core when its numbers are all in the lesson:
the settings must give an output, ``position`` must be one of its steps, and the
``expect…`` fields must be what the core computes, so a lesson never shows the class a
number that is wrong. Raises :class:`FieldError` whose ``field`` names the field to blame."""
from __future__ import annotations

import numpy as np

from cnnviz.core.conv import ConvInputError
from cnnviz.core.geometry import GeometryError
from cnnviz.core.matrices import MatrixParseError

from .model import Step
from .problems import expected_grid, format_grid, solve_lab, solve_pool
from .schema import FieldError

_SETTINGS = ("kernel", "size", "padding", "stride", "dilation", "input", "example")


def _blame(step: Step) -> str:
    """The field a geometry problem is reported on: the first setting the step changes."""
    return next((f for f in _SETTINGS if getattr(step, f, None) is not None), "page")


def check_step(step: Step) -> None:
    if step.page not in ("lab", "pooling"):
        return
    try:
        result = solve_lab(step) if step.page == "lab" else solve_pool(step)
    except (GeometryError, ConvInputError) as exc:
        raise FieldError(str(exc), field=_blame(step)) from None
    if result is None:
        return
    if step.position is not None and step.position >= result.n_steps:
        raise FieldError(f"the computation has {result.n_steps} steps (0 to {result.n_steps - 1}), "
                         f"got {step.position}", field="position")
    try:
        want = expected_grid(step)
    except MatrixParseError as exc:  # pragma: no cover - the field parser checked it
        raise FieldError(str(exc), field="expect")
    got = result.output2d()
    if want is not None and (want.shape != got.shape or not np.allclose(want, got, atol=5e-3)):
        raise FieldError(f'the {step.page} computes "{format_grid(got)}", not "{step.expect}"', field="expect")
    formula = result.geometry.formula()
    if step.expect_formula is not None and step.expect_formula not in formula:
        raise FieldError(f'the output-size formula is "{formula}"; it does not contain '
                         f'"{step.expect_formula}"', field="expect_formula")
    if step.expect_step is not None:
        pos = step.position if step.position is not None else -1
        if pos < 0:
            raise FieldError("needs a position ≥ 0 (the cell whose arithmetic is shown)", field="expect_step")
        actual = result.step(pos).formula()
        if actual != step.expect_step:
            raise FieldError(f'step {pos} computes "{actual}", not "{step.expect_step}"', field="expect_step")
    if step.expect_uncovered is not None:
        left = max(result.geometry.rows.leftover, result.geometry.cols.leftover)
        if left != step.expect_uncovered:
            raise FieldError(f"the window leaves {left} row(s)/column(s) uncovered, not "
                             f"{step.expect_uncovered}", field="expect_uncovered")

