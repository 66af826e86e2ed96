"""``--page NAME``: a page is found by its key or its tab title in English or Korean, in
any case; an unknown name lists the keys."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from cnnviz.app.pages import PAGE_KEYS, PAGES
from cnnviz.qt.i18n import qm_path


def korean(context: str, source: str) -> str:
    t = QTranslator()
    assert t.load(str(qm_path("ko")))
    return t.translate(context, source)


@pytest.fixture
def window(qtbot):
    from cnnviz.app.application import build_window

    w = build_window(None)
    w._persist = False
    qtbot.addWidget(w)
    return w


def test_every_registered_page_is_built_under_its_key(window):
    assert window.page_keys() == PAGE_KEYS


@pytest.mark.parametrize("name, key", [
    ("evaluate", "evaluate"), ("evaluation", "evaluate"), ("Evaluation", "evaluate"), ("EVALUATION", "evaluate"),
    ("Live training", "train"), ("live training", "train"), ("training", "train"), ("Train", "train"),
    ("convolution lab", "lab"), ("Image filters", "filters"), ("draw a digit", "digits"),
])
def test_keys_and_english_titles_in_any_case(window, name, key):
    other = "lab" if key != "lab" else "model"
    window.show_page(other)
    assert window.show_page(name)
    assert window.current_page_key() == key


def test_korean_titles_find_their_pages_in_an_english_window(window):
    for spec in PAGES:
        title = korean(spec.context, spec.title)
        assert title and title != spec.title, f"no Korean title for {spec.key}"
        window.show_page("lab" if spec.key != "lab" else "model")
        assert window.show_page(title), title
        assert window.current_page_key() == spec.key


def test_unknown_names_find_nothing(window):
    window.show_page("model")
    assert not window.show_page("no such page")
    assert window.page_key("") is None
    assert window.current_page_key() == "model"


def test_help_lists_the_keys():
    from cnnviz.cli.main import build_parser

    text = build_parser().format_help()
    assert all(k in text for k in PAGE_KEYS), text


@pytest.mark.slow
def test_unknown_page_on_the_command_line_prints_the_valid_keys(tmp_path):
    settings = tmp_path / "settings"
    settings.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CNNVIZ_SETTINGS_DIR=str(settings),
               CNNVIZ_QUIT_AFTER_MS="500", TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.run([sys.executable, "-m", "cnnviz", "--page", "nowhere"], env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "no page called 'nowhere'" in proc.stderr
    assert ", ".join(PAGE_KEYS) in proc.stderr, proc.stderr[-2000:]
