"""Guided lessons as data: a lesson is a TOML file of steps, each naming a page of the app,
the state to set on it and a short narration in Korean and English.

Qt-free and Keras-free, so the lesson mode of the GUI, the command line and the tests all
share it::

    from cnnviz.lessons import find_lesson, check_resources
    lesson = find_lesson("class")            # a bundled lesson, or a path
    for step in lesson.steps: ...            # step.page, step.example, step.padding, …

See docs/lessons.md for the file format.
"""
from __future__ import annotations

from .files import BundledLesson, find_lesson, lessons_dir, list_lessons, load_lesson, save_lesson
from .model import PAGES, Lesson, LessonError, MapChoice, Source, Step, Text, Transform
from .page_state import state_for
from .problems import (
    expected_grid, format_grid, lab_problem, pen_strokes, pool_problem, solve_lab, solve_pool,
)
from .record import record_step
from .resources import Missing, check_resources, default_resolver, missing_messages
from .toml_writer import dumps

__all__ = [
    "PAGES", "BundledLesson", "Lesson", "LessonError", "MapChoice", "Missing", "Source", "Step",
    "Text", "Transform", "check_resources", "default_resolver", "dumps", "expected_grid",
    "find_lesson", "format_grid", "lab_problem", "lessons_dir", "list_lessons", "load_lesson",
    "missing_messages", "pen_strokes", "pool_problem", "record_step", "save_lesson", "solve_lab",
    "solve_pool", "state_for",
]
