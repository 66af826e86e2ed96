"""File > Settings…: language, theme and zoom.

Theme and zoom apply at once. A new language is saved and applies after a restart: the
dialog offers to restart now (the window's ``restart_requested`` signal; the application
autosaves the session first, so nothing is lost)."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QMessageBox,
                               QSpinBox, QWidget)

from cnnviz.qt import i18n
from cnnviz.qt import settings as S
from cnnviz.qt import theme as themes
from cnnviz.qt.presentation import MAX_ZOOM, MIN_ZOOM, PRESENTATION_SCALE_RANGE


class SettingsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        settings = S.app_settings()

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("System default"), "")
        for code, name in i18n.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        saved = S.read_str(settings, "ui/language", "", choices=("", *i18n.LANGUAGES))
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(saved)))
        self._initial_language = saved

        self.theme_combo = QComboBox(self)
        self.theme_combo.setObjectName("themeCombo")
        for name in themes.THEMES:
            self.theme_combo.addItem(themes.theme_title(name), name)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(window.theme)))

        self.zoom_spin = QSpinBox(self)
        self.zoom_spin.setObjectName("zoomSpin")
        self.zoom_spin.setRange(round(MIN_ZOOM * 100), round(MAX_ZOOM * 100))
        self.zoom_spin.setSingleStep(10)
        self.zoom_spin.setSuffix(" %")
        self.zoom_spin.setValue(round(window.zoom() * 100))

        self.presentation_spin = QSpinBox(self)
        self.presentation_spin.setObjectName("presentationScaleSpin")
        lo, hi = PRESENTATION_SCALE_RANGE
        self.presentation_spin.setRange(round(lo * 100), round(hi * 100))
        self.presentation_spin.setSingleStep(10)
        self.presentation_spin.setSuffix(" %")
        self.presentation_spin.setValue(round(window.presentation.presentation_scale * 100))
        self.presentation_spin.setToolTip(self.tr("How much larger text is in presentation mode (F11) on a "
                                                  "1080-line screen; smaller screens get proportionally "
                                                  "less, so the pages still fit"))

        form = QFormLayout(self)
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow(self.tr("&Theme:"), self.theme_combo)
        form.addRow(self.tr("&Zoom:"), self.zoom_spin)
        form.addRow(self.tr("&Presentation text size:"), self.presentation_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        window = self._window
        window.set_theme(self.theme_combo.currentData())
        window.set_zoom(self.zoom_spin.value() / 100.0)
        window.presentation.set_presentation_scale(self.presentation_spin.value() / 100.0)
        language = self.language_combo.currentData()
        settings = S.app_settings()
        settings.setValue("ui/zoom", window.zoom())
        settings.setValue("ui/presentation_scale", window.presentation.presentation_scale)
        settings.setValue("ui/language", language)
        settings.sync()
        super().accept()
        effective = i18n.resolve_language(None, language)
        if language != self._initial_language and effective != i18n.current_language():
            answer = QMessageBox.question(
                window, self.tr("Restart to change the language"),
                self.tr("The new language is used after cnnviz restarts. Your drawing, kernels "
                        "and lab position are kept. Restart now?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                window.restart_requested.emit()
