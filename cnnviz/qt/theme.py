"""Colour themes: light, dark and high contrast (for projectors in bright rooms).

A theme is a QPalette on the Fusion style plus a small style sheet. Plots follow through
:func:`plot_colors` (pyqtgraph background/foreground); the main window emits
``theme_changed(str)`` so pages can restyle their plots. This module does not import
pyqtgraph: if a page has already imported it, :func:`apply_theme` also updates
pyqtgraph's defaults so plots created later match.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")
DEFAULT_THEME = "light"


def theme_title(name: str) -> str:
    """The translated name shown in menus and settings."""
    titles = {
        "light": QCoreApplication.translate("Theme", "Light"),
        "dark": QCoreApplication.translate("Theme", "Dark"),
        "high-contrast": QCoreApplication.translate("Theme", "High contrast"),
    }
    return titles[name]


@dataclass(frozen=True)
class ThemeColors:
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    tooltip_base: str
    tooltip_text: str
    plot_background: str
    plot_foreground: str
    focus: str


COLORS: dict[str, ThemeColors] = {
    "light": ThemeColors(
        window="#f3f3f3", window_text="#1a1a1a", base="#ffffff", alternate_base="#eef1f5",
        text="#111111", button="#e8e8e8", button_text="#111111", highlight="#2f6fd6",
        highlighted_text="#ffffff", link="#1d5fc4", disabled_text="#8a8a8a",
        tooltip_base="#fffbe0", tooltip_text="#111111",
        plot_background="#ffffff", plot_foreground="#222222", focus="#2f6fd6"),
    "dark": ThemeColors(
        window="#24272b", window_text="#e6e6e6", base="#1b1d20", alternate_base="#2b2f34",
        text="#eeeeee", button="#33373c", button_text="#eeeeee", highlight="#4d8ee8",
        highlighted_text="#ffffff", link="#7fb2ff", disabled_text="#7a7f86",
        tooltip_base="#3a3f45", tooltip_text="#f0f0f0",
        plot_background="#1b1d20", plot_foreground="#d8d8d8", focus="#7fb2ff"),
    # Black on white is washed out by projectors in lit rooms; pure white on black with
    # yellow accents keeps text and focus visible from the back row.
    "high-contrast": ThemeColors(
        window="#000000", window_text="#ffffff", base="#000000", alternate_base="#1a1a1a",
        text="#ffffff", button="#000000", button_text="#ffffff", highlight="#ffff00",
        highlighted_text="#000000", link="#00ffff", disabled_text="#b0b0b0",
        tooltip_base="#000000", tooltip_text="#ffff00",
        plot_background="#000000", plot_foreground="#ffffff", focus="#ffff00"),
}


def plot_colors(name: str) -> tuple[str, str]:
    """(background, foreground) colours for pyqtgraph plots in theme *name*."""
    c = COLORS.get(name, COLORS[DEFAULT_THEME])
    return c.plot_background, c.plot_foreground


def make_palette(name: str) -> QPalette:
    c = COLORS[name]
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, c.window), (role.WindowText, c.window_text), (role.Base, c.base),
        (role.AlternateBase, c.alternate_base), (role.Text, c.text), (role.Button, c.button),
        (role.ButtonText, c.button_text), (role.Highlight, c.highlight),
        (role.HighlightedText, c.highlighted_text), (role.Link, c.link),
        (role.ToolTipBase, c.tooltip_base), (role.ToolTipText, c.tooltip_text),
        (role.PlaceholderText, c.disabled_text), (role.BrightText, "#ff4040"),
    ):
        p.setColor(r, QColor(value))
    # Widgets derive bevel shades from these; keep them sensible on dark themes.
    light = QColor(c.button).lighter(150)
    dark = QColor(c.button).darker(160)
    p.setColor(role.Light, light)
    p.setColor(role.Midlight, QColor(c.button).lighter(120))
    p.setColor(role.Mid, QColor(c.button).darker(130))
    p.setColor(role.Dark, dark)
    p.setColor(role.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(c.disabled_text))
    return p


def style_sheet(name: str) -> str:
    """A small style sheet: visible keyboard focus and, in high contrast, borders."""
    c = COLORS[name]
    sheet = f"""
QPushButton:focus, QToolButton:focus, QComboBox:focus, QSpinBox:focus,
QDoubleSpinBox:focus, QLineEdit:focus, QCheckBox:focus, QRadioButton:focus, QSlider:focus {{
    border: 2px solid {c.focus};
}}
"""
    if name == "high-contrast":
        sheet += f"""
QWidget {{ color: {c.text}; }}
QPushButton, QToolButton, QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit {{
    border: 1px solid {c.text}; padding: 2px 6px; background: {c.button};
}}
QPushButton:hover, QToolButton:hover {{ border: 2px solid {c.focus}; }}
QPushButton:pressed, QPushButton:checked, QToolButton:checked {{
    background: {c.highlight}; color: {c.highlighted_text};
}}
QGroupBox {{ border: 1px solid {c.text}; margin-top: 1.2em; padding-top: 0.3em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; color: {c.focus}; }}
QTabBar::tab:selected {{ color: {c.focus}; }}
QCheckBox::indicator, QRadioButton::indicator, QGroupBox::indicator {{
    width: 0.9em; height: 0.9em; border: 2px solid {c.text}; background: {c.base};
}}
QRadioButton::indicator {{ border-radius: 0.55em; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked, QGroupBox::indicator:checked {{
    background: {c.focus};
}}
QCheckBox::indicator:indeterminate {{ background: {c.disabled_text}; }}
QMenu::item:selected, QMenuBar::item:selected {{
    background: {c.highlight}; color: {c.highlighted_text};
}}
"""
    return sheet


def apply_theme(name: str, app: QApplication | None = None) -> str:
    """Apply theme *name* to the application; an unknown name falls back to the default.

    Returns the name actually applied."""
    if name not in THEMES:
        name = DEFAULT_THEME
    app = app or QApplication.instance()
    if app is None:
        return name
    app.setStyle("Fusion")
    app.setPalette(make_palette(name))
    app.setStyleSheet(style_sheet(name))
    app.setProperty("cnnvizTheme", name)
    pg = sys.modules.get("pyqtgraph")
    if pg is not None:  # plots created from now on match the theme
        bg, fg = plot_colors(name)
        pg.setConfigOptions(background=bg, foreground=fg)
    return name


def current_theme(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()
    value = app.property("cnnvizTheme") if app is not None else None
    return value if value in THEMES else DEFAULT_THEME
