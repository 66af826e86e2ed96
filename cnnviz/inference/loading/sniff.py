"""Checks on the path and the first bytes of a file, before anything parses it."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
ZIP_SIGNATURE = b"PK\x03\x04"
# Model files people open are a few MB; the largest sensible image CNN (VGG16 with its
# dense head) is ~550 MB. Anything larger is refused before it is read.
MAX_FILE_BYTES = 1_200_000_000

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
WEIGHTS_SUFFIXES = (".weights.h5",)


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def check_path(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[Path, str]:
    """Return ``(path, format)`` where format is ``"h5"`` or ``"keras"``.

    Raises :class:`ModelLoadError` naming the problem: missing, a directory, unreadable,
    empty, too large, or not an HDF5/zip file at all (judged by its first bytes, not its
    name, so a text file renamed ``.h5`` is caught here).
    """
    p = Path(os.fspath(path)).expanduser()
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ModelLoadError(f"{p}: no such file", E.NOT_FOUND) from None
    except PermissionError:
        raise ModelLoadError(f"{p}: permission denied (cannot look at the file)", E.UNREADABLE) from None
    except OSError as exc:
        raise ModelLoadError(f"{p}: cannot read the file ({exc.strerror or exc})", E.UNREADABLE) from None
    if stat.S_ISDIR(st.st_mode):
        if (p / "saved_model.pb").exists():
            raise ModelLoadError(
                f"{p} is a TensorFlow SavedModel folder; cnnviz opens Keras model files "
                "(.keras or .h5). Re-save the model with model.save('model.keras').",
                E.IS_DIRECTORY)
        raise ModelLoadError(f"{p} is a folder, not a model file (.keras or .h5)", E.IS_DIRECTORY)
    if not stat.S_ISREG(st.st_mode):
        raise ModelLoadError(f"{p} is not a regular file", E.NOT_A_MODEL)
    if st.st_size == 0:
        raise ModelLoadError(f"{p.name} is empty (0 bytes): not a model file", E.EMPTY)
    if st.st_size > max_bytes:
        raise ModelLoadError(
            f"{p.name} is {_human(st.st_size)}; cnnviz opens model files up to "
            f"{_human(max_bytes)}", E.TOO_LARGE)
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
            fmt = _format_of(fh, head)
    except PermissionError:
        raise ModelLoadError(f"{p.name}: permission denied (the file is not readable)", E.UNREADABLE) from None
    except OSError as exc:
        raise ModelLoadError(f"{p.name}: cannot read the file ({exc.strerror or exc})", E.UNREADABLE) from None
    if fmt is None:
        raise ModelLoadError(_not_a_model_message(p, head), E.NOT_A_MODEL)
    return p, fmt


def _format_of(fh, head: bytes) -> str | None:
    if head.startswith(ZIP_SIGNATURE):
        return "keras"
    if head == HDF5_SIGNATURE:
        return "h5"
    # HDF5 allows a user block: the signature may sit at 512, 1024, 2048, ... bytes.
    offset = 512
    while offset < 1 << 20:
        fh.seek(offset)
        chunk = fh.read(8)
        if len(chunk) < 8:
            break
        if chunk == HDF5_SIGNATURE:
            return "h5"
        offset *= 2
    return None


def _not_a_model_message(p: Path, head: bytes) -> str:
    kind = "its contents are not a Keras model (neither HDF5 nor a .keras zip archive)"
    if head.startswith(b"\x93NUMPY"):
        kind = "it is a NumPy array file, not a Keras model"
    elif head[:2] == b"\x80\x04" or head[:2] == b"\x80\x03" or head[:2] == b"\x80\x02":
        kind = "it looks like a Python pickle, which cnnviz never opens (pickles run code)"
    elif head.startswith(b"\x08") or p.suffix == ".pb":
        kind = "it looks like a TensorFlow protobuf, not a Keras model file"
    elif head.startswith((b"{", b"[")):
        kind = "it is JSON text (an architecture without weights?), not a model file"
    elif all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        kind = "it is a text file, not a model file"
    return f"{p.name}: {kind}. cnnviz opens .keras and .h5/.hdf5 Keras model files."
