"""The measured parts of a bundled model's card, as Markdown.

    python -m benchmarks.model_card --model cnnviz/data/models/mnist_cnn.keras \\
        --dataset mnist --data ../shared/datasets/mnist [--images ROBUSTNESS_SET]

prints the test accuracy, the confusion matrix on the test set, the pairs it still
confuses most and, with ``--images`` (a folder ``cnnviz evaluate --images`` reads, such as
the held-out robustness set of :mod:`benchmarks.robustness`), the accuracy per group and
its most common mistakes. Everything goes through ``cnnviz evaluate --json``, so the card
shows what that command measures.
"""
from __future__ import annotations

import argparse
import io
import json
from contextlib import redirect_stdout


def _evaluate(argv: list[str]) -> dict:
    from cnnviz.cli.main import main

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["evaluate", *argv, "--json"])
    if code != 0:
        raise SystemExit(f"cnnviz evaluate {' '.join(argv)} failed ({code})")
    return json.loads(out.getvalue())


def _pairs(confusion, names, n: int = 6) -> str:
    from cnnviz.cli.evaluation_report import mistake_pairs

    return ", ".join(f"{m['true']} → {m['predicted']} ({m['count']})"
                     for m in mistake_pairs(confusion, names)[:n]) or "none"


def confusion_table(confusion, names) -> str:
    lines = ["| true \\ predicted | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for name, row in zip(names, confusion):
        lines.append(f"| **{name}** | " + " | ".join(str(int(v)) for v in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.model_card", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--dataset", required=True, choices=("mnist", "fashion_mnist"))
    p.add_argument("--data", required=True, metavar="DIR")
    p.add_argument("--images", metavar="DIR", help="a folder of labelled pictures (e.g. the robustness set)")
    args = p.parse_args(argv)
    from cnnviz.inference.datasets import class_names

    names = list(class_names(args.dataset))
    test = _evaluate(["--model", args.model, "--dataset", args.dataset, "--data", args.data])
    wrong = test["n"] - sum(test["confusion"][i][i] for i in range(len(names)))
    print(f"**Test accuracy: {100 * test['accuracy']:.2f} %** ({wrong} of {test['n']:,} wrong)\n")
    print(f"Most confused on the test set: {_pairs(test['confusion'], names)}\n")
    print("## Confusion matrix on the test set (rows: true class, columns: predicted)\n")
    print(confusion_table(test["confusion"], names) + "\n")
    if args.images:
        rob = _evaluate(["--model", args.model, "--images", args.images])
        print("## Held-out robustness set\n")
        print("| pictures | accuracy | correct |\n|---|---|---|")
        for g, r in rob["groups"].items():
            print(f"| {g} | {100 * r['accuracy']:.1f} % | {r['correct']}/{r['n']} |")
        correct = sum(r["correct"] for r in rob["groups"].values())
        print(f"| **all** | **{100 * rob['accuracy']:.1f} %** | {correct}/{rob['n']} |\n")
        print("Most common mistakes: " + ", ".join(f"{m['true']} → {m['predicted']} ({m['count']})"
                                                 for m in rob["mistakes"][:8]) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
