"""DigitSession and the evented-model helper, without Qt."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pytest

from cnnviz.core.augment import Transform
from cnnviz.state.digit_session import DigitSession, Picture, check_ink
from cnnviz.state.events import Emitter, EventedModel


@dataclass(frozen=True)
class _Layer:
    name: str


@dataclass(frozen=True)
class _Model:
    model_id: int
    layers: list


@dataclass(frozen=True)
class _Result:
    model_id: int
    maps: list


def test_the_ink_event_carries_the_array_that_was_set():
    s = DigitSession()
    got = []
    s.events.ink.connect(got.append)
    ink = np.zeros((280, 280), np.uint8)
    ink[10:20, 10:20] = 255
    s.ink = ink
    assert len(got) == 1 and got[0] is ink
    s.ink = ink  # the same object again: nothing new to tell
    assert len(got) == 1
    s.ink = ink.copy()  # a new drawing (equal pixels, new array) is announced
    assert len(got) == 2


def test_each_field_has_its_own_event_and_equal_values_do_not_emit():
    s = DigitSession()
    seen = []
    for name in DigitSession.FIELDS:
        getattr(s.events, name).connect(lambda v, n=name: seen.append((n, v)))
    s.transform = Transform(dx=2)
    s.transform = Transform(dx=2)      # equal: silent
    s.show_steps = True
    s.gradcam = ("conv1", None)
    s.selected_map = ("conv1", 3)
    assert seen == [("transform", Transform(dx=2)), ("show_steps", True),
                    ("gradcam", ("conv1", None)), ("selected_map", ("conv1", 3))]


def test_blocked_changes_are_stored_but_not_announced():
    s = DigitSession()
    got = []
    s.events.ink.connect(got.append)
    ink = np.ones((4, 4), np.uint8)
    with s.events.ink.blocked():
        s.ink = ink
    assert got == [] and s.ink is ink
    s.ink = np.zeros((4, 4), np.uint8)
    assert len(got) == 1


def test_update_emits_in_order_and_unknown_fields_are_refused():
    s = DigitSession()
    order = []
    s.events.show_steps.connect(lambda v: order.append("steps"))
    s.events.gradcam.connect(lambda v: order.append("cam"))
    s.update(gradcam=(None, 1), show_steps=True)
    assert order == ["cam", "steps"]
    with pytest.raises(AttributeError, match="no field 'inkk'"):
        s.inkk = 1
    with pytest.raises(TypeError, match="no field colour"):
        DigitSession(colour=1)


def test_a_listener_may_change_another_field():
    s = DigitSession()
    s.events.model.connect(lambda m: setattr(s, "result", None))
    s.result = _Result(1, [])
    s.model = _Model(2, [])
    assert s.result is None


def test_the_emitter_checks_callbacks_and_disconnects():
    e = Emitter("x")
    with pytest.raises(TypeError, match="must be callable"):
        e.connect(42)
    got = []
    e.connect(got.append)
    e.emit(1)
    e.disconnect(got.append)
    e.emit(2)
    assert got == [1] and len(e) == 0
    with pytest.raises(ValueError, match="is not connected"):
        e.disconnect(got.append)


def test_maps_of_the_latest_result_by_layer_name():
    s = DigitSession()
    s.model = _Model(7, [_Layer("conv1"), _Layer("pool1")])
    maps = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    s.result = _Result(7, [maps, maps[:1]])
    assert s.layer_indices() == {"conv1": 0, "pool1": 1}
    np.testing.assert_array_equal(s.map_values("conv1", 2), maps[:, :, 2])
    assert s.map_values("conv1", 4) is None and s.map_values("dense", 0) is None
    assert s.result_matches_model(_Result(7, [])) and not s.result_matches_model(_Result(6, []))
    s.model = _Model(8, [_Layer("other")])
    assert s.layer_indices() == {"other": 0}


def test_check_ink_says_what_is_wrong():
    assert check_ink(np.zeros((3, 5))).shape == (3, 5)
    with pytest.raises(ValueError, match="2-D image"):
        check_ink(np.zeros((3, 5, 2)))
    with pytest.raises(ValueError, match="got shape \\(1, 5\\)"):
        check_ink(np.zeros((1, 5)))


def test_a_picture_is_plain_data():
    p = Picture(np.zeros((28, 28), np.uint8), "test set", exact=True)
    assert p.exact and p.source == "test set"


def test_a_model_of_ones_own():
    class Pen(EventedModel):
        FIELDS = {"size": 10}

    pen = Pen(size=3)
    got = []
    pen.events.size.connect(got.append)
    pen.size = 4
    assert pen.size == 4 and got == [4]


def test_the_state_package_imports_no_qt_and_no_keras():
    code = ("import sys, cnnviz.state, cnnviz.state.events, cnnviz.state.digit_session\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph', 'keras', 'tensorflow')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_the_same_picture_chosen_twice_runs_twice():
    s = DigitSession()
    got = []
    s.events.picture.connect(got.append)
    sample = np.zeros((28, 28), np.uint8)
    s.picture = Picture(sample, "test set", exact=True)
    s.picture = Picture(sample, "test set", exact=True)
    assert len(got) == 2
