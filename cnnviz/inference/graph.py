"""Walk nested models: make the layers inside a nested Sequential/functional sub-model
reachable as layers of one flat functional model.

``flatten_nested(model)`` returns ``model`` itself when nothing is nested; otherwise a new
functional model built from copies of every layer (same configuration, same weights, so its
outputs are identical) with every nested model expanded in place; each copy belongs to the
new graph only, so ``layer.output`` of any layer is reachable from the new model's input.
A nested layer whose name clashes with another layer's is named ``<submodel>_<layer>``.
"""
from __future__ import annotations

import keras


def is_nested(model) -> bool:
    return any(isinstance(layer, keras.Model) for layer in getattr(model, "layers", []))


def flatten_nested(model) -> keras.Model:
    """An equivalent functional model whose inner layers' outputs are all reachable."""
    if not is_nested(model):
        return model
    used: set[str] = set()
    inputs = [keras.Input(shape=tuple(t.shape[1:]), dtype=t.dtype, name=_unique(_input_name(t, i), used))
              for i, t in enumerate(model.inputs)]
    outputs = _expand(model, inputs if len(inputs) > 1 else inputs[0], used, prefix="")
    return keras.Model(inputs, outputs, name=f"{model.name}_flat")


def _input_name(t, i: int) -> str:
    history = getattr(t, "_keras_history", None)
    layer = getattr(history, "operation", None) if history is not None else None
    return getattr(layer, "name", None) or f"input_{i}"


def _unique(name: str, used: set[str]) -> str:
    base, n = name, 1
    while name in used:
        n += 1
        name = f"{base}_{n}"
    used.add(name)
    return name


def _expand(model, x, used: set[str], prefix: str):
    if isinstance(model, keras.Sequential):
        for layer in model.layers:
            x = _call(layer, x, used, prefix)
        return x
    if not hasattr(model, "_run_through_graph"):
        raise TypeError(f"cannot walk into the subclassed model {model.name!r}")

    def operation_fn(op):
        def call(*args, **kwargs):
            if isinstance(op, keras.Model):
                sub_in = args[0] if len(args) == 1 else list(args)
                return _expand(op, sub_in, used, prefix=f"{op.name}_")
            return _call(op, args[0] if len(args) == 1 else list(args), used, prefix, **kwargs)
        return call

    return model._run_through_graph(x if isinstance(x, list) else [x], operation_fn=operation_fn)


def _call(layer, x, used: set[str], prefix: str, **kwargs):
    if isinstance(layer, keras.Model):
        return _expand(layer, x, used, prefix=f"{layer.name}_")
    if isinstance(layer, keras.layers.InputLayer):
        return x
    name = layer.name if layer.name not in used else _unique(f"{prefix}{layer.name}" if prefix else layer.name, used)
    used.add(name)
    kwargs.pop("training", None)
    # A fresh copy with the same weights: a layer shared with the original model would
    # have two graph nodes, and ``layer.output`` would point into the original graph.
    clone = _copy_layer(layer, name)
    y = clone(x, **kwargs)
    weights = layer.get_weights()
    if weights:
        clone.set_weights(weights)
    return y


def _copy_layer(layer, name: str):
    config = layer.get_config()
    config["name"] = name
    return type(layer).from_config(config)
