"""Entry point: ``cnnviz`` launches the GUI, ``cnnviz <subcommand>`` runs a tool.

Each subcommand lives in its own module in this package with two functions:
``add_parser(subparsers)`` (returns the parser) and ``run(args) -> int``. Subcommand
modules import heavy libraries (Keras, Qt) inside ``run`` so that ``cnnviz conv`` stays
instant.
"""
from __future__ import annotations

import argparse
import importlib
from contextlib import nullcontext
import re
import sys
from typing import Sequence

from cnnviz import __version__
from cnnviz.cli.errors import CliError, one_line

# Subcommands that compute with Keras take --device (cnnviz.inference.devices).
DEVICE_SUBCOMMANDS: tuple[str, ...] = ("train", "evaluate", "predict", "features")
# Subcommand modules, in the order `cnnviz --help` lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "conv",
    "pool",
    "train",
    "evaluate",
    "inspect",
    "predict",
    "features",
)
# Subcommands that never load TensorFlow: no filter for its native log lines needed.
WITHOUT_TENSORFLOW = frozenset({"conv", "pool"})


class _Parser(argparse.ArgumentParser):
    """argparse prints usage and exits 2 on errors; keep that, but one line only. It also
    records which options take a value and, for the top level, the subcommands' parsers."""

    def __init__(self, *args, **kwargs) -> None:
        self.value_options: set[str] = set()  # before argparse adds -h through add_argument
        self.subcommand_parsers: dict[str, _Parser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs) -> argparse.Action:  # type: ignore[override]
        action = super().add_argument(*args, **kwargs)
        if action.option_strings and action.nargs != 0:
            self.value_options.update(action.option_strings)
        return action

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


# An argument that starts with '-' and then a digit, '.', or inf/nan is a value (a matrix
# such as "-1,0,1;-2,0,2;-1,0,1", a number such as -1e-3), never an option: no option
# of cnnviz looks like that. argparse itself only knows plain negative numbers ("-1",
# "-0.5") and reads "-1,0,1;…" as an unknown option.
_NEGATIVE_VALUE = re.compile(r"-(?:[\d.,;]|inf|nan)", re.IGNORECASE)


def protect_negative_values(argv: Sequence[str], parser: _Parser) -> tuple[list[str], set[str]]:
    """argv rewritten so that argparse takes negative values as values: after an option
    that takes a value they are joined to it (``--bias=-1e-3``); elsewhere (INPUT,
    KERNEL) they get a leading space, which :func:`restore_negative_values` takes off
    again using the returned set of changed arguments. Arguments after ``--`` are left
    alone."""
    out: list[str] = []
    changed: set[str] = set()
    current = parser
    after_value_option = False
    for i, arg in enumerate(argv):
        if arg == "--":
            return out + list(argv[i:]), changed
        if _NEGATIVE_VALUE.match(arg):
            if after_value_option:
                out[-1] = f"{out[-1]}={arg}"
                after_value_option = False
                continue
            arg = " " + arg
            changed.add(arg)
        elif current is parser and not after_value_option and arg in parser.subcommand_parsers:
            current = parser.subcommand_parsers[arg]
        after_value_option = not after_value_option and arg in current.value_options
        out.append(arg)
    return out, changed


def restore_negative_values(args: argparse.Namespace, changed: set[str]) -> None:
    """Take the leading space back off the values :func:`protect_negative_values` changed."""
    for name, value in vars(args).items():
        if isinstance(value, str) and value in changed:
            setattr(args, name, value[1:])
        elif isinstance(value, list):
            setattr(args, name, [v[1:] if isinstance(v, str) and v in changed else v for v in value])


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="PATH", help="open this Keras model (.keras/.h5) at launch")
    parser.add_argument("--video", metavar="FILE", help="play this video file on the camera page (as a camera)")
    parser.add_argument("--lang", choices=("en", "ko"), help="user-interface language (default: system locale)")
    from cnnviz.app.pages import PAGE_KEYS

    parser.add_argument("--page", metavar="NAME", help=f"page to show first: {', '.join(PAGE_KEYS)}, or a tab's "
                        "title in English or Korean (any case, e.g. 'Live training')")
    parser.add_argument("--lesson", metavar="NAME_OR_PATH", help="start a lesson at launch: a bundled one "
                        "(class, arithmetic) or a lesson file (.toml)")
    parser.add_argument("--presentation", action="store_true", help="start in presentation mode (fullscreen, large type)")
    parser.add_argument("--geometry", metavar="WxH+X+Y", help="window size and position, e.g. 1400x900+0+0")
    parser.add_argument("--reset-settings", action="store_true", help="start with default settings")
    add_device_argument(parser)


def add_device_argument(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument("--device", choices=("auto", "cpu", "gpu"), default=default,
                        help="where Keras computes: auto (default: batch work on the GPU when there is one, "
                             "the live single-image path on the CPU), cpu (hide the GPUs) or gpu (everything)")


def build_parser() -> _Parser:
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
        parser.subcommand_parsers[name] = sub_parser
    return parser


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; unknown arguments get one "unrecognized arguments" error
    from the subcommand's own parser."""
    parser = build_parser()
    argv, changed = protect_negative_values(argv, parser)
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the subcommand's parser: "cnnviz conv: error: …"
        owner = parser.subcommand_parsers.get(args.command, parser)
        owner.error(f"unrecognized arguments: {' '.join(a[1:] if a in changed else a for a in extra)}")
    restore_negative_values(args, changed)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_command_line(sys.argv[1:] if argv is None else argv)
    if getattr(args, "device", None) is not None:
        from cnnviz.inference.devices import apply_device_choice

        apply_device_choice(args.device)   # before Keras loads; the training process inherits it
    from cnnviz.cli.native_logs import native_logs_filtered

    if args.command is None:
        from cnnviz.app.application import run_gui

        with native_logs_filtered():
            return run_gui(args)
    try:
        with native_logs_filtered() if args.command not in WITHOUT_TENSORFLOW else nullcontext():
            if getattr(args, "device", None) == "gpu" and args.command in DEVICE_SUBCOMMANDS:
                _check_gpu()
            return int(args._run(args) or 0)
    except CliError as exc:
        print(f"cnnviz {args.command}: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except MemoryError:
        print(f"cnnviz {args.command}: error: not enough memory for this input", file=sys.stderr)
        return 2
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
