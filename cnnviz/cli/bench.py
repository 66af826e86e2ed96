"""``cnnviz bench``: measure the app's real-time paths against its performance targets.

Only parses arguments here; the benchmark itself needs Qt and Keras and lives in
:mod:`cnnviz.app.bench` (imported inside :func:`run`).
"""
from __future__ import annotations

import argparse

from cnnviz.cli.errors import CliError


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


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "bench",
        help="measure stroke-to-pixels latency, start-up time and memory against the targets",
        description=(
            "Run the app offscreen on the bundled digit model and measure: pen stroke -> all "
            "feature maps and probabilities drawn (and the naive model.predict path for "
            "comparison), Convolution Lab step frames, cold start (launch -> window interactive, "
            "-> first prediction, TensorFlow import), resident memory after 100 and 10,000 "
            "strokes, and the longest UI-thread block. Prints a table with PASS/FAIL per target."
        ),
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    p.add_argument("--quick", action="store_true",
                   help="a short run (few strokes, one cold start, no training); numbers are rough")
    p.add_argument("--strokes", type=_positive, metavar="N", help="fast-path samples (default 400)")
    p.add_argument("--paced-strokes", type=_count, metavar="N",
                   help="fast-path samples with the pen moving at a mouse's pace, one movement every 8 ms, "
                        "reported apart from the target (default 200; 0 skips them)")
    p.add_argument("--naive-strokes", type=_positive, metavar="N", help="naive-path samples (default 60)")
    p.add_argument("--lab-frames", type=_positive, metavar="N", help="Convolution Lab frames (default 200)")
    p.add_argument("--memory-strokes", type=_positive, metavar="N",
                   help="pen movements in total for the second memory reading (default 10000)")
    p.add_argument("--no-cold-start", action="store_true", help="skip the cold-start subprocesses")
    p.add_argument("--no-training", action="store_true", help="skip watching the UI during a tiny training run")
    p.add_argument("--data", metavar="DIR",
                   help="MNIST IDX folder for the tiny training run (default: ../shared/datasets/mnist if present)")
    p.add_argument("--model", metavar="PATH", help="benchmark this model instead of the bundled digit model")
    p.add_argument("--seed", type=int, default=0, help="seed for the synthetic strokes (default 0)")
    p.add_argument("--details", metavar="FILE", help="also write every sample count and per-phase figure as JSON")
    return p


def run(args: argparse.Namespace) -> int:
    import os

    if args.model and not os.path.isfile(args.model):
        raise CliError(f"--model {args.model}: no such file")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from cnnviz.app.bench import main

    return main(args)
