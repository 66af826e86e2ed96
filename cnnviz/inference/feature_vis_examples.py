"""The data set images that excite each channel most (the "top-k examples").

One multi-output Keras model returns, for a batch, every requested layer's per-channel
mean activation (``(n, K)`` per layer, averaged inside the graph so only small arrays
leave the backend); a running top-k per channel is merged batch by batch. The batches go
through ``predict_on_batch`` (compiled once for the active backend), never one image at
a time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from cnnviz.inference.feature_vis import Cancelled, Progress
from cnnviz.inference.feature_vis_layers import (
    FeatureVisError,
    InputSpec,
    VisualisationCancelled,
    image_layer,
    image_model,
    input_spec,
)


@dataclass(frozen=True)
class TopExamples:
    """Per channel, the ``k`` images with the highest mean activation, best first."""

    layer: str
    indices: np.ndarray      # (K, k) int64 indices into the image array
    values: np.ndarray       # (K, k) float32 mean activations

    @property
    def channels(self) -> int:
        return int(self.indices.shape[0])


def prepare_images(images, spec: InputSpec) -> np.ndarray:
    """Images ``(N, H, W)`` or ``(N, H, W, C)``, uint8 (0..255, mapped onto the model's
    input range) or float (taken as they are) → float32 ``(N, H, W, C)``."""
    a = np.asarray(images)
    if a.ndim == 3:
        a = a[..., None]
    if a.ndim != 4 or len(a) == 0:
        raise FeatureVisError(f"top examples need images (N, H, W) or (N, H, W, C), got shape {np.shape(images)}")
    want = (spec.height, spec.width, spec.channels)
    if spec.any_size:
        want = (a.shape[1], a.shape[2], spec.channels)
    if a.shape[1:] != want:
        raise FeatureVisError(f"the images are {a.shape[1]}×{a.shape[2]}×{a.shape[3]}, "
                              f"the model takes {want[0]}×{want[1]}×{want[2]}")
    if a.dtype == np.uint8:
        return (spec.low + a.astype(np.float32) * ((spec.high - spec.low) / 255.0)).astype(np.float32)
    if not np.issubdtype(a.dtype, np.number):
        raise FeatureVisError(f"images must be numbers, got {a.dtype}")
    return a.astype(np.float32)


def _merge(best_v: np.ndarray, best_i: np.ndarray, v: np.ndarray, idx: np.ndarray, k: int):
    """Top ``k`` of (running best ∪ new batch) per row; ties go to the lower image index."""
    all_v = np.concatenate([best_v, v], axis=1)
    all_i = np.concatenate([best_i, np.broadcast_to(idx, v.shape)], axis=1)
    order = np.lexsort((all_i, -all_v), axis=1)[:, :k]
    return np.take_along_axis(all_v, order, 1), np.take_along_axis(all_i, order, 1)


def top_examples_for_layers(model, layer_names: Sequence[str], images, *, k: int = 9, batch_size: int = 256,
                            value_range: tuple[float, float] | None = None, progress: Progress | None = None,
                            cancelled: Cancelled | None = None) -> dict[str, TopExamples]:
    """:class:`TopExamples` for several layers in one pass over ``images``."""
    import keras

    names = list(layer_names)
    if not names:
        raise FeatureVisError("no layer given for the top examples")
    if int(k) < 1 or int(batch_size) < 1:
        raise FeatureVisError(f"k and batch_size must be at least 1, got {k} and {batch_size}")
    model = image_model(model)
    spec = input_spec(model, value_range=value_range)
    x = prepare_images(images, spec)
    n = len(x)
    k = min(int(k), n)
    outs = [keras.ops.mean(image_layer(model, name).output, axis=(1, 2)) for name in names]
    probe = keras.Model(model.inputs[0], outs)
    best = {name: (np.full((int(o.shape[-1]), 0), -np.inf, np.float32), np.zeros((int(o.shape[-1]), 0), np.int64))
            for name, o in zip(names, outs)}
    for start in range(0, n, int(batch_size)):
        if cancelled is not None and cancelled():
            raise VisualisationCancelled(f"stopped after {start} of {n} images")
        chunk = spec.to_model(x[start:start + int(batch_size)])
        got = probe.predict_on_batch(chunk)
        got = got if isinstance(got, (list, tuple)) else [got]
        idx = np.arange(start, start + len(chunk), dtype=np.int64)[None, :]
        for name, means in zip(names, got):
            v = np.asarray(keras.ops.convert_to_numpy(means), np.float32).T      # (K, batch)
            best[name] = _merge(*best[name], v, idx, k)
        if progress is not None:
            progress(min(start + int(batch_size), n), n)
    return {name: TopExamples(name, i, v) for name, (v, i) in best.items()}


def top_examples(model, layer_name: str, images, *, k: int = 9, batch_size: int = 256,
                 value_range: tuple[float, float] | None = None, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> TopExamples:
    """Per channel of ``layer_name``: the indices and mean activations of the ``k`` images
    that excite it most (best first)."""
    return top_examples_for_layers(model, [layer_name], images, k=k, batch_size=batch_size, value_range=value_range,
                                   progress=progress, cancelled=cancelled)[layer_name]


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm")


def images_from_folder(folder, spec: InputSpec, *, limit: int = 5000) -> np.ndarray:
    """The images in ``folder`` (sorted by name, at most ``limit``) as uint8 arrays the size
    and colour of the model's input (``(N, H, W)`` gray or ``(N, H, W, 3)``), for
    :func:`top_examples`. Unreadable files are skipped; no image at all is an error."""
    import os

    import cv2

    path = os.fspath(folder)
    if not os.path.isdir(path):
        raise FeatureVisError(f"image folder not found: {path}")
    names = sorted(n for n in os.listdir(path) if n.lower().endswith(IMAGE_SUFFIXES))[:max(1, int(limit))]
    flag = cv2.IMREAD_GRAYSCALE if spec.channels == 1 else cv2.IMREAD_COLOR
    out = []
    for name in names:
        img = cv2.imread(os.path.join(path, name), flag)
        if img is None:
            continue
        if img.shape[:2] != (spec.height, spec.width):
            img = cv2.resize(img, (spec.width, spec.height), interpolation=cv2.INTER_AREA)
        out.append(img if spec.channels == 1 else cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    if not out:
        raise FeatureVisError(f"no readable images ({', '.join(IMAGE_SUFFIXES[:4])}, …) in {path}")
    return np.stack(out).astype(np.uint8)
