"""Reading small matrices the user types or keeps in files.

Inline text: rows separated by ``;`` or new lines, values by ``,`` or white space, e.g.
``"1,0;0,1"`` or ``"1 2 3\\n4 5 6"``. Files: CSV or whitespace-separated text.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np


class MatrixParseError(ValueError):
    """Text that is not a rectangular grid of numbers (the message points at the problem)."""


_ROW_SPLIT = re.compile(r"[;\n]")
_VALUE_SPLIT = re.compile(r"[,\s\t]+")
_EMPTY_VALUE = re.compile(r",\s*,")  # "1,,2": a cell left out, not a separator


def _shown(token: str, limit: int = 30) -> str:
    """A typed value inside a message: quoted, shortened when long."""
    t = token.strip()
    return repr(t if len(t) <= limit else t[: limit - 1] + "…")


def parse_number(token: str, row: int, col: int) -> float:
    t = token.strip().replace("−", "-")
    try:
        if "/" in t:  # fractions such as 1/9 are convenient for blur kernels
            num, den = t.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(t)
    except (ValueError, ZeroDivisionError):
        raise MatrixParseError(f"row {row}, column {col}: {_shown(token)} is not a number") from None
    if not np.isfinite(value):
        raise MatrixParseError(f"row {row}, column {col}: {_shown(token)} is not a finite number")
    return value


def parse_matrix(text: str, max_side: int | None = None) -> np.ndarray:
    """Parse inline matrix text into a 2-D float array. With ``max_side``, a matrix with
    more rows or columns than that is refused first (before its numbers are read or its
    rows compared), with its size in the message."""
    rows = [r.strip() for r in _ROW_SPLIT.split(text.strip().strip("[]"))]
    rows = [r.strip("[] ,") for r in rows if r.strip("[] ,")]
    if not rows:
        raise MatrixParseError("the matrix is empty: type rows separated by ';' and values by ',' or spaces")
    for i, row in enumerate(rows, start=1):
        if _EMPTY_VALUE.search(row):
            raise MatrixParseError(f"row {i}: two commas with no value between them — type a number "
                                   "for every cell (0 for an empty one)")
    token_rows = [[t for t in _VALUE_SPLIT.split(row) if t] for row in rows]
    if max_side is not None:
        cols = max(len(r) for r in token_rows)
        if len(token_rows) > max_side or cols > max_side:
            raise MatrixParseError(f"this takes matrices up to {max_side}×{max_side}, got {len(token_rows)} rows "
                                   f"and up to {cols} values in a row")
    grid: list[list[float]] = []
    for i, tokens in enumerate(token_rows, start=1):
        grid.append([parse_number(t, i, j) for j, t in enumerate(tokens, start=1)])
    widths = {len(r) for r in grid}
    if len(widths) != 1:
        counts = ", ".join(str(len(r)) for r in grid)
        raise MatrixParseError(f"every row needs the same number of values; the rows have {counts}")
    return np.array(grid, dtype=np.float64)


def read_matrix_file(path: str | Path) -> np.ndarray:
    """Read a CSV or whitespace-separated text file of numbers."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MatrixParseError(f"cannot read {p}: it is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                               f"at position {exc.start})") from None
    except OSError as exc:
        raise MatrixParseError(f"cannot read {p}: {exc.strerror or exc}") from None
    lines = [ln.split("#", 1)[0] for ln in text.splitlines()]
    return parse_matrix("\n".join(ln for ln in lines if ln.strip()))


def format_matrix(a: np.ndarray) -> str:
    """Inverse of :func:`parse_matrix` for 2-D arrays: ``"1,0;0,1"``."""
    from .numbers import fmt

    return ";".join(",".join(fmt(v, 6) for v in row) for row in np.asarray(a))
