"""The status bar's "Keras 3.x · backend · live: … · batch: …" in the interface's language."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def device_words() -> dict[str, str]:
    """The translated words of :func:`cnnviz.inference.devices.status_text`."""
    return {"live": QCoreApplication.translate("DeviceStatus", "live: {0}"),
            "batch": QCoreApplication.translate("DeviceStatus", "batch: {0}"),
            "cores": QCoreApplication.translate("DeviceStatus", "CPU ({0} cores)"),
            "one core": QCoreApplication.translate("DeviceStatus", "CPU (1 core)"),
            "cpu": QCoreApplication.translate("DeviceStatus", "CPU")}


def device_status_text() -> str:
    """Worker thread (it imports Keras): the status bar's device text."""
    from cnnviz.inference.runtime import status_text

    return status_text(device_words())
