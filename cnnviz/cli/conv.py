"""``cnnviz conv INPUT KERNEL``: a convolution on the command line, with every step."""
from __future__ import annotations

import argparse
import json

import numpy as np

from cnnviz.cli.errors import CliError
from cnnviz.cli.inputs import load_matrix, parse_pair, parse_padding


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "conv",
        help="convolve a matrix or image with a kernel and show each step",
        description=(
            "Convolve INPUT with KERNEL. Each is an inline matrix (rows separated by ';', "
            "values by ',' or spaces, e.g. \"1,0;0,1\") or a CSV/text file; INPUT may also "
            "be an image file (read as grayscale 0-255; larger than 64 pixels on a side, it is "
            "shrunk with OpenCV's INTER_AREA, keeping its aspect ratio). A matrix may start "
            "with a minus sign, e.g. the Sobel kernel: cnnviz conv photo.png \"-1,0,1;-2,0,2;-1,0,1\". "
            "Sums too large for 64-bit floating point are refused with a message."
        ),
    )
    p.add_argument("input", metavar="INPUT")
    p.add_argument("kernel", metavar="KERNEL")
    p.add_argument("--padding", default="valid", help="valid, same, N, 'R,C' or 'T,B,L,R' (default valid)")
    p.add_argument("--stride", default="1", help="S or 'SR,SC' (default 1)")
    p.add_argument("--dilation", default="1", help="D or 'DR,DC' (default 1)")
    p.add_argument("--bias", type=float, default=0.0, help="added to every output (default 0)")
    p.add_argument("--relu", action="store_true", help="apply ReLU after the bias")
    p.add_argument("--flip", action="store_true",
                   help="true convolution: rotate the kernel 180° first (default: cross-correlation, as CNN layers do)")
    p.add_argument("--steps", action="store_true", help="print every step's multiply-add")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def format_grid(a: np.ndarray) -> str:
    from cnnviz.core.numbers import fmt

    cells = [[fmt(v) for v in row] for row in a]
    width = max((len(c) for row in cells for c in row), default=1)
    return "\n".join(" ".join(c.rjust(width) for c in row) for row in cells)


def run(args: argparse.Namespace) -> int:
    from cnnviz.core.conv import ConvInputError, conv2d
    from cnnviz.core.geometry import GeometryError
    from cnnviz.core.kernels import KernelError, validate_kernel

    import math

    if not math.isfinite(args.bias):
        raise CliError(f"--bias must be a finite number, got {args.bias}")
    x = load_matrix(args.input, "INPUT", allow_image=True)
    k = load_matrix(args.kernel, "KERNEL")
    try:
        validate_kernel(k)
        result = conv2d(
            x, k, bias=args.bias, padding=parse_padding(args.padding),
            stride=parse_pair(args.stride, "--stride"), dilation=parse_pair(args.dilation, "--dilation"),
            activation="relu" if args.relu else "none", flip=args.flip,
        )
    except (GeometryError, ConvInputError, KernelError) as exc:
        raise CliError(str(exc)) from None
    out = result.output2d()
    formula = result.geometry.formula()
    if args.json:
        payload = {
            "output": out.tolist(),
            "output_shape": list(out.shape),
            "formula": formula,
            "steps": [s.formula() for s in result.steps()] if args.steps else [],
        }
        if result.geometry.notes():
            payload["notes"] = result.geometry.notes()
        print(json.dumps(payload))
        return 0
    print(f"output {out.shape[0]}×{out.shape[1]}   {formula}")
    for note in result.geometry.notes():
        print(f"note: {note}")
    if args.steps:
        for s in result.steps():
            print(f"[{s.out_row},{s.out_col}] {s.formula()}")
    print(format_grid(out))
    return 0
