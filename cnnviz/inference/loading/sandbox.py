"""Parent side of the sandboxed loader: a long-lived child process, reused across loads.

The child (:mod:`.worker`) imports Keras once, then converts one file per request into a
clean ``.keras``. A request that runs past ``timeout_s`` or whose process grows past the
memory budget gets the child killed (a fresh one starts for the next request); a child
that dies (a crash in a native library on a hostile file) is reported as such. The GUI
process never deserialises an untrusted file itself.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError, WeightsOnlyError

DEFAULT_TIMEOUT_S = 120.0
START_TIMEOUT_S = 120.0


def default_memory_bytes() -> int:
    """Memory budget for the loader child: half the machine's RAM, 1.5 … 8 GB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 * 1024**3
    return int(min(8 * 1024**3, max(1.5 * 1024**3, total // 2)))


@dataclass
class Converted:
    path: Path
    format: str
    saved_by: str | None
    notes: list[str] = field(default_factory=list)


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class SandboxLoader:
    def __init__(self, *, timeout_s: float = DEFAULT_TIMEOUT_S, memory_bytes: int | None = None) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes or default_memory_bytes()
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._buffer = b""
        self.starts = 0  # how many child processes were started (tests, diagnostics)
        self._busy_since: float | None = None  # monotonic time the running request was sent
        self._cancelled = False

    # -- process ------------------------------------------------------------------------
    def _env(self) -> dict:
        env = dict(os.environ)
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        env["CUDA_VISIBLE_DEVICES"] = "-1"  # the loader never needs (or grabs) a GPU
        env["JAX_PLATFORMS"] = "cpu"
        env.setdefault("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "tensorflow"))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # The child imports cnnviz like this process did, installed or not.
        from cnnviz import PACKAGE_DIR

        root = str(PACKAGE_DIR.parent)
        env["PYTHONPATH"] = os.pathsep.join([root, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
        return env

    def _start(self) -> subprocess.Popen:
        # The child's own messages (TensorFlow chatter, tracebacks) are dropped unless
        # CNNVIZ_LOADER_LOG names a file to append them to.
        log_path = os.environ.get("CNNVIZ_LOADER_LOG", "").strip()
        try:
            stderr = open(log_path, "ab") if log_path else subprocess.DEVNULL
        except OSError:
            stderr = subprocess.DEVNULL
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "cnnviz.inference.loading.worker", str(self.memory_bytes)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                env=self._env(), start_new_session=True, close_fds=True)
        except OSError as exc:
            raise ModelLoadError(f"cannot start the model loader process ({exc})", E.CRASHED) from None
        finally:
            if stderr is not subprocess.DEVNULL:
                stderr.close()
        self.starts += 1
        self._proc = proc
        self._buffer = b""
        try:
            reply = self._read_reply(proc, START_TIMEOUT_S, "start")
        except ModelLoadError as exc:
            self._kill()
            raise ModelLoadError(f"the model loader process could not start ({exc.message})", exc.category) from None
        if not reply.get("ready"):
            self._kill()
            raise ModelLoadError("the model loader process did not start", E.CRASHED)
        return proc

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            try:
                proc.kill()
            except OSError:
                pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except (OSError, AttributeError):
                pass

    def close(self) -> None:
        """Kill the child now (also from another thread while a load waits on it: that
        load then fails with a 'loader process died' message)."""
        self._kill()

    def cancel_if_stuck(self, after_s: float = 2.0) -> bool:
        """Kill the child if one request has been running longer than ``after_s`` (a newer
        request is waiting behind it); the stuck load then fails and is ignored. Returns
        True when the child was killed. A child still starting up is left alone."""
        since = self._busy_since
        if since is None or time.monotonic() - since < after_s:
            return False
        self._cancelled = True  # the waiting thread kills the child within 0.1 s
        return True

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    # -- protocol -----------------------------------------------------------------------
    def _read_reply(self, proc: subprocess.Popen, timeout_s: float, what: str) -> dict:
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                raise ModelLoadError(f"{what} took longer than {timeout_s:.0f} s and was stopped", E.TIMEOUT)
            if self._cancelled:
                self._cancelled = False
                self._kill()
                raise ModelLoadError(f"{what} was stopped: a newer file was opened", E.CANCELLED)
            try:
                ready, _, _ = select.select([fd], [], [], min(0.1, left))
            except (OSError, ValueError):  # the pipe was closed under us (killed)
                break
            if not ready:
                if self.memory_bytes and _rss_bytes(proc.pid) > self.memory_bytes:
                    self._kill()
                    raise ModelLoadError(f"{what} needed more than {self.memory_bytes / 1024**3:.1f} GB of "
                                         "memory and was stopped", E.OUT_OF_MEMORY)
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self._buffer += chunk
            if len(self._buffer) > 16 * 1024**2:
                self._kill()
                raise ModelLoadError("the model loader process sent garbage", E.CRASHED)
        if b"\n" not in self._buffer:
            try:
                code = proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._kill()
                code = proc.returncode if proc.returncode is not None else -signal.SIGKILL
            self._proc = None
            how = (f"killed by signal {signal.Signals(-code).name}" if code < 0 and -code in signal.valid_signals()
                   else f"exit status {code}")
            # SIGKILL from outside (the kernel's OOM killer) means memory; anything else a crash.
            category = E.OUT_OF_MEMORY if code == -signal.SIGKILL else E.CRASHED
            raise ModelLoadError(f"the model loader process died during {what} ({how}); the file is "
                                 "probably damaged", category)
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            self._kill()
            raise ModelLoadError("the model loader process sent garbage", E.CRASHED) from None

    def ensure_started(self) -> None:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()

    def convert(self, src: Path, fmt: str, workdir: Path, *, extra: dict | None = None) -> Converted:
        """Have the child turn ``src`` into a clean ``workdir/clean.keras``."""
        out = workdir / "clean.keras"
        with self._lock:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                proc = self._start()
            request = {"id": next(self._ids), "src": str(src), "format": fmt,
                       "workdir": str(workdir / "work"), "out": str(out), **(extra or {})}
            try:
                proc.stdin.write((json.dumps(request) + "\n").encode())
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._kill()
                proc = self._start()
                proc.stdin.write((json.dumps(request) + "\n").encode())
                proc.stdin.flush()
            self._cancelled = False
            self._busy_since = time.monotonic()
            try:
                reply = self._read_reply(proc, self.timeout_s, f"loading {src.name}")
            finally:
                self._busy_since = None
        if reply.get("ok"):
            return Converted(out, reply.get("format", fmt), reply.get("saved_by"), list(reply.get("notes") or []))
        message = str(reply.get("message") or f"{src.name}: cannot load this model")
        category = str(reply.get("category") or E.INCOMPATIBLE)
        if reply.get("weights_only"):
            raise WeightsOnlyError(message, category)
        raise ModelLoadError(message, category)


def prewarm() -> None:
    """Start the shared loader child in the background (e.g. while the user picks a file
    in the Open dialog), so the first untrusted load does not wait for its TF import."""
    loader = shared_loader()

    def run() -> None:
        try:
            loader.ensure_started()
        except ModelLoadError:
            pass  # the next real load reports it

    threading.Thread(target=run, name="cnnviz-loader-prewarm", daemon=True).start()


_shared: SandboxLoader | None = None
_shared_lock = threading.Lock()


def shared_loader() -> SandboxLoader:
    """The process-wide loader child (started on first use, killed at exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SandboxLoader()
            atexit.register(_shared.close)
        return _shared
