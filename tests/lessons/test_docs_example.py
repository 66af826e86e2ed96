"""The complete example of docs/lessons.md loads, and its error examples are what the app says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnnviz.lessons import LessonError, check_resources, load_lesson, solve_lab, solve_pool, expected_grid

DOC = Path(__file__).resolve().parents[2] / "docs" / "lessons.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)


def test_the_documented_example_loads_and_is_right(tmp_path):
    path = tmp_path / "example.toml"
    path.write_text(_blocks("toml")[0], encoding="utf-8")
    lesson = load_lesson(path)
    assert [s.page for s in lesson.steps] == ["lab", "lab", "pooling", "filters", "digits"]
    assert (solve_lab(lesson.steps[0]).output2d() == expected_grid(lesson.steps[0])).all()
    assert (solve_pool(lesson.steps[2]).output2d() == expected_grid(lesson.steps[2])).all()
    assert solve_lab(lesson.steps[1]).out_shape == (1, 2)
    missing = [m.name for step in check_resources(lesson) for m in step]
    assert missing == ["photos/street.jpg"]


def test_the_documented_messages_are_the_real_ones(tmp_path):
    shown = _blocks("text")[0].strip().splitlines()
    head = 'title = { ko = "가", en = "A" }\n'
    good = '\n[[steps]]\npage = "lab"\ntitle = { ko = "마스크", en = "Mask" }\nnarration = { ko = "가", en = "a" }\n'

    def padding_step(line):
        return ('\n[[steps]]\npage = "lab"\ntitle = { ko = "패딩", en = "Padding" }\n'
                f'narration = {{ ko = "가", en = "a" }}\n{line}\n')

    texts = [head + good * 3 + padding_step('padding = "lots"'),
             head + good * 2 + padding_step("paddng = 1"),
             head + good * 2 + "stride = 2 2\n"]
    assert len(shown) == len(texts)
    for text, want in zip(texts, shown):
        path = tmp_path / "my_class.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LessonError) as info:
            load_lesson(path)
        assert str(info.value) == want
