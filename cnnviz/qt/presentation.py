"""Presentation mode and UI zoom.

*Zoom* scales the application font (Ctrl+= / Ctrl++ zoom in, Ctrl+- out, Ctrl+0 back to
100 %). *Presentation mode* (F11, Esc leaves it) shows the window full screen and
multiplies the zoom by :data:`PRESENTATION_SCALE`, so a 1080p projector shows text about
21 px high — readable from the back of a classroom. On a screen with fewer lines (a
1280×800 or 1024×768 projector) the factor shrinks in proportion, so text takes the same
share of the projected picture as on a 1080p projector (and the pages still fit), but
never below 1.

The effective scale (zoom × presentation factor) is announced through the window's
``zoom_changed(float)`` signal so pages can scale what does not follow the application
font (pyqtgraph text items, fixed cell sizes). ``presentation_changed(bool)`` tells pages
that presentation mode started or ended.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

ZOOM_STEPS: tuple[float, ...] = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
PRESENTATION_SCALE = 1.6
#: The screen height the presentation factor is meant for; smaller screens scale it down.
REFERENCE_SCREEN_HEIGHT = 1080
#: The range offered in Settings for the presentation factor (small rooms … big halls).
PRESENTATION_SCALE_RANGE = (1.2, 2.5)
#: Fonts are never smaller than this at zoom 1.0 (some desktops default to 8–9 pt).
MIN_BASE_POINT_SIZE = 10.0
#: Widget classes a platform theme may give fonts of their own (QApplication's per-class
#: font table): setting the application font does not reach them, so they are scaled too,
#: keeping their size relative to the application font.
THEMED_FONT_CLASSES: tuple[str, ...] = (
    "QMenuBar", "QMenu", "QMessageBox", "QTipLabel", "QStatusBar", "QHeaderView", "QTabBar",
    "QComboMenuItem", "QDockWidgetTitle", "QMdiSubWindowTitleBar", "QGroupBox", "QLabel",
    "QAbstractButton", "QAbstractItemView", "QLineEdit", "QComboBox", "QAbstractSpinBox",
    "QToolBox",
    # With a style sheet active (every theme has one) the other widgets keep the font they
    # were polished with: text editors and pyqtgraph's views (QGraphicsView) are scroll
    # areas, and a progress bar shows its percentage.
    "QAbstractScrollArea", "QProgressBar")


#: widget properties of :func:`set_relative_font`
FONT_FACTOR, FONT_BOLD = "cnnvizFontFactor", "cnnvizFontBold"


def set_relative_font(widget, factor: float, bold: bool = False) -> None:
    """Give ``widget`` a font ``factor`` times the application font's size (a heading,
    a big number) that keeps that ratio through zoom and presentation mode: a font set
    with ``setFont`` alone would stay at the size it had when set."""
    widget.setProperty(FONT_FACTOR, float(factor))
    widget.setProperty(FONT_BOLD, bool(bold))
    _apply_relative_font(widget)


def _apply_relative_font(widget) -> None:
    font = QFont(QApplication.font(widget))
    size = font.pointSizeF() if font.pointSizeF() > 0 else MIN_BASE_POINT_SIZE
    font.setPointSizeF(size * float(widget.property(FONT_FACTOR)))
    font.setBold(bool(widget.property(FONT_BOLD)))
    widget.setFont(font)


def refresh_relative_fonts() -> None:
    """Re-derive every :func:`set_relative_font` font from the application font."""
    for widget in QApplication.allWidgets():
        if widget.property(FONT_FACTOR) is not None:
            _apply_relative_font(widget)


def clamp_zoom(value: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, float(value)))


def next_zoom(current: float, direction: int) -> float:
    """The next step of :data:`ZOOM_STEPS` above (direction > 0) or below *current*."""
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > current + 1e-6), MAX_ZOOM)
    return next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-6), MIN_ZOOM)


class Presentation(QObject):
    """Owns zoom and presentation-mode state and their actions for one main window.

    The window must have the signals ``zoom_changed(float)`` and
    ``presentation_changed(bool)``."""

    def __init__(self, window: QMainWindow, base_font: QFont | None = None) -> None:
        super().__init__(window)
        self.setObjectName("presentation")
        self._window = window
        app = QApplication.instance()
        font = QFont(base_font if base_font is not None else app.font())
        if font.pointSizeF() <= 0:  # pixel-sized font: use points from here on
            font.setPointSizeF(MIN_BASE_POINT_SIZE)
        raise_by = max(font.pointSizeF(), MIN_BASE_POINT_SIZE) / font.pointSizeF()
        font.setPointSizeF(font.pointSizeF() * raise_by)
        self._base_font = font
        self._class_fonts: dict[str, QFont] = {}
        for name in THEMED_FONT_CLASSES:
            class_font = QFont(QApplication.font(name))
            if class_font.pointSizeF() > 0:
                class_font.setPointSizeF(class_font.pointSizeF() * raise_by)
                self._class_fonts[name] = class_font
        self._zoom = 1.0
        self._presenting = False
        self._presentation_scale = PRESENTATION_SCALE
        self._was_maximized = False
        self._normal_geometry = None
        self._forced_geometry = False

        self.toggle_action = QAction(self.tr("&Presentation mode"), window)
        self.toggle_action.setObjectName("presentationModeAction")
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.toggle_action.setStatusTip(self.tr("Full screen with large type for projecting"))
        self.toggle_action.toggled.connect(self.set_presenting)

        self.leave_action = QAction(self.tr("Leave presentation mode"), window)
        self.leave_action.setObjectName("leavePresentationAction")
        self.leave_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_action.setEnabled(False)  # Esc belongs to the pages unless presenting
        self.leave_action.triggered.connect(lambda: self.set_presenting(False))

        self.zoom_in_action = QAction(self.tr("Zoom &in"), window)
        self.zoom_in_action.setObjectName("zoomInAction")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_in_action.triggered.connect(self.zoom_in)

        self.zoom_out_action = QAction(self.tr("Zoom &out"), window)
        self.zoom_out_action.setObjectName("zoomOutAction")
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out_action.triggered.connect(self.zoom_out)

        self.zoom_reset_action = QAction(self.tr("&Actual size"), window)
        self.zoom_reset_action.setObjectName("zoomResetAction")
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset_action.triggered.connect(self.reset_zoom)

        for action in self.actions():
            window.addAction(action)  # shortcuts work even with the menu bar hidden

    def actions(self) -> list[QAction]:
        return [self.toggle_action, self.leave_action, self.zoom_in_action,
                self.zoom_out_action, self.zoom_reset_action]

    # -- state ------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """The user's zoom factor (persisted), without the presentation factor."""
        return self._zoom

    @property
    def presenting(self) -> bool:
        return self._presenting

    def scale(self) -> float:
        """Effective font scale: zoom × (presentation factor when presenting)."""
        return self._zoom * (self.effective_presentation_scale() if self._presenting else 1.0)

    def screen_fit(self) -> float:
        """The window's screen height over :data:`REFERENCE_SCREEN_HEIGHT`, at most 1."""
        screen = self._window.screen() or QApplication.primaryScreen()
        height = screen.geometry().height() if screen is not None else REFERENCE_SCREEN_HEIGHT
        return min(1.0, max(height, 1) / REFERENCE_SCREEN_HEIGHT)

    def effective_presentation_scale(self) -> float:
        """The presentation factor used on this window's screen (see the module's note)."""
        return max(1.0, round(self._presentation_scale * self.screen_fit(), 3))

    @property
    def presentation_scale(self) -> float:
        """How much larger text is in presentation mode (1.6 by default)."""
        return self._presentation_scale

    def set_presentation_scale(self, value: float) -> None:
        lo, hi = PRESENTATION_SCALE_RANGE
        value = round(max(lo, min(hi, float(value))), 3)
        if value != self._presentation_scale:
            self._presentation_scale = value
            if self._presenting:
                self._apply()

    def base_point_size(self) -> float:
        return self._base_font.pointSizeF()

    def set_zoom(self, value: float) -> None:
        value = round(clamp_zoom(value), 3)
        if value == self._zoom:
            return
        self._zoom = value
        self._apply()

    def zoom_in(self) -> None:
        self.set_zoom(next_zoom(self._zoom, +1))

    def zoom_out(self) -> None:
        self.set_zoom(next_zoom(self._zoom, -1))

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_presenting(self, on: bool) -> None:
        on = bool(on)
        if on == self._presenting:
            return
        self._presenting = on
        w = self._window
        if on:
            self._was_maximized = w.isMaximized()
            self._normal_geometry = w.geometry()
            w.showFullScreen()
            # Without a window manager (kiosk set-ups, Xvfb) nothing enlarges the window:
            # cover the screen ourselves once the request had its chance.
            QTimer.singleShot(200, self._cover_screen)
        else:
            if self._was_maximized:
                w.showMaximized()
            else:
                w.showNormal()
                if self._forced_geometry and self._normal_geometry is not None:
                    w.setGeometry(self._normal_geometry)
            self._forced_geometry = False
        self.leave_action.setEnabled(on)
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # re-enters set_presenting: returns early
        self._apply()
        w.presentation_changed.emit(on)

    def _cover_screen(self) -> None:
        w = self._window
        screen = w.screen()
        if not self._presenting or screen is None:
            return
        target = screen.geometry()
        if w.frameGeometry() != target and w.geometry() != target:
            self._forced_geometry = True
            w.setGeometry(target)

    def apply(self) -> None:
        """Apply the current scale to the application font (and announce it)."""
        self._apply()

    def _apply(self) -> None:
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * self.scale())
        QApplication.setFont(font)
        for name, base in self._class_fonts.items():
            class_font = QFont(base)
            class_font.setPointSizeF(base.pointSizeF() * self.scale())
            QApplication.setFont(class_font, name)
        # Widgets that were given a font of their own keep it: those given one with
        # set_relative_font follow here, pages scale the others on zoom_changed.
        refresh_relative_fonts()
        self._window.zoom_changed.emit(self.scale())
