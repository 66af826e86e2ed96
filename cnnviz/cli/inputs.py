"""Turning command-line arguments into matrices: inline text, CSV/text files or images."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from cnnviz.cli.errors import CliError, quoted
from cnnviz.core.images import ImageReadError, is_image_path, read_image
from cnnviz.core.matrices import MatrixParseError, parse_matrix, read_matrix_file

MAX_IMAGE_SIDE = 64
MAX_MATRIX_FILE_BYTES = 16 * 2**20  # a matrix typed or exported by hand is far smaller


def load_matrix(arg: str, what: str, *, allow_image: bool = False, max_image_side: int = MAX_IMAGE_SIDE) -> np.ndarray:
    """``arg`` is an inline matrix (``"1,0;0,1"``), a CSV/text file, or (when
    ``allow_image``) an image file read as grayscale 0–255; images larger than
    ``max_image_side`` on a side are shrunk (cv2.INTER_AREA, aspect kept) with a note on
    stderr, since every pixel becomes a printed number."""
    if not arg.strip():
        raise CliError(f"{what}: the matrix is empty: type rows separated by ';' and values by ',' or spaces")
    path = _existing_path(arg)
    if path is not None:
        if path.is_dir():
            raise CliError(f"{what}: {quoted(arg)} is a folder")
        if allow_image and is_image_path(path):
            return _load_image(path, what, max_image_side)
        if is_image_path(path):
            raise CliError(f"{what}: {quoted(arg)}: an image cannot be used here; give a matrix or a CSV/text file")
        if not path.is_file():
            raise CliError(f"{what}: {quoted(arg)} is not a regular file")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CliError(f"{what}: cannot read {quoted(arg)}: {exc.strerror or exc}") from None
        if size > MAX_MATRIX_FILE_BYTES:
            raise CliError(f"{what}: {quoted(arg)} is too large for a matrix file ({size / 2**20:.1f} MB)")
        try:
            return read_matrix_file(path)
        except MatrixParseError as exc:
            raise CliError(f"{what}: {quoted(arg)}: {exc}") from None
    try:
        return parse_matrix(arg)
    except MatrixParseError as exc:
        if _looks_like_a_path(arg):
            raise CliError(f"{what}: {quoted(arg)}: no such file (inline matrices look like \"1,0;0,1\")") from None
        raise CliError(f"{what}: {exc}") from None


def _existing_path(arg: str) -> Path | None:
    """``arg`` as a path when something exists there; None for text that cannot be a
    path at all (too long for the file system, NUL characters, undecodable bytes)."""
    try:
        path = Path(arg)
        return path if path.exists() else None
    except (OSError, ValueError):
        return None


def _looks_like_a_path(arg: str) -> bool:
    if len(arg) > 255 or "\n" in arg or ";" in arg:
        return False
    if Path(arg).suffix[1:].isalpha():
        return True
    # "1/9" is a fraction in a matrix; "data/in" is a path.
    return ("/" in arg or "\\" in arg) and any(ch.isalpha() for ch in arg)


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
        raise CliError(f"--padding must be valid, same, N, 'R,C' or 'T,B,L,R'; got {quoted(text)}") from None
    if len(values) == 1:
        return values[0]
    if len(values) in (2, 4):
        return tuple(values)
    raise CliError(f"--padding takes 1, 2 or 4 integers, got {len(values)}")


def parse_pair(text: str, name: str) -> int | tuple[int, int]:
    try:
        values = [int(v) for v in text.replace("x", ",").split(",")]
    except ValueError:
        raise CliError(f"{name} must be an integer or 'R,C', got {quoted(text)}") from None
    if len(values) == 1:
        return values[0]
    if len(values) == 2:
        return (values[0], values[1])
    raise CliError(f"{name} must be an integer or 'R,C', got {quoted(text)}")
