"""``cnnviz predict``: classify image files of digits (or anything the model takes).

Each image goes through the same preprocessing the live view uses: for gray square
models (MNIST-like) the photo is cleaned (automatic polarity, background removal) and
made MNIST-style (20×20 box, centred by mass in 28×28); other models get the picture
resized to their input. All images run through the model in one call.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cnnviz.cli.errors import CliError

MODES = ("auto", "digit", "fit", "stretch")


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "predict",
        help="classify image files with a Keras model",
        description=("Classify image files (photos or scans of digits: dark ink on light paper or "
                     "light on dark, any size) with a Keras model (.keras/.h5)."),
    )
    p.add_argument("--model", default=None, metavar="PATH",
                   help=".keras or .h5 model file (default: the bundled digit model)")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, BMP, TIFF, WebP, …)")
    p.add_argument("--json", action="store_true",
                   help='print a JSON list: {"image", "label", "index", "probabilities", "classes"} per image')
    p.add_argument("--mode", choices=MODES, default="auto",
                   help="preprocessing: digit (MNIST-style), fit (resize keeping aspect), stretch; "
                        "auto = digit for gray square models whose classes are digits, else fit")
    p.add_argument("--top", type=int, default=3, metavar="K", help="classes listed per image in text output")
    return p


def load_for_cli(path: str | None):
    """``(keras model, class names)`` through the project's safe loader; CliError on failure.
    Without a path, the bundled digit model."""
    p = Path(path) if path else bundled_model()
    if not p.exists():
        raise CliError(f"model file not found: {path}")
    if p.is_dir():
        raise CliError(f"{path}: is a folder, not a model file")
    from cnnviz import MODELS_DIR
    from cnnviz.inference.loading import ModelLoadError, load_model

    try:
        trusted = p.resolve().is_relative_to(Path(MODELS_DIR).resolve())
    except (OSError, ValueError):
        trusted = False
    try:
        loaded = load_model(p, trusted=trusted)
    except ModelLoadError as exc:
        raise CliError(str(exc.message if hasattr(exc, "message") else exc)) from None
    return loaded.model, list(loaded.class_names or [])


def bundled_model() -> Path:
    """The bundled digit model (package data); CliError when this installation lacks it."""
    from cnnviz.inference.bundled import default_model_path

    path = default_model_path()
    if not path.is_file():
        raise CliError(f"the bundled digit model is missing from this installation (looked for {path}); "
                       "reinstall cnnviz or give --model PATH")
    return path


def make_extractor(model):
    from cnnviz.inference.activations import ActivationExtractor, ExtractorError

    try:
        return ActivationExtractor(model)
    except ExtractorError as exc:
        raise CliError(f"cannot run this model on images: {exc}") from None


def auto_mode(input_shape: tuple, class_names: list[str]) -> str:
    """``digit`` for MNIST-like models (gray square input, the ten classes "0"…"9"), else
    ``fit``: the one rule of :func:`cnnviz.core.model_input.is_digit_model`."""
    from cnnviz.core.model_input import choose_mode

    return choose_mode(input_shape, class_names)


def prepare_input(path: str, input_shape: tuple, mode: str = "auto", class_names: list[str] = (),
                  input_range: tuple[float, float] = (0.0, 1.0)):
    """Read ``path`` and make the model input ``(H, W, C)`` float32 in the model's pixel
    ``input_range`` (CliError on bad files) with the live view's
    :func:`cnnviz.core.model_input.prepare_input`."""
    from cnnviz.core import model_input
    from cnnviz.core.images import ImageReadError, read_image
    from cnnviz.core.preprocess import PreprocessError

    try:
        image = read_image(path)
    except ImageReadError as exc:
        raise CliError(str(exc)) from None
    try:
        return model_input.prepare_input(input_shape, class_names, image=image, mode=mode,
                                         input_range=input_range).x
    except PreprocessError as exc:
        raise CliError(f"{path}: {exc}") from None


def model_input_range(model) -> tuple[float, float]:
    """The pixel range ``model`` expects (−1…1 for Teachable Machine's MobileNet, 0…255 for
    a model that rescales itself; see :mod:`cnnviz.inference.loading.input_range`)."""
    from cnnviz.inference.loading.input_range import detect_input_range

    return detect_input_range(model).as_tuple()


def run(args: argparse.Namespace) -> int:
    import numpy as np

    model, names = load_for_cli(args.model)
    extractor = make_extractor(model)
    mode = auto_mode(extractor.input_shape, names) if args.mode == "auto" else args.mode
    pixels = model_input_range(model)
    inputs = np.stack([prepare_input(p, extractor.input_shape, mode, input_range=pixels) for p in args.images])
    probs = extractor(inputs)[-1]
    n = probs.shape[1]
    if len(names) != n:
        names = [str(i) for i in range(n)]
    results = []
    for path, p in zip(args.images, probs):
        i = int(np.argmax(p))
        results.append({"image": path, "label": names[i], "index": i,
                        "probabilities": [round(float(v), 6) for v in p], "classes": names})
    if args.json:
        print(json.dumps(results))
        return 0
    k = max(1, min(args.top, n))
    for r in results:
        p = np.asarray(r["probabilities"])
        order = np.argsort(-p)[:k]
        others = ", ".join(f"{names[j]} {100 * p[j]:.1f}%" for j in order)
        print(f"{r['image']}: {r['label']}  ({others})")
    return 0
