"""``cnnviz train``: train a CNN on MNIST or Fashion-MNIST with checkpoints and curves."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cnnviz.cli.errors import CliError
from cnnviz.inference.augmentation import NAMES as AUGMENTATION_NAMES

DATASET_CHOICES = ("mnist", "fashion_mnist")
ARCH_NAMES = ("textbook", "cnnviz_mnist", "cnnviz_fashion")  # kept in sync with architectures.ARCHITECTURES


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "train",
        help="train a CNN on MNIST or Fashion-MNIST (checkpoints, early stopping, curves)",
        description=(
            "Train a CNN. Without --data, Keras's own loaders download the data set; with --data, "
            "DIR holds the standard IDX .gz files (or a Keras-style .npz). Writes the best model "
            "(--out, native .keras) and beside it <stem>.history.json, <stem>.curves.png and "
            "<stem>.labels.txt. Runs on any Keras backend (KERAS_BACKEND=tensorflow, jax or torch); "
            "uses the GPU when the backend sees one, and all GPUs when it sees several "
            "(tf.distribute.MirroredStrategy on TensorFlow, keras.distribution.DataParallel on JAX)."
        ),
    )
    p.add_argument("--dataset", required=True, choices=DATASET_CHOICES)
    p.add_argument("--data", metavar="DIR", help="folder with the IDX .gz files or a .npz")
    p.add_argument("--arch", default=None, choices=ARCH_NAMES,
                   help="architecture (default: cnnviz_mnist for mnist, cnnviz_fashion for fashion_mnist)")
    p.add_argument("--epochs", type=int, default=None, help="maximum epochs (default: the architecture's)")
    p.add_argument("--out", metavar="PATH", default=None, help="output .keras file (default: <dataset>_cnn.keras)")
    p.add_argument("--batch-size", type=int, default=200)
    p.add_argument("--augment", default="auto", choices=AUGMENTATION_NAMES,
                   help="training-time augmentation (default: digits for mnist, fashion for fashion_mnist)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N training samples")
    p.add_argument("--patience", type=int, default=None, help="EarlyStopping patience in epochs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=None, help="initial learning rate (default: the architecture's)")
    p.add_argument("--init", metavar="PATH", default=None,
                   help="start from this trained model's weights (fine-tuning; same architecture)")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    return p


class _Progress:
    """A progress line on a terminal (redrawn), one line per epoch otherwise."""

    def __init__(self, stream=None):
        # Resolve sys.stderr at call time: a default bound at import time goes stale
        # when stderr is replaced (pytest capture, GUI redirection).
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0

    def __call__(self, p) -> None:
        if p.kind == "batch" and self.tty:
            now = time.monotonic()
            if now - self.last < 0.2 and p.batch != p.batches:
                return
            self.last = now
            width = 24
            done = int(width * p.batch / max(p.batches, 1))
            bar = "=" * done + (">" if done < width else "") + " " * (width - done - 1)
            logs = p.logs
            eta = _fmt_time(p.eta_s) if p.eta_s is not None else "?"
            self.stream.write(f"\repoch {p.epoch}/{p.epochs} [{bar}] {p.batch}/{p.batches} "
                              f"loss {logs.get('loss', float('nan')):.4f} acc {logs.get('accuracy', float('nan')):.4f} "
                              f"· {eta} left   ")
            self.stream.flush()
        elif p.kind == "epoch":
            logs = p.logs
            eta = _fmt_time(p.eta_s) if p.eta_s is not None else "?"
            self.stream.write(
                ("\r" if self.tty else "")
                + f"epoch {p.epoch}/{p.epochs}: loss {logs.get('loss', float('nan')):.4f} "
                f"acc {logs.get('accuracy', float('nan')):.4f}  val_loss {logs.get('val_loss', float('nan')):.4f} "
                f"val_acc {logs.get('val_accuracy', float('nan')):.4f}  ({_fmt_time(p.elapsed_s)} elapsed, "
                f"{eta} left at most)" + " " * 8 + "\n")
            self.stream.flush()


def _fmt_time(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def run(args: argparse.Namespace) -> int:
    from cnnviz.inference.architectures import SpecError
    from cnnviz.inference.datasets import DatasetError, load_dataset

    if args.epochs is not None and args.epochs < 1:
        raise CliError(f"--epochs must be at least 1, got {args.epochs}")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.lr is not None and not 0 < args.lr < 1:
        raise CliError(f"--lr must be between 0 and 1, got {args.lr}")
    if args.limit is not None and args.limit < 10:
        raise CliError(f"--limit must be at least 10, got {args.limit}")
    arch = args.arch or ("cnnviz_mnist" if args.dataset == "mnist" else "cnnviz_fashion")
    out = args.out or f"{args.dataset}_cnn.keras"
    if not out.endswith(".keras"):
        raise CliError(f"--out must end in .keras (the native Keras format), got {out}")
    if args.init is not None and not Path(args.init).is_file():
        raise CliError(f"initial model not found: {args.init}")
    try:
        data = load_dataset(args.dataset, args.data)
    except DatasetError as exc:
        raise CliError(str(exc)) from None

    from cnnviz.inference.devices import backend_name
    from cnnviz.inference.training import TrainingError, device_description, train

    n = len(data.x_train) if args.limit is None else min(args.limit, len(data.x_train))
    print(f"training {arch} on {args.dataset} ({n} training images, source {data.source}) "
          f"with Keras {backend_name()} on {device_description()}", file=sys.stderr)
    try:
        result = train(arch, data, epochs=args.epochs, out_path=out, batch_size=args.batch_size,
                       augment=args.augment, limit=args.limit, patience=args.patience, seed=args.seed,
                       learning_rate=args.lr, init_from=args.init,
                       on_progress=None if args.quiet else _Progress())
    except (TrainingError, SpecError, DatasetError) as exc:
        raise CliError(str(exc)) from None

    from cnnviz.inference.evaluation import evaluate

    ev = evaluate(result.model, data.x_test, data.y_test)
    print(f"{result.status}: {result.epochs_run} epochs, best epoch {result.best_epoch} "
          f"(val_accuracy {result.best_val_accuracy:.4f}), {_fmt_time(result.seconds)} "
          f"({result.seconds_per_epoch:.1f} s/epoch)")
    print(f"test accuracy {ev.accuracy:.4f} on {ev.n} test images")
    print(f"model: {result.out_path}")
    print(f"curves: {result.curves_path}  history: {result.history_path}  labels: {result.labels_path}")
    return 0
