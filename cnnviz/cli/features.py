"""``cnnviz features``: one PNG per layer with all its feature maps (a mosaic with channel
numbers, colour-mapped: viridis for activations, a blue–white–red diverging map centred
on zero for signed maps), plus the model input and dense layers as bars."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

from cnnviz.cli.errors import CliError
from cnnviz.cli.predict import MODES, auto_mode, load_for_cli, make_extractor, model_input_range, prepare_input

BACKGROUND = (255, 255, 255)


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "features",
        help="save every layer's feature maps of one image as PNG files",
        description="Run IMAGE through the model and write one PNG per layer into DIR.",
    )
    p.add_argument("--model", default=None, metavar="PATH",
                   help=".keras or .h5 model file (default: the bundled digit model)")
    p.add_argument("image", metavar="IMAGE", help="image file")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files (created if needed)")
    p.add_argument("--mode", choices=MODES, default="auto", help="preprocessing (as for predict)")
    p.add_argument("--cell", type=int, default=0, metavar="PX",
                   help="pixels per map cell (default: maps at least 84 pixels wide)")
    return p


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "layer"


def render_maps(maps: np.ndarray, title: str, cell: int = 0) -> np.ndarray:
    """RGB image of ``maps (h, w, C)``: mosaic, channel numbers, title and value range."""
    import cv2

    from cnnviz.core.colormaps import DIVERGING, SEQUENTIAL
    from cnnviz.core.mosaic import choose_layout, layer_levels, tile

    h, w, c = maps.shape
    scale = cell or max(1, int(np.ceil(84 / max(h, w))))
    lay = choose_layout(c, (h, w), aspect=1.6)
    mosaic = tile(maps, lay)
    lo, hi, signed = layer_levels(maps)
    idx = np.clip((np.nan_to_num(mosaic, nan=lo) - lo) / ((hi - lo) or 1.0) * 255, 0, 255).astype(np.uint8)
    rgb = (DIVERGING if signed else SEQUENTIAL)[idx]   # the app's colour-blind-safe maps
    rgb[np.isnan(mosaic)] = BACKGROUND
    big = cv2.resize(rgb, (rgb.shape[1] * scale, rgb.shape[0] * scale), interpolation=cv2.INTER_NEAREST)
    font_scale = max(0.35, min(0.9, lay.label_rows * scale / 28))
    for ch in range(c):
        y, x = lay.origin(ch)
        cv2.putText(big, str(ch), (x * scale + 1, y * scale - max(2, scale // 3)), cv2.FONT_HERSHEY_SIMPLEX,
                    font_scale, (40, 40, 40), 1, cv2.LINE_AA)
    header = np.full((44, big.shape[1], 3), BACKGROUND, np.uint8)
    text = f"{title}   [{lo:.3g} .. {hi:.3g}]"
    cv2.putText(header, text, (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2, cv2.LINE_AA)
    out = np.vstack([header, big])
    if out.shape[1] < 480:  # keep the title readable on narrow layers
        pad = np.full((out.shape[0], 480 - out.shape[1], 3), BACKGROUND, np.uint8)
        out = np.hstack([out, pad])
    return out


def render_bars(values: np.ndarray, title: str) -> np.ndarray:
    """RGB bar chart of a dense layer's activations."""
    import cv2

    v = np.asarray(values, np.float64).ravel()
    n = v.size
    bw = max(3, min(24, 960 // max(n, 1)))
    width, height = max(480, n * bw + 20), 240
    img = np.full((height + 44, width, 3), BACKGROUND, np.uint8)
    m = float(np.max(np.abs(v))) or 1.0
    base = 44 + (height // 2 if v.min() < 0 else height - 10)
    span = (height // 2 - 10) if v.min() < 0 else height - 20
    for i, val in enumerate(v):
        x0 = 10 + i * bw
        y1 = int(base - val / m * span)
        cv2.rectangle(img, (x0, min(base, y1)), (x0 + bw - 2, max(base, y1)), (58, 120, 194), -1)
    cv2.line(img, (10, base), (width - 10, base), (0, 0, 0), 1)
    cv2.putText(img, f"{title}   [max |x| {m:.3g}]", (6, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2, cv2.LINE_AA)
    return img


def run(args: argparse.Namespace) -> int:
    from cnnviz.core.images import write_png

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {args.out}: exists and is not a folder")
    if args.cell < 0 or args.cell > 64:
        raise CliError(f"--cell must be between 1 and 64 pixels, got {args.cell}")
    model, names = load_for_cli(args.model)
    extractor = make_extractor(model)
    mode = auto_mode(extractor.input_shape, names) if args.mode == "auto" else args.mode
    x = prepare_input(args.image, extractor.input_shape, mode, input_range=model_input_range(model))
    outs = extractor(x)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"--out {args.out}: cannot create the folder ({exc.strerror or exc})") from None
    written = []
    path = out / "00_input.png"
    write_png(path, render_maps(x, f"input {x.shape[0]}x{x.shape[1]}x{x.shape[2]}", args.cell or 0))
    written.append(path)
    for k, (info, values) in enumerate(zip(extractor.layers, outs), start=1):
        title = f"{info.name} ({info.class_name}) {'x'.join(map(str, info.shape))}"
        img = render_maps(values, title, args.cell) if info.is_map else render_bars(values, title)
        path = out / f"{k:02d}_{_safe(info.name)}.png"
        try:
            write_png(path, img)
        except OSError as exc:
            raise CliError(f"cannot write {path}: {exc}") from None
        written.append(path)
    probs = outs[-1]
    n = probs.size
    if len(names) != n:
        names = [str(i) for i in range(n)]
    top = int(np.argmax(probs))
    for p in written:
        print(p)
    print(f"prediction: {names[top]} ({100 * float(probs[top]):.1f}%)")
    return 0
