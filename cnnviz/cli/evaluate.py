"""``cnnviz evaluate``: test accuracy and confusion matrix of a model on MNIST / Fashion-MNIST,
or on a folder of labelled pictures (:mod:`cnnviz.cli.evaluate_images`)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cnnviz.cli.errors import CliError
from cnnviz.cli.evaluation_report import format_confusion, model_name

DATASET_CHOICES = ("mnist", "fashion_mnist")


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "evaluate",
        help="accuracy and confusion matrix of a model on the MNIST / Fashion-MNIST test set or a folder of pictures",
        description=(
            "Evaluate a Keras model on the official 10,000-image test set. Without --data, "
            "Keras's own loaders download the data set; with --data, DIR holds the IDX .gz files "
            "(or a Keras-style .npz). Without --dataset, it is guessed from the model's labels "
            "(digits: mnist, otherwise fashion_mnist). With --images, the model is evaluated "
            "on your own pictures instead: one sub-folder per class, named after it (DIR/0/…, "
            "DIR/1/…; optionally grouped, DIR/GROUP/7/…), each picture prepared as "
            "`cnnviz predict` prepares it."
        ),
    )
    p.add_argument("--model", default=None, metavar="PATH",
                   help=".keras or .h5 model file (default: the bundled digit model)")
    p.add_argument("--dataset", choices=DATASET_CHOICES, default=None)
    p.add_argument("--data", metavar="DIR", help="folder with the IDX .gz files or a .npz")
    p.add_argument("--images", metavar="DIR",
                   help="a folder of labelled pictures (one sub-folder per class) instead of a data set")
    p.add_argument("--json", action="store_true",
                   help='print {"accuracy": float, "n": int, "confusion": [[...]]} (with --images also '
                        '"groups", "mistakes" and "misclassified")')
    p.add_argument("--limit", type=int, default=None, help="only the first N test images")
    return p


def load_for_evaluation(path: str | None):
    """(keras model, class names) through the project's safe loader when available.
    Without a path, the bundled digit model."""
    from cnnviz.cli.predict import bundled_model

    p = Path(path) if path else bundled_model()
    if not p.exists():
        raise CliError(f"model file not found: {path}")
    try:
        from cnnviz.inference.loading import ModelLoadError, load_model
    except ImportError:
        load_model = None
    if load_model is not None:
        from cnnviz import MODELS_DIR

        try:   # the project's own bundled models are trusted; any other file is sandboxed
            trusted = p.resolve().is_relative_to(MODELS_DIR.resolve())
        except (OSError, ValueError):
            trusted = False
        try:
            loaded = load_model(p, trusted=trusted)
        except ModelLoadError as exc:
            raise CliError(f"{p.name}: {exc}") from None
        return loaded.model, list(loaded.class_names or [])
    import keras

    try:
        model = keras.saving.load_model(p, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many types for bad files
        raise CliError(f"cannot load {p.name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    return model, []


def guess_dataset(class_names: list[str]) -> str:
    if class_names and not all(c.strip().isdigit() for c in class_names):
        return "fashion_mnist"
    return "mnist"


def run(args: argparse.Namespace) -> int:
    from cnnviz.inference.datasets import DatasetError, class_names, load_test_split
    from cnnviz.inference.evaluation import EvaluationError, evaluate

    if args.limit is not None and args.limit < 1:
        raise CliError(f"--limit must be at least 1, got {args.limit}")
    if args.images is not None:
        if args.dataset or args.data:
            raise CliError("--images evaluates a folder of pictures; leave out --dataset and --data")
        from cnnviz.cli.evaluate_images import run_images

        model, names = load_for_evaluation(args.model)
        return run_images(args, model, names)
    if args.data is not None and not Path(args.data).exists():
        raise CliError(f"data folder not found: {args.data}")
    model, names = load_for_evaluation(args.model)
    dataset = args.dataset or guess_dataset(names)
    try:
        data = load_test_split(dataset, args.data)
    except DatasetError as exc:
        raise CliError(str(exc)) from None
    x, y = data.x_test, data.y_test
    if args.limit is not None:
        x, y = x[: args.limit], y[: args.limit]
    t0 = time.perf_counter()
    try:
        ev = evaluate(model, x, y)
    except EvaluationError as exc:
        raise CliError(f"{model_name(args.model)} on {dataset}: {exc}") from None
    seconds = time.perf_counter() - t0
    from cnnviz.inference.devices import backend_name, path_description

    print(f"{ev.n} images in {seconds:.1f} s ({ev.n / max(seconds, 1e-9):,.0f} images/s, including the first "
          f"call's compiling) with Keras {backend_name()} on {path_description('batch')}", file=sys.stderr)
    if args.json:
        print(json.dumps(ev.to_json()))
        return 0
    labels = list(class_names(dataset)) if ev.confusion.shape[0] == data.num_classes else [
        str(i) for i in range(ev.confusion.shape[0])]
    print(f"{model_name(args.model)} on {dataset} test set: accuracy {ev.accuracy:.4f} "
          f"({int(ev.confusion.trace())}/{ev.n} correct, {ev.n - int(ev.confusion.trace())} wrong)")
    print(format_confusion(ev.confusion, labels))
    return 0
