"""The Convolution Lab's problem as plain data (no Qt): what an input and a kernel must
be to be shown in the lab, and the checks a saved lab state passes before it is loaded.

Used by :class:`cnnviz.app.lab_controller.ConvLabController`; every error is a
ValueError (:class:`~cnnviz.core.conv.ConvInputError` for the input) whose message
says what was received.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core.conv import ConvInputError
from cnnviz.core.kernels import validate_kernel

#: The largest input side the lab draws (larger images belong on the filter page).
MAX_INPUT_SIDE = 64
ACTIVATIONS = ("none", "relu")


def check_size(a: np.ndarray) -> None:
    if max(a.shape[:2]) > MAX_INPUT_SIDE:
        raise ConvInputError(f"the lab shows inputs up to {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE}, got "
                             f"{a.shape[0]}×{a.shape[1]} (use the image filter page for large images)")


def lab_input(values) -> np.ndarray:
    """``values`` as the lab's ``(H, W, C)`` float input, or ConvInputError saying why not."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[0] < 1 or a.shape[1] < 1:
        raise ConvInputError(f"the input must be (H, W) or (H, W, C), got shape {np.shape(values)}")
    if not np.all(np.isfinite(a)):
        raise ConvInputError("the input contains values that are not finite numbers (NaN or ∞)")
    check_size(a)
    return a


def problem_arrays(input, kernel) -> tuple[np.ndarray, np.ndarray]:  # noqa: A002
    """An input and a kernel from elsewhere in the app (e.g. a Conv2D filter: ``(kh, kw,
    C, 1)``) squeezed to ``(H, W[, C])`` and ``(kh, kw[, C])``; ConvInputError when their
    channels do not match."""
    x = np.asarray(input, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    if x.ndim == 3 and x.shape[2] == 1:
        x = x[:, :, 0]
    if k.ndim == 4 and k.shape[3] == 1:
        k = k[:, :, :, 0]
    if k.ndim == 3 and k.shape[2] == 1:
        k = k[:, :, 0]
    if x.ndim not in (2, 3):
        raise ConvInputError(f"the input must be (H, W) or (H, W, C), got shape {x.shape}")
    if k.ndim == 3 and (x.ndim != 3 or x.shape[2] != k.shape[2]):
        raise ConvInputError(f"the kernel has {k.shape[2]} channels but the input has "
                             f"{x.shape[2] if x.ndim == 3 else 1}")
    return x, k


@dataclass(frozen=True)
class SavedLab:
    """The checked arrays and settings of a saved lab state."""

    input: np.ndarray      # (H, W, C)
    kernel: np.ndarray     # (kh, kw, C) or (kh, kw, 1)
    padding: object
    activation: str


def check_saved_lab(state: dict) -> SavedLab:
    """Check a saved lab state (see ``ConvLabController.session_state``); raises
    TypeError/ValueError/KeyError when it is unusable."""
    if not isinstance(state, dict):
        raise TypeError("the lab state must be a dict")
    x = np.asarray(state["input"], dtype=np.float64)
    k = np.asarray(state["kernel"], dtype=np.float64)
    if x.ndim == 2:
        x = x[:, :, None]
    if k.ndim == 2:
        k = k[:, :, None]
    if x.ndim != 3 or k.ndim != 3 or x.size == 0 or k.size == 0:
        raise ValueError(f"lab state: bad input {x.shape} or kernel {k.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(k))):
        raise ValueError("lab state: the input or kernel holds values that are not finite")
    if k.shape[2] not in (1, x.shape[2]) or max(x.shape[:2]) > MAX_INPUT_SIDE:
        raise ValueError(f"lab state: input {x.shape} and kernel {k.shape} do not fit the lab")
    for kc in range(k.shape[2]):
        validate_kernel(k[:, :, kc])
    padding = state.get("padding", "valid")
    if isinstance(padding, list):
        padding = tuple(int(p) for p in padding)
    activation = str(state.get("activation", "none"))
    if activation not in ACTIVATIONS:
        raise ValueError(f"lab state: unknown activation {activation!r}")
    return SavedLab(x, k, padding, activation)
