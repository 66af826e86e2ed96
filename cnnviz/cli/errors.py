"""Errors the command line reports as one line on stderr with exit status 2."""
from __future__ import annotations


class CliError(Exception):
    """Bad input from the user: printed as ``cnnviz <cmd>: error: <message>``, exit 2."""

    exit_code = 2
