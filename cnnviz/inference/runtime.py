"""Which Keras backend computes, and on which device (for the status bar), and the
TensorFlow and Python settings of the interactive app's process."""
from __future__ import annotations

import os
import platform
import sys
from functools import lru_cache


LIVE_THREAD_SETTINGS = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
"""TensorFlow settings of the app's process (read by TensorFlow when it starts).

The live view runs one 28×28 image per pen movement: each operation is far too small to
split across cores, and waking pool threads for each operation costs more than the
arithmetic; the graph is a chain, so a second inter-op thread has nothing to run in
parallel (measurements: docs/performance.md). Training runs in its own process with
TensorFlow's defaults."""


def use_live_thread_settings(environ: dict | None = None) -> None:
    """Apply :data:`LIVE_THREAD_SETTINGS` unless the user set them (before TensorFlow
    starts; no effect afterwards)."""
    env = os.environ if environ is None else environ
    for key, value in LIVE_THREAD_SETTINGS.items():
        env.setdefault(key, value)


RESPONSIVE_SWITCH_INTERVAL_S = 0.001
"""Python's GIL switch interval in the app's process (CPython's default: 5 ms).

While a worker thread runs Python — importing TensorFlow, tracing a model, unpickling a
file — the UI thread gets the GIL only when the worker is made to hand it over, every
switch interval, and a repaint that crosses between Python and Qt a dozen times waits a
dozen intervals (measurements: docs/performance.md)."""


def use_responsive_switch_interval() -> None:
    """Apply :data:`RESPONSIVE_SWITCH_INTERVAL_S` (only ever shortens the interval)."""
    if sys.getswitchinterval() > RESPONSIVE_SWITCH_INTERVAL_S:
        sys.setswitchinterval(RESPONSIVE_SWITCH_INTERVAL_S)


def use_live_settings() -> None:
    """Everything the interactive app's process sets up before TensorFlow starts."""
    use_live_thread_settings()
    use_responsive_switch_interval()


def backend_name() -> str:
    """The active Keras backend ("tensorflow", "jax", "torch"), importing Keras."""
    import keras

    return keras.backend.backend()


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def cpu_description() -> str:
    n = os.cpu_count() or 1
    return f"CPU ({n} core{'s' if n != 1 else ''})"


@lru_cache(maxsize=1)
def device_name() -> str:
    """A short name of the device Keras computes on: the GPU's name, or "CPU (N cores)"."""
    backend = backend_name()
    try:
        if backend == "tensorflow":
            import tensorflow as tf

            gpus = tf.config.list_physical_devices("GPU")
            if gpus:
                details = tf.config.experimental.get_device_details(gpus[0]) or {}
                name = details.get("device_name") or gpus[0].name
                return name + (f" (+{len(gpus) - 1} more)" if len(gpus) > 1 else "")
        elif backend == "jax":
            import jax

            devs = jax.devices()
            if devs and devs[0].platform != "cpu":
                name = getattr(devs[0], "device_kind", None) or str(devs[0])
                return name + (f" (+{len(devs) - 1} more)" if len(devs) > 1 else "")
        elif backend == "torch":
            import torch

            if torch.cuda.is_available():
                n = torch.cuda.device_count()
                return torch.cuda.get_device_name(0) + (f" (+{n - 1} more)" if n > 1 else "")
    except Exception:  # noqa: BLE001 - a broken driver still leaves the CPU
        pass
    return cpu_description()


def status_text() -> str:
    """E.g. ``Keras 3.15.1 · tensorflow · CPU (2 cores)``."""
    import keras

    return f"Keras {keras.__version__} · {backend_name()} · {device_name()}"
