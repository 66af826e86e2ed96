"""Where Keras computes: the ``--device`` choice, the GPUs each backend sees, and the rule
that puts each kind of work on the CPU or the GPU. No Qt; Keras is imported only by the
functions that ask a backend.

The rule (``--device auto``, the default), from measurements on a lent H200 with the JAX
backend (issue 15; see docs/backends.md):

* **Batch work** — evaluation, training, the test-set browser, Grad-CAM over a gallery —
  runs on the GPU when the backend sees one: the bundled model evaluated 342,000 images/s
  there against 63,000 on the same machine's 16 CPU cores.
* **The live single-image path** — one 28×28 image per pen movement, every layer's
  output read back — runs on the CPU: 0.89 ms median there against 3.2 ms on the GPU,
  where each layer's output is a separate device-to-host copy that costs more than the
  arithmetic. The live path should read all layers back as one flattened array (one
  transfer); even then a GPU launch costs about as much as the CPU's whole call.

``--device cpu`` hides every GPU from the process (and the training process it starts);
``--device gpu`` puts both paths on the GPU and is an error when there is none.
"""
from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from typing import Mapping, MutableMapping

CHOICES = ("auto", "cpu", "gpu")
VARIABLE = "CNNVIZ_DEVICE"
PATHS = ("live", "batch")


class DeviceError(RuntimeError):
    """The device asked for is not there (e.g. ``--device gpu`` without a GPU)."""


def apply_device_choice(choice: str | None, environ: MutableMapping[str, str] | None = None) -> str:
    """Record ``choice`` for this process and its children; call it before Keras loads.

    ``cpu`` also hides the GPUs from every backend (``CUDA_VISIBLE_DEVICES`` for
    TensorFlow and PyTorch, ``JAX_PLATFORMS`` for JAX). Returns the choice in effect."""
    env = os.environ if environ is None else environ
    if choice is None:
        return device_choice(env)
    if choice not in CHOICES:
        raise DeviceError(f"unknown device {choice!r} (use {', '.join(CHOICES)})")
    env[VARIABLE] = choice
    if choice == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
        env["JAX_PLATFORMS"] = "cpu"
    return choice


def device_choice(environ: MutableMapping[str, str] | None = None) -> str:
    """The choice in effect: ``auto`` unless :func:`apply_device_choice` (or the user's
    ``CNNVIZ_DEVICE``) said otherwise; an unknown value counts as ``auto``."""
    env = os.environ if environ is None else environ
    value = env.get(VARIABLE, "auto").strip().lower()
    return value if value in CHOICES else "auto"


def backend_name() -> str:
    import keras

    return keras.backend.backend()


@lru_cache(maxsize=1)
def gpu_names() -> tuple[str, ...]:
    """The names of the GPUs the active backend sees (empty on a CPU-only machine)."""
    backend = backend_name()
    try:
        if backend == "tensorflow":
            import tensorflow as tf

            names = []
            for g in tf.config.list_physical_devices("GPU"):
                details = tf.config.experimental.get_device_details(g) or {}
                names.append(details.get("device_name") or g.name)
            return tuple(names)
        if backend == "jax":
            import jax

            return tuple(getattr(d, "device_kind", None) or str(d) for d in jax.devices() if d.platform != "cpu")
        if backend == "torch":
            import torch

            if torch.cuda.is_available():
                return tuple(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
    except Exception:  # noqa: BLE001 - a broken driver still leaves the CPU
        pass
    return ()


def cpu_description() -> str:
    n = os.cpu_count() or 1
    return f"CPU ({n} core{'s' if n != 1 else ''})"


def gpu_description(names: tuple[str, ...] | None = None) -> str:
    names = gpu_names() if names is None else names
    if not names:
        return ""
    return names[0] + (f" (+{len(names) - 1} more)" if len(names) > 1 else "")


def check_device_choice() -> None:
    """Raise :class:`DeviceError` when ``--device gpu`` was asked for and there is no GPU."""
    if device_choice() == "gpu" and not gpu_names():
        raise DeviceError(f"--device gpu: the {backend_name()} backend sees no GPU on this machine "
                          "(use --device cpu or auto)")


def path_device(path: str, *, choice: str | None = None, gpus: int | None = None) -> str:
    """``"cpu"`` or ``"gpu"``: where the ``live`` or ``batch`` path runs (the module's rule)."""
    if path not in PATHS:
        raise ValueError(f"unknown path {path!r} (expected one of {PATHS})")
    choice = device_choice() if choice is None else choice
    gpus = len(gpu_names()) if gpus is None else gpus
    if choice == "cpu" or gpus == 0:
        return "cpu"
    if choice == "gpu":
        return "gpu"
    return "cpu" if path == "live" else "gpu"


def device_scope(path: str):
    """A context manager placing new tensors and variables (e.g. a model being loaded)
    where :func:`path_device` says ``path`` runs (``keras.device``: any backend)."""
    if not gpu_names():
        return contextlib.nullcontext()
    import keras

    return keras.device("gpu:0" if path_device(path) == "gpu" else "cpu:0")


def path_description(path: str) -> str:
    return gpu_description() if path_device(path) == "gpu" else cpu_description()


def path_descriptions() -> dict[str, str]:
    """``{"live": …, "batch": …}``: each path's device, e.g. ``"CPU (2 cores)"`` or a GPU's name."""
    return {path: path_description(path) for path in PATHS}


STATUS_WORDS: dict[str, str] = {"live": "live: {0}", "batch": "batch: {0}", "cores": "CPU ({0} cores)",
                                "one core": "CPU (1 core)", "cpu": "CPU"}
"""The words of :func:`status_text` (the app passes translated ones)."""


def status_text(words: Mapping[str, str] | None = None) -> str:
    """``Keras 3.15.1 · jax · live: CPU · batch: CPU (2 cores)``: the backend and where
    each path runs; the core count goes with the last CPU named, e.g.
    ``live: CPU (16 cores) · batch: NVIDIA H200``. ``words`` replaces entries of
    :data:`STATUS_WORDS` (translations)."""
    import keras

    w = {**STATUS_WORDS, **(words or {})}
    where = {path: path_device(path) for path in PATHS}
    n = os.cpu_count() or 1
    last_cpu = max((i for i, path in enumerate(PATHS) if where[path] == "cpu"), default=-1)
    parts = []
    for i, path in enumerate(PATHS):
        if where[path] == "gpu":
            name = gpu_description()
        elif i == last_cpu:
            name = w["one core"] if n == 1 else w["cores"].format(n)
        else:
            name = w["cpu"]
        parts.append(w[path].format(name))
    return " · ".join([f"Keras {keras.__version__}", backend_name(), *parts])
