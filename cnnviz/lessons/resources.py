"""Finding the files a lesson refers to (models, images) and saying which are missing, so
that the app can name them and skip or substitute the step."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from cnnviz.package_data import models_dir, presets_dir

from .model import Lesson, Step, Text
from .schema import BUNDLED_MODELS

#: ``resolver(kind, name) -> Path | None``: the file for a ``"model"`` or ``"image"`` named
#: in a lesson, or None when there is none.
Resolver = Callable[[str, str], Optional[Path]]


@dataclass(frozen=True)
class Missing:
    step: int      # 1-based step number
    title: Text    # the step's title
    kind: str      # "model" or "image"
    name: str      # as the lesson writes it

    def message(self, language: str = "en") -> str:
        return f'step {self.step} ("{self.title.get(language)}"): {self.kind} "{self.name}" not found'


def default_resolver(base_dir: Path | None = None) -> Resolver:
    """Bundled model keys → the bundled model; other names → an absolute path, else a path
    relative to ``base_dir`` (the lesson's folder); images also → the bundled preset images."""
    def resolve(kind: str, name: str) -> Path | None:
        candidates: list[Path] = []
        if kind == "model" and name in BUNDLED_MODELS:
            candidates.append(models_dir() / f"{name}.keras")
        else:
            p = Path(name).expanduser()
            if p.is_absolute():
                candidates.append(p)
            else:
                if base_dir is not None:
                    candidates.append(Path(base_dir) / p)
                if kind == "image":
                    candidates.append(presets_dir() / p)
        return next((c for c in candidates if c.is_file()), None)

    return resolve


def step_resources(step: Step) -> list[tuple[str, str]]:
    """``(kind, name)`` of every file the step needs."""
    out = []
    if step.model is not None:
        out.append(("model", step.model))
    if step.input is not None and step.input.kind == "image":
        out.append(("image", str(step.input.value)))
    return out


def check_resources(lesson: Lesson, resolver: Resolver | None = None) -> list[tuple[Missing, ...]]:
    """For every step (same order as ``lesson.steps``), the files it names that cannot be
    found; an empty tuple for a step that has everything."""
    resolve = resolver or default_resolver(lesson.base_dir)
    report = []
    for number, step in enumerate(lesson.steps, start=1):
        report.append(tuple(Missing(number, step.title, kind, name)
                            for kind, name in step_resources(step) if resolve(kind, name) is None))
    return report


def missing_messages(lesson: Lesson, resolver: Resolver | None = None, language: str = "en") -> list[str]:
    """One line per missing file, e.g. ``step 8 ("Your own model"): model "asl.h5" not found``."""
    return [m.message(language) for step in check_resources(lesson, resolver) for m in step]
