"""A grid of numbers as text: the cell texts a lab grid shows and CSV for export.
Cells not computed yet (or padding marked NaN) are empty."""
from __future__ import annotations

import numpy as np

from cnnviz.core.numbers import fmt


def cell_texts(values: np.ndarray, digits: int = 2) -> list[list[str]]:
    """Each cell of a 2-D array formatted with :func:`~cnnviz.core.numbers.fmt` ("" for NaN)."""
    a = np.asarray(values, dtype=np.float64)
    return [["" if np.isnan(v) else fmt(v, digits) for v in row] for row in a.tolist()]


def filled_only(values: np.ndarray, fill: int | None) -> np.ndarray:
    """A copy of ``values`` with the cells after the first ``fill`` (row-major) set to
    NaN (``None``: all cells filled)."""
    a = np.array(values, dtype=np.float64)
    if fill is not None:
        a.reshape(-1)[max(fill, 0):] = np.nan
    return a


def grid_csv_text(values: np.ndarray) -> str:
    """A 2-D array as CSV text; NaN cells (not computed / padding) are left empty."""
    a = np.atleast_2d(np.asarray(values, dtype=np.float64))
    lines = [",".join("" if np.isnan(v) else fmt(v, 6) for v in row) for row in a]
    return "\n".join(lines) + "\n"


def legend_end_labels(values: np.ndarray, low: float, high: float) -> tuple[str, str]:
    """The colour bar's end labels for ``values`` shown between ``low`` and ``high``:
    ``"≤ −225"`` / ``"≥ 225"`` where some values lie beyond the end (their colour
    saturates), the plain number where none do."""
    a = np.asarray(values, dtype=np.float64)
    a = a[~np.isnan(a)]
    below = bool(a.size and a.min() < low)
    above = bool(a.size and a.max() > high)
    return (("≤ " if below else "") + fmt(low), ("≥ " if above else "") + fmt(high))
