"""Autosave: the session is written to the settings folder when it changed — at once
when a page commits an edit (a finished stroke, an undo, a cleared canvas: the
controllers' ``edit_committed`` signal), every few seconds otherwise, and on quit — and
it is restored at start-up. So the current drawing with its undo history, custom
kernels and lab position survive a restart and a crash (``kill -9`` a moment after the
pen is lifted loses nothing).

The file is ``<settings dir>/autosave.cnnviz`` (see :func:`cnnviz.qt.settings.settings_dir`),
written atomically (temporary file + ``os.replace``) in a background thread. It is
restored field by field: a field a page cannot use is left out (the note says which)
and the rest comes back. A file that cannot be used at all, or had fields left out,
is kept as a numbered copy (``autosave.cnnviz.bad``, ``.bad.2``, …: no earlier copy is
overwritten).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from cnnviz.app import session
from cnnviz.qt.settings import settings_dir

log = logging.getLogger(__name__)

FILE_NAME = "autosave" + session.SUFFIX
INTERVAL_MS = 3000


def autosave_path() -> Path:
    return settings_dir() / FILE_NAME


class Autosave(QObject):
    def __init__(self, window, path: Path | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(window)
        self.setObjectName("autosave")
        self._window = window
        self.path = Path(path) if path is not None else autosave_path()
        self._last_text: str | None = None
        self.writes = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        # The timer's saves write in a background thread (fsync can take tens of
        # milliseconds on slow disks); collecting the state stays on the UI thread.
        self.timer.timeout.connect(lambda: self.save_if_changed(background=True))
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnnviz-autosave")
        self._pending: Future | None = None
        # An edit committed while a write is still going: written right after it.
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(15)
        self._again.timeout.connect(self.save_soon)
        for ctrl in session.controllers(window).values():
            signal = getattr(ctrl, "edit_committed", None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(self.save_soon)

    def save_soon(self) -> None:
        """Write now, off the UI thread (an edit was committed): after the write in
        progress, if there is one."""
        if self._pending is not None and not self._pending.done():
            self._again.start()
            return
        self.save_if_changed(background=True)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _snapshot(self) -> tuple[dict, str]:
        data = session.collect(self._window, timestamp=False)
        # Serialised here, once: the writer thread then only writes bytes (it needs the
        # GIL for little while TensorFlow may be importing in another thread).
        return data, json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False)

    def save_if_changed(self, background: bool = False) -> bool:
        """Write the session when it differs from the last one written (or restored).

        Returns True when a write was made (or, with *background*, started)."""
        if self._pending is not None and not self._pending.done():
            return False  # the previous write is still going; the next tick catches up
        try:
            data, text = self._snapshot()
        except (TypeError, ValueError) as exc:
            log.warning("autosave: the session could not be collected: %s", exc)
            return False
        if text == self._last_text:
            return False
        if background:
            self._pending = self._writer.submit(self._write, data, text)
            return True
        return self._write(data, text)

    def _write(self, data: dict, text: str) -> bool:
        try:
            session.write_text_atomic(self.path, text)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("autosave to %s failed: %s", self.path, exc)
            return False
        self._last_text = text
        self.writes += 1
        return True

    def wait(self) -> None:
        """Block until a background write has finished."""
        if self._pending is not None:
            self._pending.result()

    def save_now(self) -> bool:
        """Write at once, on this thread (quit, restart)."""
        self.wait()
        self._last_text = None
        return self.save_if_changed()

    def restore(self) -> list[str]:
        """Restore the autosaved session, if any. Never raises: a bad file is moved aside.

        The model is not reopened from the autosave (the model page remembers the last
        model itself); explicit session files do reopen theirs."""
        if not self.path.exists():
            return []
        try:
            data = session.load_file(self.path)
            notes = session.restore(self._window, data, include_model=False, source="autosave", partial=True)
        except session.SessionError as exc:
            bad = self.keep_bad_copy(move=True)
            log.warning("autosaved session not restored (%s); moved to %s", exc, bad)
            return [str(exc)]
        if any("left out" in note for note in notes):
            bad = self.keep_bad_copy(move=False)
            # One note (the status bar shows one at a time): what was dropped, and where
            # the file as it was is kept.
            notes = ["; ".join(notes) + f" (the file as it was is kept in {bad})"]
        for note in notes:
            log.info("%s", note)
        try:
            self._last_text = self._snapshot()[1]
        except Exception:  # noqa: BLE001
            self._last_text = None
        return notes

    def keep_bad_copy(self, move: bool) -> Path | None:
        """Keep the autosave file under the first free name ``.bad``, ``.bad.2``, …"""
        n = 1
        while True:
            bad = self.path.with_name(self.path.name + ".bad" + ("" if n == 1 else f".{n}"))
            if not bad.exists():
                break
            n += 1
        try:
            if move:
                os.replace(self.path, bad)
            else:
                shutil.copyfile(self.path, bad)
        except OSError as exc:
            log.warning("could not keep a copy of %s: %s", self.path, exc)
            return None
        return bad
