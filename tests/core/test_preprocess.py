"""MNIST-style preprocessing of drawings and photos of digits."""
from __future__ import annotations

import gzip

import cv2
import numpy as np
import pytest

from cnnviz.core.preprocess import (
    PreprocessError,
    center_of_mass,
    detect_dark_ink,
    preprocess_digit,
    preprocess_image,
    to_model_input,
)


def draw_seven(size=280, thickness=20, offset=(0, 0), scale=1.0) -> np.ndarray:
    img = np.zeros((size, size), np.uint8)
    s = size / 280 * scale
    oy, ox = offset
    pts = np.array([[90, 70], [200, 70], [120, 230]], np.float64) * s + np.array([ox, oy])
    cv2.polylines(img, [pts.round().astype(np.int32)], False, 255, max(1, round(thickness * s)), cv2.LINE_AA)
    return img.astype(np.float32) / 255.0


def corr(a, b):
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def test_digit_is_cropped_scaled_into_20x20_and_centred_by_mass():
    ink = draw_seven(offset=(-50, 60))  # off-centre on the canvas
    p = preprocess_digit(ink)
    img = p.image
    assert img.shape == (28, 28) and img.dtype == np.float32 and not p.empty
    assert 0.0 <= img.min() and img.max() <= 1.0 and img.max() > 0.9
    rows, cols = np.nonzero(img > 0.04)
    assert rows.max() - rows.min() + 1 <= 21 and cols.max() - cols.min() + 1 <= 21
    assert max(rows.max() - rows.min(), cols.max() - cols.min()) + 1 >= 19  # longer side fills the box
    cy, cx = center_of_mass(img)
    assert abs(cy - 14.0) <= 0.6 and abs(cx - 14.0) <= 0.6  # where MNIST puts it
    assert [s.key for s in p.steps] == ["ink", "cropped", "scaled", "placed", "centered"]
    assert p.step("scaled").image.shape[0] == 20  # the 7 is taller than wide
    np.testing.assert_array_equal(p.step("centered").image, img)
    # Where it was drawn does not matter, how big it was drawn hardly does.
    q = preprocess_digit(draw_seven(offset=(30, -40), scale=0.6))
    assert corr(img, q.image) > 0.9


def test_aspect_ratio_is_kept_for_a_thin_one():
    ink = np.zeros((280, 280), np.float32)
    ink[40:240, 130:150] = 1.0  # 200 tall, 20 wide
    img = preprocess_digit(ink).image
    rows, cols = np.nonzero(img > 0.5)
    assert rows.max() - rows.min() + 1 == 20
    assert cols.max() - cols.min() + 1 <= 3


def test_empty_canvas_is_a_flagged_blank_image():
    p = preprocess_digit(np.zeros((280, 280), np.float32))
    assert p.empty and p.image.shape == (28, 28) and p.image.max() == 0 and p.bbox is None
    assert not preprocess_digit(draw_seven()).empty


def test_bad_arrays_raise_clear_errors():
    with pytest.raises(PreprocessError, match="2-D"):
        preprocess_digit(np.zeros((3, 4, 5)))
    with pytest.raises(PreprocessError, match="mode"):
        to_model_input(draw_seven(), (28, 28, 1), "zoom")


def test_nan_and_out_of_range_values_are_clipped():
    ink = draw_seven() * 3.0
    ink[0, 0] = np.nan
    img = preprocess_digit(ink).image
    assert np.isfinite(img).all() and img.max() <= 1.0


def _photo(dark_on_light: bool, noise: float, seed=0) -> np.ndarray:
    """A 480×640 RGB 'photo' of a 7 with a lighting gradient and sensor noise."""
    rng = np.random.default_rng(seed)
    ink = cv2.resize(draw_seven(), (400, 400))
    canvas = np.zeros((480, 640), np.float32)
    canvas[40:440, 120:520] = ink
    grad = np.linspace(0.0, 0.15, 640, dtype=np.float32)[None, :]
    if dark_on_light:
        gray = 0.85 - grad - 0.65 * canvas
    else:
        gray = 0.1 + grad + 0.75 * canvas
    gray = gray + rng.normal(0, noise, gray.shape).astype(np.float32)
    u8 = np.clip(gray * 255, 0, 255).astype(np.uint8)
    return np.repeat(u8[:, :, None], 3, axis=2)


@pytest.mark.parametrize("dark_on_light", [True, False])
@pytest.mark.parametrize("noise", [0.0, 0.06])
def test_photos_of_either_polarity_give_the_same_digit(dark_on_light, noise):
    ref = preprocess_digit(draw_seven()).image
    p = preprocess_image(_photo(dark_on_light, noise))
    assert p.inverted is dark_on_light
    assert p.image.shape == (28, 28) and not p.empty
    assert corr(ref, p.image) > 0.85, corr(ref, p.image)
    # The background is clean: (almost) no ink away from where the 7 was drawn.
    cleaned = p.step("cleaned").image
    truth = np.zeros((480, 640), np.uint8)
    truth[40:440, 120:520] = cv2.resize(draw_seven(), (400, 400)) > 0.02
    truth = cv2.resize(cv2.dilate(truth, np.ones((9, 9), np.uint8)), cleaned.shape[::-1]) > 0
    assert cleaned[~truth].sum() < 0.01 * cleaned.sum()
    keys = [s.key for s in p.steps]
    assert keys[:2] == ["gray", "polarity"] and keys[-1] == "centered"


def test_polarity_detection_on_tiny_and_blank_images():
    a = np.zeros((28, 28), np.float32)
    a[5:20, 12:15] = 1.0
    assert not detect_dark_ink(a)
    assert detect_dark_ink(1.0 - a)
    blank = preprocess_image(np.full((50, 50, 3), 255, np.uint8))
    assert blank.empty


def test_to_model_input_shapes_channels_and_scale():
    ink = draw_seven()
    x = to_model_input(ink, (28, 28, 1))
    np.testing.assert_allclose(x[:, :, 0], preprocess_digit(ink).image)
    rgb = to_model_input(ink, (32, 32, 3))
    assert rgb.shape == (32, 32, 3) and np.array_equal(rgb[:, :, 0], rgb[:, :, 2])
    assert to_model_input(ink, (28, 28, 1), scale=255.0).max() > 200
    wide = to_model_input(ink, (20, 40, 1), mode="stretch")
    assert wide.shape == (20, 40, 1)
    photo = _photo(True, 0.0)
    photo[:, :, 0] = 255  # colour survives fit mode
    fit = to_model_input(photo, (64, 64, 3), mode="fit", is_ink=False)
    assert fit.shape == (64, 64, 3) and fit[32, 32, 0] > fit[32, 32, 1]
    assert fit[:8].max() == 0  # letterbox bars (4:3 picture in a square)
    d = to_model_input(photo, (28, 28, 1), mode="digit", is_ink=False)
    assert corr(d[:, :, 0], preprocess_digit(ink).image) > 0.8


def test_real_mnist_digits_are_nearly_unchanged(mnist_dir):
    with gzip.open(mnist_dir / "t10k-images-idx3-ubyte.gz") as f:
        data = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:50]
    cs = [corr(d / 255.0, preprocess_digit(d).image) for d in data]
    assert np.median(cs) > 0.9


def test_8bit_ink_gives_exactly_what_the_same_ink_as_float_gives():
    """The canvas sends its 8-bit buffer (the fast path crops before converting): every
    output — image, bounding box, shift, steps — equals the float pipeline's."""
    import cv2

    rng = np.random.default_rng(7)
    for trial in range(60):
        u8 = np.zeros((280, 280), np.uint8)
        if trial % 13:  # some canvases stay empty
            for _ in range(int(rng.integers(1, 4))):
                x0, y0, x1, y1 = (int(v) for v in rng.integers(0, 280, size=4))
                cv2.line(u8, (x0, y0), (x1, y1), int(rng.integers(5, 256)), int(rng.integers(1, 30)), cv2.LINE_AA)
        as_float = preprocess_digit(u8.astype(np.float32) * np.float32(1 / 255))
        as_u8 = preprocess_digit(u8)
        assert (as_u8.empty, as_u8.bbox, as_u8.shift) == (as_float.empty, as_float.bbox, as_float.shift)
        assert np.array_equal(as_u8.image, as_float.image)
        assert [s.key for s in as_u8.steps] == [s.key for s in as_float.steps]
        assert all(np.array_equal(a.image, b.image) for a, b in zip(as_u8.steps, as_float.steps))
    faint = np.zeros((280, 280), np.uint8)
    faint[100:110, 100:110] = 10      # 10/255 ≤ 0.04: not ink
    assert preprocess_digit(faint).empty and preprocess_digit(faint.astype(np.float32) / 255).empty
    faint[100:110, 100:110] = 11      # 11/255 > 0.04: ink
    assert preprocess_digit(faint).bbox == (100, 100, 110, 110)
