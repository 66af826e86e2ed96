"""Turning command-line arguments into matrices: inline text, CSV/text files or images."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnviz.cli.errors import CliError
from cnnviz.core.images import ImageReadError, is_image_path, read_image
from cnnviz.core.matrices import MatrixParseError, parse_matrix, read_matrix_file

MAX_IMAGE_SIDE = 64


def load_matrix(arg: str, what: str, *, allow_image: bool = False) -> np.ndarray:
    """``arg`` is an inline matrix (``"1,0;0,1"``), a CSV/text file, or (when
    ``allow_image``) an image file read as grayscale 0–255."""
    path = Path(arg)
    looks_like_path = path.suffix != "" and not any(ch in arg for ch in ";,") or path.exists()
    if looks_like_path:
        if allow_image and is_image_path(path):
            try:
                return read_image(path, gray=True).astype(np.float64)
            except ImageReadError as exc:
                raise CliError(f"{what}: {exc}") from None
        if not path.exists():
            raise CliError(f"{what}: {arg}: no such file (inline matrices look like \"1,0;0,1\")")
        if path.is_dir():
            raise CliError(f"{what}: {arg} is a folder")
        try:
            return read_matrix_file(path)
        except MatrixParseError as exc:
            raise CliError(f"{what}: {path}: {exc}") from None
    try:
        return parse_matrix(arg)
    except MatrixParseError as exc:
        raise CliError(f"{what}: {exc}") from None


def parse_padding(text: str) -> object:
    """``valid``, ``same``, ``N``, ``R,C`` or ``T,B,L,R``."""
    t = text.strip().lower()
    if t in ("valid", "same"):
        return t
    try:
        values = [int(v) for v in t.replace(";", ",").split(",")]
    except ValueError:
        raise CliError(f"--padding must be valid, same, N, 'R,C' or 'T,B,L,R'; got {text!r}") from None
    if len(values) == 1:
        return values[0]
    if len(values) in (2, 4):
        return tuple(values)
    raise CliError(f"--padding takes 1, 2 or 4 integers, got {len(values)}")


def parse_pair(text: str, name: str) -> int | tuple[int, int]:
    try:
        values = [int(v) for v in text.replace("x", ",").split(",")]
    except ValueError:
        raise CliError(f"{name} must be an integer or 'R,C', got {text!r}") from None
    if len(values) == 1:
        return values[0]
    if len(values) == 2:
        return (values[0], values[1])
    raise CliError(f"{name} must be an integer or 'R,C', got {text!r}")
