"""Keep Python's cyclic garbage collector from freezing the window during heavy Keras work.

Importing TensorFlow, loading a model or tracing a compiled function creates a few
hundred thousand long-lived Python objects. Each time the collector decides to do a full
(generation 2) collection it walks every one of them — 0.2–0.7 s on a laptop CPU — and
it does so holding the GIL, in whatever thread happened to allocate: the UI thread
cannot run for that long even though the work itself is in a worker thread.

:func:`collector_paused` turns the collector off for the duration of such work and then
``gc.freeze()``-s everything that survived: those objects move to the permanent
generation, which later collections never walk, so full collections stay cheap for the
rest of the session. Nested and concurrent uses (several worker threads) are counted;
the collector comes back on when the last one ends. Garbage cycles made during the work
are frozen too (a few MB at most, once per model).
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True


def pause_collector() -> Callable[[], None]:
    """Pause the collector now; returns ``resume()`` (idempotent: call it as soon as the
    heavy part is over, e.g. after a training's first batch, and again in ``finally``)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    resumed = False

    def resume() -> None:
        global _depth
        nonlocal resumed
        with _lock:
            if resumed:
                return
            resumed = True
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()

    return resume


@contextmanager
def collector_paused() -> Iterator[None]:
    resume = pause_collector()
    try:
        yield
    finally:
        resume()
