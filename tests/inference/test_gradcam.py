"""Grad-CAM points at the part of the input the class depends on."""
from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.inference.gradcam import GradCam, GradCamError, candidate_layers, overlay  # noqa: E402


def two_region_model():
    """Channel 0 → map 0 → evidence FOR class 1; channel 1 → map 1 → evidence for class 0."""
    inp = keras.Input((8, 8, 2))
    a = keras.layers.Conv2D(2, 1, use_bias=False, name="conv")(inp)
    f = keras.layers.Flatten()(a)
    out = keras.layers.Dense(2, activation="softmax", name="out")(f)
    m = keras.Model(inp, out)
    m.get_layer("conv").set_weights([np.eye(2, dtype=np.float32).reshape(1, 1, 2, 2)])
    w = np.zeros((8 * 8 * 2, 2), np.float32)
    w[0::2, 1] = 1.0   # map 0 (flattened channels-last: even entries) → class 1
    w[1::2, 0] = 1.0   # map 1 → class 0
    m.get_layer("out").set_weights([w, np.zeros(2, np.float32)])
    return m


def image():
    x = np.zeros((8, 8, 2), np.float32)
    x[0:3, 0:3, 0] = 1.0   # top-left blob in channel 0
    x[5:8, 5:8, 1] = 0.5   # weaker bottom-right blob in channel 1
    return x


def test_heatmap_marks_the_region_of_the_chosen_class():
    cam = GradCam(two_region_model())
    assert cam.layer_name == "conv"
    r1 = cam(image())                      # predicted class: 1 (9 > 4.5)
    assert r1.class_index == 1 and r1.heatmap.shape == (8, 8)
    assert r1.heatmap[:3, :3].min() > 0.9 and r1.heatmap[5:, 5:].max() < 0.1
    assert r1.score == pytest.approx(9.0, abs=1e-4)  # the logit, not the probability
    r0 = cam(image(), class_index=0)
    assert r0.heatmap[5:, 5:].min() > 0.9 and r0.heatmap[:3, :3].max() < 0.1
    with pytest.raises(GradCamError, match="outside"):
        cam(image(), class_index=5)


def test_layers_and_overlay():
    m = two_region_model()
    assert candidate_layers(m) == ["conv"]
    with pytest.raises(GradCamError, match="image-like"):
        GradCam(m, layer="out")
    rgb = overlay(np.zeros((8, 8), np.float32), np.linspace(0, 1, 64).reshape(8, 8))
    assert rgb.shape == (8, 8, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 0]) == (0, 0, 0)  # black input, no heat
    assert rgb[7, 7, 0] > 100              # hot corner is coloured
