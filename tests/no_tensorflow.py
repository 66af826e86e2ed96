"""Run cnnviz with TensorFlow made unimportable, as on a machine without it:

    KERAS_BACKEND=jax python tests/no_tensorflow.py evaluate --model m.keras ...
    KERAS_BACKEND=jax python tests/no_tensorflow.py --gradcam m.keras image.npy out.npy
    KERAS_BACKEND=jax python tests/no_tensorflow.py --training-process   (stdin: the job)
    KERAS_BACKEND=jax python tests/no_tensorflow.py --data-parallel out.keras
    KERAS_BACKEND=jax python tests/no_tensorflow.py --each '[["predict", ...], ["inspect", ...]]'

``sys.modules["tensorflow"] = None`` makes every ``import tensorflow`` fail with
ImportError. With ``KERAS_BACKEND=tensorflow`` nothing is blocked (the same runner then
checks the default backend). No sitecustomize needed."""
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


def main(argv: list[str]) -> int:
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        sys.modules["tensorflow"] = None  # type: ignore[assignment]
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
