"""All layer outputs of a Keras model in one compiled call, plus its learned kernels.

:class:`ActivationExtractor` builds, once per model, a multi-output ``keras.Model`` that
returns the output of every layer worth looking at (convolutions, activations, pooling,
normalisation, dense layers, …), the input of every convolution (so the Convolution Lab
can recompute a feature map from what the layer actually saw) and the model's own output.
That model is compiled for the active Keras backend:

* TensorFlow: one concrete function with a fixed input signature; on a CPU,
  :meth:`ActivationExtractor.build_inline_call` then freezes it into a session that runs
  in the calling thread (:mod:`cnnviz.inference.inline_session`), used until a weight is
  edited;
* JAX: ``jax.jit`` over ``stateless_call`` (current weights are passed each call, so
  edited weights take effect without re-tracing);
* PyTorch: eager under ``torch.no_grad()``.

Calling the extractor on one image costs about a millisecond on a laptop CPU for the
textbook CNN; ``model.predict`` costs ~50 ms per call and is never used per stroke.

Weight surgery (edit one kernel value, zero a filter, reset) works on the in-memory model
only; the file on disk is never touched.
"""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

# Layer families, by Keras class name. Anything else with a 4-D (image-like) output is
# shown as "other"; pure reshapes and inference-time no-ops are skipped.
CONV = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "Convolution2D"}
POOL = {"MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D", "GlobalMaxPooling2D",
        "GlobalAveragePooling2D", "GlobalMaxPool2D", "GlobalAvgPool2D"}
ACTIVATION = {"Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU"}
DENSE = {"Dense"}
NORM = {"BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization"}
SKIP = {"InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
        "AlphaDropout", "Flatten", "Reshape", "Rescaling", "Normalization", "RandomFlip",
        "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "Resizing",
        "CenterCrop", "ActivityRegularization", "Identity", "Permute"}


class ExtractorError(ValueError):
    """A model the live view cannot show (the message says why)."""


@dataclass(frozen=True)
class LayerInfo:
    """One visualisable layer."""

    index: int                  # position in the extractor's outputs
    name: str
    kind: str                   # "conv", "activation", "pool", "norm", "dense", "other"
    class_name: str             # Keras class name
    shape: tuple[int, ...]      # output shape without the batch axis
    activation: str = ""        # fused activation of conv/dense layers ("relu", "linear", …)

    @property
    def is_map(self) -> bool:
        """Image-like output ``(H, W, C)``: shown as feature maps."""
        return len(self.shape) == 3

    @property
    def channels(self) -> int:
        return int(self.shape[-1]) if self.shape else 1


@dataclass(frozen=True)
class ConvParams:
    """What the Convolution Lab needs to recompute one Conv2D layer."""

    name: str
    kernel: np.ndarray          # (kh, kw, C, F) float32
    bias: np.ndarray            # (F,) float32 (zeros when the layer has no bias)
    padding: str                # "valid" | "same"
    stride: tuple[int, int]
    dilation: tuple[int, int]
    activation: str             # "none" | "relu" | the Keras name of another activation


def _class_name(layer) -> str:
    return type(layer).__name__


def _kind(layer) -> str | None:
    c = _class_name(layer)
    if c in SKIP:
        return None
    if c in CONV:
        return "conv"
    if c in POOL:
        return "pool"
    if c in ACTIVATION:
        return "activation"
    if c in DENSE:
        return "dense"
    if c in NORM:
        return "norm"
    return "other"


def _activation_name(layer) -> str:
    act = getattr(layer, "activation", None)
    if act is None:
        return ""
    name = getattr(act, "__name__", None) or getattr(act, "name", None) or str(act)
    return str(name)


def _flatten(model):
    """Make layers of nested sub-models reachable (cnnviz.inference.graph.flatten_nested)."""
    from cnnviz.inference.graph import flatten_nested

    try:
        return flatten_nested(model)
    except Exception:  # noqa: BLE001 - show the model as it is rather than nothing
        return model


def _node_tensors(model) -> dict[int, tuple]:
    """``id(layer) → (input, output)`` of each layer's call *in this model's graph* (a
    layer shared with another graph — e.g. after flattening nested models — has several
    calls; ``layer.output`` would name the first one). Layers called more than once in
    this graph are left out."""
    graph = getattr(model, "_functional", None) or model
    nodes_by_depth = getattr(graph, "_nodes_by_depth", None)
    if not nodes_by_depth:
        return {}
    found: dict[int, tuple] = {}
    repeated: set[int] = set()
    for nodes in nodes_by_depth.values():
        for node in nodes:
            op = getattr(node, "operation", None)
            ins, outs = list(getattr(node, "input_tensors", []) or []), list(getattr(node, "output_tensors", []) or [])
            if op is None or len(outs) != 1:
                continue
            if id(op) in found:
                repeated.add(id(op))
            found[id(op)] = (ins[0] if len(ins) == 1 else ins, outs[0])
    for k in repeated:
        found.pop(k, None)
    return found


def _tensor_shape(t) -> tuple:
    return tuple(t.shape)


def _np(variable) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(variable), dtype=np.float32)


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


class _FlatCall:
    """The multi-output model as ONE concrete TensorFlow function returning every output
    flattened into one ``(N, total)`` float32 tensor, split again as NumPy views.

    Per stroke this is the hot call: a concrete function skips tf.function's argument
    dispatch, and one output tensor instead of ~15 skips the per-tensor hand-over; together
    ~0.5 ms of a ~2 ms call on a 2-core CPU (cnnviz bench). No autograph: the functional
    graph has no Python control flow on tensors (and autograph leaves files in /tmp)."""

    def __init__(self, multi, spec, shapes: list[tuple[int, ...]]) -> None:
        import tensorflow as tf

        self._tf = tf
        self.shapes = shapes
        sizes = [int(np.prod(s)) for s in shapes]
        self._bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

        @tf.function(input_signature=[spec], autograph=False)
        def call(x):
            n = tf.shape(x)[0]
            return tf.concat([tf.reshape(tf.cast(o, tf.float32), [n, -1]) for o in multi(x, training=False)], axis=1)

        self.concrete = call.get_concrete_function()
        self._invoke = _fast_invoke(self.concrete)

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        n = flat.shape[0]
        b = self._bounds
        return [flat[:, p:q].reshape((n,) + s) for p, q, s in zip(b[:-1], b[1:], self.shapes)]

    def __call__(self, x: np.ndarray) -> list[np.ndarray]:
        return self.split(self._invoke(self._tf.convert_to_tensor(x)).numpy())


def _fast_invoke(concrete) -> Callable:
    """``concrete(tensor)`` without re-binding the arguments to the function's signature
    on every call (~0.3 ms of a ~1.5 ms call): ``ConcreteFunction._call_flat`` takes the
    flat tensors directly. It is TensorFlow-internal, so it is checked once against the
    public call and dropped for it when absent or different."""
    import tensorflow as tf

    public = concrete
    flat = getattr(concrete, "_call_flat", None)
    captured = getattr(concrete, "captured_inputs", None)
    if flat is None or captured is None:
        return public

    def fast(t):
        return flat([t], captured)

    try:
        probe = tf.zeros([1] + [int(d) for d in concrete.structured_input_signature[0][0].shape[1:]], tf.float32)
        if np.array_equal(fast(probe).numpy(), public(probe).numpy()):
            return fast
    except Exception:  # noqa: BLE001 - any change of the internal API: use the public call
        pass
    return public


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
        shape = _tensor_shape(inputs[0])
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
        out_shape = _tensor_shape(outputs[0])
        if len(out_shape) != 2:
            raise ExtractorError(f"the model's output has shape {out_shape}; a classifier gives (batch, classes)")
        self.n_outputs = int(out_shape[1])
        last = self._last_layer(model)
        self.final_activation = _activation_name(last) if last is not None else ""

        layers: list[LayerInfo] = []
        tensors = []
        self._layer_objs = {}
        seen_outputs = set()
        node_tensors = _node_tensors(model)
        self._node_tensors = node_tensors
        for layer in model.layers:
            kind = _kind(layer)
            if kind is None:
                continue
            try:
                out = node_tensors[id(layer)][1] if id(layer) in node_tensors else layer.output
            except (AttributeError, ValueError):
                continue  # a layer used more than once, or not connected: not shown
            if isinstance(out, (list, tuple)):
                continue
            oshape = _tensor_shape(out)[1:]
            if not (len(oshape) in (1, 3) and oshape[-1] is not None):
                continue
            if id(out) in seen_outputs:
                continue
            seen_outputs.add(id(out))
            layers.append(LayerInfo(len(layers), layer.name, kind, _class_name(layer),
                                    tuple(int(v) if v is not None else -1 for v in oshape),
                                    _activation_name(layer) if kind in ("conv", "dense") else ""))
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
                inp = node_tensors[id(layer)][0] if id(layer) in node_tensors else layer.input
            except (AttributeError, ValueError):
                continue
            if isinstance(inp, (list, tuple)):
                continue
            self._conv_input_index[info.name] = len(tensors) + len(extra)
            extra.append(inp)
        all_outputs = tensors + extra + [outputs[0]]
        self._multi = keras.Model(inputs=inputs[0], outputs=all_outputs, name="cnnviz_activations")
        self._flat: _FlatCall | None = None
        # The weights' state: 0 while they are the model's own, a new number after each
        # edit. The inline call (see build_inline_call) is used only in the state it froze.
        self._weights_state = 0
        self._edits = itertools.count(1)
        self._weights_lock = threading.Lock()
        self._inline: tuple[int, Callable[[np.ndarray], np.ndarray]] | None = None
        self._fn = self._compile()
        self._original_weights = [_np(w).copy() for w in self._weights_list()]

    # -- compiled call ------------------------------------------------------------------
    def _compile(self) -> Callable[[np.ndarray], list]:
        multi = self._multi
        if self.backend == "tensorflow":
            import tensorflow as tf

            spec = tf.TensorSpec((None,) + tuple(self._raw_input_shape[1:]), tf.float32)
            shapes = [tuple(o.shape[1:]) for o in multi.outputs]
            if any(d is None for s in shapes for d in s):  # sizes known only per call
                @tf.function(reduce_retracing=True, input_signature=[spec], autograph=False)
                def call(x):
                    return multi(x, training=False)

                return lambda x: [t.numpy() for t in call(x)]
            self._flat = _FlatCall(multi, spec, shapes)
            return self._flat
        if self.backend == "jax":
            import jax

            @jax.jit
            def call(trainable, non_trainable, x):
                out, _ = multi.stateless_call(trainable, non_trainable, x, training=False)
                return out

            def run(x):
                tv = [v.value for v in multi.trainable_variables]
                ntv = [v.value for v in multi.non_trainable_variables]
                return [np.asarray(o) for o in call(tv, ntv, x)]

            return run
        if self.backend == "torch":
            import torch

            def run(x):
                with torch.no_grad():
                    out = multi(x, training=False)
                return [o.detach().cpu().numpy() for o in out]

            return run
        # Any other backend: eager call through the backend-neutral API.
        import keras

        return lambda x: [keras.ops.convert_to_numpy(o) for o in multi(x, training=False)]

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
        inline = self._inline_run()
        if inline is not None:
            return self._flat.split(inline(a)), single
        return self._fn(a), single

    def _inline_run(self) -> Callable[[np.ndarray], np.ndarray] | None:
        """The inline call, if it was frozen with the weights as they are now."""
        inline = self._inline
        return inline[1] if inline is not None and inline[0] == self._weights_state else None

    # -- the call in the calling thread ---------------------------------------------------
    def build_inline_call(self) -> str:
        """Prepare the per-stroke call to run in the calling thread with the weights as they
        are now (TensorFlow on a CPU; see :mod:`cnnviz.inference.inline_session`). Safe to
        call from another thread while the extractor computes; takes ~0.2 s for the
        textbook CNN. Returns "" when done, else why the function call is kept."""
        if self._flat is None:
            return f"the {self.backend} backend keeps its own call"
        from cnnviz.inference.inline_session import InlineSessionError, inline_session

        n_weights = int(sum(int(np.prod(v.shape)) for v in self._multi.weights))
        with self._weights_lock:  # no edit while the weights are frozen in
            state = self._weights_state
            try:
                run = inline_session(self._flat.concrete, n_weights)
            except InlineSessionError as exc:
                return str(exc)
            self._inline = (state, run)
        return ""

    @property
    def call_path(self) -> str:
        """How a call runs now: "inline session" or "function" (for ``cnnviz bench``)."""
        return "function" if self._inline_run() is None else "inline session"

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
        if layer is None or _class_name(layer) not in ("Conv2D", "Convolution2D"):
            raise KeyError(f"{name!r} is not a Conv2D layer of this model")
        kernel = _np(layer.kernel)
        if getattr(layer, "use_bias", True) and getattr(layer, "bias", None) is not None:
            bias = _np(layer.bias)
        else:
            bias = np.zeros(kernel.shape[-1], np.float32)
        act = _activation_name(layer)
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
        with self._weights_lock:
            k = _np(layer.kernel).copy()
            k[tuple(index)] = np.float32(value)
            layer.kernel.assign(k)
            self._weights_state = next(self._edits)

    def set_filter(self, name: str, f: int, kernel: np.ndarray | None = None, bias: float | None = None) -> None:
        """Replace filter ``f``'s kernel ``(kh, kw, C)`` and/or bias (``zero_filter`` uses it)."""
        layer = self._layer_objs[name]
        with self._weights_lock:
            if kernel is not None:
                k = _np(layer.kernel).copy()
                k[..., f] = np.asarray(kernel, np.float32).reshape(k.shape[:-1])
                layer.kernel.assign(k)
            if bias is not None and getattr(layer, "bias", None) is not None:
                b = _np(layer.bias).copy()
                b[f] = np.float32(bias)
                layer.bias.assign(b)
            self._weights_state = next(self._edits)

    def zero_filter(self, name: str, f: int) -> None:
        kh, kw, c, _ = _np(self._layer_objs[name].kernel).shape
        self.set_filter(name, f, np.zeros((kh, kw, c), np.float32), 0.0)

    def is_modified(self) -> bool:
        return any(not np.array_equal(_np(v), o) for v, o in zip(self._weights_list(), self._original_weights))

    def reset_weights(self) -> None:
        """Restore the weights the model had when the extractor was built."""
        with self._weights_lock:
            for v, o in zip(self._weights_list(), self._original_weights):
                v.assign(o)
            self._weights_state = 0


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


def describe_layers(layers: Sequence[LayerInfo]) -> list[dict[str, Any]]:
    return [{"name": i.name, "kind": i.kind, "class": i.class_name, "shape": list(i.shape),
             "activation": i.activation} for i in layers]
