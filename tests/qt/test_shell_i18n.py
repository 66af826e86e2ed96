"""Korean through Qt's translation system: the .ts/.qm files and the Korean window."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from cnnviz.qt import i18n
from cnnviz.qt.main_window import MainWindow


@pytest.fixture
def korean(qapp):
    assert i18n.install_language(qapp, "ko")
    yield qapp
    i18n.install_language(qapp, "en")


def ts_messages(lang: str = "ko"):
    root = ET.parse(i18n.ts_path(lang)).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            tr = m.find("translation")
            if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                continue
            text = tr.text if tr is not None else None
            if m.get("numerus") == "yes" and tr is not None:
                text = next((f.text for f in tr.iter("numerusform")), None)
            yield name, m.findtext("source"), text, (tr.get("type") if tr is not None else "unfinished")


def test_korean_window_has_translated_menus(qtbot, korean):
    w = MainWindow()
    w._persist = False
    qtbot.addWidget(w)
    w.finish_menus()
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles == ["파일(&F)", "보기(&V)", "도움말(&H)"]
    assert w.presentation.toggle_action.text() == "발표 모드(&P)"
    assert w.device_label.text() == "Keras: 불러오는 중…"
    assert i18n.current_language() == "ko"


def test_start_up_does_not_load_the_translation_tools():
    import subprocess
    import sys

    code = ("import sys; import cnnviz.qt.i18n; "
            "print(sorted(m for m in ('cnnviz.i18n_tools', 'xml.etree.ElementTree', 'ast', 'tempfile') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "cnnviz.i18n_tools" not in out.stdout and "xml.etree" not in out.stdout, out.stdout


def test_english_is_the_source_language(qtbot, qapp):
    i18n.install_language(qapp, "en")
    w = MainWindow()
    qtbot.addWidget(w)
    assert [a.text() for a in w.menuBar().actions()] == ["&File", "&View", "&Help"]


def test_qm_matches_ts(korean):
    """The compiled .qm is up to date: every translation in the .ts is what Qt returns."""
    translator = QTranslator()
    assert translator.load(str(i18n.qm_path("ko")))
    stale = [(ctx, src) for ctx, src, text, kind in ts_messages()
             if kind != "unfinished" and text and translator.translate(ctx, src) != text]
    assert not stale, ("cnnviz_ko.qm is older than cnnviz_ko.ts; run `python -m cnnviz.i18n_tools "
                       f"release`. Differs: {stale[:10]}")


PLACEHOLDER = re.compile(r"%L?\d+|%n|\{\w*(?::[^{}]*)?\}")


def test_translations_keep_placeholders_and_mnemonics():
    problems = []
    for ctx, src, text, kind in ts_messages():
        if not text or kind == "unfinished":
            continue
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"[{ctx}] {src!r} → {text!r}: placeholders differ")
        if re.search(r"&[^&\s]", src.replace("&&", "")) and "&" not in text:
            problems.append(f"[{ctx}] {src!r} → {text!r}: keyboard mnemonic (&) lost")
        if src.endswith("…") != text.endswith("…") and not text.endswith(")…"):
            problems.append(f"[{ctx}] {src!r} → {text!r}: '…' (opens a dialog) differs")
    assert not problems, "\n".join(problems)


def test_language_resolution_order(monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    assert i18n.resolve_language("ko", "en") == "ko"
    assert i18n.resolve_language(None, "ko") == "ko"
    assert i18n.resolve_language(None, "") == "en"
    assert i18n.resolve_language(None, "fr") == "en"


def test_missing_qm_falls_back_to_english(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    try:
        assert i18n.install_language(qapp, "ko") is False
        assert i18n.current_language() == "en"
        assert "missing or unreadable" in caplog.text
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        i18n.install_language(qapp, "en")


def test_translation_tool_lists_and_applies(monkeypatch, tmp_path):
    shutil.copy(i18n.ts_path("ko"), tmp_path / "cnnviz_ko.ts")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    ts = tmp_path / "cnnviz_ko.ts"
    text = ts.read_text(encoding="utf-8")
    # Turn one translation back into a to-do.
    text = text.replace("<translation>고대비</translation>", '<translation type="unfinished"></translation>')
    ts.write_text(text, encoding="utf-8")
    from cnnviz import i18n_tools

    assert ("Theme", "High contrast") in i18n_tools.untranslated("ko")
    (tmp_path / "fix.tsv").write_text("Theme\tHigh contrast\t고대비 테마\nNope\tmissing\tx\n", encoding="utf-8")
    assert i18n_tools.apply_translations(tmp_path / "fix.tsv", "ko") == 1
    assert ("Theme", "High contrast") not in i18n_tools.untranslated("ko")
    i18n_tools.release(("ko",))
    translator = QTranslator()
    assert translator.load(str(tmp_path / "cnnviz_ko.qm"))
    assert translator.translate("Theme", "High contrast") == "고대비 테마"


def test_extraction_finds_wrapped_and_constant_strings(monkeypatch, tmp_path):
    """Strings behind module-level _tr() wrappers, constants and constant tables reach the
    .ts even though lupdate's parser only sees literal tr()/translate() arguments."""
    module = tmp_path / "page.py"
    module.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QWidget\n"
        "def _tr(text):\n"
        "    return QCoreApplication.translate('SomePage', text)\n"
        "HELP = 'Press P to play.'\n"
        "KINDS = {'conv': 'Convolution', 'pool': 'Pooling'}\n"
        "MODES = {'r': ('reflect', 'mirror the edge'), 'z': ('zero', 'zeros outside')}\n"
        "class View(QWidget):\n"
        "    def build(self, kind, dynamic):\n"
        "        _tr('Open image…')\n"
        "        self.tr(HELP)\n"
        "        QCoreApplication.translate('SomePage', KINDS.get(kind, 'Layer'))\n"
        "        for key, (_name, text) in MODES.items():\n"
        "            self.tr(text)\n"
        "        self.tr(dynamic)\n", encoding="utf-8")
    from cnnviz import i18n_tools

    monkeypatch.setattr(i18n_tools, "source_files", lambda: [module])
    monkeypatch.setattr(i18n, "PROJECT_DIR", tmp_path)
    notes = []
    pairs = i18n_tools.extra_strings(report=notes.append)
    mine = [p for p in pairs if p[0] in ("SomePage", "View")]
    assert mine == [("SomePage", "Open image…"), ("View", "Press P to play."),
                    ("SomePage", "Convolution"), ("SomePage", "Pooling"), ("SomePage", "Layer"),
                    ("View", "mirror the edge"), ("View", "zeros outside")]
    assert len(notes) == 1 and "self.tr(dynamic)" in notes[0]
    # Core data the Qt layer translates by name (kernel presets, worked examples).
    assert ("KernelPresets", "Sobel X") in pairs
    assert any(ctx == "LabExamples" for ctx, _ in pairs)


def test_every_preprocessing_step_caption_is_translated(qapp):
    """Step captions are templates ("Scaled {0}×{0}") filled in after translation, so
    each one, with its numbers, reads in Korean."""
    import numpy as np

    from cnnviz.core.preprocess import preprocess_digit, preprocess_image

    from cnnviz.app.digits_controller import _translated_note

    ink = np.zeros((280, 280), np.float32)
    ink[60:220, 120:160] = 1.0
    thin = np.zeros((280, 280), np.float32)
    thin[60:220, 138:141] = 1.0                        # a hairline: the pen is thickened
    photo = np.full((90, 70, 3), 230, np.uint8)
    photo[20:70, 30:40] = 20
    tiny = np.full((20, 16, 3), 230, np.uint8)         # a thumbnail: enlarged first
    tiny[4:16, 7:9] = 20
    big = np.full((700, 600, 3), 230, np.uint8)        # a big photo: reduced first
    big[150:550, 280:320] = 20
    pictures = [preprocess_digit(ink), preprocess_digit(thin), preprocess_image(photo), preprocess_image(tiny),
                preprocess_image(big)]
    steps = [s for p in pictures for s in p.steps]
    notes = [n for p in pictures for n in p.notes]
    assert {s.caption for s in steps if s.key in ("scaled", "placed")} == {"Scaled 20×20", "In 28×28"}
    assert {"pen", "denoised", "cleaned"} <= {s.key for s in steps}
    assert any(n.startswith("enlarged from 16×20") for n in notes) and any(n.startswith("reduced") for n in notes)
    try:
        assert i18n.install_language(qapp, "ko")
        for s in steps:
            shown = QCoreApplication.translate("Preprocessing", s.title).format(*s.args)
            assert shown != s.caption and not any(c.isascii() and c.isalpha() for c in shown), (s.key, shown)
        for n in notes:   # the remarks in the status bar, numbers filled in after translation
            shown = _translated_note(n)
            assert shown != n and not any(c.isascii() and c.isalpha() for c in shown.replace("Otsu", "")), shown
        assert "16×20" in _translated_note(next(n for n in notes if n.startswith("enlarged")))
        assert "20×20" in QCoreApplication.translate("Preprocessing", "Scaled {0}×{0}").format(20)
        assert QCoreApplication.translate("Preprocessing", "Shifted / rotated / scaled") != "Shifted / rotated / scaled"
    finally:
        i18n.install_language(qapp, "en")


def test_old_and_new_maintenance_commands_both_run():
    """``python -m cnnviz.qt.i18n`` hands over to ``python -m cnnviz.i18n_tools``."""
    import subprocess
    import sys

    for module in ("cnnviz.i18n_tools", "cnnviz.qt.i18n"):
        out = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr[-2000:]
        assert "apply" in out.stdout and "check" in out.stdout, out.stdout


def test_every_page_opens_pictures_with_one_filter_of_the_formats_core_reads(qapp):
    from cnnviz.core.images import IMAGE_SUFFIXES
    from cnnviz.qt.file_dialogs import image_file_filter

    shown = image_file_filter()
    assert all(f"*{s}" in shown for s in IMAGE_SUFFIXES) and shown.endswith(";;All files (*)")
    try:
        assert i18n.install_language(qapp, "ko")
        assert image_file_filter().startswith("이미지 (*.png") and "모든 파일" in image_file_filter()
    finally:
        i18n.install_language(qapp, "en")
