"""The frame the lab-style pages share (Convolution Lab, Pooling Lab, image filters): a
scrolling panel of controls at the left, the stage at the right (with the step buttons
under it on the stepping pages), a splitter between them.

Nothing here shows text: every user-visible string stays in the page's own class, whose
name is its translation context.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from cnnviz.qt.lab.message_label import MessageLabel
from cnnviz.qt.lab.screen_hints import screen_hints_blanked
from cnnviz.qt.lab.stepping import fit_side_panel, follow_app_font_if_changed


def side_scroll_area(page: QWidget, side: QWidget, min_width: int, object_name: str = "") -> QScrollArea:
    """``side`` in a frameless, vertically scrolling area, kept as ``page.side_scroll``
    (:func:`~cnnviz.qt.lab.stepping.fit_side_panel` widens it to its content)."""
    scroll = QScrollArea(page)
    if object_name:
        scroll.setObjectName(object_name)
    scroll.setWidget(side)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page.side_scroll = scroll
    scroll.setMinimumWidth(min_width)
    return scroll


def make_stage(page: QWidget, object_name: str, *, click_focus: bool = True) -> QWidget:
    """The stage (what the class looks at, and what PNG/GIF exports show), kept as
    ``page.stage``; with ``click_focus`` a click on it takes the focus from the editors."""
    stage = QWidget(page)
    stage.setObjectName(object_name)
    stage.setAutoFillBackground(True)
    if click_focus:
        stage.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    page.stage = stage
    return stage


def stage_with_controls(page: QWidget) -> QWidget:
    """``page.stage`` above an empty ``page.controls_holder`` layout (the controller puts
    the step buttons there)."""
    page.controls_holder = QVBoxLayout()
    right = QWidget(page)
    rl = QVBoxLayout(right)
    rl.setContentsMargins(0, 0, 0, 0)
    rl.addWidget(page.stage, 1)
    rl.addLayout(page.controls_holder)
    return right


def split_page(page: QWidget, side: QWidget, main: QWidget, sizes: list[int], object_name: str = "") -> QSplitter:
    """``side`` and ``main`` side by side in a splitter filling ``page``; ``main`` takes
    the extra width."""
    split = QSplitter(Qt.Orientation.Horizontal, page)
    if object_name:
        split.setObjectName(object_name)
    split.addWidget(side)
    split.addWidget(main)
    split.setStretchFactor(0, 0)
    split.setStretchFactor(1, 1)
    split.setSizes(sizes)
    lay = QHBoxLayout(page)
    lay.setContentsMargins(4, 4, 4, 4)
    lay.addWidget(split)
    return split


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    f = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    f.setPointSizeF(size * factor)
    f.setBold(bold)
    return f


class StepperPageView(QWidget):
    """Base of the stepping pages' views (Convolution and Pooling Lab). A subclass builds
    ``side_scroll`` and the stage (with :meth:`_build_head`) and defines ``_apply_fonts``
    (calling :meth:`_apply_head_fonts`); the page then follows zooms, presentation mode
    and style changes."""

    def _build_head(self, layout: QVBoxLayout, shape: str, formula: str, notes: str, error: str) -> None:
        """``shape_label`` and ``shape_formula`` in a row, ``notes`` and ``error`` under
        them (wrapping, never widening the stage), added to ``layout``; the arguments are
        their objectNames."""
        self.shape_label = QLabel(self.stage)
        self.shape_label.setObjectName(shape)
        self.shape_formula = QLabel(self.stage)
        self.shape_formula.setObjectName(formula)
        self.notes = MessageLabel(self.stage, "note")
        self.notes.setObjectName(notes)
        self.error = MessageLabel(self.stage, "error")
        self.error.setObjectName(error)
        for lab in (self.shape_formula, self.notes, self.error):
            lab.setWordWrap(True)
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.addWidget(self.shape_label)
        head.addSpacing(16)
        head.addWidget(self.shape_formula, 1)
        layout.addLayout(head)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)

    def _apply_head_fonts(self, base: QFont) -> None:
        """The output shape, its formula, the notes and the error above the grids."""
        self.shape_label.setFont(scaled_font(base, 1.5, True))
        self.shape_formula.setFont(scaled_font(base, 1.3))
        self.notes.setFont(scaled_font(base, 1.1))
        self.error.setFont(scaled_font(base, 1.2, True))

    def showEvent(self, event) -> None:  # noqa: N802
        follow_app_font_if_changed(self)
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange) and hasattr(self, "side_scroll"):
            QTimer.singleShot(0, lambda: fit_side_panel(self.side_scroll))  # after the new style's metrics
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
            if hasattr(self, "side_scroll"):
                fit_side_panel(self.side_scroll)
        super().changeEvent(event)


class StageExports:
    """PNG and GIF exports of a stepping controller's stage (mixed into the controllers
    ahead of QObject; they have ``view.stage`` and ``stepper``)."""

    @property
    def stage(self) -> QWidget:
        return self.view.stage

    def export_png(self, path: str | Path) -> None:
        """The stage (grids and formulas) as a PNG at twice its on-screen size."""
        from cnnviz.qt.export import save_widget_png

        with screen_hints_blanked(self.view.stage):
            save_widget_png(self.view.stage, path)

    def export_gif(self, path: str | Path, max_frames: int = 150) -> int:
        """The walkthrough (empty output, then every step) as an animated GIF."""
        from cnnviz.qt.lab.walkthrough import export_walkthrough_gif

        return export_walkthrough_gif(self.view.stage, self.stepper, path, max_frames=max_frames)
