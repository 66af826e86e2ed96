"""Write the held-out "digits from anyone" robustness set.

    python -m benchmarks.robustness.make_set --out DIR [--per-class N] [--seed S]

writes ``DIR/<source>/<label>/<index>.png`` for the sources ``fonts`` (installed fonts
rendered with Qt, degraded like scans and photos: :mod:`.fonts`, :mod:`.degrade`) and
``strokes`` (digits drawn with mouse events through the app's real canvas:
:mod:`.strokes`) and ``bitmaps`` (drawn or typeset digits reduced to 8×8 grids of ink
counts and enlarged, like tiny scans: :mod:`.bitmaps`), N per class and source (default
100: 3,000 images), plus
``DIR/labels.csv`` (``file,label,source,variant``) and ``DIR/manifest.json`` (seed,
counts, the fonts used).

It is a proxy for digits by writers outside MNIST, made WITHOUT MNIST, for measuring
only: never train on it. The layout (one folder per class) is what
``cnnviz evaluate --images DIR`` reads. The same seed gives the same bytes on the same machine (the
fonts depend on what is installed). Each sample has its own random stream
(seed, source, label, index), so a bigger N keeps the first samples as they were.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

SOURCES = ("fonts", "strokes", "bitmaps")
LABELS_CSV = "labels.csv"
MANIFEST = "manifest.json"


def sample_rng(seed: int, source: str, label: int, index: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), SOURCES.index(source), int(label), int(index)])


def file_name(source: str, label: int, index: int) -> str:
    return f"{source}/{label}/{index:04d}.png"


def _png(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", img)
    if not ok:  # pragma: no cover - cv2 fails only on invalid arrays
        raise RuntimeError("PNG encoding failed")
    return buf.tobytes()


def _prepare_folder(out: Path, sources) -> None:
    """An empty folder, or one holding an earlier set (its files are replaced)."""
    if out.exists() and not out.is_dir():
        raise SystemExit(f"make_set: {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / LABELS_CSV).is_file():
            raise SystemExit(f"make_set: {out} is not empty and holds no robustness set ({LABELS_CSV}); "
                             "give an empty or new folder")
        for source in SOURCES:
            for old in (out / source).glob("[0-9]/[0-9][0-9][0-9][0-9].png") if (out / source).is_dir() else ():
                old.unlink()
        for name in (LABELS_CSV, MANIFEST):
            (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for label in range(10):
            (out / source / str(label)).mkdir(parents=True, exist_ok=True)


def generate(out: str | Path, per_class: int = 100, seed: int = 0, sources=SOURCES,
             progress=None) -> list[dict]:
    """Write the set to ``out``; returns the rows of ``labels.csv`` (dicts with ``file``,
    ``label``, ``source``, ``variant``). ``progress(done, total)`` is called now and then."""
    from benchmarks.robustness.degrade import degrade
    from benchmarks.robustness.fonts import font_faces, sample_font_digit
    from benchmarks.robustness.bitmaps import bitmap_sample
    from benchmarks.robustness.strokes import CanvasDriver, ensure_widgets_app, random_drawing, stroke_sample

    if per_class < 1:
        raise ValueError("per_class must be at least 1")
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources: {', '.join(sorted(unknown))} (known: {', '.join(SOURCES)})")
    out = Path(out)
    _prepare_folder(out, sources)
    ensure_widgets_app()  # a QApplication for the canvas, before the fonts make a QGuiApplication
    faces = font_faces() if {"fonts", "bitmaps"} & set(sources) else {}
    driver = CanvasDriver() if {"strokes", "bitmaps"} & set(sources) else None
    rows: list[dict] = []
    total = len(sources) * 10 * per_class
    for source in SOURCES:
        if source not in sources:
            continue
        for label in range(10):
            for index in range(per_class):
                rng = sample_rng(seed, source, label, index)
                if source == "fonts":
                    ink, desc = sample_font_digit(label, rng, faces)
                    img, how = degrade(ink, rng)
                    desc = f"{desc} {how}"
                elif source == "strokes":
                    img, desc = stroke_sample(driver, label, rng)
                else:   # tiny scans of drawn digits (or, one in three, of font digits)
                    if rng.random() < 1 / 3:
                        ink, desc = sample_font_digit(label, rng, faces)
                        ink = (np.clip(ink, 0, 1) * 255).astype(np.uint8)
                    else:
                        strokes, brush, desc = random_drawing(label, rng, driver.buffer_side())
                        ink = driver.draw(strokes, brush)
                    img, how = bitmap_sample(ink, rng)
                    desc = f"{desc} {how}"
                name = file_name(source, label, index)
                (out / name).write_bytes(_png(img))
                rows.append({"file": name, "label": label, "source": source, "variant": desc})
                if progress is not None and len(rows) % 100 == 0:
                    progress(len(rows), total)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["file", "label", "source", "variant"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / LABELS_CSV).write_text(buf.getvalue(), encoding="utf-8")
    manifest = {
        "what": "held-out 'digits from anyone' robustness set (no MNIST; never train on it)",
        "seed": int(seed), "per_class": int(per_class), "sources": list(sources),
        "count": len(rows),
        "fonts": [face.name for fam in faces.values() for face in fam],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return rows


def read_labels(folder: str | Path) -> list[dict]:
    """The rows of ``folder/labels.csv`` (``label`` as int)."""
    with open(Path(folder) / LABELS_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["label"] = int(r["label"])
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.robustness.make_set",
                                description="Write the held-out robustness set of digits (no MNIST).")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write (empty, new or an earlier set)")
    p.add_argument("--per-class", type=int, default=100, metavar="N", help="images per class and source (100)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    p.add_argument("--sources", default=",".join(SOURCES), help="comma-separated: fonts,strokes,bitmaps (all)")
    args = p.parse_args(argv)
    sources = tuple(s.strip() for s in args.sources.split(",") if s.strip())
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        rows = generate(args.out, args.per_class, args.seed, sources, progress if sys.stderr.isatty() else None)
    except ValueError as exc:
        p.error(str(exc))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"wrote {len(rows)} images to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
