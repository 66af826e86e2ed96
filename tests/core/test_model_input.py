"""One rule for "is this a digit model?" and one way to make the model input."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.augment import Transform
from cnnviz.core.model_input import choose_mode, is_digit_model, prepare_input
from cnnviz.core.preprocess import PreprocessError, preprocess_digit, to_model_input

DIGITS = [str(i) for i in range(10)]


def _ink() -> np.ndarray:
    ink = np.zeros((280, 280), np.uint8)
    ink[60:220, 120:160] = 255  # a "1"
    return ink


@pytest.mark.parametrize("shape, names, expected", [
    ((28, 28, 1), DIGITS, True),
    ((None, None, 1), [" 0", "1 ", "2", "3", "4", "5", "6", "7", "8", "9"], True),
    ((28, 28, 3), DIGITS, False),        # colour input
    ((28, 32, 1), DIGITS, False),        # not square
    ((28, 28, 1), list("ABCDEFGHIJ"), False),  # letters
    ((28, 28, 1), DIGITS[:9], False),
])
def test_one_rule_decides_digit_models(shape, names, expected):
    assert is_digit_model(shape, names) is expected
    assert choose_mode(shape, names) == ("digit" if expected else "fit")


def test_ink_for_a_digit_model_goes_through_the_mnist_pipeline_with_steps():
    p = prepare_input((28, 28, 1), DIGITS, ink=_ink())
    expected = preprocess_digit(_ink(), size=28)
    np.testing.assert_array_equal(p.x[:, :, 0], expected.image)
    assert [s.key for s in p.steps] == [s.key for s in expected.steps]
    assert p.x.shape == (28, 28, 1) and p.x.dtype == np.float32 and not p.empty


def test_ink_for_a_colour_model_is_the_digit_repeated_in_three_channels():
    p = prepare_input((32, 32, 3), ["cat", "dog"], ink=_ink())
    np.testing.assert_allclose(p.x, to_model_input(_ink(), (32, 32, 3), "digit"))
    assert p.x.shape == (32, 32, 3) and p.steps == ()


def test_a_picture_for_a_non_digit_model_is_fitted_not_cleaned():
    photo = np.full((40, 20), 200, np.uint8)
    p = prepare_input((28, 28, 1), list("ABCDEFGHIJ"), image=photo)
    np.testing.assert_allclose(p.x, to_model_input(photo, (28, 28, 1), "fit", is_ink=False))


def test_an_exact_sample_is_used_unchanged():
    sample = (np.arange(28 * 28) % 256).astype(np.uint8).reshape(28, 28)
    p = prepare_input((28, 28, 1), DIGITS, image=sample, exact=True)
    np.testing.assert_allclose(p.x[:, :, 0], sample / 255.0, atol=1e-7)
    assert p.steps == ()


def test_the_transform_is_applied_last_and_shown_as_a_step():
    plain = prepare_input((28, 28, 1), DIGITS, ink=_ink())
    moved = prepare_input((28, 28, 1), DIGITS, ink=_ink(), transform=Transform(dx=3))
    np.testing.assert_allclose(moved.x[:, 3:, 0], plain.x[:, :-3, 0], atol=1e-6)
    assert moved.steps[-1].key == "transformed"


@pytest.mark.parametrize("kwargs, message", [
    ({}, "either ink or an image"),
    ({"ink": np.zeros((5, 5)), "image": np.zeros((5, 5))}, "either ink or an image"),
    ({"ink": np.zeros((5, 5)), "mode": "zoom"}, "mode must be auto or one of"),
])
def test_bad_arguments_get_a_one_line_message(kwargs, message):
    with pytest.raises(PreprocessError, match=message):
        prepare_input((28, 28, 1), DIGITS, **kwargs)


def test_cnnviz_predict_prepares_a_file_as_the_live_view_does(tmp_path):
    import cv2

    from cnnviz.cli.predict import auto_mode
    from cnnviz.cli.predict import prepare_input as cli_prepare

    photo = np.full((90, 60, 3), 235, np.uint8)  # dark ink on light paper
    cv2.line(photo, (30, 10), (30, 80), (20, 20, 20), 7)
    path = tmp_path / "one.png"
    cv2.imwrite(str(path), photo)
    for shape, names in (((28, 28, 1), DIGITS), ((28, 28, 1), list("ABCDEFGHIJ")), ((32, 32, 3), DIGITS)):
        mode = auto_mode(shape, names)
        live = prepare_input(shape, names, image=photo)
        np.testing.assert_allclose(cli_prepare(str(path), shape, mode), live.x, atol=1e-6)


def test_the_input_range_maps_the_prepared_picture_and_leaves_exact_inputs_alone():
    from cnnviz.core.model_input import prepare_input

    rgb = np.zeros((40, 40, 3), np.uint8)
    rgb[:, :20] = 255
    plain = prepare_input((32, 32, 3), ["a", "b"], image=rgb, mode="stretch")
    tm = prepare_input((32, 32, 3), ["a", "b"], image=rgb, mode="stretch", input_range=(-1.0, 1.0))
    np.testing.assert_allclose(tm.x, -1.0 + 2.0 * plain.x, atol=1e-6)
    assert tm.x.min() == -1.0 and tm.x.max() == 1.0
    raw = prepare_input((32, 32, 3), ["a", "b"], image=rgb, mode="stretch", input_range=(0.0, 255.0))
    np.testing.assert_allclose(raw.x, 255.0 * plain.x, rtol=1e-6)
    sample = np.full((32, 32, 3), 0.25, np.float32)
    exact = prepare_input((32, 32, 3), ["a", "b"], image=sample, exact=True, input_range=(-1.0, 1.0))
    np.testing.assert_array_equal(exact.x, sample)
    with pytest.raises(PreprocessError, match="low < high"):
        prepare_input((32, 32, 3), ["a", "b"], image=rgb, input_range=(1.0, 1.0))
