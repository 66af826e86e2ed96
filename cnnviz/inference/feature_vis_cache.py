"""Finished feature visualisations, kept per model weights, layer and settings.

The key is a hash of the weights that the layer depends on (so an edited kernel or a
retrained model is a new entry, and two loads of the same file share one), the layer, the settings, the
channels and the input range. Entries live in memory (the same object comes back) and,
when the caller gives a folder, as one ``.npz`` file each, read back after a restart.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from cnnviz.inference.feature_vis import Cancelled, LayerVisualisation, Progress, SynthesisSettings, synthesise_layer
from cnnviz.inference.feature_vis_layers import image_layer, image_model, input_spec


def weights_hash(model, layer_name: str | None = None) -> str:
    """SHA-256 over the model's weights (order, shapes, dtypes and values; not the names,
    which Keras numbers per session); with ``layer_name``, only the weights that the
    layer's output depends on (editing a later layer keeps the entry)."""
    import keras

    if layer_name is not None:
        model = image_model(model)
        model = keras.Model(model.inputs[0], image_layer(model, layer_name).output)
    h = hashlib.sha256()
    for i, w in enumerate(model.weights):
        a = np.ascontiguousarray(keras.ops.convert_to_numpy(w))
        h.update(f"{i}|{a.shape}|{a.dtype}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


class VisualisationCache:
    """``cache.layer(model, "conv1", progress=..., cancelled=...)`` → a cached or new
    :class:`LayerVisualisation`. Thread-safe; at most ``max_items`` kept in memory."""

    def __init__(self, folder: str | os.PathLike | None = None, *, max_items: int = 64) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.max_items = max(1, int(max_items))
        self._memory: OrderedDict[str, LayerVisualisation] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0           # how many layers were synthesised (not found)

    def key(self, model, layer_name: str, settings: SynthesisSettings, channels=None, value_range=None) -> str:
        spec = input_spec(model, size=int(settings.size), value_range=value_range)
        parts = [weights_hash(model, layer_name), layer_name, repr(settings.key()),
                 repr(None if channels is None else [int(c) for c in channels]),
                 repr((spec.low, spec.high, spec.height, spec.width, spec.channels))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    def layer(self, model, layer_name: str, settings: SynthesisSettings | None = None, *,
              channels: list[int] | None = None, value_range: tuple[float, float] | None = None,
              progress: Progress | None = None, cancelled: Cancelled | None = None) -> LayerVisualisation:
        s = settings or SynthesisSettings()
        key = self.key(model, layer_name, s, channels, value_range)
        found = self.get(key)
        if found is not None:
            return found
        result = synthesise_layer(model, layer_name, s, channels=channels, value_range=value_range,
                                  progress=progress, cancelled=cancelled)
        with self._lock:
            self.computed += 1
        self.put(key, result)
        return result

    # -- storage -------------------------------------------------------------------------
    def get(self, key: str) -> LayerVisualisation | None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        loaded = self._load(key)
        if loaded is not None:
            self._remember(key, loaded)
        return loaded

    def put(self, key: str, result: LayerVisualisation) -> None:
        self._remember(key, result)
        if self.folder is not None:
            self._save(key, result)

    def clear(self) -> None:
        """Forget the in-memory entries (files on disk stay)."""
        with self._lock:
            self._memory.clear()

    def _remember(self, key: str, result: LayerVisualisation) -> None:
        with self._lock:
            self._memory[key] = result
            self._memory.move_to_end(key)
            while len(self._memory) > self.max_items:
                self._memory.popitem(last=False)

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"featvis-{key}.npz"

    def _save(self, key: str, r: LayerVisualisation) -> None:
        path = self._path(key)
        meta = {"layer": r.layer, "settings": dict(r.settings.key()), "input_range": list(r.input_range),
                "seconds": r.seconds, "backend": r.backend}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            with open(tmp, "wb") as f:
                np.savez_compressed(f, images=r.images, display=r.display, responses=r.responses,
                                    channel_ids=r.channel_ids, objective=r.objective,
                                    meta=np.frombuffer(json.dumps(meta).encode(), np.uint8))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or full cache folder: the result is still kept in memory

    def _load(self, key: str) -> LayerVisualisation | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(z["meta"].tobytes().decode())
                return LayerVisualisation(
                    meta["layer"], z["images"], z["display"], z["responses"], z["channel_ids"],
                    SynthesisSettings(**meta["settings"]), tuple(meta["input_range"]),
                    float(meta["seconds"]), str(meta["backend"]), z["objective"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable or from another version: computed again
