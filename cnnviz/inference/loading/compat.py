"""Rewrite legacy Keras model configs so Keras 3 can rebuild them; weights stay untouched.

Two passes over the architecture JSON (a plain dict, as stored in the file):

1. :func:`rewrite_legacy` (pure JSON, no Keras): Sequential configs stored as a bare list
   (Keras < 2.2.3); Keras 1 class names (``Convolution2D`` → ``Conv2D`` …) and argument
   names (``nb_filter`` → ``filters``, ``border_mode`` → ``padding``, ``subsample`` →
   ``strides``, ``init`` → ``kernel_initializer``, ``W_regularizer``, ``output_dim``,
   ``dim_ordering`` …); Keras 1 regularizer dicts; three-element inbound-node entries;
   and ``batch_input_shape``/``input_shape``/``input_dim`` on the first layer of a
   Sequential model without an InputLayer (an InputLayer is inserted).
2. :func:`prune_unknown_kwargs` (needs Keras): every layer, initializer, regularizer and
   constraint config keeps only the constructor arguments the installed Keras class
   accepts (found by inspecting its signature), so arguments older or newer Keras wrote
   (an initializer ``dtype``, DepthwiseConv2D ``groups``, …) no longer stop the load.

Each change is recorded as a short note the UI shows ("conv2d_1: dropped argument
'groups'"). The caller applies the rewritten config to a temporary copy of the file.
"""
from __future__ import annotations

import copy
import inspect
from typing import Any

KERAS1_CLASSES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "AtrousConvolution1D": "Conv1D",
    "AtrousConvolution2D": "Conv2D",
    "Deconvolution2D": "Conv2DTranspose",
    "Deconvolution3D": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Model": "Functional",
}
RENAMED_ARGS = {
    "nb_filter": "filters",
    "subsample": "strides",
    "subsample_length": "strides",
    "border_mode": "padding",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "U_constraint": "recurrent_constraint",
    "bias": "use_bias",
    "output_dim": "units",
    "atrous_rate": "dilation_rate",
    "beta_init": "beta_initializer",
    "gamma_init": "gamma_initializer",
    "alpha_init": "alpha_initializer",
    "depthwise_init": "depthwise_initializer",
    "pointwise_init": "pointwise_initializer",
    "pool_length": "pool_size",
    "stride": "strides",
    "filter_length": "kernel_size",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
}
DIM_ORDERING = {"tf": "channels_last", "th": "channels_first", "default": "channels_last"}
INPUT_KEYS = ("batch_input_shape", "batch_shape", "input_shape", "input_dim")
PARAM_KEYS_TO_PRUNE_NEVER = {"name", "trainable", "dtype"}


class Notes(list):
    def add(self, text: str) -> None:
        if text not in self:
            self.append(text)


# -- pass 1: pure JSON -------------------------------------------------------------------
def rewrite_legacy(config: dict, notes: list[str] | None = None) -> dict:
    """Return a rewritten deep copy of a Keras model config (see module docstring)."""
    notes = notes if notes is not None else []
    cfg = copy.deepcopy(config)
    _rewrite_model(cfg, notes, top=True)
    return cfg


def _note(notes: list[str], text: str) -> None:
    if text not in notes:
        notes.append(text)


def _rewrite_model(node: dict, notes: list[str], top: bool = False) -> None:
    cls = node.get("class_name")
    if cls == "Sequential" and isinstance(node.get("config"), list):
        node["config"] = {"name": "sequential", "layers": node["config"]}
        _note(notes, "Sequential architecture stored as a bare list (Keras < 2.2.3): wrapped")
    if cls == "Model":
        node["class_name"] = "Functional"
    cfg = node.get("config")
    if not isinstance(cfg, dict):
        return
    layers = cfg.get("layers")
    if not isinstance(layers, list):
        return
    for layer in layers:
        if isinstance(layer, dict):
            _rewrite_layer(layer, notes)
    if node.get("class_name") == "Sequential":
        _ensure_input_layer(cfg, notes)
    else:
        # Functional: the InputLayer defines the shape; input args on other layers go.
        for layer in layers:
            lc = layer.get("config") if isinstance(layer, dict) else None
            if isinstance(lc, dict) and layer.get("class_name") != "InputLayer":
                for key in INPUT_KEYS:
                    if key in lc:
                        del lc[key]
            for nodes in (layer.get("inbound_nodes") or []) if isinstance(layer, dict) else []:
                if isinstance(nodes, list):
                    for i, entry in enumerate(nodes):
                        if isinstance(entry, list) and len(entry) == 3:
                            nodes[i] = [*entry, {}]


def _rewrite_layer(layer: dict, notes: list[str]) -> None:
    cls = layer.get("class_name")
    cfg = layer.get("config")
    if cls in ("Sequential", "Model", "Functional"):
        _rewrite_model(layer, notes)
        return
    if not isinstance(cfg, dict):
        return
    name = cfg.get("name", cls)
    if cls in KERAS1_CLASSES:
        layer["class_name"] = KERAS1_CLASSES[cls]
        _note(notes, f"{name}: Keras 1 layer {cls} read as {KERAS1_CLASSES[cls]}")
    # Keras 1 argument names
    for old, new in RENAMED_ARGS.items():
        if old in cfg and new not in cfg:
            cfg[new] = cfg.pop(old)
            _note(notes, f"{name}: Keras 1 argument '{old}' read as '{new}'")
    if "nb_row" in cfg and "nb_col" in cfg:
        cfg["kernel_size"] = [cfg.pop("nb_row"), cfg.pop("nb_col")]
        _note(notes, f"{name}: Keras 1 arguments 'nb_row'/'nb_col' read as 'kernel_size'")
    if "dim_ordering" in cfg:
        order = cfg.pop("dim_ordering")
        if "data_format" not in cfg:
            cfg["data_format"] = DIM_ORDERING.get(order, "channels_last")
        _note(notes, f"{name}: Keras 1 'dim_ordering' {order!r} read as data_format")
    if cls in ("Dropout", "SpatialDropout2D", "SpatialDropout1D") and "p" in cfg:
        cfg["rate"] = cfg.pop("p")
    if cls == "BatchNormalization" and "mode" in cfg:
        cfg.pop("mode")
    if cls in ("Dense",) and "input_dim" in cfg:
        dim = cfg.pop("input_dim")
        if dim and "batch_input_shape" not in cfg:
            cfg["batch_input_shape"] = [None, dim]
    for key in ("kernel_regularizer", "bias_regularizer", "activity_regularizer", "recurrent_regularizer"):
        reg = cfg.get(key)
        if isinstance(reg, dict) and "class_name" not in reg and reg.get("name") in ("WeightRegularizer", "ActivityRegularizer"):
            cfg[key] = {"class_name": "L1L2", "config": {"l1": float(reg.get("l1", 0.0)), "l2": float(reg.get("l2", 0.0))}}
            _note(notes, f"{name}: Keras 1 {reg.get('name')} read as L1L2")
    for key in list(cfg):
        val = cfg[key]
        if isinstance(val, dict) and "class_name" not in val and val.get("name") in ("MaxNorm", "NonNeg", "UnitNorm"):
            cfg[key] = {"class_name": val["name"], "config": {k: v for k, v in val.items() if k != "name"}}
    # Wrappers hold a layer
    for key in ("layer", "forward_layer", "backward_layer"):
        inner = cfg.get(key)
        if isinstance(inner, dict) and "class_name" in inner:
            _rewrite_layer(inner, notes)


def _ensure_input_layer(seq_cfg: dict, notes: list[str]) -> None:
    layers = seq_cfg.get("layers") or []
    if not layers or not isinstance(layers[0], dict):
        return
    first = layers[0]
    if first.get("class_name") == "InputLayer":
        # Older InputLayer configs say batch_input_shape; later layers may repeat it.
        for layer in layers[1:]:
            lc = layer.get("config") if isinstance(layer, dict) else None
            if isinstance(lc, dict):
                for key in INPUT_KEYS:
                    lc.pop(key, None)
        return
    fc = first.get("config")
    if not isinstance(fc, dict):
        return
    shape = None
    if isinstance(fc.get("batch_input_shape"), list):
        shape = list(fc["batch_input_shape"])
    elif isinstance(fc.get("batch_shape"), list):
        shape = list(fc["batch_shape"])
    elif isinstance(fc.get("input_shape"), list):
        shape = [None, *fc["input_shape"]]
    elif isinstance(fc.get("input_dim"), int):
        shape = [None, fc["input_dim"]]
    if shape is None:
        return
    for key in INPUT_KEYS:
        fc.pop(key, None)
    for layer in layers[1:]:
        lc = layer.get("config") if isinstance(layer, dict) else None
        if isinstance(lc, dict):
            for key in INPUT_KEYS:
                lc.pop(key, None)
    dtype = fc.get("dtype") if isinstance(fc.get("dtype"), str) else "float32"
    name = f"{fc.get('name', 'input')}_input"
    layers.insert(0, {"class_name": "InputLayer",
                      "config": {"batch_input_shape": shape, "dtype": dtype, "sparse": False, "name": name}})
    _note(notes, f"input shape {tuple(shape[1:])} given on the first layer ({fc.get('name')}) without an "
                 "InputLayer: InputLayer inserted")


# -- pass 2: prune constructor arguments the installed Keras does not accept ------------
_KINDS = {
    "initializer": "keras.initializers",
    "regularizer": "keras.regularizers",
    "constraint": "keras.constraints",
}


def _accepted_args(cls) -> tuple[set[str], bool]:
    """Names a class's constructor takes along its MRO; bool: a bare **kwargs sink.

    ``object.__init__`` (a class that defines no constructor, like ``Zeros``) takes
    nothing: its ``*args, **kwargs`` signature is no sink.
    """
    names: set[str] = set()
    for klass in inspect.getmro(cls):
        if klass is object:
            return names, False
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        try:
            sig = inspect.signature(init)
        except (TypeError, ValueError):
            return names, True
        has_var_kw = False
        for pname, param in sig.parameters.items():
            if param.kind == param.VAR_KEYWORD:
                has_var_kw = True
            elif param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY) and pname != "self":
                names.add(pname)
        if not has_var_kw:
            return names, False
    return names, True


def _resolve(kind: str, class_name: str):
    import keras

    if kind == "layer":
        if class_name in ("Sequential", "Functional", "Model"):
            return None
        obj = getattr(keras.layers, class_name, None)
    else:
        module = {"initializer": keras.initializers, "regularizer": keras.regularizers,
                  "constraint": keras.constraints}[kind]
        obj = getattr(module, class_name, None)
    return obj if inspect.isclass(obj) else None


# Legacy Layer.__init__ keywords Keras 3 still understands.
_LAYER_BASE_ARGS = {"input_shape", "batch_input_shape", "batch_size", "input_dim", "weights",
                    "name", "trainable", "dtype", "autocast", "activity_regularizer"}


def prune_unknown_kwargs(config: dict, notes: list[str] | None = None) -> dict:
    """Drop constructor arguments that the installed Keras class does not accept."""
    notes = notes if notes is not None else []
    cfg = copy.deepcopy(config)
    mine: list[str] = []
    _prune_model(cfg, mine)
    for text in _grouped(mine):
        _note(notes, text)
    return cfg


def _grouped(notes: list[str]) -> list[str]:
    """One note per kind of change: "a, b, c (3 layers): dropped argument 'groups'=1 …"
    instead of 17 lines that differ only in the layer name."""
    order: list[str] = []
    where: dict[str, list[str]] = {}
    for text in notes:
        head, sep, rest = text.partition(": dropped ")
        key = f"dropped {rest}" if sep else text
        if key not in where:
            order.append(key)
            where[key] = []
        if sep:
            where[key].append(head)
    out = []
    for key in order:
        names = where[key]
        if not names:
            out.append(key)
        elif len(names) == 1:
            out.append(f"{names[0]}: {key}")
        else:
            shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
            what = "places" if any("." in n for n in names) else "layers"
            out.append(f"{shown} ({len(names)} {what}): {key}")
    return out


def _prune_model(node: dict, notes: list[str]) -> None:
    cfg = node.get("config")
    if not isinstance(cfg, dict):
        return
    for layer in cfg.get("layers") or []:
        if isinstance(layer, dict):
            _prune_layer(layer, notes)


def _prune_layer(layer: dict, notes: list[str]) -> None:
    import keras

    cls_name = layer.get("class_name")
    cfg = layer.get("config")
    if cls_name in ("Sequential", "Functional", "Model"):
        _prune_model(layer, notes)
        return
    if not isinstance(cfg, dict) or not isinstance(cls_name, str):
        return
    cls = _resolve("layer", cls_name)
    name = cfg.get("name", cls_name)
    if cls is not None:
        accepted, _ = _accepted_args(cls)
        if issubclass(cls, keras.layers.Layer):
            accepted |= _LAYER_BASE_ARGS
        for key in list(cfg):
            if key not in accepted:
                value = cfg.pop(key)
                _note(notes, f"{name}: dropped argument {key!r}={_short(value)} that Keras "
                             f"{keras.__version__} {cls_name} does not take")
    _prune_nested(cfg, name, notes)


# Keys whose value is a whole layer (wrappers, RNN cells).
_LAYER_KEYS = ("layer", "forward_layer", "backward_layer", "cell", "cells")


def _prune_nested(cfg: dict, where: str, notes: list[str]) -> None:
    """Every config nested in a layer's (or object's) config, at any depth: layers inside
    wrappers and RNNs, initializers, regularizers and constraints (also inside lists)."""
    for key, value in list(cfg.items()):
        for item in (value if isinstance(value, list) else [value]):
            if not isinstance(item, dict):
                continue
            if not isinstance(item.get("class_name"), str):
                _prune_nested(item, where, notes)  # a plain dict of settings
                continue
            if key in _LAYER_KEYS:
                _prune_layer(item, notes)
                continue
            kind = next((k for k in _KINDS if key.endswith(k)), None)
            if kind:
                _prune_object(item, kind, f"{where}.{key}", notes)
            elif isinstance(item.get("config"), dict):
                _prune_nested(item["config"], where, notes)


def _prune_object(obj: dict, kind: str, where: str, notes: list[str]) -> None:
    cls = _resolve(kind, obj["class_name"])
    ocfg = obj.get("config")
    if not isinstance(ocfg, dict):
        return
    if cls is not None:
        accepted, sink = _accepted_args(cls)
        if not sink:
            for key in list(ocfg):
                if key not in accepted:
                    value = ocfg.pop(key)
                    _note(notes, f"{where}: dropped {obj['class_name']} argument {key!r}={_short(value)} "
                                 "that Keras no longer takes")
    _prune_nested(ocfg, where, notes)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
