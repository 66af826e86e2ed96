"""The gradient of a scalar objective with respect to a Keras model's input, on any backend.

This is the one place that knows how each Keras backend differentiates:

* TensorFlow: ``tf.GradientTape`` inside one traced ``tf.function`` (the forward pass, the
  tape and the gradient in one graph call);
* JAX: ``jax.jit(jax.value_and_grad(...))`` over ``model.stateless_call`` (the current
  weights are passed on every call, so nothing is baked into the trace);
* PyTorch: autograd on an input tensor that requires a gradient.

:func:`input_gradient` takes a model (any ``keras.Model`` whose single input is the tensor
to differentiate against: the whole network for feature visualisation, or the layers after
a chosen one for Grad-CAM) and an ``objective(outputs, aux)`` written with ``keras.ops``
that returns one value per sample. It returns ``f(x, aux) → (values, grad)``: the
per-sample values ``(N,)`` and ``∂ Σ values / ∂x`` with the shape of ``x``, as NumPy.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

Objective = Callable[[object, object], object]
GradientFn = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class GradientError(RuntimeError):
    """The active Keras backend cannot differentiate the model (the message says why)."""


def input_gradient(model, objective: Objective, *, backend: str | None = None) -> GradientFn:
    """``f(x, aux) → (values (N,), ∂Σvalues/∂x)`` for ``values = objective(model(x), aux)``.

    ``x`` is float32 with the model's input shape (batch first); ``aux`` is any float32
    array the objective needs (for example a one-hot channel mask), batch first as well.
    """
    import keras

    name = backend or keras.backend.backend()
    if name == "tensorflow":
        return _tensorflow(model, objective)
    if name == "jax":
        return _jax(model, objective)
    if name == "torch":
        return _torch(model, objective)
    raise GradientError(f"gradients are not available on the {name} backend (use tensorflow, jax or torch)")


def _tensorflow(model, objective: Objective) -> GradientFn:
    import tensorflow as tf

    state: dict[tuple, Callable] = {}

    def compiled(x_shape: tuple, aux_shape: tuple) -> Callable:
        key = (x_shape[1:], aux_shape[1:])
        if key not in state:
            spec = [tf.TensorSpec((None,) + tuple(x_shape[1:]), tf.float32),
                    tf.TensorSpec((None,) + tuple(aux_shape[1:]), tf.float32)]

            @tf.function(input_signature=spec, autograph=False, reduce_retracing=True)
            def run(x, aux):
                with tf.GradientTape() as tape:
                    tape.watch(x)
                    values = tf.cast(objective(model(x, training=False), aux), tf.float32)
                    total = tf.reduce_sum(values)
                grad = tape.gradient(total, x)
                if grad is None:  # the objective does not depend on the input
                    grad = tf.zeros_like(x)
                return values, grad

            state[key] = run
        return state[key]

    def f(x: np.ndarray, aux: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = np.ascontiguousarray(x, np.float32)
        aux = np.ascontiguousarray(aux, np.float32)
        values, grad = compiled(x.shape, aux.shape)(tf.convert_to_tensor(x), tf.convert_to_tensor(aux))
        return values.numpy(), grad.numpy()

    return f


def _jax(model, objective: Objective) -> GradientFn:
    import jax
    import jax.numpy as jnp

    def total(x, aux, tv, ntv):
        outputs, _ = model.stateless_call(tv, ntv, x, training=False)
        values = jnp.asarray(objective(outputs, aux), jnp.float32)
        return jnp.sum(values), values

    step = jax.jit(jax.value_and_grad(total, has_aux=True))

    def f(x: np.ndarray, aux: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        tv = [v.value for v in model.trainable_variables]
        ntv = [v.value for v in model.non_trainable_variables]
        (_, values), grad = step(jnp.asarray(x, jnp.float32), jnp.asarray(aux, jnp.float32), tv, ntv)
        return np.asarray(values), np.asarray(grad)

    return f


def _torch(model, objective: Objective) -> GradientFn:
    import torch
    from keras import ops

    def f(x: np.ndarray, aux: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = ops.convert_to_tensor(np.asarray(x, np.float32))
        t = t.detach().requires_grad_(True)
        values = objective(model(t, training=False), ops.convert_to_tensor(np.asarray(aux, np.float32)))
        values.sum().backward()
        grad = t.grad if t.grad is not None else torch.zeros_like(t)
        return values.detach().cpu().numpy().astype(np.float32), grad.detach().cpu().numpy()

    return f
