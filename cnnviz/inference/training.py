"""Train a CNN on MNIST / Fashion-MNIST: checkpoints, early stopping, augmentation, curves.

``train("cnnviz_mnist", "mnist", data_dir, epochs=15, out_path="models/mnist_cnn.keras")``

* Any Keras backend (TensorFlow, JAX, PyTorch): NumPy uint8 input straight into
  ``Model.fit`` and augmentation with ``keras.ops`` inside the compiled training step
  (:mod:`cnnviz.inference.augment_ops`), so no backend's own input pipeline is needed.
* Validation split from the end of the training set (as Keras's ``validation_split`` in
  the textbook); the test set is never seen during training.
* The best model so far (on ``val_accuracy``) is written to ``out_path`` after every
  improving epoch; ``EarlyStopping`` restores the best weights. At the end the best model
  is saved again to ``out_path`` without optimizer state or augmentation (a small, clean
  ``.keras`` file), with ``<stem>.history.json``, ``<stem>.curves.png`` and
  ``<stem>.labels.txt`` beside it.
* Augmentation runs during training only (it is not part of the saved model); see
  :mod:`cnnviz.inference.augmentation` for the presets.
* Distribution (:mod:`cnnviz.inference.distribution`): ``tf.distribute`` on TensorFlow,
  ``keras.distribution.DataParallel`` on JAX, when the backend sees several GPUs; any
  strategy can be passed in (the tests use ``OneDeviceStrategy("/cpu:0")``).
* GUI workers pass a :class:`TrainingControl` (cancel / pause ``threading.Event``) and an
  ``on_progress`` function receiving :class:`TrainingProgress` per batch and per epoch.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from cnnviz.inference.architectures import Architecture, build_from_spec, get_architecture
from cnnviz.inference.augmentation import (DIGIT_AUGMENTATION, DIGIT_LIGHT_AUGMENTATION,  # noqa: F401
                                           FASHION_AUGMENTATION, NO_AUGMENTATION, Augmentation,
                                           AugmentationError, default_augmentation, resolve_augmentation)
from cnnviz.inference.datasets import Dataset, load_dataset
from cnnviz.inference.distribution import choose_strategy, replicas, shard_friendly, strategy_scope
from cnnviz.inference.training_control import TrainingControl, TrainingProgress, make_control_callback


class TrainingError(Exception):
    """Training could not start or finish (bad arguments, unwritable output, ...)."""


# The names this module has always offered (the GUI, the training process, the tests).
__all__ = ["Augmentation", "DIGIT_AUGMENTATION", "DIGIT_LIGHT_AUGMENTATION", "FASHION_AUGMENTATION",
           "NO_AUGMENTATION", "TrainingControl", "TrainingError", "TrainingProgress", "TrainingResult",
           "choose_strategy", "default_augmentation", "device_description", "sidecar_paths", "train"]


def device_description() -> str:
    """The device training runs on: the GPU's name (and how many more), or "CPU (N cores)"."""
    from cnnviz.inference.devices import path_description

    return path_description("batch")


def _resolve_augmentation(augment, dataset_name: str) -> Augmentation:
    try:
        return resolve_augmentation(augment, dataset_name)
    except AugmentationError as exc:
        raise TrainingError(str(exc)) from None


# ---------------------------------------------------------------------------------------
# Training


@dataclass
class TrainingResult:
    model: object                   # keras.Model with the best weights
    history: dict
    out_path: Path
    history_path: Path
    curves_path: Path
    labels_path: Path
    best_epoch: int                 # 1-based
    best_val_accuracy: float
    epochs_run: int
    status: str                     # "completed", "early_stopped", "cancelled"
    seconds: float
    seconds_per_epoch: float
    train_samples: int
    val_samples: int
    device: str
    augmentation: Augmentation
    arch_name: str
    dataset_name: str

    def summary(self) -> dict:
        return {
            "architecture": self.arch_name, "dataset": self.dataset_name, "status": self.status,
            "epochs_run": self.epochs_run, "best_epoch": self.best_epoch,
            "best_val_accuracy": self.best_val_accuracy, "seconds": round(self.seconds, 1),
            "seconds_per_epoch": round(self.seconds_per_epoch, 1), "train_samples": self.train_samples,
            "val_samples": self.val_samples, "device": self.device, "model": str(self.out_path),
        }


def sidecar_paths(out_path: str | Path) -> dict[str, Path]:
    out = Path(out_path)
    stem = out.with_suffix("")
    return {"history": Path(f"{stem}.history.json"), "curves": Path(f"{stem}.curves.png"),
            "labels": Path(f"{stem}.labels.txt")}


def _resolve_arch(arch) -> tuple[str, list[dict], Architecture | None]:
    if isinstance(arch, Architecture):
        return arch.name, arch.layer_spec(), arch
    if isinstance(arch, str):
        a = get_architecture(arch)
        return a.name, a.layer_spec(), a
    if isinstance(arch, (list, tuple)):
        return "custom", [dict(layer) for layer in arch], None
    raise TrainingError(f"architecture must be a name, an Architecture or a layer list, got {type(arch).__name__}")


def train(
    arch,
    dataset: str | Dataset,
    data_dir: str | Path | None = None,
    epochs: int | None = None,
    out_path: str | Path = "model.keras",
    *,
    batch_size: int = 200,
    augment="auto",
    validation_split: float = 0.1,
    learning_rate: float | None = None,
    lr_decay: float | None = None,
    patience: int | None = None,
    limit: int | None = None,
    seed: int = 0,
    strategy=None,
    init_from: str | Path | None = None,
    callbacks: Sequence = (),
    control: TrainingControl | None = None,
    on_progress: Callable[[TrainingProgress], None] | None = None,
    write_sidecars: bool = True,
) -> TrainingResult:
    """Train ``arch`` on ``dataset``; see the module docstring. Returns a :class:`TrainingResult`."""
    import keras

    from cnnviz.inference.augment_ops import training_model

    arch_name, spec, arch_obj = _resolve_arch(arch)
    data = dataset if isinstance(dataset, Dataset) else load_dataset(dataset, data_dir)
    epochs = int(epochs if epochs is not None else (arch_obj.epochs if arch_obj else 10))
    if epochs < 1:
        raise TrainingError(f"epochs must be at least 1, got {epochs}")
    if batch_size < 1:
        raise TrainingError(f"batch size must be at least 1, got {batch_size}")
    if not 0.0 < validation_split < 0.5:
        raise TrainingError(f"validation split must be between 0 and 0.5, got {validation_split}")
    lr = float(learning_rate if learning_rate is not None else (arch_obj.learning_rate if arch_obj else 1e-3))
    decay = float(lr_decay if lr_decay is not None else (arch_obj.lr_decay if arch_obj else 1.0))
    patience = int(patience if patience is not None else (arch_obj.patience if arch_obj else 5))
    aug = _resolve_augmentation(augment, data.name)

    out_path = Path(out_path)
    if out_path.suffix != ".keras":
        raise TrainingError(f"the output must be a native Keras file ending in .keras, got {out_path.name}")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrainingError(f"cannot create {out_path.parent}: {exc}") from None

    x, y = data.x_train, data.y_train
    if limit is not None:
        x, y = x[:limit], y[:limit]
    n_val = max(1, int(round(len(x) * validation_split)))
    if len(x) - n_val < 1:
        raise TrainingError(f"too few training samples ({len(x)})")
    x_tr, y_tr, x_val, y_val = x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:]

    keras.utils.set_random_seed(seed)
    if strategy is None:
        strategy = choose_strategy()
    if hasattr(strategy, "device_mesh"):   # keras.distribution: every batch splits evenly
        batch_size, n_tr, n_va = shard_friendly(batch_size, len(x_tr), len(x_val), replicas(strategy))
        x_tr, y_tr, x_val, y_val = x_tr[:n_tr], y_tr[:n_tr], x_val[:n_va], y_val[:n_va]
    with strategy_scope(strategy):
        model = build_from_spec(spec, data.num_classes, name=arch_name)
        if init_from is not None:
            _load_initial_weights(model, init_from)
        fitted = training_model(model, aug, seed=seed)
        fitted.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy",
                       metrics=["accuracy"])
    batches = int(math.ceil(len(x_tr) / batch_size))

    control_cb = make_control_callback(control, on_progress, epochs, batches)
    early = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=patience,
                                          restore_best_weights=True)
    cbs = [_best_model_saver(model, out_path), early, control_cb, *callbacks]
    if decay != 1.0:
        cbs.insert(0, keras.callbacks.LearningRateScheduler(lambda ep, _lr: lr * decay ** ep))

    t0 = time.perf_counter()
    with strategy_scope(strategy):
        hist = fitted.fit(_pixels(x_tr), y_tr.astype(np.int32), batch_size=batch_size, epochs=epochs,
                          validation_data=(_pixels(x_val), y_val.astype(np.int32)), callbacks=cbs,
                          verbose=0, shuffle=True)
    seconds = time.perf_counter() - t0
    history = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    epochs_run = len(history.get("loss", []))
    val_acc = history.get("val_accuracy", [])
    best_epoch = int(np.argmax(val_acc)) + 1 if val_acc else 0
    best_val = float(max(val_acc)) if val_acc else float("nan")
    if control_cb.cancelled:
        status = "cancelled"
    elif epochs_run < epochs:
        status = "early_stopped"
    else:
        status = "completed"

    # The best weights: EarlyStopping restores them at the end of training; when training
    # was cancelled before an epoch finished, fall back to the checkpoint on disk.
    if early.best_weights is None and out_path.exists():
        model.set_weights(keras.saving.load_model(out_path, compile=False).get_weights())
    clean = _clean_copy(model)
    if epochs_run > 0 or not out_path.exists():
        clean.save(out_path)
    paths = sidecar_paths(out_path)
    result = TrainingResult(
        model=clean, history=history, out_path=out_path, history_path=paths["history"],
        curves_path=paths["curves"], labels_path=paths["labels"], best_epoch=best_epoch,
        best_val_accuracy=best_val, epochs_run=epochs_run, status=status, seconds=seconds,
        seconds_per_epoch=seconds / max(epochs_run, 1), train_samples=len(x_tr), val_samples=len(x_val),
        device=device_description(), augmentation=aug, arch_name=arch_name, dataset_name=data.name,
    )
    if write_sidecars:
        _write_sidecars(result, spec, data, batch_size, lr, decay, patience, seed, init_from)
    if on_progress is not None:
        on_progress(TrainingProgress("end", max(epochs_run, 1), epochs, batches, batches,
                                     {"status": status}, seconds, 0.0, history))
    return result


def _pixels(x: np.ndarray) -> np.ndarray:
    """uint8 (N, H, W) → (N, H, W, 1) without copying (the training model scales it)."""
    x = np.asarray(x, np.uint8)
    return x[..., None] if x.ndim == 3 else x


def _best_model_saver(model, out_path: Path):
    """Writes ``model`` (the network alone: no augmentation, no optimizer) to ``out_path``
    after every epoch that improves ``val_accuracy``."""
    import keras

    class BestModelSaver(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.best = -math.inf

        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get("val_accuracy")
            if value is not None and float(value) > self.best:
                self.best = float(value)
                model.save(out_path)

    return BestModelSaver()


def _load_initial_weights(model, path) -> None:
    """Start from a trained model's weights (fine-tuning); the architectures must match."""
    import keras

    path = Path(path)
    if not path.is_file():
        raise TrainingError(f"initial model not found: {path}")
    try:
        source = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many types for bad files
        raise TrainingError(f"cannot load the initial model {path.name}: {exc}") from None
    mine = [tuple(w.shape) for w in model.get_weights()]
    theirs = [tuple(w.shape) for w in source.get_weights()]
    if mine != theirs:
        raise TrainingError(f"{path.name} does not have this architecture's weights "
                            f"({len(theirs)} arrays vs {len(mine)}; shapes differ)")
    model.set_weights(source.get_weights())


def _clean_copy(model):
    """The same network and weights, uncompiled: no optimizer state in the saved file."""
    import keras

    clone = keras.Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    return clone


def _write_sidecars(result: TrainingResult, spec, data: Dataset, batch_size, lr, decay, patience, seed,
                    init_from=None) -> None:
    from cnnviz.inference.curves import save_curves

    import keras

    record = {
        **result.summary(),
        "history": result.history,
        "spec": spec,
        "batch_size": batch_size, "learning_rate": lr, "lr_decay_per_epoch": decay,
        "early_stopping_patience": patience, "seed": seed,
        "initial_weights": None if init_from is None else Path(init_from).name,
        "augmentation": {k: getattr(result.augmentation, k) for k in result.augmentation.__dataclass_fields__},
        "keras_version": keras.__version__, "backend": keras.backend.backend(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    result.history_path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    save_curves(result.history, result.curves_path, title=result.arch_name)
    result.labels_path.write_text("\n".join(data.class_names) + "\n", encoding="utf-8")
