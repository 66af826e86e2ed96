"""Colour maps for grids (colour-blind safe): a diverging map centred on zero for signed
values (ColorBrewer RdBu: blue negative, white zero, red positive) and a sequential one
(viridis) for values that are never negative."""
from __future__ import annotations

import numpy as np

_VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e",
            "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725")
_RDBU = ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
         "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")


def _lut(anchors: tuple[str, ...], n: int = 256) -> np.ndarray:
    rgb = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in anchors], dtype=np.float64)
    x = np.linspace(0.0, 1.0, len(anchors))
    t = np.linspace(0.0, 1.0, n)
    out = np.stack([np.interp(t, x, rgb[:, c]) for c in range(3)], axis=1)
    return np.round(out).astype(np.uint8)


SEQUENTIAL = _lut(_VIRIDIS)
DIVERGING = _lut(_RDBU)


def auto_levels(values: np.ndarray, signed: bool | None = None) -> tuple[float, float, bool]:
    """``(low, high, signed)`` for ``values`` (NaN ignored): symmetric around zero when
    signed (or when any value is negative), ``0..max`` otherwise."""
    a = np.asarray(values, dtype=np.float64)
    finite = a[np.isfinite(a)]
    lo = float(finite.min()) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 1.0
    if signed is None:
        signed = lo < 0
    if signed:
        m = max(abs(lo), abs(hi)) or 1.0
        return -m, m, True
    lo = min(lo, 0.0)
    if hi <= lo:
        hi = lo + 1.0
    return lo, hi, False


def apply(values: np.ndarray, low: float, high: float, signed: bool) -> np.ndarray:
    """Map ``(H, W)`` values to ``(H, W, 3)`` uint8 colours (NaN → mid grey)."""
    a = np.asarray(values, dtype=np.float64)
    # Halves first: (high - low) and (a - low) overflow to ∞ when the values span more
    # than float64's range (1e308 and -1e308); their halves never do.
    half_span = (0.5 * high - 0.5 * low) or 0.5
    with np.errstate(over="ignore", invalid="ignore"):
        t = (0.5 * np.nan_to_num(a, nan=low, posinf=high, neginf=low) - 0.5 * low) / half_span
    idx = np.clip(np.nan_to_num(t, nan=0.0) * 255.0, 0, 255).astype(np.uint8)
    out = (DIVERGING if signed else SEQUENTIAL)[idx]
    if np.isnan(a).any():
        out[np.isnan(a)] = (160, 160, 160)
    return out


def text_color_is_dark(rgb: np.ndarray) -> np.ndarray:
    """True where black text reads better than white on the colour ``rgb`` (…, 3)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lum = 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]
    return lum > 0.45
