"""2-D pooling (max, average, min) with a step trace and, for max/min, the winning cell.

Padding follows Keras: padded cells never win a max/min and are left out of an average
(TensorFlow's "SAME" pooling), so "same" pooling never invents values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from .geometry import Geometry2D, GeometryError, PaddingSpec, check_size, compute_geometry
from .numbers import fmt

MODES = ("max", "avg", "min")
MODE_NAMES = {"max": "max", "avg": "average", "min": "min"}


@dataclass(frozen=True)
class PoolStep:
    index: int
    out_row: int
    out_col: int
    channel: int
    rows: tuple[int, ...]        # window rows in padded coordinates
    cols: tuple[int, ...]
    pad_offset: tuple[int, int]
    values: np.ndarray           # (kh, kw) window values, NaN where padding
    mode: str
    value: float
    winner: tuple[int, int] | None  # padded coordinates of the max/min cell, None for avg

    @property
    def input_rows(self) -> tuple[int, ...]:
        return tuple(r - self.pad_offset[0] for r in self.rows)

    @property
    def input_cols(self) -> tuple[int, ...]:
        return tuple(c - self.pad_offset[1] for c in self.cols)

    @property
    def winner_input(self) -> tuple[int, int] | None:
        """The winning cell in original-input coordinates."""
        if self.winner is None:
            return None
        return (self.winner[0] - self.pad_offset[0], self.winner[1] - self.pad_offset[1])

    def formula(self) -> str:
        vals = [fmt(v) for v in self.values.ravel() if not np.isnan(v)]
        if self.mode == "avg":
            return f"({' + '.join(vals)}) / {len(vals)} = {fmt(self.value)}"
        return f"{self.mode}({', '.join(vals)}) = {fmt(self.value)}"


@dataclass(frozen=True)
class PoolResult:
    input: np.ndarray       # (H, W, C)
    padded: np.ndarray      # (Hp, Wp, C) with NaN in padding
    geometry: Geometry2D
    mode: str
    output: np.ndarray      # (oh, ow, C)

    @property
    def out_shape(self) -> tuple[int, int]:
        return self.geometry.out_shape

    @property
    def n_steps(self) -> int:
        oh, ow = self.out_shape
        return oh * ow

    def output2d(self, channel: int = 0) -> np.ndarray:
        return self.output[:, :, channel]

    def step(self, index: int, channel: int = 0) -> PoolStep:
        oh, ow = self.out_shape
        if not 0 <= index < oh * ow:
            raise IndexError(f"step {index} is outside 0…{oh * ow - 1}")
        r, c = divmod(index, ow)
        (sh, sw) = self.geometry.stride
        kh, kw = self.geometry.kernel
        rows = tuple(r * sh + a for a in range(kh))
        cols = tuple(c * sw + b for b in range(kw))
        values = self.padded[np.ix_(rows, cols)][:, :, channel]
        winner = None
        if self.mode in ("max", "min"):
            filled = np.where(np.isnan(values), -np.inf if self.mode == "max" else np.inf, values)
            flat = int(np.argmax(filled) if self.mode == "max" else np.argmin(filled))
            a, b = divmod(flat, kw)
            winner = (rows[a], cols[b])
        t, _, l, _ = self.geometry.pads
        return PoolStep(index, r, c, channel, rows, cols, (t, l), values, self.mode,
                        float(self.output[r, c, channel]), winner)

    def steps(self, channel: int = 0) -> Iterator[PoolStep]:
        for i in range(self.n_steps):
            yield self.step(i, channel)


def pool2d(
    x: np.ndarray,
    size: int | Sequence[int] = 2,
    stride: int | Sequence[int] | None = None,
    padding: PaddingSpec = "valid",
    mode: str = "max",
) -> PoolResult:
    """Pool ``x`` (``(H, W)`` or ``(H, W, C)``); ``stride`` defaults to ``size`` as in Keras."""
    if mode not in MODES:
        raise GeometryError(f"pooling mode must be one of {', '.join(MODES)}, got {mode!r}")
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3:
        raise GeometryError(f"the input must be 2-D (H, W) or 3-D (H, W, C), got shape {np.shape(x)}")
    if not np.all(np.isfinite(a)):
        raise GeometryError("the input contains values that are not finite numbers (NaN or ∞)")
    from .geometry import pair

    k = pair(size, "pool size")
    s = pair(stride if stride is not None else k, "stride")
    geo = compute_geometry(a.shape[:2], k, padding, s, 1, what="pool window")
    check_size(geo, "pool window", window_cells=True)
    t, b, l, r = geo.pads
    if max(t, b) >= k[0] or max(l, r) >= k[1]:
        raise GeometryError(
            f"pooling padding {geo.pads} must be smaller than the pool window {k[0]}×{k[1]}: "
            "a window made only of padding has no value"
        )
    padded = np.pad(a, ((t, b), (l, r), (0, 0)), mode="constant", constant_values=np.nan)
    oh, ow = geo.out_shape
    sh, sw = s
    windows = np.stack(
        [
            padded[i: i + sh * (oh - 1) + 1: sh, j: j + sw * (ow - 1) + 1: sw, :]
            for i in range(k[0])
            for j in range(k[1])
        ],
        axis=0,
    )  # (kh*kw, oh, ow, C)
    if mode == "max":
        out = np.nanmax(windows, axis=0)
    elif mode == "min":
        out = np.nanmin(windows, axis=0)
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.nansum(windows, axis=0) / np.sum(~np.isnan(windows), axis=0)
            largest = float(np.max(np.abs(a))) * k[0] * k[1] if a.size else 0.0
            if not np.all(np.isfinite(out)) or not largest < np.finfo(np.float64).max / 4:
                # The sum of the values' sizes bounds every partial sum in any order.
                bad = np.argwhere(~np.isfinite(np.nansum(np.abs(windows), axis=0)))
                if len(bad):
                    r, c = int(bad[0][0]), int(bad[0][1])
                    raise GeometryError(
                        f"the numbers are too large: at output row {r}, column {c} the sum for the "
                        f"average would pass the largest 64-bit floating-point number (about "
                        f"{np.finfo(np.float64).max:.1e}); use smaller values")
    return PoolResult(a, padded, geo, mode, out)
