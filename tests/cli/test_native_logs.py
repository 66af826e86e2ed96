"""TensorFlow's native start-up lines never reach a command-line user's terminal, while
everything else written to stderr (errors, progress) passes unchanged."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnviz.cli.native_logs import could_start_native_line, is_native_log_line

NATIVE = [
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    b"I0000 00:00:1795387699.519216   13641 port.cc:153] oneDNN custom operations are on.",
    b"E0000 00:00:1795387687.386057   13570 cuda_platform.cc:52] failed call to cuInit: INTERNAL",
    b"W0000 00:00:1795387687.386057   13570 cpu_feature_guard.cc:210] This TensorFlow binary",
]
OURS = [b"cnnviz predict: error: model file not found: x.h5", b"epoch 1/3: loss 0.3", b"Error: I0 is bad", b"",
        # A fatal line comes just before TensorFlow aborts: the user must see it.
        b"F0000 00:00:1795387687.386057   13570 op_kernel.cc:1] Check failed: shape mismatch"]
PROJECT = Path(__file__).resolve().parents[2]


def user_environment(**extra: str) -> dict:
    """A user's terminal: no TF_CPP_MIN_LOG_LEVEL (the test set-up sets one), this checkout."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env["PYTHONPATH"] = str(PROJECT)
    env.update(extra)
    return env


def test_classification_of_lines():
    assert all(is_native_log_line(line) for line in NATIVE)
    assert not any(is_native_log_line(line) for line in OURS)
    assert could_start_native_line(b"I00") and could_start_native_line(b"WARNING: A")
    assert not could_start_native_line(b"epoch 1") and not could_start_native_line(b"\x1b[2K  [====")


@pytest.mark.parametrize("where", ["process", "thread"])
def test_filter_drops_native_lines_written_to_fd2_and_keeps_ours(where):
    code = (
        "import os, sys\n"
        "from cnnviz.cli import native_logs\n"
        "from cnnviz.cli.native_logs import native_logs_filtered\n"
        + ("native_logs._start_process = lambda *a: None  # as where no process can start\n"
           if where == "thread" else "") +
        "with native_logs_filtered():\n"
        f"    os.write(2, {NATIVE[0]!r} + b'\\n' + {NATIVE[1]!r} + b'\\n')\n"
        "    print('cnnviz predict: error: bad image', file=sys.stderr)\n"
        "    sys.stderr.write('progress 50%\\r'); sys.stderr.flush()\n"
        f"    os.write(2, {NATIVE[2]!r} + b'\\n')\n"
        "    sys.stderr.write('progress 100%\\n')\n"
        "print('after', file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stderr == b"cnnviz predict: error: bad image\nprogress 50%\rprogress 100%\nafter\n"


def test_asking_for_tensorflow_logs_turns_the_filter_off():
    code = (
        "import os\n"
        "from cnnviz.cli.native_logs import native_logs_filtered\n"
        "with native_logs_filtered():\n"
        f"    os.write(2, {NATIVE[1]!r} + b'\\n')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "0"})
    assert out.stderr == NATIVE[1] + b"\n"


def test_last_words_of_a_crashing_process_still_reach_the_terminal(tmp_path):
    """The filter runs in its own process: what the app writes just before it aborts (a
    fatal TensorFlow line, a Qt message) is passed on after the app is gone."""
    code = (
        "import os\n"
        "from cnnviz.cli.native_logs import native_logs_filtered\n"
        "with native_logs_filtered():\n"
        f"    os.write(2, {NATIVE[1]!r} + b'\\n' + {OURS[-1]!r} + b'\\n')\n"
        "    os.abort()\n"
    )
    log = tmp_path / "stderr.txt"
    with log.open("wb") as err:
        out = subprocess.run([sys.executable, "-c", code], stderr=err, env=user_environment(), timeout=60)
    assert out.returncode != 0
    for _ in range(100):  # the filter process writes once it sees the pipe close
        if log.read_bytes().endswith(b"\n"):
            break
        time.sleep(0.05)
    assert log.read_bytes() == OURS[-1] + b"\n"


# The window imports TensorFlow in a worker thread after preloading its libraries, as
# cnnviz.app.model_hub does; this stands in for run_gui so that no window is needed.
GUI_STAND_IN = """
import sys, threading
import cnnviz.app.application as application

def run_gui(args):
    def load():
        from cnnviz.inference.native_preload import preload_tensorflow_libraries
        preload_tensorflow_libraries()
        import tensorflow as tf
        tf.constant([1.0]) + 1.0  # first use: CUDA probing (cuInit) happens here
    worker = threading.Thread(target=load)
    worker.start()
    worker.join()
    print("window closed", file=sys.stderr)
    return 0

application.run_gui = run_gui
"""


def test_launching_the_window_keeps_tensorflow_chatter_off_the_terminal():
    pytest.importorskip("tensorflow")
    bare = subprocess.run([sys.executable, "-c", GUI_STAND_IN + "sys.exit(run_gui(None))"],
                          capture_output=True, env=user_environment(), timeout=300)
    assert bare.returncode == 0, bare.stderr[-2000:]
    if not any(is_native_log_line(line) for line in bare.stderr.splitlines()):
        pytest.skip("TensorFlow prints no native log lines on this machine: nothing to hide")
    launched = subprocess.run(
        [sys.executable, "-c", GUI_STAND_IN + "from cnnviz.cli.main import main\nsys.exit(main([]))"],
        capture_output=True, env=user_environment(), timeout=300)
    assert launched.returncode == 0, launched.stderr[-2000:]
    assert launched.stderr == b"window closed\n"
