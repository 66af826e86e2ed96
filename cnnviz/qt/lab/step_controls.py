"""The step buttons under a stepping page's stage (Convolution and Pooling Lab): reset,
back, step, play, end, slower/faster, the speed and the step counter."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QSizePolicy, QToolButton, QWidget


class StepControls(QWidget):
    """Buttons for the stepping actions, the step counter and the speed of ``stepper``
    (a :class:`cnnviz.qt.lab.stepping.Stepper`)."""

    def __init__(self, actions: dict[str, QAction], stepper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepControls")
        self._stepper = stepper
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # see minimumSizeHint
        self.buttons: dict[str, QToolButton] = {}
        for key in ("reset", "stepBack", "stepForward", "playPause", "jumpToEnd"):
            b = QToolButton(self)
            b.setObjectName(f"button_{key}")
            b.setDefaultAction(actions[key])
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            lay.addWidget(b)
            self.buttons[key] = b
        lay.addSpacing(12)
        for key in ("slower", "faster"):
            b = QToolButton(self)
            b.setObjectName(f"button_{key}")
            b.setDefaultAction(actions[key])
            b.setText("−" if key == "slower" else "+")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            lay.addWidget(b)
            self.buttons[key] = b
        self.speed_label = QLabel(self)
        self.speed_label.setObjectName("speedLabel")
        lay.addWidget(self.speed_label)
        lay.addStretch(1)
        self.counter = QLabel(self)
        self.counter.setObjectName("stepCounter")
        self.counter.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.counter)
        stepper.speed_changed.connect(self._show_speed)
        stepper.position_changed.connect(self._show_counter)
        self._show_speed(stepper.speed)
        self._show_counter(stepper.position)

    # The row never widens the window (in presentation mode at 1280×800 the labelled
    # buttons alone were wider than the stage): where the names do not fit, the buttons
    # show their icons only (the names stay in their tooltips).
    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def is_compact(self) -> bool:
        """True while the step buttons show icons only."""
        return self.buttons["stepForward"].toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly

    def _fit(self) -> None:
        side = self.fontMetrics().height()  # icons grow with the type (presentation mode)
        for key in ("reset", "stepBack", "stepForward", "playPause", "jumpToEnd"):
            if self.buttons[key].iconSize() != QSize(side, side):
                self.buttons[key].setIconSize(QSize(side, side))
        self._set_button_style(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if self.width() < self.layout().sizeHint().width():
            self._set_button_style(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _set_button_style(self, style: Qt.ToolButtonStyle) -> None:
        for key in ("reset", "stepBack", "stepForward", "playPause", "jumpToEnd"):
            if self.buttons[key].toolButtonStyle() != style:
                self.buttons[key].setToolButtonStyle(style)

    def _show_speed(self, speed: float) -> None:
        text = f"{speed:g}"
        self.speed_label.setText(self.tr("%1 steps/s").replace("%1", text))

    def _show_counter(self, pos: int) -> None:
        n = self._stepper.count
        if n <= 0:
            self.counter.setText("")
        else:
            self.counter.setText(self.tr("step %1 of %2").replace("%1", str(pos + 1)).replace("%2", str(n)))
