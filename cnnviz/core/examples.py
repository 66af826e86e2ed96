"""The worked examples of the course material, as presets for the labs and as tests.

Each example is the input, the kernel (or pool size) and settings, and the exact output
the textbook prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _a(rows) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


@dataclass(frozen=True)
class ConvExample:
    key: str
    name: str
    input: np.ndarray
    kernel: np.ndarray
    padding: object = "valid"
    stride: int = 1
    expected: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    first_formula: str | None = None


@dataclass(frozen=True)
class PoolExample:
    key: str
    name: str
    input: np.ndarray
    size: int
    mode: str
    expected: np.ndarray


MASK_INPUT = _a([[1, 0, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 0]])
DIAGONAL_MASK = _a([[1, 0], [0, 1]])
INPUT_4X4 = _a([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]])
FILTER_3X3 = _a([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
INPUT_7X7 = _a([[int(ch) for ch in row] for row in
                ("1230123", "0123012", "3012301", "2301230", "1230123", "0123012", "3012301")])

CONV_EXAMPLES: tuple[ConvExample, ...] = (
    ConvExample("mask_2x2", "2×2 mask on a 4×4 grid", MASK_INPUT, DIAGONAL_MASK, "valid", 1,
                _a([[2, 1, 1], [0, 2, 2], [0, 1, 1]]), "(1×1)+(0×0)+(0×0)+(1×1) = 2"),
    ConvExample("filter_3x3_valid", "3×3 filter, no padding", INPUT_4X4, FILTER_3X3, "valid", 1,
                _a([[15, 16], [6, 15]])),
    ConvExample("filter_3x3_pad1", "3×3 filter, zero padding 1", INPUT_4X4, FILTER_3X3, 1, 1,
                _a([[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]])),
    ConvExample("filter_3x3_stride2", "7×7 input, 3×3 filter, stride 2", INPUT_7X7, FILTER_3X3, "valid", 2,
                _a([[15, 17, 15], [17, 15, 17], [15, 17, 15]])),
)

POOL_EXAMPLES: tuple[PoolExample, ...] = (
    PoolExample("maxpool_small", "Max pooling 2×2", _a([[1, 0, 1, 0], [0, 4, 2, 0], [0, 1, 6, 1], [0, 0, 1, 0]]),
                2, "max", _a([[4, 2], [1, 6]])),
    PoolExample("maxpool_large", "Max pooling 2×2 (larger values)",
                _a([[12, 20, 30, 0], [8, 12, 2, 0], [34, 70, 37, 4], [112, 100, 25, 12]]),
                2, "max", _a([[20, 30], [112, 37]])),
)

CONV_BY_KEY = {e.key: e for e in CONV_EXAMPLES}
POOL_BY_KEY = {e.key: e for e in POOL_EXAMPLES}
