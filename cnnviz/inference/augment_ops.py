"""Augmentation of image batches with ``keras.ops``: the same code on TensorFlow, JAX and
PyTorch, on the CPU or the GPU, inside the compiled training step.

:func:`augment_batch` transforms a float batch ``(B, H, W, 1)`` in 0..1, random per
sample; :func:`training_model` wraps a model for ``fit``: uint8 pixels in, scaled to
0..1, augmented (training only, through :class:`TrainingInput`), then the model. Only
the inner model is ever saved, so augmentation never ends up in a ``.keras`` file.
"""
from __future__ import annotations

import math

import keras
from keras import ops

from cnnviz.inference.augmentation import Augmentation


def _per_sample(x, seed):
    """One uniform 0..1 number per sample, shaped to broadcast over (B, H, W, C)."""
    return keras.random.uniform((ops.shape(x)[0], 1, 1, 1), seed=seed)


def _pick(r, choices, x):
    """``choices[i]`` where ``i/len ≤ r < (i+1)/len`` (per sample), else unchanged."""
    out = x
    for i, c in enumerate(choices):
        lo, hi = i / len(choices), (i + 1) / len(choices)
        out = ops.where((r >= lo) & (r < hi), c, out)
    return out


def _stroke(x, seed):
    """Random stroke width per sample: dilate by 3 or 2 pixels, erode by 2, or keep."""
    dil2 = ops.max_pool(x, 2, strides=1, padding="same")
    dil3 = ops.max_pool(x, 3, strides=1, padding="same")
    ero2 = -ops.max_pool(-x, 2, strides=1, padding="same")
    r = _per_sample(x, seed)
    return ops.where(r < 0.2, dil3, ops.where(r < 0.45, dil2, ops.where(r < 0.53, ero2, x)))


def _elastic(x, limit: float, seed):
    """Elastic distortion: a random displacement of up to ``limit`` pixels on a coarse 4×4
    grid, smoothly interpolated over the image, then bilinear resampling."""
    b = ops.shape(x)[0]
    h, w = x.shape[1], x.shape[2]
    coarse = keras.random.uniform((b, 4, 4, 2), -limit, limit, seed=seed)
    field = ops.image.resize(coarse, (h, w), interpolation="bicubic", data_format="channels_last")
    rows = ops.reshape(ops.arange(h, dtype="float32"), (1, h, 1))
    cols = ops.reshape(ops.arange(w, dtype="float32"), (1, 1, w))
    batch = ops.broadcast_to(ops.reshape(ops.cast(ops.arange(b), "float32"), (-1, 1, 1)), (b, h, w))
    coords = ops.stack([batch, rows + field[..., 0], cols + field[..., 1]], axis=0)
    warped = ops.image.map_coordinates(x[..., 0], coords, order=1, fill_mode="constant", fill_value=0.0)
    return warped[..., None]


LOW_RES_SIDES = (8, 10, 12, 15, 18)


def _low_res(x, probability: float, seed):
    """With ``probability``: shrink to 8…18 pixels (anti-aliased) and enlarge back,
    bilinear or blocky (nearest), as small scans and enlarged thumbnails look."""
    h, w = x.shape[1], x.shape[2]
    variants = []
    for i, side in enumerate(LOW_RES_SIDES):
        small = ops.image.resize(x, (side, side), interpolation="bilinear", antialias=True,
                                 data_format="channels_last")
        method = "nearest" if i % 2 else "bilinear"
        variants.append(ops.image.resize(small, (h, w), interpolation=method, data_format="channels_last"))
    r = _per_sample(x, seed)
    return ops.where(r < probability, _pick(_per_sample(x, seed), variants, x), x)


def _gaussian_kernel(sigma: float, radius: int = 3):
    t = ops.arange(-radius, radius + 1, dtype="float32")
    g = ops.exp(-(t * t) / (2.0 * sigma * sigma))
    g = g / ops.sum(g)
    return ops.reshape(g[:, None] * g[None, :], (2 * radius + 1, 2 * radius + 1, 1, 1))


def _blur(x, probability: float, seed):
    """With ``probability``: a Gaussian blur of σ 0.5, 0.8, 1.1 or 1.5 pixels."""
    blurred = [ops.conv(x, _gaussian_kernel(s), padding="same") for s in (0.5, 0.8, 1.1, 1.5)]
    r = _per_sample(x, seed)
    return ops.where(r < probability, _pick(_per_sample(x, seed), blurred, x), x)


def _flip(x, seed):
    flip = keras.random.uniform((ops.shape(x)[0], 1, 1, 1), seed=seed) < 0.5
    return ops.where(flip, ops.flip(x, axis=2), x)


def _affine(x, aug: Augmentation, seed):
    """One bilinear warp per sample: rotation, zoom, aspect, shear and shift about the centre."""
    b = ops.shape(x)[0]
    h, w = x.shape[1], x.shape[2]

    def u(limit):
        if not limit:
            return ops.zeros((b,))
        return keras.random.uniform((b,), -limit, limit, seed=seed)

    theta = u(aug.rotation_deg * math.pi / 180.0)
    s = 1.0 + u(aug.scale)
    a = 1.0 + u(aug.aspect)
    sx, sy = s * a, s / a
    sh = u(aug.shear)
    tx, ty = u(aug.shift_px), u(aug.shift_px)
    # Output pixel p maps to input pixel c + M⁻¹ (p − c) − t, where
    # M = R(θ) · Shear(sh) · diag(sx, sy).  M⁻¹ = diag(1/sx, 1/sy) · Shear(−sh) · R(−θ).
    cos, sin = ops.cos(theta), ops.sin(theta)
    r00, r01, r10, r11 = cos, sin, -sin, cos                           # R(−θ)
    q00, q01, q10, q11 = r00 - sh * r10, r01 - sh * r11, r10, r11      # Shear(−sh) · R(−θ)
    m00, m01, m10, m11 = q00 / sx, q01 / sx, q10 / sy, q11 / sy
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    a2 = cx - m00 * cx - m01 * cy - tx
    b2 = cy - m10 * cx - m11 * cy - ty
    zeros = ops.zeros((b,))
    transforms = ops.stack([m00, m01, a2, m10, m11, b2, zeros, zeros], axis=1)
    return ops.image.affine_transform(x, transforms, interpolation="bilinear", fill_mode="constant",
                                      fill_value=0.0, data_format="channels_last")


def _erase(x, probability: float, seed):
    """Random erasing: with ``probability``, a rectangle of 4…14 pixels a side gets one
    random grey level (so the network cannot lean on any one part of the picture)."""
    b = ops.shape(x)[0]
    h, w = x.shape[1], x.shape[2]

    def u(lo, hi):
        return ops.reshape(keras.random.uniform((b,), lo, hi, seed=seed), (-1, 1, 1, 1))

    eh, ew = u(4.0, 14.0), u(4.0, 14.0)
    top, left = u(0.0, 1.0) * (h - eh), u(0.0, 1.0) * (w - ew)
    rows = ops.reshape(ops.arange(h, dtype="float32"), (1, h, 1, 1))
    cols = ops.reshape(ops.arange(w, dtype="float32"), (1, 1, w, 1))
    inside = (rows >= top) & (rows < top + eh) & (cols >= left) & (cols < left + ew)
    inside = inside & (_per_sample(x, seed) < probability)
    return ops.where(inside, u(0.0, 1.0), x)


def augment_batch(x, aug: Augmentation, seed=None):
    """Augment a float batch (B, H, W, 1) in 0..1 (random per sample; backend tensors or
    NumPy in, backend tensors out). ``seed``: a ``keras.random.SeedGenerator`` (needed
    inside a compiled function on JAX), an int, or None."""
    x = ops.convert_to_tensor(x, dtype="float32")
    original = x
    if aug.stroke:
        x = _stroke(x, seed)
    if aug.flip_horizontal:
        x = _flip(x, seed)
    if aug.elastic:
        x = _elastic(x, aug.elastic, seed)
    if aug.geometric:
        x = _affine(x, aug, seed)
    if aug.low_res:
        x = _low_res(x, aug.low_res, seed)
    if aug.blur:
        x = _blur(x, aug.blur, seed)
    x = ops.clip(x, 0.0, 1.0)
    if aug.erase:
        x = _erase(x, aug.erase, seed)
    if aug.low_res or aug.blur:
        # Blurring spreads ink thin; the app's preprocessing stretches the contrast of
        # pictures, so bring the brightest pixel back to where it was.
        peak = ops.max(original, axis=(1, 2, 3), keepdims=True)
        x = ops.clip(x * (peak / ops.maximum(ops.max(x, axis=(1, 2, 3), keepdims=True), 1e-3)), 0.0, 1.0)
    if aug.clean:
        x = ops.where(_per_sample(x, seed) < aug.clean, original, x)
    return x


class TrainingInput(keras.layers.Layer):
    """uint8 pixels → float32 in 0..1, then :func:`augment_batch` when called with
    ``training=True``. (Not ``keras.layers.Rescaling``: Keras's preprocessing layers
    switch to TensorFlow whenever a module named ``tensorflow`` is in ``sys.modules``,
    which breaks them on JAX with TensorFlow blocked.)"""

    def __init__(self, augmentation: Augmentation, seed: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.augmentation = augmentation
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, pixels, training=None):
        x = ops.cast(pixels, "float32") / 255.0
        if not training or not self.augmentation.enabled:
            return x
        return augment_batch(x, self.augmentation, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, pixels, training=None):
        return keras.KerasTensor(pixels.shape, dtype="float32")


def training_model(model, augmentation: Augmentation, seed: int | None = None):
    """``model`` behind uint8 input, scaling to 0..1 and augmentation, for ``fit`` only.

    Feeding uint8 pixels moves a quarter of the bytes to the device that float32 would;
    the wrapper shares ``model``'s weights, so training it trains ``model``."""
    shape = tuple(model.inputs[0].shape[1:])
    pixels = keras.Input(shape, dtype="uint8", name="pixels")
    x = TrainingInput(augmentation, seed, name="training_input")(pixels)
    return keras.Model(pixels, model(x), name=f"{model.name}_training")
