"""TensorFlow's native start-up lines never reach a command-line user's terminal, while
everything else written to stderr (errors, progress) passes unchanged."""
from __future__ import annotations

import subprocess
import sys

from cnnviz.cli.native_logs import could_start_native_line, is_native_log_line

NATIVE = [
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    b"I0000 00:00:1795387699.519216   13641 port.cc:153] oneDNN custom operations are on.",
    b"E0000 00:00:1795387687.386057   13570 cuda_platform.cc:52] failed call to cuInit: INTERNAL",
    b"W0000 00:00:1795387687.386057   13570 cpu_feature_guard.cc:210] This TensorFlow binary",
]
OURS = [b"cnnviz predict: error: model file not found: x.h5", b"epoch 1/3: loss 0.3", b"Error: I0 is bad", b""]


def test_classification_of_lines():
    assert all(is_native_log_line(line) for line in NATIVE)
    assert not any(is_native_log_line(line) for line in OURS)
    assert could_start_native_line(b"I00") and could_start_native_line(b"WARNING: A")
    assert not could_start_native_line(b"epoch 1") and not could_start_native_line(b"\x1b[2K  [====")


def test_filter_drops_native_lines_written_to_fd2_and_keeps_ours():
    code = (
        "import os, sys\n"
        "from cnnviz.cli.native_logs import native_logs_filtered\n"
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
