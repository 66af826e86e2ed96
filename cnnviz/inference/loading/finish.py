"""Turn a loaded ``keras.Model`` into a :class:`LoadedModel` (class names, version)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cnnviz.inference.classes import class_names_for
from cnnviz.inference.loading.result import LoadedModel


def output_units(model) -> tuple[int, bool]:
    """(number of classes shown, single-sigmoid?) for the model's (first) output."""
    out = model.outputs[0] if getattr(model, "outputs", None) else None
    shape = tuple(out.shape) if out is not None else ()
    units = int(shape[-1]) if shape and shape[-1] is not None else 1
    if units == 1:
        return 2, True
    return units, False


def finish(model, path: Path, fmt: str, *, saved_by: str | None, notes: list[str], trusted: bool) -> LoadedModel:
    from cnnviz.inference.model_info import describe_model

    n, _binary = output_units(model)
    try:  # computed here (a worker thread) so views get a plain dataclass
        info = describe_model(model, saved_by=saved_by, format=fmt, notes=notes)
    except Exception:  # noqa: BLE001 - a summary problem must not fail the load
        info = None
    if info is not None and info.input_range_note:
        notes = [*notes, f"input: {info.input_range_note}"]
        info = replace(info, notes=tuple(notes))
    return LoadedModel(model=model, path=Path(path), format=fmt, saved_by=saved_by,
                       class_names=class_names_for(path, n), notes=list(notes), trusted=trusted, info=info)
