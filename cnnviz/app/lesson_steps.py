"""One lesson step applied to the window's pages, and a page's state for "Record step".

Everything goes through the page controllers' public API: ``session_state()`` →
:func:`cnnviz.lessons.state_for` → ``restore_session_state()``, plus what a state dict
cannot carry: an input preset, an image, a drawn digit (rendered from the pen-stroke
templates of :mod:`cnnviz.core.digit_strokes`), a model to load, the evaluation data set.
Problems never raise: they come back as lines for the narration panel.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.lessons import Missing, Step, pen_strokes, state_for

log = logging.getLogger(__name__)

#: The window attribute holding each page's controller.
CONTROLLERS = {"lab": "lab", "pooling": "pooling", "filters": "filters", "digits": "digits",
               "camera": "camera", "features": "features", "model": "model_page", "evaluate": "evaluation",
               "train": "training"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LessonSteps", text)


def missing_note(m: Missing) -> str:
    if m.kind == "model":
        return _tr('Step %1: the model “%2” was not found; the current model stays.').replace(
            "%1", str(m.step)).replace("%2", m.name)
    return _tr('Step %1: the image “%2” was not found; the page keeps its current input.').replace(
        "%1", str(m.step)).replace("%2", m.name)


def controller(window, page: str):
    return getattr(window, CONTROLLERS.get(page, ""), None)


def apply_step(window, step: Step, missing: tuple[Missing, ...], resolver, replay=None) -> list[str]:
    """Show the step's page and set it up; returns the notes for the panel (missing
    files, settings that did not apply), empty when everything took effect. A drawing
    (``digit`` or ``strokes`` input) is drawn by ``replay`` (a
    :class:`~cnnviz.app.lesson_replay.StrokeReplay`) as pen moves, else at once."""
    notes = [missing_note(m) for m in missing]
    if not window.show_page(step.page):
        notes.append(_tr("This step is for the page “%1”, which this window does not have.").replace(
            "%1", step.page))
        return notes
    ctl = controller(window, step.page)
    missing_names = {(m.kind, m.name) for m in missing}
    try:
        _apply(window, ctl, step, resolver, missing_names, replay)
    except Exception as exc:  # noqa: BLE001 - a step that does not apply must not end the lesson
        log.warning("lesson step on %s: %s", step.page, exc, exc_info=True)
        notes.append(_tr("This step could not be set up completely: %1").replace("%1", str(exc)))
    return notes


def _apply(window, ctl, step: Step, resolver, missing: set, replay) -> None:
    image = None
    if step.input is not None and step.input.kind == "image" and ("image", str(step.input.value)) not in missing:
        image = resolver("image", str(step.input.value))
    if step.model is not None and ("model", step.model) not in missing:
        _open_model(window, resolver("model", step.model))
    if ctl is not None and hasattr(ctl, "restore_session_state"):
        state = state_for(step, ctl.session_state(), resolver)
        if step.input is not None and step.input.kind == "preset":
            _preset_input(step, state)
        drawing = step.page == "digits" and step.input is not None and step.input.kind in ("digit", "strokes")
        canvas = getattr(ctl, "canvas", None) if drawing and replay is not None else None
        if drawing and canvas is None:
            _drawn_input(step, state)
        if step.page == "digits":
            _digits_tab(ctl, step, state)
        if step.page == "lab" and _changes_example(step):
            # The example's name ("3×3 filter, no padding") would contradict the step:
            # the lab's heading shows the step's title instead.
            from cnnviz.qt.i18n import current_language

            state.update(input_item="", title=step.title.get(current_language()))
        ctl.restore_session_state(state)
        if canvas is not None:
            replay.start(canvas, pen_strokes(step.input))
    if image is not None and step.page in ("lab", "pooling", "digits") and hasattr(ctl, "open_image"):
        ctl.open_image(str(image))
    if step.page == "evaluate" and ctl is not None:
        _evaluation(ctl, step)


def _evaluation(ctl, step: Step) -> None:
    """The data set to evaluate on, and the confusion-matrix cell to open: now when the
    page shows a result, else as soon as the class presses Evaluate."""
    page = ctl.page
    if step.dataset is not None:
        i = page.dataset.findData(step.dataset)
        if i >= 0:
            page.dataset.setCurrentIndex(i)
    if step.cell is None:
        return
    cell = tuple(step.cell)
    if page.data is not None and page.data.dataset == page.dataset.currentData():
        _open_cell(page, cell)
        return

    def when_evaluated(_data) -> None:
        ctl.evaluated.disconnect(when_evaluated)
        _open_cell(page, cell)

    ctl.evaluated.connect(when_evaluated)


def _open_cell(page, cell: tuple[int, int]) -> None:
    k = len(page.data.class_names) if page.data is not None else 0
    if all(0 <= c < k for c in cell):
        page.show_cell(*cell)


def _changes_example(step: Step) -> bool:
    """Whether a lab step changes its worked example's kernel or settings."""
    from cnnviz.core import examples

    if step.example is None:
        return False
    e = examples.CONV_BY_KEY[step.example]
    return (step.kernel is not None or step.dilation not in (None, 1, (1, 1))
            or step.padding not in (None, e.padding) or step.stride not in (None, e.stride, (e.stride, e.stride)))


def _digits_tab(ctl, step: Step, state: dict) -> None:
    """The tab that shows what the step points at (kernels: the kernel grid, …)."""
    from cnnviz.app.lesson_highlights import digits_tab

    tab = digits_tab(step)
    page = getattr(ctl, "page", None)
    widgets = {"maps": getattr(page, "maps_split", None), "kernels": getattr(page, "kernels", None),
               "explore": getattr(page, "explore", None)}
    target, tabs = widgets.get(tab), getattr(page, "tabs", None)
    if target is None or tabs is None:
        return
    index = next((i for i in range(tabs.count())
                  if tabs.widget(i) is target or tabs.widget(i).isAncestorOf(target)), -1)
    if index >= 0:
        state["tab"] = index


def _open_model(window, path: Path | None) -> None:
    """Load the step's model unless it is already the current (or loading) one."""
    hub = getattr(window, "model_hub", None)
    if hub is None or path is None:
        return
    current = getattr(hub.current, "path", None)
    same = lambda p: p is not None and Path(p).resolve() == Path(path).resolve()  # noqa: E731
    if not same(current) and not same(hub.pending_path):
        hub.open(str(path))


def _preset_input(step: Step, state: dict) -> None:
    from cnnviz.qt.lab.inputs import conv_input_presets, pool_input_presets

    key = str(step.input.value)
    presets = conv_input_presets() if step.page == "lab" else pool_input_presets()
    preset = next((p for p in presets if p.key == key), None)
    if preset is None:
        raise ValueError(f"no input preset {key!r} on the {step.page} page")
    state["input"] = np.asarray(preset.values, dtype=np.float64).tolist()
    state["input_item"] = f"input:{key}" if step.page == "lab" else key


def _drawn_input(step: Step, state: dict) -> None:
    """A ``digit`` or ``strokes`` input as the canvas's ink, drawn with its brush."""
    from cnnviz.app.session import decode_array, encode_array
    from cnnviz.core.digit_strokes import render_strokes

    shape = decode_array(state["ink"]).shape if "ink" in state else (280, 280)
    brush = float(state.get("brush", shape[0] / 14))
    state["ink"] = encode_array(render_strokes(pen_strokes(step.input), shape, brush))


def recordable_state(window, page: str) -> dict:
    """What "Record step" records for ``page``: its controller's state plus the model."""
    ctl = controller(window, page)
    state = dict(ctl.session_state()) if ctl is not None and hasattr(ctl, "session_state") else {}
    if page in ("digits", "model", "evaluate"):
        loaded = getattr(getattr(window, "model_hub", None), "current", None)
        path = getattr(loaded, "path", None)
        if path:
            from cnnviz.package_data import models_dir

            p = Path(path)
            state["model"] = p.stem if p.parent.resolve() == models_dir().resolve() else str(p)
        if page == "evaluate" and ctl is not None:
            state["dataset"] = ctl.page.dataset.currentData()
    if page == "digits":
        state.pop("ink", None)  # a drawing is not recorded (see cnnviz.lessons.record)
    return state
