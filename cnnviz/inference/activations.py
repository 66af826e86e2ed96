"""All layer outputs of a Keras model in one compiled call, plus its learned kernels.

:class:`ActivationExtractor` builds, once per model, a multi-output ``keras.Model`` that
returns the output of every layer worth looking at (convolutions, activations, pooling,
normalisation, dense layers, …), the input of every convolution (so the Convolution Lab
can recompute a feature map from what the layer actually saw) and the model's own output.
That model is compiled for the active Keras backend (:mod:`cnnviz.inference.compiled_call`);
the layers it shows are described in :mod:`cnnviz.inference.layer_info`.

Calling the extractor on one image costs about a millisecond on a laptop CPU for the
textbook CNN; ``model.predict`` costs ~50 ms per call and is never used per stroke.

Weight surgery (edit one kernel value, zero a filter, reset) works on the in-memory model
only; the file on disk is never touched.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from cnnviz.inference.compiled_call import compile_call
from cnnviz.inference.layer_info import (ConvParams, LayerInfo, activation_name, class_name, layer_kind,
                                         node_tensors, tensor_shape)

__all__ = ["ActivationExtractor", "Activations", "ConvParams", "ExtractorError", "LayerInfo",
           "conv_input_for_lab", "softmax"]


class ExtractorError(ValueError):
    """A model the live view cannot show (the message says why)."""


def _flatten(model):
    """Make layers of nested sub-models reachable (cnnviz.inference.graph.flatten_nested)."""
    from cnnviz.inference.graph import flatten_nested

    try:
        return flatten_nested(model)
    except Exception:  # noqa: BLE001 - show the model as it is rather than nothing
        return model


def _np(variable) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(variable), dtype=np.float32)


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


class ActivationExtractor:
    """``extractor(x)`` → every visualisable layer's output and the class probabilities.

    ``layers`` lists the visualisable layers; ``extractor(x)`` returns a list of NumPy
    arrays, one per entry of ``layers`` (batch axis removed for a single image), followed
    by the probabilities as the last element. ``run(x)`` also returns conv-layer inputs.
    """

    def __init__(self, model, *, backend: str | None = None) -> None:
        import keras

        self.backend = backend or keras.backend.backend()
        self.source_model = model
        model = _flatten(model)
        self.model = model
        inputs = list(getattr(model, "inputs", None) or [])
        if not inputs:
            raise ExtractorError("the model has no defined input (build it with keras.Input first)")
        if len(inputs) != 1:
            raise ExtractorError(f"the model has {len(inputs)} inputs; the live view needs exactly one image input")
        shape = tensor_shape(inputs[0])
        self._raw_input_shape = shape
        # Images come as (H, W, C); models that take (H, W) or flat square vectors (784 =
        # 28×28, the classic dense MNIST nets) get them reshaped.
        if len(shape) == 4:
            self.input_layout = "hwc"
            self.input_shape: tuple[int | None, int | None, int] = (shape[1], shape[2], shape[3] or 1)
        elif len(shape) == 3 and shape[1] and shape[2]:
            self.input_layout = "hw"
            self.input_shape = (shape[1], shape[2], 1)
        elif len(shape) == 2 and shape[1] and int(np.sqrt(shape[1])) ** 2 == shape[1]:
            side = int(np.sqrt(shape[1]))
            self.input_layout = "flat"
            self.input_shape = (side, side, 1)
        else:
            raise ExtractorError(f"the model's input has shape {shape}; an image model takes (batch, H, W, C)")
        outputs = list(getattr(model, "outputs", None) or [])
        if len(outputs) != 1:
            raise ExtractorError(f"the model has {len(outputs)} outputs; the live view needs exactly one")
        out_shape = tensor_shape(outputs[0])
        if len(out_shape) != 2:
            raise ExtractorError(f"the model's output has shape {out_shape}; a classifier gives (batch, classes)")
        self.n_outputs = int(out_shape[1])
        last = self._last_layer(model)
        self.final_activation = activation_name(last) if last is not None else ""

        layers: list[LayerInfo] = []
        tensors = []
        self._layer_objs = {}
        seen_outputs = set()
        tensors_of = node_tensors(model)
        self._node_tensors = tensors_of
        for layer in model.layers:
            kind = layer_kind(layer)
            if kind is None:
                continue
            try:
                out = tensors_of[id(layer)][1] if id(layer) in tensors_of else layer.output
            except (AttributeError, ValueError):
                continue  # a layer used more than once, or not connected: not shown
            if isinstance(out, (list, tuple)):
                continue
            oshape = tensor_shape(out)[1:]
            if not (len(oshape) in (1, 3) and oshape[-1] is not None):
                continue
            if id(out) in seen_outputs:
                continue
            seen_outputs.add(id(out))
            layers.append(LayerInfo(len(layers), layer.name, kind, class_name(layer),
                                    tuple(int(v) if v is not None else -1 for v in oshape),
                                    activation_name(layer) if kind in ("conv", "dense") else ""))
            tensors.append(out)
            self._layer_objs[layer.name] = layer
        self.layers: list[LayerInfo] = layers
        # Inputs of Conv2D layers (for "open in the Convolution Lab").
        self._conv_input_index: dict[str, int] = {}
        extra = []
        for info in layers:
            layer = self._layer_objs[info.name]
            if info.class_name not in ("Conv2D", "Convolution2D"):
                continue
            try:
                inp = tensors_of[id(layer)][0] if id(layer) in tensors_of else layer.input
            except (AttributeError, ValueError):
                continue
            if isinstance(inp, (list, tuple)):
                continue
            self._conv_input_index[info.name] = len(tensors) + len(extra)
            extra.append(inp)
        all_outputs = tensors + extra + [outputs[0]]
        self._multi = keras.Model(inputs=inputs[0], outputs=all_outputs, name="cnnviz_activations")
        self._fn: Callable[[np.ndarray], list] = compile_call(self._multi, self._raw_input_shape, self.backend)
        self._original_weights = [_np(w).copy() for w in self._weights_list()]

    def _batch(self, x: np.ndarray) -> tuple[np.ndarray, bool]:
        a = np.asarray(x, dtype=np.float32)
        single = a.ndim in (2, 3)
        if a.ndim == 2:
            a = a[:, :, None]
        if single:
            a = a[None]
        if a.ndim != 4:
            raise ExtractorError(f"the input must be (H, W), (H, W, C) or (N, H, W, C), got shape {np.shape(x)}")
        h, w, c = self.input_shape
        if (h not in (None, a.shape[1])) or (w not in (None, a.shape[2])) or c != a.shape[3]:
            raise ExtractorError(f"the model expects images of shape {(h, w, c)}, got {a.shape[1:]}")
        if self.input_layout == "hw":
            a = a[:, :, :, 0]
        elif self.input_layout == "flat":
            a = a.reshape(a.shape[0], -1)
        return np.ascontiguousarray(a), single

    def _raw(self, x: np.ndarray) -> tuple[list[np.ndarray], bool]:
        a, single = self._batch(x)
        return self._fn(a), single

    def __call__(self, x: np.ndarray) -> list[np.ndarray]:
        """Outputs of every entry of :attr:`layers`, then the probabilities (last)."""
        outs, single = self._raw(x)
        n = len(self.layers)
        result = [o[0] if single else o for o in outs[:n]]
        result.append(self._probabilities(outs[-1][0] if single else outs[-1]))
        return result

    def run(self, x: np.ndarray) -> "Activations":
        """Like ``__call__`` but also returns each Conv2D layer's input (single image)."""
        outs, single = self._raw(x)
        if not single:
            raise ExtractorError("run() takes one image; call the extractor for batches")
        n = len(self.layers)
        maps = [o[0] for o in outs[:n]]
        conv_inputs = {name: outs[i][0] for name, i in self._conv_input_index.items()}
        raw = outs[-1][0]
        return Activations(maps, self._probabilities(raw), raw, conv_inputs)

    def _probabilities(self, out: np.ndarray) -> np.ndarray:
        """The model's output as probabilities: softmax outputs pass through; logits get a
        softmax; a single sigmoid unit becomes ``[1 - p, p]``."""
        out = np.asarray(out, dtype=np.float32)
        act = self.final_activation
        if out.shape[-1] == 1:
            p = out if act == "sigmoid" else 1.0 / (1.0 + np.exp(-out))
            return np.concatenate([1.0 - p, p], axis=-1).astype(np.float32)
        if act == "softmax":
            return out
        if act == "sigmoid":  # multi-label: show as they are
            return out
        return softmax(out).astype(np.float32)

    # -- model facts ----------------------------------------------------------------------
    @staticmethod
    def _last_layer(model):
        try:
            return model.layers[-1]
        except (AttributeError, IndexError):
            return None

    def layer(self, name: str) -> LayerInfo:
        for info in self.layers:
            if info.name == name:
                return info
        raise KeyError(f"no visualisable layer called {name!r}")

    def conv_layers(self) -> list[LayerInfo]:
        """Conv2D layers whose input can be extracted (the lab can recompute them)."""
        return [i for i in self.layers if i.name in self._conv_input_index]

    def kernel_layers(self) -> list[LayerInfo]:
        """Layers with learned 2-D kernels shown in the kernel grid (Conv2D)."""
        return [i for i in self.layers if i.class_name in ("Conv2D", "Convolution2D")]

    def conv_params(self, name: str) -> ConvParams:
        layer = self._layer_objs.get(name)
        if layer is None or class_name(layer) not in ("Conv2D", "Convolution2D"):
            raise KeyError(f"{name!r} is not a Conv2D layer of this model")
        kernel = _np(layer.kernel)
        if getattr(layer, "use_bias", True) and getattr(layer, "bias", None) is not None:
            bias = _np(layer.bias)
        else:
            bias = np.zeros(kernel.shape[-1], np.float32)
        act = activation_name(layer)
        act = {"linear": "none", "relu": "relu"}.get(act, act)
        fmt = getattr(layer, "data_format", "channels_last")
        if fmt != "channels_last":
            raise ExtractorError(f"layer {name!r} uses {fmt}; only channels_last is shown")
        groups = getattr(layer, "groups", 1)
        if groups not in (None, 1):
            raise ExtractorError(f"layer {name!r} is a grouped convolution ({groups} groups)")
        return ConvParams(name, kernel, bias, str(layer.padding).lower(), tuple(layer.strides),
                          tuple(layer.dilation_rate), act)

    # -- weight surgery (in memory only) ---------------------------------------------------
    def _weights_list(self) -> list:
        return [v for v in self._multi.weights]

    def set_kernel_value(self, name: str, index: tuple[int, int, int, int], value: float) -> None:
        """Set ``kernel[i, j, c, f] = value`` of Conv2D layer ``name`` (in memory)."""
        layer = self._layer_objs[name]
        k = _np(layer.kernel).copy()
        k[tuple(index)] = np.float32(value)
        layer.kernel.assign(k)

    def set_filter(self, name: str, f: int, kernel: np.ndarray | None = None, bias: float | None = None) -> None:
        """Replace filter ``f``'s kernel ``(kh, kw, C)`` and/or bias (``zero_filter`` uses it)."""
        layer = self._layer_objs[name]
        if kernel is not None:
            k = _np(layer.kernel).copy()
            k[..., f] = np.asarray(kernel, np.float32).reshape(k.shape[:-1])
            layer.kernel.assign(k)
        if bias is not None and getattr(layer, "bias", None) is not None:
            b = _np(layer.bias).copy()
            b[f] = np.float32(bias)
            layer.bias.assign(b)

    def zero_filter(self, name: str, f: int) -> None:
        kh, kw, c, _ = _np(self._layer_objs[name].kernel).shape
        self.set_filter(name, f, np.zeros((kh, kw, c), np.float32), 0.0)

    def is_modified(self) -> bool:
        return any(not np.array_equal(_np(v), o) for v, o in zip(self._weights_list(), self._original_weights))

    def reset_weights(self) -> None:
        """Restore the weights the model had when the extractor was built."""
        for v, o in zip(self._weights_list(), self._original_weights):
            v.assign(o)


@dataclass
class Activations:
    maps: list[np.ndarray]                  # one per ActivationExtractor.layers entry
    probabilities: np.ndarray               # (classes,)
    raw_output: np.ndarray                  # the model's own output
    conv_inputs: dict[str, np.ndarray]      # Conv2D layer name → its input (H, W, C)


def conv_input_for_lab(acts: Activations, name: str) -> np.ndarray:
    """The input a Conv2D layer saw, as ``(H, W)`` for one channel or ``(H, W, C)``."""
    a = acts.conv_inputs[name]
    return a[:, :, 0] if a.shape[-1] == 1 else a
