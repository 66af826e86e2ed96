"""The live call's outputs flattened into one array in the compiled function (one
device-to-host transfer) and split on the host equal the outputs returned one by one,
exactly: on TensorFlow in this process, on JAX (TensorFlow blocked) in a subprocess.

``python -m tests.inference.test_compiled_call`` prints the comparison as JSON on the
backend ``KERAS_BACKEND`` names."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import PROJECT


def _model():
    import keras

    keras.utils.set_random_seed(3)
    inp = keras.Input((28, 28, 1), name="image")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv1")(inp)
    x = keras.layers.BatchNormalization(name="bn")(x)  # non-trainable weights travel too
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.Conv2D(6, 3, padding="same", name="conv2")(x)
    x = keras.layers.Flatten(name="flat")(x)
    d = keras.layers.Dense(7, activation="relu", name="dense")(x)
    out = keras.layers.Dense(10, activation="softmax", name="out")(d)
    model = keras.Model(inp, out)
    bn = model.get_layer("bn")  # moving statistics that are not 0/1, so they matter
    bn.moving_mean.assign(np.linspace(-0.2, 0.3, 4).astype(np.float32))
    bn.moving_variance.assign(np.linspace(0.5, 2.0, 4).astype(np.float32))
    multi = keras.Model(inp, [model.get_layer(n).output for n in ("conv1", "bn", "pool", "conv2", "dense")]
                        + [model.get_layer("conv2").input, out])
    return multi


def compare() -> dict:
    """Flattened vs one-by-one outputs of the same compiled model, one image and a batch,
    before and after a weight edit."""
    import keras

    from cnnviz.inference.compiled_call import compile_call

    multi = _model()
    backend = keras.backend.backend()
    flat = compile_call(multi, (None, 28, 28, 1), backend, flat=True)
    each = compile_call(multi, (None, 28, 28, 1), backend, flat=False)
    auto = compile_call(multi, (None, 28, 28, 1), backend)  # on this CPU-only machine
    rng = np.random.default_rng(0)
    result = {"backend": backend, "cases": [], "auto_flat": bool(getattr(auto, "flat", hasattr(auto, "split"))),
              "auto_platform": getattr(getattr(auto, "target", None), "platform", None)}

    def case(name: str, x: np.ndarray) -> None:
        a, b = flat(x), each(x)
        result["cases"].append({
            "name": name, "outputs": [len(a), len(b)],
            "shapes_equal": [tuple(p.shape) for p in a] == [tuple(q.shape) for q in b],
            "exactly_equal": all(np.array_equal(p, np.asarray(q, np.float32)) for p, q in zip(a, b)),
            "shapes": [list(p.shape) for p in a], "one_buffer": _one_buffer(a)})

    case("one image", rng.random((1, 28, 28, 1), dtype=np.float32))
    case("batch of 3", rng.random((3, 28, 28, 1), dtype=np.float32))
    x = rng.random((1, 28, 28, 1), dtype=np.float32)
    before = flat(x)[0].copy()
    placed = None
    if backend == "jax":  # the path that puts weights and input on the live device (a CPU beside a GPU)
        from cnnviz.inference.compiled_call import JaxCall

        placed = JaxCall(multi, flat=True)
        placed.place = True
        result["placed_before"] = bool(np.array_equal(placed(x)[0], before))
    conv = multi.get_layer("conv1")
    conv.kernel.assign(np.asarray(keras.ops.convert_to_numpy(conv.kernel)) * -1.5)
    case("edited weights", x)
    after = flat(x)[0]
    result["edit_seen"] = not np.array_equal(after, before)
    if placed is not None:  # the placed copy of the weights follows the edit
        result["placed_after"] = bool(np.array_equal(placed(x)[0], after))
    return result


def _one_buffer(arrays: list[np.ndarray]) -> bool:
    """True when every array is a view into one shared buffer (one transfer)."""
    bases = {id(a.base if a.base is not None else a) for a in arrays}
    return len(bases) == 1


def _check(result: dict) -> None:
    assert len(result["cases"]) == 3
    for c in result["cases"]:
        assert c["outputs"] == [7, 7] and c["shapes_equal"], c
        assert c["exactly_equal"], c
    n1, n3 = result["cases"][0]["shapes"], result["cases"][1]["shapes"]
    assert n1[0] == [1, 26, 26, 4] and n1[2] == [1, 13, 13, 4] and n1[4] == [1, 7] and n1[-1] == [1, 10]
    assert [s[0] for s in n3] == [3] * 7
    assert result["edit_seen"]  # the flattened call reads the edited weights


def test_tensorflow_flattened_outputs_equal_the_outputs_one_by_one():
    pytest.importorskip("tensorflow")
    import keras

    if keras.backend.backend() != "tensorflow":
        pytest.skip("this process runs another Keras backend")
    result = compare()
    _check(result)
    assert all(c["one_buffer"] for c in result["cases"])
    assert result["auto_flat"]  # TensorFlow flattens on the CPU too


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="JAX is not installed (pip install -e '.[jax]')")
def test_jax_flattened_outputs_equal_the_outputs_one_by_one():
    env = {**os.environ, "KERAS_BACKEND": "jax", "PYTHONPATH": str(PROJECT), "PYTHONIOENCODING": "utf-8"}
    env.pop("CNNVIZ_DEVICE", None)
    proc = subprocess.run([sys.executable, str(PROJECT / "tests" / "no_tensorflow.py"), "--module",
                           "tests.inference.test_compiled_call"], env=env, capture_output=True, text=True,
                          timeout=300, cwd=PROJECT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["backend"] == "jax"
    _check(result)
    assert all(c["one_buffer"] for c in result["cases"])
    # On a CPU the outputs are host memory already: one by one saves the concatenation.
    assert result["auto_flat"] is False
    assert result["auto_platform"] == "cpu"  # the live path's device (cnnviz.inference.devices)
    assert result["placed_before"] and result["placed_after"]


if __name__ == "__main__":
    print(json.dumps(compare()))
