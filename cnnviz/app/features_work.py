"""The worker-thread side of the "What filters look for" page: one layer's synthesised
images (through the :class:`~cnnviz.inference.feature_vis_cache.VisualisationCache`) and
its top test images, packed into a :class:`~cnnviz.core.feature_grid.FeatureGrid`; and the
PNG sheets the page exports. No widgets here."""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from cnnviz.core.feature_grid import FeatureGrid

TOP_K = 6            # test images per channel
EXPORT_SCALE = 4     # exported sheets: every pixel becomes 4×4 (crisp on slides)
PHASE_SYNTHESIS, PHASE_EXAMPLES = 0, 1


@dataclass(frozen=True)
class Job:
    request: int
    model: Any
    layer: str
    settings: Any                   # SynthesisSettings or None (defaults)
    source: str                     # "mnist" | "fashion_mnist" | "folder"
    folder: str                     # data folder ("" when none is set)
    top_k: int = TOP_K


@dataclass(frozen=True)
class Outcome:
    request: int
    layer: str
    grid: FeatureGrid | None = None
    cancelled: bool = False
    error: str = ""                 # synthesis failed (one line)
    data_error: str = ""            # the examples failed (one line); the grid is still there
    data_missing: bool = False      # no data folder set for the data set


class DataStore:
    """Test images and top examples already computed (shared by the jobs; thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._images: dict[tuple, np.ndarray] = {}
        self._tops: dict[tuple, Any] = {}

    def images(self, source: str, folder: str, spec) -> np.ndarray:
        key = (source, folder, spec.height, spec.width, spec.channels)
        with self._lock:
            if key in self._images:
                return self._images[key]
        if source == "folder":
            from cnnviz.inference.feature_vis_examples import images_from_folder

            x = images_from_folder(folder, spec)
        else:
            from cnnviz.inference.datasets import load_test_split

            x = np.asarray(load_test_split(source, folder).x_test, np.uint8)
        with self._lock:
            self._images.clear()             # one data set in memory at a time
            self._images[key] = x
        return x

    def tops(self, key: tuple, compute: Callable[[], Any]):
        with self._lock:
            if key in self._tops:
                return self._tops[key]
        top = compute()
        with self._lock:
            if len(self._tops) > 32:
                self._tops.clear()
            self._tops[key] = top
        return top


def _fit(examples: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Examples resized (nearest) to the synthesised images' size and colour, so both fit
    one sheet (a model that takes any size synthesises at 64×64, MNIST is 28×28)."""
    import cv2

    h, w = like.shape[1:3]
    out = examples
    if out.shape[1:3] != (h, w):
        out = np.stack([cv2.resize(e, (w, h), interpolation=cv2.INTER_NEAREST) for e in out])
    if like.ndim == 4 and out.ndim == 3:
        out = np.repeat(out[..., None], 3, axis=-1)
    elif like.ndim == 3 and out.ndim == 4:
        out = out.mean(axis=-1).astype(np.uint8)
    return out


def compute_grid(job: Job, cache, store: DataStore, progress: Callable[[int, int, int], None],
                 cancelled: Callable[[], bool]) -> Outcome:
    """Worker thread: the layer's :class:`FeatureGrid` (cached images come back at once)."""
    from cnnviz.inference.datasets import DatasetError
    from cnnviz.inference.feature_vis import FeatureVisError, VisualisationCancelled
    from cnnviz.inference.feature_vis_cache import weights_hash
    from cnnviz.inference.feature_vis_examples import top_examples
    from cnnviz.inference.feature_vis_layers import input_spec

    settings = job.settings
    try:
        before = cache.computed
        vis = cache.layer(job.model, job.layer, settings,
                          progress=lambda d, t: progress(PHASE_SYNTHESIS, d, t), cancelled=cancelled)
        from_cache = cache.computed == before
    except VisualisationCancelled:
        return Outcome(job.request, job.layer, cancelled=True)
    except FeatureVisError as exc:
        return Outcome(job.request, job.layer, error=str(exc))
    grid = FeatureGrid(job.layer, vis.display, vis.channel_ids, vis.own_response().astype(np.float32),
                       seconds=float(vis.seconds), from_cache=from_cache, backend=vis.backend)
    if job.source != "folder" and not job.folder:
        return Outcome(job.request, job.layer, grid, data_missing=True)
    try:
        spec = input_spec(job.model, size=int(vis.images.shape[1]), value_range=vis.input_range)
        x = store.images(job.source, job.folder, spec)
        key = (weights_hash(job.model, job.layer), job.layer, job.source, job.folder, len(x), job.top_k)
        top = store.tops(key, lambda: top_examples(
            job.model, job.layer, x, k=job.top_k, batch_size=500, value_range=vis.input_range,
            progress=lambda d, t: progress(PHASE_EXAMPLES, d, t), cancelled=cancelled))
    except VisualisationCancelled:
        return Outcome(job.request, job.layer, cancelled=True)
    except (FeatureVisError, DatasetError, OSError) as exc:
        return Outcome(job.request, job.layer, grid, data_error=str(exc).splitlines()[0])
    rows = np.asarray(vis.channel_ids, np.int64)          # top.indices has every channel of the layer
    ids = top.indices[rows]
    examples = _fit(x[ids.reshape(-1)], vis.display).reshape(ids.shape + vis.display.shape[1:])
    grid = FeatureGrid(job.layer, vis.display, vis.channel_ids, grid.own, examples,
                       top.values[rows].astype(np.float32), ids, grid.seconds, from_cache, vis.backend)
    return Outcome(job.request, job.layer, grid)


# -- export ---------------------------------------------------------------------------------
def grid_sheet(grid: FeatureGrid, scale: int = EXPORT_SCALE) -> np.ndarray:
    """The whole layer as one uint8 image: per channel, the synthesised image then its
    examples (``channel_sheet``), or the synthesised images alone; ``scale``× enlarged."""
    from cnnviz.inference.feature_vis_image import channel_sheet
    from cnnviz.inference.feature_vis_image import grid as mosaic

    if grid.has_examples:
        tiles, idx = grid.examples_flat()
        per_row = sheet_columns(grid.channels, int(grid.examples.shape[1]))
        sheet = channel_sheet(grid.synthesised, tiles, idx, per_row=per_row)
    else:
        sheet = mosaic(grid.synthesised)
    return enlarge(sheet, scale)


def sheet_columns(channels: int, k: int) -> int:
    """Channels side by side in an exported sheet, so that it is roughly square."""
    return max(1, math.ceil(math.sqrt(channels / (1 + k))))


def channel_sheet_image(grid: FeatureGrid, channel: int, scale: int = EXPORT_SCALE) -> np.ndarray:
    """One channel: its synthesised image and its examples in a row, ``scale``× enlarged."""
    from cnnviz.inference.feature_vis_image import channel_sheet
    from cnnviz.inference.feature_vis_image import grid as mosaic

    row = grid.row(channel)
    if grid.has_examples:
        k = grid.examples.shape[1]
        sheet = channel_sheet(grid.synthesised[row:row + 1], grid.examples[row], np.arange(k)[None, :])
    else:
        sheet = mosaic(grid.synthesised[row:row + 1])
    return enlarge(sheet, scale)


def enlarge(image: np.ndarray, scale: int) -> np.ndarray:
    s = max(1, int(scale))
    return np.repeat(np.repeat(image, s, axis=0), s, axis=1) if s > 1 else image


def write_png(image: np.ndarray, path: str | Path) -> tuple[int, int]:
    """Write a uint8 gray or RGB image; returns (height, width). OSError when it cannot."""
    import cv2

    a = np.ascontiguousarray(image)
    ok, data = cv2.imencode(".png", a if a.ndim == 2 else cv2.cvtColor(a, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError(f"cannot encode {path} as PNG")
    Path(path).write_bytes(data.tobytes())
    return int(a.shape[0]), int(a.shape[1])
