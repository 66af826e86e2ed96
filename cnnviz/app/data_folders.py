"""One data-folder setting per data set, shared by the Evaluation and Live training pages
(``window.data_folders``), and the folders found without asking: MNIST-style IDX files in
``datasets/<name>``, ``../shared/datasets/<name>`` or ``<name>`` beside the working
directory.

A folder chosen on one page shows on the other at once (``changed``); an empty setting
falls back to a folder found beside the working directory, then to Keras's download.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal

#: the four files of an IDX data set (each may also be stored uncompressed)
IDX_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
#: where a data set's folder is looked for, relative to the working directory
SEARCH_PARENTS = ("datasets", os.path.join("..", "shared", "datasets"), os.path.join("shared", "datasets"), ".")


def data_folder_key(dataset: str) -> str:
    """Settings key of the folder used for ``dataset`` (one key for both pages)."""
    return f"datasets/{dataset}/folder"


def has_idx_files(folder: str | Path) -> bool:
    """True when ``folder`` holds the four IDX files (``.gz`` or not)."""
    p = Path(folder)
    return all((p / (stem + ".gz")).is_file() or (p / stem).is_file() for stem in IDX_FILES)


def find_dataset_folder(dataset: str, cwd: str | Path | None = None) -> str:
    """The first folder beside ``cwd`` (default: the working directory) holding
    ``dataset``'s IDX files ("mnist" is found in ``datasets/mnist``, "fashion_mnist" in
    ``…/fashion-mnist`` or ``…/fashion_mnist``); "" when there is none."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    names = dict.fromkeys((dataset, dataset.replace("_", "-"), dataset.replace("-", "_")))
    for parent in SEARCH_PARENTS:
        for name in names:
            folder = base / parent / name
            try:
                if has_idx_files(folder):
                    return str(folder.resolve())
            except OSError:
                continue
    return ""


class DataFolders(QObject):
    """The data-folder setting both pages read and write."""

    changed = Signal(str, str)  # data set, folder

    def folder(self, dataset: str) -> str:
        """The saved folder, else one found beside the working directory, else ""."""
        from cnnviz.qt.settings import app_settings, read_str

        saved = read_str(app_settings(), data_folder_key(dataset), "")
        return saved or find_dataset_folder(dataset)

    def set_folder(self, dataset: str, folder: str) -> None:
        from cnnviz.qt.settings import app_settings, read_str

        folder = folder.strip()
        settings = app_settings()
        if folder == read_str(settings, data_folder_key(dataset), ""):
            return
        settings.setValue(data_folder_key(dataset), folder)
        self.changed.emit(dataset, self.folder(dataset))


def data_folders(window) -> DataFolders:
    """The window's shared :class:`DataFolders` (made on first use)."""
    shared = getattr(window, "data_folders", None)
    if shared is None:
        shared = DataFolders(window)
        window.data_folders = shared
    return shared
