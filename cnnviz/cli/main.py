"""Entry point: ``cnnviz`` launches the GUI, ``cnnviz <subcommand>`` runs a tool.

Each subcommand lives in its own module in this package with two functions:
``add_parser(subparsers)`` (returns the parser) and ``run(args) -> int``. Subcommand
modules import heavy libraries (Keras, Qt) inside ``run`` so that ``cnnviz conv`` stays
instant.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from cnnviz import __version__
from cnnviz.cli.errors import CliError

# Subcommands that compute with Keras take --device (cnnviz.inference.devices).
DEVICE_SUBCOMMANDS: tuple[str, ...] = ("train", "evaluate", "predict", "features")
# Subcommand modules, in the order `cnnviz --help` lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "conv",
    "pool",
    "train",
    "evaluate",
    "bench",
    "inspect",
    "predict",
    "features",
)


class _Parser(argparse.ArgumentParser):
    """argparse prints usage and exits 2 on errors; keep that, but one line only."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="PATH", help="open this Keras model (.keras/.h5) at launch")
    parser.add_argument("--lang", choices=("en", "ko"), help="user-interface language (default: system locale)")
    parser.add_argument("--page", help="page to show first (lab, pooling, filters, digits, model, ...)")
    parser.add_argument("--presentation", action="store_true", help="start in presentation mode (fullscreen, large type)")
    parser.add_argument("--geometry", metavar="WxH+X+Y", help="window size and position, e.g. 1400x900+0+0")
    parser.add_argument("--reset-settings", action="store_true", help="start with default settings")
    add_device_argument(parser)


def add_device_argument(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument("--device", choices=("auto", "cpu", "gpu"), default=default,
                        help="where Keras computes: auto (default: batch work on the GPU when there is one, "
                             "the live single-image path on the CPU), cpu (hide the GPUs) or gpu (everything)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cnnviz",
        description="See how convolution and CNNs work. Without a subcommand, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    add_gui_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="<subcommand>", parser_class=_Parser)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"cnnviz.cli.{name}")
        sub_parser = module.add_parser(sub)
        if name in DEVICE_SUBCOMMANDS:   # SUPPRESS: `cnnviz --device cpu train` keeps cpu
            add_device_argument(sub_parser, default=argparse.SUPPRESS)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if getattr(args, "device", None) is not None:
        from cnnviz.inference.devices import apply_device_choice

        apply_device_choice(args.device)   # before Keras loads; the training process inherits it
    if args.command is None:
        from cnnviz.app.application import run_gui

        return run_gui(args)
    from cnnviz.cli.native_logs import native_logs_filtered

    try:
        with native_logs_filtered():
            if getattr(args, "device", None) == "gpu" and args.command in DEVICE_SUBCOMMANDS:
                _check_gpu()
            return int(args._run(args) or 0)
    except CliError as exc:
        print(f"cnnviz {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"cnnviz {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _check_gpu() -> None:
    from cnnviz.inference.devices import DeviceError, check_device_choice

    try:
        check_device_choice()
    except DeviceError as exc:
        raise CliError(str(exc)) from None
