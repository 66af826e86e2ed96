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


SOBEL_X = "-1,0,1;-2,0,2;-1,0,1"


def test_sobel_kernel_starting_with_minus_on_an_image_file(tmp_path):
    """The course's edge-detection kernels start with a negative number: they are values,
    not options, as INPUT or KERNEL, before or after options."""
    import cv2

    img = np.zeros((6, 8), np.uint8)
    img[:, 4:] = 200  # a vertical edge between columns 3 and 4
    path = tmp_path / "edge.png"
    cv2.imwrite(str(path), img)
    expected = [[0.0, 0.0, 800.0, 800.0, 0.0, 0.0]] * 4
    for argv in (("conv", str(path), SOBEL_X, "--json"),
                 ("conv", "--json", str(path), SOBEL_X),
                 ("conv", str(path), "--padding", "0", SOBEL_X, "--json")):
        r = cnnviz(*argv)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["output"] == expected


def test_inline_matrices_starting_with_minus_and_options_still_work():
    r = cnnviz("conv", "-3,1;1,-3", "-1,1", "--padding", "1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["output"] == [[0, 0, 0], [-3, 4, -1], [1, -4, 3], [0, 0, 0]]
    r = cnnviz("conv", "-1", "-2", "--bias", "-1e-1", "--json")
    assert json.loads(r.stdout)["output"] == [[1.9]]
    r = cnnviz("conv", "-.5,-1;2,3", "-1", "--json")
    assert json.loads(r.stdout)["output"] == [[0.5, 1.0], [-2.0, -3.0]]
    r = cnnviz("pool", "-1,-2;-3,-4", "--mode", "min", "--json")
    assert json.loads(r.stdout)["output"] == [[-4.0]]
    r = cnnviz("conv", "--relu", "-1", "-2", "--json")  # a flag, then two values
    assert json.loads(r.stdout)["output"] == [[2.0]]
    r = cnnviz("pool", "-1,2;3,4", "--padding", "-1")  # an option's value, shown as typed
    assert _one_line_error(r, "pool") == ("cnnviz pool: error: argument --padding: invalid choice: '-1' "
                                          "(choose from 'valid', 'same')")
    r = cnnviz("conv", "-h")
    assert r.returncode == 0 and r.stdout.startswith("usage: cnnviz conv")
    r = cnnviz("pool", "--json", "--", "-1,-2;-3,-4")  # the explicit "--" still works
    assert r.returncode == 0, r.stderr


def test_long_inline_matrices_are_matrices_not_file_names():
    """An 11×10 inline matrix is longer than a file name may be (OSError ENAMETOOLONG)."""
    rows = [[(r * 10 + c) % 7 - 3 for c in range(10)] for r in range(11)]
    text = ";".join(",".join(str(v) for v in row) for row in rows)
    assert len(text) > 255
    r = cnnviz("conv", text, "1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["output"] == np.array(rows, float).tolist()
    r = cnnviz("pool", text, "--size", "1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["output"] == np.array(rows, float).tolist()


def _one_line_error(r: subprocess.CompletedProcess, command: str = "conv") -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cnnviz {command}: error: "), r.stderr
    return lines[0]


@pytest.mark.parametrize("args, message", [
    (("conv", "", "1"), "INPUT: the matrix is empty"),
    (("conv", "1", " ;; "), "KERNEL: the matrix is empty"),
    (("conv", "1," * 3000 + "x", "1"), "INPUT: row 1, column 3001: 'x' is not a number"),
    (("conv", "1\n2,3", "1"), "INPUT: every row needs the same number of values; the rows have 1, 2"),
    (("conv", "nan,1", "1"), "'nan' is not a finite number"),
    (("conv", "-inf", "1"), "'-inf' is not a finite number"),
    (("conv", "1", "1e999"), "KERNEL: row 1, column 1: '1e999' is not a finite number"),
    (("conv", "1,1/0", "1"), "'1/0' is not a number"),
    (("conv", "1e308,1e308;1e308,1e308", "1,0;0,1"), "the numbers are too large"),
    (("pool", "1e308,1e308", "--size", "1,2", "--mode", "avg"), "the numbers are too large"),
    (("conv", "1,2", "1", "--padding", "1000000000"), "the padded input would be"),
    (("conv", "1,2", "1", "--padding", "9" * 5000), "--padding must be valid, same"),
    (("conv", "no/such/dir/x.csv", "1"), "INPUT: 'no/such/dir/x.csv': no such file"),
    (("conv", "a/b\n\x1b[31mc", "1"), "INPUT: row 1, column 1: 'a/b' is not a number"),
    (("pool", "/dev/null"), "INPUT: '/dev/null' is not a regular file"),
    (("pool", "1", "--bogus", "-1"), "unrecognized arguments: --bogus"),
])
def test_bad_input_of_any_kind_is_one_line_with_exit_2(args, message):
    line = _one_line_error(cnnviz(*args), args[0])
    assert message in line
    assert len(line) < 400


def test_undecodable_bytes_folders_and_unreadable_files_are_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "cnnviz", "conv", b"\xff\xfe,1", "1"], capture_output=True,
                       timeout=60)
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.splitlines() == [b"cnnviz conv: error: INPUT: row 1, column 1: '\\udcff\\udcfe' is not a number"]
    assert _one_line_error(cnnviz("conv", str(tmp_path), "1")).endswith("is a folder")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(b"1,2\n3,\xe94\n")
    assert "is not UTF-8 text" in _one_line_error(cnnviz("conv", "1", str(latin)))
    blank = tmp_path / "blank.csv"
    blank.write_text("# only a comment\n\n")
    assert "the matrix is empty" in _one_line_error(cnnviz("pool", str(blank)), "pool")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    assert "not an image OpenCV can read" in _one_line_error(cnnviz("pool", str(broken)), "pool")
    import os

    if os.geteuid() != 0:  # root reads everything
        locked = tmp_path / "locked.csv"
        locked.write_text("1,2")
        locked.chmod(0)
        assert "Permission denied" in _one_line_error(cnnviz("conv", str(locked), "1"))


def test_text_that_cannot_be_a_path_is_read_as_a_matrix_in_process(capsys):
    from cnnviz.cli.main import main

    assert main(["conv", "1\x00,2", "1"]) == 2
    err = capsys.readouterr().err
    assert err == "cnnviz conv: error: INPUT: row 1, column 1: '1\\x00' is not a number\n"
