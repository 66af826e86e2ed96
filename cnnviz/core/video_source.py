"""Frames from a webcam or a video file, read in a background thread (OpenCV only, no Qt).

:class:`VideoSource` opens a camera index or a video file in its own thread and keeps
ONLY the newest frame: a reader that takes frames more slowly than they come never builds
a queue, it gets the newest frame when it asks (:meth:`VideoSource.newest`). The thread
calls ``on_frame()`` once when a frame is waiting, and not again until the reader has
taken it, so a notification per frame never piles up either.

Errors are :class:`SourceError`\\ s with a ``kind`` (for a translated message) and a
one-line English message, handed to ``on_error(error)`` from the thread; the thread then
ends and the app keeps running:

* ``no_camera``: no camera at that index (none connected, or the index is wrong);
* ``in_use``: the camera opened but gives no picture (another program may hold it);
* ``unplugged``: a camera that gave pictures stopped (unplugged mid-stream);
* ``unreadable``: a file that does not exist or that OpenCV cannot decode.

A video file plays at its own frame rate and LOOPS at its end (a classroom demo runs
until stopped); ``loop=False`` stops there with kind ``ended`` instead.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

NO_CAMERA, IN_USE, UNPLUGGED, UNREADABLE, ENDED = "no_camera", "in_use", "unplugged", "unreadable", "ended"
FAILED_READS = 5          # a camera read fails this many times in a row: it is gone
RETRY_S = 0.05            # between failed camera reads
DEFAULT_FPS = 30.0
MAX_SIDE = 1280           # larger frames (a 4K camera) are shrunk in the reading thread


class SourceError(Exception):
    """A source that cannot give frames: ``kind`` (see the module doc), ``source`` (the
    camera index or file name) and a one-line message."""

    def __init__(self, kind: str, source: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.source = source


@dataclass(frozen=True)
class Frame:
    index: int            # 0, 1, 2, … in the order read (it keeps counting when a file loops)
    image: np.ndarray     # (H, W, 3) uint8 RGB
    position: int = -1    # the frame's number in the file (-1 for a camera)


def parse_source(text: str | int | Path) -> int | Path:
    """A camera index (an int, or a string of digits) or a video file path."""
    if isinstance(text, int):
        return text
    s = str(text).strip()
    return int(s) if s.isdigit() else Path(s)


def describe(source: int | Path) -> str:
    return f"camera {source}" if isinstance(source, int) else Path(source).name


def _default_capture(source):
    import cv2

    return cv2.VideoCapture(source)


class VideoSource:
    """Frames of ``source`` (a camera index or a video file), newest only.

    ``capture_factory(source)`` returns an object with OpenCV's ``VideoCapture`` methods
    (``isOpened``, ``read``, ``get``, ``set``, ``release``); tests pass a video file
    dressed as a camera. ``pace``: play files at their frame rate (else as fast as they
    decode). Frames with a side over ``max_side`` pixels are shrunk (aspect kept). Call
    :meth:`start` once and :meth:`stop` at the end."""

    def __init__(self, source: int | str | Path, *, on_frame: Callable[[], None] | None = None,
                 on_error: Callable[[SourceError], None] | None = None,
                 capture_factory: Callable | None = None, loop: bool = True, pace: bool = True,
                 max_side: int = MAX_SIDE) -> None:
        self.source = parse_source(source)
        self.is_camera = isinstance(self.source, int)
        self.name = describe(self.source)
        self._on_frame = on_frame or (lambda: None)
        self._on_error = on_error or (lambda _e: None)
        self._factory = capture_factory or _default_capture
        self.loop = loop
        self.pace = pace
        self.max_side = int(max_side)
        self.fps = DEFAULT_FPS
        self.error: SourceError | None = None
        self.frames_read = 0
        self._cond = threading.Condition()
        self._newest: Frame | None = None
        self._taken = -1                # index of the last frame handed out
        self._notified = False
        self._paused = False
        self._stop = False
        self._thread: threading.Thread | None = None

    # -- any thread -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cnnviz-video", daemon=True)
            self._thread.start()

    def newest(self) -> Frame | None:
        """The newest frame if it was not handed out yet (older ones were dropped)."""
        with self._cond:
            self._notified = False
            f = self._newest
            if f is None or f.index == self._taken:
                return None
            self._taken = f.index
            return f

    def last_frame(self) -> Frame | None:
        """The newest frame read, handed out or not."""
        with self._cond:
            return self._newest

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """Paused: no frames are read (a file stays at its place) until resumed."""
        with self._cond:
            self._paused = bool(paused)
            self._cond.notify_all()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        t = self._thread
        if t is not None and t.is_alive() and threading.current_thread() is not t:
            t.join(timeout)

    # -- the reading thread -----------------------------------------------------------------
    def _fail(self, kind: str, message: str) -> None:
        self.error = SourceError(kind, self.name, message)
        self._on_error(self.error)

    def _open(self):
        src = self.source
        if not self.is_camera and not Path(src).is_file():
            self._fail(UNREADABLE, f"{self.name}: no such video file")
            return None
        try:
            cap = self._factory(src if self.is_camera else str(src))
        except Exception as exc:  # noqa: BLE001 - a broken driver must not end the app
            cap = None
            reason = f" ({type(exc).__name__}: {exc})"
        else:
            reason = ""
        if cap is None or not cap.isOpened():
            if self.is_camera:
                self._fail(NO_CAMERA, f"no camera at index {src}: none is connected there{reason}")
            else:
                self._fail(UNREADABLE, f"{self.name}: cannot read this file as a video{reason}")
            return None
        fps = cap.get(5)  # cv2.CAP_PROP_FPS
        self.fps = float(fps) if fps and 1.0 <= fps <= 240.0 else DEFAULT_FPS
        return cap

    def _wait_unpaused(self) -> bool:
        """Block while paused; False when stopping."""
        with self._cond:
            while self._paused and not self._stop:
                self._cond.wait(0.2)
            return not self._stop

    def _read(self, cap) -> np.ndarray | None:
        try:
            ok, img = cap.read()
        except Exception:  # noqa: BLE001 - treated like a failed read
            return None
        return img if ok and img is not None and img.size else None

    def _run(self) -> None:
        cap = self._open()
        if cap is None:
            return
        try:
            self._read_frames(cap)
        finally:
            cap.release()

    def _read_frames(self, cap) -> None:
        position, failures, next_t = 0, 0, time.perf_counter()
        while self._wait_unpaused():
            img = self._read(cap)
            if img is None and not self.is_camera and self.frames_read and self.loop:
                cap.set(1, 0)  # cv2.CAP_PROP_POS_FRAMES: back to the start
                position = 0
                img = self._read(cap)
            if img is None:
                if self.is_camera:
                    failures += 1
                    if failures < FAILED_READS:
                        time.sleep(RETRY_S)
                        continue
                    if self.frames_read:
                        self._fail(UNPLUGGED, f"{self.name} stopped sending pictures (unplugged?)")
                    else:
                        self._fail(IN_USE, f"{self.name} opened but sends no picture: another program may be using it")
                elif self.frames_read:
                    self._fail(ENDED, f"{self.name}: end of the video")
                else:
                    self._fail(UNREADABLE, f"{self.name}: the file holds no frame OpenCV can decode")
                return
            failures = 0
            self._store(img, -1 if self.is_camera else position)
            position += 1
            if self.pace and not self.is_camera:
                next_t += 1.0 / self.fps
                delay = next_t - time.perf_counter()
                if delay > 0:
                    with self._cond:
                        self._cond.wait(delay)
                else:
                    next_t = time.perf_counter()

    def _store(self, bgr: np.ndarray, position: int) -> None:
        import cv2

        if bgr.ndim == 2:
            rgb = cv2.cvtColor(bgr, cv2.COLOR_GRAY2RGB)
        else:
            rgb = cv2.cvtColor(bgr[:, :, :3], cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        if max(h, w) > self.max_side:
            scale = self.max_side / max(h, w)
            rgb = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        with self._cond:
            if self._stop:
                return
            self._newest = Frame(self.frames_read, rgb, position)
            self.frames_read += 1
            notify = not self._notified
            self._notified = True
        if notify:
            self._on_frame()
