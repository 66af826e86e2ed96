"""What ``cnnviz evaluate`` prints, for a data set or a folder of pictures: the model's
name, the confusion matrix as text, the mistakes most often made."""
from __future__ import annotations

from pathlib import Path


def model_name(path: str | None) -> str:
    """The model's file name, or where the bundled one lives when no ``--model`` was given."""
    from cnnviz.cli.predict import bundled_model

    return Path(path).name if path else bundled_model().name


def format_confusion(cm, names: list[str]) -> str:
    k = len(cm)
    short = [n if len(n) <= 8 else n[:7] + "…" for n in names]
    width = max(6, max(len(str(int(v))) for row in cm for v in row) + 1, *(len(s) + 1 for s in short))
    lab = max(len(s) for s in short) + 1
    lines = ["true \\ predicted".ljust(lab + 2) if lab + 2 >= 16 else "true\\pred".ljust(lab + 2)]
    lines[0] += "".join(s.rjust(width) for s in short)
    for i in range(k):
        lines.append(short[i].ljust(lab + 2) + "".join(str(int(v)).rjust(width) for v in cm[i]))
    return "\n".join(lines)


def mistake_pairs(confusion, names: list[str]) -> list[dict]:
    """Off-diagonal cells of ``confusion``, most frequent first."""
    pairs = [{"true": names[i], "predicted": names[j], "count": int(confusion[i][j])}
             for i in range(len(confusion)) for j in range(len(confusion)) if i != j and confusion[i][j]]
    return sorted(pairs, key=lambda p: (-p["count"], p["true"], p["predicted"]))
