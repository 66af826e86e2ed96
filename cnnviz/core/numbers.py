"""Formatting numbers for formulas and grids: integers without decimals, floats short."""
from __future__ import annotations

import math


def fmt(value: float, digits: int = 3) -> str:
    """``2`` for 2.0, ``0.333`` for 1/3, ``-1.5`` for -1.5; ``-0`` becomes ``0``; ``1e+20``
    for 1e20 (not twenty-one digits)."""
    v = float(value)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) < 1e15 and abs(v - round(v)) < 10 ** (-(digits + 3)) * max(1.0, abs(v)):
        r = int(round(v))
        return str(r) if r != 0 else "0"
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if abs(v) >= 1e5 or (abs(v) < 10 ** (-digits) and v != 0):
        return f"{v:.{digits}g}"
    return text


def fmt_factor(value: float, digits: int = 3) -> str:
    """A number as it appears inside a product: negatives in parentheses, e.g. ``(−1)``."""
    text = fmt(value, digits)
    return f"({text})" if text.startswith("-") else text
