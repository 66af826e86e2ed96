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


def _stroke(x, seed):
    """Random stroke width per sample: dilate by 3 or 2 pixels, erode by 2, or keep."""
    dil2 = ops.max_pool(x, 2, strides=1, padding="same")
    dil3 = ops.max_pool(x, 3, strides=1, padding="same")
    ero2 = -ops.max_pool(-x, 2, strides=1, padding="same")
    r = keras.random.uniform((ops.shape(x)[0], 1, 1, 1), seed=seed)
    return ops.where(r < 0.2, dil3, ops.where(r < 0.45, dil2, ops.where(r < 0.53, ero2, x)))


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


def augment_batch(x, aug: Augmentation, seed=None):
    """Augment a float batch (B, H, W, 1) in 0..1 (random per sample; backend tensors or
    NumPy in, backend tensors out). ``seed``: a ``keras.random.SeedGenerator`` (needed
    inside a compiled function on JAX), an int, or None."""
    x = ops.convert_to_tensor(x, dtype="float32")
    if aug.stroke:
        x = _stroke(x, seed)
    if aug.flip_horizontal:
        x = _flip(x, seed)
    if aug.geometric:
        x = _affine(x, aug, seed)
    return ops.clip(x, 0.0, 1.0)


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
