"""The pages of the main window, in tab order.

Each entry is a builder ``builder(window, args) -> None`` that creates a page from its
controller (``cnnviz/app/<page>_controller.py``; the views it builds live in
``cnnviz/qt/<page>/``), adds it with ``window.add_page`` and keeps the controller on the
window (``window.lab``, ``window.digits``, …). Builders import their modules when called,
so the list costs nothing at start-up and no page pulls in Keras before the window paints.

After a page is built, ``window.add_page_names`` gives it its other names, so that
``--page`` (and :meth:`~cnnviz.qt.main_window.MainWindow.show_page`) accept the key, the
English tab title and the title in every translation, in any case.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Callable, NamedTuple


class PageSpec(NamedTuple):
    key: str
    module: str
    builder: str
    context: str        # the translation context of the tab title
    title: str          # the English tab title
    aliases: tuple[str, ...] = ()


PAGES: list[PageSpec] = [
    PageSpec("lab", "cnnviz.app.lab_controller", "build_lab", "LabBuilder", "Convolution Lab"),
    PageSpec("pooling", "cnnviz.app.pooling_controller", "build_pooling", "PoolLab", "Pooling Lab"),
    PageSpec("filters", "cnnviz.app.filters_controller", "build_filters", "FilterPage", "Image filters"),
    PageSpec("digits", "cnnviz.app.digits_page", "build_digits", "DigitsPage", "Draw a digit"),
    PageSpec("camera", "cnnviz.app.camera_controller", "build_camera", "CameraPage", "Camera"),
    PageSpec("features", "cnnviz.app.features_controller", "build_features", "FeaturesPage", "What filters look for"),
    PageSpec("model", "cnnviz.app.model_controller", "build_model", "ModelPage", "Model"),
    PageSpec("evaluate", "cnnviz.app.evaluate_controller", "build_evaluate", "EvaluatePage", "Evaluation"),
    PageSpec("train", "cnnviz.app.training_controller", "build_train", "TrainingPage", "Live training",
             ("training",)),
]
#: The page keys, in tab order (``--page`` lists them).
PAGE_KEYS: list[str] = [p.key for p in PAGES]


@lru_cache(maxsize=None)
def _translators() -> tuple:
    """One QTranslator per translated language (loaded from the bundled .qm files)."""
    from PySide6.QtCore import QTranslator

    from cnnviz.qt.i18n import TRANSLATED, qm_path

    out = []
    for lang in TRANSLATED:
        t = QTranslator()
        if qm_path(lang).exists() and t.load(str(qm_path(lang))):
            out.append(t)
    return tuple(out)


def page_names(spec: PageSpec) -> list[str]:
    """The names page ``spec`` answers to besides its key: the English title, its
    translations, and any aliases."""
    names = [spec.title, *spec.aliases]
    for t in _translators():
        text = t.translate(spec.context, spec.title)
        if text:
            names.append(text)
    return names


def _lazy(spec: PageSpec) -> Callable:
    def builder(window, args) -> None:
        getattr(importlib.import_module(spec.module), spec.builder)(window, args)
        if hasattr(window, "add_page_names"):
            window.add_page_names(spec.key, *page_names(spec))

    builder.__name__ = spec.builder
    builder.__qualname__ = spec.builder
    return builder


BUILDERS: list[Callable] = [_lazy(p) for p in PAGES]
