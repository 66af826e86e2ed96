"""Lab pages keep their state through a session (JSON round trip) and reject bad state."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cnnviz.app.filters_controller import FilterController
from cnnviz.app.lab_controller import ConvLabController
from cnnviz.app.pooling_controller import PoolLabController


def test_lab_round_trip(qtbot):
    a = ConvLabController()
    qtbot.addWidget(a.view)
    a.load_example("filter_3x3_stride2")
    a.view.kernel_editor.set_cell_text(0, 0, "-3")
    a.view.flip.setChecked(True)
    a.view.bias.setValue(1.5)
    a.stepper.go_to(4)
    state = json.loads(json.dumps(a.session_state()))
    b = ConvLabController()
    qtbot.addWidget(b.view)
    b.restore_session_state(state)
    assert b.stepper.position == 4
    assert np.array_equal(b.result.output, a.result.output)
    assert b.view.step_formula.text() == a.view.step_formula.text()
    assert b.view.output_grid.texts() == a.view.output_grid.texts()
    assert b.settings() == a.settings()


def test_lab_rejects_bad_state_and_keeps_its_own(qtbot):
    lab = ConvLabController()
    qtbot.addWidget(lab.view)
    before = lab.session_state()
    bad = dict(before, kernel=[[1, 2, 3]] * 9)
    with pytest.raises(ValueError):
        lab.restore_session_state(bad)
    with pytest.raises(KeyError):
        lab.restore_session_state({"kernel": [[1]]})
    assert lab.session_state() == before


def test_pooling_and_filters_round_trip(qtbot, tmp_path):
    import cv2

    p = PoolLabController()
    qtbot.addWidget(p.view)
    p.load_preset("maxpool_large")
    p.set_modes("min", "avg")
    p.stepper.go_to(2)
    q = PoolLabController()
    qtbot.addWidget(q.view)
    q.restore_session_state(json.loads(json.dumps(p.session_state())))
    assert q.view.left_grid.texts() == p.view.left_grid.texts()
    assert q.view.input_grid.marked() == p.view.input_grid.marked()

    img = np.full((20, 30, 3), 80, np.uint8)
    path = tmp_path / "grey.png"
    cv2.imwrite(str(path), img)
    f = FilterController()
    qtbot.addWidget(f.view)
    f.open_image(path)
    f.set_kernel_source("sharpen")
    g = FilterController()
    qtbot.addWidget(g.view)
    g.restore_session_state(json.loads(json.dumps(f.session_state())))
    assert g.image().shape == (20, 30, 3)
    assert g.view.kernel_source.currentData() == "sharpen"
    np.testing.assert_allclose(g.result.total, f.result.total)
    with pytest.raises(ValueError):
        g.restore_session_state({"border": "mirror-ish"})
