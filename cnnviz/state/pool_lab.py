"""The Pooling Lab's state as plain data (no Qt): the input, the two pooling results side
by side (or the reason there are none), the winning cells of each max/min window, the
shared colour levels, and the checks a saved state passes before it is loaded.

Used by :class:`cnnviz.app.pooling_controller.PoolLabController`."""
from __future__ import annotations

import numpy as np

from cnnviz.core.geometry import GeometryError
from cnnviz.core.pooling import MODES, PoolResult, pool2d
from cnnviz.state.conv_lab import MAX_INPUT_SIDE

PADDINGS = ("valid", "same")


def pool_input(values) -> np.ndarray | None:
    """``values`` as the lab's ``(H, W)`` float input (a single channel is squeezed), or
    None when it is not 2-D, empty or larger than the lab shows."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim != 2 or a.size == 0 or max(a.shape) > MAX_INPUT_SIDE:
        return None
    return a


def check_saved_pool(state: dict) -> np.ndarray:
    """The input of a saved pooling state, after checking the whole state; raises
    TypeError/ValueError/KeyError when it is unusable."""
    if not isinstance(state, dict):
        raise TypeError("the pooling state must be a dict")
    x = np.asarray(state["input"], dtype=np.float64)
    if x.ndim != 2 or x.size == 0 or max(x.shape) > MAX_INPUT_SIDE or not np.all(np.isfinite(x)):
        raise ValueError(f"pooling state: unusable input of shape {x.shape}")
    for key in ("left", "right"):
        if state.get(key, "max") not in MODES:
            raise ValueError(f"pooling state: unknown mode {state.get(key)!r}")
    if state.get("padding", "valid") not in PADDINGS:
        raise ValueError(f"pooling state: unknown padding {state.get('padding')!r}")
    return x


class PoolLabState:
    """``input`` (H, W); ``left`` and ``right`` results of the last :meth:`compute` (or
    None and the ``error``); ``winners``: for each max/min result, the input cell each
    window chose, in step order."""

    def __init__(self, values) -> None:
        a = pool_input(values)
        if a is None:
            raise ValueError(f"the Pooling Lab needs a 2-D input up to {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE}, "
                             f"got shape {np.shape(values)}")
        self.input = a
        self.left: PoolResult | None = None
        self.right: PoolResult | None = None
        self.error = ""
        self.winners: list[list[tuple[int, int]]] = []

    def compute(self, size: int, stride: int | None, padding: str, left_mode: str, right_mode: str) -> bool:
        """Pool the input both ways; False (and ``error`` says why) when the settings
        do not fit it."""
        try:
            left = pool2d(self.input, size, stride, padding, left_mode)
            right = pool2d(self.input, size, stride, padding, right_mode)
        except GeometryError as exc:
            self.fail(str(exc))
            return False
        self.left, self.right, self.error = left, right, ""
        self.winners = [[res.step(i).winner for i in range(res.n_steps)] for res in (left, right)
                        if res.mode in ("max", "min")]
        return True

    def fail(self, message: str) -> None:
        self.left = self.right = None
        self.error = message
        self.winners = []

    def winners_up_to(self, pos: int) -> list[tuple[int, int]]:
        """The distinct winning cells of steps ``0 … pos`` (both results), first seen first."""
        return list(dict.fromkeys(w for ws in self.winners for w in ws[: pos + 1]))

    def levels(self) -> tuple[tuple[float, float], bool]:
        """One colour range for the input and both outputs (pooling never leaves the
        input's range): ``((low, high), signed)``, symmetric around 0 when signed."""
        lo = float(np.nanmin(self.input))
        hi = float(np.nanmax(self.input))
        if lo < 0:
            m = max(abs(lo), abs(hi)) or 1.0
            return (-m, m), True
        low = min(lo, 0.0)
        return (low, hi if hi > low else low + 1), False
