"""The frame source: a generated video file as the camera, real OpenCV, real threads."""
from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from cnnviz.core.video_source import (
    ENDED,
    IN_USE,
    NO_CAMERA,
    UNPLUGGED,
    UNREADABLE,
    SourceError,
    VideoSource,
    parse_source,
)
from tests.video_files import FailingCapture, write_video


def wait_for(cond, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.01)


def decoded(path):
    cap = cv2.VideoCapture(str(path))
    out = []
    while True:
        ok, img = cap.read()
        if not ok:
            return out
        out.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))


def errors_of(src: VideoSource) -> list[SourceError]:
    got: list[SourceError] = []
    done = threading.Event()
    src._on_error = lambda e: (got.append(e), done.set())
    src.start()
    assert done.wait(20), "no error reported"
    wait_for(lambda: not src.is_running())
    return got


def test_parse_source_tells_camera_indices_from_files(tmp_path):
    assert parse_source("0") == 0 and parse_source(2) == 2
    assert parse_source(str(tmp_path / "a.avi")) == tmp_path / "a.avi"


def test_a_video_file_plays_its_frames_in_order_and_loops(tmp_path):
    path = write_video(tmp_path / "clip.avi", n=12)
    frames = decoded(path)
    assert len(frames) == 12
    src = VideoSource(path, pace=False)
    seen = []
    src._on_frame = lambda: seen.append(src.newest())
    src.start()
    wait_for(lambda: src.frames_read > 30)
    src.stop()
    got = [f for f in seen if f is not None]
    assert [f.index for f in got] == sorted(f.index for f in got)
    for f in got:  # every frame is the file's frame at its position, as RGB
        np.testing.assert_array_equal(f.image, frames[f.position])
    assert src.fps == pytest.approx(30.0)
    assert {f.position for f in got} >= {0} and max(f.index for f in got) > 12  # looped


def test_only_the_newest_frame_is_kept_and_notified_once(tmp_path):
    path = write_video(tmp_path / "clip.avi", n=30)
    calls = []
    src = VideoSource(path, pace=False, on_frame=lambda: calls.append(1))
    src.start()
    wait_for(lambda: src.frames_read > 20)
    assert len(calls) == 1  # not taken yet: one notification, not one per frame
    f = src.newest()
    assert f is not None and f.index >= 20  # the newest, the older ones were dropped
    g = src.newest()
    assert g is None or g.index > f.index  # never handed out twice
    wait_for(lambda: len(calls) >= 2)  # taken: the next frame notifies again
    src.stop()


def test_pause_stops_reading_and_resume_goes_on(tmp_path):
    path = write_video(tmp_path / "clip.avi", n=30)
    src = VideoSource(path, pace=True)
    src.start()
    wait_for(lambda: src.frames_read > 2)
    src.set_paused(True)
    time.sleep(0.2)  # let a read in progress finish
    n = src.frames_read
    time.sleep(0.3)
    assert src.frames_read == n and src.paused
    src.set_paused(False)
    wait_for(lambda: src.frames_read > n)
    src.stop()
    assert not src.is_running()


def test_a_missing_camera_says_so(tmp_path):
    (e,) = errors_of(VideoSource(97))
    assert e.kind == NO_CAMERA and "no camera at index 97" in str(e)


def test_a_missing_or_unreadable_file_says_so(tmp_path):
    (e,) = errors_of(VideoSource(tmp_path / "nothing.avi"))
    assert e.kind == UNREADABLE and "no such video file" in str(e)
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"this is not a video" * 100)
    (e,) = errors_of(VideoSource(junk))
    assert e.kind == UNREADABLE and "junk.avi" in str(e)


def test_a_camera_in_use_or_unplugged_mid_stream_says_so(tmp_path):
    path = write_video(tmp_path / "clip.avi", n=30)
    (e,) = errors_of(VideoSource(0, capture_factory=lambda _i: FailingCapture(path, good=0)))
    assert e.kind == IN_USE and "another program" in str(e)
    src = VideoSource(0, capture_factory=lambda _i: FailingCapture(path, good=7))
    (e,) = errors_of(src)
    assert e.kind == UNPLUGGED and "camera 0 stopped" in str(e) and src.frames_read == 7
    assert src.last_frame().index == 6  # the last picture stays


def test_without_loop_a_file_ends(tmp_path):
    path = write_video(tmp_path / "clip.avi", n=5)
    src = VideoSource(path, pace=False, loop=False)
    (e,) = errors_of(src)
    assert e.kind == ENDED and src.frames_read == 5


def test_frames_are_cropped_to_the_input_aspect_and_shrunk_for_the_lab():
    from cnnviz.core.frame_images import crop_to_aspect, gray_cells

    img = np.arange(48 * 64 * 3, dtype=np.uint8).reshape(48, 64, 3)
    np.testing.assert_array_equal(crop_to_aspect(img, 224, 224), img[:, 8:56])
    np.testing.assert_array_equal(crop_to_aspect(img, 16, 64), img[16:32])
    np.testing.assert_array_equal(crop_to_aspect(img, 3, 4), img)
    g = gray_cells(np.full((96, 128, 3), 200, np.uint8), 48)
    assert g.shape == (36, 48) and np.allclose(g, 200.0)
    assert gray_cells(np.ones((20, 10)), 48).shape == (20, 10)
    with pytest.raises(ValueError, match="shape"):
        gray_cells(np.zeros((2, 2, 2, 2)), 48)


def test_large_frames_are_shrunk_in_the_reading_thread(tmp_path):
    path = write_video(tmp_path / "wide.avi", n=4, size=(200, 150))
    src = VideoSource(path, pace=False, max_side=100)
    src.start()
    wait_for(lambda: src.frames_read >= 2)
    src.stop()
    f = src.last_frame()
    assert f.image.shape == (75, 100, 3)
    np.testing.assert_allclose(f.image.astype(float), cv2.resize(decoded(path)[f.position], (100, 75),
                                                                 interpolation=cv2.INTER_AREA), atol=1)
