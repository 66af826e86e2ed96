"""What a lesson step may contain: the fields of each page, their allowed values, and one
parser per field that either returns the value in its stored form or raises
:class:`FieldError` with the reason (the caller adds the step and field names)."""
from __future__ import annotations

import json
import math
from typing import Any, Callable

from cnnviz.core import examples
from cnnviz.core.kernels import PRESETS_BY_KEY, KernelError, validate_kernel
from cnnviz.core.matrices import MatrixParseError, parse_matrix
from cnnviz.core.pooling import MODES

from .model import MapChoice, Matrix, Source, Transform

COMMON_FIELDS = ("page", "title", "narration", "highlight")
_EXPECT = ("expect", "expect_formula", "expect_step", "expect_uncovered")
#: The settings each page takes, besides the common fields.
PAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "lab": ("example", "input", "kernel", "padding", "stride", "dilation", "position", *_EXPECT),
    "pooling": ("example", "input", "size", "stride", "padding", "mode", "compare", "position", *_EXPECT),
    "filters": ("input", "kernel", "color", "border", "flip"),
    "digits": ("model", "input", "transform", "map", "gradcam"),
    "camera": ("model",),
    "features": ("model",),
    "model": ("model", "input", "map"),
    "evaluate": ("model", "dataset", "cell"),
    "train": ("architecture", "dataset", "epochs"),
}
ALL_FIELDS = tuple(dict.fromkeys(COMMON_FIELDS + sum(PAGE_FIELDS.values(), ())))

#: The kinds of input each page can be given.
INPUT_KINDS: dict[str, tuple[str, ...]] = {
    "lab": ("matrix", "preset", "image", "digit", "strokes"),
    "pooling": ("matrix", "preset", "digit", "strokes"),
    "filters": ("image",),
    "digits": ("digit", "strokes", "image"),
    "model": ("digit", "strokes", "image"),
}
MAX_STROKES, MAX_POINTS = 50, 5000
#: The input presets of the lab pages (cnnviz/qt/lab/inputs.py; a test keeps them in step).
INPUT_PRESETS: dict[str, tuple[str, ...]] = {
    "lab": ("vertical_edge", "checkerboard", "random_ints", "digit_seven", "colour_patch"),
    "pooling": ("random_6x6", "digit_seven"),
}
#: What a step may point the class at; the GUI decides how to show it.
HIGHLIGHTS: dict[str, tuple[str, ...]] = {
    "lab": ("input", "kernel", "output", "window", "formula", "padding", "stride", "message"),
    "pooling": ("input", "output", "winner", "compare", "formula"),
    "filters": ("image", "kernel", "result", "channels", "colours"),
    "digits": ("canvas", "probabilities", "maps", "map", "kernels", "sliders", "gradcam"),
    "camera": ("frame", "probabilities", "maps"),
    "features": ("grid", "channel", "examples"),
    "model": ("summary", "classes", "maps"),
    "evaluate": ("accuracy", "confusion", "gallery"),
    "train": ("form", "curves", "checkpoint"),
}
BORDERS = ("reflect101", "constant", "replicate")
COLOURS = ("gray", "rgb")
DATASETS = ("mnist", "fashion_mnist")
BUNDLED_MODELS = ("mnist_cnn", "fashion_mnist_cnn")
MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
#: The digit page's slider ranges (cnnviz/qt/digits/explore.py); scale as a factor.
TRANSFORM_RANGES = {"dx": (-10, 10), "dy": (-10, 10), "angle": (-90, 90), "scale": (0.4, 1.6),
                    "thickness": (-1, 2)}
MAX_MATRIX_SIDE = 64


class FieldError(ValueError):
    """A field value that is wrong; ``subfield`` names a part of it (``input.matrix``),
    ``field`` the field itself when the raiser knows better than the caller."""

    def __init__(self, message: str, subfield: str = "", field: str = "") -> None:
        super().__init__(message)
        self.subfield = subfield
        self.field = field


def shown(value: Any) -> str:
    """A value as the message shows it: strings in double quotes, tables and lists as TOML
    would write them, long ones cut."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (str, int, float, list, dict)):
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
    else:
        text = f"{type(value).__name__} {value!r}"
    return text if len(text) <= 60 else text[:57] + "…"


def _one_of(value: Any, choices: tuple[str, ...], what: str = "one of") -> str:
    if not isinstance(value, str) or value not in choices:
        raise FieldError(f"expected {what} {', '.join(choices)}, got {shown(value)}")
    return value


def _int(value: Any, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"expected a whole number{_range(lo, hi)}, got {shown(value)}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise FieldError(f"expected a whole number{_range(lo, hi)}, got {value}")
    return value


def _range(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}"
    return f" ≥ {lo}" if lo is not None else ""


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, got {shown(value)}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"expected a non-empty text, got {shown(value)}")
    return value


def matrix(value: Any) -> Matrix:
    """A rectangular grid of finite numbers: a list of rows, or text such as ``"1 0; 0 1"``."""
    if isinstance(value, str):
        try:
            grid = parse_matrix(value)
        except MatrixParseError as exc:
            raise FieldError(f"expected a grid of numbers: {exc}") from None
        return tuple(tuple(float(v) for v in row) for row in grid)
    if not isinstance(value, list) or not value or not all(isinstance(r, list) and r for r in value):
        raise FieldError(f"expected a grid of numbers (a list of rows, e.g. [[1, 0], [0, 1]]), got {shown(value)}")
    rows = []
    for i, row in enumerate(value, start=1):
        for j, v in enumerate(row, start=1):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise FieldError(f"row {i}, column {j}: expected a finite number, got {shown(v)}")
        rows.append(tuple(float(v) for v in row))
    if len({len(r) for r in rows}) != 1:
        raise FieldError("every row needs the same number of values; the rows have "
                         + ", ".join(str(len(r)) for r in rows))
    if len(rows) > MAX_MATRIX_SIDE or len(rows[0]) > MAX_MATRIX_SIDE:
        raise FieldError(f"a grid may be at most {MAX_MATRIX_SIDE}×{MAX_MATRIX_SIDE}, got {len(rows)}×{len(rows[0])}")
    return tuple(rows)


def strokes(value: Any) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Pen strokes: a list of strokes, each a list of [x, y] points in 0…1 canvas
    coordinates (x to the right, y down)."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_STROKES:
        raise FieldError(f"expected a list of 1 to {MAX_STROKES} strokes, each a list of [x, y] points, "
                         f"got {shown(value)}")
    out = []
    for i, stroke in enumerate(value, start=1):
        if not isinstance(stroke, list) or not 1 <= len(stroke) <= MAX_POINTS:
            raise FieldError(f"stroke {i}: expected a list of 1 to {MAX_POINTS} [x, y] points, got {shown(stroke)}")
        points = []
        for j, p in enumerate(stroke, start=1):
            ok = isinstance(p, list) and len(p) == 2 and all(
                isinstance(c, (int, float)) and not isinstance(c, bool) and 0 <= c <= 1 for c in p)
            if not ok:
                raise FieldError(f"stroke {i}, point {j}: expected [x, y] between 0 and 1, got {shown(p)}")
            points.append((float(p[0]), float(p[1])))
        out.append(tuple(points))
    return tuple(out)


def example(value: Any, page: str) -> str:
    keys = tuple(examples.CONV_BY_KEY if page == "lab" else examples.POOL_BY_KEY)
    return _one_of(value, keys, "a worked example:")


def source(value: Any, page: str) -> Source:
    kinds = INPUT_KINDS[page]
    if not isinstance(value, dict) or len(value) != 1:
        raise FieldError(f"expected a table with one of {', '.join(kinds)}, e.g. {{ {kinds[0]} = … }}, "
                         f"got {shown(value)}")
    (kind, v), = value.items()
    if kind not in kinds:
        raise FieldError(f"expected one of {', '.join(kinds)} on the {page} page, got {shown(kind)}")
    try:
        if kind == "matrix":
            return Source(kind, matrix(v))
        if kind == "preset":
            return Source(kind, _one_of(v, INPUT_PRESETS[page], "an input preset:"))
        if kind == "digit":
            return Source(kind, _int(v, 0, 9))
        if kind == "strokes":
            return Source(kind, strokes(v))
        return Source(kind, _text(v))
    except FieldError as exc:
        raise FieldError(str(exc), kind) from None


def kernel(value: Any) -> str | Matrix:
    """A kernel preset key, or a grid of numbers (a list of rows or text such as "1 0; 0 1")."""
    if isinstance(value, str) and value in PRESETS_BY_KEY:
        return value
    if isinstance(value, str) and not any(c in value for c in ";, "):
        raise FieldError(f"expected a kernel preset ({', '.join(PRESETS_BY_KEY)}) or a grid of numbers, "
                         f"got {shown(value)}")
    grid = matrix(value)
    try:
        validate_kernel(grid)
    except KernelError as exc:
        raise FieldError(str(exc)) from None
    return grid


def padding(value: Any, page: str) -> str | int | tuple[int, ...]:
    if page == "pooling":
        return _one_of(value, ("valid", "same"))
    if value in ("valid", "same") and isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
        return value
    if isinstance(value, list) and len(value) in (2, 4) and all(
            isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 10 for p in value):
        return tuple(value)
    if isinstance(value, int) and not isinstance(value, bool):
        raise FieldError(f"expected a whole number from 0 to 10, got {value}")
    raise FieldError(f"expected valid, same or a whole number ≥ 0, got {shown(value)}")


def pair(value: Any, hi: int) -> int | tuple[int, int]:
    """A stride or dilation: a whole number, or [rows, cols]."""
    if isinstance(value, list) and len(value) == 2:
        a, b = (_int(v, 1, hi) for v in value)
        return a if a == b else (a, b)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= hi:
        return value
    raise FieldError(f"expected a whole number from 1 to {hi}, or [rows, cols], got {shown(value)}")


def model(value: Any) -> str:
    text = _text(value)
    if text in BUNDLED_MODELS or text.lower().endswith(MODEL_SUFFIXES):
        return text
    raise FieldError(f"expected a bundled model ({', '.join(BUNDLED_MODELS)}) or a model file "
                     f"({', '.join(MODEL_SUFFIXES)}), got {shown(value)}")


def map_choice(value: Any) -> MapChoice:
    if not isinstance(value, dict) or set(value) != {"layer", "channel"}:
        raise FieldError(f'expected {{ layer = "conv1", channel = 0 }}, got {shown(value)}')
    try:
        layer = _text(value["layer"])
    except FieldError as exc:
        raise FieldError(str(exc), "layer") from None
    try:
        return MapChoice(layer, _int(value["channel"], 0))
    except FieldError as exc:
        raise FieldError(str(exc), "channel") from None


def transform(value: Any) -> Transform:
    if not isinstance(value, dict):
        raise FieldError(f"expected a table such as {{ dx = 3, angle = 20 }}, got {shown(value)}")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key not in TRANSFORM_RANGES:
            raise FieldError(f"unknown slider {shown(key)}; the sliders are {', '.join(TRANSFORM_RANGES)}", key)
        lo, hi = TRANSFORM_RANGES[key]
        if key == "scale":
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
                raise FieldError(f"expected a factor from {lo} to {hi}, got {shown(v)}", key)
            out[key] = float(v)
        else:
            try:
                out[key] = _int(v, lo, hi)
            except FieldError as exc:
                raise FieldError(str(exc), key) from None
    return Transform(**out)


def cell(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2:
        return (_int(value[0], 0), _int(value[1], 0))
    raise FieldError(f"expected [true class, predicted class], got {shown(value)}")


def expect_grid(value: Any) -> str:
    """The expected output as text, rows separated by " / ": ``"15 16 / 6 15"``."""
    matrix(_text(value).replace("/", ";"))
    return value


def architecture(value: Any) -> str:
    from cnnviz.inference.architectures import ARCHITECTURES  # plain data, no Keras

    return _one_of(value, tuple(ARCHITECTURES), "an architecture:")


#: field → parser(value, page)
PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "example": example,
    "input": source,
    "kernel": lambda v, p: kernel(v),
    "padding": padding,
    "stride": lambda v, p: _int(v, 1, 8) if p == "pooling" else pair(v, 32),
    "dilation": lambda v, p: pair(v, 32),
    "position": lambda v, p: _int(v, -1),
    "size": lambda v, p: _int(v, 1, 8),
    "mode": lambda v, p: _one_of(v, MODES),
    "compare": lambda v, p: _one_of(v, MODES),
    "color": lambda v, p: _one_of(v, COLOURS),
    "border": lambda v, p: _one_of(v, BORDERS),
    "flip": lambda v, p: _bool(v),
    "gradcam": lambda v, p: _bool(v),
    "model": lambda v, p: model(v),
    "map": lambda v, p: map_choice(v),
    "transform": lambda v, p: transform(v),
    "dataset": lambda v, p: _one_of(v, DATASETS),
    "cell": lambda v, p: cell(v),
    "architecture": lambda v, p: architecture(v),
    "epochs": lambda v, p: _int(v, 1, 500),
    "expect": lambda v, p: expect_grid(v),
    "expect_formula": lambda v, p: _text(v),
    "expect_step": lambda v, p: _text(v),
    "expect_uncovered": lambda v, p: _int(v, 0),
}
