"""Numbers too large for float64 and arrays too large for memory are refused with a
message (the labs and the command line show it), never turned into silent ∞ or numpy
RuntimeWarnings."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cnnviz.core.conv import ConvInputError, conv2d
from cnnviz.core.geometry import MAX_CELLS, GeometryError
from cnnviz.core.matrices import parse_matrix
from cnnviz.core.numbers import fmt
from cnnviz.core.pooling import pool2d

BIG = 1e308


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="warn"):
            yield


@pytest.mark.parametrize("x, k, bias", [
    ([[BIG, BIG], [BIG, BIG]], [[1, 0], [0, 1]], 0.0),   # the example: 2e308
    ([[BIG, -BIG]], [[1, 1]], 0.0),                        # cancels only in one order
    ([[1e200]], [[1e200]], 0.0),                           # one product overflows
    ([[BIG]], [[1]], BIG),                                 # the bias tips it over
])
def test_conv_refuses_multiply_adds_that_overflow(x, k, bias):
    with pytest.raises(ConvInputError, match=r"too large: at output row 0, column 0 .* 1\.8e\+308"):
        conv2d(np.array(x, float), np.array(k, float), bias=bias)


def test_overflow_is_found_where_it_happens():
    x = np.ones((3, 4))
    x[2, 3] = BIG
    with pytest.raises(ConvInputError, match="row 1, column 2"):
        conv2d(x, np.full((2, 2), 4.0))


def test_large_but_representable_results_are_exact():
    r = conv2d(np.array([[1e300, -1e300, 3.0]]), np.array([[1.0, 1.0]]))
    np.testing.assert_array_equal(r.output2d(), [[0.0, -1e300 + 3.0]])
    assert r.step(0).formula().endswith("= 0")
    # Values near the limit whose products stay finite: no false refusal.
    r = conv2d(np.array([[BIG / 4, BIG / 4]]), np.array([[1.0, 1.0]]))
    assert r.output2d()[0, 0] == BIG / 2


def test_non_finite_bias_is_refused():
    with pytest.raises(ConvInputError, match="bias is not a finite number"):
        conv2d(np.ones((2, 2)), np.ones((1, 1)), bias=np.inf)


def test_average_pooling_refuses_sums_that_overflow_but_max_and_min_do_not_add():
    x = np.array([[BIG, BIG], [1.0, 2.0]])
    with pytest.raises(GeometryError, match="too large: at output row 0, column 0 the sum for the average"):
        pool2d(x, size=(1, 2), mode="avg")
    assert pool2d(x, size=(1, 2), mode="max").output2d().tolist() == [[BIG], [2.0]]
    assert pool2d(x, size=(1, 2), mode="min").output2d().tolist() == [[BIG], [1.0]]
    assert pool2d(np.array([[BIG / 2, BIG / 2]]), size=(1, 2), mode="avg").output2d()[0, 0] == BIG / 2


def test_typed_values_beyond_float64_are_not_numbers():
    from cnnviz.core.matrices import MatrixParseError

    for text in ("1e309", "1,-1e400", "1/1e-320", "nan", "1;inf"):
        with pytest.raises(MatrixParseError, match="not a finite number|not a number"):
            parse_matrix(text)


def test_padding_that_would_need_gigabytes_is_refused():
    with pytest.raises(GeometryError, match=r"padded input would be 2000000001×2000000002"):
        conv2d(np.ones((1, 2)), np.ones((1, 1)), padding=1_000_000_000)
    side = int(MAX_CELLS ** 0.5)
    conv2d(np.ones((1, 1)), np.ones((1, 1)), padding=(side - 1) // 2)  # just inside the limit


def test_pooling_windows_that_would_need_gigabytes_are_refused():
    x = np.zeros((1200, 1200))
    with pytest.raises(GeometryError, match="windows of 600×600 cells"):
        pool2d(x, size=600, stride=1)
    assert pool2d(x, size=600).output2d().shape == (2, 2)


def test_huge_values_print_in_short_form():
    assert fmt(BIG) == "1e+308" and fmt(-2.5e20) == "-2.5e+20"
    assert fmt(123456789) == "123456789"
