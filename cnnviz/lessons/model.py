"""The lesson data: a :class:`Lesson` is a title and a list of :class:`Step`; each step
names a page of the app and the state to set on it, with a short title and narration in
Korean and English.

Everything is frozen and compares by value, so ``load_lesson(save_lesson(x)) == x``.
A setting left as ``None`` means "leave it as it is" when the app applies the step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

#: The app's page keys (``cnnviz --page KEY``), in tab order.
PAGES = ("lab", "pooling", "filters", "digits", "camera", "features", "model", "evaluate", "train")
LANGUAGES = ("ko", "en")

Matrix = tuple[tuple[float, ...], ...]
Pair = Union[int, tuple[int, int]]
Padding = Union[str, int, tuple[int, ...]]


class LessonError(ValueError):
    """A lesson that cannot be used. The message is one line naming the file, the step
    (number and title) and the field, e.g.
    ``step 4 ("Padding"): field "padding": expected valid, same or a whole number ≥ 0, got "lots"``."""


@dataclass(frozen=True)
class Text:
    """One piece of text in both languages."""

    ko: str
    en: str

    def get(self, language: str) -> str:
        """The text in ``language`` ("ko" or "en"; anything else gives English)."""
        return self.ko if language.lower().startswith("ko") else self.en


@dataclass(frozen=True)
class Source:
    """A step's input.

    ``kind`` is one of:

    * ``"matrix"``: ``value`` is a small grid of numbers (:data:`Matrix`);
    * ``"preset"``: ``value`` is the key of one of the page's input presets
      (:data:`INPUT_PRESETS`);
    * ``"image"``: ``value`` is an image path (relative to the lesson file, or the name of a
      bundled preset image such as ``scene.png``);
    * ``"digit"``: ``value`` is 0…9, drawn from the app's pen-stroke template of that digit;
    * ``"strokes"``: ``value`` is a drawing: strokes of ``(x, y)`` points in 0…1 canvas
      coordinates (:func:`cnnviz.lessons.pen_strokes` gives both as arrays).
    """

    kind: str
    value: object


@dataclass(frozen=True)
class Transform:
    """The digit page's invariance sliders: shift (pixels), rotation (degrees,
    counter-clockwise), scale (a factor, 1 = unchanged) and stroke width change (pixels)."""

    dx: int = 0
    dy: int = 0
    angle: int = 0
    scale: float = 1.0
    thickness: int = 0

    def slider_values(self) -> dict[str, int]:
        """The values of the digit page's sliders (its scale slider is in percent)."""
        return {"dx": self.dx, "dy": self.dy, "angle": self.angle,
                "scale": int(round(self.scale * 100)), "thickness": self.thickness}


@dataclass(frozen=True)
class MapChoice:
    """A feature map: a layer by name and a channel (0-based) of it."""

    layer: str
    channel: int


@dataclass(frozen=True)
class Step:
    page: str
    title: Text
    narration: Text
    highlight: tuple[str, ...] = ()
    # lab and pooling
    example: str | None = None          # a worked example of cnnviz.core.examples
    input: Source | None = None
    kernel: str | Matrix | None = None  # a kernel preset key, or a matrix
    padding: Padding | None = None
    stride: Pair | None = None
    dilation: Pair | None = None
    position: int | None = None         # step index in the stepper; -1 = nothing computed yet
    size: int | None = None             # pool window
    mode: str | None = None             # pooling mode (left view)
    compare: str | None = None          # pooling mode shown beside it (right view)
    # filters
    color: str | None = None            # "gray" or "rgb"
    border: str | None = None           # "reflect101", "constant" or "replicate"
    flip: bool | None = None            # true convolution (kernel rotated 180°)
    # digits, model, evaluate, train
    model: str | None = None            # a bundled model key or a model file path
    map: MapChoice | None = None
    transform: Transform | None = None
    gradcam: bool | None = None
    dataset: str | None = None
    cell: tuple[int, int] | None = None  # confusion-matrix cell (true class, predicted class)
    architecture: str | None = None
    epochs: int | None = None
    # what the step must show (checked by the tests)
    expect: str | None = None           # the output grid, rows separated by " / "
    expect_formula: str | None = None   # text the output-size formula must contain
    expect_step: str | None = None      # the arithmetic of the cell at ``position``
    expect_uncovered: int | None = None  # rows/columns the window never reaches (stride does not fit)


@dataclass(frozen=True)
class Lesson:
    title: Text
    steps: tuple[Step, ...]
    description: Text | None = None
    #: Where the lesson was read from (relative image and model paths are resolved from its
    #: folder); not part of the lesson's value.
    source: Path | None = field(default=None, compare=False, repr=False)

    @property
    def base_dir(self) -> Path | None:
        return self.source.parent if self.source is not None else None
