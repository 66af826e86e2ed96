"""Nothing lost: the real app, killed with SIGKILL 0.2 s after the pen is lifted, comes
back with the drawing and its undo history."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
DRIVER = Path(__file__).with_name("kill_driver.py")
PROJECT = Path(__file__).resolve().parents[2]


def start(mode: str, settings: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CNNVIZ_SETTINGS_DIR=str(settings),
               TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(PROJECT))
    return subprocess.Popen([sys.executable, str(DRIVER), mode], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(proc: subprocess.Popen, prefix: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix + " "):
            return json.loads(line[len(prefix) + 1:])
        if not line and proc.poll() is not None:
            break
    proc.kill()
    pytest.fail(f"no {prefix} line from the app: {proc.stderr.read()[-3000:]}")


def test_kill_9_right_after_a_stroke_loses_neither_the_ink_nor_the_undo_history(tmp_path):
    settings = tmp_path / "settings"
    settings.mkdir()
    proc = start("draw", settings)
    drawn = wait_for(proc, "UP")
    time.sleep(0.2)                       # well within 0.3 s of the mouse-up …
    os.kill(proc.pid, signal.SIGKILL)     # … the app dies without any chance to save
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert drawn["undo"] == 2 and drawn["ink"] != drawn["after_first"]

    again = start("check", settings)
    back = wait_for(again, "BACK")
    again.wait(60)
    assert back["ink"] == drawn["ink"], (back, drawn)  # the last stroke is there …
    assert back["undo"] == drawn["undo"]               # … with its undo history,
    assert back["after_undo"] == drawn["after_first"]  # which undoes the last stroke
    assert not list(settings.glob("*.bad*"))


def test_one_bad_field_leaves_out_that_field_only_says_so_and_keeps_numbered_copies(qtbot, _isolated_settings):
    """A valid drawing survives a broken undo history and a bad tab next to it; each bad
    file is kept under a new number."""
    import numpy as np

    from cnnviz.app import session
    from cnnviz.app.application import build_window
    from cnnviz.app.autosave import Autosave

    w = build_window(None)
    w._persist = False
    qtbot.addWidget(w)
    ink = np.zeros(w.digits.canvas.buffer_shape(), np.uint8)
    ink[100:180, 130:150] = 255
    w.digits.canvas.set_ink(ink)
    data = session.collect(w)
    digits = data["controllers"]["digits"]
    assert len(digits["history"]["undo"]) == 1
    digits["history"]["undo"] = ["not base64!"]
    digits["tab"] = "second"
    path = _isolated_settings / "autosave.cnnviz"
    for n, name in enumerate(("autosave.cnnviz.bad", "autosave.cnnviz.bad.2"), 1):
        session.write_json_atomic(path, data)
        w2 = build_window(None)
        w2._persist = False
        qtbot.addWidget(w2)
        notes = Autosave(w2).restore()
        np.testing.assert_array_equal(w2.digits.canvas.ink_u8(), ink)   # the drawing is back
        assert len(notes) == 1 and "'digits'" in notes[0]
        assert "history (" in notes[0] and "tab (" in notes[0] and "ink" not in notes[0].split("(the file")[0]
        assert name in notes[0] and (_isolated_settings / name).exists()
        assert len(list(_isolated_settings.glob("*.bad*"))) == n          # none overwritten
        w2.digits.worker.stop()
    w.digits.worker.stop()
