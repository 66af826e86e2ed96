"""`python -m cnnviz conv|pool` as a user runs them: exact seed outputs, JSON, errors."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from cnnviz.core import examples
from cnnviz.core.matrices import format_matrix

MASK = "1,0,1,0;0,1,1,0;0,0,1,1;0,0,1,0"
IN4 = "1,2,3,0;0,1,2,3;3,0,1,2;2,3,0,1"
F3 = "2,0,1;0,1,2;1,0,2"


def cnnviz(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnnviz", *args], capture_output=True, text=True, timeout=60)


def test_conv_mask_with_steps():
    r = cnnviz("conv", MASK, "1,0;0,1", "--steps")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "output 3×3   o = ⌊(4 + 2·0 − 1·(2−1) − 1) / 1⌋ + 1 = ⌊2 / 1⌋ + 1 = 3"
    assert lines[1] == "[0,0] (1×1)+(0×0)+(0×0)+(1×1) = 2"
    assert len([ln for ln in lines if ln.startswith("[")]) == 9
    assert lines[-3:] == ["2 1 1", "0 2 2", "0 1 1"]


def test_conv_json_padding_one():
    r = cnnviz("conv", IN4, F3, "--padding", "1", "--json", "--steps")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"output", "output_shape", "formula", "steps"}
    assert out["output"] == examples.CONV_BY_KEY["filter_3x3_pad1"].expected.tolist()
    assert out["output_shape"] == [4, 4]
    assert out["formula"].endswith("= 4")
    assert len(out["steps"]) == 16 and out["steps"][0].endswith("= 7")


def test_conv_stride_two_on_seven(tmp_path):
    csv = tmp_path / "in7.csv"
    csv.write_text("\n".join(",".join(str(int(v)) for v in row) for row in examples.INPUT_7X7))
    r = cnnviz("conv", str(csv), F3, "--stride", "2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1:] == ["15 17 15", "17 15 17", "15 17 15"]
    r3 = cnnviz("conv", str(csv), F3, "--stride", "3", "--json")
    out = json.loads(r3.stdout)
    assert out["output_shape"] == [2, 2]
    assert any("not a whole number" in n for n in out["notes"])


def test_conv_flip_bias_relu_dilation():
    r = cnnviz("conv", "1,2;3,4", "1,0;0,0", "--flip", "--json")
    assert json.loads(r.stdout)["output"] == [[4.0]]
    r = cnnviz("conv", "1,2;3,4", "-1", "--bias", "2", "--relu", "--json", "--steps")
    out = json.loads(r.stdout)
    assert out["output"] == [[1.0, 0.0], [0.0, 0.0]]
    assert out["steps"][1] == "(2×(-1)) + 2 = 0; ReLU(0) = 0"
    r = cnnviz("conv", "1,2,3;4,5,6;7,8,9", "1,1;1,1", "--dilation", "2", "--json")
    assert json.loads(r.stdout)["output"] == [[20.0]]


def test_conv_image_input_is_shrunk_with_a_note(tmp_path):
    import cv2

    img = np.full((100, 200), 255, np.uint8)
    path = tmp_path / "white.png"
    cv2.imwrite(str(path), img)
    r = cnnviz("conv", str(path), "1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["output_shape"] == [32, 64]
    assert "shrunk to 64×32" in r.stderr


def test_pool_seed_examples_with_winners():
    for e in examples.POOL_EXAMPLES:
        r = cnnviz("pool", format_matrix(e.input), "--json", "--steps")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["output"] == e.expected.tolist()
        assert out["output_shape"] == [2, 2]
        assert len(out["winners"]) == 4
        assert [e.input[r_][c] for r_, c in out["winners"]] == e.expected.ravel().tolist()
    r = cnnviz("pool", format_matrix(examples.POOL_EXAMPLES[0].input), "--mode", "avg")
    assert r.stdout.splitlines()[1:] == ["1.25 0.75", "0.25    2"]


@pytest.mark.parametrize("args, message", [
    (("conv", "1,2;3,4", "1,2,3;4,5,6;7,8,9"), "the kernel height 3 is larger than the padded input"),
    (("conv", "1,a;3,4", "1"), "INPUT: row 1, column 2: 'a' is not a number"),
    (("conv", "1,2;3,4", "1;2,3"), "KERNEL: every row needs the same number of values"),
    (("conv", "1,2;3,4", "1", "--stride", "0"), "stride must be a positive integer, got 0"),
    (("conv", "1,2;3,4", "1", "--padding", "foo"), "--padding must be valid, same"),
    (("conv", "1,2;3,4", "1", "--bias", "nan"), "--bias must be a finite number"),
    (("conv", "missing.csv", "1"), "INPUT: 'missing.csv': no such file"),
    (("conv", "1,2;3,4", "1,1,1,1,1,1,1,1"), "kernel size must be between 1×1 and 7×7"),
    (("conv", "1,2;3,4", "1", "--dilation", "1,2,3"), "--dilation must be an integer or 'R,C'"),
    (("pool", "1,0;0,4", "--size", "3"), "the pool window height 3 is larger"),
    (("pool", "1,0;0,4", "--stride", "0"), "stride must be a positive integer"),
    (("pool", "1,0;0,4", "--mode", "median"), "invalid choice: 'median'"),
])
def test_errors_are_one_line_and_exit_2(args, message):
    r = cnnviz(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert message in lines[0]
    assert "Traceback" not in r.stderr
