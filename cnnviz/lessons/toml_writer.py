"""Writing a :class:`Lesson` as TOML (the standard library only reads TOML).

The output is what a teacher would write by hand: the lesson's title, then one
``[[steps]]`` table per step with ``title.ko`` / ``title.en`` and ``narration.ko`` /
``narration.en`` as dotted keys and the settings as plain values or inline tables.
"""
from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from .model import Lesson, MapChoice, Source, Step, Text, Transform
from .parse import FORMAT, VERSION


def _string(s: str) -> str:
    # A JSON string is a valid TOML basic string, except that TOML also forbids DEL raw.
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _number(v: float | int) -> str:
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"cannot write the non-finite number {v}")
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def value(v: Any) -> str:
    """One TOML value (inline form)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, (tuple, list)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, Source):
        return "{ " + f"{v.kind} = {value(v.value)}" + " }"
    if isinstance(v, MapChoice):
        return "{ " + f"layer = {value(v.layer)}, channel = {v.channel}" + " }"
    if isinstance(v, Transform):
        default = Transform()
        items = [f"{f.name} = {value(getattr(v, f.name))}" for f in dataclasses.fields(v)
                 if getattr(v, f.name) != getattr(default, f.name)]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(v, Text):
        return "{ " + f"ko = {_string(v.ko)}, en = {_string(v.en)}" + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _text_lines(name: str, text: Text) -> list[str]:
    return [f"{name}.ko = {_string(text.ko)}", f"{name}.en = {_string(text.en)}"]


def step_lines(step: Step) -> list[str]:
    lines = ["[[steps]]", f"page = {_string(step.page)}"]
    lines += _text_lines("title", step.title)
    lines += _text_lines("narration", step.narration)
    for f in dataclasses.fields(step):
        if f.name in ("page", "title", "narration"):
            continue
        v = getattr(step, f.name)
        if v is None or (f.name == "highlight" and not v):
            continue
        lines.append(f"{f.name} = {value(v)}")
    return lines


def dumps(lesson: Lesson) -> str:
    """The lesson as TOML text; :func:`cnnviz.lessons.load_lesson` reads it back equal."""
    lines = [f"format = {_string(FORMAT)}", f"version = {VERSION}"]
    lines += _text_lines("title", lesson.title)
    if lesson.description is not None:
        lines += _text_lines("description", lesson.description)
    for step in lesson.steps:
        lines.append("")
        lines += step_lines(step)
    return "\n".join(lines) + "\n"
