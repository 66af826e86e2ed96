"""Exports of the lab pages: GIF frame count, PNG size, CSV values, menu actions."""
from __future__ import annotations

import argparse

import imageio.v2 as imageio
import numpy as np
import pytest
from PySide6.QtGui import QImage

from cnnviz.app.lab_controller import ConvLabController
from cnnviz.core.walkthrough_frames import frame_positions
from cnnviz.app.pooling_controller import PoolLabController


@pytest.fixture
def lab(show_controller):
    return show_controller(ConvLabController(), 1200, 800)


@pytest.fixture
def window(qtbot):
    """The whole application window (all pages), 1300×850, shown."""
    from cnnviz.app.application import build_window

    args = argparse.Namespace(page=None, geometry=None, model=None, lang=None, presentation=False,
                              reset_settings=False)
    w = build_window(args)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_walkthrough_gif_has_a_frame_per_step(lab, tmp_path):
    lab.stepper.go_to(4)
    path = tmp_path / "mask.gif"
    assert lab.export_gif(path) == 10  # empty output + 9 steps
    frames = imageio.mimread(path)
    assert len(frames) == 10
    stage = lab.view.stage
    assert frames[0].shape[:2] == (stage.height(), stage.width())
    assert not np.array_equal(frames[1], frames[-1])
    assert lab.stepper.position == 4  # put back where it was
    assert lab.view.step_formula.text() == lab.result.step(4).formula()


def test_frame_positions_are_thinned_for_long_walkthroughs():
    assert frame_positions(3) == [-1, 0, 1, 2]
    pos = frame_positions(676, max_frames=100)
    assert len(pos) == 100 and pos[0] == -1 and pos[-1] == 675


def test_png_is_twice_the_stage_size(lab, tmp_path):
    path = tmp_path / "lab.png"
    lab.export_png(path)
    img = QImage(str(path))
    stage = lab.view.stage
    assert (img.width(), img.height()) == (2 * stage.width(), 2 * stage.height())


def test_csv_of_the_output_and_of_a_partly_filled_grid(lab, tmp_path):
    path = tmp_path / "out.csv"
    lab.export_csv(path)
    assert path.read_text().splitlines() == ["2,1,1", "0,2,2", "0,1,1"]
    lab.stepper.go_to(3)
    assert lab.view.output_grid.csv_text().splitlines() == ["2,1,1", "0,,", ",,"]


def test_pooling_gif_and_csv(show_controller, tmp_path):
    pool = show_controller(PoolLabController(), 1100, 700)
    assert pool.export_gif(tmp_path / "pool.gif") == 5
    assert len(imageio.mimread(tmp_path / "pool.gif")) == 5
    pool.export_csv(tmp_path / "pool.csv")
    assert pool.stepper.position == -1
    assert (tmp_path / "pool.csv").read_text().splitlines() == ["# max", "4,2", "1,6", "# avg", "1.25,0.75", "0.25,2"]


def test_export_menu_actions_write_files(window, tmp_path, monkeypatch):
    from cnnviz.qt import export

    target = {"path": ""}
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    for name, fname in (("labExportCsv", "a.csv"), ("labExportPng", "a.png"), ("poolingExportCsv", "p.csv"),
                        ("filtersExportPng", "f.png")):
        target["path"] = str(tmp_path / fname)
        from PySide6.QtGui import QAction

        action = window.findChild(QAction, name)
        assert action is not None, name
        action.trigger()
        assert (tmp_path / fname).exists(), name
    assert (tmp_path / "a.csv").read_text().splitlines()[0] == "2,1,1"
    window.show_page("pooling")
    window.lab.show_problem(np.eye(3), np.ones((2, 2)), title="from elsewhere")
    assert window.current_page_key() == "lab"
    assert window.lab.view.title.text() == "from elsewhere"
    window.close()


def test_gif_menu_action_writes_in_the_background(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QMenu

    from cnnviz.qt import export
    from cnnviz.app.lab_controller import build_lab

    class Window(QMainWindow):
        def __init__(self):
            super().__init__()
            self.file_menu = self.menuBar().addMenu("File")
            self.export_menu = QMenu("Export", self)
            self.pages = {}
            self.status = []

        def add_page(self, key, widget, title):
            self.pages[key] = widget
            self.setCentralWidget(widget)

        def show_page(self, key):
            return True

        def show_status(self, text, msecs=5000):
            self.status.append(text)

    w = Window()
    qtbot.addWidget(w)
    build_lab(w)
    w.resize(1100, 700)
    w.show()
    path = tmp_path / "walk.gif"
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    w.findChild(QAction, "labExportGif").trigger()
    qtbot.waitUntil(lambda: bool(w.status) and w.status[-1].startswith("Saved"), timeout=30000)
    assert len(imageio.mimread(path)) == 10


def test_lab_text_grows_with_zoom_and_presentation(window):
    pres = getattr(window, "presentation", None)
    if pres is None:
        pytest.skip("the shell has no presentation mode")
    lab = window.lab.view
    before = (lab.shape_label.font().pointSizeF(), lab.input_grid.font().pointSizeF(),
              lab.step_formula.fitted_font()[0].pointSizeF())
    pres.zoom_in()
    pres.zoom_in()
    after = (lab.shape_label.font().pointSizeF(), lab.input_grid.font().pointSizeF(),
             lab.step_formula.fitted_font()[0].pointSizeF())
    assert all(a > b * 1.1 for a, b in zip(after, before)), (before, after)
    window.show_page("pooling")  # a page hidden during the zoom catches up when shown
    assert window.pooling.view.shape_label.font().pointSizeF() == pytest.approx(after[0])
    pres.reset_zoom()
    window.close()


@pytest.mark.parametrize("make", [ConvLabController, PoolLabController])
def test_exports_leave_the_keyboard_hint_out(show_controller, make, tmp_path):
    from cnnviz.qt.export import PRESENTATION_SCALE, qimage_to_array, render_widget
    from cnnviz.qt.lab.walkthrough import walkthrough_frames

    ctl = show_controller(make(), 1200, 800)
    ctl.stepper.reset()
    where = ctl.view.step_where
    hint = where.text()
    assert "Space" in hint
    with_hint = qimage_to_array(render_widget(ctl.stage, 1.0))
    first = walkthrough_frames(ctl.stage, ctl.stepper, max_frames=3)[0]
    assert where.text() == hint                      # the screen still shows it
    where.setText("")
    without_hint = qimage_to_array(render_widget(ctl.stage, 1.0))
    where.setText(hint)
    assert np.array_equal(first, without_hint)
    assert not np.array_equal(first, with_hint)
    ctl.export_png(tmp_path / "stage.png")           # the PNG export too
    assert where.text() == hint
    png = qimage_to_array(QImage(str(tmp_path / "stage.png")))
    where.setText("")
    blank = qimage_to_array(render_widget(ctl.stage, PRESENTATION_SCALE))
    where.setText(hint)
    assert np.array_equal(png, blank)
