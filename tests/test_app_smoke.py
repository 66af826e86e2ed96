"""Launch the real ``cnnviz`` command (offscreen) and let it quit itself.

``CNNVIZ_QUIT_AFTER_MS`` closes the window after that many milliseconds;
``CNNVIZ_STARTUP_REPORT`` makes the app write its start-up timestamps (used by
``cnnviz bench``). Timings are not asserted here (the machines are noisy): the bench
command reports them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def cnnviz_command() -> list[str]:
    script = Path(sys.executable).with_name("cnnviz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cnnviz"]


def launch(tmp_path: Path, *args: str, quit_after_ms: int) -> tuple[subprocess.CompletedProcess, dict, float]:
    settings = tmp_path / "settings"
    settings.mkdir(exist_ok=True)
    report = tmp_path / "startup.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CNNVIZ_SETTINGS_DIR=str(settings),
               CNNVIZ_QUIT_AFTER_MS=str(quit_after_ms), CNNVIZ_STARTUP_REPORT=str(report),
               TF_CPP_MIN_LOG_LEVEL="3")
    started = time.time()
    proc = subprocess.run(cnnviz_command() + list(args), env=env, capture_output=True, text=True,
                          timeout=180)
    events = json.loads(report.read_text()) if report.exists() else {}
    return proc, events, started


def test_cnnviz_opens_the_window_and_quits_cleanly_in_korean_presentation_mode(tmp_path):
    proc, events, started = launch(tmp_path, "--lang", "ko", "--presentation", "--page", "lab",
                                   quit_after_ms=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "window_shown" in events and "window_interactive" in events, events
    # The window is shown first; the other pages are built right after, in the event loop.
    assert started < events["window_shown"] <= events["pages_ready"], events
    settings = tmp_path / "settings"
    ini = (settings / "cnnviz.ini").read_text()
    assert "[window]" in ini and "state=" in ini
    autosave = json.loads((settings / "autosave.cnnviz").read_text())
    assert autosave["format"] == "cnnviz-session"


def test_quitting_while_keras_still_loads_exits_cleanly(tmp_path):
    """Closing the window during the background TensorFlow import must not crash."""
    proc, events, _ = launch(tmp_path, "--geometry", "900x700+0+0", quit_after_ms=0)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Fatal Python error" not in proc.stderr, proc.stderr[-3000:]
    assert "window_shown" in events


def test_bad_geometry_is_a_one_line_error(tmp_path):
    proc, _, _ = launch(tmp_path, "--geometry", "huge", quit_after_ms=0)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "cnnviz: error: --geometry must look like 1400x900+0+0, got 'huge'"]


def test_restart_drops_only_the_language_option():
    from cnnviz.app.application import restart_arguments

    assert restart_arguments(["--lang", "ko", "--page", "lab", "--lang=en", "--presentation"]) == [
        "--page", "lab", "--presentation"]
    assert restart_arguments([]) == []
