"""``cnnviz bench``: run the benchmark harness of a source checkout.

The harness is not part of the package: it lives in the top-level ``benchmarks/`` folder
of a source checkout, beside this package's folder, and owns its options
(``cnnviz bench --help`` shows them). This command passes its arguments through unchanged
to ``benchmarks`` in a child process of the same interpreter (nothing in :mod:`cnnviz`
imports it); an installed package without a checkout says so in one line and exits 2.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cnnviz import PACKAGE_DIR
from cnnviz.cli.errors import CliError


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "bench", add_help=False,
        help="measure stroke-to-pixels latency, start-up time and memory against the targets (source checkout)",
    )
    p.set_defaults(forward_unknown_arguments=True)   # cnnviz.cli.main keeps them in args.forwarded
    return p


def forwarded_arguments(args: argparse.Namespace) -> list[str]:
    """The arguments after ``bench``, as typed (for ``python -m benchmarks``)."""
    return list(getattr(args, "forwarded", None) or [])


def checkout_root(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The source checkout holding this package and a ``benchmarks/`` folder, or None
    (an installed package)."""
    root = Path(package_dir).resolve().parent
    return root if (root / "benchmarks" / "__main__.py").is_file() else None


def run(args: argparse.Namespace) -> int:
    import os

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
