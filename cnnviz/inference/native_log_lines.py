"""What TensorFlow's native (absl) log lines look like, for filters that hide them.

TensorFlow and XLA print lines such as ``I0000 00:00:1795389991.196482  28679 port.cc:153]
oneDNN custom operations are on…`` straight to file descriptor 2. Informational, warning
and error lines (``I``/``W``/``E``, e.g. ``failed call to cuInit`` on a machine without a
GPU) are noise for users; fatal lines (``F``, written just before TensorFlow aborts) are
not, and never match. The command line
(:mod:`cnnviz.cli.native_logs`) and the app's training process
(:mod:`cnnviz.inference.training_process`) keep them away from users with this pattern.
"""
from __future__ import annotations

import re

_PATTERN = (r"^(?:[IWE]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.\-]+:\d+\]"
            r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR)")

NATIVE_LOG_LINE = re.compile(_PATTERN)
"""Matches a native log line given as ``str``."""

NATIVE_LOG_LINE_BYTES = re.compile(_PATTERN.encode("ascii"))
"""The same for ``bytes``."""
