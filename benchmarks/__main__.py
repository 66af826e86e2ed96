"""``python -m benchmarks [--json] [--quick] …``: the same options as ``cnnviz bench``."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from cnnviz.cli.bench import DESCRIPTION, add_options


def apply_arguments(args: argparse.Namespace):
    """The :class:`benchmarks.run.BenchOptions` the command line asks for."""
    from benchmarks.run import BenchOptions

    options = BenchOptions.quick() if args.quick else BenchOptions()
    for name in ("strokes", "paced_strokes", "memory_strokes", "naive_strokes", "lab_frames"):
        value = getattr(args, name)
        if value is not None:
            setattr(options, name, value)
    if args.no_cold_start:
        options.cold_start = False
    if args.no_training:
        options.training = False
    options.model = args.model
    options.data = args.data
    options.seed = args.seed
    return options


def main(argv: Sequence[str] | None = None) -> int:
    parser = add_options(argparse.ArgumentParser(prog="python -m benchmarks", description=DESCRIPTION))
    args = parser.parse_args(argv)
    if args.model and not os.path.isfile(args.model):
        print(f"benchmarks: error: --model {args.model}: no such file", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from benchmarks.report import format_table, json_safe
    from benchmarks.run import run_bench

    def progress(text: str) -> None:
        if not args.json:
            print(f"… {text}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    run = run_bench(apply_arguments(args), progress)
    if args.json:
        print(json.dumps(json_safe(run.result)))
    else:
        print(format_table(run.result, run.notes))
        print(f"\n(the benchmark took {time.perf_counter() - t0:.0f} s)")
    if args.details:
        Path(args.details).write_text(json.dumps({"result": json_safe(run.result), "notes": run.notes,
                                                  "details": run.details}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
