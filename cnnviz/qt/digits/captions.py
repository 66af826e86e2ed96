"""The words under the model input: how the drawing becomes what the loaded model sees
(the digit rule's sizes, the colour channels, the pixel value range), so that a CIFAR
or Teachable Machine model is not described as MNIST."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cnnviz.core.model_input import ink_geometry


def _tr(text: str) -> str:
    return QCoreApplication.translate("DigitsPage", text)


def input_caption(input_shape, digit_like: bool = False, input_range=(0.0, 1.0)) -> str:
    """The caption for a model with ``input_shape (H, W, C)`` and pixel ``input_range``."""
    h, w, c = (int(v) for v in input_shape)
    side, box = ink_geometry((h, w, c))
    if (h, w) == (side, side):
        text = _tr("What the network sees: the drawing cropped, scaled to {0}×{0} and centred "
                   "by its mass in {1}×{2}").format(box, h, w)
    else:
        text = _tr("What the network sees: the drawing cropped, scaled to {0}×{0}, centred by "
                   "its mass in {1}×{1} and cut to {2}×{3}").format(box, side, h, w)
    text += _tr(", as MNIST was made.") if digit_like and (h, w, c) == (28, 28, 1) else "."
    if c == 1:
        text += " " + _tr("One gray channel: white ink on black.")
    else:
        text += " " + _tr("The gray drawing is copied into all {0} channels: the model sees no "
                          "colour.").format(c)
    lo, hi = (float(v) for v in input_range)
    text += " " + _tr("Pixel values from {0:g} (black) to {1:g} (white).").format(lo, hi)
    return text
