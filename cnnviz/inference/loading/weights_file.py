"""Facts about a legacy weights file (``save_weights`` output), read with h5py only:
its layout, the layers and shapes it holds, and the message that says it has no
architecture. Shared by :mod:`.prepare` and :mod:`.weights` (which import nothing of each
other's)."""
from __future__ import annotations

import os
from pathlib import Path

from cnnviz.inference.loading.errors import WeightsOnlyError
from cnnviz.inference.loading.scan import ScanReport


def describe_weights(path: str | os.PathLike) -> list[tuple[str, list[tuple[int, ...]]]]:
    """``[(layer name, [weight shapes…]), …]`` of a legacy weights file (for the UI)."""
    import h5py

    out = []
    with h5py.File(path, "r", locking=False) as f:
        g = f["model_weights"] if "model_weights" in f else f
        names = g.attrs.get("layer_names")
        if names is None:
            return out
        for raw in names:
            name = raw.decode() if isinstance(raw, bytes) else str(raw)
            if name not in g:
                continue
            wn = g[name].attrs.get("weight_names")
            shapes = []
            for w in (wn if wn is not None else []):
                w = w.decode() if isinstance(w, bytes) else str(w)
                if w in g[name]:
                    shapes.append(tuple(int(s) for s in g[name][w].shape))
            if shapes:
                out.append((name, shapes))
    return out


def weights_layout(path: str | Path) -> str | None:
    """``"legacy"`` (Keras 1/2 ``save_weights``), ``"keras3"`` (``.weights.h5``) or None."""
    import h5py

    with h5py.File(path, "r", locking=False) as f:
        if "model_config" in f.attrs:
            return None
        if "layer_names" in f.attrs or ("model_weights" in f and "layer_names" in f["model_weights"].attrs):
            return "legacy"
        if "layers" in f or "vars" in f or "_layer_checkpoint_dependencies" in f:
            return "keras3"
    return None


def weights_only_error(path: Path, report: ScanReport | None = None) -> WeightsOnlyError:
    layers = ""
    described = describe_weights_safe(path)
    if described:
        shown = ", ".join(f"{n} {' + '.join('×'.join(map(str, s)) for s in ws)}" for n, ws in described[:8])
        layers = f" Its weights belong to layers {shown}{' …' if len(described) > 8 else ''}."
    elif report is not None and report.layer_names:
        shown = ", ".join(report.layer_names[:6]) + (" …" if len(report.layer_names) > 6 else "")
        layers = f" Its weights belong to layers {shown}."
    version = f" (saved by Keras {report.saved_by})" if report is not None and report.saved_by else ""
    return WeightsOnlyError(
        f"{path.name} holds only weights{version} — it was saved with save_weights, so the "
        f"architecture is not in the file.{layers} Pick the architecture (a bundled one, or a "
        ".keras/.json file describing the same layers) to load the weights into.")


def describe_weights_safe(path: Path) -> list:
    try:
        return describe_weights(path)
    except Exception:  # noqa: BLE001
        return []
