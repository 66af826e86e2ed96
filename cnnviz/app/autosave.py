"""Autosave: the session is written to the settings folder every few seconds when it
changed, and on quit; it is restored at start-up. The current drawing, custom kernels
and lab position therefore survive a restart and a crash (at most one interval is lost).

The file is ``<settings dir>/autosave.cnnviz`` (see :func:`cnnviz.qt.settings.settings_dir`),
written atomically (temporary file + ``os.replace``). A damaged autosave file is moved
aside to ``autosave.cnnviz.bad`` with a warning, and the app starts fresh.
"""
from __future__ import annotations

import json
import logging
import os
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

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _snapshot(self) -> tuple[dict, str]:
        data = session.collect(self._window, timestamp=False)
        return data, json.dumps(data, sort_keys=True, ensure_ascii=False)

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
            session.write_json_atomic(self.path, data)
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
            notes = session.restore(self._window, data, include_model=False, source="autosave")
        except session.SessionError as exc:
            bad = self.path.with_name(self.path.name + ".bad")
            log.warning("autosaved session not restored (%s); moved to %s", exc, bad)
            try:
                os.replace(self.path, bad)
            except OSError:
                pass
            return [str(exc)]
        for note in notes:
            log.info("%s", note)
        try:
            self._last_text = self._snapshot()[1]
        except Exception:  # noqa: BLE001
            self._last_text = None
        return notes
