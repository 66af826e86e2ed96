"""What a lesson step points the class at (its ``highlight`` list), said in the interface
language for the narration panel ("Look at: the padding, the formula"), and the tab of
the digit page that shows it."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cnnviz.lessons import Step


def _tr(text: str) -> str:
    return QCoreApplication.translate("LessonHighlights", text)


def _names() -> dict[tuple[str, str], str]:
    return {
        ("lab", "input"): _tr("the input"), ("lab", "kernel"): _tr("the kernel"),
        ("lab", "output"): _tr("the output"), ("lab", "window"): _tr("the window the filter covers"),
        ("lab", "formula"): _tr("the output-size formula"), ("lab", "padding"): _tr("the padding"),
        ("lab", "stride"): _tr("the stride"), ("lab", "message"): _tr("the message under the output"),
        ("pooling", "input"): _tr("the input"), ("pooling", "output"): _tr("the output"),
        ("pooling", "winner"): _tr("the winning cells"), ("pooling", "compare"): _tr("the result beside it"),
        ("pooling", "formula"): _tr("the output-size formula"),
        ("filters", "image"): _tr("the image"), ("filters", "kernel"): _tr("the kernel"),
        ("filters", "result"): _tr("the result"), ("filters", "channels"): _tr("the three channels"),
        ("filters", "colours"): _tr("the colours of negative and positive values"),
        ("digits", "canvas"): _tr("the drawing"), ("digits", "probabilities"): _tr("the probability bars"),
        ("digits", "maps"): _tr("the feature maps"), ("digits", "map"): _tr("the enlarged feature map"),
        ("digits", "kernels"): _tr("the learned kernels"), ("digits", "sliders"): _tr("the sliders"),
        ("digits", "gradcam"): _tr("the Grad-CAM heat map"),
        ("model", "summary"): _tr("the layer summary"), ("model", "classes"): _tr("the classes"),
        ("model", "maps"): _tr("the feature maps"),
        ("evaluate", "accuracy"): _tr("the accuracy"), ("evaluate", "confusion"): _tr("the confusion matrix"),
        ("evaluate", "gallery"): _tr("the examples below it"),
        ("train", "form"): _tr("the training settings"), ("train", "curves"): _tr("the loss curves"),
        ("train", "checkpoint"): _tr("the best checkpoint"),
    }


def look_at(step: Step) -> str:
    """"Look at: the padding, the formula" for the panel; "" when the step points at nothing."""
    names = _names()
    items = [names.get((step.page, h), h) for h in step.highlight]
    if not items:
        return ""
    return _tr("Look at: %1").replace("%1", ", ".join(items))


#: The digit page's tab that shows each highlight (the first one that has a tab wins).
DIGIT_TABS = {"maps": "maps", "map": "maps", "kernels": "kernels", "sliders": "explore", "gradcam": "explore"}


def digits_tab(step: Step) -> str | None:
    """"maps", "kernels" or "explore": the digit page's tab for the step, or None."""
    return next((DIGIT_TABS[h] for h in step.highlight if h in DIGIT_TABS), None)
