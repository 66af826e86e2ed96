"""Property-based tests of `cnnviz conv` and `cnnviz pool`: on random matrices (negative,
huge, non-square, long, typed with any mix of separators) and random settings, the
command prints exactly what Keras's Conv2D / MaxPooling2D / AveragePooling2D layers
compute, or refuses with exit status 2 and one line. Random text of any kind never
produces a traceback.

Exactness: every value is a small integer times a power of two shared by its matrix, so
every sum of products is exact in float64 in any order; the command and Keras must then
agree to the last bit. The command refuses when the sum of the products' sizes passes
the largest float64 (then some order of adding overflows), which is checked here with
Keras on |input| and |kernel|.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import subprocess
import sys
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
keras = pytest.importorskip("keras")

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cnnviz.cli.main import main  # noqa: E402



def fast(examples: int) -> settings:
    """Few examples, the same ones every run (2-core CI), no example database on disk."""
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ROW_SEPARATORS = [";", "\n", " ; ", ";\n", "\r\n", "\n\n"]
VALUE_SEPARATORS = [",", " ", "\t", ", ", " ,\t", "  "]


@st.composite
def matrices(draw, max_rows: int = 12, max_cols: int = 12, min_side: int = 1) -> np.ndarray:
    """A float64 matrix of small integers times one power of two (1, tiny or huge)."""
    rows = draw(st.integers(min_side, max_rows))
    cols = draw(st.integers(min_side, max_cols))
    bound = draw(st.sampled_from([1, 9, 1000, 2**20]))
    ints = draw(st.lists(st.integers(-bound, bound), min_size=rows * cols, max_size=rows * cols))
    # Values reach 2**1023: products overflow often, sums of a pooling window sometimes.
    exponent = draw(st.one_of(st.just(0), st.integers(-60, 60), st.integers(480, 1003), st.integers(996, 1003)))
    return np.array(ints, dtype=np.float64).reshape(rows, cols) * 2.0**exponent


@st.composite
def typed(draw, m: np.ndarray) -> str:
    """``m`` as a user might type it: any separators, optional brackets and blanks."""
    row_sep = draw(st.sampled_from(ROW_SEPARATORS))
    value_sep = draw(st.sampled_from(VALUE_SEPARATORS))
    text = row_sep.join(value_sep.join(_number(v) for v in row) for row in m)
    if draw(st.booleans()):
        text = f"[{text}]"
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " ", ";", "\n"]))


def _number(v: float) -> str:
    text = repr(float(v))  # shortest text that reads back to the same float
    return text[:-2] if text.endswith(".0") else text


def pair_text(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"


pairs = st.tuples(st.integers(1, 3), st.integers(1, 3)) | st.integers(1, 3).map(lambda v: (v, v))
paddings = st.one_of(
    st.sampled_from(["valid", "same"]),
    st.integers(0, 3).map(lambda p: (p, p, p, p)),
    st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda rc: (rc[0], rc[0], rc[1], rc[1])),
    st.tuples(*[st.integers(0, 3)] * 4),
)


def padding_text(p) -> str:
    if isinstance(p, str):
        return p
    t, b, l, r = p
    if t == b == l == r:
        return str(t)
    if (t, l) == (b, r):
        return f"{t},{l}"
    return f"{t},{b},{l},{r}"


def same_pads(size: int, k: int, s: int, d: int = 1) -> tuple[int, int]:
    """TensorFlow's documented "SAME" padding along one axis (extra pixel after)."""
    total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
    return total // 2, total - total // 2


# ---------------------------------------------------------------------------------------
# Running the command


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning fails the example
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
    return int(code), out.getvalue(), err.getvalue()


def run_subprocess(argv: list[str]) -> tuple[int, str, str]:
    r = subprocess.run([sys.executable, "-m", "cnnviz", *argv], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def assert_outcome(result: tuple[int, str, str], command: str, expected: np.ndarray | None) -> None:
    """``expected`` None: a refusal (exit 2, one line); else an exact match."""
    code, out, err = result
    event("refused" if expected is None else "matched Keras")
    if expected is None:
        assert code == 2, (out, err)
        assert out == ""
        assert len(err.splitlines()) == 1 and err.startswith(f"cnnviz {command}: error: "), err
        return
    assert code == 0, err
    assert err == ""
    got = np.array(json.loads(out)["output"], dtype=np.float64)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


# ---------------------------------------------------------------------------------------
# Keras references (layers built once per configuration, weights set per example)


@functools.lru_cache(maxsize=None)
def conv_layer(kernel_hw, strides, padding, dilation, relu):
    layer = keras.layers.Conv2D(1, kernel_hw, strides=strides, padding=padding, dilation_rate=dilation,
                                use_bias=False, activation="relu" if relu else None, dtype="float64")
    layer.build((None, None, None, 1))
    return layer


@functools.lru_cache(maxsize=None)
def pad_layer(pads):
    t, b, l, r = pads
    return keras.layers.ZeroPadding2D(((t, b), (l, r)), dtype="float64")


@functools.lru_cache(maxsize=None)
def pool_layer(kind, size, strides, padding):
    cls = keras.layers.MaxPooling2D if kind == "max" else keras.layers.AveragePooling2D
    return cls(pool_size=size, strides=strides, padding=padding, dtype="float64")


def keras_conv(x, k, padding, stride, dilation, relu=False) -> np.ndarray:
    if stride == (1, 1) or dilation == (1, 1):
        mode = padding if isinstance(padding, str) else "valid"
        pads = (0, 0, 0, 0) if isinstance(padding, str) else padding
        strides, step = stride, (1, 1)
    else:  # TensorFlow refuses strides > 1 together with dilation > 1: stride 1, then every s-th
        mode = "valid"
        pads = (*same_pads(x.shape[0], k.shape[0], stride[0], dilation[0]),
                *same_pads(x.shape[1], k.shape[1], stride[1], dilation[1])) if padding == "same" else (
            (0, 0, 0, 0) if padding == "valid" else padding)
        strides, step = (1, 1), stride
    t = x[None, :, :, None]
    if any(pads):
        t = pad_layer(pads)(t)
    layer = conv_layer(k.shape, strides, mode, dilation, relu)
    layer.set_weights([k[:, :, None, None]])
    y = np.asarray(layer(t))[0, :, :, 0]
    return y[:: step[0], :: step[1]]


def fits(size: int, pads: int, k: int, d: int = 1) -> bool:
    return size + pads >= d * (k - 1) + 1


# ---------------------------------------------------------------------------------------
# conv


@st.composite
def conv_cases(draw):
    x = draw(matrices())
    k = draw(matrices(max_rows=5, max_cols=5))
    return (x, k, draw(typed(x)), draw(typed(k)), draw(paddings), draw(pairs), draw(pairs),
            draw(st.booleans()), draw(st.booleans()))


def conv_expected(x, k, padding, stride, dilation, relu, flip) -> np.ndarray | None:
    applied = k[::-1, ::-1] if flip else k
    if not isinstance(padding, str):
        t, b, l, r = padding
        if not (fits(x.shape[0], t + b, k.shape[0], dilation[0]) and fits(x.shape[1], l + r, k.shape[1], dilation[1])):
            return None
    elif padding == "valid" and not (fits(x.shape[0], 0, k.shape[0], dilation[0])
                                     and fits(x.shape[1], 0, k.shape[1], dilation[1])):
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        bound = keras_conv(np.abs(x), np.abs(applied), padding, stride, dilation)
    if not np.all(np.isfinite(bound)):
        return None
    return keras_conv(x, applied, padding, stride, dilation, relu)


def conv_argv(x_text, k_text, padding, stride, dilation, relu, flip) -> list[str]:
    argv = ["conv", x_text, k_text, "--padding", padding_text(padding), "--stride", pair_text(stride),
            "--dilation", pair_text(dilation), "--json"]
    return argv + (["--relu"] if relu else []) + (["--flip"] if flip else [])


@fast(60)
@given(conv_cases())
def test_conv_matches_keras_or_refuses_in_one_line(case):
    x, k, x_text, k_text, padding, stride, dilation, relu, flip = case
    expected = conv_expected(x, k, padding, stride, dilation, relu, flip)
    assert_outcome(run_in_process(conv_argv(x_text, k_text, padding, stride, dilation, relu, flip)),
                   "conv", expected)


@fast(4)
@given(conv_cases())
def test_conv_command_as_a_user_runs_it(case):
    x, k, x_text, k_text, padding, stride, dilation, relu, flip = case
    expected = conv_expected(x, k, padding, stride, dilation, relu, flip)
    assert_outcome(run_subprocess(conv_argv(x_text, k_text, padding, stride, dilation, relu, flip)),
                   "conv", expected)


# ---------------------------------------------------------------------------------------
# pool


@st.composite
def pool_cases(draw):
    x = draw(matrices())
    size = draw(st.tuples(st.integers(1, 5), st.integers(1, 5)))
    stride = draw(st.none() | pairs)
    return (x, draw(typed(x)), size, stride, draw(st.sampled_from(["valid", "same"])),
            draw(st.sampled_from(["max", "avg", "min"])))


def pool_expected(x, size, stride, padding, mode) -> np.ndarray | None:
    if padding == "valid" and (x.shape[0] < size[0] or x.shape[1] < size[1]):
        return None
    strides = stride or size

    def pool(kind, a):
        return np.asarray(pool_layer(kind, size, strides, padding)(a[None, :, :, None]))[0, :, :, 0]

    if mode == "avg":
        with np.errstate(over="ignore", invalid="ignore"):
            if not np.all(np.isfinite(pool("avg", np.abs(x)))):
                return None
        return pool("avg", x)
    return pool("max", x) if mode == "max" else -pool("max", -x)


def pool_argv(x_text, size, stride, padding, mode) -> list[str]:
    argv = ["pool", x_text, "--size", pair_text(size), "--padding", padding, "--mode", mode, "--json"]
    return argv + (["--stride", pair_text(stride)] if stride else [])


@fast(60)
@given(pool_cases())
def test_pool_matches_keras_or_refuses_in_one_line(case):
    x, x_text, size, stride, padding, mode = case
    assert_outcome(run_in_process(pool_argv(x_text, size, stride, padding, mode)), "pool",
                   pool_expected(x, size, stride, padding, mode))


@fast(4)
@given(pool_cases())
def test_pool_command_as_a_user_runs_it(case):
    x, x_text, size, stride, padding, mode = case
    assert_outcome(run_subprocess(pool_argv(x_text, size, stride, padding, mode)), "pool",
                   pool_expected(x, size, stride, padding, mode))


# ---------------------------------------------------------------------------------------
# Any text at all


options = st.sampled_from([[], ["--padding", "same"], ["--stride", "2"], ["--steps"]])


@fast(150)
@given(st.sampled_from(["conv", "pool"]),
       st.lists(st.text(min_size=0, max_size=300) | st.text("-0123456789.,; \t\ne/[]", max_size=400),
                min_size=1, max_size=3),
       options)
def test_any_text_gives_a_result_or_one_line_never_a_traceback(command, texts, opts):
    code, out, err = run_in_process([command, *texts, *opts])
    if code == 0:
        assert err == "" or err.startswith("note: ")
        assert out
    else:
        assert code == 2, err
        assert out == ""
        assert len(err.splitlines()) == 1 and err.startswith(f"cnnviz {command}: error: "), err
