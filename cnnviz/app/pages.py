"""The pages of the main window, in tab order.

Each entry is a builder ``builder(window, args) -> None`` that creates a page and its
controller, adds it with ``window.add_page`` and keeps the controller on the window
(``window.lab``, ``window.digits``, …). Builders import their modules when called, so
the list costs nothing at start-up and no page pulls in Keras before the window paints.
"""
from __future__ import annotations

import importlib
from typing import Callable


def _lazy(module: str, name: str) -> Callable:
    def builder(window, args) -> None:
        getattr(importlib.import_module(module), name)(window, args)

    builder.__name__ = name
    builder.__qualname__ = name
    return builder


BUILDERS: list[Callable] = [
    _lazy("cnnviz.qt.lab.builder", "build_lab"),                  # Convolution Lab
    _lazy("cnnviz.qt.pooling.pool_lab", "build_pooling"),         # Pooling Lab
    _lazy("cnnviz.qt.filters.filter_page", "build_filters"),      # Image filters
    _lazy("cnnviz.app.digits_page", "build_digits"),              # Draw a digit, watch the network
    _lazy("cnnviz.qt.model.controller", "build_model"),           # Your own model: summary, class names
    _lazy("cnnviz.app.evaluate_page", "build_evaluate"),          # Evaluation on a test set
    _lazy("cnnviz.app.training_page", "build_train"),             # Live training
]
