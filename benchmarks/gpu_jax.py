"""GPU figures for Keras's JAX backend with cnnviz's own code (issue 15), in ≤ 5 minutes.

    KERAS_BACKEND=jax python benchmarks/gpu_jax.py --data ../shared/datasets/mnist --out gpu_jax.json

Measures, on the first GPU JAX sees (and on the CPU for comparison):

1. evaluation: the bundled digit model over the 10,000 test images
   (``cnnviz.inference.evaluation.evaluate``): accuracy and images/s, GPU and CPU;
2. training: seconds per epoch of the textbook CNN and of the bundled architecture
   (``cnnviz_mnist``) with ``cnnviz.inference.training.train`` (augmentation on, as
   ``cnnviz train``); the first epoch includes compiling, so two epochs are run and the
   second is the figure;
3. the live call: one 28×28 image through a model returning every layer's output, median
   of 300 calls — per-layer outputs (one device-to-host copy each) and all outputs
   flattened into one array inside one ``jax.jit`` function (one copy) — on GPU and CPU.

Without TensorFlow on the machine nothing else is needed but the Keras wheel, JAX with
CUDA, NumPy, OpenCV and h5py. Without ``--data`` (or when the folder is missing) random
images stand in: speeds are then still right, accuracy is not reported.
The results go to stdout as JSON (and to ``--out``). docs/backends.md says how to run it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")   # share the GPU politely
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

BUDGET_S = 280.0
MODEL = Path(__file__).resolve().parents[1] / "cnnviz" / "data" / "models" / "mnist_cnn.keras"


def _data(folder: str | None):
    from cnnviz.inference.datasets import DIGIT_CLASSES, Dataset, load_dataset

    if folder and Path(folder).exists():
        return load_dataset("mnist", folder), True
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (70000, 28, 28), dtype=np.uint8)
    y = rng.integers(0, 10, 70000).astype(np.uint8)
    return Dataset("mnist", x[:60000], y[:60000], x[60000:], y[60000:], DIGIT_CLASSES, "random"), False


def _median_ms(fn, n: int) -> float:
    for _ in range(10):
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(float(np.median(times)) * 1000, 3)


def evaluation(data, real: bool, device: str) -> dict:
    import keras

    from cnnviz.inference.evaluation import evaluate

    with keras.device(device):
        model = keras.saving.load_model(MODEL, compile=False)
        evaluate(model, data.x_test[:1000], data.y_test[:1000], batch_size=1000)   # compile
        t = time.perf_counter()
        ev = evaluate(model, data.x_test, data.y_test, batch_size=1000)
        s = time.perf_counter() - t
    return {"device": device, "images_per_s": round(len(data.x_test) / s), "seconds": round(s, 3),
            "accuracy": round(ev.accuracy, 4) if real else None}


def training(data, arch: str, tmp: Path, limit: int | None) -> dict:
    from cnnviz.inference.training import train

    ends: list[float] = []
    result = train(arch, data, epochs=2, out_path=tmp / f"{arch}.keras", patience=5, limit=limit, write_sidecars=False,
                   on_progress=lambda p: ends.append(p.elapsed_s) if p.kind == "epoch" else None)
    per_epoch = [round(ends[0], 2)] + [round(b - a, 2) for a, b in zip(ends, ends[1:])]
    return {"architecture": arch, "seconds_per_epoch": per_epoch, "device": result.device,
            "train_samples": result.train_samples, "best_val_accuracy": round(result.best_val_accuracy, 4)}


def live(device: str) -> dict:
    import jax
    import jax.numpy as jnp
    import keras

    with keras.device(device):
        model = keras.saving.load_model(MODEL, compile=False)
        outs = [layer.output for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        multi = keras.Model(model.inputs, outs)
        tv = [v.value for v in multi.trainable_variables]
        ntv = [v.value for v in multi.non_trainable_variables]

        @jax.jit
        def per_layer(x):
            return multi.stateless_call(tv, ntv, x, training=False)[0]

        @jax.jit
        def flat(x):
            ys = multi.stateless_call(tv, ntv, x, training=False)[0]
            return jnp.concatenate([jnp.reshape(y, (y.shape[0], -1)) for y in ys], axis=1)

        x = jax.device_put(np.random.default_rng(0).random((1, 28, 28, 1), np.float32),
                           jax.devices(device.split(":")[0])[0])
        return {"device": device, "layers": len(outs),
                "per_layer_outputs_ms": _median_ms(lambda: [np.asarray(o) for o in per_layer(x)], 300),
                "one_flat_output_ms": _median_ms(lambda: np.asarray(flat(x)), 300)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="MNIST folder (IDX .gz files)")
    parser.add_argument("--out", help="also write the JSON here")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--train-limit", type=int, default=None, help="train on the first N images only (a smoke test)")
    args = parser.parse_args()
    import tempfile

    import jax
    import keras

    t0 = time.perf_counter()
    gpus = [d for d in jax.devices() if d.platform != "cpu"]
    report: dict = {"keras": keras.__version__, "backend": keras.backend.backend(), "jax": jax.__version__,
                    "gpu": gpus[0].device_kind if gpus else None, "cpu_cores": os.cpu_count()}
    if not gpus:
        print("no GPU visible to JAX: the figures below are CPU only", file=sys.stderr)
    data, real = _data(args.data)
    report["data"] = data.source
    devices = (["gpu:0"] if gpus else []) + ["cpu:0"]
    report["evaluation"] = [evaluation(data, real, d) for d in devices]
    report["live_call"] = [live(d) for d in devices]
    report["training"] = []
    if not args.skip_training:
        with tempfile.TemporaryDirectory() as tmp:
            for arch in ("textbook", "cnnviz_mnist"):
                if time.perf_counter() - t0 > BUDGET_S * 0.6:
                    report["training"].append({"architecture": arch, "skipped": "time budget"})
                    continue
                report["training"].append(training(data, arch, Path(tmp), args.train_limit))
    report["seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
