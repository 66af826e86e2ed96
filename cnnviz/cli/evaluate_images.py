"""``cnnviz evaluate --images DIR``: a model on a folder of labelled pictures.

Each picture goes through exactly what ``cnnviz predict`` does to it (the model's own
preprocessing: the MNIST pipeline for digit models), so the accuracy here is what a user
showing these pictures would see. Results: overall and per group, the confusion matrix,
the most common mistakes and the most confident wrong pictures.
"""
from __future__ import annotations

import json
import sys
import time
from cnnviz.cli.errors import CliError
from cnnviz.cli.evaluation_report import format_confusion, mistake_pairs, model_name

SHOWN_MISTAKES = 10


def _class_index(names: list[str]) -> dict[str, int]:
    return {str(n).strip().casefold(): i for i, n in enumerate(names)}


def inputs_as_predict_makes_them(model, names: list[str], paths) -> "np.ndarray":
    """The model inputs ``cnnviz predict`` would make of the image files ``paths``: the
    model's own preprocessing mode and pixel range (:mod:`cnnviz.cli.predict`)."""
    import numpy as np

    from cnnviz.cli.predict import auto_mode, make_extractor, model_input_range, prepare_input

    extractor = make_extractor(model)
    mode = auto_mode(extractor.input_shape, names)
    pixels = model_input_range(model)
    return np.stack([prepare_input(str(p), extractor.input_shape, mode, input_range=pixels) for p in paths])


def run_images(args, model, names: list[str]) -> int:
    import numpy as np

    from cnnviz.core.labelled_images import LabelledFolderError, find_labelled_images
    from cnnviz.inference.evaluation import EvaluationError, evaluate

    try:
        images = find_labelled_images(args.images)
    except LabelledFolderError as exc:
        raise CliError(str(exc)) from None
    if args.limit is not None:
        images = images[: args.limit]
    n_out = int(model.outputs[0].shape[-1])
    if len(names) != n_out:
        names = [str(i) for i in range(n_out)]
    index = _class_index(names)
    unknown = sorted({im.label for im in images if im.label.strip().casefold() not in index})
    if unknown:
        raise CliError(f"{args.images}: the folders {', '.join(unknown)} are not classes of the model "
                       f"({', '.join(names)})")
    t0 = time.perf_counter()
    x = inputs_as_predict_makes_them(model, names, [im.path for im in images])
    y = np.array([index[im.label.strip().casefold()] for im in images], np.int64)
    try:
        ev = evaluate(model, x, y)
    except EvaluationError as exc:
        raise CliError(f"{args.images}: {exc}") from None
    seconds = time.perf_counter() - t0
    print(f"{ev.n} pictures prepared and classified in {seconds:.1f} s", file=sys.stderr)
    groups: dict[str, dict] = {}
    for g in sorted({im.group for im in images}):
        sel = np.array([im.group == g for im in images])
        correct = int((ev.predictions[sel] == ev.labels[sel]).sum())
        groups[g or "."] = {"accuracy": correct / int(sel.sum()), "n": int(sel.sum()), "correct": correct}
    pairs = mistake_pairs(ev.confusion, names)
    wrong = [{"image": str(images[i].path), "true": names[ev.labels[i]], "predicted": names[ev.predictions[i]],
              "confidence": round(float(ev.probabilities[i, ev.predictions[i]]), 4)} for i in ev.misclassified]
    if args.json:
        print(json.dumps({**ev.to_json(), "classes": names, "groups": groups, "mistakes": pairs,
                          "misclassified": wrong}))
        return 0
    correct = int(ev.confusion.trace())
    print(f"{model_name(args.model)} on {args.images}: accuracy {ev.accuracy:.4f} ({correct}/{ev.n} correct, "
          f"{ev.n - correct} wrong)")
    if len(groups) > 1:
        for g, r in groups.items():
            print(f"  {g}: {r['accuracy']:.4f} ({r['correct']}/{r['n']})")
    print(format_confusion(ev.confusion, names))
    if pairs:
        print("most common mistakes: " + ", ".join(f"{p['true']} → {p['predicted']} ({p['count']})"
                                                   for p in pairs[:SHOWN_MISTAKES]))
        print("most confident mistakes:")
        for w in wrong[:SHOWN_MISTAKES]:
            print(f"  {w['image']}: {w['true']} read as {w['predicted']} ({100 * w['confidence']:.1f}%)")
    return 0
