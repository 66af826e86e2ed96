"""Reading and writing lesson files, and the lessons bundled with the app.

A lesson file is TOML (see docs/lessons.md). The bundled lessons are package data in
``cnnviz/data/lessons/<name>.toml``, found with :mod:`importlib.resources`.
"""
from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cnnviz.package_data import data_dir

from .model import Lesson, LessonError, Text
from .parse import parse_lesson
from .toml_writer import dumps

SUFFIX = ".toml"
_LINE = re.compile(r"\s*\(at line (\d+)(?:, column (\d+))?\)")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*=")


def lessons_dir() -> Path:
    """Where the bundled lessons are."""
    return data_dir("lessons")


def _syntax_message(text: str, exc: tomllib.TOMLDecodeError, prefix: str) -> str:
    """Name the line, and where possible the step and field, of a TOML syntax error."""
    reason = _LINE.sub("", str(exc)).strip()
    m = _LINE.search(str(exc))
    lines = text.splitlines()
    if not m:
        if "end of document" not in reason:
            return f"{prefix}lesson: not valid TOML: {reason}"
        reason = reason.replace("(at end of document)", "").strip()
        step = sum(1 for ln in lines if ln.strip().startswith("[[steps]]"))
        return f"{prefix}{f'step {step}' if step else 'lesson'}: at the end of the file: not valid TOML: {reason}"
    line_no = int(m.group(1))
    before = lines[: line_no - 1]
    step = sum(1 for ln in before if ln.strip().startswith("[[steps]]"))
    where = f"step {step}" if step else "lesson"
    key = _KEY.match(lines[line_no - 1]) if 0 < line_no <= len(lines) else None
    field = f' field "{key.group(1)}":' if key else ""
    column = f", column {m.group(2)}" if m.group(2) else ""
    return f"{prefix}{where}:{field} line {line_no}{column}: not valid TOML: {reason}"


def _looks_like_text(value: str) -> bool:
    """TOML text rather than a path: several lines, or a ``key = value`` that is no file."""
    if "\n" in value:
        return True
    return "=" in value and not value.endswith(SUFFIX) and not Path(value).exists()


def load_lesson(path_or_text: str | os.PathLike) -> Lesson:
    """Read and check a lesson from a file path or from TOML text.

    Raises :class:`LessonError` (one line naming the file, step and field) for any problem;
    a lesson is returned complete or not at all.
    """
    source: Path | None = None
    if isinstance(path_or_text, str) and _looks_like_text(path_or_text):
        text, prefix = path_or_text, ""
    else:
        source = Path(path_or_text)
        prefix = f"{source.name}: "
        try:
            text = source.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise LessonError(f"{source}: no such lesson file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LessonError(f"{source}: cannot read the lesson: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(_syntax_message(text, exc, prefix)) from None
    lesson = parse_lesson(data, prefix)
    if source is not None:
        lesson = Lesson(lesson.title, lesson.steps, lesson.description, source=source.resolve())
    return lesson


def save_lesson(lesson: Lesson, path: str | os.PathLike) -> Path:
    """Write ``lesson`` to ``path`` (atomically: a crash never leaves half a file)."""
    text = dumps(lesson)
    parse_lesson(tomllib.loads(text))  # never write a file that would not load
    target = Path(path)
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".lesson-", suffix=SUFFIX, dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise LessonError(f"{target}: cannot save the lesson: {exc.strerror or exc}") from None
    return target


@dataclass(frozen=True)
class BundledLesson:
    name: str      # for ``cnnviz --lesson NAME``
    title: Text
    steps: int
    path: Path


def list_lessons() -> list[BundledLesson]:
    """The lessons that ship with the app, sorted by name."""
    out = []
    for path in sorted(lessons_dir().glob(f"*{SUFFIX}")):
        lesson = load_lesson(path)
        out.append(BundledLesson(path.stem, lesson.title, len(lesson.steps), path))
    return out


def find_lesson(name_or_path: str | os.PathLike) -> Lesson:
    """A bundled lesson by name (``class``), else a lesson file by path."""
    text = str(name_or_path)
    bundled = lessons_dir() / f"{text}{SUFFIX}"
    if os.sep not in text and "/" not in text and not text.endswith(SUFFIX) and bundled.is_file():
        return load_lesson(bundled)
    path = Path(name_or_path)
    if not path.exists() and not text.endswith(SUFFIX):
        names = ", ".join(p.stem for p in sorted(lessons_dir().glob(f"*{SUFFIX}")))
        raise LessonError(f"no bundled lesson or lesson file named {text!r}; the bundled lessons are {names}")
    return load_lesson(path)
