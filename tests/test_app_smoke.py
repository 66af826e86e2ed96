"""Launch the real ``cnnviz`` command (offscreen) and let it quit itself.

``CNNVIZ_QUIT_AFTER_MS`` closes the window after that many milliseconds. Timings are not
asserted here (the machines are noisy): ``python -m benchmarks`` reports them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def cnnviz_command() -> list[str]:
    script = Path(sys.executable).with_name("cnnviz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cnnviz"]


def launch(tmp_path: Path, *args: str, quit_after_ms: int) -> subprocess.CompletedProcess:
    settings = tmp_path / "settings"
    settings.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CNNVIZ_SETTINGS_DIR=str(settings),
               CNNVIZ_QUIT_AFTER_MS=str(quit_after_ms), TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(cnnviz_command() + list(args), env=env, capture_output=True, text=True, timeout=180)


def test_cnnviz_opens_the_window_and_quits_cleanly_in_korean_presentation_mode(tmp_path):
    proc = launch(tmp_path, "--lang", "ko", "--presentation", "--page", "lab", quit_after_ms=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    # The window saved its layout and the session was autosaved on quitting.
    settings = tmp_path / "settings"
    ini = (settings / "cnnviz.ini").read_text()
    assert "[window]" in ini and "state=" in ini
    autosave = json.loads((settings / "autosave.cnnviz").read_text())
    assert autosave["format"] == "cnnviz-session"


def test_quitting_while_keras_still_loads_exits_cleanly(tmp_path):
    """Closing the window during the background TensorFlow import must not crash."""
    proc = launch(tmp_path, "--geometry", "900x700+0+0", quit_after_ms=0)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Fatal Python error" not in proc.stderr, proc.stderr[-3000:]


def test_bad_geometry_is_a_one_line_error(tmp_path):
    proc = launch(tmp_path, "--geometry", "huge", quit_after_ms=0)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "cnnviz: error: --geometry must look like 1400x900+0+0, got 'huge'"]


def test_restart_drops_only_the_language_option():
    from cnnviz.app.application import restart_arguments

    assert restart_arguments(["--lang", "ko", "--page", "lab", "--lang=en", "--presentation"]) == [
        "--page", "lab", "--presentation"]
    assert restart_arguments([]) == []
