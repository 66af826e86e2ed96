"""The digit page's building blocks: a small captioned image (the model input, a
preprocessing step) and one layer's panel (title, value range, feature-map mosaic or
dense bars). Views only: they show the arrays they are handed."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout,
                               QWidget)

from cnnviz.qt.digits.mosaic import MosaicView
from cnnviz.qt.digits.probabilities import DenseView
from cnnviz.core.colour import colour, colour_index, lut32
from cnnviz.qt.raster import RasterView

_GRAY32 = lut32(np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1))
RANGE_TEXT_INTERVAL_MS = 100
"""A layer's value range is shown at most this often while drawing: text that changes 250
times a second cannot be read, and its repaint cost ~3 % of each pen movement."""

MAPS_SHOWN = 64
"""A layer's first this many feature maps are drawn (MobileNet has up to 1,280 a layer);
its "more" button shows the rest."""

KIND_TITLES = {"conv": "Convolution", "activation": "Activation", "pool": "Pooling", "dense": "Dense",
               "norm": "Normalisation", "other": "Layer"}


def _scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    f = QFont(widget.font())
    base = f.pointSizeF() if f.pointSizeF() > 0 else 10.0
    f.setPointSizeF(base * factor)
    f.setBold(bold)
    return f


def scale_label(label: QLabel, factor: float, bold: bool = False) -> None:
    """Give ``label`` a font ``factor`` times the page's, kept in step with zoom and
    presentation mode (the page re-applies it when the application font changes)."""
    label.setProperty("cnnvizFontScale", float(factor))
    label.setProperty("cnnvizFontBold", bool(bold))
    parent = label.parentWidget()
    label.setFont(_scaled_font(parent if parent is not None else label, factor, bold))


def follow_app_font(page: QWidget) -> None:
    """Give ``page`` and its widgets the application font (zoom, presentation mode) and
    re-scale its labels that have a size of their own (:func:`scale_label`).

    Needed because the app's style sheet stops Qt from passing a new application font
    down to child widgets: only windows and the themed classes get it. Widgets whose
    owner gave them a font of its own (not marked here) are left to that owner, which
    re-applies it on the FontChange its own widget gets from this."""
    from PySide6.QtWidgets import QApplication

    for w in [page, *page.findChildren(QWidget)]:
        if w.property("cnnvizFontScale"):
            continue
        if w.testAttribute(Qt.WidgetAttribute.WA_SetFont) and not w.property("cnnvizAppFont"):
            continue
        font = QApplication.font(w)
        w.setProperty("cnnvizAppFont", True)
        if w.font() != font:
            w.setFont(font)
    rescale_labels(page)
    for box in page.findChildren(ImageBox):
        box._fit_title()
    for panel in page.findChildren(LayerPanel):
        panel._fix_range_size()
        panel.title.refit()


def rescale_labels(root: QWidget) -> None:
    for label in root.findChildren(QLabel):
        factor = label.property("cnnvizFontScale")
        if factor:
            label.setFont(_scaled_font(root, float(factor), bool(label.property("cnnvizFontBold"))))


class LayerTitle(QLabel):
    """A layer's heading, ``name · Kind (Class) · shape · activation``, fitted to its
    width: the class name goes first, then the kind, then the middle of the name; the
    shape and activation are always shown whole (a cut shape reads as a wrong one)."""

    def __init__(self, name: str, kind: str, class_name: str, tail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = (name, kind, class_name, tail)
        self.full_text = f"{name} · {kind} ({class_name}) · {tail}"
        self.setToolTip(self.full_text)
        # It may shrink rather than widen the panel past the scroll area.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.refit()

    def fitted(self, width: int) -> str:
        name, kind, cls, tail = self.parts
        fm = self.fontMetrics()
        for text in (self.full_text, f"{name} · {kind} · {tail}", f"{name} · {tail}"):
            if fm.horizontalAdvance(text) <= width:
                return text
        room = width - fm.horizontalAdvance(f" · {tail}")
        return f"{fm.elidedText(name, Qt.TextElideMode.ElideMiddle, max(room, fm.horizontalAdvance('…')))} · {tail}"

    def wanted_width(self) -> int:
        """Room for the shape and the name (or its first letters): below that, the value
        range goes under the title rather than squeeze the name to "…"."""
        fm, name, tail = self.fontMetrics(), self.parts[0], self.parts[3]
        return min(fm.horizontalAdvance(f"{name} · {tail}"), fm.horizontalAdvance(f"{name[:8]}… · {tail}")) + 4

    def refit(self) -> None:
        key = (self.width(), self.font().key())
        if key == getattr(self, "_fit_key", None):
            return
        self._fit_key = key
        text = self.fitted(max(1, self.width() - 2))
        if text != self.text():
            self.setText(text)
        # Never narrower than the shape (and the activation).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(f"… · {self.parts[3]}") + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.refit()

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "parts"):
            self.refit()


class ImageBox(QWidget):
    """A small image (the model input, a preprocessing step) with a caption: gray values
    in ``levels`` or RGB, pixels kept sharp (a 28×28 input shows its 28×28 cells)."""

    def __init__(self, title: str, parent: QWidget | None = None, size: int = 150) -> None:
        super().__init__(parent)
        self.setObjectName("imageBox")
        self.label = QLabel(title, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.view = RasterView(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addWidget(self.label)
        lay.addWidget(self.view, 1)
        self.values: np.ndarray | None = None  # what is shown, as set (float)
        self._size = size
        self._fit_title()

    def set_title(self, text: str) -> None:
        self.label.setText(text)
        self._fit_title()

    def _fit_title(self) -> None:
        """Wide enough for its caption at the current font size (zoom, presentation)."""
        fm = self.label.fontMetrics()
        w = max(self._size, fm.horizontalAdvance(self.label.text()) + 16)
        self.setFixedSize(QSize(w, w + fm.height() + 8))

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_size"):
            self._fit_title()

    def set_image(self, img: np.ndarray, levels: tuple[float, float] = (0.0, 1.0)) -> None:
        a = np.asarray(img)
        if a.ndim == 3 and a.shape[2] == 1:
            a = a[:, :, 0]
        self.values = a
        lo, hi = levels
        if a.ndim == 3:  # RGB(A): each channel in levels
            u8 = np.ascontiguousarray(colour_index(a[:, :, :3], lo, hi))
            h, w = u8.shape[:2]
            q = QImage(u8.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        else:  # RGB32, not Grayscale8: QPainter converts 8-bit images on every scaled draw
            u8 = colour(a, lo, hi, _GRAY32)
            h, w = u8.shape
            q = QImage(u8.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        self.view.set_image(q, u8)


class LayerPanel(QFrame):
    """One layer: a title and its feature-map mosaic or its dense bars."""

    def __init__(self, info, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"layerPanel_{info.name}")
        self.info = info
        self.setFrameShape(QFrame.Shape.StyledPanel)
        kind = QCoreApplication.translate("DigitsPage", KIND_TITLES.get(info.kind, "Layer"))
        shape = "×".join(str(v) for v in info.shape)
        act = f" · {info.activation}" if info.activation and info.activation != "linear" else ""
        self.title = LayerTitle(info.name, kind, info.class_name, f"{shape}{act}", self)
        self.base_title = self.title.full_text
        self.title.setObjectName("layerTitle")
        scale_label(self.title, 1.25, bold=True)
        # The value range changes with every frame, so it has its own label of FIXED size:
        # new text in a label that may change size re-lays out the whole window, which
        # doubled the cost of each pen movement (measured by `python -m benchmarks`).
        self.range_label = QLabel("", self)
        self.range_label.setObjectName("layerRange")
        scale_label(self.range_label, 1.0, bold=True)
        self.range_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Opaque (it fills its background with the same window colour): new text repaints
        # the label alone, not the panel, the scroll area and the window beneath it.
        self.range_label.setAutoFillBackground(True)
        self._fix_range_size()
        # The newest range text; shown at once, then at most every RANGE_TEXT_INTERVAL_MS.
        self._range_text = ""
        self._range_timer = QTimer(self)
        self._range_timer.setSingleShot(True)
        self._range_timer.setInterval(RANGE_TEXT_INTERVAL_MS)
        self._range_timer.timeout.connect(self._show_range)
        # Title, "more" button and value range in one row; the range goes to a second
        # row when the panel is too narrow for both (large type on a small screen).
        header = self.header = QGridLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 0, 0)
        header.setColumnStretch(0, 1)
        self._range_below: bool | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(header)
        self.values: np.ndarray | None = None  # the newest values shown (all channels)
        self.more_button: QToolButton | None = None
        if info.is_map:
            channels = max(1, info.shape[2])
            self.shown = min(channels, MAPS_SHOWN)
            if channels > MAPS_SHOWN:
                self.more_button = QToolButton(self)
                self.more_button.setObjectName("moreMapsButton")
                self.more_button.setCheckable(True)
                self.more_button.toggled.connect(self.show_all)
                self._more_text()
                header.addWidget(self.more_button, 0, 1)
            self.view = MosaicView(self, aspect=3.2)
            # The pixel buffer is made when the first values are shown (in sight): a
            # MobileNet has 50+ layers of maps, most of them out of sight.
            self.view.configure(self.shown, (max(1, info.shape[0]), max(1, info.shape[1])), allocate=False)
        else:
            self.view = DenseView(self)
        lay.addWidget(self.view)
        # The newest values while the panel is out of sight (scrolled away, another tab):
        # shown when it comes into view (the page skips panels nobody can see).
        self.pending: np.ndarray | None = None

    def _more_text(self) -> None:
        total = self.info.shape[2]
        if self.shown < total:
            self.more_button.setText(QCoreApplication.translate("DigitsPage", "+{0} more").format(total - self.shown))
            self.more_button.setToolTip(QCoreApplication.translate(
                "DigitsPage", "The first {0} of {1} feature maps are shown: show all of them").format(self.shown, total))
        else:
            self.more_button.setText(QCoreApplication.translate("DigitsPage", "Fewer"))
            self.more_button.setToolTip(QCoreApplication.translate(
                "DigitsPage", "Show only the first {0} feature maps").format(MAPS_SHOWN))

    def show_all(self, on: bool) -> None:
        """All of the layer's maps (``on``) or the first :data:`MAPS_SHOWN`."""
        self.shown = self.info.shape[2] if on else min(self.info.shape[2], MAPS_SHOWN)
        if self.more_button is not None:
            if self.more_button.isChecked() != bool(on):
                self.more_button.setChecked(bool(on))
            self._more_text()
        self.view.configure(self.shown, (max(1, self.info.shape[0]), max(1, self.info.shape[1])))
        if self.values is not None:
            self.set_values(self.values)
        self._fit_view_height()

    def flush(self) -> None:
        """Show the values that arrived while the panel was out of sight."""
        if self.pending is not None:
            self.set_values(self.pending)

    def _fix_range_size(self) -> None:
        fm = self.range_label.fontMetrics()
        widest = max(fm.horizontalAdvance(t) for t in ("[-8.88e-88 … -8.88e-88]", "[max |x| 8.88e-88]"))
        self.range_label.setFixedSize(widest + 8, fm.height() + 2)
        if hasattr(self, "header"):
            self._place_range()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "range_label"):
            self._fix_range_size()

    def set_values(self, values: np.ndarray) -> None:
        self.pending = None
        self.values = values
        if self.info.is_map:
            self.view.set_maps(values[:, :, :self.shown] if values.shape[2] > self.shown else values)
            lo, hi = self.view.levels
            self._set_range(f"[{lo:.3g} … {hi:.3g}]")
        else:
            self.view.set_values(values)
            self._set_range(f"[max |x| {self.view.scale:.3g}]")

    def _set_range(self, text: str) -> None:
        self._range_text = text
        if not self._range_timer.isActive():
            self._show_range()

    def _show_range(self) -> None:
        if self.range_label.text() != self._range_text:
            self.range_label.setText(self._range_text)
            self._range_timer.start()  # later changes wait for the interval

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_range()
        self._fit_view_height()

    def _place_range(self) -> None:
        more = self.more_button.sizeHint().width() + 6 if self.more_button is not None else 0
        need = self.title.wanted_width() + more + self.range_label.width() + 24
        below = self.width() < need
        if below != self._range_below:
            self._range_below = below
            self.header.removeWidget(self.range_label)
            side = Qt.AlignmentFlag.AlignLeft if below else Qt.AlignmentFlag.AlignRight
            self.range_label.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)
            if below:
                self.header.addWidget(self.range_label, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
            else:
                self.header.addWidget(self.range_label, 0, 2)

    def _fit_view_height(self) -> None:
        if self.info.is_map and hasattr(self, "view"):
            self.view.setFixedHeight(self.view.heightForWidth(max(100, self.width() - 16)))


class StepsScroll(QScrollArea):
    """The row of preprocessing steps, scrolling sideways on its own: a photo has nine
    steps, and the row must not make the canvas's column wider than the window gives it
    (at 1280 px the canvas was cut off). As tall as the row, never taller."""

    def __init__(self, row: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidget(row)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    def _height(self) -> int:
        return self.widget().sizeHint().height() + self.horizontalScrollBar().sizeHint().height()

    def sizeHint(self) -> QSize:
        return QSize(self.widget().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())


def show_steps(page, steps) -> None:
    """The preprocessing steps in the page's row of small images (rebuilt when the
    steps change, else only their pixels)."""
    if len(page.step_boxes) != len(steps) or any(b.property("key") != s.key for b, s in zip(page.step_boxes, steps)):
        for b in page.step_boxes:
            page.steps_row.removeWidget(b)
            b.setParent(None)
            b.deleteLater()
        page.step_boxes = []
        for s in steps:
            b = ImageBox(QCoreApplication.translate("Preprocessing", s.title).format(*s.args),
                         page.steps_widget, size=96)
            b.setProperty("key", s.key)
            page.steps_row.addWidget(b)
            page.step_boxes.append(b)
        page.steps_scroll.updateGeometry()   # the row's height is known only now
    for b, s in zip(page.step_boxes, steps):
        b.set_image(s.image)


def tool_button(parent: QWidget, text: str, name: str, tip: str) -> QToolButton:
    """A text-only tool button (the canvas tools)."""
    b = QToolButton(parent)
    b.setText(text)
    b.setObjectName(name)
    b.setToolTip(tip)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return b
