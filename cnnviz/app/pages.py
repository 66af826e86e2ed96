"""The page builders, in tab order. Each is ``builder(window, args) -> None``."""
from __future__ import annotations

BUILDERS: list = []
