"""The inference worker: newest request wins, results reach the UI thread as NumPy."""
from __future__ import annotations

import threading

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.app.inference_worker import InferenceResult, InferenceWorker, InputRequest  # noqa: E402


def tiny():
    keras.utils.set_random_seed(0)  # the same weights every run
    inp = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(2, 3, activation="relu", name="c")(inp)
    out = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
    return keras.Model(inp, out)


def test_requests_coalesce_and_the_newest_wins(qtbot):
    worker = InferenceWorker()
    try:
        infos = []
        worker.model_ready.connect(infos.append)
        worker.set_model(tiny(), [], "tiny")
        qtbot.waitUntil(lambda: bool(infos), timeout=60_000)
        assert [layer.name for layer in infos[0].layers][:1] == ["c"]
        computed = []
        original = worker._run

        def counting(seq, req):
            computed.append(seq)
            original(seq, req)

        worker._run = counting
        shown, threads = [], []
        worker.result_ready.connect(lambda r: (shown.append(r), threads.append(threading.current_thread())))
        inks = []
        for i in range(60):
            ink = np.zeros((280, 280), np.float32)
            ink[40:240, 20 + 3 * i:40 + 3 * i] = 1.0
            inks.append(ink)
            last = worker.request(InputRequest(ink=ink))
        qtbot.waitUntil(lambda: any(r is not None and r.seq == last for r in shown) and worker.is_idle(),
                        timeout=30_000)
        assert computed[-1] == last and len(computed) < 60, "stale requests were dropped"
        final = next(r for r in shown if r is not None and r.seq == last)
        assert final.model_input.shape == (28, 28, 1) and isinstance(final.maps[0], np.ndarray)
        assert final.probabilities.shape == (10,)
        # Results are delivered to the UI thread, carried by the signal; none is repeated.
        assert all(t is threading.main_thread() for t in threads)
        assert all(isinstance(r, InferenceResult) for r in shown)
        assert len({r.seq for r in shown}) == len(shown) and [r.seq for r in shown] == sorted(r.seq for r in shown)
    finally:
        worker.stop()


def test_a_model_it_cannot_show_is_reported_not_raised(qtbot):
    worker = InferenceWorker()
    try:
        messages = []
        worker.model_failed.connect(messages.append)
        a, b = keras.Input((4,)), keras.Input((4,))
        two = keras.Model([a, b], keras.layers.Dense(2)(keras.layers.Concatenate()([a, b])))
        worker.set_model(two, [], "two.keras")
        qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
        assert "two.keras" in messages[0] and "2 inputs" in messages[0]
        assert worker.info is None
    finally:
        worker.stop()


def test_input_prepared_for_another_model_is_prepared_again(qtbot):
    """The UI thread prepares canvas ink for the current model; if the model changed in
    between, the worker prepares it again for the new one (its input size)."""
    from dataclasses import replace

    from cnnviz.app.inference_worker import prepare_request
    from cnnviz.core.preprocess import preprocess_digit

    worker = InferenceWorker()
    try:
        infos = []
        worker.model_ready.connect(infos.append)
        worker.set_model(tiny(), [str(i) for i in range(10)], "tiny")
        qtbot.waitUntil(lambda: bool(infos), timeout=60_000)
        ink = np.zeros((280, 280), np.uint8)
        ink[40:240, 120:150] = 255
        req = InputRequest(ink=ink)
        prepared = prepare_request(req, infos[0])
        np.testing.assert_array_equal(prepared.x[:, :, 0], preprocess_digit(ink).image)
        inp = keras.Input((20, 20, 1))
        out = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(inp))
        worker.set_model(keras.Model(inp, out), [str(i) for i in range(10)], "small input")
        qtbot.waitUntil(lambda: len(infos) == 2, timeout=60_000)
        shown = []
        worker.result_ready.connect(shown.append)
        seq = worker.request(replace(req, prepared=prepared, prepared_for=infos[0].model_id))  # for the 28×28 model
        qtbot.waitUntil(lambda: any(r is not None and r.seq == seq for r in shown), timeout=30_000)
        result = next(r for r in shown if r is not None and r.seq == seq)
        assert result.model_input.shape == (20, 20, 1)
        np.testing.assert_array_equal(result.model_input[:, :, 0], preprocess_digit(ink, size=20).image)
    finally:
        worker.stop()


def test_results_stay_the_same_after_a_new_models_first_result_and_edits_show_at_once(qtbot):
    """The same ink gives the same result again once the model is settled, and a weight
    edit shows at once (the compiled call reads the weights as they are)."""
    worker = InferenceWorker()
    try:
        infos, shown = [], []
        worker.model_ready.connect(infos.append)
        worker.result_ready.connect(shown.append)
        worker.set_model(tiny(), [], "tiny")
        qtbot.waitUntil(lambda: bool(infos), timeout=60_000)
        ink = np.zeros((280, 280), np.uint8)
        ink[40:240, 120:150] = 255
        first = worker.request(InputRequest(ink=ink))
        qtbot.waitUntil(lambda: any(r is not None and r.seq == first for r in shown), timeout=30_000)
        qtbot.waitUntil(worker.is_idle, timeout=60_000)
        again = worker.request(InputRequest(ink=ink))
        qtbot.waitUntil(lambda: any(r is not None and r.seq == again for r in shown), timeout=30_000)
        before = next(r for r in shown if r is not None and r.seq == first)
        later = next(r for r in shown if r is not None and r.seq == again)
        np.testing.assert_allclose(later.probabilities, before.probabilities, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(later.maps[0], before.maps[0], rtol=1e-5, atol=1e-6)
        # A channel this ink lights up (random weights: some channels may be dead already).
        live = [c for c in range(later.maps[0].shape[-1]) if np.any(later.maps[0][:, :, c] != 0)]
        assert live, "the tiny model's first layer gives only zeros for this ink"
        worker.edit("zero", "c", live[0])  # the last input runs again, with the edited weights
        qtbot.waitUntil(lambda: shown[-1] is not None and shown[-1].seq > again and worker.is_idle(),
                        timeout=30_000)
        assert np.all(shown[-1].maps[0][:, :, live[0]] == 0)
    finally:
        worker.stop()


def test_a_busy_ui_thread_gets_only_the_newest_result(qtbot):
    """Back-pressure: results finished while the UI thread could not take them are not
    queued; the one ``result_ready`` that arrives carries the newest."""
    import time

    worker = InferenceWorker()
    try:
        infos = []
        worker.model_ready.connect(infos.append)
        worker.set_model(tiny(), [], "tiny")
        qtbot.waitUntil(lambda: bool(infos) and worker.is_idle(), timeout=60_000)
        shown = []
        worker.result_ready.connect(shown.append)
        seqs = []
        for i in range(3):  # the UI thread runs no events meanwhile (a long paint, say)
            ink = np.zeros((280, 280), np.uint8)
            ink[40:240, 60 + 40 * i:90 + 40 * i] = 255
            seqs.append(worker.request(InputRequest(ink=ink)))
            deadline = time.monotonic() + 30
            while not worker.is_idle() and time.monotonic() < deadline:
                time.sleep(0.01)
        assert shown == []
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        qtbot.wait(50)
        assert [r.seq for r in shown] == [seqs[-1]]
    finally:
        worker.stop()


def test_pictures_are_prepared_in_the_pixel_range_the_model_expects(qtbot):
    """A model that rescales its input itself takes 0…255: the worker finds that and the
    network gets the picture in that range (the result says what it saw)."""
    inp = keras.Input((8, 8, 3))
    x = keras.layers.Rescaling(1.0 / 255, name="scale")(inp)
    x = keras.layers.Conv2D(2, 3, name="c")(x)
    out = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    worker = InferenceWorker()
    try:
        infos, results = [], []
        worker.model_ready.connect(infos.append)
        worker.result_ready.connect(results.append)
        worker.set_model(keras.Model(inp, out), ["a", "b"], "raw")
        qtbot.waitUntil(lambda: bool(infos), timeout=60_000)
        assert infos[0].input_range == (0.0, 255.0)
        picture = np.zeros((16, 16, 3), np.uint8)
        picture[:, 8:] = 255
        seq = worker.request(InputRequest(image=picture))
        qtbot.waitUntil(lambda: any(r.seq == seq for r in results), timeout=30_000)
        x = next(r for r in results if r.seq == seq).model_input
        assert x.min() == 0.0 and x.max() == pytest.approx(255.0)
    finally:
        worker.stop()
