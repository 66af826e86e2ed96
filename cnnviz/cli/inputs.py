"""Turning command-line arguments into matrices: inline text, CSV/text files or images."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from cnnviz.cli.errors import CliError
from cnnviz.core.images import ImageReadError, is_image_path, read_image
from cnnviz.core.matrices import MatrixParseError, parse_matrix, read_matrix_file

MAX_IMAGE_SIDE = 64


def load_matrix(arg: str, what: str, *, allow_image: bool = False, max_image_side: int = MAX_IMAGE_SIDE) -> np.ndarray:
    """``arg`` is an inline matrix (``"1,0;0,1"``), a CSV/text file, or (when
    ``allow_image``) an image file read as grayscale 0–255; images larger than
    ``max_image_side`` on a side are shrunk (cv2.INTER_AREA, aspect kept) with a note on
    stderr, since every pixel becomes a printed number."""
    path = Path(arg)
    if path.exists():
        if path.is_dir():
            raise CliError(f"{what}: {arg} is a folder")
        if allow_image and is_image_path(path):
            return _load_image(path, what, max_image_side)
        if is_image_path(path):
            raise CliError(f"{what}: {arg}: an image cannot be used here; give a matrix or a CSV/text file")
        try:
            return read_matrix_file(path)
        except MatrixParseError as exc:
            raise CliError(f"{what}: {path}: {exc}") from None
    try:
        return parse_matrix(arg)
    except MatrixParseError as exc:
        if path.suffix[1:].isalpha() or "/" in arg or "\\" in arg:
            raise CliError(f"{what}: {arg}: no such file (inline matrices look like \"1,0;0,1\")") from None
        raise CliError(f"{what}: {exc}") from None


def _load_image(path: Path, what: str, max_side: int) -> np.ndarray:
    try:
        gray = read_image(path, gray=True)
    except ImageReadError as exc:
        raise CliError(f"{what}: {exc}") from None
    h, w = gray.shape
    if max(h, w) > max_side:
        import cv2

        scale = max_side / max(h, w)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        gray = cv2.resize(gray, (nw, nh), interpolation=cv2.INTER_AREA)
        print(f"note: {what} image {path.name} is {w}×{h}; shrunk to {nw}×{nh}", file=sys.stderr)
    return gray.astype(np.float64)


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
