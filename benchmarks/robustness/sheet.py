"""A contact sheet of the held-out robustness set, to look at what was made.

    python -m benchmarks.robustness.sheet DIR --source fonts --out sheet.png [--n 60]
        [--predictions eval.json]

Tiles ``n`` images of one source (spread over the classes, in file order), each scaled
to fit a square cell (nearest, so small scans stay visibly small and blocky), with its
label; with ``--predictions`` (the JSON of :mod:`.evaluate`) a wrong prediction is shown
in red next to the label.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import cv2
import numpy as np

from benchmarks.robustness.make_set import read_labels

CELL = 112
CAPTION = 18


def _cell(img: np.ndarray, caption: str, wrong: bool) -> np.ndarray:
    h, w = img.shape[:2]
    s = CELL / max(h, w)
    small = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))),
                       interpolation=cv2.INTER_NEAREST if s >= 1 else cv2.INTER_AREA)
    cell = np.full((CELL + CAPTION, CELL, 3), (90, 140, 90), np.uint8)  # green: outside the picture
    y, x = CAPTION + (CELL - small.shape[0]) // 2, (CELL - small.shape[1]) // 2
    cell[y:y + small.shape[0], x:x + small.shape[1]] = small[:, :, None]
    cell[:CAPTION] = 255
    cell[:, -2:] = cell[-2:, :] = 160  # a gap between cells
    colour = (0, 0, 200) if wrong else (0, 0, 0)
    cv2.putText(cell, caption, (3, CAPTION - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.45, colour, 1, cv2.LINE_AA)
    return cell


def contact_sheet(folder: str | Path, source: str, n: int = 60, columns: int = 10,
                  predictions: dict[str, str] | None = None, match: str | None = None,
                  errors_only: bool = False) -> np.ndarray:
    """``n`` images of ``source`` as a BGR sheet, ``columns`` cells wide: the first
    ``ceil(n / 10)`` of each class, in class order; with ``match`` (a regular expression
    on the file name and variant) or ``errors_only`` (wrong predictions), the first ``n``
    such files in file order."""
    folder = Path(folder)
    preds = predictions or {}
    rows = [r for r in read_labels(folder) if r["source"] == source
            and (match is None or re.search(match, f"{r['file']} {r['variant']}"))]
    if errors_only:
        rows = [r for r in rows if r["file"] in preds and str(preds[r["file"]]) != str(r["label"])]
    if errors_only or match:
        chosen = rows[:n]
    else:
        per = -(-n // 10)
        chosen = []
        for label in range(10):
            chosen += [r for r in rows if r["label"] == label][:per]
        chosen = chosen[:n]
    if not chosen:
        raise SystemExit(f"sheet: no images of source {source!r} in {folder}")
    cells = []
    for r in chosen:
        img = cv2.imdecode(np.fromfile(folder / r["file"], np.uint8), cv2.IMREAD_GRAYSCALE)
        pred = preds.get(r["file"])
        wrong = pred is not None and str(pred) != str(r["label"])
        caption = f"{r['label']}" + (f" -> {pred}" if wrong else "") + f"  {img.shape[1]}x{img.shape[0]}"
        cells.append(_cell(img, caption, wrong))
    while len(cells) % columns:
        cells.append(np.full_like(cells[0], 255))
    lines = [np.hstack(cells[i:i + columns]) for i in range(0, len(cells), columns)]
    return np.vstack(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.robustness.sheet",
                                description="Contact sheet of the robustness set.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--source", default="fonts")
    p.add_argument("--out", required=True, metavar="PNG")
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--predictions", metavar="JSON", help="the --json output of evaluate: marks errors")
    p.add_argument("--match", metavar="REGEX", help="only files whose name or variant match")
    p.add_argument("--errors", action="store_true", help="only wrong predictions (needs --predictions)")
    args = p.parse_args(argv)
    preds = None
    if args.predictions:
        data = json.loads(Path(args.predictions).read_text(encoding="utf-8"))
        preds = {r["file"]: r["predicted"] for r in data["predictions"]}
    if args.errors and preds is None:
        p.error("--errors needs --predictions")
    sheet = contact_sheet(args.folder, args.source, args.n, predictions=preds, match=args.match,
                          errors_only=args.errors)
    cv2.imwrite(args.out, sheet)
    print(f"wrote {args.out} ({sheet.shape[1]}×{sheet.shape[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
