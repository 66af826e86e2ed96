"""Help > About: cnnviz's version and the versions of the libraries it runs on.

Keras and TensorFlow are not imported for this: their versions come from the installed
package metadata, and the active backend/device once the background start-up found them."""
from __future__ import annotations

import platform
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cnnviz import __version__


def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def library_versions() -> list[tuple[str, str]]:
    rows = [("Python", platform.python_version()),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__)]
    for dist, label in (("keras", "Keras"), ("tensorflow", "TensorFlow"), ("numpy", "NumPy"),
                        ("pyqtgraph", "pyqtgraph"), ("opencv-python-headless", "OpenCV")):
        version = package_version(dist)
        if version:
            rows.append((label, version))
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About cnnviz"))
        title = QLabel(f"<h2>cnnviz {__version__}</h2>", self)
        title.setObjectName("aboutTitle")
        blurb = QLabel(self.tr("See how convolution and convolutional neural networks work: "
                               "step through a convolution, pool, filter images, draw a digit "
                               "and watch a trained Keras CNN."), self)
        blurb.setWordWrap(True)
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{value}</td></tr>"
                       for name, value in library_versions())
        runtime = getattr(parent, "device_label", None)
        runtime_text = runtime.text() if runtime is not None else ""
        self.versions = QLabel(f"<table>{rows}</table>", self)
        self.versions.setObjectName("aboutVersions")
        self.versions.setProperty("cnnvizData", True)  # library names and versions
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.runtime = QLabel(self.tr("Running on: {runtime}").format(runtime=runtime_text), self)
        self.runtime.setObjectName("aboutRuntime")
        platform_label = QLabel(f"{platform.system()} {platform.machine()} · {sys.implementation.name}", self)
        platform_label.setProperty("cnnvizData", True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (title, blurb, self.versions, self.runtime, platform_label, buttons):
            layout.addWidget(w)
