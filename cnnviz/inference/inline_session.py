"""The live view's network call run in the calling thread (TensorFlow, CPU).

A TensorFlow 2 function call hands its graph to TensorFlow's inter-op thread and waits
for it: two thread wake-ups per call. On a 2-core laptop CPU that hand-over is a good part
of the ~1.5–2 ms a pen movement's call takes when the threads have been idle between
movements. A TensorFlow session configured with ``inter_op_parallelism_threads=-1`` runs
every operation in the thread that calls it instead; with the weights frozen into the
graph as constants, the same computation took ~1.6 ms instead of ~2.0 ms after an idle
pause (400 alternating calls). The session releases the GIL while it runs.

Only the weights as they are now are frozen in: the caller uses this path while the
weights are unchanged and falls back to the TensorFlow function (which reads the
variables) once they are edited. The result is checked against the function's on a
probe batch before it is used.
"""
from __future__ import annotations

import gc
import sys
from typing import Callable

import numpy as np

MAX_FROZEN_WEIGHTS = 4_000_000
"""Larger models keep the TensorFlow function: their arithmetic outweighs the hand-over,
and freezing would copy every weight (a VGG16 has 138 million)."""


class InlineSessionError(RuntimeError):
    """This function cannot be run inline (the message says why)."""


def inline_session(concrete, n_weights: int) -> Callable[[np.ndarray], np.ndarray]:
    """``run(x)`` computing ``concrete(x)`` (one input, one output tensor) in the calling
    thread, the variables frozen at their current values. Raises
    :class:`InlineSessionError` when that is not possible or not worth it: a GPU is
    visible, the model is large, the graph cannot be frozen, or the results differ."""
    import tensorflow as tf

    if n_weights > MAX_FROZEN_WEIGHTS:
        raise InlineSessionError(f"{n_weights:,} weights: the function call is kept")
    if tf.config.list_physical_devices("GPU"):
        raise InlineSessionError("a GPU computes: the function call is kept")
    if len(concrete.inputs) - len(concrete.captured_inputs) != 1 or len(concrete.outputs) != 1:
        raise InlineSessionError("the function must take one tensor and return one")
    run, x_in = _frozen_session(concrete)
    _check(run, concrete, x_in)
    _return_freed_memory()  # after _frozen_session's intermediate graphs are gone
    return run


def _frozen_session(concrete):
    """``(run, input placeholder)`` of a session over ``concrete``'s graph with the
    variables frozen in as constants, every operation run in the calling thread."""
    import tensorflow as tf

    try:
        from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

        frozen = convert_variables_to_constants_v2(concrete)
        graph = tf.Graph()
        with graph.as_default():
            tf.graph_util.import_graph_def(frozen.graph.as_graph_def(), name="")
        x_in = graph.get_tensor_by_name(frozen.inputs[0].name)
        y_out = graph.get_tensor_by_name(frozen.outputs[0].name)
        config = tf.compat.v1.ConfigProto(inter_op_parallelism_threads=-1)
        session = tf.compat.v1.Session(graph=graph, config=config)
        return _session_callable(session, x_in, y_out), x_in
    except Exception as exc:  # noqa: BLE001 - any TensorFlow change: keep the function call
        raise InlineSessionError(f"cannot freeze the graph: {type(exc).__name__}: {exc}") from exc


def _session_callable(session, x_in, y_out) -> Callable[[np.ndarray], np.ndarray]:
    """``run(x)`` feeding ``x_in`` and fetching ``y_out``. The session's callable handle
    (``Session::MakeCallable``, what the Keras 2 backend ran on) goes straight to
    TensorFlow; ``Session.make_callable`` with a feed list goes through ``Session.run``'s
    Python (~350 Python calls per call): 0.83–0.93 ms instead of 1.43–1.49 ms per call
    after an idle pause of 3 ms, 0.25–0.37 instead of 0.46–0.59 ms back to back. The
    handle is a private API: without it, ``make_callable`` is used."""
    try:
        from tensorflow.core.protobuf import config_pb2

        handle = session._make_callable_from_options(  # noqa: SLF001
            config_pb2.CallableOptions(feed=[x_in.name], fetch=[y_out.name]))
    except Exception:  # noqa: BLE001 - another TensorFlow: the public, slower call
        return session.make_callable(y_out, [x_in])
    return lambda x: handle(x)[0]


def _check(run, concrete, x_in) -> None:
    """The frozen graph gives the function's results (up to float rounding of operations
    TensorFlow fuses when it optimises a frozen graph) on a random probe batch."""
    import tensorflow as tf

    shape = [2] + [int(d) for d in x_in.shape[1:]]
    probe = np.random.default_rng(0).random(shape, dtype=np.float32)
    try:
        want = concrete(tf.constant(probe)).numpy()
        got = run(probe)
    except Exception as exc:  # noqa: BLE001
        raise InlineSessionError(f"the frozen graph does not run: {type(exc).__name__}: {exc}") from exc
    scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-3, atol=1e-4 * scale):
        raise InlineSessionError("the frozen graph's results differ from the function's")


def _return_freed_memory() -> None:
    """Freezing and the session's first run free ~30 MB of C++ heap that glibc keeps for
    reuse: hand it back to the system. Linux with glibc only; elsewhere nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    gc.collect(1)  # the intermediate graphs sit in reference cycles (young ones: quick to walk)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): nothing to do
        pass
