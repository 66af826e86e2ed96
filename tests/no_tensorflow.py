"""Run cnnviz with TensorFlow made unimportable, as on a machine without it:

    KERAS_BACKEND=jax python tests/no_tensorflow.py evaluate --model m.keras ...
    KERAS_BACKEND=jax python tests/no_tensorflow.py --gradcam m.keras image.npy out.npy
    KERAS_BACKEND=jax python tests/no_tensorflow.py --training-process   (stdin: the job)
    KERAS_BACKEND=jax python tests/no_tensorflow.py --data-parallel out.keras
    KERAS_BACKEND=jax python tests/no_tensorflow.py --each '[["predict", ...], ["inspect", ...]]'
    KERAS_BACKEND=jax python tests/no_tensorflow.py --module tests.app_check REPORT.json
    KERAS_BACKEND=jax python tests/no_tensorflow.py          (no arguments: the window)

``sys.modules["tensorflow"] = None`` makes every ``import tensorflow`` in this process fail
with ImportError. The Python processes cnnviz starts (the model loader, the Live training
process, the benchmark's cold starts) inherit ``PYTHONPATH``: its first folder gets a package
``tensorflow`` whose import raises ModuleNotFoundError, so TensorFlow is blocked there too.
With ``KERAS_BACKEND=tensorflow`` nothing is blocked (the same runner then checks the
default backend). No sitecustomize needed."""
from __future__ import annotations

import os
import sys


def _gradcam(model_path: str, image_path: str, out_path: str) -> int:
    import keras
    import numpy as np

    from cnnviz.inference.gradcam import GradCam

    model = keras.saving.load_model(model_path, compile=False)
    result = GradCam(model)(np.load(image_path))
    np.save(out_path, np.concatenate([[result.class_index, result.score], result.heatmap.ravel()]))
    return 0


def _data_parallel(out_path: str) -> int:
    """Train a tiny network with keras.distribution.DataParallel over every device JAX
    sees (on a CPU: XLA_FLAGS=--xla_force_host_platform_device_count=2 makes two)."""
    import json

    import keras
    import numpy as np

    from cnnviz.inference.datasets import DIGIT_CLASSES, Dataset
    from cnnviz.inference.distribution import replicas
    from cnnviz.inference.training import train
    from tests.stripe_data import stripe_images

    y = np.random.default_rng(0).integers(0, 10, 301).astype(np.uint8)
    x = stripe_images(y)
    data = Dataset("mnist", x, y, x[:20], y[:20], DIGIT_CLASSES, "stripes")
    strategy = keras.distribution.DataParallel(devices=keras.distribution.list_devices())
    r = train([{"type": "conv", "filters": 4, "kernel": 3}, {"type": "flatten"}], data, epochs=2,
              out_path=out_path, batch_size=45, augment="auto", strategy=strategy, learning_rate=3e-3)
    print(json.dumps({"replicas": replicas(strategy), "train_samples": r.train_samples,
                      "val_samples": r.val_samples, "status": r.status, "best_val_accuracy": r.best_val_accuracy}))
    return 0


BLOCKER = ('raise ModuleNotFoundError("No module named \'tensorflow\' (blocked by tests/no_tensorflow.py)", '
           'name="tensorflow")\n')


def block_tensorflow_in_children(environ: dict | None = None) -> str:
    """Put a folder whose ``tensorflow`` package cannot be imported first on
    ``PYTHONPATH`` (inherited by every Python child process). Returns the folder."""
    import tempfile

    env = os.environ if environ is None else environ
    folder = os.path.join(tempfile.gettempdir(), f"cnnviz-no-tensorflow-{getattr(os, 'getuid', lambda: 0)()}")
    package = os.path.join(folder, "tensorflow")
    os.makedirs(package, exist_ok=True)
    init = os.path.join(package, "__init__.py")
    if not os.path.isfile(init) or open(init, encoding="utf-8").read() != BLOCKER:
        tmp = f"{init}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(BLOCKER)
        os.replace(tmp, init)
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != folder]
    env["PYTHONPATH"] = os.pathsep.join([folder, *rest])
    return folder


def _module(name: str, args: list[str]) -> int:
    """Run module ``name`` as ``__main__`` with ``args`` (its ``sys.exit`` status)."""
    import runpy

    sys.argv = [name, *args]
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def main(argv: list[str]) -> int:
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        sys.modules["tensorflow"] = None  # type: ignore[assignment]
        block_tensorflow_in_children()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:  # tests.* and benchmarks.* importable from anywhere
        sys.path.insert(0, root)
    if argv[:1] == ["--module"]:
        return _module(argv[1], argv[2:])
    from cnnviz.cli.main import main as cli
    if argv[:1] == ["--gradcam"]:
        return _gradcam(*argv[1:4])
    if argv[:1] == ["--each"]:   # several command lines in one process: one exit status per line
        import json

        codes = []
        for args in json.loads(argv[1]):
            codes.append(cli(args))
            sys.stdout.flush()
        print(json.dumps({"exit_codes": codes}))
        return 0
    if argv[:1] == ["--data-parallel"]:
        return _data_parallel(argv[1])
    if argv[:1] == ["--training-process"]:
        from cnnviz.inference.training_process import main as child

        return child()
    return cli(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
