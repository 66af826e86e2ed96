"""Flatten nested models (a Sequential or Functional used as a layer) into one Functional.

A Teachable Machine export is ``Sequential[Sequential[Functional MobileNetV2, pooling],
Sequential[Dense, Dense]]``. Keras 3 rebuilds such Keras 2 nesting wrongly, and a nested
model hides its inner layers from the feature-map views. :func:`flatten_config` (pure
JSON, no Keras) rewrites the architecture as one Functional model whose layers are every
inner layer, wired exactly as before, so the model computes the same function and each
inner convolution is a layer of the model itself.

It returns the new config and ``origin``: ``{flat layer name: (top-level weight group,
layer name inside it)}``, which :mod:`.nested_weights` uses to regroup the weights in the
HDF5 copy. A structure it cannot inline faithfully (a nested model called more than once,
multi-output nested models used in a Sequential, unresolvable references) is left as it is
(``None`` is returned) and the ordinary load reports whatever Keras says.
"""
from __future__ import annotations

import copy
from typing import Any

MODEL_CLASSES = ("Sequential", "Functional", "Model")

Ref = tuple  # (layer name, node index, tensor index)


class _CannotFlatten(Exception):
    pass


def is_model(layer: Any) -> bool:
    return isinstance(layer, dict) and layer.get("class_name") in MODEL_CLASSES


def has_nested_model(config: dict) -> bool:
    layers = (config.get("config") or {}).get("layers") if isinstance(config.get("config"), dict) else None
    return isinstance(layers, list) and any(is_model(layer) for layer in layers)


class _Flat:
    def __init__(self) -> None:
        self.layers: list[dict] = []
        self.used: set[str] = set()
        self.origin: dict[str, tuple[str, str]] = {}

    def unique(self, name: str) -> str:
        new, i = name, 1
        while new in self.used:
            new, i = f"{name}_{i}", i + 1
        self.used.add(new)
        return new

    def emit(self, layer: dict, group: str, original: str, frozen: bool) -> str:
        new = copy.deepcopy(layer)
        cfg = new.setdefault("config", {})
        flat = self.unique(original)
        cfg["name"] = flat
        new["name"] = flat  # Keras 3 functional configs name each layer at the top level too
        new.setdefault("inbound_nodes", [])
        if frozen:
            cfg["trainable"] = False
        self.layers.append(new)
        self.origin[flat] = (group, original)
        return flat


def _name_of(layer: dict) -> str:
    cfg = layer.get("config")
    name = (cfg.get("name") if isinstance(cfg, dict) else None) or layer.get("name")
    if not isinstance(name, str) or not name:
        raise _CannotFlatten("a layer without a name")
    return name


def _refs_of(spec) -> list[Ref]:
    """``input_layers``/``output_layers`` as a list of (name, node, tensor)."""
    if isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str):
        return [tuple(spec)]
    if isinstance(spec, list):
        return [tuple(s[:3]) for s in spec if isinstance(s, list) and len(s) >= 3 and isinstance(s[0], str)]
    return []


def _map_node(node, remap) -> Any:
    """Copy of one inbound node (Keras 2 list or Keras 3 dict form) with every tensor
    reference passed through ``remap((name, node, tensor)) -> (name, node, tensor)``."""
    if isinstance(node, list):  # Keras 2: [[name, node, tensor, kwargs], ...]
        out = []
        for entry in node:
            if not (isinstance(entry, list) and len(entry) >= 3 and isinstance(entry[0], str)):
                raise _CannotFlatten("an inbound node entry is not [name, node, tensor, …]")
            out.append([*remap(tuple(entry[:3])), *(copy.deepcopy(entry[3:]) or [{}])])
        return out

    def walk(x):
        if isinstance(x, dict):
            if x.get("class_name") == "__keras_tensor__" and isinstance(x.get("config"), dict):
                hist = x["config"].get("keras_history")
                if isinstance(hist, list) and len(hist) == 3:
                    y = copy.deepcopy(x)
                    y["config"]["keras_history"] = list(remap(tuple(hist)))
                    return y
            return {k: walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x

    return walk(node)


def _node_refs(node) -> list[Ref]:
    found: list[Ref] = []
    _map_node(node, lambda r: found.append(r) or r)
    return found


def _inline(model: dict, inputs: list[Ref] | None, flat: _Flat, group: str | None, frozen: bool) -> list[Ref]:
    cfg = model.get("config")
    if not isinstance(cfg, dict) or not isinstance(cfg.get("layers"), list):
        raise _CannotFlatten("a nested model without a layer list")
    frozen = frozen or cfg.get("trainable") is False or model.get("trainable") is False
    if model.get("class_name") == "Sequential":
        return _inline_sequential(cfg["layers"], inputs, flat, group, frozen)
    return _inline_functional(cfg, inputs, flat, group, frozen)


def _inline_sequential(layers: list, inputs, flat: _Flat, group, frozen) -> list[Ref]:
    cur: Ref | None = None
    if inputs is not None:
        if len(inputs) != 1:
            raise _CannotFlatten("a nested Sequential called with several inputs")
        cur = inputs[0]
    for layer in layers:
        if not isinstance(layer, dict):
            raise _CannotFlatten("a layer that is not an object")
        name = _name_of(layer)
        if layer.get("class_name") == "InputLayer":
            if cur is None:  # the top model's input
                cur = (flat.emit(layer, name, name, False), 0, 0)
            continue
        if cur is None and is_model(layer):  # no InputLayer: the first nested model's input is the model's
            outs = _inline(layer, None, flat, group or name, frozen)
            if len(outs) != 1:
                raise _CannotFlatten("a nested model with several outputs inside a Sequential")
            cur = outs[0]
            continue
        if cur is None:
            raise _CannotFlatten("a Sequential model without an InputLayer")
        if is_model(layer):
            outs = _inline(layer, [cur], flat, group or name, frozen)
            if len(outs) != 1:
                raise _CannotFlatten("a nested model with several outputs inside a Sequential")
            cur = outs[0]
            continue
        new = flat.emit({k: v for k, v in layer.items() if k != "inbound_nodes"}, group or name, name, frozen)
        flat.layers[-1]["inbound_nodes"] = [[[cur[0], cur[1], cur[2], {}]]]
        cur = (new, 0, 0)
    if cur is None:
        raise _CannotFlatten("an empty Sequential model")
    return [cur]


def _inline_functional(cfg: dict, inputs, flat: _Flat, group, frozen) -> list[Ref]:
    in_refs = _refs_of(cfg.get("input_layers"))
    if inputs is not None and len(in_refs) != len(inputs):
        raise _CannotFlatten("a nested model called with a different number of inputs")
    fixed: dict[Ref, Ref] = {}  # references to the inner InputLayers and to inlined models
    if inputs is not None:
        for ref, given in zip(in_refs, inputs):
            fixed[(ref[0], 0, 0)] = given
    renamed: dict[str, str] = {}
    inlined: dict[str, list[Ref]] = {}

    def remap(ref: Ref) -> Ref:
        name, node, tensor = ref
        if (name, node, tensor) in fixed:
            return fixed[(name, node, tensor)]
        if name in inlined:
            if node != 0 or tensor >= len(inlined[name]):
                raise _CannotFlatten(f"a nested model {name!r} used more than once")
            return inlined[name][tensor]
        if name not in renamed:
            raise _CannotFlatten(f"a reference to {name!r} before that layer")
        return (renamed[name], node, tensor)

    input_names = {r[0] for r in in_refs}
    for layer in cfg["layers"]:
        if not isinstance(layer, dict):
            raise _CannotFlatten("a layer that is not an object")
        name = _name_of(layer)
        nodes = layer.get("inbound_nodes") or []
        if layer.get("class_name") == "InputLayer" and name in input_names:
            if inputs is None:
                renamed[name] = flat.emit(layer, name, name, False)
            continue
        if is_model(layer):
            if len(nodes) != 1:
                raise _CannotFlatten(f"the nested model {name!r} is used {len(nodes)} times")
            refs = [remap(r) for r in _node_refs(nodes[0])]
            inlined[name] = _inline(layer, refs, flat, group or name, frozen)
            continue
        new_nodes = [_map_node(n, remap) for n in nodes]
        renamed[name] = flat.emit({k: v for k, v in layer.items() if k != "inbound_nodes"},
                                  group or name, name, frozen)
        flat.layers[-1]["inbound_nodes"] = new_nodes
    return [remap(r) for r in _refs_of(cfg.get("output_layers"))]


def _spec(refs: list[Ref]) -> list:
    """One tensor as ``[name, node, tensor]`` (so the model takes and returns a plain
    tensor, not a one-element list), several as a list of those."""
    return list(refs[0]) if len(refs) == 1 else [list(r) for r in refs]


def flatten_config(config: dict) -> tuple[dict, dict[str, tuple[str, str]]] | None:
    """One Functional config with every nested model inlined, and the weights' origin per
    layer; ``None`` when there is nothing to flatten or it cannot be done faithfully."""
    if not is_model(config) or not has_nested_model(config):
        return None
    flat = _Flat()
    try:
        outputs = _inline(config, None, flat, None, False)
    except (_CannotFlatten, KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    inputs = [(layer["config"]["name"], 0, 0) for layer in flat.layers if layer.get("class_name") == "InputLayer"]
    name = (config.get("config") or {}).get("name") or "model"
    new = {"class_name": "Functional", "config": {
        "name": name, "trainable": True, "layers": flat.layers,
        "input_layers": _spec(inputs), "output_layers": _spec(outputs)}}
    return new, flat.origin
