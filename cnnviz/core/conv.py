"""2-D convolution (cross-correlation, as CNN layers compute it, or true convolution with
the kernel flipped) with a complete step trace.

Shapes: input ``(H, W)`` or ``(H, W, C)``; kernel ``(kh, kw)``, ``(kh, kw, C)`` or
``(kh, kw, C, F)`` (the Keras layout). The output is computed vectorised; the trace of
any output cell is built on demand by :meth:`ConvResult.step`, so large inputs stay cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from .geometry import Geometry2D, PaddingSpec, check_size, compute_geometry
from .numbers import fmt, fmt_factor

ACTIVATIONS = ("none", "relu")

FLIP_EXPLANATION = (
    "Cross-correlation slides the kernel as it is (what CNN layers such as Keras Conv2D "
    "compute); true convolution first rotates the kernel by 180°."
)


class ConvInputError(ValueError):
    """Input, kernel or bias arrays that do not fit together (the message names shapes), or
    values so large that the multiply-adds would overflow 64-bit floating point."""


FLOAT_MAX = float(np.finfo(np.float64).max)


def overflow_message(row: int, col: int) -> str:
    return (f"the numbers are too large: at output row {row}, column {col} the multiply-adds "
            f"would pass the largest 64-bit floating-point number (about {FLOAT_MAX:.1e}); "
            "use smaller values")


def _as_input(x: np.ndarray) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3:
        raise ConvInputError(f"the input must be 2-D (H, W) or 3-D (H, W, C), got shape {np.shape(x)}")
    if not np.all(np.isfinite(a)):
        raise ConvInputError("the input contains values that are not finite numbers (NaN or ∞)")
    return a


def _as_kernel(k: np.ndarray, channels: int) -> np.ndarray:
    a = np.asarray(k, dtype=np.float64)
    if a.ndim == 2:
        a = np.repeat(a[:, :, None], channels, axis=2)[:, :, :, None] if channels > 1 else a[:, :, None, None]
    elif a.ndim == 3:
        a = a[:, :, :, None]
    if a.ndim != 4:
        raise ConvInputError(
            f"the kernel must be (kh, kw), (kh, kw, C) or (kh, kw, C, F), got shape {np.shape(k)}"
        )
    if a.shape[2] != channels:
        raise ConvInputError(
            f"the kernel has {a.shape[2]} input channel(s) but the input has {channels}"
        )
    if not np.all(np.isfinite(a)):
        raise ConvInputError("the kernel contains values that are not finite numbers (NaN or ∞)")
    return a


def pad_input(x: np.ndarray, pads: tuple[int, int, int, int], value: float = 0.0) -> np.ndarray:
    """Zero-pad an ``(H, W, C)`` array by ``(top, bottom, left, right)``."""
    t, b, l, r = pads
    return np.pad(x, ((t, b), (l, r), (0, 0)), mode="constant", constant_values=value)


@dataclass(frozen=True)
class ConvStep:
    """Everything that happens for one output cell of one filter."""

    index: int               # flat index in row-major order over (out_row, out_col)
    out_row: int
    out_col: int
    filter: int
    rows: tuple[int, ...]     # window rows in *padded* coordinates
    cols: tuple[int, ...]     # window columns in padded coordinates
    pad_offset: tuple[int, int]  # (top, left): subtract to get original-input coordinates
    inputs: np.ndarray        # (kh, kw, C) input values under the window
    weights: np.ndarray       # (kh, kw, C) kernel values actually applied (flipped if asked)
    products: np.ndarray      # inputs * weights
    total: float              # sum of the products
    bias: float
    pre_activation: float     # total + bias
    activation: str
    value: float              # after the activation

    @property
    def input_rows(self) -> tuple[int, ...]:
        """Window rows in original-input coordinates (negative or ≥ H means padding)."""
        return tuple(r - self.pad_offset[0] for r in self.rows)

    @property
    def input_cols(self) -> tuple[int, ...]:
        return tuple(c - self.pad_offset[1] for c in self.cols)

    def formula(self, max_terms: int = 64) -> str:
        """E.g. ``(1×1)+(0×0)+(0×0)+(1×1) = 2``; with bias ``… + 0.5 = 2.5``; with ReLU
        ``ReLU(−1) = 0``. Long sums are abbreviated after ``max_terms`` products."""
        terms = [
            f"({fmt_factor(a)}×{fmt_factor(w)})"
            for a, w in zip(self.inputs.ravel(), self.weights.ravel())
        ]
        if len(terms) > max_terms:
            hidden = len(terms) - max_terms + 1
            terms = terms[: max_terms - 1] + [f"… {hidden} more"]
        text = "+".join(terms)
        if self.bias != 0:
            text += f" + {fmt_factor(self.bias)}"
        text += f" = {fmt(self.pre_activation)}"
        if self.activation == "relu":
            text += f"; ReLU({fmt(self.pre_activation)}) = {fmt(self.value)}"
        return text


@dataclass(frozen=True)
class ConvResult:
    input: np.ndarray          # (H, W, C) as given
    padded: np.ndarray         # (H+t+b, W+l+r, C)
    kernel: np.ndarray         # (kh, kw, C, F) as given (before any flip)
    applied_kernel: np.ndarray  # kernel actually slid (flipped for true convolution)
    bias: np.ndarray           # (F,)
    geometry: Geometry2D
    activation: str
    flip: bool
    pre_activation: np.ndarray  # (oh, ow, F)
    output: np.ndarray         # (oh, ow, F)

    @property
    def out_shape(self) -> tuple[int, int]:
        return self.geometry.out_shape

    @property
    def filters(self) -> int:
        return self.output.shape[2]

    @property
    def n_steps(self) -> int:
        oh, ow = self.out_shape
        return oh * ow

    def output2d(self, f: int = 0) -> np.ndarray:
        return self.output[:, :, f]

    def step(self, index: int, f: int = 0) -> ConvStep:
        oh, ow = self.out_shape
        if not 0 <= index < oh * ow:
            raise IndexError(f"step {index} is outside 0…{oh * ow - 1}")
        r, c = divmod(index, ow)
        (sh, sw), (dh, dw) = self.geometry.stride, self.geometry.dilation
        kh, kw = self.geometry.kernel
        rows = tuple(r * sh + a * dh for a in range(kh))
        cols = tuple(c * sw + b * dw for b in range(kw))
        inputs = self.padded[np.ix_(rows, cols)]  # (kh, kw, C)
        weights = self.applied_kernel[:, :, :, f]
        products = inputs * weights
        total = float(products.sum())
        bias = float(self.bias[f])
        pre = total + bias
        value = max(pre, 0.0) if self.activation == "relu" else pre
        t, _, l, _ = self.geometry.pads
        return ConvStep(index, r, c, f, rows, cols, (t, l), inputs, weights, products,
                        total, bias, pre, self.activation, value)

    def steps(self, f: int = 0) -> Iterator[ConvStep]:
        for i in range(self.n_steps):
            yield self.step(i, f)


def conv2d(
    x: np.ndarray,
    kernel: np.ndarray,
    bias: float | Sequence[float] | np.ndarray = 0.0,
    padding: PaddingSpec = "valid",
    stride: int | Sequence[int] = 1,
    dilation: int | Sequence[int] = 1,
    activation: str = "none",
    flip: bool = False,
) -> ConvResult:
    """Convolve ``x`` with ``kernel``; see the module docstring for shapes.

    Raises :class:`~cnnviz.core.geometry.GeometryError` for impossible settings and
    :class:`ConvInputError` for arrays that do not fit together.
    """
    a = _as_input(x)
    k = _as_kernel(kernel, a.shape[2])
    if activation not in ACTIVATIONS:
        raise ConvInputError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
    n_filters = k.shape[3]
    b = np.broadcast_to(np.asarray(bias, dtype=np.float64).ravel(), (n_filters,)) if np.size(bias) in (1, n_filters) else None
    if b is None:
        raise ConvInputError(f"bias must be one number or one per filter ({n_filters}), got {np.size(bias)} values")
    if not np.all(np.isfinite(b)):
        raise ConvInputError("the bias is not a finite number (NaN or ∞)")
    geo = compute_geometry(a.shape[:2], k.shape[:2], padding, stride, dilation)
    check_size(geo)
    padded = pad_input(a, geo.pads)
    applied = k[::-1, ::-1, :, :] if flip else k
    with np.errstate(over="ignore", invalid="ignore"):
        pre = _correlate(padded, applied, geo) + b
        if not np.all(np.isfinite(pre)) or _may_overflow(padded, applied, b):
            # The sum of the products' sizes bounds every partial sum, whatever order
            # (ours, a step's trace, Keras's) adds them: finite bound, no overflow.
            bound = _correlate(np.abs(padded), np.abs(applied), geo) + np.abs(b)
            bad = np.argwhere(~np.isfinite(bound))
            if len(bad):
                raise ConvInputError(overflow_message(int(bad[0][0]), int(bad[0][1])))
    final = np.maximum(pre, 0.0) if activation == "relu" else pre
    return ConvResult(a, padded, k, applied, np.array(b), geo, activation, flip, pre, final)


def _correlate(padded: np.ndarray, applied: np.ndarray, geo: Geometry2D) -> np.ndarray:
    """Cross-correlation of the padded ``(Hp, Wp, C)`` input with ``(kh, kw, C, F)``."""
    oh, ow = geo.out_shape
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    out = np.zeros((oh, ow, applied.shape[3]), dtype=np.float64)
    for i in range(applied.shape[0]):
        for j in range(applied.shape[1]):
            window = padded[i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw, :]
            out += window @ applied[i, j]  # (oh, ow, C) @ (C, F)
    return out


def _may_overflow(padded: np.ndarray, applied: np.ndarray, bias: np.ndarray) -> bool:
    """A cheap test that no sum of products can come near overflow (False for everyday numbers)."""
    if padded.size == 0 or applied.size == 0:
        return False
    terms = applied.shape[0] * applied.shape[1] * applied.shape[2] + 1
    largest = float(np.max(np.abs(padded))) * float(np.max(np.abs(applied))) + float(np.max(np.abs(bias)))
    return not np.isfinite(largest * terms) or largest * terms > FLOAT_MAX / 4
