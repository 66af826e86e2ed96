"""What a Live training run starts from and ends with, for
:class:`cnnviz.app.training_controller.TrainingController`: the architectures offered, the
default output file, the check of an edited layer stack (shown by the layer form), and
loading the trained file."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from cnnviz.inference.architectures import count_spec_parameters, normalize_spec


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainingPage", text)


def check_layer_stack(spec: list[dict]) -> int:
    """The parameter count of a layer stack (plus its output layer); raises SpecError (a
    ValueError) saying why it cannot be built. Pure Python: no Keras import."""
    normalize_spec(spec)
    return count_spec_parameters(spec)


def architecture_titles() -> list[tuple[str, str]]:
    return [("textbook", _tr("Textbook CNN (Conv 32 → Conv 64 → Pool → Dense 128)")),
            ("cnnviz_mnist", _tr("cnnviz digit CNN (the bundled one)")),
            ("cnnviz_fashion", _tr("cnnviz Fashion-MNIST CNN"))]


def default_output_path(arch: str, dataset: str) -> Path:
    from cnnviz.qt.settings import settings_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")
    return settings_dir() / "trained" / f"{arch}-{dataset}-{stamp}.keras"


def load_trained(path: str):
    """Worker thread: load our own freshly trained file (trusted) for "Use as current model"."""
    from cnnviz.inference.gc_pause import collector_paused
    from cnnviz.inference.native_preload import preload_tensorflow_libraries

    preload_tensorflow_libraries()  # TensorFlow's native libraries load with the GIL released
    from cnnviz.inference.loading import load_model

    # Building the model makes many objects: no full collections (GIL held) meanwhile.
    with collector_paused():
        return load_model(path, trusted=True)
