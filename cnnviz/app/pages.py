"""The page builders, in tab order. Each is ``builder(window, args) -> None``."""
from __future__ import annotations

BUILDERS: list = []


# -- helper LAB: Convolution Lab, Pooling Lab, Image filters ----------------------------
def build_lab(window, args) -> None:
    from cnnviz.qt.lab.builder import build_lab as build

    build(window, args)


def build_pooling(window, args) -> None:
    from cnnviz.qt.pooling.pool_lab import build_pooling as build

    build(window, args)


def build_filters(window, args) -> None:
    from cnnviz.qt.filters.filter_page import build_filters as build

    build(window, args)


BUILDERS += [build_lab, build_pooling, build_filters]


# -- helper LIVE: draw a digit, watch the network ----------------------------------------
def build_digits(window, args) -> None:
    from cnnviz.app.digits import build_digits as build

    build(window, args)


BUILDERS += [build_digits]


# -- helper LOAD: the model page (open your own model, summary, class names) -------------
def build_model(window, args) -> None:
    from cnnviz.qt.model.controller import build_model as build

    build(window, args)


BUILDERS += [build_model]


# -- helper TRAIN: evaluation and live training ------------------------------------------
def build_evaluate(window, args) -> None:
    from cnnviz.app.evaluate_page import build_evaluate as build

    build(window, args)


def build_train(window, args) -> None:
    from cnnviz.app.training_page import build_train as build

    build(window, args)


BUILDERS += [build_evaluate, build_train]
