"""Regroup the weights of a legacy ``.h5`` copy after :mod:`.flatten` inlined nested models.

Keras 1/2 (and Keras 3's legacy writer) store one HDF5 group per top-level layer; a nested
model's group holds every inner layer's arrays, listed in its ``weight_names`` attribute
as ``[<scopes>/]<layer>/<variable>``. Each array is assigned to the inner layer named in
its path (the rightmost path part that is a layer of that nested model). The arrays keep
the order they had in the file, which is the order the layer itself listed them in, so
what the flattened model receives is exactly what the nested one would have.

Keras reads legacy weights by position: ``layer_names`` must list the layers with weights
in the order of ``model.layers``. That order is passed in (from a build of the flattened
architecture); without it the architecture's own order is used.
"""
from __future__ import annotations

import numpy as np


class WeightsNotMapped(Exception):
    """An array of a nested model could not be given to one of its layers."""


def _text(x) -> str:
    return x.decode("utf-8") if isinstance(x, bytes) else str(x)


def _names(attrs, key: str) -> list[str]:
    value = attrs.get(key)
    if value is None:
        return []
    return [_text(v) for v in np.asarray(value).ravel().tolist()]


def plan(group, origin: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """``{flat layer: [dataset paths inside the weights group, in order]}`` (read only)."""
    by_group: dict[str, dict[str, str]] = {}  # top group → {original inner name: flat name}
    for flat, (top, original) in origin.items():
        by_group.setdefault(top, {})[original] = flat
    out: dict[str, list[str]] = {flat: [] for flat in origin}
    for top in _names(group.attrs, "layer_names"):
        if top not in group:
            continue
        members = by_group.get(top)
        weights = _names(group[top].attrs, "weight_names")
        if not weights:
            continue
        if members is None:
            raise WeightsNotMapped(f"the file has weights for {top!r}, which the architecture does not name")
        for w in weights:
            parts = [p for p in w.split("/") if p]
            owner = next((members[p] for p in reversed(parts[:-1]) if p in members), None)
            if owner is None and len(members) == 1:  # a plain layer's own group
                owner = next(iter(members.values()))
            if owner is None:
                raise WeightsNotMapped(f"cannot tell which layer of {top!r} the weight {w!r} belongs to")
            path = "/".join([top, *parts])
            if path not in group:
                raise WeightsNotMapped(f"{top!r} lists the weight {w!r}, which is not in the file")
            out[owner].append(path)
    return {flat: paths for flat, paths in out.items() if paths}


def regroup(h5file, origin: dict[str, tuple[str, str]], order: list[str] | None = None) -> int:
    """Rewrite ``model_weights`` in the (writable, temporary) file for the flattened model.
    Returns how many layers received weights. Raises :class:`WeightsNotMapped`."""
    g = h5file["model_weights"] if "model_weights" in h5file else h5file
    layout = plan(g, origin)
    tops = _names(g.attrs, "layer_names")
    stash = "_cnnviz_nested"
    g.create_group(stash)
    for top in tops:
        if top in g:
            g.move(top, f"{stash}/{top}")
    base = g.name.rstrip("/")
    names = [n for n in (order or list(origin)) if n in layout]
    names += [n for n in layout if n not in names]
    for flat in names:
        lg = g.create_group(flat)
        weight_names = []
        for i, path in enumerate(layout[flat]):
            leaf = path.rsplit("/", 1)[-1]
            wname = f"{flat}/{i}_{leaf}"
            lg.move(f"{base}/{stash}/{path}", wname)
            weight_names.append(wname.encode("utf-8"))
        lg.attrs["weight_names"] = np.array(weight_names, dtype="S") if weight_names else np.array([], "S1")
    del g[stash]
    g.attrs["layer_names"] = np.array([n.encode("utf-8") for n in names], dtype="S")
    return len(names)
