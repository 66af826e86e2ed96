"""The multi-output model compiled for the active Keras backend: one call per image.

:func:`compile_call` turns the extractor's multi-output ``keras.Model`` into a callable
``f(x) -> list of NumPy arrays`` (one per output), using public API only:

* TensorFlow: one concrete function with a fixed input signature (:class:`FlatCall`);
  when an output's size is known only per call, a ``tf.function`` with that signature;
* JAX: ``jax.jit`` over ``stateless_call`` (current weights are passed each call, so
  edited weights take effect without re-tracing);
* PyTorch: eager under ``torch.no_grad()``;
* any other backend: an eager call through ``keras.ops``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

Call = Callable[[np.ndarray], list]


class FlatCall:
    """The multi-output model as ONE concrete TensorFlow function returning every output
    flattened into one ``(N, total)`` float32 tensor, split again as NumPy views.

    One output tensor instead of ~15 saves the per-tensor hand-over on every stroke. No
    autograph: the functional graph has no Python control flow on tensors (and autograph
    leaves files in /tmp). The function reads the model's variables, so edited weights
    take effect at once."""

    def __init__(self, multi, spec, shapes: list[tuple[int, ...]]) -> None:
        import tensorflow as tf

        self._tf = tf
        self.shapes = shapes
        sizes = [int(np.prod(s)) for s in shapes]
        self._bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

        @tf.function(input_signature=[spec], autograph=False)
        def call(x):
            n = tf.shape(x)[0]
            return tf.concat([tf.reshape(tf.cast(o, tf.float32), [n, -1]) for o in multi(x, training=False)], axis=1)

        self.concrete = call.get_concrete_function()

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        n = flat.shape[0]
        b = self._bounds
        return [flat[:, p:q].reshape((n,) + s) for p, q, s in zip(b[:-1], b[1:], self.shapes)]

    def __call__(self, x: np.ndarray) -> list[np.ndarray]:
        return self.split(self.concrete(self._tf.convert_to_tensor(x)).numpy())


def compile_call(multi, raw_input_shape: tuple, backend: str) -> Call:
    """``f(x)`` → every output of ``multi`` for the batch ``x``, as NumPy arrays."""
    if backend == "tensorflow":
        import tensorflow as tf

        spec = tf.TensorSpec((None,) + tuple(raw_input_shape[1:]), tf.float32)
        shapes = [tuple(o.shape[1:]) for o in multi.outputs]
        if any(d is None for s in shapes for d in s):  # sizes known only per call
            @tf.function(reduce_retracing=True, input_signature=[spec], autograph=False)
            def call(x):
                return multi(x, training=False)

            return lambda x: [t.numpy() for t in call(x)]
        return FlatCall(multi, spec, shapes)
    if backend == "jax":
        import jax

        @jax.jit
        def jitted(trainable, non_trainable, x):
            out, _ = multi.stateless_call(trainable, non_trainable, x, training=False)
            return out

        def run_jax(x):
            tv = [v.value for v in multi.trainable_variables]
            ntv = [v.value for v in multi.non_trainable_variables]
            return [np.asarray(o) for o in jitted(tv, ntv, x)]

        return run_jax
    if backend == "torch":
        import torch

        def run_torch(x):
            with torch.no_grad():
                out = multi(x, training=False)
            return [o.detach().cpu().numpy() for o in out]

        return run_torch
    import keras

    return lambda x: [keras.ops.convert_to_numpy(o) for o in multi(x, training=False)]
