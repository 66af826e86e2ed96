"""A folder of labelled pictures: one sub-folder per class, named after it.

This is the layout Keras's ``image_dataset_from_directory`` reads, and how a teacher
would sort scanned digits::

    digits/0/anna.png   digits/1/scan_004.jpg   …   digits/9/…

Folders may be grouped one level further (``set/fonts/7/…``, ``set/strokes/7/…``): the
group is the path between the top folder and the class folder, so results can be given
per group. Only image files count (:data:`cnnviz.core.images.IMAGE_SUFFIXES`); hidden
files and folders are skipped. Pure Python: reading the pictures is left to the caller.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cnnviz.core.images import is_image_path

MAX_IMAGES = 200_000


class LabelledFolderError(ValueError):
    """A folder that does not hold labelled pictures (the message says what was found)."""


@dataclass(frozen=True)
class LabelledImage:
    path: Path
    label: str    # the class folder's name
    group: str    # the folders between the top folder and the class folder ("" when none)


def find_labelled_images(root: str | Path) -> list[LabelledImage]:
    """Every picture under ``root`` whose folder names its class, sorted by path."""
    top = Path(root)
    if not top.exists():
        raise LabelledFolderError(f"{top}: no such folder")
    if not top.is_dir():
        raise LabelledFolderError(f"{top}: is a file; give the folder that holds one sub-folder per class")
    found: list[LabelledImage] = []
    loose = 0
    for path in sorted(top.rglob("*")):
        rel = path.relative_to(top)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or not is_image_path(path):
            continue
        if len(rel.parts) < 2:
            loose += 1
            continue
        found.append(LabelledImage(path, rel.parts[-2], "/".join(rel.parts[:-2])))
        if len(found) > MAX_IMAGES:
            raise LabelledFolderError(f"{top}: more than {MAX_IMAGES:,} pictures; evaluate a smaller folder")
    if not found:
        hint = (f" ({loose} pictures lie directly in it: put each in a sub-folder named after its class)"
                if loose else "")
        raise LabelledFolderError(f"{top}: no pictures in class sub-folders{hint}")
    return found


def count_by_label(images: list[LabelledImage]) -> dict[str, int]:
    return dict(sorted(Counter(im.label for im in images).items()))
