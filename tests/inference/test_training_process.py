"""The training child process (python -m cnnviz.inference.training_process): its
protocol helpers, the job check, and real runs — rejected jobs and a real training that
cancels when its input closes (the app died)."""
from __future__ import annotations

import json
import os
import subprocess
import threading
import time

import pytest

from cnnviz.inference import training_process as tp
from cnnviz.inference.training import TrainingControl, TrainingProgress
from tests.stripe_data import write_stripe_folder

SMALL = [{"type": "conv", "filters": 4, "kernel": 3, "activation": "relu", "padding": "valid"},
         {"type": "pool", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 16, "activation": "relu"}]


def job(**kw) -> dict:
    return {"arch": SMALL, "dataset": "mnist", "folder": None, "epochs": 2, "out": "x.keras",
            "batch_size": 40, "augment": "none", "limit": None, **kw}


# -- parent-side helpers ------------------------------------------------------------------

def test_message_reader_joins_lines_split_anywhere():
    msgs = [{"type": "progress", "kind": "batch", "logs": {"loss": 0.5}, "note": "손글씨 ✓"},
            {"type": "result", "summary": {"status": "completed"}}]
    data = b"".join(json.dumps(m, ensure_ascii=False).encode() + b"\n" for m in msgs)
    for step in (1, 3, 7, len(data)):                  # also inside a multi-byte character
        reader = tp.MessageReader()
        got = []
        for i in range(0, len(data), step):
            got += reader.feed(data[i:i + step])
        assert got == msgs and reader.pending == b""


def test_message_reader_skips_stray_lines_and_keeps_them():
    reader = tp.MessageReader()
    got = reader.feed(b'Epoch 1/2\n[1, 2]\n{"no type": 1}\n{"type": "error", "message": "m"}\n{"type": "res')
    assert got == [{"type": "error", "message": "m"}]
    assert list(reader.stray) == ["Epoch 1/2", "[1, 2]", '{"no type": 1}']
    assert reader.pending == b'{"type": "res'
    assert reader.feed(b'ult"}\n') == [{"type": "result"}]


def test_stderr_tail_drops_native_log_lines_and_finds_the_exception():
    tail = tp.StderrTail(lines=5)
    tail.feed(b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
              b"I0000 00:00:1795390628.519985   30922 port.cc:153] oneDNN custom operations are on.\r\n"
              b"E0000 00:00:1795390628.5 30922 cuda_executor.cc:1] failed call to cuInit\n"
              b"Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
              b"    boom()\nRuntimeErr")
    tail.feed(b"or: the disk is full\n")
    assert tail.lines() == ["Traceback (most recent call last):", '  File "x.py", line 1, in <module>',
                            "    boom()", "RuntimeError: the disk is full"]
    assert tail.last_error() == "RuntimeError: the disk is full"
    assert tp.StderrTail().last_error() is None


def test_child_environment_imports_this_checkout_and_drops_thread_limits():
    env = tp.child_environment({"PYTHONPATH": "/elsewhere", "TF_NUM_INTRAOP_THREADS": "1",
                                "TF_NUM_INTEROP_THREADS": "1", "HOME": "/home/x"})
    from cnnviz import PACKAGE_DIR

    assert env["PYTHONPATH"].split(os.pathsep) == [str(PACKAGE_DIR.parent), "/elsewhere"]
    assert "TF_NUM_INTRAOP_THREADS" not in env and "TF_NUM_INTEROP_THREADS" not in env
    assert env["HOME"] == "/home/x" and env["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert tp.child_environment({"TF_CPP_MIN_LOG_LEVEL": "0"})["TF_CPP_MIN_LOG_LEVEL"] == "0"
    assert tp.command("/py") == ["/py", "-m", "cnnviz.inference.training_process"]


@pytest.mark.parametrize("bad, words", [
    ([], "must be a JSON object"),
    (job(extra=1), "unknown training job field(s): extra"),
    ({"arch": "textbook", "dataset": "mnist"}, "has no 'out'"),
    (job(arch=[1, 2]), "'arch' must be an architecture name or a list of layer objects"),
    (job(epochs=0), "'epochs' must be a whole number of at least 1, got 0"),
    (job(batch_size=True), "'batch_size' must be a whole number"),
    (job(folder=3), "'folder' must be a path or null"),
])
def test_bad_jobs_are_named(bad, words):
    with pytest.raises(tp.JobError) as info:
        tp.validate_job(bad)
    assert words in str(info.value)


def test_encode_job_is_one_checked_line():
    line = tp.encode_job(job(folder="/data/손글씨", limit=300))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == job(folder="/data/손글씨", limit=300)


def _wait_for(condition, timeout=5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_commands_set_the_control_and_end_of_input_cancels():
    control = TrainingControl()
    eof = threading.Event()
    read_fd, write_fd = os.pipe()
    lines = tp.LineInput(read_fd)
    os.write(write_fd, b'{"job": 1}\npau')                 # the job line, then a command in pieces
    assert lines.readline() == b'{"job": 1}\n'
    thread = threading.Thread(target=tp.read_commands, args=(lines, control), kwargs={"on_eof": eof.set})
    thread.start()
    try:
        os.write(write_fd, b"se\n")
        assert _wait_for(control.pause.is_set)
        os.write(write_fd, b"RESUME\r\nnonsense\n")
        assert _wait_for(lambda: not control.pause.is_set())
        os.write(write_fd, b"pause\n")
        assert _wait_for(control.pause.is_set) and not control.cancel.is_set() and not eof.is_set()
    finally:
        os.close(write_fd)                                  # the parent went away
    thread.join(5)
    assert eof.is_set() and control.cancel.is_set() and not control.pause.is_set()  # a cancel ends the pause
    os.close(read_fd)
    assert tp.LineInput(os.open(os.devnull, os.O_RDONLY)).readline() == b""


def test_batch_progress_is_rate_limited_but_epoch_ends_and_pauses_always_pass():
    sent = []
    progress = tp._rate_limited(sent.append)

    def p(kind, batch, paused=False):
        return TrainingProgress(kind, 1, 2, batch, 10, {"loss": 1.0}, 0.1, 2.0, None, paused)

    for b in range(1, 11):                    # ten batches in far less than BATCH_EMIT_INTERVAL
        progress(p("batch", b))
    progress(p("batch", 10, paused=True))
    progress(p("epoch", 10))
    assert [(m["kind"], m["batch"], m["paused"]) for m in sent] == [
        ("batch", 1, False), ("batch", 10, False), ("batch", 10, True), ("epoch", 10, False)]
    assert set(sent[0]) == {"type", "kind", "epoch", "epochs", "batch", "batches", "logs", "elapsed_s", "eta_s",
                            "history", "paused"}


# -- the real child -----------------------------------------------------------------------

def _run(job_line: bytes, timeout: float = 60) -> tuple[list[dict], int, str]:
    proc = subprocess.run(tp.command(), input=job_line, capture_output=True, timeout=timeout,
                          env=tp.child_environment())
    reader = tp.MessageReader()
    return reader.feed(proc.stdout), proc.returncode, proc.stderr.decode("utf-8", "replace")


def test_rejected_jobs_answer_with_one_readable_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    data = write_stripe_folder(tmp_path / "data", 40, 10)
    bad_spec = [{"type": "conv", "filters": 4, "kernel": 5}, {"type": "pool", "size": 2},
                {"type": "conv", "filters": 4, "kernel": 13}]
    cases = [
        (tp.encode_job(job(folder=str(empty))), 1, f"{empty}: no MNIST handwritten digits files"),
        (tp.encode_job(job(folder=str(data), arch=bad_spec)), 1, "layer 3 (conv): a 13×13 kernel does not fit"),
        (tp.encode_job(job(folder=str(data), arch="resnet")), 1, "unknown architecture 'resnet'"),
        (b"not json\n", 2, "bad training job: "),
        (b"", 2, "bad training job: a training job must be a JSON object"),
    ]
    for line, code, words in cases:
        messages, rc, err = _run(line)
        assert rc == code, err
        assert [m["type"] for m in messages] == ["error"]
        assert words in messages[0]["message"], messages[0]["message"]
        assert messages[0]["expected"] is (code == 1)
        assert "tensorflow" not in err.lower()           # rejected before TensorFlow was imported


def test_real_training_reports_progress_and_cancels_when_its_input_closes(tmp_path):
    """The app died: stdin closes, the child stops after the current batch, saves and
    reports the cancelled result (if anyone still reads it) and exits 0."""
    data = write_stripe_folder(tmp_path / "data", 2000, 50)
    out = tmp_path / "orphan.keras"
    proc = subprocess.Popen(tp.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=tp.child_environment())
    try:
        proc.stdin.write(tp.encode_job(job(folder=str(data), out=str(out), epochs=50)))
        proc.stdin.flush()
        got = []
        for m in tp.messages(proc.stdout):
            got.append(m)
            if m["type"] == "progress" and m["kind"] == "batch" and not proc.stdin.closed:
                proc.stdin.close()
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()[-2000:]
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    kinds = [m.get("kind", m["type"]) for m in got]
    assert kinds[0] == "start" and "batch" in kinds and kinds[-2:] == ["end", "result"]
    first = next(m for m in got if m.get("kind") == "batch")
    assert first["epochs"] == 50 and first["batches"] == 45 and 0 < first["batch"] <= 45
    assert set(first["logs"]) >= {"loss", "accuracy"} and first["elapsed_s"] > 0
    result = got[-1]
    assert result["summary"]["status"] == "cancelled"
    assert result["summary"]["epochs_run"] < 50 and result["summary"]["train_samples"] == 1800
    assert result["model"] == str(out) and out.is_file()
