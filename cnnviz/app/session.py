"""Sessions: the state of every page in one JSON file, for File > Save/Open session and
for the autosave that survives a restart or a crash.

The protocol (no base class to inherit): a controller that has state worth keeping
implements

    session_state() -> dict                 # JSON-able: str, int, float, bool, None, lists, dicts
    restore_session_state(state: dict) -> None   # raise ValueError/TypeError/KeyError on bad input

and is reachable as an attribute of the main window (``window.lab``, ``window.pooling``,
``window.filters``, ``window.digits``, ``window.model_page``, ``window.evaluation``,
``window.training``; every page key is tried too). Arrays go through :func:`encode_array` / :func:`decode_array` (compact base64).

A session file::

    {"format": "cnnviz-session", "version": 1, "app_version": "0.1.0",
     "saved_at": "2026-11-22T21:30:00+00:00", "page": "lab",
     "model": "/path/to/model.keras" | null,
     "controllers": {"lab": {...}, "digits": {...}}}

Opening validates the whole file before touching anything; if a controller then rejects
its state, the controllers already restored are put back as they were, so a bad file
changes nothing.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz import __version__

log = logging.getLogger(__name__)

FORMAT = "cnnviz-session"
VERSION = 1
SUFFIX = ".cnnviz"
#: Window attributes holding controllers, in restore order (page keys are tried as well).
CONTROLLER_NAMES: tuple[str, ...] = ("model_page", "lab", "pooling", "filters", "digits",
                                     "evaluation", "training")


class SessionError(Exception):
    """A session file that cannot be used; the message says why, naming the file."""


# -- arrays -------------------------------------------------------------------------
def encode_array(array: np.ndarray) -> dict[str, Any]:
    """A NumPy array as a small JSON-able dict (dtype, shape, base64 of the raw bytes)."""
    a = np.ascontiguousarray(array)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"cannot store arrays of dtype {a.dtype} in a session")
    return {"dtype": a.dtype.str, "shape": list(a.shape),
            "data": base64.b64encode(a.tobytes()).decode("ascii")}


def decode_array(obj: Any) -> np.ndarray:
    """Inverse of :func:`encode_array`; raises ValueError on anything malformed."""
    if not isinstance(obj, dict) or not {"dtype", "shape", "data"} <= obj.keys():
        raise ValueError("an array needs 'dtype', 'shape' and 'data'")
    try:
        dtype = np.dtype(obj["dtype"])
        shape = tuple(int(n) for n in obj["shape"])
        raw = base64.b64decode(obj["data"], validate=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"malformed array: {exc}") from exc
    if dtype.kind not in "biuf" or any(n < 0 for n in shape):
        raise ValueError(f"unsupported array dtype {dtype} or shape {shape}")
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise ValueError(f"array data has {len(raw)} bytes, shape {shape} of {dtype} needs "
                         f"{dtype.itemsize * int(np.prod(shape, dtype=np.int64))}")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


#: At most this many undo (and redo) steps are saved: ~3 KB each.
HISTORY_SAVED = 60


def encode_history(undo: list[bytes], redo: list[bytes]) -> dict[str, list[str]]:
    """A canvas's undo/redo snapshots (bytes) as base64 text, the newest HISTORY_SAVED."""
    def enc(snaps):
        return [base64.b64encode(b).decode("ascii") for b in snaps[-HISTORY_SAVED:]]
    return {"undo": enc(undo), "redo": enc(redo)}


def decode_history(obj: Any) -> tuple[list[bytes], list[bytes]]:
    """Inverse of :func:`encode_history`; ValueError on anything malformed."""
    if not isinstance(obj, dict) or not all(isinstance(obj.get(k), list) for k in ("undo", "redo")):
        raise ValueError("the undo history needs 'undo' and 'redo' lists")
    try:
        return tuple([base64.b64decode(t, validate=True) for t in obj[k]] for k in ("undo", "redo"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"malformed undo history: {exc}") from exc


# -- collecting and restoring ---------------------------------------------------------
def controllers(window) -> dict[str, Any]:
    """The window's controllers that implement the session protocol, by attribute name."""
    names = list(CONTROLLER_NAMES)
    page_keys = getattr(window, "page_keys", None)
    if callable(page_keys):
        names += [k for k in page_keys() if k not in names]
    found: dict[str, Any] = {}
    for name in names:
        obj = getattr(window, name, None)
        if obj is not None and callable(getattr(obj, "session_state", None)) and callable(
                getattr(obj, "restore_session_state", None)):
            found[name] = obj
    return found


def _model_path(window) -> str | None:
    hub = getattr(window, "model_hub", None)
    current = getattr(hub, "current", None) if hub is not None else None
    path = getattr(current, "path", None)
    return str(path) if path else None


def collect(window, *, timestamp: bool = True) -> dict[str, Any]:
    """The session of *window* as a JSON-able dict. A controller whose state fails or is
    not JSON-able is left out with a logged warning (the rest is still saved)."""
    states: dict[str, Any] = {}
    for name, ctrl in controllers(window).items():
        try:
            state = ctrl.session_state()
            if not isinstance(state, dict):
                raise TypeError(f"session_state() returned {type(state).__name__}, not dict")
            json.dumps(state, allow_nan=False)
        except Exception as exc:  # noqa: BLE001 - one page must not stop the others
            log.warning("session state of %s left out: %s", name, exc)
            continue
        states[name] = state
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "app_version": __version__}
    if timestamp:
        data["saved_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    current_page = getattr(window, "current_page_key", None)
    data["page"] = current_page() if callable(current_page) else ""
    data["model"] = _model_path(window)
    data["controllers"] = states
    return data


def validate(data: Any, source: str = "session") -> dict[str, Any]:
    """Check the structure of a session; raise SessionError naming what is wrong."""
    if not isinstance(data, dict):
        raise SessionError(f"{source} is not a cnnviz session (expected a JSON object)")
    if data.get("format") != FORMAT:
        raise SessionError(f"{source} is not a cnnviz session (format is {data.get('format')!r}, "
                           f"expected {FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"{source} has an invalid version {version!r}")
    if version > VERSION:
        raise SessionError(f"{source} was saved by a newer cnnviz (session version {version}, "
                           f"this one reads up to {VERSION}); update cnnviz to open it")
    ctrls = data.get("controllers", {})
    if not isinstance(ctrls, dict) or not all(isinstance(v, dict) for v in ctrls.values()):
        raise SessionError(f"{source}: 'controllers' must map page names to objects")
    for key, kind in (("page", str), ("model", str)):
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            raise SessionError(f"{source}: {key!r} must be text, got {type(value).__name__}")
    return data


def _restore_fields(ctrl, state: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """Restore what is valid of ``state``, field by field: each field is tried on top of
    the fields already accepted; the rejected ones are left out. Returns the rejected
    fields with the reason ("ink (the drawing must be …)")."""
    try:
        ctrl.restore_session_state(state)
        return []
    except Exception:  # noqa: BLE001 - find out which fields
        pass
    accepted: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in state.items():
        try:
            ctrl.restore_session_state({**accepted, key: value})
        except Exception as exc:  # noqa: BLE001 - this field is what is wrong
            dropped.append(f"{key} ({exc})")
        else:
            accepted[key] = value
    try:
        ctrl.restore_session_state(accepted)
    except Exception as exc:  # noqa: BLE001 - fields that only fail together: keep none
        log.warning("restoring the valid fields together failed (%s); put back as it was", exc)
        ctrl.restore_session_state(before)
        return dropped or [str(exc)]
    return dropped


def restore(window, data: dict[str, Any], *, include_model: bool = True,
            source: str = "session", partial: bool = False) -> list[str]:
    """Restore a validated session into *window*.

    Returns notes for the user (e.g. a page this build does not have, a missing model
    file). If a controller rejects its state: with ``partial`` (the autosave), what is
    valid is restored field by field and a note names each field left out; otherwise
    SessionError is raised — after putting every controller back as it was."""
    data = validate(data, source)
    notes: list[str] = []
    available = controllers(window)
    before = {name: available[name].session_state() for name in data["controllers"]
              if name in available}
    restored: list[str] = []
    for name, state in data["controllers"].items():
        ctrl = available.get(name)
        if ctrl is None:
            notes.append(f"{source}: no page {name!r} in this cnnviz; its state was skipped")
            continue
        if partial:
            dropped = _restore_fields(ctrl, state, before[name])
            if dropped:
                notes.append(f"{source}: the {name!r} page could not use its saved "
                             + "; ".join(dropped) + " — left out, the rest was restored")
            restored.append(name)
            continue
        try:
            ctrl.restore_session_state(state)
        except Exception as exc:  # noqa: BLE001 - roll back, then report
            for done in reversed(restored + [name]):
                try:
                    available[done].restore_session_state(before[done])
                except Exception as undo_exc:  # noqa: BLE001
                    log.warning("could not put %s back after a failed restore: %s", done, undo_exc)
            raise SessionError(f"{source}: the {name!r} page rejected its saved state "
                               f"({exc}); nothing was changed") from exc
        restored.append(name)
    model = data.get("model")
    if include_model and model:
        hub = getattr(window, "model_hub", None)
        if not Path(model).exists():
            notes.append(f"{source}: model file {model} no longer exists; kept the current model")
        elif hub is not None and _model_path(window) != model:
            hub.open(model)
    page = data.get("page")
    if page and hasattr(window, "show_page"):
        window.show_page(page)
    return notes


# -- files --------------------------------------------------------------------------
def write_json_atomic(path: str | Path, data: Any) -> Path:
    """Write JSON to *path* atomically: a temporary file in the same folder, then
    ``os.replace`` — a crash leaves the old file or the new one, never half of one."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False))


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write *text* to *path* atomically (see :func:`write_json_atomic`)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def save_file(window, path: str | Path) -> Path:
    return write_json_atomic(path, collect(window))


def load_file(path: str | Path) -> dict[str, Any]:
    """Read and validate a session file; SessionError with a clear message otherwise."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionError(f"{path} does not exist") from None
    except OSError as exc:
        raise SessionError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SessionError(f"{path} is not a cnnviz session (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise SessionError(f"{path} is damaged: invalid JSON at line {exc.lineno}, "
                           f"column {exc.colno} ({exc.msg})") from None
    return validate(data, str(path))


# -- menu actions -------------------------------------------------------------------
def save_session_dialog(window) -> Path | None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    path, _ = QFileDialog.getSaveFileName(window, QCoreApplication.translate("Session", "Save session"), "lesson" + SUFFIX,
                                          QCoreApplication.translate("Session", "cnnviz sessions (*.cnnviz);;JSON files (*.json)"))
    if not path:
        return None
    if not Path(path).suffix:
        path += SUFFIX
    try:
        saved = save_file(window, path)
    except (OSError, TypeError, ValueError) as exc:
        QMessageBox.warning(window, QCoreApplication.translate("Session", "Save session"),
                            QCoreApplication.translate("Session", "Could not save the session to {path}: {error}").format(path=path, error=exc))
        return None
    window.show_status(QCoreApplication.translate("Session", "Session saved to {path}").format(path=saved))
    return saved


def open_session_dialog(window, path: str | None = None) -> bool:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, QCoreApplication.translate("Session", "Open session"), "",
                                              QCoreApplication.translate("Session", "cnnviz sessions (*.cnnviz *.json);;All files (*)"))
        if not path:
            return False
    try:
        notes = restore(window, load_file(path), source=str(path))
    except SessionError as exc:
        QMessageBox.warning(window, QCoreApplication.translate("Session", "Open session"),
                            QCoreApplication.translate("Session", "The session could not be opened; nothing was changed.") + "\n\n" + str(exc))
        return False
    window.show_status(QCoreApplication.translate("Session", "Session opened from {path}").format(path=path)
                       + ("" if not notes else " — " + "; ".join(notes)), 10000)
    return True
