"""Whole-image filtering with OpenCV (the image filter page), and the numbers around it:
a grayscale conversion, fitting a large image to a working size, and a robust colour
range for signed results. NumPy/OpenCV only."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: border name -> OpenCV border constant name (how pixels outside the image are made)
BORDER_TYPES = {"reflect101": "BORDER_REFLECT_101", "constant": "BORDER_CONSTANT", "replicate": "BORDER_REPLICATE"}
#: ITU-R BT.601 luma weights, as OpenCV's RGB2GRAY uses
GRAY_WEIGHTS = np.array([0.299, 0.587, 0.114], np.float32)


@dataclass(frozen=True)
class FilterResult:
    channels: np.ndarray   # (H, W, C) float32 per-channel results
    total: np.ndarray      # (H, W) float32: the sum over channels


def filter_image(image: np.ndarray, kernel: np.ndarray, *, flip: bool = False, border: str = "reflect101") -> FilterResult:
    """Filter ``image`` ((H, W) or (H, W, C), any numbers) with ``kernel`` ((kh, kw), or
    (kh, kw, C) for one kernel slice per channel) using ``cv2.filter2D``."""
    import cv2

    if border not in BORDER_TYPES:
        raise ValueError(f"border must be one of {', '.join(BORDER_TYPES)}, got {border!r}")
    img = np.asarray(image, dtype=np.float32)
    if img.ndim == 2:
        img = img[:, :, None]
    k = np.asarray(kernel, dtype=np.float32)
    if k.ndim == 2:
        k = np.repeat(k[:, :, None], img.shape[2], axis=2)
    if img.ndim != 3 or k.ndim != 3:
        raise ValueError(f"the image must be (H, W) or (H, W, C) and the kernel (kh, kw) or (kh, kw, C), "
                         f"got {np.shape(image)} and {np.shape(kernel)}")
    if k.shape[2] != img.shape[2]:
        raise ValueError(f"the kernel has {k.shape[2]} channels but the image has {img.shape[2]}")
    kh, kw = k.shape[:2]
    border_type = getattr(cv2, BORDER_TYPES[border])
    out = np.empty(img.shape, np.float32)
    for c in range(img.shape[2]):
        kc = np.ascontiguousarray(k[:, :, c])
        anchor = (kw // 2, kh // 2)
        if flip:
            kc = cv2.flip(kc, -1)
            anchor = (kw - 1 - kw // 2, kh - 1 - kh // 2)
        out[:, :, c] = cv2.filter2D(np.ascontiguousarray(img[:, :, c]), cv2.CV_32F, kc, anchor=anchor,
                                    borderType=border_type)
    return FilterResult(out, out.sum(axis=2))


def to_gray(rgb: np.ndarray) -> np.ndarray:
    """``(H, W, 3)`` RGB as ``(H, W)`` float32 luma."""
    return np.asarray(rgb, dtype=np.float32) @ GRAY_WEIGHTS


def fit_within(rgb: np.ndarray, max_side: int) -> np.ndarray:
    """``rgb`` shrunk (area averaging) so that its longer side is at most ``max_side``;
    the same array when it already fits."""
    import cv2

    h, w = rgb.shape[:2]
    if max(h, w) <= max_side:
        return rgb
    s = max_side / max(h, w)
    return cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)


#: contrast choice -> (percentile of |value|, gain): colours saturate at that percentile
#: divided by the gain (100, 1: the full range). A gain, not a lower percentile, makes
#: faint edges visible: in a photo most pixels are flat, and a lower percentile would
#: turn the noise of smooth areas into stripes.
CONTRASTS: dict[str, tuple[float, float]] = {"full": (100.0, 1.0), "normal": (99.5, 1.0), "high": (99.5, 3.0),
                                             "very_high": (99.5, 10.0)}
DEFAULT_CONTRAST = "normal"


def robust_range(values: np.ndarray, percentile: float = 99.5) -> float:
    """The colour range for a filter result: the ``percentile`` of |value| (99.5 by
    default: a few extreme pixels would otherwise wash every other edge out to white);
    colours beyond it saturate, their sign stays visible. 100 gives the full range."""
    a = np.abs(np.asarray(values, dtype=np.float64))
    a = a[np.isfinite(a)]
    if not a.size:
        return 1.0
    m = float(a.max()) if percentile >= 100 else float(np.percentile(a, percentile))
    return m if m > 0 else (float(a.max()) or 1.0)


def signed_levels(values: np.ndarray, contrast: str = DEFAULT_CONTRAST) -> tuple[float, float, bool]:
    """``(low, high, signed)`` for showing a filter result with the ``contrast`` of
    :data:`CONTRASTS`: ±range when it has negative values, else 0…range."""
    if contrast not in CONTRASTS:
        raise ValueError(f"contrast must be one of {', '.join(CONTRASTS)}, got {contrast!r}")
    percentile, gain = CONTRASTS[contrast]
    m = robust_range(values, percentile) / gain
    signed = bool(np.nanmin(values) < 0) if np.size(values) else False
    return (-m, m, True) if signed else (0.0, m, False)
