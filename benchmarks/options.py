"""The benchmark's command-line options (``python -m benchmarks`` from a source checkout;
the harness is not part of the installed package)."""
from __future__ import annotations

import argparse

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

# (flag, argparse keywords), in the order --help lists them.
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
    ("--device", dict(choices=("auto", "cpu", "gpu"), default=None,
                      help="where Keras computes, as the app's --device: auto (default), cpu or gpu")),
)


def add_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The bench's options."""
    for flag, kwargs in OPTIONS:
        parser.add_argument(flag, **kwargs)
    return parser
