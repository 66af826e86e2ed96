import pytest

from cnnviz.core.conv import conv2d
from cnnviz.core.geometry import GeometryError, compute_geometry, resolve_padding, same_padding_amounts


def test_same_padding_puts_extra_pixel_bottom_right():
    assert same_padding_amounts(4, 2, 1) == (0, 1)
    assert same_padding_amounts(5, 4, 1) == (1, 2)
    assert resolve_padding("same", (4, 4), (2, 2)) == (0, 1, 0, 1)


def test_explicit_paddings():
    assert resolve_padding(2, (4, 4), (3, 3)) == (2, 2, 2, 2)
    assert resolve_padding((1, 2), (4, 4), (3, 3)) == (1, 1, 2, 2)
    assert resolve_padding((0, 1, 2, 3), (4, 4), (3, 3)) == (0, 1, 2, 3)
    with pytest.raises(GeometryError, match="negative"):
        resolve_padding(-1, (4, 4), (3, 3))
    with pytest.raises(GeometryError, match="'valid', 'same'"):
        resolve_padding("wide", (4, 4), (3, 3))


def test_stride_that_does_not_divide_is_explained():
    g = compute_geometry((7, 7), (3, 3), "valid", 3)
    assert g.out_shape == (2, 2)
    assert any("4 / 3 is not a whole number" in n for n in g.notes())
    assert compute_geometry((7, 7), (3, 3), "valid", 2).notes() == []


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(in_hw=(4, 4), kernel_hw=(5, 5)), ["kernel height 5", "4 + 0 = 4"]),
        (dict(in_hw=(4, 4), kernel_hw=(3, 3), stride=0), ["stride", "positive", "0"]),
        (dict(in_hw=(4, 4), kernel_hw=(3, 3), stride=-2), ["stride", "-2"]),
        (dict(in_hw=(5, 5), kernel_hw=(3, 3), dilation=3), ["dilation 3", "span 7"]),
        (dict(in_hw=(0, 4), kernel_hw=(1, 1)), ["0×4"]),
    ],
)
def test_impossible_settings_name_the_values(kwargs, words):
    with pytest.raises(GeometryError) as info:
        compute_geometry(**kwargs)
    for w in words:
        assert w in str(info.value)


def test_conv_raises_geometry_error_not_numpy_error():
    with pytest.raises(GeometryError):
        conv2d([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
