"""Typed matrices: what is read, and what is refused with a message instead of guessed."""
from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.matrices import MatrixParseError, parse_matrix


@pytest.mark.parametrize("text, expected", [
    ("1,0;0,1", [[1, 0], [0, 1]]),
    ("1 2\n3 4", [[1, 2], [3, 4]]),
    ("-1,0,1;-2,0,2", [[-1, 0, 1], [-2, 0, 2]]),
    ("[1, 2; 3, 4]", [[1, 2], [3, 4]]),
    ("1,2,;3,4,", [[1, 2], [3, 4]]),          # a trailing comma ends the row
])
def test_matrices_are_read(text, expected):
    np.testing.assert_array_equal(parse_matrix(text), np.array(expected, float))


@pytest.mark.parametrize("text, row", [("1,,2", 1), ("1,2;3, ,4", 2), ("5,6,7;8,9,1;2,,3", 3)])
def test_a_cell_left_out_between_commas_is_refused_not_skipped(text, row):
    """"1,,2" must not quietly become the row 1, 2 (which shifts every later column)."""
    with pytest.raises(MatrixParseError, match=f"row {row}: two commas with no value"):
        parse_matrix(text)
