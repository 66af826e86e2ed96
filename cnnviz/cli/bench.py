"""``cnnviz bench``: measure the app's real-time paths against its performance targets.

The benchmark harness is not part of the package: it lives in the top-level
``benchmarks/`` folder of a source checkout, beside this package's folder. This module
defines the command's options and runs ``benchmarks`` in a child process of the same
interpreter (nothing in :mod:`cnnviz` imports it); an installed package without a
checkout says so in one line and exits 2.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cnnviz import PACKAGE_DIR
from cnnviz.cli.errors import CliError

DESCRIPTION = (
    "Run the app offscreen on the bundled digit model and measure: pen stroke -> all "
    "feature maps and probabilities drawn (and the naive model.predict path for "
    "comparison), Convolution Lab step frames, cold start (launch -> window interactive, "
    "-> first prediction, TensorFlow import), resident memory after 100 and 10,000 "
    "strokes, and the longest UI-thread block. Prints a table with PASS/FAIL per target. "
    "Runs from a source checkout (its benchmarks/ folder)."
)


def _at_least(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"expected a number of at least {minimum}, got {n}")
        return n

    return parse


_positive = _at_least(1)
_count = _at_least(0)

# (flag, argparse keywords); the order is the order of --help and of the forwarded command.
OPTIONS: tuple[tuple[str, dict], ...] = (
    ("--json", dict(action="store_true", help="print one JSON object instead of the table")),
    ("--quick", dict(action="store_true",
                     help="a short run (few strokes, one cold start, no training); numbers are rough")),
    ("--strokes", dict(type=_positive, metavar="N", help="fast-path samples (default 400)")),
    ("--paced-strokes", dict(type=_count, metavar="N",
                             help="fast-path samples with the pen moving at a mouse's pace, one movement every "
                                  "8 ms, reported apart from the target (default 200; 0 skips them)")),
    ("--naive-strokes", dict(type=_positive, metavar="N", help="naive-path samples (default 60)")),
    ("--lab-frames", dict(type=_positive, metavar="N", help="Convolution Lab frames (default 200)")),
    ("--memory-strokes", dict(type=_positive, metavar="N",
                              help="pen movements in total for the second memory reading (default 10000)")),
    ("--no-cold-start", dict(action="store_true", help="skip the cold-start subprocesses")),
    ("--no-training", dict(action="store_true", help="skip watching the UI during a tiny training run")),
    ("--no-camera", dict(action="store_true",
                         help="skip the camera page's frame rate with a Teachable Machine MobileNetV2 "
                              "(reported apart from the targets; needs ../shared/fixtures/models)")),
    ("--data", dict(metavar="DIR", help="MNIST IDX folder for the tiny training run "
                                        "(default: ../shared/datasets/mnist if present)")),
    ("--model", dict(metavar="PATH", help="benchmark this model instead of the bundled digit model")),
    ("--seed", dict(type=int, default=0, help="seed for the synthetic strokes (default 0)")),
    ("--details", dict(metavar="FILE", help="also write every sample count and per-phase figure as JSON")),
)


def add_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The bench's options (``python -m benchmarks`` takes the same)."""
    for flag, kwargs in OPTIONS:
        parser.add_argument(flag, **kwargs)
    return parser


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "bench",
        help="measure stroke-to-pixels latency, start-up time and memory against the targets (source checkout)",
        description=DESCRIPTION,
    )
    return add_options(p)


def forwarded_arguments(args: argparse.Namespace) -> list[str]:
    """The parsed options as a command line again (for ``python -m benchmarks``)."""
    out: list[str] = []
    for flag, kwargs in OPTIONS:
        value = getattr(args, flag[2:].replace("-", "_"), None)
        if kwargs.get("action") == "store_true":
            if value:
                out.append(flag)
        elif value is not None and value != kwargs.get("default"):
            out += [flag, str(value)]
    return out


def checkout_root(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The source checkout holding this package and a ``benchmarks/`` folder, or None
    (an installed package)."""
    root = Path(package_dir).resolve().parent
    return root if (root / "benchmarks" / "__main__.py").is_file() else None


def run(args: argparse.Namespace) -> int:
    import os

    if args.model and not os.path.isfile(args.model):
        raise CliError(f"--model {args.model}: no such file")
    root = checkout_root(PACKAGE_DIR)
    if root is None:
        raise CliError("bench runs from a source checkout (its benchmarks/ folder); "
                       "this installation has none")
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # The checkout's folder first, so that its benchmarks (and this cnnviz) are the ones run.
    code = ("import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); "
            "runpy.run_module('benchmarks', run_name='__main__', alter_sys=True)")
    command = [sys.executable, "-c", code, str(root), *forwarded_arguments(args)]
    try:
        return subprocess.run(command, env=env).returncode
    except OSError as exc:
        raise CliError(f"cannot start the benchmark: {exc}") from None
