"""Keep TensorFlow's native start-up chatter off the user's terminal.

TensorFlow (and XLA) print absl log lines straight to file descriptor 2 while importing
and on first use ("oneDNN custom operations are on", "Could not find cuda drivers",
"failed call to cuInit" …), before ``TF_CPP_MIN_LOG_LEVEL`` takes effect, so that
variable alone does not silence them. For the window and the subcommands that load
TensorFlow, fd 2 goes through a pipe to a filter that passes on every line except those
native log lines (fatal ``F`` lines always pass). Python's own messages (``sys.stderr``)
pass unchanged. Set ``TF_CPP_MIN_LOG_LEVEL=0`` (or 1) to see everything.

The filter is a small separate process (:mod:`cnnviz.cli.stderr_filter`), so what a
crashing app writes last still reaches the terminal; where no such process can be
started it is a thread of this process.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from typing import Iterator

from cnnviz.cli import stderr_filter
from cnnviz.cli.stderr_filter import could_start_native_line  # noqa: F401  (re-exported)
from cnnviz.inference.native_log_lines import NATIVE_LOG_LINE_BYTES as NATIVE_LINE

WAIT_AT_EXIT_S = 2.0
"""How long the end of the block waits for the filter to pass on the last lines."""


def is_native_log_line(line: bytes) -> bool:
    return bool(NATIVE_LINE.match(line))


def wanted() -> bool:
    """Filter unless the user asked for TensorFlow's logs (TF_CPP_MIN_LOG_LEVEL 0 or 1)."""
    return os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3") not in ("0", "1")


def _start_process(read_end: int, saved: int) -> subprocess.Popen | None:
    if getattr(sys, "frozen", False) or not sys.executable:
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", stderr_filter.__file__, os.fsdecode(NATIVE_LINE.pattern)],
            stdin=read_end, stdout=saved, stderr=subprocess.DEVNULL,
            start_new_session=True)  # Ctrl+C in the terminal is for the app, not the filter
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


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
    process = _start_process(read_end, saved)
    thread = None
    if process is None:
        thread = threading.Thread(target=stderr_filter.pump, args=(read_end, saved, NATIVE_LINE),
                                  name="stderr-filter", daemon=True)
        thread.start()
    else:
        os.close(read_end)
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)  # closes the pipe's last write end: the filter sees EOF
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=WAIT_AT_EXIT_S)  # the last lines before the shell's prompt
        else:
            thread.join(timeout=WAIT_AT_EXIT_S)
            with contextlib.suppress(OSError):
                os.close(read_end)
        os.close(saved)
