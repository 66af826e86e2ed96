"""Old weight layouts: Theano-era kernels and channels-first Sequential CNNs.

cnnviz shows channels-last models (height, width, channels). Keras 1 files often come from
the Theano days: ``dim_ordering="th"`` (channels first), kernels stored as
``(filters, channels, rows, cols)`` and — when the backend was Theano — flipped (Theano's
convolution is a true convolution). On the temporary copy of such a file this module:

* flips Theano kernels spatially (what Keras 2 did with ``convert_kernel`` on load);
* converts a channels-first Sequential CNN to channels-last: the input shape, every spatial
  layer's ``data_format``, BatchNormalization's axis, Keras 1 kernels transposed to
  ``(rows, cols, channels, filters)``, and the rows of the first Dense kernel after
  Flatten permuted from C·H·W to H·W·C order — so the model computes exactly what it
  computed before, on images the usual way round.

Anything it cannot convert faithfully (functional graphs, Reshape/Permute, …) is left as
it was, with a note.
"""
from __future__ import annotations

import numpy as np

CONV = {"Conv2D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D"}
SPATIAL = {"Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D",
           "ZeroPadding2D", "Cropping2D", "UpSampling2D", "SpatialDropout2D", "MaxPool2D", "AvgPool2D",
           "GlobalMaxPool2D", "GlobalAvgPool2D"}
NEUTRAL = {"Activation", "Dropout", "ReLU", "LeakyReLU", "ELU", "GaussianNoise", "GaussianDropout",
           "AlphaDropout", "ActivityRegularization", "Softmax"}


def _decode(x) -> str:
    return x.decode() if isinstance(x, bytes) else str(x)


def _weights_group(f):
    return f["model_weights"] if "model_weights" in f else f


def _kernel_dataset(g, layer_name: str):
    """(group, dataset name) of the first weight (the kernel) of a layer, or None."""
    if layer_name not in g:
        return None
    lg = g[layer_name]
    names = [_decode(n) for n in lg.attrs.get("weight_names", [])]
    if not names:
        return None
    return lg, names[0]


def _replace(group, name: str, data: np.ndarray) -> None:
    del group[name]
    group.create_dataset(name, data=data)


def _layers(config: dict) -> list | None:
    if config.get("class_name") != "Sequential":
        return None
    layers = (config.get("config") or {}).get("layers")
    return layers if isinstance(layers, list) else None


def has_channels_first(config: dict) -> bool:
    def walk(node) -> bool:
        if isinstance(node, dict):
            if node.get("data_format") == "channels_first":
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, list):
            return any(walk(v) for v in node)
        return False

    return walk(config)


def flip_theano_kernels(config: dict, h5file, notes: list[str]) -> None:
    """Theano stored convolution kernels flipped; TensorFlow correlates. Flip them back."""
    layers = _layers(config) or (config.get("config") or {}).get("layers") or []
    g = _weights_group(h5file)
    flipped = []
    for layer in layers:
        if not isinstance(layer, dict) or layer.get("class_name") not in CONV:
            continue
        name = (layer.get("config") or {}).get("name")
        found = _kernel_dataset(g, name) if name else None
        if found is None:
            continue
        lg, wname = found
        k = lg[wname][()]
        if k.ndim != 4:
            continue
        first = (layer.get("config") or {}).get("data_format") == "channels_first" and _is_th_layout(k, layer)
        axes = (2, 3) if first else (0, 1)
        _replace(lg, wname, np.flip(k, axis=axes).copy())
        flipped.append(name)
    if flipped:
        notes.append(f"Theano convolution kernels flipped for TensorFlow: {', '.join(flipped)}")


def _is_th_layout(k: np.ndarray, layer: dict) -> bool:
    """Keras 1 'th' kernels are (filters, channels, rows, cols); Keras 2+ (rows, cols, in, out)."""
    cfg = layer.get("config") or {}
    ks = cfg.get("kernel_size") or [cfg.get("nb_row"), cfg.get("nb_col")]
    filters = cfg.get("filters") or cfg.get("nb_filter")
    try:
        kh, kw = int(ks[0]), int(ks[1])
    except (TypeError, ValueError, IndexError):
        return False
    keras2 = k.shape[0] == kh and k.shape[1] == kw and (filters is None or k.shape[3] == filters)
    th = k.shape[2] == kh and k.shape[3] == kw and (filters is None or k.shape[0] == filters)
    return th and not keras2


def to_channels_last(config: dict, h5file, notes: list[str]) -> dict:
    """Convert a channels-first Sequential CNN (config + weights in ``h5file``, which is a
    writable temporary copy). Returns the new config (or ``config`` unchanged)."""
    import copy

    layers = _layers(config)
    if layers is None or not layers or layers[0].get("class_name") != "InputLayer":
        notes.append("channels-first model left as it is (only Sequential CNNs are converted)")
        return config
    unsupported = sorted({l.get("class_name") for l in layers[1:]}
                         - SPATIAL - NEUTRAL - {"Flatten", "Dense", "BatchNormalization"})
    if unsupported:
        notes.append(f"channels-first model left as it is: cannot convert {', '.join(unsupported)}")
        return config
    new = copy.deepcopy(config)
    nlayers = _layers(new)
    inp = nlayers[0]["config"]
    key = "batch_input_shape" if "batch_input_shape" in inp else "batch_shape"
    shape = inp.get(key)
    if not isinstance(shape, list) or len(shape) != 4:
        notes.append("channels-first model left as it is (input is not an image)")
        return config
    inp[key] = [shape[0], shape[2], shape[3], shape[1]]
    flattened = False
    for layer in nlayers[1:]:
        cls, cfg = layer.get("class_name"), layer.get("config") or {}
        if cls in SPATIAL and not flattened:
            cfg["data_format"] = "channels_last"
        elif cls == "BatchNormalization" and not flattened and cfg.get("axis") in (1, [1]):
            cfg["axis"] = -1
        elif cls == "Flatten":
            flattened = True
            # Flatten(data_format="channels_first") already flattened in H·W·C order.
            layer["_cnnviz_permute_next_dense"] = cfg.get("data_format") != "channels_first"
            cfg["data_format"] = "channels_last"
    # Shapes in the converted model, to permute the first Dense kernel after Flatten.
    from keras.src.legacy.saving import saving_options, saving_utils

    plain = copy.deepcopy(new)
    for layer in _layers(plain):
        layer.pop("_cnnviz_permute_next_dense", None)
    with saving_options.keras_option_scope(use_legacy_config=True):
        model = saving_utils.model_from_config(plain)
    g = _weights_group(h5file)
    transposed = []
    seen_flatten = None
    for layer, built in zip(nlayers[1:], model.layers):
        cls, name = layer.get("class_name"), (layer.get("config") or {}).get("name")
        found = _kernel_dataset(g, name) if name else None
        if cls in CONV and found is not None:
            lg, wname = found
            k = lg[wname][()]
            if k.ndim == 4 and _is_th_layout(k, config["config"]["layers"][nlayers.index(layer)]):
                _replace(lg, wname, np.transpose(k, (2, 3, 1, 0)).copy())
                transposed.append(name)
        elif cls == "Flatten":
            if layer.pop("_cnnviz_permute_next_dense", True):
                seen_flatten = tuple(int(s) for s in built.input.shape[1:])
        elif cls == "Dense" and seen_flatten is not None and found is not None:
            if len(seen_flatten) == 3:
                h, w, c = seen_flatten
                lg, wname = found
                k = lg[wname][()]
                if k.shape[0] == h * w * c:
                    k = k.reshape(c, h, w, -1).transpose(1, 2, 0, 3).reshape(h * w * c, -1)
                    _replace(lg, wname, np.ascontiguousarray(k))
                    notes.append(f"{name}: kernel rows reordered from channels-first to channels-last flattening")
            seen_flatten = None
    notes.append(f"channels-first (Theano 'th') model converted to channels-last: input "
                 f"{tuple(shape[1:])} is now {tuple(inp[key][1:])}")
    if transposed:
        notes.append(f"Keras 1 kernels transposed to (rows, cols, channels, filters): {', '.join(transposed)}")
    return new
