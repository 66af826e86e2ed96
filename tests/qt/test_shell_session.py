"""Sessions and autosave through real widgets: round trip, atomic writes, bad files."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QSpinBox, QVBoxLayout, QWidget

from cnnviz.app import session
from cnnviz.app.autosave import Autosave, autosave_path
from cnnviz.qt.main_window import MainWindow


class SpinController:
    """A controller with real widgets implementing the session protocol."""

    def __init__(self, page: QWidget) -> None:
        self.spin = QSpinBox(page)
        self.spin.setRange(-100, 100)
        self.edit = QLineEdit(page)
        self.ink = np.zeros((4, 5), np.float32)
        layout = QVBoxLayout(page)
        layout.addWidget(self.spin)
        layout.addWidget(self.edit)

    def session_state(self) -> dict:
        return {"value": self.spin.value(), "text": self.edit.text(),
                "ink": session.encode_array(self.ink)}

    def restore_session_state(self, state: dict) -> None:
        value = state["value"]
        if not isinstance(value, int) or not -100 <= value <= 100:
            raise ValueError(f"value {value!r} is out of range")
        ink = session.decode_array(state["ink"])
        self.spin.setValue(value)
        self.edit.setText(str(state.get("text", "")))
        self.ink = ink


def make_window(qtbot) -> MainWindow:
    w = MainWindow()
    w._persist = False
    qtbot.addWidget(w)
    for key in ("lab", "digits"):
        page = QWidget()
        setattr(w, key, SpinController(page))
        w.add_page(key, page, key.title())
    info = QWidget()
    QVBoxLayout(info).addWidget(QLabel("no state here"))
    w.add_page("about", info, "About")
    w.finish_menus()
    return w


def fill(w: MainWindow) -> None:
    w.lab.spin.setValue(42)
    w.lab.edit.setText("1,0;0,1")
    w.lab.ink = np.arange(20, dtype=np.float32).reshape(4, 5) / 20
    w.digits.spin.setValue(-7)
    w.show_page("digits")


def assert_filled(w: MainWindow) -> None:
    assert w.lab.spin.value() == 42 and w.lab.edit.text() == "1,0;0,1"
    np.testing.assert_array_equal(w.lab.ink, np.arange(20, dtype=np.float32).reshape(4, 5) / 20)
    assert w.digits.spin.value() == -7
    assert w.current_page_key() == "digits"


def test_session_file_round_trip(qtbot, tmp_path):
    w = make_window(qtbot)
    fill(w)
    path = session.save_file(w, tmp_path / "lesson.cnnviz")
    data = json.loads(path.read_text())
    assert data["format"] == "cnnviz-session" and data["version"] == session.VERSION
    assert set(data["controllers"]) == {"lab", "digits"}

    w2 = make_window(qtbot)
    assert w2.lab.spin.value() == 0
    notes = session.restore(w2, session.load_file(path))
    assert notes == []
    assert_filled(w2)


def test_open_and_save_session_menu_actions(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from cnnviz.app.application import _connect_shell

    w = make_window(qtbot)
    from cnnviz.app.model_hub import ModelHub

    w.model_hub = ModelHub(w)
    _connect_shell(w)
    fill(w)
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.save_session_action.trigger()
    assert (tmp_path / "saved.cnnviz").exists()
    w.lab.spin.setValue(1)
    w.digits.spin.setValue(2)
    w.show_page("lab")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "saved.cnnviz"), ""))
    w.open_session_action.trigger()
    assert_filled(w)


@pytest.mark.parametrize("content, expected", [
    (b"{ not json", "damaged: invalid JSON at line 1"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'{"format": "something-else", "version": 1}', "not a cnnviz session"),
    (b'[1, 2, 3]', "not a cnnviz session"),
    (b'{"format": "cnnviz-session", "version": 99, "controllers": {}}', "newer cnnviz"),
    (b'{"format": "cnnviz-session", "version": 1, "controllers": {"lab": 5}}', "'controllers' must map"),
    (b'{"format": "cnnviz-session", "version": 1, "controllers": '
     b'{"lab": {"value": 1000, "ink": {"dtype": "<f4", "shape": [1], "data": "AAAAAA=="}}}}',
     "rejected its saved state"),
])
def test_bad_session_files_change_nothing_and_say_why(qtbot, tmp_path, monkeypatch, content, expected):
    w = make_window(qtbot)
    fill(w)
    before = session.collect(w, timestamp=False)
    bad = tmp_path / "bad.cnnviz"
    bad.write_bytes(content)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    assert session.open_session_dialog(w, str(bad)) is False
    assert len(shown) == 1 and expected in shown[0] and "nothing was changed" in shown[0]
    assert session.collect(w, timestamp=False) == before


def test_failed_restore_rolls_back_pages_already_restored(qtbot, tmp_path):
    w = make_window(qtbot)
    fill(w)
    good = session.collect(w)
    good["controllers"]["lab"]["value"] = 5                   # would apply …
    good["controllers"]["digits"]["value"] = 500              # … but this one is rejected
    with pytest.raises(session.SessionError, match="'digits' page rejected"):
        session.restore(w, good)
    assert w.lab.spin.value() == 42 and w.digits.spin.value() == -7


def test_missing_model_and_unknown_page_are_reported_not_fatal(qtbot, tmp_path):
    w = make_window(qtbot)
    data = session.collect(w)
    data["model"] = str(tmp_path / "gone.keras")
    data["controllers"]["train"] = {"epochs": 3}
    notes = session.restore(w, data)
    assert any("gone.keras" in n for n in notes)
    assert any("'train'" in n for n in notes)


def test_autosave_writes_atomically_only_when_changed_and_restores(qtbot, monkeypatch, _isolated_settings):
    w = make_window(qtbot)
    saver = Autosave(w)
    assert saver.path == autosave_path() == _isolated_settings / "autosave.cnnviz"
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        replaced.append((str(src), str(dst)))
        assert os.path.dirname(str(src)) == os.path.dirname(str(dst))  # same folder
        assert json.loads(open(src, encoding="utf-8").read())["format"] == "cnnviz-session"
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert saver.save_if_changed() is True
    assert saver.save_if_changed() is False        # nothing changed: no write
    fill(w)
    assert saver.save_if_changed() is True
    assert len(replaced) == 2 and all(dst == str(saver.path) for _, dst in replaced)
    assert sorted(p.name for p in _isolated_settings.iterdir()) == ["autosave.cnnviz"]  # no temp left

    # "Restart": a new window restores the drawing, the values and the page.
    w2 = make_window(qtbot)
    notes = Autosave(w2).restore()
    assert notes == []
    assert_filled(w2)


def test_autosave_timer_writes_after_a_change(qtbot, _isolated_settings):
    w = make_window(qtbot)
    saver = Autosave(w, interval_ms=50)
    saver.start()
    qtbot.waitUntil(lambda: saver.path.exists(), timeout=3000)
    fill(w)
    qtbot.waitUntil(lambda: json.loads(saver.path.read_text())["controllers"]["lab"]["value"] == 42,
                    timeout=3000)
    saver.stop()


def test_failed_write_keeps_the_previous_autosave(qtbot, monkeypatch, _isolated_settings):
    w = make_window(qtbot)
    saver = Autosave(w)
    fill(w)
    assert saver.save_now()
    previous = saver.path.read_bytes()
    w.lab.spin.setValue(3)

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    assert saver.save_if_changed() is False
    assert saver.path.read_bytes() == previous
    assert sorted(p.name for p in _isolated_settings.iterdir()) == ["autosave.cnnviz"]


def test_corrupt_autosave_is_moved_aside(qtbot, _isolated_settings):
    path = _isolated_settings / "autosave.cnnviz"
    path.write_text('{"format": "cnnviz-session", "version": 1, "controllers": {"lab": {"value": "x"')
    w = make_window(qtbot)
    notes = Autosave(w).restore()
    assert len(notes) == 1 and "damaged" in notes[0]
    assert not path.exists() and (_isolated_settings / "autosave.cnnviz.bad").exists()
    assert w.lab.spin.value() == 0


def test_array_encoding_round_trip_and_errors():
    for a in (np.random.default_rng(0).random((28, 28)).astype(np.float32),
              np.arange(12, dtype=np.int64).reshape(3, 4), np.zeros((0, 3), np.uint8)):
        b = session.decode_array(json.loads(json.dumps(session.encode_array(a))))
        assert b.dtype == a.dtype and b.shape == a.shape
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="needs"):
        session.decode_array({"dtype": "<f4", "shape": [2, 2], "data": "AAAAAA=="})
    with pytest.raises(ValueError):
        session.decode_array({"dtype": "<f4", "shape": [1]})
    with pytest.raises(TypeError):
        session.encode_array(np.array(["a"]))


# -- the real pages --------------------------------------------------------------------
def _real_window(qtbot):
    from cnnviz.app.application import build_window

    w = build_window(None)
    w._persist = False
    qtbot.addWidget(w)
    return w


def test_real_pages_round_trip_through_a_session_file(qtbot, tmp_path):
    """Every page that keeps state comes back from a session file, shown in its widgets."""
    w = _real_window(qtbot)
    ctrls = session.controllers(w)
    if "lab" not in ctrls:
        pytest.skip("the Convolution Lab is not registered")
    lab = w.lab
    x = np.arange(25, dtype=np.float64).reshape(5, 5) - 12
    k = np.array([[0.5, -1.0, 0.0], [2.0, 1.0, -0.25], [0.0, 0.0, 3.0]])
    assert lab.show_problem(x, k, bias=0.5, padding=1, stride=2, activation="relu", title="mine")
    lab.stepper.go_to(3)
    drawing = None
    if "digits" in ctrls:  # the learner's drawing
        canvas = w.digits.canvas
        h, wd = canvas.buffer_shape()
        drawing = np.zeros((h, wd), np.float32)
        drawing[h // 4: 3 * h // 4, wd // 2 - 8: wd // 2 + 8] = 1.0   # a "1"
        canvas.set_ink(drawing, undoable=False)
    custom_layers = None
    if "training" in ctrls:  # a layer stack typed in class
        form = w.training.page.form
        custom_layers = form.spec()[:-1]
        form.set_spec(custom_layers)
        w.training.page.epochs.setValue(3)
    w.show()
    for key in w.page_keys():  # pages load their defaults when first shown, as in use
        w.show_page(key)
        qtbot.wait(10)
    w.show_page("lab")
    before = {name: c.session_state() for name, c in ctrls.items()}
    path = session.save_file(w, tmp_path / "round.cnnviz")

    w2 = _real_window(qtbot)
    assert not np.array_equal(w2.lab.input(), x)
    notes = session.restore(w2, session.load_file(path))
    assert notes == []
    np.testing.assert_array_equal(w2.lab.input(), x)
    assert w2.lab.settings()["padding"] == 1 and w2.lab.settings()["stride"] == (2, 2)
    assert w2.lab.settings()["activation"] == "relu" and w2.lab.settings()["bias"] == 0.5
    assert w2.lab.stepper.position == 3
    assert w2.current_page_key() == "lab"
    if drawing is not None:
        np.testing.assert_allclose(w2.digits.canvas.ink(), drawing, atol=1 / 255)
    if custom_layers is not None:
        assert w2.training.page.form.spec() == custom_layers
        assert w2.training.page.epochs.value() == 3
    # Every controller's state survives exactly (what it saves is what it restores).
    after = {name: c.session_state() for name, c in session.controllers(w2).items()}
    assert after == before


def test_autosave_restores_the_lab_at_start_up_of_the_real_app(tmp_path, qtbot):
    """Write an autosave with a custom lab problem, launch the real cnnviz, let it quit:
    the lab came back (and was saved again on quit)."""
    import subprocess
    import sys
    from pathlib import Path

    w = _real_window(qtbot)
    if "lab" not in session.controllers(w):
        pytest.skip("the Convolution Lab is not registered")
    x = np.array([[3.0, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]])
    assert w.lab.show_problem(x, np.array([[1.0, -1.0], [-1.0, 1.0]]), bias=-2.0, title="pi")
    settings = tmp_path / "settings"
    settings.mkdir()
    session.write_json_atomic(settings / "autosave.cnnviz", session.collect(w))

    script = Path(sys.executable).with_name("cnnviz")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "cnnviz"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CNNVIZ_SETTINGS_DIR=str(settings),
               CNNVIZ_QUIT_AFTER_MS="200", TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    saved = json.loads((settings / "autosave.cnnviz").read_text())
    lab = saved["controllers"]["lab"]
    assert np.array_equal(np.asarray(lab["input"]).reshape(4, 4), x)
    assert lab["bias"] == -2.0
    assert not (settings / "autosave.cnnviz.bad").exists()
