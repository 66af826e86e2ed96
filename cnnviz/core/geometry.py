"""Shape arithmetic of 2-D convolution and pooling: padding amounts, output sizes and the
output-size formula written out with the user's numbers.

Everything here is pure Python; errors raise :class:`GeometryError` with a message that
names the values received, so the UI and the command line can show it as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Union

PaddingSpec = Union[str, int, Sequence[int]]


class GeometryError(ValueError):
    """Settings that cannot produce an output (the message names the values)."""


def pair(value: int | Sequence[int], name: str) -> tuple[int, int]:
    """Normalise an int-or-pair argument (stride, dilation, size) to ``(rows, cols)``."""
    if isinstance(value, (int,)) and not isinstance(value, bool):
        out = (int(value), int(value))
    else:
        try:
            items = [int(v) for v in value]  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise GeometryError(f"{name} must be an integer or a pair of integers, got {value!r}") from None
        if len(items) != 2:
            raise GeometryError(f"{name} must be an integer or a pair of integers, got {value!r}")
        out = (items[0], items[1])
    for v in out:
        if v <= 0:
            raise GeometryError(f"{name} must be a positive integer, got {v}")
    return out


def same_padding_amounts(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Keras/TensorFlow "same" padding along one axis: output = ceil(size / stride); the odd
    extra pixel goes after (bottom/right)."""
    out = -(-size // stride)
    effective = dilation * (kernel - 1) + 1
    total = max((out - 1) * stride + effective - size, 0)
    before = total // 2
    return before, total - before


def resolve_padding(
    padding: PaddingSpec,
    in_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    stride: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
) -> tuple[int, int, int, int]:
    """Padding as ``(top, bottom, left, right)`` from "valid", "same", an int, a pair
    ``(rows, cols)`` or an explicit 4-tuple."""
    if isinstance(padding, str):
        mode = padding.strip().lower()
        if mode == "valid":
            return (0, 0, 0, 0)
        if mode == "same":
            t, b = same_padding_amounts(in_hw[0], kernel_hw[0], stride[0], dilation[0])
            l, r = same_padding_amounts(in_hw[1], kernel_hw[1], stride[1], dilation[1])
            return (t, b, l, r)
        try:
            padding = int(mode)
        except ValueError:
            raise GeometryError(
                f"padding must be 'valid', 'same' or a non-negative integer, got {padding!r}"
            ) from None
    if isinstance(padding, bool):
        raise GeometryError(f"padding must be 'valid', 'same' or an integer, got {padding!r}")
    if isinstance(padding, int):
        pads: tuple[int, ...] = (padding,) * 4
    else:
        try:
            items = tuple(int(p) for p in padding)
        except (TypeError, ValueError):
            raise GeometryError(f"padding must be 'valid', 'same', an integer or a tuple, got {padding!r}") from None
        if len(items) == 2:
            pads = (items[0], items[0], items[1], items[1])
        elif len(items) == 4:
            pads = items
        else:
            raise GeometryError(
                f"padding needs 1, 2 (rows, cols) or 4 (top, bottom, left, right) values, got {len(items)}"
            )
    if any(p < 0 for p in pads):
        raise GeometryError(f"padding must not be negative, got {pads}")
    return pads  # type: ignore[return-value]


def output_size(size: int, kernel: int, stride: int, dilation: int, pad_before: int, pad_after: int) -> int:
    """o = floor((i + p_before + p_after − d·(k−1) − 1) / s) + 1 (may be ≤ 0)."""
    return (size + pad_before + pad_after - dilation * (kernel - 1) - 1) // stride + 1


def _num(v: int) -> str:
    return str(v) if v >= 0 else f"({v})"


@dataclass(frozen=True)
class AxisGeometry:
    """One axis (rows or columns) of a convolution or pooling."""

    name: str  # "height" / "width"
    size: int
    kernel: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int

    @property
    def padded(self) -> int:
        return self.size + self.pad_before + self.pad_after

    @property
    def effective_kernel(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    @property
    def numerator(self) -> int:
        return self.padded - self.effective_kernel

    @property
    def out(self) -> int:
        return self.numerator // self.stride + 1

    @property
    def exact(self) -> bool:
        """True when the window lands exactly on the last row/column (no leftover)."""
        return self.numerator >= 0 and self.numerator % self.stride == 0

    @property
    def leftover(self) -> int:
        """Rows/columns at the end that no window reaches (0 when exact)."""
        return self.numerator % self.stride if self.numerator >= 0 else 0

    def padding_term(self) -> str:
        if self.pad_before == self.pad_after:
            return f"2·{self.pad_before}"
        return f"({self.pad_before}+{self.pad_after})"

    def formula(self) -> str:
        """The output-size formula with this axis's numbers, e.g.
        ``o = ⌊(4 + 2·1 − 1·(3−1) − 1) / 1⌋ + 1 = 4``."""
        i, k, s, d = self.size, self.kernel, self.stride, self.dilation
        return (
            f"o = ⌊({i} + {self.padding_term()} − {d}·({k}−1) − 1) / {s}⌋ + 1"
            f" = ⌊{_num(self.numerator)} / {s}⌋ + 1 = {self.out}"
        )

    def note(self) -> str:
        """A plain-language remark when the stride does not divide evenly (else "")."""
        if self.numerator < 0 or self.exact:
            return ""
        return (
            f"{self.numerator} / {self.stride} is not a whole number: the last "
            f"{self.leftover} {'row' if self.name == 'height' else 'column'}"
            f"{'s' if self.leftover != 1 else ''} of the padded input "
            f"{'is' if self.leftover == 1 else 'are'} never covered by the window."
        )


@dataclass(frozen=True)
class Geometry2D:
    rows: AxisGeometry
    cols: AxisGeometry

    @property
    def pads(self) -> tuple[int, int, int, int]:
        return (self.rows.pad_before, self.rows.pad_after, self.cols.pad_before, self.cols.pad_after)

    @property
    def out_shape(self) -> tuple[int, int]:
        return (self.rows.out, self.cols.out)

    @property
    def padded_shape(self) -> tuple[int, int]:
        return (self.rows.padded, self.cols.padded)

    @property
    def stride(self) -> tuple[int, int]:
        return (self.rows.stride, self.cols.stride)

    @property
    def dilation(self) -> tuple[int, int]:
        return (self.rows.dilation, self.cols.dilation)

    @property
    def kernel(self) -> tuple[int, int]:
        return (self.rows.kernel, self.cols.kernel)

    def formula(self) -> str:
        """Both axes' formulas; one line when the two are identical."""
        r, c = self.rows, self.cols
        if (r.size, r.kernel, r.stride, r.dilation, r.pad_before, r.pad_after) == (
            c.size, c.kernel, c.stride, c.dilation, c.pad_before, c.pad_after
        ):
            return r.formula()
        return f"height: {r.formula()}\nwidth: {c.formula()}"

    def notes(self) -> list[str]:
        return [n for n in (self.rows.note(), self.cols.note()) if n]


def compute_geometry(
    in_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    padding: PaddingSpec = "valid",
    stride: int | Sequence[int] = 1,
    dilation: int | Sequence[int] = 1,
    *,
    what: str = "kernel",
) -> Geometry2D:
    """Validate the settings and return the geometry, or raise :class:`GeometryError`
    with a message naming the offending values."""
    h, w = int(in_hw[0]), int(in_hw[1])
    if h <= 0 or w <= 0:
        raise GeometryError(f"the input must have at least one row and one column, got {h}×{w}")
    kh, kw = int(kernel_hw[0]), int(kernel_hw[1])
    if kh <= 0 or kw <= 0:
        raise GeometryError(f"the {what} must have at least one row and one column, got {kh}×{kw}")
    s = pair(stride, "stride")
    d = pair(dilation, "dilation")
    t, b, l, r = resolve_padding(padding, (h, w), (kh, kw), s, d)
    rows = AxisGeometry("height", h, kh, s[0], d[0], t, b)
    cols = AxisGeometry("width", w, kw, s[1], d[1], l, r)
    for ax in (rows, cols):
        if ax.effective_kernel > ax.padded:
            dil = f" (dilation {ax.dilation} makes it span {ax.effective_kernel})" if ax.dilation > 1 else ""
            raise GeometryError(
                f"the {what} {ax.name} {ax.kernel}{dil} is larger than the padded input "
                f"{ax.name} {ax.size} + {ax.pad_before + ax.pad_after} = {ax.padded}; "
                f"{ax.formula()} ≤ 0"
            )
        if ax.out <= 0:  # pragma: no cover - implied by the check above
            raise GeometryError(f"output {ax.name} would be {ax.out}: {ax.formula()}")
    return Geometry2D(rows, cols)


MAX_CELLS = 4096 * 4096
"""The most cells (per channel) a padded input, or all pooling windows together, may hold:
more would take gigabytes of memory for a picture no one can read."""


def check_size(geo: Geometry2D, what: str = "kernel", *, window_cells: bool = False) -> None:
    """Raise :class:`GeometryError` when the padded input (and, with ``window_cells``, all
    the windows together, which pooling copies) would be larger than :data:`MAX_CELLS`."""
    (ph, pw), (oh, ow) = geo.padded_shape, geo.out_shape
    if ph * pw > MAX_CELLS:
        raise GeometryError(
            f"the padded input would be {ph}×{pw}, more than the {MAX_CELLS:,} cells this can "
            f"show; use less padding or a smaller input")
    kh, kw = geo.kernel
    if window_cells and kh * kw * oh * ow > MAX_CELLS:
        raise GeometryError(
            f"{oh}×{ow} windows of {kh}×{kw} cells would be more than the {MAX_CELLS:,} cells this "
            f"can show; use a larger stride, a smaller {what} or a smaller input")
