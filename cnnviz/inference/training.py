"""Train a CNN on MNIST / Fashion-MNIST: checkpoints, early stopping, augmentation, curves.

``train("cnnviz_mnist", "mnist", data_dir, epochs=15, out_path="models/mnist_cnn.keras")``

* Validation split from the end of the training set (as Keras's ``validation_split`` in
  the textbook); the test set is never seen during training.
* ``ModelCheckpoint`` (best only, on ``val_accuracy``) writes ``out_path`` after every
  improving epoch; ``EarlyStopping`` restores the best weights. At the end the best model
  is saved again to ``out_path`` without optimizer state (a small, clean ``.keras`` file),
  with ``<stem>.history.json``, ``<stem>.curves.png`` and ``<stem>.labels.txt`` beside it.
* Augmentation runs in the ``tf.data`` input pipeline during training only (it is not part
  of the saved model): digits get small rotations, scaling, shear, shifts and random stroke
  width (dilation/erosion), because digits drawn on the canvas are bolder and less regular
  than MNIST's; Fashion-MNIST gets horizontal flips and small shifts.
* Distribution: ``tf.distribute.MirroredStrategy`` over all GPUs when TensorFlow sees more
  than one, the default strategy (the one GPU, or the CPU) otherwise; any strategy can be
  passed in (the tests use ``OneDeviceStrategy("/cpu:0")``).
* GUI workers pass a :class:`TrainingControl` (cancel / pause ``threading.Event``) and an
  ``on_progress`` function receiving :class:`TrainingProgress` per batch and per epoch.

The input pipeline and strategies need TensorFlow (the default Keras backend).
"""
from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from cnnviz.inference.architectures import Architecture, build_from_spec, get_architecture
from cnnviz.inference.datasets import Dataset, canonical_name, load_dataset, to_model_input


class TrainingError(Exception):
    """Training could not start or finish (bad arguments, unwritable output, ...)."""


# ---------------------------------------------------------------------------------------
# Control and progress (used by the GUI worker and the CLI)


@dataclass
class TrainingControl:
    """Flags a GUI sets from the UI thread; the training thread checks them after each batch."""

    cancel: threading.Event = field(default_factory=threading.Event)
    pause: threading.Event = field(default_factory=threading.Event)  # set = paused

    def request_cancel(self) -> None:
        self.cancel.set()
        self.pause.clear()

    def set_paused(self, paused: bool) -> None:
        (self.pause.set if paused else self.pause.clear)()


@dataclass(frozen=True)
class TrainingProgress:
    kind: str                      # "start", "batch", "epoch", "end"
    epoch: int                     # 1-based
    epochs: int
    batch: int                     # batches done in this epoch
    batches: int                   # batches per epoch
    logs: dict
    elapsed_s: float
    eta_s: float | None            # estimated seconds left (all epochs)
    history: dict | None = None    # on "epoch" and "end": every epoch's metrics so far
    paused: bool = False

    @property
    def fraction(self) -> float:
        if self.epochs <= 0 or self.batches <= 0:
            return 0.0
        return min(1.0, ((self.epoch - 1) + self.batch / self.batches) / self.epochs)


def _make_control_callback(control: TrainingControl | None, on_progress, epochs: int, batches: int):
    import keras

    class ControlCallback(keras.callbacks.Callback):
        """Reports progress, honours pause and cancel (checked after every batch)."""

        def __init__(self):
            super().__init__()
            self.t0 = time.perf_counter()
            self.paused_s = 0.0
            self.epoch = 0
            self.history: dict[str, list[float]] = {}
            self.cancelled = False

        def _elapsed(self) -> float:
            return time.perf_counter() - self.t0 - self.paused_s

        def _eta(self, batch: int) -> float | None:
            done = self.epoch * batches + batch
            if done <= 0:
                return None
            return self._elapsed() / done * (epochs * batches - done)

        def _emit(self, kind, batch, logs, history=None, paused=False):
            if on_progress is not None:
                on_progress(TrainingProgress(kind, self.epoch + 1, epochs, batch, batches,
                                             dict(logs or {}), self._elapsed(), self._eta(batch),
                                             history, paused))

        def on_train_begin(self, logs=None):
            self.t0 = time.perf_counter()
            self._emit("start", 0, {})

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self._emit("batch", batch + 1, _floats(logs))
            if control is None:
                return
            if control.pause.is_set() and not control.cancel.is_set():
                t = time.perf_counter()
                self._emit("batch", batch + 1, _floats(logs), paused=True)
                while control.pause.is_set() and not control.cancel.is_set():
                    control.cancel.wait(0.05)
                self.paused_s += time.perf_counter() - t
            if control.cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            for k, v in _floats(logs).items():
                self.history.setdefault(k, []).append(v)
            self._emit("epoch", batches, _floats(logs), {k: list(v) for k, v in self.history.items()})
            if control is not None and control.cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True

    return ControlCallback()


def _floats(logs) -> dict:
    out = {}
    for k, v in (logs or {}).items():
        try:
            out[k] = float(v)
        except (TypeError, ValueError):
            pass
    return out


# ---------------------------------------------------------------------------------------
# Strategy


def choose_strategy():
    """MirroredStrategy over all GPUs when TensorFlow sees more than one, else the default."""
    import tensorflow as tf

    gpus = tf.config.list_logical_devices("GPU")
    if len(gpus) > 1:
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


def device_description() -> str:
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    names = []
    for g in gpus:
        try:
            names.append(tf.config.experimental.get_device_details(g).get("device_name", g.name))
        except Exception:  # details are best effort
            names.append(g.name)
    return f"{len(gpus)} GPU{'s' if len(gpus) > 1 else ''}: " + ", ".join(names)


# ---------------------------------------------------------------------------------------
# Augmentation (tf.data; training only, never saved in the model)


@dataclass(frozen=True)
class Augmentation:
    rotation_deg: float = 0.0
    scale: float = 0.0            # ± relative zoom
    aspect: float = 0.0           # ± relative x/y stretch
    shear: float = 0.0            # ± shear factor
    shift_px: float = 0.0         # ± pixels in x and y
    flip_horizontal: bool = False
    stroke: bool = False          # random dilation / erosion (stroke width)

    @property
    def enabled(self) -> bool:
        return bool(self.rotation_deg or self.scale or self.aspect or self.shear or self.shift_px
                    or self.flip_horizontal or self.stroke)


DIGIT_AUGMENTATION = Augmentation(rotation_deg=12.0, scale=0.12, aspect=0.06, shear=0.12,
                                  shift_px=2.5, stroke=True)
# Gentler digit augmentation, for fine-tuning a model trained with DIGIT_AUGMENTATION.
DIGIT_LIGHT_AUGMENTATION = Augmentation(rotation_deg=8.0, scale=0.08, aspect=0.04, shear=0.08,
                                        shift_px=2.0, stroke=True)
FASHION_AUGMENTATION = Augmentation(shift_px=2.0, flip_horizontal=True, scale=0.05)
NO_AUGMENTATION = Augmentation()


def default_augmentation(dataset: str) -> Augmentation:
    return DIGIT_AUGMENTATION if canonical_name(dataset) == "mnist" else FASHION_AUGMENTATION


def _resolve_augmentation(augment, dataset_name: str) -> Augmentation:
    if augment is None or augment is False:
        return NO_AUGMENTATION
    if augment is True or augment == "auto":
        return default_augmentation(dataset_name)
    if isinstance(augment, Augmentation):
        return augment
    if augment in ("none", "off"):
        return NO_AUGMENTATION
    if augment == "digits":
        return DIGIT_AUGMENTATION
    if augment == "digits_light":
        return DIGIT_LIGHT_AUGMENTATION
    if augment == "fashion":
        return FASHION_AUGMENTATION
    raise TrainingError(f"unknown augmentation {augment!r} (use auto, none, digits, digits_light or fashion)")


def augment_batch(x, aug: Augmentation, seed=None):
    """Augment a float batch (B, H, W, 1) in 0..1 with TensorFlow ops (random per sample)."""
    import tensorflow as tf

    b = tf.shape(x)[0]
    h, w = x.shape[1], x.shape[2]
    if aug.stroke:
        dil2 = tf.nn.max_pool2d(x, 2, 1, "SAME")
        dil3 = tf.nn.max_pool2d(x, 3, 1, "SAME")
        ero2 = -tf.nn.max_pool2d(-x, 2, 1, "SAME")
        r = tf.random.uniform((b, 1, 1, 1))
        x = tf.where(r < 0.2, dil3, tf.where(r < 0.45, dil2, tf.where(r < 0.53, ero2, x)))
    if aug.flip_horizontal:
        flip = tf.random.uniform((b, 1, 1, 1)) < 0.5
        x = tf.where(flip, tf.reverse(x, axis=[2]), x)
    if aug.rotation_deg or aug.scale or aug.aspect or aug.shear or aug.shift_px:
        def u(limit):
            return tf.random.uniform((b,), -limit, limit) if limit else tf.zeros((b,))
        theta = u(aug.rotation_deg * math.pi / 180.0)
        s = 1.0 + u(aug.scale)
        a = 1.0 + u(aug.aspect)
        sx, sy = s * a, s / a
        sh = u(aug.shear)
        tx, ty = u(aug.shift_px), u(aug.shift_px)
        # Output pixel p maps to input pixel c + M⁻¹ (p − c) − t, where
        # M = R(θ) · Shear(sh) · diag(sx, sy).  M⁻¹ = diag(1/sx, 1/sy) · Shear(−sh) · R(−θ).
        cos, sin = tf.cos(theta), tf.sin(theta)
        r00, r01, r10, r11 = cos, sin, -sin, cos          # R(−θ)
        q00, q01, q10, q11 = r00 - sh * r10, r01 - sh * r11, r10, r11   # Shear(−sh) · R(−θ)
        m00, m01, m10, m11 = q00 / sx, q01 / sx, q10 / sy, q11 / sy
        cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
        a2 = cx - m00 * cx - m01 * cy - tx
        b2 = cy - m10 * cx - m11 * cy - ty
        zeros = tf.zeros((b,))
        transforms = tf.stack([m00, m01, a2, m10, m11, b2, zeros, zeros], axis=1)
        x = tf.raw_ops.ImageProjectiveTransformV3(
            images=x, transforms=transforms, output_shape=tf.constant([h, w], tf.int32),
            fill_value=0.0, interpolation="BILINEAR", fill_mode="CONSTANT")
    return tf.clip_by_value(x, 0.0, 1.0)


def make_train_dataset(x_uint8: np.ndarray, y: np.ndarray, batch_size: int, aug: Augmentation,
                       seed: int = 0, shuffle: bool = True):
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((x_uint8[..., None] if x_uint8.ndim == 3 else x_uint8,
                                             y.astype(np.int32)))
    if shuffle:
        ds = ds.shuffle(len(x_uint8), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)

    def prep(xb, yb):
        xf = tf.cast(xb, tf.float32) / 255.0
        if aug.enabled:
            xf = augment_batch(xf, aug)
        return xf, yb

    return ds.map(prep, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)


def make_eval_dataset(x_uint8: np.ndarray, y: np.ndarray, batch_size: int):
    import tensorflow as tf

    xf = to_model_input(x_uint8)
    return tf.data.Dataset.from_tensor_slices((xf, y.astype(np.int32))).batch(batch_size).prefetch(2)


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
    with strategy.scope():
        model = build_from_spec(spec, data.num_classes, name=arch_name)
        if init_from is not None:
            _load_initial_weights(model, init_from)
        model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])

    train_ds = make_train_dataset(x_tr, y_tr, batch_size, aug, seed=seed)
    val_ds = make_eval_dataset(x_val, y_val, batch_size)
    batches = int(math.ceil(len(x_tr) / batch_size))

    control_cb = _make_control_callback(control, on_progress, epochs, batches)
    early = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=patience,
                                          restore_best_weights=True)
    cbs = [
        keras.callbacks.ModelCheckpoint(str(out_path), monitor="val_accuracy", mode="max",
                                        save_best_only=True),
        early,
        control_cb,
        *callbacks,
    ]
    if decay != 1.0:
        cbs.insert(0, keras.callbacks.LearningRateScheduler(lambda ep, _lr: lr * decay ** ep))

    t0 = time.perf_counter()
    hist = model.fit(train_ds, validation_data=val_ds, epochs=epochs, callbacks=cbs, verbose=0,
                     shuffle=False)  # the tf.data pipeline shuffles itself
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
