"""What each filter looks for: an input synthesised by gradient ascent, per channel.

For a layer with ``K`` channels, ``K`` images are optimised together (one batch, one image
per channel): image ``b`` climbs the mean activation of channel ``b``, so the loss is
``Σ_b mean_{i,j} A_ij^{c_b}(x_b)`` and a layer costs one run, not ``K``. For a convolution
with a fused ReLU the ascent climbs ``relu(z) + leak·z`` of the pre-activation ``z``: a
ReLU that is off everywhere has no gradient, the small linear term gets it going, and the
ReLU term still rewards a strong pattern rather than a uniformly bright or dark image (the
mean of ``z`` alone depends on little more than the image's mean for a first layer);
:attr:`LayerVisualisation.responses` reports the layer's real output.

Regularisers (:mod:`cnnviz.inference.feature_vis_image`): Fourier ``1/f`` parameterisation,
decorrelated colour, sigmoid into the model's input range, random jitter every step.
Gradients come from :mod:`cnnviz.inference.gradients` (TensorFlow, JAX or PyTorch).

No Qt: the app calls :func:`synthesise_layer` from a worker thread with a ``progress``
callback and a ``cancelled`` predicate; :class:`~cnnviz.inference.feature_vis_cache.
VisualisationCache` keeps finished layers per model weights.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from cnnviz.inference.feature_vis_image import Adam, FourierImage, jitter, to_display, warp
from cnnviz.inference.feature_vis_layers import (  # noqa: F401 - re-exported for callers
    FeatureVisError,
    InputSpec,
    VisualisationCancelled,
    conv_layers,
    guess_input_range,
    image_layer,
    image_layers,
    image_model,
    input_spec,
)
from cnnviz.inference.gradients import input_gradient

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_FUSED_CONV = {"Conv2D", "Convolution2D"}


@dataclass(frozen=True)
class SynthesisSettings:
    """How the images are optimised (part of the cache key)."""

    steps: int = 256
    learning_rate: float = 0.1
    jitter: int = 0                 # pixels of random shift per step; 0: ~1/14 of the image side
    rotate: float = 0.0             # random rotation per step, ± degrees
    scale: float = 0.0              # random scaling per step, 1 ± scale
    decay_power: float = 1.0        # spectrum scaling 1/f^decay (0: plain pixel basis in FFT)
    size: int = 64                  # image side used when the model accepts any size
    max_batch: int = 128            # channels optimised together (more run in several chunks)
    relu_leak: float = 0.05         # fused-ReLU convolutions climb relu(z) + leak·z (0: the output)
    seed: int = 0

    def __post_init__(self) -> None:
        if int(self.steps) < 1:
            raise FeatureVisError(f"steps must be at least 1, got {self.steps}")
        if not self.learning_rate > 0:
            raise FeatureVisError(f"learning_rate must be positive, got {self.learning_rate}")
        if int(self.size) < 4 or int(self.max_batch) < 1 or int(self.jitter) < 0:
            raise FeatureVisError(f"size ≥ 4, max_batch ≥ 1 and jitter ≥ 0 are needed, got "
                                  f"{self.size}, {self.max_batch}, {self.jitter}")

    def key(self) -> tuple:
        return tuple(sorted(asdict(self).items()))


@dataclass(frozen=True)
class LayerVisualisation:
    """The synthesised images of one layer, one per channel."""

    layer: str
    images: np.ndarray              # (K, H, W, C) float32 in the model's input range
    display: np.ndarray             # (K, H, W) or (K, H, W, 3) uint8
    responses: np.ndarray           # (K, K_layer): row b = every channel's mean output for image b
    channel_ids: np.ndarray         # (K,) the layer channel each image was made for
    settings: SynthesisSettings
    input_range: tuple[float, float]
    seconds: float
    backend: str
    objective: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.float32))

    @property
    def channels(self) -> int:
        return int(self.images.shape[0])

    def own_response(self) -> np.ndarray:
        """``(K,)``: how much image ``b`` excites the channel it was made for."""
        return self.responses[np.arange(len(self.channel_ids)), self.channel_ids]


def _fused_relu(layer) -> bool:
    act = getattr(layer, "activation", None)
    name = getattr(act, "__name__", "") or ""
    return (type(layer).__name__ in _FUSED_CONV and name == "relu"
            and getattr(layer, "data_format", "channels_last") == "channels_last")


def channel_objective(model, layer_name: str, *, relu_leak: float = 0.05):
    """``(feature_model, objective)`` for :func:`~cnnviz.inference.gradients.input_gradient`:
    ``objective(outputs, mask)`` is each sample's mean activation of the channel that the
    one-hot ``mask`` row picks."""
    import keras
    from keras import ops

    layer = image_layer(model, layer_name)
    if relu_leak > 0 and _fused_relu(layer):
        feature = keras.Model(model.inputs[0], layer.input)
        leak = float(relu_leak)
        kernel = ops.convert_to_tensor(keras.ops.convert_to_numpy(layer.kernel))
        bias = ops.convert_to_tensor(keras.ops.convert_to_numpy(layer.bias)) if layer.use_bias else None

        def maps(inp):
            z = layer.convolution_op(inp, kernel)
            z = z if bias is None else z + bias
            return ops.relu(z) + leak * z
    else:
        feature = keras.Model(model.inputs[0], layer.output)

        def maps(out):
            return out

    def objective(outputs, mask):
        a = ops.mean(ops.cast(maps(outputs), "float32"), axis=(1, 2))   # (n, K)
        return ops.sum(a * mask, axis=1)

    return feature, objective


def layer_responses(model, layer_name: str, images: np.ndarray, spec: InputSpec, batch_size: int = 128) -> np.ndarray:
    """``(n, K)``: each channel's mean output (after its activation) for each image."""
    import keras

    model = image_model(model)
    probe = keras.Model(model.inputs[0], keras.ops.mean(image_layer(model, layer_name).output, axis=(1, 2)))
    out = [np.asarray(keras.ops.convert_to_numpy(probe(spec.to_model(images[i:i + batch_size]), training=False)))
           for i in range(0, len(images), batch_size)]
    return np.concatenate(out).astype(np.float32)


# -- synthesis ---------------------------------------------------------------------------
def synthesise_layer(model, layer_name: str, settings: SynthesisSettings | None = None, *,
                     channels: list[int] | None = None, value_range: tuple[float, float] | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     **overrides) -> LayerVisualisation:
    """One image per channel of ``layer_name`` (all channels, or ``channels``).

    ``settings`` fields can also be given as keywords (``steps=64``). ``progress(done,
    total)`` is called after every step; when ``cancelled()`` returns true the run stops
    and :class:`VisualisationCancelled` is raised.
    """
    import dataclasses

    import keras

    try:
        s = dataclasses.replace(settings or SynthesisSettings(), **overrides)
    except TypeError as exc:
        raise FeatureVisError(f"unknown setting: {exc}") from None
    model = image_model(model)
    spec = input_spec(model, size=int(s.size), value_range=value_range)
    layer = image_layer(model, layer_name)
    k_all = int(layer.output.shape[-1])
    chosen = list(range(k_all)) if channels is None else [int(c) for c in channels]
    bad = [c for c in chosen if not 0 <= c < k_all]
    if bad or not chosen:
        raise FeatureVisError(f"channels must be in 0…{k_all - 1} (layer {layer_name!r}), got {bad or chosen}")
    try:
        feature, objective = channel_objective(model, layer_name, relu_leak=float(s.relu_leak))
        grad_fn = input_gradient(feature, objective)
    except (ValueError, AttributeError, TypeError) as exc:
        raise FeatureVisError(f"cannot reach layer {layer_name!r} from the model's input ({exc})") from None
    shift = int(s.jitter) or max(1, round(min(spec.height, spec.width) / 14))
    chunks = [chosen[i:i + int(s.max_batch)] for i in range(0, len(chosen), int(s.max_batch))]
    total = len(chunks) * int(s.steps)
    rng = np.random.default_rng(s.seed)
    t0 = time.perf_counter()
    images, values = [], []
    done = 0
    for ci, chunk in enumerate(chunks):
        mask = np.zeros((len(chunk), k_all), np.float32)
        mask[np.arange(len(chunk)), chunk] = 1.0
        param = FourierImage(len(chunk), spec.height, spec.width, spec.channels, lo=spec.low, hi=spec.high,
                             decay_power=s.decay_power, seed=s.seed + ci)
        opt = Adam(s.learning_rate)
        for _ in range(int(s.steps)):
            if cancelled is not None and cancelled():
                raise VisualisationCancelled(f"stopped after {done} of {total} steps")
            x = param.forward()
            dy, dx = (int(v) for v in rng.integers(-shift, shift + 1, size=2))
            angle = float(rng.uniform(-s.rotate, s.rotate)) if s.rotate else 0.0
            zoom = float(rng.uniform(1 - s.scale, 1 + s.scale)) if s.scale else 1.0
            _, g = grad_fn(spec.to_model(warp(jitter(x, dy, dx), angle, zoom)), mask)
            g = jitter(warp(spec.from_model(g), angle, zoom, inverse=True), -dy, -dx)
            opt.ascend(param.params, param.backward(g))
            done += 1
            if progress is not None:
                progress(done, total)
        x = param.forward()
        v, _ = grad_fn(spec.to_model(x), mask)
        images.append(x)
        values.append(v)
    imgs = np.concatenate(images).astype(np.float32)
    resp = layer_responses(model, layer_name, imgs, spec)
    return LayerVisualisation(layer_name, imgs, to_display(imgs, spec.low, spec.high), resp,
                              np.asarray(chosen, np.int64), s,
                              (spec.low, spec.high), time.perf_counter() - t0, keras.backend.backend(),
                              np.concatenate(values).astype(np.float32))
