"""The numerical core agrees with Keras's Conv2D / MaxPooling2D / AveragePooling2D over
many random shapes, kernels, paddings, strides and dilations."""
from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.core.conv import conv2d  # noqa: E402
from cnnviz.core.pooling import pool2d  # noqa: E402


def _cases(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        h, w = rng.integers(3, 12, size=2)
        c, f = rng.integers(1, 4), rng.integers(1, 4)
        kh, kw = rng.integers(1, 5, size=2)
        padding = ["valid", "same"][rng.integers(2)]
        dilated = rng.random() < 0.3
        if dilated:
            stride, dilation = (1, 1), tuple(int(v) for v in rng.integers(1, 3, size=2))
        else:
            stride, dilation = tuple(int(v) for v in rng.integers(1, 4, size=2)), (1, 1)
        eff = [dilation[i] * (k - 1) + 1 for i, k in enumerate((kh, kw))]
        if padding == "valid" and (eff[0] > h or eff[1] > w):
            continue
        out.append((int(h), int(w), int(c), int(f), int(kh), int(kw), padding, stride, dilation, int(rng.integers(1 << 30))))
    return out


@pytest.mark.parametrize("case", _cases(40, 1), ids=lambda c: "h{}w{}c{}f{}k{}x{}-{}-s{}-d{}".format(*c[:9]))
def test_conv2d_matches_keras(case):
    h, w, c, f, kh, kw, padding, stride, dilation, seed = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(h, w, c)).astype(np.float32)
    k = rng.normal(size=(kh, kw, c, f)).astype(np.float32)
    b = rng.normal(size=(f,)).astype(np.float32)
    act = "relu" if seed % 2 else None
    layer = keras.layers.Conv2D(f, (kh, kw), strides=stride, padding=padding, dilation_rate=dilation, activation=act)
    layer.build((1, h, w, c))
    layer.set_weights([k, b])
    expected = np.asarray(layer(x[None]))[0]
    got = conv2d(x, k, bias=b, padding=padding, stride=stride, dilation=dilation,
                 activation="relu" if act else "none").output
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    # every traced step agrees with the vectorised output
    res = conv2d(x, k, bias=b, padding=padding, stride=stride, dilation=dilation,
                 activation="relu" if act else "none")
    for i in range(0, res.n_steps, max(1, res.n_steps // 5)):
        s = res.step(i, f - 1)
        assert s.value == pytest.approx(res.output[s.out_row, s.out_col, f - 1], abs=1e-9)


def _pool_cases(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        h, w, c = (int(v) for v in rng.integers(2, 11, size=3))
        k = tuple(int(v) for v in rng.integers(1, 4, size=2))
        s = tuple(int(v) for v in rng.integers(1, 4, size=2))
        padding = ["valid", "same"][rng.integers(2)]
        if padding == "valid" and (k[0] > h or k[1] > w):
            continue
        out.append((h, w, c % 3 + 1, k, s, padding, int(rng.integers(1 << 30))))
    return out


@pytest.mark.parametrize("case", _pool_cases(30, 2), ids=lambda c: "h{}w{}c{}-k{}-s{}-{}".format(*c[:6]))
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pooling_matches_keras(case, mode):
    h, w, c, k, s, padding, seed = case
    x = np.random.default_rng(seed).normal(size=(h, w, c)).astype(np.float32)
    cls = keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D
    expected = np.asarray(cls(pool_size=k, strides=s, padding=padding)(x[None]))[0]
    got = pool2d(x, size=k, stride=s, padding=padding, mode=mode).output
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_min_pooling_is_negated_max_pooling():
    x = np.random.default_rng(3).normal(size=(9, 7, 2))
    np.testing.assert_allclose(pool2d(x, 3, 2, "same", "min").output, -pool2d(-x, 3, 2, "same", "max").output)


def test_true_convolution_flips_the_kernel():
    x = np.arange(16.0).reshape(4, 4)
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(conv2d(x, k, flip=True).output, conv2d(x, k[::-1, ::-1]).output)
    assert not np.array_equal(conv2d(x, k, flip=True).output, conv2d(x, k).output)
