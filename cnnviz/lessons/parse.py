"""Strict checking of a lesson read from TOML (plain dicts and lists) into a :class:`Lesson`.

Every problem raises :class:`LessonError` with one line that names the step (number and
title) and the field; nothing is returned half-way. Unknown keys are errors, with the
nearest known key suggested, so that a typo is never silently ignored.
"""
from __future__ import annotations

import difflib
from typing import Any

from . import schema
from .consistency import check_step
from .model import LANGUAGES, PAGES, Lesson, LessonError, Step, Text
from .schema import FieldError, shown

FORMAT = "cnnviz-lesson"
VERSION = 1
TOP_FIELDS = ("format", "version", "title", "description", "steps")


def _unknown(key: str, known: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(key, known, n=1)
    hint = f'; did you mean "{near[0]}"?' if near else f"; the fields are {', '.join(known)}"
    return f"unknown field{hint}"


def _fail(where: str, field: str, message: str) -> LessonError:
    return LessonError(f'{where}: field "{field}": {message}')


def parse_text(value: Any, where: str, field: str) -> Text:
    """``{ ko = "…", en = "…" }``: both languages, nothing else."""
    if not isinstance(value, dict):
        raise _fail(where, field, f'expected a table {{ ko = "…", en = "…" }}, got {shown(value)}')
    for lang in value:
        if lang not in LANGUAGES:
            raise _fail(where, f"{field}.{lang}", f"unknown language; a text has {' and '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        if lang not in value:
            raise _fail(where, f"{field}.{lang}", "missing (every text needs both ko and en)")
        v = value[lang]
        if not isinstance(v, str) or not v.strip():
            raise _fail(where, f"{field}.{lang}", f"expected a non-empty text, got {shown(v)}")
    return Text(ko=value["ko"], en=value["en"])


def _step_where(raw: Any, number: int | None, prefix: str) -> str:
    """``lesson.toml: step 4 ("Padding")``, with the title when it can be read."""
    title = raw.get("title") if isinstance(raw, dict) else None
    name = ""
    if isinstance(title, dict):
        name = next((title[k] for k in ("en", "ko") if isinstance(title.get(k), str) and title[k].strip()), "")
    step = "new step" if number is None else f"step {number}"
    label = f'{step} ("{name.strip()}")' if name else step
    return f"{prefix}{label}"


def parse_step(raw: Any, number: int | None, prefix: str = "") -> Step:
    """One step (``number`` is 1-based, for messages; None: a step being recorded)."""
    where = _step_where(raw, number, prefix)
    if not isinstance(raw, dict):
        raise LessonError(f"{where}: expected a table of fields ([[steps]]), got {shown(raw)}")
    for key in raw:
        if key not in schema.ALL_FIELDS:
            raise _fail(where, key, _unknown(key, schema.ALL_FIELDS))
    for key in ("page", "title", "narration"):
        if key not in raw:
            raise _fail(where, key, "missing (every step needs page, title and narration)")
    page = raw["page"]
    if page not in PAGES:
        raise _fail(where, "page", f"expected one of {', '.join(PAGES)}, got {shown(page)}")
    allowed = schema.PAGE_FIELDS[page]
    for key in raw:
        if key not in schema.COMMON_FIELDS and key not in allowed:
            raise _fail(where, key, f"not used on the {page} page (its fields: {', '.join(allowed)})")
    values: dict[str, Any] = {
        "page": page,
        "title": parse_text(raw["title"], where, "title"),
        "narration": parse_text(raw["narration"], where, "narration"),
    }
    if "highlight" in raw:
        values["highlight"] = _highlight(raw["highlight"], page, where)
    for key in allowed:
        if key in raw:
            try:
                values[key] = schema.PARSERS[key](raw[key], page)
            except FieldError as exc:
                name = f"{key}.{exc.subfield}" if exc.subfield else key
                raise _fail(where, name, str(exc)) from None
    if "example" in values and "input" in values:
        raise _fail(where, "input", "give either a worked example or an input, not both "
                    "(the example brings its own input)")
    step = Step(**values)
    try:
        check_step(step)
    except FieldError as exc:
        raise _fail(where, exc.field or "page", str(exc)) from None
    return step


def _highlight(value: Any, page: str, where: str) -> tuple[str, ...]:
    known = schema.HIGHLIGHTS[page]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _fail(where, "highlight", f"expected a list of {', '.join(known)}, got {shown(value)}")
    for item in items:
        if item not in known:
            raise _fail(where, "highlight", f"expected some of {', '.join(known)} on the {page} page, "
                        f"got {shown(item)}")
    return tuple(items)


def parse_lesson(data: Any, prefix: str = "") -> Lesson:
    """A whole lesson from the TOML document (a dict). ``prefix`` (e.g. ``"class.toml: "``)
    starts every message."""
    where = f"{prefix}lesson"
    if not isinstance(data, dict):
        raise LessonError(f"{where}: expected a table, got {shown(data)}")
    for key in data:
        if key not in TOP_FIELDS:
            raise _fail(where, key, _unknown(key, TOP_FIELDS))
    if "format" in data and data["format"] != FORMAT:
        raise _fail(where, "format", f'expected "{FORMAT}", got {shown(data["format"])}')
    if "version" in data and data["version"] != VERSION:
        raise _fail(where, "version", f"this cnnviz reads version {VERSION}, got {shown(data['version'])}")
    if "title" not in data:
        raise _fail(where, "title", 'missing (a lesson needs title = { ko = "…", en = "…" })')
    title = parse_text(data["title"], where, "title")
    description = parse_text(data["description"], where, "description") if "description" in data else None
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        got = "nothing" if steps is None else shown(steps)
        raise _fail(where, "steps", f"a lesson needs at least one [[steps]] table, got {got}")
    parsed = tuple(parse_step(raw, i, prefix) for i, raw in enumerate(steps, start=1))
    return Lesson(title=title, steps=parsed, description=description)
