"""The image filter page: OpenCV results shown with their sign, RGB channels adding up."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from cnnviz.core.conv import conv2d
from cnnviz.core.kernels import preset
from cnnviz.app.filters_controller import FilterController
from cnnviz.core.filtering import filter_image
from cnnviz.qt.lab.inputs import DEFAULT_IMAGE


@pytest.fixture
def page(show_controller):
    return show_controller(FilterController(), 1400, 900)


def test_default_image_is_bundled_and_small():
    assert DEFAULT_IMAGE.exists()
    assert DEFAULT_IMAGE.stat().st_size < 300_000


def test_laplacian_result_keeps_negative_values(page):
    v = page.view
    img = page.image()
    assert v.original.shape() == img.shape[:2]
    gray = img.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    ref = cv2.filter2D(gray, cv2.CV_32F, preset("laplacian").values.astype(np.float32),
                       borderType=cv2.BORDER_REFLECT_101)
    shown = v.result.values()
    np.testing.assert_allclose(shown, ref, atol=1e-3)
    assert shown.min() < 0 < shown.max()
    lo, hi = v.result.levels()
    assert v.result.is_signed() and lo == -hi
    assert "negative" in v.sum_label.text()


def test_rgb_channels_add_up(page):
    v = page.view
    page.set_kernel_source("sobel_x")
    page.set_color_mode("rgb")
    res = page.result
    assert all(g.isVisible() for g in v.channel_views)
    np.testing.assert_allclose(res.channels.sum(axis=2), v.result.values(), atol=1e-3)
    for i, g in enumerate(v.channel_views):
        np.testing.assert_allclose(g.values(), res.channels[:, :, i], atol=1e-4)
    assert "R " in v.sum_label.text() and "G " in v.sum_label.text()
    page.set_color_mode("gray")
    assert not any(g.isVisible() for g in v.channel_views)


@pytest.mark.parametrize("key", ["sobel_x", "emboss", "sharpen"])
def test_constant_border_matches_the_core_convolution(key):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 255, (12, 15)).astype(np.float32)
    k = preset(key).values
    for flip in (False, True):
        got = filter_image(img, k, flip=flip, border="constant").total
        want = conv2d(img, k, padding="same", flip=flip).output2d()
        np.testing.assert_allclose(got, want, atol=1e-3)


def test_flip_negates_an_antisymmetric_kernel(page):
    page.set_kernel_source("sobel_x")
    before = page.result.total.copy()
    page.view.flip.setChecked(True)
    np.testing.assert_allclose(page.result.total, -before, atol=1e-3)


def test_open_any_image_and_bad_files(page, tmp_path):
    img = np.zeros((40, 50, 3), np.uint8)
    img[:, 25:] = (0, 0, 255)  # red in BGR
    for ext in ("png", "jpg", "bmp"):
        p = tmp_path / f"half.{ext}"
        cv2.imwrite(str(p), img)
        assert page.open_image(p)
        assert page.image().shape == (40, 50, 3)
        assert page.view.result.shape() == (40, 50)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8 nope")
    assert not page.open_image(bad)
    assert page.view.image_error.isVisible()
    assert "not an image OpenCV can read" in page.view.image_error.text()
    assert page.image().shape == (40, 50, 3)  # the previous image stays


def test_lab_kernel_source(qtbot):
    kernel = np.array([[0.0, 1.0], [-1.0, 0.0]])
    page = FilterController(lab_kernel=lambda: kernel)
    qtbot.addWidget(page.view)
    page.set_kernel_source("lab")
    assert page.view.kernel_grid.texts() == [["0", "1"], ["-1", "0"]]
    assert page.result is not None


def test_colour_bar_marks_saturated_ends_and_the_heading_says_values(page):
    v = page.view
    page.set_kernel_source("laplacian")
    total = page.result.total
    lo, hi = v.result.levels()
    assert total.max() > hi and total.min() < lo      # the 99.5th percentile saturates
    left, right = v.result.legend_labels()
    assert left.startswith("≤ ") and right.startswith("≥ ")
    assert float(right[2:]) == pytest.approx(hi, rel=1e-2)
    assert v.result.title() == "Result (grayscale)"
    assert v.sum_label.text().startswith(f"Values {total.min():.4g} … {total.max():.4g}; colours saturate beyond")
    page.set_contrast("full")
    lo, hi = v.result.levels()
    assert hi == pytest.approx(float(np.abs(total).max()), rel=1e-6)
    left, right = v.result.legend_labels()
    assert not left.startswith("≤") and not right.startswith("≥")
    assert "saturate" not in v.sum_label.text() and "negative" in v.sum_label.text()


def test_higher_contrast_narrows_the_colour_range(page):
    page.set_kernel_source("laplacian")
    ranges = []
    for key in ("full", "normal", "high", "very_high"):
        page.set_contrast(key)
        ranges.append(page.view.result.levels()[1])
        assert page.session_state()["contrast"] == key
    assert ranges == sorted(ranges, reverse=True) and ranges[-1] < ranges[0] / 3
    assert ranges[2] == pytest.approx(ranges[1] / 3) and ranges[3] == pytest.approx(ranges[1] / 10)
    page.restore_session_state({"contrast": "high"})
    assert page.view.contrast.currentData() == "high"
    with pytest.raises(ValueError):
        page.restore_session_state({"contrast": "blinding"})


def test_border_combo_text_is_not_cut(page):
    combo = page.view.border
    fm = combo.fontMetrics()
    for i in range(combo.count()):
        assert fm.horizontalAdvance(combo.itemText(i)) < combo.width() - 20, combo.itemText(i)
        assert combo.itemData(i, 3)  # the long description is the tooltip (ToolTipRole)
    combo.setCurrentIndex(combo.findData("constant"))
    assert "zero" in page.view.border_help.text()
