"""The Pooling Lab's controller (``window.pooling``): the input, the two pooling results
and the step position, shown by :class:`cnnviz.qt.pooling.pool_lab_view.PoolLabView`.
:func:`build_pooling` adds the page to the window."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.app.lab_export_actions import add_export_actions
from cnnviz.core.images import ImageReadError
from cnnviz.core.grid_text import grid_csv_text
from cnnviz.core.lab_inputs import image_as_input
from cnnviz.core.matrices import MatrixParseError, parse_matrix
from cnnviz.core.pooling import PoolResult
from cnnviz.qt.lab.inputs import pool_input_presets
from cnnviz.qt.lab.page_frame import StageExports
from cnnviz.qt.lab.screen_hints import set_screen_hint
from cnnviz.qt.lab.stepping import connect_zoom, install_stepping
from cnnviz.qt.pooling.pool_lab_view import LAB_OUTPUT, PoolLabView, mode_name
from cnnviz.state.conv_lab import MAX_INPUT_SIDE
from cnnviz.state.pool_lab import PoolLabState, check_saved_pool, pool_input
from cnnviz.qt.file_dialogs import ask_image_path


class PoolLabController(StageExports, QObject):
    """The Pooling Lab (``window.pooling``): keeps ``view`` in step with ``state`` (a
    :class:`~cnnviz.state.pool_lab.PoolLabState`) and the stepper."""

    result_changed = Signal()

    def __init__(self, parent: QObject | None = None, lab_output: Callable[[], np.ndarray | None] | None = None) -> None:
        super().__init__(parent)
        self.view = PoolLabView()
        v = self.view
        self._lab_output = lab_output
        install_stepping(self, v, "pooling")
        self._presets = pool_input_presets()
        self.state = PoolLabState(self._presets[0].values)
        self._loading = False
        for p in self._presets:
            v.input_preset.addItem(p.name, p.key)
        v.input_preset.addItem(self.tr("Convolution output from the lab"), LAB_OUTPUT)
        v.use_lab.setEnabled(lab_output is not None)
        v.input_preset.activated.connect(self._on_preset)
        v.use_lab.clicked.connect(self.use_lab_output)
        v.input_text.returnPressed.connect(self._on_text)
        v.open_button.clicked.connect(self._ask_image)
        for s in (v.size, v.stride):
            s.valueChanged.connect(self.recompute)
        for c in (v.padding, v.left_mode, v.right_mode):
            c.currentIndexChanged.connect(self.recompute)
        self.stepper.position_changed.connect(self._show_step)
        self.recompute(keep_position=False)

    # -- public API ---------------------------------------------------------------------
    @property
    def results(self) -> tuple[PoolResult | None, PoolResult | None]:
        return self.state.left, self.state.right

    def error(self) -> str:
        return self.state.error

    def input(self) -> np.ndarray:
        return self.state.input.copy()

    def load_preset(self, key: str) -> None:
        p = next(p for p in self._presets if p.key == key)
        self._select(key)
        self.load_input(p.values, select=False)

    def load_input(self, values: np.ndarray, *, select: bool = True) -> bool:
        a = pool_input(values)
        if a is None:
            self._input_error(self.tr("the Pooling Lab needs a 2-D input up to %1×%1, got shape %2")
                              .replace("%1", str(MAX_INPUT_SIDE)).replace("%2", str(np.shape(values))))
            return False
        self.view.input_error.hide()
        self.state.input = a
        if select:
            self._select("")
        self.recompute(keep_position=False)
        return True

    def use_lab_output(self) -> bool:
        """Pool the Convolution Lab's current output."""
        out = self._lab_output() if self._lab_output else None
        if out is None:
            self._input_error(self.tr("The Convolution Lab has no output (its settings do not fit)."))
            return False
        ok = self.load_input(out, select=False)
        if ok:
            self._select(LAB_OUTPUT)
        return ok

    def set_modes(self, left: str, right: str) -> None:
        v = self.view
        self._loading = True
        v.left_mode.setCurrentIndex(v.left_mode.findData(left))
        v.right_mode.setCurrentIndex(v.right_mode.findData(right))
        self._loading = False
        self.recompute()

    def set_pool(self, size: int, stride: int | None = None, padding: str = "valid") -> None:
        v = self.view
        self._loading = True
        v.size.setValue(size)
        v.stride.setValue(0 if stride is None else stride)
        v.padding.setCurrentIndex(v.padding.findData(padding))
        self._loading = False
        self.recompute(keep_position=False)

    def session_state(self) -> dict:
        v = self.view
        return {
            "input": self.state.input.tolist(),
            "input_item": v.input_preset.currentData() or "",
            "size": v.size.value(),
            "stride": v.stride.value(),
            "padding": v.padding.currentData(),
            "left": v.left_mode.currentData(),
            "right": v.right_mode.currentData(),
            "position": self.stepper.position,
            "speed_index": self.stepper.speed_index(),
            "controls_visible": self.actions["toggleControls"].isChecked(),
        }

    def restore_session_state(self, state: dict) -> None:
        x = check_saved_pool(state)
        v = self.view
        modes = {"left": v.left_mode, "right": v.right_mode}
        self._loading = True
        try:
            self.state.input = x
            v.size.setValue(int(state.get("size", 2)))
            v.stride.setValue(int(state.get("stride", 0)))
            v.padding.setCurrentIndex(v.padding.findData(state.get("padding", "valid")))
            for key, combo in modes.items():
                combo.setCurrentIndex(combo.findData(state.get(key, "max")))
        finally:
            self._loading = False
        self._select(str(state.get("input_item", "")))
        self.stepper.set_speed_index(int(state.get("speed_index", self.stepper.speed_index())))
        self.actions["toggleControls"].setChecked(bool(state.get("controls_visible", True)))
        self.recompute(keep_position=False)
        if self.state.left is not None:
            self.stepper.go_to(int(state.get("position", -1)))

    # PNG and GIF exports: StageExports
    def export_csv(self, path: str | Path) -> None:
        """Both outputs: the left one, an empty line, the right one."""
        left, right = self.state.left, self.state.right
        if left is None or right is None:
            raise ValueError(self.state.error or "no output to export")
        text = (f"# {left.mode}\n" + grid_csv_text(left.output2d()) +
                f"# {right.mode}\n" + grid_csv_text(right.output2d()))
        Path(path).write_text(text, encoding="utf-8")

    # -- computing ----------------------------------------------------------------------
    def recompute(self, *_args, keep_position: bool = True) -> None:
        if self._loading:
            return
        v = self.view
        size = v.size.value()
        stride = v.stride.value() or None
        padding = v.padding.currentData()
        pos = self.stepper.position if keep_position else -1
        if not self.state.compute(size, stride, padding, v.left_mode.currentData(), v.right_mode.currentData()):
            self._show_error(self.state.error)
            return
        left, right = self.state.left, self.state.right
        v.error.hide()
        geo = left.geometry
        oh, ow = geo.out_shape
        v.shape_label.setText(self.tr("Output %1×%2").replace("%1", str(oh)).replace("%2", str(ow)))
        v.shape_formula.setText(geo.formula())
        notes = geo.notes()
        v.notes.setText("\n".join(notes))
        v.notes.setVisible(bool(notes))
        h, w = self.state.input.shape
        v.input_grid.set_title(self.tr("Input %1×%2").replace("%1", str(h)).replace("%2", str(w)))
        levels, signed = self.state.levels()
        v.input_grid.set_data(left.padded[:, :, 0], pads=geo.pads, levels=levels, signed=signed)
        for grid, res in ((v.left_grid, left), (v.right_grid, right)):
            grid.set_data(res.output2d(), levels=levels, signed=signed)
            grid.set_title(mode_name(res.mode) + f" {oh}×{ow}")
        self.stepper.set_count(left.n_steps, position=pos)
        self.result_changed.emit()

    def _show_error(self, message: str) -> None:
        v = self.view
        self.state.fail(message)
        v.error.setText(message)
        v.error.show()
        v.shape_label.setText(self.tr("No output"))
        v.shape_formula.setText("")
        v.notes.hide()
        v.input_grid.set_data(self.state.input)
        v.input_grid.set_window(None)
        v.input_grid.set_marked([])
        for g in (v.left_grid, v.right_grid):
            g.clear(self.tr("These settings give no output."))
        self.stepper.set_count(0)
        v.left_formula.setText("")
        v.right_formula.setText("")
        v.step_where.setText(self.tr("Stepping is off until the settings fit the input."))
        self.result_changed.emit()

    def _show_step(self, pos: int) -> None:
        left, right = self.state.left, self.state.right
        v = self.view
        if left is None or right is None:
            return
        if pos < 0:
            v.input_grid.set_window(None)
            v.input_grid.set_marked([])
            for g in (v.left_grid, v.right_grid):
                g.set_fill_count(0)
                g.set_current(None)
            set_screen_hint(v.step_where, self.tr("Press → or Space to pool the first window, P to play."))
            v.left_formula.setText("")
            v.right_formula.setText("")
            return
        ls, rs = left.step(pos), right.step(pos)
        v.input_grid.set_window(ls.rows, ls.cols)
        v.input_grid.set_marked(self.state.winners_up_to(pos))
        for g in (v.left_grid, v.right_grid):
            g.set_fill_count(pos + 1)
            g.set_current((ls.out_row, ls.out_col))
        rows, cols = ls.input_rows, ls.input_cols
        v.step_where.setText(
            self.tr("Output row %1, column %2 ← input rows %3–%4, columns %5–%6").replace("%1", str(ls.out_row + 1))
            .replace("%2", str(ls.out_col + 1)).replace("%3", str(max(rows[0], 0) + 1))
            .replace("%4", str(min(rows[-1], self.state.input.shape[0] - 1) + 1)).replace("%5", str(max(cols[0], 0) + 1))
            .replace("%6", str(min(cols[-1], self.state.input.shape[1] - 1) + 1)))
        v.left_formula.setText(ls.formula())
        v.right_formula.setText(rs.formula())

    # -- view events --------------------------------------------------------------------
    def _on_preset(self, index: int) -> None:
        key = self.view.input_preset.itemData(index)
        if key == LAB_OUTPUT:
            self.use_lab_output()
        elif key:
            self.load_preset(key)

    def _on_text(self) -> None:
        try:
            a = parse_matrix(self.view.input_text.text(), MAX_INPUT_SIDE)
        except MatrixParseError as exc:
            self._input_error(self.tr("Input text: %1").replace("%1", str(exc)))
            return
        self.load_input(a)

    def _ask_image(self) -> None:
        path = ask_image_path(self.view, self.tr("Open an image"))
        if path:
            self.open_image(path)

    def open_image(self, path: str | Path) -> bool:
        """An image file (grayscale, longer side resized to the size box) as the input."""
        try:
            a = image_as_input(path, self.view.image_size.value())
        except ImageReadError as exc:
            self._input_error(str(exc))
            return False
        return self.load_input(a)

    def _input_error(self, message: str) -> None:
        self.view.input_error.setText(message)
        self.view.input_error.show()

    def _select(self, key: str) -> None:
        combo = self.view.input_preset
        combo.blockSignals(True)
        i = combo.findData(key)
        if i >= 0:
            combo.setCurrentIndex(i)
        combo.blockSignals(False)


def build_pooling(window, args=None) -> None:
    def lab_output():
        lab = getattr(window, "lab", None)
        return None if lab is None or lab.result is None else lab.result.output2d()

    controller = PoolLabController(window, lab_output)
    window.pooling = controller
    window.add_page("pooling", controller.view, QCoreApplication.translate("PoolLab", "Pooling Lab"))
    connect_zoom(window, controller.view)
    controller.export_actions = add_export_actions(window, controller, "pooling",
                                                   QCoreApplication.translate("PoolLab", "Pooling Lab"))
