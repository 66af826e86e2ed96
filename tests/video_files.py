"""Short generated video files: the tests' fake camera (OpenCV writes them)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def moving_square(n: int = 30, size: tuple[int, int] = (80, 60)) -> list[np.ndarray]:
    """``n`` BGR frames of ``size`` (w, h): a white square moving left to right on a dark
    gradient, so every frame differs."""
    w, h = size
    frames = []
    for i in range(n):
        img = np.zeros((h, w, 3), np.uint8)
        img[:, :, 0] = np.linspace(0, 80, w, dtype=np.uint8)[None, :]
        x = int(round(i * (w - h // 2) / max(1, n - 1)))
        img[h // 4: h // 4 + h // 2, x: x + h // 2] = (255, 255, 255)
        frames.append(img)
    return frames


def write_video(path: Path, n: int = 30, size: tuple[int, int] = (80, 60), fps: float = 30.0) -> Path:
    """An MJPG .avi of :func:`moving_square` frames."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    assert writer.isOpened(), "OpenCV cannot write MJPG video here"
    for frame in moving_square(n, size):
        writer.write(frame)
    writer.release()
    return path


class FailingCapture:
    """A video file dressed as a camera that stops giving frames after ``good`` reads
    (unplugged mid-stream), or never gives one (``good=0``: a camera in use)."""

    def __init__(self, path: Path, good: int) -> None:
        import cv2

        self._cap = cv2.VideoCapture(str(path))
        self._left = good

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return self._cap.isOpened()

    def read(self):
        if self._left <= 0:
            return False, None
        self._left -= 1
        return self._cap.read()

    def get(self, prop):
        return self._cap.get(prop)

    def set(self, prop, value):
        return self._cap.set(prop, value)

    def release(self) -> None:
        self._cap.release()
