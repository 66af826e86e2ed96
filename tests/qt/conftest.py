"""Fixtures shared by the Qt page tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def show_controller(qtbot):
    """``show_controller(controller, width, height)``: the controller's real view, resized,
    shown and exposed (closed by qtbot after the test); returns the controller."""

    def show(controller, width: int, height: int):
        qtbot.addWidget(controller.view)
        controller.view.resize(width, height)
        controller.view.show()
        qtbot.waitExposed(controller.view)
        return controller

    return show
