"""Persistent settings (QSettings) and the folder the app keeps its own files in.

One entry point, :func:`app_settings`, returns a ``QSettings`` on an INI file. With the
environment variable ``CNNVIZ_SETTINGS_DIR`` set (tests set it per test) the file is
``$CNNVIZ_SETTINGS_DIR/cnnviz.ini``; otherwise it is the platform's usual place for the
organisation/application "cnnviz" (``~/.config/cnnviz/cnnviz.ini`` on Linux).

Values written by an older version, edited by hand or simply corrupt must never crash the
app: read them with the typed helpers (:func:`read_str`, :func:`read_float`, …), which log
a warning naming the key and the bad value and return the default instead.

Keys used by the shell (other modules pick their own, grouped by a prefix such as
``model/recent``):

========================  =======================================================
``ui/theme``              "light", "dark" or "high-contrast"
``ui/language``           "" (follow the system locale), "en" or "ko"
``ui/zoom``               UI zoom factor, 0.5 … 4.0
``window/geometry``       QMainWindow.saveGeometry()
``window/state``          QMainWindow.saveState() (docks, toolbars)
``window/splitters``      QByteArray per splitter objectName (QSplitter.saveState())
``model/last``            path of the last model opened successfully
========================  =======================================================
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

log = logging.getLogger(__name__)

ORGANISATION = "cnnviz"
APPLICATION = "cnnviz"
ENV_DIR = "CNNVIZ_SETTINGS_DIR"
FILE_NAME = "cnnviz.ini"


def settings_dir() -> Path:
    """The folder holding the settings file, the autosave file and other app state.

    ``$CNNVIZ_SETTINGS_DIR`` when set, else the platform's per-user configuration folder
    for cnnviz. The folder is created when missing."""
    env = os.environ.get(ENV_DIR, "").strip()
    if env:
        path = Path(env).expanduser()
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
        path = Path(base or Path.home() / ".config") / ORGANISATION
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # read-only home, …: settings then simply do not persist
        log.warning("cannot create the settings folder %s: %s", path, exc)
    return path


def settings_path() -> Path:
    return settings_dir() / FILE_NAME


def app_settings() -> QSettings:
    """QSettings on the cnnviz INI file (see the module docstring for where it lives)."""
    settings = QSettings(str(settings_path()), QSettings.Format.IniFormat)
    if settings.status() != QSettings.Status.NoError:
        log.warning("settings file %s could not be read (%s); using defaults",
                    settings.fileName(), settings.status().name)
    return settings


# -- typed reading ----------------------------------------------------------------------
_MISSING = object()


def _raw(settings: QSettings, key: str) -> Any:
    try:
        return settings.value(key, _MISSING)
    except Exception as exc:  # noqa: BLE001 - a corrupt value must never crash the app
        log.warning("setting %s could not be read (%s); using the default", key, exc)
        return _MISSING


def _bad(key: str, value: Any, expected: str) -> None:
    log.warning("ignoring setting %s=%r: expected %s", key, value, expected)


def read_str(settings: QSettings, key: str, default: str = "", *,
             choices: tuple[str, ...] | None = None) -> str:
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return default
    if not isinstance(value, str):
        _bad(key, value, "text")
        return default
    if choices is not None and value not in choices:
        _bad(key, value, "one of " + ", ".join(repr(c) for c in choices))
        return default
    return value


def read_float(settings: QSettings, key: str, default: float, *,
               minimum: float | None = None, maximum: float | None = None) -> float:
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        _bad(key, value, "a number")
        return default
    if number != number or (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum):
        _bad(key, value, f"a number in [{minimum}, {maximum}]")
        return default
    return number


def read_int(settings: QSettings, key: str, default: int, *,
             minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        _bad(key, value, "a whole number")
        return default
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        _bad(key, value, f"a whole number in [{minimum}, {maximum}]")
        return default
    return number


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    _bad(key, value, "true or false")
    return default


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A QByteArray setting (window geometry/state), or None when absent or not bytes."""
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return None
    if isinstance(value, QByteArray):
        return value
    if isinstance(value, (bytes, bytearray)):
        return QByteArray(bytes(value))
    _bad(key, value, "binary data")
    return None


def read_str_list(settings: QSettings, key: str, default: list[str] | None = None) -> list[str]:
    """A list of strings. An INI file stores a one-element list as a plain string."""
    value = _raw(settings, key)
    if value is _MISSING or value is None:
        return list(default or [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    _bad(key, value, "a list of text")
    return list(default or [])
