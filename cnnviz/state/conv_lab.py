"""The Convolution Lab's problem as plain data (no Qt): :class:`ConvLabState` (the
input, its name and title, the exact bias and the current result or the reason there is
none), what an input and a kernel must be to be shown in the lab, and the checks a saved
lab state passes before it is loaded.

Used by :class:`cnnviz.app.lab_controller.ConvLabController`, which keeps the widgets in
step with the state; every error is a ValueError
(:class:`~cnnviz.core.conv.ConvInputError` for the input) whose message says what was
received.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core import examples
from cnnviz.core.conv import ConvInputError, ConvResult, conv2d
from cnnviz.core.geometry import GeometryError
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


class ConvLabState:
    """What the lab shows: ``input`` ``(H, W, C)``, ``input_name``, ``title``, the
    ``result`` of the last :meth:`compute` or the ``error`` that kept it from one."""

    def __init__(self) -> None:
        self.input: np.ndarray = examples.MASK_INPUT[:, :, None].astype(np.float64)
        self.input_name = ""
        self.title = ""
        self.result: ConvResult | None = None
        self.error = ""
        #: A bias given exactly (a learned one); the settings box shows it rounded.
        self.exact_bias: float | None = None

    def set_input(self, values, name: str = "") -> np.ndarray:
        """Check and use ``values`` as the input (ConvInputError saying why not)."""
        self.input = lab_input(values)
        self.input_name = name
        return self.input

    def input_2d_or_3d(self) -> np.ndarray:
        """A copy of the input: ``(H, W)`` for one channel, else ``(H, W, C)``."""
        return self.input[:, :, 0].copy() if self.input.shape[2] == 1 else self.input.copy()

    def bias(self, shown: float, shows_exact: bool) -> float:
        """The bias to compute with: the exact one while the box still shows it rounded
        (``shows_exact``), else the value shown."""
        return self.exact_bias if self.exact_bias is not None and shows_exact else shown

    def compute(self, kernel: np.ndarray, settings: dict) -> ConvResult | None:
        """Convolve the input with ``kernel`` and ``settings`` (padding, stride, dilation,
        bias, activation, flip); on bad settings keep the reason in ``error`` and return None."""
        try:
            self.result = conv2d(self.input, kernel, bias=settings["bias"], padding=settings["padding"],
                                 stride=settings["stride"], dilation=settings["dilation"],
                                 activation=settings["activation"], flip=settings["flip"])
        except (GeometryError, ConvInputError) as exc:
            self.fail(str(exc))
            return None
        self.error = ""
        return self.result

    def fail(self, message: str) -> None:
        """No result, for ``message``."""
        self.result = None
        self.error = message
