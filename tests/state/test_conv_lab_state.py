"""The Convolution Lab's Qt-free problem checks (cnnviz/state/conv_lab.py)."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.conv import ConvInputError
from cnnviz.state.conv_lab import MAX_INPUT_SIDE, check_saved_lab, lab_input, problem_arrays


def test_lab_input_adds_a_channel_and_rejects_bad_input():
    assert lab_input([[1, 2], [3, 4]]).shape == (2, 2, 1)
    with pytest.raises(ConvInputError, match="not finite"):
        lab_input([[1, np.nan]])
    with pytest.raises(ConvInputError, match=f"up to {MAX_INPUT_SIDE}"):
        lab_input(np.zeros((MAX_INPUT_SIDE + 1, 3)))
    with pytest.raises(ConvInputError, match="got shape"):
        lab_input(np.zeros(5))


def test_problem_arrays_squeeze_a_conv2d_filter_and_check_channels():
    x, k = problem_arrays(np.ones((6, 6, 1)), np.ones((3, 3, 1, 1)))
    assert x.shape == (6, 6) and k.shape == (3, 3)
    x, k = problem_arrays(np.ones((6, 6, 2)), np.ones((3, 3, 2, 1)))
    assert x.shape == (6, 6, 2) and k.shape == (3, 3, 2)
    with pytest.raises(ConvInputError, match="kernel has 2 channels but the input has 1"):
        problem_arrays(np.ones((6, 6)), np.ones((3, 3, 2)))


def test_saved_lab_is_checked_before_use():
    ok = check_saved_lab({"input": [[1, 2], [3, 4]], "kernel": [[1]], "padding": [1, 1, 0, 0],
                          "activation": "relu"})
    assert ok.input.shape == (2, 2, 1) and ok.kernel.shape == (1, 1, 1)
    assert ok.padding == (1, 1, 0, 0) and ok.activation == "relu"
    with pytest.raises(TypeError):
        check_saved_lab([1, 2])
    with pytest.raises(ValueError, match="unknown activation"):
        check_saved_lab({"input": [[1]], "kernel": [[1]], "activation": "tanh"})
    with pytest.raises(ValueError, match="not finite"):
        check_saved_lab({"input": [[np.inf]], "kernel": [[1]]})
    with pytest.raises(KeyError):
        check_saved_lab({"input": [[1]]})


def test_state_computes_a_result_or_keeps_the_reason():
    from cnnviz.core.conv import conv2d
    from cnnviz.state.conv_lab import ConvLabState

    st = ConvLabState()
    x = np.arange(16, dtype=float).reshape(4, 4)
    st.set_input(x, "ramp")
    assert st.input.shape == (4, 4, 1) and st.input_name == "ramp"
    settings = {"padding": "valid", "stride": (1, 1), "dilation": (1, 1), "bias": 0.5, "activation": "none",
                "flip": False}
    k = np.array([[1.0, -1.0], [0.0, 2.0]])
    res = st.compute(k, settings)
    np.testing.assert_allclose(res.output2d(), conv2d(x, k, bias=0.5).output2d())
    assert st.result is res and st.error == ""
    assert st.compute(np.ones((5, 5)), settings) is None  # a 5×5 kernel does not fit a 4×4 input
    assert st.result is None and "5" in st.error
    np.testing.assert_array_equal(st.input_2d_or_3d(), x)


def test_exact_bias_is_used_only_while_the_box_shows_it():
    from cnnviz.state.conv_lab import ConvLabState

    st = ConvLabState()
    assert st.bias(0.25, shows_exact=True) == 0.25       # no exact bias given
    st.exact_bias = 0.123456789
    assert st.bias(0.1235, shows_exact=True) == 0.123456789
    assert st.bias(2.0, shows_exact=False) == 2.0         # the user typed another one
