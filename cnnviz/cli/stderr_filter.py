"""Copy a byte stream line by line, leaving out the lines that match a pattern.

This is the filter behind :mod:`cnnviz.cli.native_logs`. It uses the standard library
only, so that it can also run as its own small process (``python -I -S stderr_filter.py
PATTERN``, reading stdin, writing stdout): such a process outlives a crash of the app
and still passes on the app's last words (a fatal error, a Qt abort message).
"""
from __future__ import annotations

import os
import re
import sys

_LINE_END = re.compile(rb"(\r\n|\n|\r)")  # "\r": progress displays redraw a line
_START = re.compile(rb"[IWEF]\d{0,4}$")
_ABSL_NOTICE = b"WARNING: All log messages"


def could_start_native_line(text: bytes) -> bool:
    """Whether an unfinished line may still turn out to be a native log line."""
    return bool(_START.match(text[:5])) or _ABSL_NOTICE.startswith(text[:25])


def pump(read_fd: int, write_fd: int, dropped: re.Pattern[bytes]) -> None:
    """Copy ``read_fd`` to ``write_fd`` until end of file, leaving out whole lines that
    ``dropped`` matches. A partial line that cannot become such a line (a prompt, a
    progress bar) is passed on at once. When ``write_fd`` is gone (the terminal closed),
    keep reading so that the writer never blocks."""
    pending = b""
    writable = True

    def write(data: bytes) -> None:
        nonlocal writable
        while writable and data:
            try:
                data = data[os.write(write_fd, data):]
            except OSError:
                writable = False

    while chunk := os.read(read_fd, 65536):
        pending += chunk
        parts = _LINE_END.split(pending)
        pending = parts.pop()
        out = b"".join(text + end for text, end in zip(parts[::2], parts[1::2]) if not dropped.match(text))
        if pending and not could_start_native_line(pending):
            out, pending = out + pending, b""
        if out:
            write(out)
    if pending and not dropped.match(pending):
        write(pending)


if __name__ == "__main__":
    pump(0, 1, re.compile(os.fsencode(sys.argv[1])))
