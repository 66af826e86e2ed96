"""The multi-output model compiled for the active Keras backend: one call per image.

:func:`compile_call` turns the extractor's multi-output ``keras.Model`` into a callable
``f(x) -> list of NumPy arrays`` (one per output), using public API only. Every output is
flattened inside the compiled function into ONE ``(N, total)`` float32 array — one
device-to-host transfer per call instead of one per layer, which on a GPU costs more
than the arithmetic (issue 15) — and split again on the host as NumPy views
(:class:`Splitter`):

* TensorFlow: one concrete function with a fixed input signature (:class:`FlatCall`);
  when an output's size is known only per call, a ``tf.function`` with that signature
  returning the outputs one by one;
* JAX: ``jax.jit`` over ``stateless_call`` (current weights are passed each call, so
  edited weights take effect without re-tracing); the split follows the output shapes
  ``jax.eval_shape`` gives for each input shape;
* PyTorch: eager under ``torch.no_grad()``, concatenated on the device;
* any other backend: an eager call through ``keras.ops``.

``flat``: ``True`` flattens, ``False`` returns each output as its own array (the
reference the tests compare the flattened call with), ``None`` (the default) decides by
where the call runs. On TensorFlow it always flattens (as fast or faster on a CPU). On JAX
and PyTorch it flattens on a GPU only: on a CPU each output is already in host memory and
``np.asarray`` takes it without a copy, so the concatenation is pure extra work (JAX, the
bundled model, this 2-core CPU: 0.46 ms a call one by one, 0.57–0.62 ms flattened).

``device`` (``"cpu"`` or ``"gpu"``; default :func:`cnnviz.inference.devices.path_device`
of the ``live`` path) is where the call runs: on JAX the weights (cached until one is
edited) and the input are put on that device, so the model can stay where batch work
wants it; on TensorFlow the function is traced under ``tf.device``. PyTorch computes where
the model's weights are.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

Call = Callable[[np.ndarray], list]


class Splitter:
    """Splits an ``(N, total)`` array into ``(N, *shape)`` views, one per output shape."""

    def __init__(self, shapes: Sequence[tuple[int, ...]]) -> None:
        self.shapes = [tuple(int(d) for d in s) for s in shapes]
        sizes = [int(np.prod(s)) for s in self.shapes]
        self._bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

    @property
    def total(self) -> int:
        return int(self._bounds[-1])

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        n = flat.shape[0]
        b = self._bounds
        return [flat[:, p:q].reshape((n,) + s) for p, q, s in zip(b[:-1], b[1:], self.shapes)]


class FlatCall:
    """The multi-output model as ONE concrete TensorFlow function returning every output
    flattened into one ``(N, total)`` float32 tensor, split again as NumPy views.

    One output tensor instead of ~15 saves the per-tensor hand-over on every stroke. No
    autograph: the functional graph has no Python control flow on tensors (and autograph
    leaves files in /tmp). The function reads the model's variables, so edited weights
    take effect at once."""

    def __init__(self, multi, spec, shapes: list[tuple[int, ...]], where: str = "/CPU:0") -> None:
        import tensorflow as tf

        self._tf = tf
        self.shapes = shapes
        self._splitter = Splitter(shapes)

        @tf.function(input_signature=[spec], autograph=False)
        def call(x):
            with tf.device(where):
                return flat(x)

        def flat(x):
            n = tf.shape(x)[0]
            return tf.concat([tf.reshape(tf.cast(o, tf.float32), [n, -1]) for o in multi(x, training=False)], axis=1)

        self.concrete = call.get_concrete_function()

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return self._splitter.split(flat)

    def __call__(self, x: np.ndarray) -> list[np.ndarray]:
        return self.split(self.concrete(self._tf.convert_to_tensor(x)).numpy())


def compile_call(multi, raw_input_shape: tuple, backend: str, *, flat: bool | None = None,
                 device: str | None = None) -> Call:
    """``f(x)`` → every output of ``multi`` for the batch ``x``, as NumPy arrays."""
    if device is None and backend in ("tensorflow", "jax"):
        from cnnviz.inference.devices import path_device

        device = path_device("live")
    if backend == "tensorflow":
        return _tensorflow(multi, raw_input_shape, True if flat is None else flat, device)
    if backend == "jax":
        return JaxCall(multi, flat=flat, device=device)
    if backend == "torch":
        return _torch(multi, flat)
    import keras

    return lambda x: [keras.ops.convert_to_numpy(o) for o in multi(x, training=False)]


def _tensorflow(multi, raw_input_shape: tuple, flat: bool, device: str | None) -> Call:
    import tensorflow as tf

    spec = tf.TensorSpec((None,) + tuple(raw_input_shape[1:]), tf.float32)
    shapes = [tuple(o.shape[1:]) for o in multi.outputs]
    where = "/GPU:0" if device == "gpu" else "/CPU:0"
    if flat and not any(d is None for s in shapes for d in s):
        return FlatCall(multi, spec, shapes, where)

    @tf.function(reduce_retracing=True, input_signature=[spec], autograph=False)
    def call(x):  # sizes known only per call (or flat=False): one tensor per output
        with tf.device(where):
            return multi(x, training=False)

    return lambda x: [t.numpy() for t in call(x)]


class JaxCall:
    """``jax.jit`` over ``multi.stateless_call`` with the current weights as arguments,
    run on ``device``; with ``flat``, the compiled function returns one ``(N, total)``
    float32 array (``None``: flat on a GPU only)."""

    def __init__(self, multi, *, flat: bool | None = None, device: str | None = None) -> None:
        import jax
        import jax.numpy as jnp

        self._jax, self._multi = jax, multi
        self.target = _jax_device(jax, device)
        self.flat = (self.target.platform != "cpu") if flat is None else bool(flat)
        # Only a target other than JAX's default device (e.g. the CPU beside a GPU) needs
        # the weights and the input put there; on the default device they are there already.
        self.place = self.target != jax.devices()[0]
        self._splitters: dict[tuple, Splitter] = {}
        self._placed: tuple | None = None  # (source ids, weights on the target, the sources)

        def outputs(trainable, non_trainable, x):
            return multi.stateless_call(trainable, non_trainable, x, training=False)[0]

        def flattened(trainable, non_trainable, x):
            ys = outputs(trainable, non_trainable, x)
            return jnp.concatenate([jnp.reshape(y, (y.shape[0], -1)).astype(jnp.float32) for y in ys], axis=1)

        self._outputs = outputs
        self._jitted = jax.jit(flattened if self.flat else outputs)

    def _weights(self) -> tuple[list, list]:
        """The weights on the target device; copied again only after one was assigned
        (an assignment gives the variable a new array)."""
        tv = [v.value for v in self._multi.trainable_variables]
        ntv = [v.value for v in self._multi.non_trainable_variables]
        if not self.place:
            return tv, ntv
        key = tuple(map(id, tv)) + (None,) + tuple(map(id, ntv))
        if self._placed is None or self._placed[0] != key:
            put = self._jax.device_put
            # The source arrays stay referenced with the key, so their ids cannot be reused.
            self._placed = (key, (put(tv, self.target), put(ntv, self.target)), (tv, ntv))
        return self._placed[1]

    def _splitter(self, x, tv: list, ntv: list) -> Splitter:
        key = (x.shape, str(x.dtype))
        splitter = self._splitters.get(key)
        if splitter is None:  # once per input shape: the output shapes, without computing
            shapes = self._jax.eval_shape(self._outputs, tv, ntv, self._jax.ShapeDtypeStruct(x.shape, x.dtype))
            splitter = self._splitters[key] = Splitter([s.shape[1:] for s in shapes])
        return splitter

    def __call__(self, x: np.ndarray) -> list[np.ndarray]:
        tv, ntv = self._weights()
        xd = self._jax.device_put(x, self.target) if self.place else x
        if not self.flat:
            return [np.asarray(o) for o in self._jitted(tv, ntv, xd)]
        return self._splitter(xd, tv, ntv).split(np.asarray(self._jitted(tv, ntv, xd)))


def _jax_device(jax, device: str | None):
    """The JAX device for ``"cpu"``/``"gpu"`` (None or no such device: JAX's default)."""
    if device in ("cpu", "gpu"):
        try:
            found = jax.devices("cpu") if device == "cpu" else [d for d in jax.devices() if d.platform != "cpu"]
        except RuntimeError:  # that platform is not available
            found = []
        if found:
            return found[0]
    return jax.devices()[0]


def _torch(multi, flat: bool | None) -> Call:
    import torch

    def run_torch(x):
        with torch.no_grad():
            out = multi(x, training=False)
            if not (out[0].device.type != "cpu" if flat is None else flat):
                return [o.detach().cpu().numpy() for o in out]
            n = out[0].shape[0]
            splitter = Splitter([tuple(o.shape[1:]) for o in out])
            one = torch.cat([o.detach().reshape(n, -1).to(torch.float32) for o in out], dim=1)
        return splitter.split(one.cpu().numpy())

    return run_torch
