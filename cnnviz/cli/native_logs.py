"""Keep TensorFlow's native start-up chatter off a command-line user's terminal.

TensorFlow (and XLA) print absl log lines straight to file descriptor 2 while importing
and on first use ("oneDNN custom operations are on", "Could not find cuda drivers",
"failed call to cuInit" …), before ``TF_CPP_MIN_LOG_LEVEL`` takes effect. The scriptable
subcommands promise one-line errors, so for their run we route fd 2 through a pipe and a
thread that forwards every line except those native log lines. Python's own messages
(``sys.stderr``) pass unchanged. Set ``TF_CPP_MIN_LOG_LEVEL=0`` to see everything.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from typing import Iterator

from cnnviz.inference.native_log_lines import NATIVE_LOG_LINE_BYTES as NATIVE_LINE



def is_native_log_line(line: bytes) -> bool:
    return bool(NATIVE_LINE.match(line))


def could_start_native_line(text: bytes) -> bool:
    """Whether an unfinished line may still turn out to be a native log line."""
    return bool(re.match(rb"[IWEF]\d{0,4}$", text[:5])) or b"WARNING: All log messages".startswith(text[:25])


def wanted() -> bool:
    """Filter unless the user asked for TensorFlow's logs (TF_CPP_MIN_LOG_LEVEL 0 or 1)."""
    return os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3") not in ("0", "1")


@contextlib.contextmanager
def native_logs_filtered() -> Iterator[None]:
    """Within the block, drop native absl log lines written to fd 2."""
    if not wanted():
        yield
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        read_end, write_end = os.pipe()
    except (OSError, ValueError):  # no usable fd 2 (embedded, closed): nothing to filter
        yield
        return

    def pump() -> None:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            pending = b""
            while chunk := pipe.read(65536):
                pending += chunk
                # Lines end at "\n" or "\r" (progress displays redraw with "\r").
                parts = re.split(rb"(\r\n|\n|\r)", pending)
                pending = parts.pop()
                out = b"".join(text + end for text, end in zip(parts[::2], parts[1::2])
                               if not is_native_log_line(text))
                if pending and not could_start_native_line(pending):
                    out, pending = out + pending, b""  # a prompt or partial progress: show now
                if out:
                    os.write(saved, out)
            if pending and not is_native_log_line(pending):
                os.write(saved, pending)

    thread = threading.Thread(target=pump, name="stderr-filter", daemon=True)
    thread.start()
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)  # closes the pipe's last write end: the pump sees EOF
        thread.join(timeout=5)
        os.close(saved)
