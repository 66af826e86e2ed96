"""The Pooling Lab's Qt-free state (cnnviz/state/pool_lab.py)."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.pooling import pool2d
from cnnviz.state.pool_lab import PoolLabState, check_saved_pool, pool_input

X = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]], dtype=float)


def test_both_results_winners_and_levels():
    st = PoolLabState(X)
    assert st.compute(2, None, "valid", "max", "avg")
    np.testing.assert_array_equal(st.left.output2d(), pool2d(X, 2, None, "valid", "max").output2d())
    np.testing.assert_array_equal(st.right.output2d(), pool2d(X, 2, None, "valid", "avg").output2d())
    assert st.left.output2d().tolist() == [[5, 8], [9, 7]]
    assert len(st.winners) == 1                      # only max chooses a cell
    assert st.winners_up_to(0) == [(0, 1)]
    assert st.winners_up_to(3) == [(0, 1), (1, 2), (3, 0), (2, 3)]
    assert st.levels() == ((0.0, 9.0), False)


def test_settings_that_do_not_fit_keep_the_reason():
    st = PoolLabState(X)
    assert not st.compute(5, None, "valid", "max", "min")
    assert st.left is None and st.right is None and st.error and st.winners == []


def test_signed_input_gets_symmetric_levels():
    st = PoolLabState(-X)
    assert st.levels() == ((-9.0, 9.0), True)


def test_inputs_and_saved_states_are_checked():
    assert pool_input(np.ones((3, 3, 1))).shape == (3, 3)
    assert pool_input(np.ones((3, 3, 2))) is None and pool_input(np.ones((65, 2))) is None
    with pytest.raises(ValueError, match="2-D input"):
        PoolLabState(np.ones(4))
    assert check_saved_pool({"input": X.tolist(), "left": "min", "padding": "same"}).shape == (4, 4)
    with pytest.raises(ValueError, match="unknown mode"):
        check_saved_pool({"input": X.tolist(), "right": "median"})
    with pytest.raises(ValueError, match="unknown padding"):
        check_saved_pool({"input": X.tolist(), "padding": "full"})
    with pytest.raises(ValueError, match="unusable input"):
        check_saved_pool({"input": [[np.nan]]})
    with pytest.raises(TypeError):
        check_saved_pool("x")
