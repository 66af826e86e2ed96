"""MNIST and Fashion-MNIST: read the standard IDX .gz files or a Keras-style .npz.

``load_dataset("mnist", "/path/to/folder")`` reads ``train-images-idx3-ubyte.gz`` & co.
(gzip or uncompressed) or ``mnist.npz`` (``x_train``, ``y_train``, ``x_test``, ``y_test``,
the file Keras downloads) from the folder. Without a folder, Keras's own loaders are used
(they download the data on a connected machine).

Images come back as uint8 arrays (N, 28, 28) and labels as uint8 (N,); use
:func:`to_model_input` for the float32 (N, 28, 28, 1) 0..1 tensors the models take.
This module imports neither Qt nor (until Keras's loaders are needed) Keras.
"""
from __future__ import annotations

import gzip
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DIGIT_CLASSES: tuple[str, ...] = tuple(str(i) for i in range(10))
FASHION_CLASSES: tuple[str, ...] = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

IMAGE_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
LABEL_MAGIC = 0x00000801  # unsigned byte, 1 dimension

_IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class DatasetError(Exception):
    """A data set is missing, unreadable or malformed; the message names the file."""


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    title: str
    class_names: tuple[str, ...]
    npz_name: str
    sizes: tuple[int, int]  # official train / test sizes (informative only)


DATASETS: dict[str, DatasetSpec] = {
    "mnist": DatasetSpec("mnist", "MNIST handwritten digits", DIGIT_CLASSES, "mnist.npz", (60000, 10000)),
    "fashion_mnist": DatasetSpec("fashion_mnist", "Fashion-MNIST", FASHION_CLASSES,
                                 "fashion_mnist.npz", (60000, 10000)),
}
_ALIASES = {"fashion-mnist": "fashion_mnist", "fashion": "fashion_mnist", "fmnist": "fashion_mnist",
            "digits": "mnist"}


@dataclass(frozen=True)
class Dataset:
    """A data set split into training and test arrays (uint8 images, uint8 labels)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def split(self, which: str) -> tuple[np.ndarray, np.ndarray]:
        if which == "train":
            return self.x_train, self.y_train
        if which == "test":
            return self.x_test, self.y_test
        raise ValueError(f"unknown split {which!r} (expected 'train' or 'test')")


def canonical_name(name: str) -> str:
    key = str(name).strip().lower()
    key = _ALIASES.get(key, key)
    if key not in DATASETS:
        raise DatasetError(f"unknown data set {name!r}; expected one of: {', '.join(DATASETS)}")
    return key


def class_names(name: str) -> tuple[str, ...]:
    return DATASETS[canonical_name(name)].class_names


def to_model_input(x: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) → float32 (N, 28, 28, 1) in 0..1."""
    x = np.asarray(x)
    if x.ndim == 3:
        x = x[..., None]
    if x.dtype == np.uint8:
        return x.astype(np.float32) / 255.0
    return x.astype(np.float32)


# ---------------------------------------------------------------------------------------
# IDX


def _open_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                with gzip.open(fh) as gz:
                    return gz.read()
            return fh.read()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None


def parse_idx(data: bytes, *, what: str = "IDX data") -> np.ndarray:
    """Parse IDX bytes (unsigned-byte type only, as MNIST uses) into a uint8 array."""
    if len(data) < 4:
        raise DatasetError(f"{what}: file too short for an IDX header ({len(data)} bytes)")
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        magic = struct.unpack(">I", data[:4])[0]
        raise DatasetError(f"{what}: not an unsigned-byte IDX file (magic 0x{magic:08x})")
    if not 1 <= ndim <= 4:
        raise DatasetError(f"{what}: implausible IDX dimension count {ndim}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetError(f"{what}: truncated IDX header")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    expected = int(np.prod(dims, dtype=np.int64))
    got = len(data) - header
    if got != expected:
        raise DatasetError(
            f"{what}: header promises {'×'.join(map(str, dims))} = {expected} bytes of data, "
            f"file holds {got}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def read_idx(path: str | Path, *, expected_magic: int | None = None) -> np.ndarray:
    path = Path(path)
    data = _open_bytes(path)
    if expected_magic is not None and len(data) >= 4:
        magic = struct.unpack(">I", data[:4])[0]
        if magic != expected_magic:
            raise DatasetError(
                f"{path.name}: magic number 0x{magic:08x}, expected 0x{expected_magic:08x} "
                f"({'images' if expected_magic == IMAGE_MAGIC else 'labels'})"
            )
    return parse_idx(data, what=path.name)


def write_idx(path: str | Path, array: np.ndarray, *, compress: bool | None = None) -> Path:
    """Write a uint8 array as an IDX file (gzip when the name ends in .gz)."""
    path = Path(path)
    a = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, a.ndim) + struct.pack(f">{a.ndim}I", *a.shape)
    payload = header + a.tobytes()
    if compress is None:
        compress = path.suffix == ".gz"
    if compress:
        payload = gzip.compress(payload)
    path.write_bytes(payload)
    return path


def _find_idx(folder: Path, stem: str) -> Path | None:
    for candidate in (stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz", stem.replace("-idx", ".idx")):
        p = folder / candidate
        if p.is_file():
            return p
    return None


def _read_split_idx(folder: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    img_stem, lbl_stem = _IDX_FILES[split]
    img_path, lbl_path = _find_idx(folder, img_stem), _find_idx(folder, lbl_stem)
    missing = [s + ".gz" for s, p in ((img_stem, img_path), (lbl_stem, lbl_path)) if p is None]
    if missing:
        raise DatasetError(f"{folder}: missing {', '.join(missing)}")
    x = read_idx(img_path, expected_magic=IMAGE_MAGIC)
    y = read_idx(lbl_path, expected_magic=LABEL_MAGIC)
    if x.ndim != 3:
        raise DatasetError(f"{img_path.name}: expected N×rows×cols images, got shape {x.shape}")
    if x.shape[1:] != (28, 28):
        raise DatasetError(f"{img_path.name}: expected 28×28 images, got {x.shape[1]}×{x.shape[2]}")
    if y.ndim != 1 or len(y) != len(x):
        raise DatasetError(
            f"{lbl_path.name}: {len(y)} labels for {len(x)} images in {img_path.name}"
        )
    return x, y


def _check_labels(name: str, y: np.ndarray, n_classes: int, where: str) -> None:
    if y.size and int(y.max()) >= n_classes:
        raise DatasetError(f"{where}: label {int(y.max())} out of range for {n_classes} classes of {name}")


def _read_npz(path: Path) -> tuple[np.ndarray, ...]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            keys = ("x_train", "y_train", "x_test", "y_test")
            missing = [k for k in keys if k not in npz.files]
            if missing:
                raise DatasetError(f"{path.name}: missing arrays {', '.join(missing)} (has {', '.join(npz.files)})")
            arrays = tuple(np.asarray(npz[k]) for k in keys)
    except DatasetError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    x_train, y_train, x_test, y_test = arrays
    for xn, yn, x, y in (("x_train", "y_train", x_train, y_train), ("x_test", "y_test", x_test, y_test)):
        if x.ndim == 4 and x.shape[-1] == 1:
            x = x[..., 0]
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DatasetError(f"{path.name}: {xn} has shape {x.shape}, expected N×28×28")
        if y.reshape(-1).shape[0] != x.shape[0]:
            raise DatasetError(f"{path.name}: {yn} has {y.size} labels for {x.shape[0]} images")
    fix = lambda x: (x[..., 0] if x.ndim == 4 else x)  # noqa: E731
    return (_as_uint8(fix(x_train), path.name), y_train.reshape(-1).astype(np.uint8),
            _as_uint8(fix(x_test), path.name), y_test.reshape(-1).astype(np.uint8))


def _as_uint8(x: np.ndarray, where: str) -> np.ndarray:
    if x.dtype == np.uint8:
        return x
    if np.issubdtype(x.dtype, np.floating) and x.size and float(x.max()) <= 1.0:
        return np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)
    if x.size and (float(x.min()) < 0 or float(x.max()) > 255):
        raise DatasetError(f"{where}: pixel values outside 0..255")
    return x.astype(np.uint8)


def load_from_folder(name: str, folder: str | Path) -> Dataset:
    key = canonical_name(name)
    spec = DATASETS[key]
    folder = Path(folder).expanduser()
    if folder.is_file() and folder.suffix == ".npz":
        npz = folder
    elif not folder.is_dir():
        raise DatasetError(f"data folder not found: {folder}")
    else:
        npz = None
        if _find_idx(folder, _IDX_FILES["test"][0]) is None and _find_idx(folder, _IDX_FILES["train"][0]) is None:
            for candidate in (folder / spec.npz_name, *sorted(folder.glob("*.npz"))):
                if candidate.is_file():
                    npz = candidate
                    break
            if npz is None:
                raise DatasetError(
                    f"{folder}: no {spec.title} files (expected train-images-idx3-ubyte.gz, "
                    f"train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz "
                    f"or {spec.npz_name})"
                )
    if npz is not None:
        x_train, y_train, x_test, y_test = _read_npz(npz)
        source = str(npz)
    else:
        x_train, y_train = _read_split_idx(folder, "train")
        x_test, y_test = _read_split_idx(folder, "test")
        source = str(folder)
    _check_labels(key, y_train, len(spec.class_names), source)
    _check_labels(key, y_test, len(spec.class_names), source)
    return Dataset(key, x_train, y_train, x_test, y_test, spec.class_names, source)


def load_test_split(name: str, folder: str | Path | None = None) -> Dataset:
    """Only the test split (faster: does not read the 60,000 training images) when possible."""
    key = canonical_name(name)
    spec = DATASETS[key]
    if folder is not None:
        f = Path(folder).expanduser()
        if f.is_dir() and _find_idx(f, _IDX_FILES["test"][0]) is not None:
            x_test, y_test = _read_split_idx(f, "test")
            _check_labels(key, y_test, len(spec.class_names), str(f))
            empty_x = np.zeros((0, 28, 28), np.uint8)
            return Dataset(key, empty_x, np.zeros((0,), np.uint8), x_test, y_test, spec.class_names, str(f))
    return load_dataset(key, folder)


def load_with_keras(name: str) -> Dataset:
    """Keras's own loader (downloads to ~/.keras/datasets on a connected machine)."""
    key = canonical_name(name)
    spec = DATASETS[key]
    try:
        import keras

        loader = {"mnist": keras.datasets.mnist, "fashion_mnist": keras.datasets.fashion_mnist}[key]
        (x_train, y_train), (x_test, y_test) = loader.load_data()
    except Exception as exc:  # download failures come as many types (URLError, OSError, Exception)
        raise DatasetError(
            f"could not get {spec.title} through Keras's downloader ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no details'}); without internet, "
            f"pass a folder with the IDX .gz files (e.g. --data ../shared/datasets/"
            f"{'mnist' if key == 'mnist' else 'fashion-mnist'})"
        ) from None
    return Dataset(key, np.asarray(x_train, np.uint8), np.asarray(y_train, np.uint8).reshape(-1),
                   np.asarray(x_test, np.uint8), np.asarray(y_test, np.uint8).reshape(-1),
                   spec.class_names, "keras.datasets")


def load_dataset(name: str, data_dir: str | Path | None = None) -> Dataset:
    """Load MNIST or Fashion-MNIST from ``data_dir`` (IDX .gz or .npz), or via Keras."""
    if data_dir is None or str(data_dir) == "":
        return load_with_keras(name)
    return load_from_folder(name, data_dir)
