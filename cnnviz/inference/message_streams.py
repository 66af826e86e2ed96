"""Reading a child process's output, Qt-free: :class:`MessageReader` splits its stdout
into the training protocol's JSON messages (:mod:`cnnviz.inference.training_process`),
:class:`StderrTail` keeps the last readable lines of its stderr for a failure message,
:func:`messages` reads a whole stream (tests, scripts)."""
from __future__ import annotations

import collections
import json
import re
from typing import BinaryIO, Iterator

from cnnviz.inference.native_log_lines import NATIVE_LOG_LINE


class MessageReader:
    """Splits the child's stdout into JSON messages; bytes may arrive in any pieces.

    ``feed(data)`` returns the complete messages in ``data`` plus what was pending; a
    line that is not a JSON object (a stray print) is kept in :attr:`stray` and skipped.
    """

    MAX_PENDING = 16 * 1024**2

    def __init__(self) -> None:
        self._pending = b""
        self.stray: collections.deque[str] = collections.deque(maxlen=20)

    def feed(self, data: bytes) -> list[dict]:
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        if len(self._pending) > self.MAX_PENDING:  # no newline in 16 MB: not our protocol
            self.stray.append(self._pending[:200].decode("utf-8", "replace"))
            self._pending = b""
        out = []
        for raw in lines:
            text = raw.decode("utf-8", "replace").strip()
            if not text:
                continue
            try:
                msg = json.loads(text)
            except ValueError:
                msg = None
            if isinstance(msg, dict) and isinstance(msg.get("type"), str):
                out.append(msg)
            else:
                self.stray.append(text[:500])
        return out

    @property
    def pending(self) -> bytes:
        return self._pending




class StderrTail:
    """The last readable lines of the child's stderr (TensorFlow's native absl log lines
    left out), for a failure message; nothing of it is echoed to the user's terminal."""

    def __init__(self, lines: int = 40) -> None:
        self._lines: collections.deque[str] = collections.deque(maxlen=lines)
        self._pending = ""

    def feed(self, data: bytes) -> None:
        text = self._pending + data.decode("utf-8", "replace")
        *lines, self._pending = re.split(r"\r\n|\n|\r", text)
        if len(self._pending) > 4000:
            lines.append(self._pending)
            self._pending = ""
        for line in lines:
            if line.strip() and not NATIVE_LOG_LINE.match(line):
                self._lines.append(line.rstrip()[:1000])

    def lines(self) -> list[str]:
        extra = [self._pending] if self._pending.strip() and not NATIVE_LOG_LINE.match(self._pending) else []
        return [*self._lines, *extra]

    def last_error(self) -> str | None:
        """The exception line of a Python traceback at the end of stderr, if there is one."""
        lines = self.lines()
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].startswith("Traceback (most recent call last)"):
                tail = [ln for ln in lines[i + 1:] if ln and not ln.startswith((" ", "\t"))]
                return tail[-1] if tail else None
        return None


def messages(stream: BinaryIO) -> Iterator[dict]:
    """Every message on ``stream`` (a child's stdout) until it closes (tests, scripts)."""
    reader = MessageReader()
    for chunk in iter(lambda: stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536), b""):
        yield from reader.feed(chunk)
    yield from reader.feed(b"\n")
