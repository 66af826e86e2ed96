"""Kernel presets and validation of user-typed kernels."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_SIZE, MAX_SIZE = 1, 7


@dataclass(frozen=True)
class KernelPreset:
    key: str           # stable identifier (settings, command line)
    name: str          # English display name (the Qt layer translates it)
    values: np.ndarray
    description: str   # one line: what it does to an image


def _k(rows) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


PRESETS: tuple[KernelPreset, ...] = (
    KernelPreset("identity", "Identity", _k([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
                 "Copies the input unchanged."),
    KernelPreset("box_blur", "Box blur", _k(np.full((3, 3), 1 / 9)),
                 "Average of the 3×3 neighbourhood: smooths noise and edges."),
    KernelPreset("gaussian_blur", "Gaussian blur", _k([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
                 "Weighted average that favours the centre: a softer blur."),
    KernelPreset("sharpen", "Sharpen", _k([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
                 "Boosts the centre against its neighbours: edges look crisper."),
    KernelPreset("laplacian", "Laplacian edge", _k([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
                 "Second derivative: responds to edges in every direction, zero on flat areas."),
    KernelPreset("sobel_x", "Sobel X", _k([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
                 "Horizontal gradient: responds to vertical edges."),
    KernelPreset("sobel_y", "Sobel Y", _k([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
                 "Vertical gradient: responds to horizontal edges."),
    KernelPreset("prewitt_x", "Prewitt X", _k([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
                 "Horizontal gradient with equal weights: vertical edges."),
    KernelPreset("prewitt_y", "Prewitt Y", _k([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
                 "Vertical gradient with equal weights: horizontal edges."),
    KernelPreset("emboss", "Emboss", _k([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
                 "Gradient along the diagonal plus the input: a relief effect."),
    KernelPreset("diagonal_2x2", "Diagonal 2×2 (textbook mask)", _k([[1, 0], [0, 1]]),
                 "The textbook's 2×2 mask: adds the top-left and bottom-right cells."),
    KernelPreset("textbook_3x3", "Textbook 3×3 filter", _k([[2, 0, 1], [0, 1, 2], [1, 0, 2]]),
                 "The 3×3 filter of the padding and stride examples."),
)

PRESETS_BY_KEY = {p.key: p for p in PRESETS}


def preset(key: str) -> KernelPreset:
    try:
        return PRESETS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown kernel preset {key!r}; choose one of {', '.join(PRESETS_BY_KEY)}") from None


class KernelError(ValueError):
    """A kernel the user typed that cannot be used (the message says why)."""


def validate_kernel(values: np.ndarray) -> np.ndarray:
    """Check a user kernel: 2-D, between 1×1 and 7×7, finite numbers."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim != 2:
        raise KernelError(f"a kernel is a 2-D grid of numbers, got {a.ndim} dimension(s)")
    h, w = a.shape
    if not (MIN_SIZE <= h <= MAX_SIZE and MIN_SIZE <= w <= MAX_SIZE):
        raise KernelError(f"kernel size must be between {MIN_SIZE}×{MIN_SIZE} and {MAX_SIZE}×{MAX_SIZE}, got {h}×{w}")
    if not np.all(np.isfinite(a)):
        raise KernelError("the kernel contains a value that is not a finite number")
    return a
