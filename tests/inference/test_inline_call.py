"""The per-stroke network call run in the calling thread (a frozen TensorFlow session):
the same numbers as the function call, used only while the weights are the model's own."""
from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.inference import inline_session  # noqa: E402
from cnnviz.inference.activations import ActivationExtractor  # noqa: E402

from .test_activations import digit, small_cnn  # noqa: E402

pytestmark = pytest.mark.skipif(keras.backend.backend() != "tensorflow",
                                reason="the inline call is TensorFlow's (other backends keep their own)")


def assert_same(a: list[np.ndarray], b: list[np.ndarray], atol: float = 1e-4) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-3, atol=atol)


def test_inline_call_gives_the_function_calls_results():
    ex = ActivationExtractor(small_cnn(seed=3))
    x = digit(1)
    by_function = ex(x)
    assert ex.call_path == "function"
    assert ex.build_inline_call() == ""
    assert ex.call_path == "inline session"
    assert_same(ex(x), by_function)
    batch = np.stack([digit(s) for s in range(5)])
    inline_batch = ex(batch)
    assert inline_batch[0].shape[0] == 5
    ex._inline = None  # the function call again, for comparison
    assert_same(inline_batch, ex(batch))


def test_an_edited_weight_is_used_at_once_and_a_reset_returns_to_the_inline_call():
    ex = ActivationExtractor(small_cnn(seed=4))
    x = digit(2)
    assert ex.build_inline_call() == ""
    before = ex(x)
    ex.zero_filter("conv1", 1)
    assert ex.call_path == "function"  # the frozen weights are out of date
    after = ex(x)
    assert np.all(after[0][:, :, 1] == 0) and not np.all(before[0][:, :, 1] == 0)
    ex.set_kernel_value("conv2", (0, 0, 0, 0), 3.0)
    assert ex.call_path == "function"
    ex.reset_weights()
    assert ex.call_path == "inline session"
    assert_same(ex(x), before)


def test_large_models_keep_the_function_call(monkeypatch):
    monkeypatch.setattr(inline_session, "MAX_FROZEN_WEIGHTS", 100)
    ex = ActivationExtractor(small_cnn(seed=5))
    note = ex.build_inline_call()
    assert "weights" in note and ex.call_path == "function"
    assert len(ex(digit())) == len(ex.layers) + 1


def test_a_frozen_graph_whose_results_differ_is_refused():
    """The check against the function call is real: a run that computes something else
    (here, off by a tenth) is refused; the true run passes."""
    ex = ActivationExtractor(small_cnn(seed=6))
    concrete = ex._flat.concrete
    spec = concrete.inputs[0]  # the input placeholder (batch, 28, 28, 1)
    run = inline_session.inline_session(concrete, 10)
    inline_session._check(run, concrete, spec)
    with pytest.raises(inline_session.InlineSessionError, match="differ"):
        inline_session._check(lambda x: run(x) + np.float32(0.1), concrete, spec)


def test_the_inline_call_goes_straight_to_tensorflow_not_through_session_run(monkeypatch):
    """Per stroke, the session's callable handle runs the graph: ``Session.run``'s Python
    (feed and fetch handling) is not on the path. Without the handle the public
    ``make_callable`` (which calls ``Session.run``) still gives the same results."""
    import tensorflow as tf

    ex = ActivationExtractor(small_cnn(seed=7))
    x = digit(4)
    want = ex(x)
    assert ex.build_inline_call() == ""
    calls = []
    real_run = tf.compat.v1.Session.run
    monkeypatch.setattr(tf.compat.v1.Session, "run",
                        lambda self, *a, **k: calls.append(1) or real_run(self, *a, **k))
    assert_same(ex(x), want)
    assert calls == []

    from tensorflow.python.client.session import BaseSession

    monkeypatch.delattr(BaseSession, "_make_callable_from_options")
    ex._inline = None
    assert ex.build_inline_call() == ""
    assert ex.call_path == "inline session"
    assert_same(ex(x), want)
    assert calls  # the fallback runs through Session.run
