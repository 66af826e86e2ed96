"""The drawing canvas, driven with real (synthetic) mouse, tablet-free and touch events."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from cnnviz.qt.canvas import DrawingCanvas


@pytest.fixture
def canvas(qtbot):
    c = DrawingCanvas(brush_size=20)
    c.resize(280, 280)  # widget pixels == buffer pixels
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    return c


def stroke(canvas, points, button=Qt.MouseButton.LeftButton):
    pts = [QPoint(*p) for p in points]
    QTest.mousePress(canvas, button, Qt.KeyboardModifier.NoModifier, pts[0])
    for p in pts[1:]:
        QTest.mouseMove(canvas, p)
    QTest.mouseRelease(canvas, button, Qt.KeyboardModifier.NoModifier, pts[-1])


def test_new_canvas_is_empty(canvas):
    ink = canvas.ink()
    assert ink.shape == (280, 280) and ink.dtype == np.float32
    assert canvas.is_empty() and ink.max() == 0.0
    assert not canvas.can_undo() and not canvas.can_redo()


def test_vertical_stroke_draws_antialiased_line_where_the_mouse_went(canvas, qtbot):
    changes = []
    canvas.ink_changed.connect(lambda: changes.append(1))
    canvas.set_brush_size(21)  # odd width: the edges fall mid-pixel
    stroke(canvas, [(140, 60 + 10 * i) for i in range(17)])
    ink = canvas.ink()
    assert 0.0 <= ink.min() and ink.max() == pytest.approx(1.0)
    # Full ink on the path, nothing far away from it, soft (anti-aliased) edges in between.
    assert ink[100:200, 138:143].min() == pytest.approx(1.0)
    assert ink[:, :110].max() == 0 and ink[:, 171:].max() == 0
    assert ink[:40].max() == 0 and ink[241:].max() == 0
    edge = ink[120, 125:155]
    assert np.any((edge > 0.05) & (edge < 0.95)), "stroke edges are not anti-aliased"
    cols = np.nonzero(ink[150] > 0.5)[0]
    assert 19 <= cols.size <= 23, "brush diameter ≈ 21 px"
    # One ink_changed per pen movement (cheap, live), not just at release.
    assert len(changes) >= 16


def test_ink_and_set_ink_round_trip_and_resize(canvas):
    a = np.zeros((280, 280), np.float32)
    a[100:180, 50:60] = 1.0
    a[10, 10] = 0.5
    canvas.set_ink(a)
    np.testing.assert_allclose(canvas.ink(), a, atol=1 / 255)
    small = np.zeros((28, 28), np.float32)
    small[4:24, 13:15] = 1.0
    canvas.set_ink(small)
    ink = canvas.ink()
    assert ink[60:220, 135:145].mean() > 0.9 and ink[:, :120].max() == 0
    with pytest.raises(ValueError, match="2-D"):
        canvas.set_ink(np.zeros(5))
    canvas.set_ink(np.full((10, 10), 255, np.uint8))
    assert canvas.ink().min() == pytest.approx(1.0)


def test_undo_redo_per_stroke_and_clear(canvas):
    stroke(canvas, [(60, 60), (60, 120), (60, 200)])
    first = canvas.ink()
    stroke(canvas, [(200, 60), (200, 200)])
    both = canvas.ink()
    assert both[:, 190:210].max() == 1.0 and first[:, 190:210].max() == 0
    canvas.undo()
    np.testing.assert_array_equal(canvas.ink(), first)
    assert canvas.can_redo()
    canvas.redo()
    np.testing.assert_array_equal(canvas.ink(), both)
    canvas.clear()
    assert canvas.is_empty()
    canvas.undo()
    np.testing.assert_array_equal(canvas.ink(), both)
    canvas.undo()
    canvas.undo()
    assert canvas.is_empty() and not canvas.can_undo()
    # A new stroke after undo drops the redo history.
    stroke(canvas, [(100, 100), (120, 100)])
    assert not canvas.can_redo()


def test_keyboard_undo_clear_eraser_and_brush(canvas):
    stroke(canvas, [(140, 40), (140, 240)])
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.is_empty()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not canvas.is_empty()
    size = canvas.brush_size()
    QTest.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert canvas.brush_size() == size + 2
    QTest.keyClick(canvas, Qt.Key.Key_E)
    assert canvas.is_eraser()
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.is_empty()


def test_eraser_removes_ink_and_right_button_erases_temporarily(canvas):
    canvas.set_ink(np.ones((280, 280), np.float32))
    canvas.set_eraser(True)
    stroke(canvas, [(140, 20), (140, 260)])
    ink = canvas.ink()
    assert ink[30:250, 135:146].max() == 0.0 and ink[:, :100].min() == 1.0
    canvas.set_eraser(False)
    stroke(canvas, [(60, 20), (60, 260)], button=Qt.MouseButton.RightButton)
    assert canvas.ink()[30:250, 55:66].max() == 0.0
    assert not canvas.is_eraser(), "the right button erases only while held"


def test_widget_coordinates_map_to_the_buffer_when_scaled(qtbot):
    c = DrawingCanvas(brush_size=10)
    qtbot.addWidget(c)
    c.resize(560, 700)  # square buffer shown 2× and centred vertically (70 px margin)
    c.show()
    qtbot.waitExposed(c)
    stroke(c, [(280, 70 + 100), (280, 70 + 400)])
    ink = c.ink()
    rows = np.nonzero(ink[:, 140] > 0.5)[0]
    assert abs(rows.min() - (50 - 5)) <= 2 and abs(rows.max() - (200 + 5)) <= 2
    assert np.nonzero(ink[120] > 0.5)[0].mean() == pytest.approx(140, abs=1)


def test_scripted_strokes_in_buffer_coordinates_are_smooth(canvas):
    # A circle sampled at only 12 points still gives a round ring, not a polygon.
    t = np.linspace(0, 2 * np.pi, 13)
    pts = [QPointF(140 + 80 * np.cos(a), 140 + 80 * np.sin(a)) for a in t]
    canvas.set_brush_size(8)
    canvas.begin_stroke(pts[0])
    for p in pts[1:]:
        canvas.continue_stroke(p)
    canvas.end_stroke()
    ink = canvas.ink()
    yy, xx = np.nonzero(ink > 0.5)
    r = np.hypot(yy - 140, xx - 140)
    assert ink[140, 140] == 0 and r.min() > 70 and r.max() < 90
    assert not canvas.is_drawing() and canvas.can_undo()


def test_touch_draws(canvas, qtbot):
    from PySide6.QtGui import QInputDevice, QPointingDevice

    dev = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    seq = QTest.touchEvent(canvas, dev)
    seq.press(0, QPoint(100, 50)).commit()
    for y in range(60, 230, 10):
        QTest.touchEvent(canvas, dev).move(0, QPoint(100, y)).commit()
    QTest.touchEvent(canvas, dev).release(0, QPoint(100, 230)).commit()
    ink = canvas.ink()
    assert ink[80:200, 97:103].min() > 0.9 and ink[:, 150:].max() == 0


def test_ink_changed_carries_the_drawn_pixels_as_a_copy_the_listener_may_keep(canvas):
    got = []
    canvas.ink_changed.connect(got.append)
    stroke(canvas, [(60, 140 + 5 * i) for i in range(6)])
    assert got and all(a.dtype == np.uint8 and a.shape == (280, 280) for a in got)
    np.testing.assert_array_equal(got[-1], canvas.ink_u8())  # the last event is the final ink
    first = got[0].copy()
    stroke(canvas, [(200, 40), (200, 120)])  # later strokes do not change what was handed over
    np.testing.assert_array_equal(got[0], first)
    assert got[-1][80, 200] == 255 and first[80, 200] == 0
    canvas.clear()
    assert not got[-1].any()
    canvas.set_ink(np.ones((28, 28), np.float32))
    assert got[-1].min() == 255
