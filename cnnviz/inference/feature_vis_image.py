"""The image side of feature visualisation, in NumPy: parameterisation, jitter, optimiser.

The images are not optimised pixel by pixel (that gives high-frequency noise that excites
a filter just as well). As in Lucid (Olah et al., "Feature Visualization", Distill 2017):

* **Fourier parameterisation**: each image is the inverse real FFT of a spectrum whose
  coefficients are scaled by ``1 / f^decay`` (frequency ``f``), so a gradient step moves
  low frequencies as much as high ones: the result is smooth and pattern-like;
* **decorrelated colour** (three-channel images only): the channels are mixed by the
  square root of ImageNet's colour covariance, so each parameter moves a natural colour;
* a **sigmoid** keeps every pixel inside the model's input range;
* **jitter**: the image is shifted (circularly: the Fourier image is periodic anyway) by a
  random offset before each step, so the pattern must excite the filter wherever it sits.

Everything here is linear algebra with a closed-form backward pass (:meth:`FourierImage.
backward`), so the backend only ever differentiates the model with respect to its input
(:mod:`cnnviz.inference.gradients`).
"""
from __future__ import annotations

import numpy as np

# Square root of ImageNet's RGB colour correlation (Lucid, lucid/optvis/param/color.py),
# normalised so the largest column has norm 1.
_COLOR_SQRT = np.array([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]], np.float32)
_COLOR_SQRT = _COLOR_SQRT / np.max(np.linalg.norm(_COLOR_SQRT, axis=0))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


class FourierImage:
    """A batch of ``n`` images ``(n, h, w, c)`` in ``[lo, hi]`` given by a scaled spectrum.

    ``params`` (real, ``(2, n, c, h, w//2 + 1)``: real and imaginary parts) is what the
    optimiser changes; :meth:`forward` gives the images and :meth:`backward` turns the
    gradient with respect to the images into the gradient with respect to ``params``.
    """

    def __init__(self, n: int, h: int, w: int, c: int, *, lo: float = 0.0, hi: float = 1.0,
                 decay_power: float = 1.0, init_std: float = 0.01, seed: int = 0) -> None:
        self.shape = (n, h, w, c)
        self.lo, self.hi = float(lo), float(hi)
        fy = np.fft.fftfreq(h)[:, None]
        fx = np.fft.rfftfreq(w)[None, :]
        freqs = np.sqrt(fy * fy + fx * fx)
        self.scale = (1.0 / np.maximum(freqs, 1.0 / max(h, w)) ** decay_power * np.sqrt(h * w)).astype(np.float32)
        # Adjoint weights of the real inverse FFT: interior columns of the half spectrum
        # stand for two coefficients (k and its conjugate), the DC and Nyquist columns for one.
        weight = np.full(w // 2 + 1, 2.0, np.float32)
        weight[0] = 1.0
        if w % 2 == 0:
            weight[-1] = 1.0
        self._adjoint = (self.scale * weight[None, :] / (h * w)).astype(np.float32)
        rng = np.random.default_rng(seed)
        self.params = (rng.standard_normal((2, n, c, h, w // 2 + 1)) * init_std).astype(np.float32)
        self._color = _COLOR_SQRT if c == 3 else None
        self._last_sig: np.ndarray | None = None

    # -- forward -------------------------------------------------------------------------
    def _linear(self) -> np.ndarray:
        """Pre-sigmoid images ``(n, h, w, c)``."""
        n, h, w, c = self.shape
        spectrum = (self.params[0] + 1j * self.params[1]) * self.scale
        z = np.fft.irfft2(spectrum, s=(h, w)).astype(np.float32) / 4.0   # (n, c, h, w)
        z = np.transpose(z, (0, 2, 3, 1))
        if self._color is not None:
            z = z @ self._color.T
        return z

    def forward(self) -> np.ndarray:
        """The images ``(n, h, w, c)`` float32 in ``[lo, hi]``."""
        s = _sigmoid(self._linear())
        self._last_sig = s
        return (self.lo + (self.hi - self.lo) * s).astype(np.float32)

    def backward(self, grad_images: np.ndarray) -> np.ndarray:
        """``∂L/∂params`` from ``∂L/∂images`` (for the images of the last :meth:`forward`)."""
        if self._last_sig is None:
            raise RuntimeError("backward() before forward()")
        s = self._last_sig
        g = np.asarray(grad_images, np.float32) * (self.hi - self.lo) * s * (1.0 - s)
        if self._color is not None:
            g = g @ self._color
        g = np.transpose(g, (0, 3, 1, 2)) / 4.0                          # (n, c, h, w)
        spec = np.fft.rfft2(g) * self._adjoint
        return np.stack([spec.real, spec.imag]).astype(np.float32)


class Adam:
    """Adam (Kingma & Ba 2015) for gradient *ascent* on one NumPy array, in place."""

    def __init__(self, learning_rate: float = 0.05, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        self.lr, self.b1, self.b2, self.eps = learning_rate, beta1, beta2, eps
        self.t = 0
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None

    def ascend(self, params: np.ndarray, grad: np.ndarray) -> None:
        if self.m is None:
            self.m = np.zeros_like(params)
            self.v = np.zeros_like(params)
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * grad
        self.v = self.b2 * self.v + (1 - self.b2) * grad * grad
        m_hat = self.m / (1 - self.b1 ** self.t)
        v_hat = self.v / (1 - self.b2 ** self.t)
        params += (self.lr * m_hat / (np.sqrt(v_hat) + self.eps)).astype(params.dtype)


def jitter(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Images ``(n, h, w, c)`` shifted circularly by ``(dy, dx)`` pixels."""
    return np.roll(images, (dy, dx), axis=(1, 2))


def warp(images: np.ndarray, angle_deg: float, scale: float, *, inverse: bool = False) -> np.ndarray:
    """Images ``(n, h, w, c)`` rotated by ``angle_deg`` and scaled by ``scale`` about their
    centre (bilinear, wrapping around like the periodic Fourier image). ``inverse=True``
    applies the inverse transform, which carries a gradient back (for these small
    near-isometries it equals the adjoint up to interpolation smoothing)."""
    import cv2

    if angle_deg == 0 and scale == 1:
        return images
    n, h, w, c = images.shape
    m = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), float(angle_deg), float(scale))
    flags = cv2.INTER_LINEAR | (cv2.WARP_INVERSE_MAP if inverse else 0)
    out = np.empty_like(images)
    for i in range(n):
        for ch in range(c):
            out[i, :, :, ch] = cv2.warpAffine(np.ascontiguousarray(images[i, :, :, ch]), m, (w, h), flags=flags,
                                              borderMode=cv2.BORDER_WRAP)
    return out


def to_display(images: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """uint8 images for display: ``(n, h, w)`` for one channel, ``(n, h, w, 3)`` for colour;
    the model's input range ``[lo, hi]`` maps to 0..255 (no per-image stretch)."""
    a = (np.asarray(images, np.float32) - lo) / max(hi - lo, 1e-12)
    u8 = np.clip(np.rint(a * 255.0), 0, 255).astype(np.uint8)
    if u8.shape[-1] == 1:
        return u8[..., 0]
    if u8.shape[-1] != 3:
        return u8[..., :3] if u8.shape[-1] > 3 else np.repeat(u8[..., :1], 3, axis=-1)
    return u8


def grid(tiles: np.ndarray, columns: int | None = None, *, pad: int = 2, background: int = 40) -> np.ndarray:
    """One uint8 mosaic of ``tiles`` (``(n, h, w)`` or ``(n, h, w, 3)``), row by row, with
    ``pad`` pixels of ``background`` between tiles; ``columns`` defaults to ⌈√n⌉."""
    t = np.asarray(tiles)
    if t.ndim not in (3, 4) or len(t) == 0:
        raise ValueError(f"grid() takes tiles (n, h, w) or (n, h, w, 3), got shape {t.shape}")
    n, h, w = t.shape[:3]
    cols = int(columns) if columns else int(np.ceil(np.sqrt(n)))
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    out = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad) + t.shape[3:], background, np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        out[y:y + h, x:x + w] = t[i]
    return out


def channel_sheet(synthesised: np.ndarray, examples: np.ndarray, indices: np.ndarray, *, per_row: int = 1,
                  pad: int = 2, background: int = 40) -> np.ndarray:
    """One uint8 PNG-ready sheet: per channel, its synthesised image followed by its top
    examples (``examples[indices[c]]``, best first); ``per_row`` channels side by side.
    ``synthesised`` and ``examples`` are uint8 tiles of the same size and colour."""
    syn, ex = np.asarray(synthesised), np.asarray(examples)
    idx = np.asarray(indices)
    if syn.shape[1:] != ex.shape[1:] or len(idx) != len(syn):
        raise ValueError(f"synthesised images {syn.shape[1:]} × {len(syn)} do not fit examples {ex.shape[1:]} "
                         f"with indices for {len(idx)} channels")
    tiles = [t for c in range(len(syn)) for t in (syn[c], *ex[idx[c]])]
    return grid(np.stack(tiles), per_row * (1 + idx.shape[1]), pad=pad, background=background)
