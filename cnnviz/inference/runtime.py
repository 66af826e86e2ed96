"""Which Keras backend computes, and on which device (for the status bar), and the
TensorFlow and Python settings of the interactive app's process."""
from __future__ import annotations

import os
import sys


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
    from cnnviz.inference.devices import backend_name as name

    return name()


def cpu_description() -> str:
    from cnnviz.inference.devices import cpu_description as describe

    return describe()


def device_name() -> str:
    """A short name of the device batch work runs on: the GPU's name, or "CPU (N cores)"
    (:mod:`cnnviz.inference.devices`; no TensorFlow import on the other backends)."""
    from cnnviz.inference.devices import path_description

    return path_description("batch")


def status_text(words: dict | None = None) -> str:
    """E.g. ``Keras 3.15.1 · jax · live: CPU · batch: CPU (2 cores)``: the backend and
    the device of the live and the batch path (:func:`cnnviz.inference.devices.status_text`;
    ``words``: its translated words)."""
    from cnnviz.inference.devices import status_text as text

    return text(words)
