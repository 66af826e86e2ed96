"""The image filter page's widgets: any PNG/JPEG/BMP filtered with a kernel by OpenCV, original and
result side by side. Results keep their sign (a diverging colour map centred on zero, never
clamped to black); a colour image shows each channel's result and their sum, which is how
a convolution over several input channels adds up.

OpenCV's ``cv2.filter2D`` computes cross-correlation (what CNN layers compute); "true
convolution" flips the kernel by 180° and moves the anchor to match. Borders follow the
chosen OpenCV border mode (default ``BORDER_REFLECT_101``: ``gfedcb|abcdefgh|gfedcba``); the
result has the size of the image.

A view only; the controller is :class:`cnnviz.app.filters_controller.FilterController`
and the numbers come from :mod:`cnnviz.core.filtering`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from cnnviz.core.kernels import PRESETS
from cnnviz.qt.lab.grid_view import GridView
from cnnviz.qt.lab.kernel_editor import preset_name
from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.qt.lab.page_frame import make_stage, side_scroll_area, split_page

LAB_KERNEL = "lab"
#: border name -> (OpenCV constant, short name for the combo, what it does); the names are
#: cnnviz.core.filtering.BORDER_TYPES
BORDERS = {
    "reflect101": ("BORDER_REFLECT_101", "Reflect", "reflect (gfedcb|abcdefgh|gfedcba), OpenCV's default"),
    "constant": ("BORDER_CONSTANT", "Zeros", "zeros outside the image (like zero padding in the lab)"),
    "replicate": ("BORDER_REPLICATE", "Repeat edge", "repeat the edge pixel (aaaaaa|abcdefgh|hhhhhhh)"),
}
#: contrast key (cnnviz.core.filtering.CONTRASTS) -> combo text
CONTRAST_TEXTS = {
    "full": "Full range",
    "normal": "Normal (99.5th percentile)",
    "high": "High (3× normal)",
    "very_high": "Very high (10× normal)",
}


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
        for key, (_name, short, text) in BORDERS.items():
            self.border.addItem(self.tr(short), key)
            self.border.setItemData(self.border.count() - 1, self.tr(text), Qt.ItemDataRole.ToolTipRole)
        self.border_help = QLabel(g_k)
        self.border_help.setObjectName("borderHelp")
        self.border_help.setWordWrap(True)
        self.border.currentIndexChanged.connect(
            lambda _i: self.border_help.setText(self.border.currentData(Qt.ItemDataRole.ToolTipRole) or ""))
        self.border_help.setText(self.border.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        self.contrast = QComboBox(g_k)
        self.contrast.setObjectName("filterContrast")
        for key, text in CONTRAST_TEXTS.items():
            self.contrast.addItem(self.tr(text), key)
        self.contrast.setCurrentIndex(self.contrast.findData("normal"))
        self.contrast.setToolTip(self.tr("Colours saturate beyond this range; the colour bar marks a "
                                         "saturated end with ≥ or ≤. Higher contrast shows faint edges "
                                         "on a projector."))
        form.addRow(self.tr("Kernel"), self.kernel_source)
        form.addRow(self.kernel_description)
        form.addRow(self.kernel_grid)
        form.addRow(self.tr("Channels"), self.color_mode)
        form.addRow(self.tr("Border"), self.border)
        form.addRow(self.border_help)
        form.addRow(self.tr("Contrast"), self.contrast)
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
