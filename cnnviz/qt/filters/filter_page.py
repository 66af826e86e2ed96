"""The image filter page: any PNG/JPEG/BMP filtered with a kernel by OpenCV, original and
result side by side. Results keep their sign (a diverging colour map centred on zero, never
clamped to black); a colour image shows each channel's result and their sum, which is how
a convolution over several input channels adds up.

OpenCV's ``cv2.filter2D`` computes cross-correlation (what CNN layers compute); "true
convolution" flips the kernel by 180° and moves the anchor to match. Borders follow the
chosen OpenCV border mode (default ``BORDER_REFLECT_101``: ``gfedcb|abcdefgh|gfedcba``); the
result has the size of the image.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QPushButton, QVBoxLayout, QWidget)

from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.core.images import ImageReadError, read_image
from cnnviz.core.kernels import PRESETS, PRESETS_BY_KEY
from cnnviz.qt.lab.grid_view import GridView
from cnnviz.qt.lab.inputs import DEFAULT_IMAGE
from cnnviz.qt.lab.kernel_editor import preset_description, preset_name
from cnnviz.qt.lab.page_frame import make_stage, side_scroll_area, split_page

MAX_SIDE = 1024
LAB_KERNEL = "lab"
BORDERS = {
    "reflect101": ("BORDER_REFLECT_101", "reflect (gfedcb|abcdefgh|gfedcba), OpenCV's default"),
    "constant": ("BORDER_CONSTANT", "zeros outside the image (like zero padding in the lab)"),
    "replicate": ("BORDER_REPLICATE", "repeat the edge pixel (aaaaaa|abcdefgh|hhhhhhh)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("FilterPage", text)


@dataclass(frozen=True)
class FilterResult:
    channels: np.ndarray   # (H, W, C) float32 per-channel results
    total: np.ndarray      # (H, W) float32: the sum over channels


def filter_image(image: np.ndarray, kernel: np.ndarray, *, flip: bool = False, border: str = "reflect101") -> FilterResult:
    """Filter ``image`` ((H, W) or (H, W, C), any numbers) with ``kernel`` ((kh, kw), or
    (kh, kw, C) for one kernel slice per channel) using ``cv2.filter2D``."""
    import cv2

    img = np.asarray(image, dtype=np.float32)
    if img.ndim == 2:
        img = img[:, :, None]
    k = np.asarray(kernel, dtype=np.float32)
    if k.ndim == 2:
        k = np.repeat(k[:, :, None], img.shape[2], axis=2)
    if k.shape[2] != img.shape[2]:
        raise ValueError(f"the kernel has {k.shape[2]} channels but the image has {img.shape[2]}")
    kh, kw = k.shape[:2]
    border_type = getattr(cv2, BORDERS[border][0])
    out = np.empty(img.shape, np.float32)
    for c in range(img.shape[2]):
        kc = np.ascontiguousarray(k[:, :, c])
        anchor = (kw // 2, kh // 2)
        if flip:
            kc = cv2.flip(kc, -1)
            anchor = (kw - 1 - kw // 2, kh - 1 - kh // 2)
        out[:, :, c] = cv2.filter2D(np.ascontiguousarray(img[:, :, c]), cv2.CV_32F, kc, anchor=anchor,
                                    borderType=border_type)
    return FilterResult(out, out.sum(axis=2))


def robust_range(values: np.ndarray) -> float:
    """The colour range for a filter result: the 99.5th percentile of |value| (a few
    extreme pixels would otherwise wash every other edge out to white); colours beyond
    it saturate, their sign stays visible."""
    a = np.abs(np.asarray(values, dtype=np.float64))
    m = float(np.percentile(a, 99.5)) if a.size else 1.0
    return m if m > 0 else (float(a.max()) or 1.0)


class FilterView(QWidget):
    def showEvent(self, event) -> None:  # noqa: N802
        from cnnviz.qt.lab.stepping import follow_app_font_if_changed

        follow_app_font_if_changed(self)
        if self.first_shown is not None:
            first, self.first_shown = self.first_shown, None
            first()
        super().showEvent(event)

    def _apply_fonts(self) -> None:
        """The kernel view grows with the type (presentation mode, zoom)."""
        from PySide6.QtGui import QFontMetrics
        from PySide6.QtWidgets import QApplication

        self.kernel_grid.setFixedHeight(int(QFontMetrics(QApplication.font()).height() * 11))

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent, QTimer

        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange) and hasattr(self, "side_scroll"):
            from cnnviz.qt.lab.stepping import fit_side_panel

            QTimer.singleShot(0, lambda: fit_side_panel(self.side_scroll))
        super().changeEvent(event)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_filters")
        self.first_shown = None
        side = QWidget(self)
        sl = QVBoxLayout(side)
        g_img = QGroupBox(self.tr("Image"), side)
        gl = QVBoxLayout(g_img)
        self.open_button = QPushButton(self.tr("Open image…"), g_img)
        self.open_button.setObjectName("filterOpenImage")
        self.default_button = QPushButton(self.tr("Built-in test image"), g_img)
        self.default_button.setObjectName("filterDefaultImage")
        self.image_info = QLabel(g_img)
        self.image_info.setObjectName("imageInfo")
        self.image_info.setWordWrap(True)
        self.image_error = MessageLabel(g_img, "error")
        self.image_error.setObjectName("filterImageError")
        self.image_error.setWordWrap(True)
        self.image_error.hide()
        gl.addWidget(self.open_button)
        gl.addWidget(self.default_button)
        gl.addWidget(self.image_info)
        gl.addWidget(self.image_error)

        g_k = QGroupBox(self.tr("Filter"), side)
        form = QFormLayout(g_k)
        self.kernel_source = QComboBox(g_k)
        self.kernel_source.setObjectName("filterKernel")
        for p in PRESETS:
            self.kernel_source.addItem(preset_name(p.key), p.key)
        self.kernel_source.addItem(self.tr("The Convolution Lab's kernel"), LAB_KERNEL)
        self.kernel_description = QLabel(g_k)
        self.kernel_description.setObjectName("filterKernelDescription")
        self.kernel_description.setWordWrap(True)
        self.kernel_grid = GridView(g_k, title="", max_cell=48, min_text_cell=18)
        self.kernel_grid.setObjectName("filterKernelGrid")
        self._apply_fonts()
        self.color_mode = QComboBox(g_k)
        self.color_mode.setObjectName("colorMode")
        self.color_mode.addItem(self.tr("Grayscale"), "gray")
        self.color_mode.addItem(self.tr("Colour: R, G, B results and their sum"), "rgb")
        self.flip = QCheckBox(self.tr("True convolution (flip the kernel 180°)"), g_k)
        self.flip.setObjectName("filterFlip")
        self.flip_help = QLabel(self.tr("cv2.filter2D computes cross-correlation, as CNN layers do; "
                                        "ticking this flips the kernel first."), g_k)
        self.flip_help.setWordWrap(True)
        self.border = QComboBox(g_k)
        self.border.setObjectName("borderMode")
        for key, (_name, text) in BORDERS.items():
            self.border.addItem(self.tr(text), key)
        form.addRow(self.tr("Kernel"), self.kernel_source)
        form.addRow(self.kernel_description)
        form.addRow(self.kernel_grid)
        form.addRow(self.tr("Channels"), self.color_mode)
        form.addRow(self.tr("Border"), self.border)
        form.addRow(self.flip)
        form.addRow(self.flip_help)
        sl.addWidget(g_img)
        sl.addWidget(g_k)
        sl.addStretch(1)
        scroll = side_scroll_area(self, side, 300)

        make_stage(self, "filterStage", click_focus=False)
        grid = QGridLayout(self.stage)
        self.stage_grid = grid
        self.original = GridView(self.stage, title=self.tr("Original"), legend=False)
        self.original.setObjectName("filterOriginal")
        self.result = GridView(self.stage, title=self.tr("Result"))
        self.result.setObjectName("filterResult")
        self.channel_views = []
        for i, name in enumerate(("R", "G", "B")):
            g = GridView(self.stage, title=self.tr("%1 channel result").replace("%1", name))
            g.setObjectName(f"filterChannel{name}")
            self.channel_views.append(g)
        self.sum_label = QLabel(self.stage)
        self.sum_label.setObjectName("filterSumLabel")
        self.sum_label.setWordWrap(True)
        self.sum_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.original, 1)
        top.addWidget(self.result, 1)
        bottom = QHBoxLayout()
        for g in self.channel_views:
            bottom.addWidget(g, 1)
        grid.addLayout(top, 0, 0)
        grid.addWidget(self.sum_label, 1, 0)
        grid.addLayout(bottom, 2, 0)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)

        split_page(self, scroll, self.stage, [360, 1100])


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
        from cnnviz.qt.lab.stepping import fit_side_panel, tame_combos

        tame_combos(v)
        fit_side_panel(v.side_scroll)
        i = v.kernel_source.findData(LAB_KERNEL)
        if lab_kernel is None:
            v.kernel_source.model().item(i).setEnabled(False)
        v.kernel_source.setCurrentIndex(v.kernel_source.findData("laplacian"))
        v.open_button.clicked.connect(self._ask_image)
        v.default_button.clicked.connect(self.open_default)
        for combo in (v.kernel_source, v.color_mode, v.border):
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
        import cv2

        try:
            rgb = read_image(path)
        except ImageReadError as exc:
            self.view.image_error.setText(str(exc))
            self.view.image_error.show()
            return False
        h, w = rgb.shape[:2]
        note = ""
        if max(h, w) > MAX_SIDE:
            s = MAX_SIDE / max(h, w)
            rgb = cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
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
            "flip": v.flip.isChecked(),
        }

    def restore_session_state(self, state: dict) -> None:
        if not isinstance(state, dict):
            raise TypeError("the filter page state must be a dict")
        v = self.view
        for key, combo in (("kernel", v.kernel_source), ("color_mode", v.color_mode), ("border", v.border)):
            if key in state and combo.findData(state[key]) < 0:
                raise ValueError(f"filter page state: unknown {key} {state[key]!r}")
        for key, combo in (("kernel", v.kernel_source), ("color_mode", v.color_mode), ("border", v.border)):
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
        from cnnviz.qt.export import save_widget_png

        save_widget_png(self.view.stage, path)

    def export_csv(self, path: str | Path) -> None:
        from cnnviz.qt.export import save_csv

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
            gray = img @ np.array([0.299, 0.587, 0.114], np.float32)
            res = filter_image(gray, k if k.ndim == 2 else k[:, :, 0], flip=v.flip.isChecked(), border=v.border.currentData())
        else:
            res = filter_image(img, k, flip=v.flip.isChecked(), border=v.border.currentData())
        self._result = res
        m = robust_range(res.total)
        v.result.set_data(res.total, levels=(-m, m) if res.total.min() < 0 else (0.0, m),
                          signed=bool(res.total.min() < 0))
        lo, hi = float(res.total.min()), float(res.total.max())
        title = self.tr("Result (sum of R, G, B)") if rgb_mode else self.tr("Result (grayscale)")
        v.result.set_title(title + f"  [{lo:.4g} … {hi:.4g}]")
        v.stage_grid.setRowStretch(2, 2 if rgb_mode else 0)  # the originals get the room in grayscale
        for i, g in enumerate(v.channel_views):
            g.setVisible(rgb_mode)
            if rgb_mode:
                m = robust_range(res.channels)
                signed = bool((res.channels < 0).any())
                g.set_data(res.channels[:, :, i], levels=(-m, m) if signed else (0.0, m), signed=signed)
        if rgb_mode:
            y, x = np.unravel_index(int(np.argmax(np.abs(res.total))), res.total.shape)
            parts = " + ".join(f"{name} {res.channels[y, x, i]:.4g}" for i, name in enumerate("RGB"))
            v.sum_label.setText(self.tr("Each channel is filtered on its own and the three results are added: "
                                        "at row %1, column %2: %3 = %4").replace("%1", str(y + 1))
                                .replace("%2", str(x + 1)).replace("%3", parts).replace("%4", f"{res.total[y, x]:.4g}"))
        else:
            v.sum_label.setText(self.tr("Blue: negative, white: zero, red: positive — negative responses are "
                                        "shown, not clamped to black.") if res.total.min() < 0 else "")
        self.result_changed.emit()

    def _ask_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.view, self.tr("Open an image"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"))
        if path:
            self.open_image(path)


def build_filters(window, args=None) -> None:
    from PySide6.QtGui import QAction

    from cnnviz.qt.export import ask_save_path, run_or_report
    from cnnviz.app.lab_export_actions import export_menu

    def lab_kernel():
        lab = getattr(window, "lab", None)
        return None if lab is None else lab.view.kernel_editor.kernel()

    controller = FilterController(window, lab_kernel)
    window.filters = controller
    window.add_page("filters", controller.view, _tr("Image filters"))
    from cnnviz.qt.lab.stepping import connect_zoom

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
