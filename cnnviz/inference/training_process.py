"""Live training in a child process: ``python -m cnnviz.inference.training_process``.

The GUI trains in this separate process, never in its own: TensorFlow's Python training
loop holds the GIL for long stretches (the window would stall), and the GUI process is
tuned for single-image latency while training wants every core.

Protocol (UTF-8 JSON, one object per line):

* stdin, first line — the job: ``{"arch": name or layer-spec list, "dataset": "mnist",
  "folder": path or null, "epochs": 3, "out": "x.keras", "batch_size": 200,
  "augment": "auto", "limit": null}`` (the keyword arguments of :func:`run_job`).
* stdin, later lines — ``pause``, ``resume``, ``cancel``. End of input (the app quit or
  died) cancels: training stops after the current batch, the best model so far is saved
  and the process exits (hard exit :data:`ORPHAN_EXIT_S` seconds later at the latest).
* stdout — ``{"type": "progress", "kind", "epoch", "epochs", "batch", "batches", "logs",
  "elapsed_s", "eta_s", "history", "paused"}`` (batch messages at most one per
  :data:`BATCH_EMIT_INTERVAL` seconds; the last batch of an epoch and pauses always),
  then exactly one of ``{"type": "result", "summary", "history", "model", "curves"}`` or
  ``{"type": "error", "message", "expected"}`` (``expected``: a readable message about
  the user's input — a data folder, a layer stack — rather than a bug).

The protocol owns the real stdout: anything else printed in this process (Keras, native
libraries) goes to stderr, which the parent captures; :class:`StderrTail` keeps its last
readable lines for a failure message. Parent-side helpers (:class:`MessageReader`,
:func:`child_environment`, :func:`command`) are here too, Qt-free, so that any front end
(and the tests) can drive the process the same way.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from typing import Any, BinaryIO, Mapping

from cnnviz.inference.message_streams import MessageReader, StderrTail, messages  # noqa: F401 - parent side
from cnnviz.inference.runtime import LIVE_THREAD_SETTINGS

MODULE = "cnnviz.inference.training_process"
BATCH_EMIT_INTERVAL = 0.08     # seconds between batch progress messages (~12 per second)
NICE_INCREMENT = 10            # the child's lower CPU priority (the window and its inference first)
ORPHAN_EXIT_S = 60.0           # after stdin closed: exit even if training has not stopped yet
COMMANDS = ("pause", "resume", "cancel")
EXPECTED_ERRORS = ("DatasetError", "TrainingError", "SpecError")
JOB_KEYS = ("arch", "dataset", "folder", "epochs", "out", "batch_size", "augment", "limit")
# Variables that would cap TensorFlow's threads; the GUI process sets them for itself
# (single-image latency, cnnviz.inference.runtime), the training child must not inherit
# them (it uses every core).
THREAD_LIMIT_VARIABLES = tuple(LIVE_THREAD_SETTINGS)


class JobError(ValueError):
    """The job line is not a valid training job."""


# ---------------------------------------------------------------------------------------
# Parent side (no Qt, no Keras)


def command(python: str | None = None) -> list[str]:
    """The command line that starts the training process."""
    return [python or sys.executable, "-m", MODULE]


def child_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the child: this checkout importable, TensorFlow's native
    chatter off, no inherited thread limits."""
    env = dict(os.environ if base is None else base)
    from cnnviz import PACKAGE_DIR

    root = str(PACKAGE_DIR.parent)
    env["PYTHONPATH"] = os.pathsep.join([root, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                                                 if p and p != root]])
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    for key in THREAD_LIMIT_VARIABLES:
        env.pop(key, None)
    return env


def encode_job(job: Mapping[str, Any]) -> bytes:
    """The job as the first stdin line (checked as the child will check it)."""
    return (json.dumps(validate_job(dict(job)), ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# Child side


def validate_job(job: Any) -> dict:
    """Check the job's fields (types only; the data and the layer stack are checked by
    loading them). Returns a dict with exactly :data:`JOB_KEYS`."""
    if not isinstance(job, dict):
        raise JobError(f"a training job must be a JSON object, got {type(job).__name__}")
    unknown = sorted(set(job) - set(JOB_KEYS))
    if unknown:
        raise JobError(f"unknown training job field(s): {', '.join(unknown)}")
    for key in ("arch", "dataset", "out"):
        if key not in job:
            raise JobError(f"the training job has no {key!r}")
    arch = job["arch"]
    if not (isinstance(arch, str) or (isinstance(arch, list) and all(isinstance(x, dict) for x in arch))):
        raise JobError("'arch' must be an architecture name or a list of layer objects")
    if not isinstance(job["dataset"], str) or not isinstance(job["out"], str):
        raise JobError("'dataset' and 'out' must be strings")
    folder = job.get("folder")
    if folder is not None and not isinstance(folder, str):
        raise JobError("'folder' must be a path or null")
    out = {"arch": arch, "dataset": job["dataset"], "folder": folder or None, "out": job["out"],
           "augment": job.get("augment", "auto")}
    for key, default, lo in (("epochs", None, 1), ("batch_size", 200, 1), ("limit", None, 1)):
        value = job.get(key, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < lo):
            raise JobError(f"{key!r} must be a whole number of at least {lo}, got {value!r}")
        out[key] = value
    if not isinstance(out["augment"], str):
        raise JobError("'augment' must be a string (auto, none, digits, digits_light or fashion)")
    return out


class _Channel:
    """Writes protocol messages to the real stdout (thread-safe); a closed pipe (the
    parent is gone) makes every later send a no-op and cancels the training."""

    def __init__(self, stream: BinaryIO, on_broken) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._on_broken = on_broken
        self.broken = False

    def send(self, message: dict) -> None:
        data = (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            if self.broken:
                return
            try:
                self._stream.write(data)
                self._stream.flush()
            except (OSError, ValueError):
                self.broken = True
                self._on_broken()


def read_commands(stream: BinaryIO, control, *, on_eof=None) -> None:
    """Apply ``pause`` / ``resume`` / ``cancel`` lines to ``control`` until end of input,
    which cancels (the parent went away). Unknown lines are ignored."""
    for raw in iter(stream.readline, b""):
        word = raw.decode("utf-8", "replace").strip().lower()
        if word == "pause":
            control.set_paused(True)
        elif word == "resume":
            control.set_paused(False)
        elif word == "cancel":
            control.request_cancel()
    control.request_cancel()
    if on_eof is not None:
        on_eof()


def progress_message(p) -> dict:
    return {"type": "progress", "kind": p.kind, "epoch": p.epoch, "epochs": p.epochs, "batch": p.batch,
            "batches": p.batches, "logs": dict(p.logs), "elapsed_s": p.elapsed_s, "eta_s": p.eta_s,
            "history": p.history, "paused": p.paused}


def _rate_limited(send):
    last = [0.0]

    def progress(p) -> None:
        now = time.monotonic()
        if p.kind == "batch" and not p.paused and p.batch != p.batches and now - last[0] < BATCH_EMIT_INTERVAL:
            return
        last[0] = now
        send(progress_message(p))

    return progress


def _error_message(exc: BaseException) -> tuple[str, bool]:
    """A user-readable message; True when it is about the user's input (not a bug)."""
    if any(c.__name__ in EXPECTED_ERRORS for c in type(exc).__mro__):
        return str(getattr(exc, "message", None) or exc), True
    if isinstance(exc, MemoryError):
        return "not enough memory to train this network (try a smaller batch size or fewer images)", True
    first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__, False


def _cancelled_before_start(job: dict, arch_name: str, data, seconds: float) -> dict:
    """A result summary for a job cancelled before its first batch (nothing trained)."""
    return {"architecture": arch_name, "dataset": getattr(data, "name", job["dataset"]),
            "status": "cancelled", "epochs_run": 0, "best_epoch": 0, "best_val_accuracy": float("nan"),
            "seconds": round(seconds, 1), "seconds_per_epoch": 0.0, "train_samples": 0, "val_samples": 0,
            "device": "", "model": job["out"]}


def run_job(job: dict, control, send) -> dict:
    """Train as the job says, reporting through ``send``; returns the final message.

    The data and the layer stack are checked before Keras is imported, so a bad folder or
    an impossible stack is reported in a fraction of a second.
    """
    from cnnviz.inference.architectures import get_architecture, normalize_spec
    from cnnviz.inference.datasets import load_dataset

    t0 = time.perf_counter()
    if isinstance(job["arch"], str):
        arch = get_architecture(job["arch"])
        arch_name = arch.name
    else:
        normalize_spec(job["arch"])
        arch, arch_name = job["arch"], "custom"
    data = load_dataset(job["dataset"], job["folder"])
    if control.cancel.is_set():
        return {"type": "result", "summary": _cancelled_before_start(job, arch_name, data, time.perf_counter() - t0),
                "history": {}, "model": None, "curves": None}
    from cnnviz.inference.training import train  # imports Keras / TensorFlow (seconds)

    if control.cancel.is_set():
        return {"type": "result", "summary": _cancelled_before_start(job, arch_name, data, time.perf_counter() - t0),
                "history": {}, "model": None, "curves": None}
    result = train(arch, data, None, job["epochs"], job["out"], batch_size=job["batch_size"],
                   augment=job["augment"], limit=job["limit"], control=control, on_progress=_rate_limited(send))
    return {"type": "result", "summary": result.summary(), "history": result.history,
            "model": str(result.out_path) if result.out_path.is_file() else None,
            "curves": str(result.curves_path) if result.curves_path.is_file() else None}


class LineInput:
    """Lines from a file descriptor, read with ``os.read``: no buffered reader whose lock a
    daemon thread blocked in ``readline`` would still hold at interpreter shutdown (Python
    aborts then), and no read-ahead lost between the job line and the command thread."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""
        self._eof = False

    def readline(self) -> bytes:
        while b"\n" not in self._buffer and not self._eof:
            try:
                chunk = os.read(self._fd, 4096)
            except InterruptedError:
                continue
            except OSError:
                chunk = b""
            self._eof = not chunk
            self._buffer += chunk
        line, sep, rest = self._buffer.partition(b"\n")
        self._buffer = rest
        return line + sep


def _protocol_stdout() -> BinaryIO:
    """The real stdout for the protocol; fd 1 (and ``sys.stdout``) then point at stderr so
    that nothing else printed in this process can corrupt the protocol."""
    sys.stdout.flush()
    proto = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


def lower_priority(increment: int = NICE_INCREMENT) -> None:
    """Training is background work: it gets every core the app does not need right now.
    Without this its threads (one per core) leave the app's UI thread
    waiting for a core for 100+ ms at a time on a small machine."""
    try:
        os.nice(increment)
    except (AttributeError, OSError):  # not on this system, or not allowed: train anyway
        pass


def _exit_later(seconds: float, code: int) -> None:
    def bye() -> None:
        time.sleep(seconds)
        os._exit(code)

    threading.Thread(target=bye, name="orphan-exit", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    # Ctrl+C in the terminal reaches the whole process group: the app decides (it
    # cancels or kills this process); the training must not die with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from cnnviz.inference.training import TrainingControl  # NumPy only, no Keras yet

    control = TrainingControl()
    channel = _Channel(_protocol_stdout(), control.request_cancel)
    stdin = LineInput(sys.stdin.fileno())
    try:
        job = validate_job(json.loads(stdin.readline().decode("utf-8") or "null"))
    except (ValueError, UnicodeDecodeError) as exc:
        channel.send({"type": "error", "message": f"bad training job: {exc}", "expected": False})
        return 2
    threading.Thread(target=read_commands, args=(stdin, control),
                     kwargs={"on_eof": lambda: _exit_later(ORPHAN_EXIT_S, 3)},
                     name="training-commands", daemon=True).start()
    try:
        final = run_job(job, control, channel.send)
    except BaseException as exc:  # noqa: BLE001 - every failure becomes one readable line
        message, expected = _error_message(exc)
        if not expected:
            import traceback

            traceback.print_exc()
        channel.send({"type": "error", "message": message, "expected": expected})
        return 1
    channel.send(final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
