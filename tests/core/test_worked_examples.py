"""The course's worked examples reproduce exactly."""
import numpy as np
import pytest

from cnnviz.core.conv import conv2d
from cnnviz.core.examples import CONV_EXAMPLES, POOL_EXAMPLES
from cnnviz.core.pooling import pool2d


@pytest.mark.parametrize("ex", CONV_EXAMPLES, ids=lambda e: e.key)
def test_conv_example(ex):
    r = conv2d(ex.input, ex.kernel, padding=ex.padding, stride=ex.stride)
    np.testing.assert_array_equal(r.output2d(), ex.expected)
    if ex.first_formula:
        assert r.step(0).formula() == ex.first_formula


def test_mask_example_first_step_and_formula():
    ex = CONV_EXAMPLES[0]
    r = conv2d(ex.input, ex.kernel)
    s = r.step(0)
    assert (s.rows, s.cols) == ((0, 1), (0, 1))
    assert s.formula() == "(1×1)+(0×0)+(0×0)+(1×1) = 2"
    assert r.geometry.formula().endswith("= 3")


def test_padding_1_formula_names_the_numbers():
    r = conv2d(CONV_EXAMPLES[1].input, CONV_EXAMPLES[1].kernel, padding=1)
    assert r.geometry.formula() == "o = ⌊(4 + 2·1 − 1·(3−1) − 1) / 1⌋ + 1 = ⌊3 / 1⌋ + 1 = 4"
    s = r.step(0)
    assert s.input_rows == (-1, 0, 1) and s.input_cols == (-1, 0, 1)  # padding cells are negative
    assert s.value == 7


@pytest.mark.parametrize("ex", POOL_EXAMPLES, ids=lambda e: e.key)
def test_pool_example(ex):
    r = pool2d(ex.input, ex.size, mode=ex.mode)
    np.testing.assert_array_equal(r.output2d(), ex.expected)


def test_max_pool_winners():
    r = pool2d(POOL_EXAMPLES[0].input, 2)
    assert [s.winner_input for s in r.steps()] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert r.step(0).formula() == "max(1, 0, 0, 4) = 4"
