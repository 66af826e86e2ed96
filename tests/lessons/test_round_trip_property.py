"""Any text and any finite numbers survive save and load unchanged."""
from __future__ import annotations

import pytest

from cnnviz.lessons import Lesson, Source, Step, Text, dumps, load_lesson


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

_texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(lambda s: s.strip())
_numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=60, deadline=None)
@given(ko=_texts, en=_texts, grid=st.integers(1, 4).flatmap(
    lambda w: st.lists(st.lists(_numbers, min_size=w, max_size=w), min_size=1, max_size=4)))
def test_any_text_and_numbers_round_trip(ko, en, grid):
    step = Step("lab", Text(ko, en), Text(en, ko), input=Source("matrix", tuple(tuple(r) for r in grid)),
                kernel=((1.0,),))
    lesson = Lesson(Text(ko, en), (step,))
    assert load_lesson(dumps(lesson)) == lesson

