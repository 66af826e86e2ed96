"""Run cnnviz with TensorFlow made unimportable, as on a machine without it:

    KERAS_BACKEND=jax python tests/no_tensorflow.py evaluate --model m.keras ...
    KERAS_BACKEND=jax python tests/no_tensorflow.py --gradcam m.keras image.npy out.npy
    KERAS_BACKEND=jax python tests/no_tensorflow.py --training-process   (stdin: the job)

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


def main(argv: list[str]) -> int:
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        sys.modules["tensorflow"] = None  # type: ignore[assignment]
    if argv[:1] == ["--gradcam"]:
        return _gradcam(*argv[1:4])
    if argv[:1] == ["--training-process"]:
        from cnnviz.inference.training_process import main as child

        return child()
    from cnnviz.cli.main import main as cli

    return cli(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
