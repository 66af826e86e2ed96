"""Class names for a model's outputs: from a sidecar file beside the model, else 0…N−1.

Sidecars are looked up in this order: ``<stem>.labels.txt``, ``<stem>.classes.json``,
``labels.txt``, ``classes.json`` (in the model's folder). ``labels.txt`` holds one name per
line, or — as Google Teachable Machine writes it — ``<index> <name>`` per line with the
indices 0…N−1 in order ("0 Cat", "1 5 Galoon": the name is everything after the first
space, digits included); ``classes.json`` a JSON list of names or an object mapping
index → name. A sidecar whose count does not match the model's outputs is ignored (the
defaults are used).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

MAX_SIDECAR_BYTES = 1_000_000
_INDEXED = re.compile(r"^(\d+)\s+(\S.*)$")


def default_class_names(n_outputs: int) -> list[str]:
    return [str(i) for i in range(max(0, int(n_outputs)))]


def sidecar_candidates(model_path: str | os.PathLike) -> list[Path]:
    p = Path(model_path)
    stem = p.name
    for suffix in (".keras", ".hdf5", ".h5"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if stem.lower().endswith(".weights"):
        stem = stem[: -len(".weights")]
    d = p.parent
    return [d / f"{stem}.labels.txt", d / f"{stem}.classes.json", d / "labels.txt", d / "classes.json"]


def read_class_names(path: str | os.PathLike) -> list[str]:
    """Names from one sidecar file (``.txt``: one per line; ``.json``: list or dict)."""
    p = Path(path)
    if p.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError(f"{p.name} is larger than {MAX_SIDECAR_BYTES} bytes")
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() == ".json":
        data = json.loads(text)
        if isinstance(data, dict):
            for key in ("classes", "class_names", "labels", "names"):
                if isinstance(data.get(key), (list, dict)):
                    data = data[key]
                    break
        if isinstance(data, dict):
            items = sorted(((int(k), str(v)) for k, v in data.items()), key=lambda kv: kv[0])
            if [k for k, _ in items] != list(range(len(items))):
                raise ValueError(f"{p.name}: keys must be 0…N−1")
            return [v for _, v in items]
        if isinstance(data, list):
            return [str(x) for x in data]
        raise ValueError(f"{p.name}: expected a JSON list of class names")
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return strip_indices(lines)


def strip_indices(lines: list[str]) -> list[str]:
    """``["0 Cat", "1 Dog"]`` → ``["Cat", "Dog"]`` when every line starts with its own
    index 0…N−1 and a space; any other list is returned as it is (plain names)."""
    matches = [_INDEXED.match(line) for line in lines]
    if lines and all(m is not None and int(m.group(1)) == i for i, m in enumerate(matches)):
        return [m.group(2).strip() for m in matches]
    return lines


def class_names_for(model_path: str | os.PathLike | None, n_outputs: int) -> list[str]:
    """One name per output unit from the first matching sidecar, else ``"0"…"N−1"``."""
    n = int(n_outputs)
    if model_path is not None:
        for candidate in sidecar_candidates(model_path):
            try:
                if not candidate.is_file():
                    continue
                names = read_class_names(candidate)
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            if len(names) == n and all(names):
                return names
    return default_class_names(n)


def write_class_names(model_path: str | os.PathLike, names: list[str]) -> Path:
    """Save names as ``<stem>.labels.txt`` beside the model; returns the file written."""
    target = sidecar_candidates(model_path)[0]
    target.write_text("".join(f"{n.strip()}\n" for n in names), encoding="utf-8")
    return target
