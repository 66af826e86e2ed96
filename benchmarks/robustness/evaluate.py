"""Measure a digit model on the held-out robustness set.

    python -m benchmarks.robustness.evaluate DIR [--model PATH] [--json OUT]

Every image of ``DIR/labels.csv`` (written by :mod:`.make_set`: digits from installed
fonts degraded like scans and photos, and digits drawn through the app's canvas — no
MNIST, never trained on) is classified exactly the way ``cnnviz predict`` classifies
image files: the same loader, the same ``auto`` preprocessing mode, the model's pixel
range and :func:`cnnviz.cli.predict.prepare_input`, the model run in batches. Printed:
the accuracy overall, per source, per class, by kind of picture (how it was captured,
the paper, the stroke shape) and the most common confusions ("2 → 7: 12"); ``--json``
writes the same numbers plus every file's prediction.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from benchmarks.robustness.make_set import read_labels

BATCH = 256


def facets(row: dict) -> dict[str, str]:
    """How a picture was made, from its ``variant`` description: ``capture`` (photo,
    small scan enlarged with nearest/linear, canvas, scan of the canvas), ``paper`` and,
    for drawn digits, the stroke ``shape``."""
    v = row.get("variant", "")
    out: dict[str, str] = {}
    if m := re.search(r"scan=\d+px->\S+:(nearest|linear)", v):
        out["capture"] = f"small scan, {m.group(1)}"
    elif "photo=" in v:
        out["capture"] = "photo"
    elif "out=canvas" in v:
        out["capture"] = "canvas (light on dark)"
    elif "out=scan" in v:
        out["capture"] = "canvas scan (dark on light)" + (", downscaled" if ":size=" in v else "")
    if m := re.search(r"(white-paper|grey-paper|light-on-dark)", v):
        out["paper"] = m.group(1)
    if m := re.search(r"shape=(\S+)", v):
        out["shape"] = f"{row['label']} {m.group(1)}"
    return out


def _acc(correct: int, total: int) -> dict:
    return {"correct": correct, "total": total, "accuracy": correct / total if total else 0.0}


def classify(folder: str | Path, files: list[str], model_path: str | None = None,
             batch: int = BATCH) -> tuple[list[str], np.ndarray, dict]:
    """Predicted class names and confidences of ``files`` (relative to ``folder``), the
    ``cnnviz predict`` way; also ``{"model", "mode"}``."""
    from cnnviz.cli.evaluate_images import inputs_as_predict_makes_them
    from cnnviz.cli.predict import auto_mode, bundled_model, load_for_cli, make_extractor
    from cnnviz.inference.evaluation import predict_probabilities

    model, names = load_for_cli(model_path)
    mode = auto_mode(make_extractor(model).input_shape, names)
    chunks = [predict_probabilities(model, inputs_as_predict_makes_them(   # a batch of pictures at a time
        model, names, [Path(folder) / f for f in files[i:i + batch]])) for i in range(0, len(files), batch)]
    p = np.concatenate(chunks) if chunks else np.zeros((0, max(1, len(names))), np.float32)
    if len(names) != p.shape[1]:
        names = [str(i) for i in range(p.shape[1])]
    idx = p.argmax(axis=1)
    info = {"model": str(model_path or bundled_model()), "mode": mode}
    return [names[i] for i in idx], p[np.arange(len(idx)), idx], info


def evaluate(folder: str | Path, model_path: str | None = None, batch: int = BATCH) -> dict:
    """The report of the model on the set in ``folder`` (see :func:`report_text`)."""
    rows = read_labels(folder)
    if not rows:
        raise ValueError(f"{folder}: labels.csv lists no images")
    predicted, conf, info = classify(folder, [r["file"] for r in rows], model_path, batch)
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    confusions: Counter = Counter()
    preds = []
    for r, pred, c in zip(rows, predicted, conf):
        truth = str(r["label"])
        ok = pred == truth
        keys = {"source": r["source"], "class": truth, **facets(r)}
        for facet, value in keys.items():
            g = groups[facet][value]
            g[0] += ok
            g[1] += 1
        if not ok:
            confusions[(truth, pred)] += 1
        preds.append({"file": r["file"], "label": truth, "source": r["source"], "predicted": pred,
                      "confidence": round(float(c), 4), "variant": r.get("variant", "")})
    correct = sum(p["predicted"] == p["label"] for p in preds)
    return {
        **info,
        "folder": str(folder),
        "overall": _acc(correct, len(preds)),
        "per_source": {k: _acc(*v) for k, v in sorted(groups["source"].items())},
        "per_class": {k: _acc(*v) for k, v in sorted(groups["class"].items(), key=lambda kv: int(kv[0]))},
        "by_kind": {f: {k: _acc(*v) for k, v in sorted(groups[f].items())}
                    for f in ("capture", "paper", "shape") if f in groups},
        "confusions": [{"true": t, "predicted": p, "count": n}
                       for (t, p), n in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))],
        "predictions": preds,
    }


def _line(name: str, a: dict, width: int = 40) -> str:
    return f"  {name:<{width}} {100 * a['accuracy']:6.1f} %  ({a['correct']}/{a['total']})"


def report_text(report: dict, top: int = 15) -> str:
    """The report as text: accuracy overall, per source, per class, by kind, then the
    ``top`` confusions."""
    o = report["overall"]
    lines = [f"model: {report['model']}  (mode {report['mode']})",
             f"overall: {100 * o['accuracy']:.1f} %  ({o['correct']}/{o['total']})", "", "per source:"]
    lines += [_line(k, a) for k, a in report["per_source"].items()]
    lines += ["", "per class:"]
    lines += [_line(k, a) for k, a in report["per_class"].items()]
    for facet, values in report["by_kind"].items():
        lines += ["", f"by {facet}:"]
        lines += [_line(k, a) for k, a in values.items()]
    errors = o["total"] - o["correct"]
    lines += ["", f"most common confusions ({errors} errors):"]
    lines += [f"  {c['true']} → {c['predicted']}: {c['count']}" for c in report["confusions"][:top]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.robustness.evaluate",
                                description="Accuracy of a digit model on the held-out robustness set.")
    p.add_argument("folder", metavar="DIR", help="a set written by benchmarks.robustness.make_set")
    p.add_argument("--model", default=None, metavar="PATH", help="a .keras/.h5 model (default: the bundled one)")
    p.add_argument("--json", default=None, metavar="OUT", help="also write the report (and every prediction) as JSON")
    p.add_argument("--top", type=int, default=15, metavar="K", help="confusion pairs listed (15)")
    args = p.parse_args(argv)
    if not (Path(args.folder) / "labels.csv").is_file():
        p.error(f"{args.folder}: no labels.csv (make the set with benchmarks.robustness.make_set)")
    from cnnviz.cli.errors import CliError
    from cnnviz.cli.native_logs import native_logs_filtered

    try:
        with native_logs_filtered():
            report = evaluate(args.folder, args.model)
    except (CliError, ValueError) as exc:
        print(f"evaluate: error: {exc}", file=sys.stderr)
        return 2
    print(report_text(report, args.top))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
