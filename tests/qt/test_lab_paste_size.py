"""Issue 17: a 200×200 matrix pasted into a lab is not cut at Qt's 32,767-character
default, and the message is about its size ("up to 64×64"), not ragged rows."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.app.lab_controller import ConvLabController
from cnnviz.app.pooling_controller import PoolLabController
from cnnviz.core.matrices import MatrixParseError, parse_matrix


def big_matrix_text(n: int) -> str:
    return ";".join(",".join(str((r * n + c) % 97) for c in range(n)) for r in range(n))


@pytest.mark.parametrize("make", [ConvLabController, PoolLabController])
def test_pasting_a_200_by_200_matrix_says_up_to_64_by_64(show_controller, qtbot, make):
    lab = show_controller(make(), 1400, 900)
    edit = lab.view.input_text
    text = big_matrix_text(200)
    assert len(text) > 32_767
    edit.insert(text)  # what a paste does: it obeys the line edit's maximum length
    assert edit.text() == text
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    message = lab.view.input_error.text()
    assert lab.view.input_error.isVisible()
    assert "up to 64×64" in message and "200 rows" in message
    assert "same number of values" not in message


@pytest.mark.parametrize("make", [ConvLabController, PoolLabController])
def test_a_64_by_64_paste_is_accepted(show_controller, qtbot, make):
    lab = show_controller(make(), 1400, 900)
    edit = lab.view.input_text
    edit.insert(big_matrix_text(64))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not lab.view.input_error.isVisible()


def test_parse_matrix_checks_the_shape_before_the_row_lengths():
    with pytest.raises(MatrixParseError, match=r"up to 64×64, got 70 rows and up to 3 values"):
        parse_matrix(";".join(["1,2,3", "1,2"] * 35), 64)
    with pytest.raises(MatrixParseError, match="same number of values"):
        parse_matrix("1,2,3;1,2", 64)
    np.testing.assert_array_equal(parse_matrix("1,2;3,4", 2), [[1, 2], [3, 4]])
