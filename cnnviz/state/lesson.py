"""Where the class is in a lesson: the lesson, the current step and what each step is
missing. Qt-free; :mod:`cnnviz.app.lesson_controller` drives it and the views show it."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from cnnviz.lessons import Lesson, Missing, Step, check_resources


@dataclass
class LessonPosition:
    """A lesson and the index of the step shown (``-1`` before the first)."""

    lesson: Lesson
    index: int = -1
    #: Per step, the files it names that are not there (see :func:`check_resources`).
    missing: list[tuple[Missing, ...]] = field(default_factory=list)

    @classmethod
    def start(cls, lesson: Lesson, resolver=None) -> "LessonPosition":
        return cls(lesson, -1, check_resources(lesson, resolver))

    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def step(self) -> Step | None:
        return self.lesson.steps[self.index] if 0 <= self.index < self.count else None

    def step_missing(self) -> tuple[Missing, ...]:
        return self.missing[self.index] if 0 <= self.index < len(self.missing) else ()

    def can_go(self, direction: int) -> bool:
        return 0 <= self.index + direction < self.count

    def go_to(self, index: int) -> bool:
        """Move to step ``index`` (0-based); False (and no move) when there is none."""
        if not 0 <= index < self.count:
            return False
        self.index = index
        return True

    def move(self, direction: int) -> bool:
        return self.go_to(self.index + direction)

    def append(self, step: Step, resolver=None) -> None:
        """Add ``step`` at the end of the lesson and make it the current one."""
        self.lesson = replace(self.lesson, steps=self.lesson.steps + (step,))
        self.missing = check_resources(self.lesson, resolver)
        self.index = self.count - 1
