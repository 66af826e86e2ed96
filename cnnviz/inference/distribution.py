"""Training on several GPUs: ``tf.distribute`` on TensorFlow, ``keras.distribution`` on JAX.

* TensorFlow: ``MirroredStrategy`` over all GPUs when TensorFlow sees more than one, the
  default strategy (the one GPU, or the CPU) otherwise (as before issue 15).
* JAX: ``keras.distribution.DataParallel`` over all GPUs when JAX sees more than one:
  every device holds the weights, each batch is split between them. Its global batch
  must divide by the device count: :func:`shard_friendly` rounds the batch size up and
  drops the last few samples (fewer than the device count) of each split.
* PyTorch, and one device anywhere: nothing to set up.

Any object with a ``scope()`` context manager can be passed to ``train(strategy=...)``:
a ``tf.distribute`` strategy, or a ``keras.distribution.Distribution``.
"""
from __future__ import annotations

import contextlib


def choose_strategy():
    """The distribution for this machine and backend, or None for one device."""
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        if len(tf.config.list_logical_devices("GPU")) > 1:
            return tf.distribute.MirroredStrategy()
        return tf.distribute.get_strategy()
    if backend == "jax":
        try:
            gpus = keras.distribution.list_devices("gpu")
        except RuntimeError:   # JAX has no GPU platform here
            gpus = []
        if len(gpus) > 1:
            return keras.distribution.DataParallel(devices=gpus)
    return None


def strategy_scope(strategy):
    """``strategy.scope()``, or a no-op for None."""
    return strategy.scope() if strategy is not None else contextlib.nullcontext()


def replicas(strategy) -> int:
    """How many devices share each batch under ``strategy`` (1 for None)."""
    n = getattr(strategy, "num_replicas_in_sync", None)      # tf.distribute
    if n is None:
        mesh = getattr(strategy, "device_mesh", None)         # keras.distribution
        n = len(getattr(mesh, "devices", None).reshape(-1)) if mesh is not None else 1
    return max(1, int(n))


def shard_friendly(batch_size: int, n_train: int, n_val: int, devices: int) -> tuple[int, int, int]:
    """(batch size, training samples, validation samples) that split evenly over
    ``devices`` in every batch, the last one included (``DataParallel`` needs that)."""
    if devices <= 1:
        return batch_size, n_train, n_val
    batch = -(-batch_size // devices) * devices
    return batch, n_train - n_train % devices, n_val - n_val % devices
