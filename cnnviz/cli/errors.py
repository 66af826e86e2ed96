"""Errors the command line reports as one line on stderr with exit status 2."""
from __future__ import annotations

import re


class CliError(Exception):
    """Bad input from the user: printed as ``cnnviz <cmd>: error: <message>``, exit 2."""

    exit_code = 2


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(message: str) -> str:
    """``message`` fit for one terminal line: control characters (new lines, tabs, escape
    sequences) shown as ``\\n``-style escapes and characters that cannot be printed
    (undecodable bytes in a command-line argument) as ``\\udcff``-style escapes."""
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(message))
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def quoted(text: str, limit: int = 40) -> str:
    """A user's argument inside a message: quoted, and shortened when long."""
    if len(text) > limit:
        return repr(text[: limit - 1] + "…")
    return repr(text)
