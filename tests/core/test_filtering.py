"""Whole-image filtering and its colour range (cnnviz/core/filtering.py)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from cnnviz.core.conv import conv2d
from cnnviz.core.filtering import filter_image, fit_within, robust_range, signed_levels, to_gray
from cnnviz.core.kernels import preset


def test_constant_border_equals_the_core_convolution_with_same_padding():
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (9, 11)).astype(np.float32)
    k = preset("sobel_x").values
    for flip in (False, True):
        got = filter_image(img, k, flip=flip, border="constant").total
        want = conv2d(img, k, padding="same", flip=flip).output2d()
        np.testing.assert_allclose(got, want, atol=1e-3)


def test_rgb_channels_are_filtered_apart_and_summed():
    rng = np.random.default_rng(2)
    img = rng.random((6, 7, 3)).astype(np.float32)
    res = filter_image(img, np.ones((3, 3, 3)), border="replicate")
    assert res.channels.shape == (6, 7, 3)
    np.testing.assert_allclose(res.channels.sum(axis=2), res.total, rtol=1e-6)
    one = filter_image(img[:, :, 1], np.ones((3, 3)), border="replicate").total
    np.testing.assert_allclose(res.channels[:, :, 1], one, rtol=1e-6)


def test_bad_arguments_say_what_was_received():
    with pytest.raises(ValueError, match="kernel has 2 channels but the image has 3"):
        filter_image(np.zeros((4, 4, 3)), np.zeros((3, 3, 2)))
    with pytest.raises(ValueError, match="border must be one of"):
        filter_image(np.zeros((4, 4)), np.ones((3, 3)), border="wrap")


def test_robust_range_ignores_a_few_extreme_pixels():
    a = np.ones(1000)
    a[0] = 1e6
    assert robust_range(a) == pytest.approx(1.0)
    assert robust_range(np.zeros((3, 3))) == 1.0
    m = robust_range([-2.0, 1.0])
    assert signed_levels(np.array([-2.0, 1.0])) == (-m, m, True)
    assert signed_levels(np.array([0.0, 4.0])) == (0.0, robust_range([0.0, 4.0]), False)


def test_gray_and_fit_within():
    rgb = np.zeros((2000, 1000, 3), np.uint8)
    rgb[..., 0] = 255
    np.testing.assert_allclose(to_gray(rgb[:2, :2]), cv2.cvtColor(rgb[:2, :2], cv2.COLOR_RGB2GRAY), atol=0.5)
    small = fit_within(rgb, 1024)
    assert small.shape == (1024, 512, 3)
    assert fit_within(small, 1024) is small
