"""The image filter page's controller (``window.filters``): the image, the kernel choice
and the filtered result (computed by :mod:`cnnviz.core.filtering`), shown in
:class:`cnnviz.qt.filters.filter_view.FilterView`. :func:`build_filters` adds the page."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from cnnviz.app.lab_export_actions import export_menu
from cnnviz.core.filtering import CONTRASTS, DEFAULT_CONTRAST, FilterResult, filter_image, fit_within, signed_levels, to_gray
from cnnviz.core.images import ImageReadError, read_image
from cnnviz.core.kernels import PRESETS_BY_KEY
from cnnviz.qt.export import ask_save_path, run_or_report, save_csv, save_widget_png
from cnnviz.qt.filters.filter_view import LAB_KERNEL, FilterView
from cnnviz.qt.lab.inputs import DEFAULT_IMAGE
from cnnviz.qt.lab.kernel_editor import preset_description
from cnnviz.qt.lab.stepping import connect_zoom, fit_side_panel, tame_combos
from cnnviz.qt.file_dialogs import ask_image_path

MAX_SIDE = 1024


def _tr(text: str) -> str:
    return QCoreApplication.translate("FilterPage", text)


class FilterController(QObject):
    """State and behaviour of the image filter page (``window.filters``)."""

    result_changed = Signal()

    def __init__(self, parent: QObject | None = None,
                 lab_kernel: Callable[[], np.ndarray | None] | None = None) -> None:
        super().__init__(parent)
        self.view = FilterView()
        self._lab_kernel = lab_kernel
        self._image: np.ndarray | None = None  # (H, W, 3) uint8 RGB
        self._path = ""
        self._default_tried = False
        self._result: FilterResult | None = None
        v = self.view
        tame_combos(v)
        fit_side_panel(v.side_scroll)
        i = v.kernel_source.findData(LAB_KERNEL)
        if lab_kernel is None:
            v.kernel_source.model().item(i).setEnabled(False)
        v.kernel_source.setCurrentIndex(v.kernel_source.findData("laplacian"))
        v.open_button.clicked.connect(self._ask_image)
        v.default_button.clicked.connect(self.open_default)
        for combo in (v.kernel_source, v.color_mode, v.border, v.contrast):
            combo.currentIndexChanged.connect(self.refresh)
        v.flip.toggled.connect(self.refresh)
        # The default image is read (and OpenCV imported) when the page is first shown,
        # not while the window is being built.
        v.first_shown = self.ensure_image

    # -- public API ---------------------------------------------------------------------
    @property
    def stage(self) -> QWidget:
        return self.view.stage

    @property
    def result(self) -> FilterResult | None:
        return self._result

    def image(self) -> np.ndarray | None:
        self.ensure_image()
        return None if self._image is None else self._image.copy()

    def ensure_image(self) -> None:
        """Open the built-in image once if no image was opened yet."""
        if self._image is None and not self._default_tried:
            self._default_tried = True
            self.open_default()

    def open_default(self) -> bool:
        return self.open_image(DEFAULT_IMAGE)

    def open_image(self, path: str | Path) -> bool:
        """Open an image file; a bad file shows its reason in the page and the previous
        image stays."""
        try:
            rgb = read_image(path)
        except ImageReadError as exc:
            self.view.image_error.setText(str(exc))
            self.view.image_error.show()
            return False
        h, w = rgb.shape[:2]
        note = ""
        if max(h, w) > MAX_SIDE:
            rgb = fit_within(rgb, MAX_SIDE)
            note = self.tr(" (shown at %1×%2)").replace("%1", str(rgb.shape[1])).replace("%2", str(rgb.shape[0]))
        self._image = rgb
        self._path = str(path)
        self.view.image_error.hide()
        self.view.image_info.setText(f"{Path(path).name}: {w}×{h}{note}")
        self.view.original.set_rgb(rgb)
        self.refresh()
        return True

    def set_kernel_source(self, key: str) -> None:
        self.view.kernel_source.setCurrentIndex(self.view.kernel_source.findData(key))

    def set_color_mode(self, mode: str) -> None:
        self.view.color_mode.setCurrentIndex(self.view.color_mode.findData(mode))

    def set_contrast(self, key: str) -> None:
        """One of :data:`cnnviz.core.filtering.CONTRASTS` ("full", "normal", "high", "very_high")."""
        if key not in CONTRASTS:
            raise ValueError(f"contrast must be one of {', '.join(CONTRASTS)}, got {key!r}")
        self.view.contrast.setCurrentIndex(self.view.contrast.findData(key))

    def kernel(self) -> np.ndarray | None:
        key = self.view.kernel_source.currentData()
        if key == LAB_KERNEL:
            return None if self._lab_kernel is None else self._lab_kernel()
        return PRESETS_BY_KEY[key].values

    def session_state(self) -> dict:
        v = self.view
        return {
            "image_path": self._path,
            "kernel": v.kernel_source.currentData(),
            "color_mode": v.color_mode.currentData(),
            "border": v.border.currentData(),
            "contrast": v.contrast.currentData(),
            "flip": v.flip.isChecked(),
        }

    def restore_session_state(self, state: dict) -> None:
        if not isinstance(state, dict):
            raise TypeError("the filter page state must be a dict")
        v = self.view
        combos = (("kernel", v.kernel_source), ("color_mode", v.color_mode), ("border", v.border),
                  ("contrast", v.contrast))
        for key, combo in combos:
            if key in state and combo.findData(state[key]) < 0:
                raise ValueError(f"filter page state: unknown {key} {state[key]!r}")
        for key, combo in combos:
            if key in state:
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(state[key]))
                combo.blockSignals(False)
        v.flip.blockSignals(True)
        v.flip.setChecked(bool(state.get("flip", False)))
        v.flip.blockSignals(False)
        path = state.get("image_path") or ""
        if not (path and Path(path).exists() and self.open_image(path)):
            self.refresh()  # a moved or deleted image: keep the current one

    def export_png(self, path: str | Path) -> None:
        save_widget_png(self.view.stage, path)

    def export_csv(self, path: str | Path) -> None:
        if self._result is None:
            raise ValueError("no result to export")
        save_csv(self._result.total, path)

    # -- computing ----------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        v = self.view
        key = v.kernel_source.currentData()
        k = self.kernel()
        if key == LAB_KERNEL:
            v.kernel_description.setText(self.tr("The kernel currently in the Convolution Lab."))
        else:
            v.kernel_description.setText(preset_description(key))
        if self._image is None:
            self.ensure_image()  # opens the default image, which refreshes again
            return
        if k is None:
            v.kernel_description.setText(self.tr("The Convolution Lab's kernel has a cell that is not a number."))
            return
        rgb_mode = v.color_mode.currentData() == "rgb"
        k = np.asarray(k, dtype=np.float64)
        if k.ndim == 3 and (not rgb_mode or k.shape[2] != 3):
            k = k[:, :, 0]
        v.kernel_grid.set_data(k if k.ndim == 2 else k[:, :, 0], signed=bool((k < 0).any()) or None)
        img = self._image.astype(np.float32)
        if not rgb_mode:
            res = filter_image(to_gray(img), k if k.ndim == 2 else k[:, :, 0], flip=v.flip.isChecked(), border=v.border.currentData())
        else:
            res = filter_image(img, k, flip=v.flip.isChecked(), border=v.border.currentData())
        self._result = res
        contrast = v.contrast.currentData() or DEFAULT_CONTRAST
        lo, hi, signed = signed_levels(res.total, contrast)
        v.result.set_data(res.total, levels=(lo, hi), signed=signed)
        v.result.set_title(self.tr("Result (sum of R, G, B)") if rgb_mode else self.tr("Result (grayscale)"))
        range_text = self._range_text(res.total, hi)
        v.stage_grid.setRowStretch(2, 2 if rgb_mode else 0)  # the originals get the room in grayscale
        c_lo, c_hi, c_signed = signed_levels(res.channels, contrast) if rgb_mode else (0.0, 1.0, False)
        for i, g in enumerate(v.channel_views):
            g.setVisible(rgb_mode)
            if rgb_mode:
                g.set_data(res.channels[:, :, i], levels=(c_lo, c_hi), signed=c_signed)
        if rgb_mode:
            y, x = np.unravel_index(int(np.argmax(np.abs(res.total))), res.total.shape)
            parts = " + ".join(f"{name} {res.channels[y, x, i]:.4g}" for i, name in enumerate("RGB"))
            v.sum_label.setText(range_text + " " + self.tr(
                "Each channel is filtered on its own and the three results are added: "
                "at row %1, column %2: %3 = %4").replace("%1", str(y + 1))
                .replace("%2", str(x + 1)).replace("%3", parts).replace("%4", f"{res.total[y, x]:.4g}"))
        else:
            v.sum_label.setText(range_text + (" " + self.tr("Blue: negative, white: zero, red: positive — negative "
                                                            "responses are shown, not clamped to black.")
                                              if res.total.min() < 0 else ""))
        self.result_changed.emit()

    def _range_text(self, values: np.ndarray, top: float) -> str:
        """The result's value range, and where its colours saturate (the colour bar's
        ends, marked ≤/≥) when they do."""
        lo, hi = float(values.min()), float(values.max())
        text = self.tr("Values %1 … %2.").replace("%1", f"{lo:.4g}").replace("%2", f"{hi:.4g}")
        if hi > top or lo < -top:
            text = self.tr("Values %1 … %2; colours saturate beyond %3 (≤ and ≥ on the colour bar).") \
                .replace("%1", f"{lo:.4g}").replace("%2", f"{hi:.4g}").replace("%3", f"{top:.4g}")
        return text

    def _ask_image(self) -> None:
        path = ask_image_path(self.view, self.tr("Open an image"))
        if path:
            self.open_image(path)


def build_filters(window, args=None) -> None:
    def lab_kernel():
        lab = getattr(window, "lab", None)
        return None if lab is None else lab.view.kernel_editor.kernel()

    controller = FilterController(window, lab_kernel)
    window.filters = controller
    window.add_page("filters", controller.view, _tr("Image filters"))
    connect_zoom(window, controller.view)
    lab = getattr(window, "lab", None)
    if lab is not None:
        def on_lab_changed():
            if controller.view.kernel_source.currentData() == LAB_KERNEL:
                controller.refresh()
        lab.result_changed.connect(on_lab_changed)
    menu = export_menu(window)
    for key, text, ext, filt, fn in (
        ("Png", _tr("Image filters as PNG (2×)…"), "png", _tr("PNG images (*.png)"), controller.export_png),
        ("Csv", _tr("Image filter result as CSV…"), "csv", _tr("CSV files (*.csv)"), controller.export_csv),
    ):
        a = QAction(text, window)
        a.setObjectName(f"filtersExport{key}")

        def run(_=False, ext=ext, filt=filt, fn=fn, title=text):
            window.show_page("filters")
            path = ask_save_path(window, title.rstrip("…"), f"cnnviz-filters.{ext}", filt)
            if path:
                run_or_report(window, path, lambda: fn(path))

        a.triggered.connect(run)
        menu.addAction(a)
