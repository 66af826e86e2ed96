"""``cnnviz pool INPUT``: max / average / min pooling on the command line."""
from __future__ import annotations

import argparse
import json

from cnnviz.cli.conv import format_grid
from cnnviz.cli.errors import CliError
from cnnviz.cli.inputs import load_matrix, parse_pair


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "pool",
        help="pool a matrix or image (max, average or min) and show each step",
        description=("Pool INPUT: an inline matrix (\"1,0;0,1\"), a CSV/text file or an image file "
                     "(grayscale 0-255, shrunk to at most 64 pixels on a side)."),
    )
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--size", default="2", help="pool size K or 'KR,KC' (default 2)")
    p.add_argument("--stride", default=None, help="stride (default: the pool size)")
    p.add_argument("--padding", default="valid", choices=("valid", "same"))
    p.add_argument("--mode", default="max", choices=("max", "avg", "min"))
    p.add_argument("--steps", action="store_true", help="print every step")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def run(args: argparse.Namespace) -> int:
    from cnnviz.core.geometry import GeometryError
    from cnnviz.core.pooling import pool2d

    x = load_matrix(args.input, "INPUT", allow_image=True)
    try:
        result = pool2d(
            x, size=parse_pair(args.size, "--size"),
            stride=None if args.stride is None else parse_pair(args.stride, "--stride"),
            padding=args.padding, mode=args.mode,
        )
    except GeometryError as exc:
        raise CliError(str(exc)) from None
    out = result.output2d()
    formula = result.geometry.formula()
    steps = []
    if args.steps:
        for s in result.steps():
            w = s.winner_input
            steps.append({"formula": s.formula(), "winner": list(w) if w else None})
    if args.json:
        print(json.dumps({"output": out.tolist(), "output_shape": list(out.shape), "formula": formula,
                          "steps": [s["formula"] for s in steps],
                          "winners": [s["winner"] for s in steps]}))
        return 0
    print(f"output {out.shape[0]}×{out.shape[1]}   {formula}")
    for s in steps:
        extra = f"   (winner at row {s['winner'][0]}, column {s['winner'][1]})" if s["winner"] else ""
        print(f"{s['formula']}{extra}")
    print(format_grid(out))
    return 0
