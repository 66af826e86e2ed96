"""cnnviz.lessons is Qt-free and Keras-free, and its lists of page settings match the pages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cnnviz.lessons import schema
from cnnviz.core import examples
from tests.test_layering import KERAS, QT

PACKAGE = Path(__file__).resolve().parents[2] / "cnnviz" / "lessons"


def test_loading_a_bundled_lesson_loads_no_qt_or_keras():
    code = ("import sys\nfrom cnnviz.lessons import find_lesson, check_resources, solve_lab\n"
            "lesson = find_lesson('class'); check_resources(lesson)\n"
            "[solve_lab(s) for s in lesson.steps if s.page == 'lab']\n"
            f"print(sorted(k for k in sys.modules if k.split('.')[0] in {sorted(QT | KERAS)!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=PACKAGE.parents[1])
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]", out.stdout


def test_input_presets_are_the_lab_pages_presets():
    pytest.importorskip("PySide6")
    from cnnviz.qt.lab.inputs import conv_input_presets, pool_input_presets

    assert set(schema.INPUT_PRESETS["lab"]) == {p.key for p in conv_input_presets()}
    pool = {p.key for p in pool_input_presets()} - set(examples.POOL_BY_KEY)
    assert set(schema.INPUT_PRESETS["pooling"]) == pool


def test_page_keys_are_the_windows_pages():
    from cnnviz.app.pages import PAGE_KEYS
    from cnnviz.lessons import PAGES

    assert list(PAGES) == PAGE_KEYS


def test_slider_ranges_are_the_digit_pages():
    pytest.importorskip("PySide6")
    from cnnviz.qt.digits.explore import SLIDERS

    for key, _title, lo, hi, _step, _unit in SLIDERS:
        want = (lo / 100, hi / 100) if key == "scale" else (lo, hi)
        assert schema.TRANSFORM_RANGES[key] == want, key
