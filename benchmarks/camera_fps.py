"""Frames per second of the camera page: a generated video through a model and the real
page, counted as frames fully processed AND drawn (issue 16; a figure, not a target).

    python -m benchmarks.camera_fps [--model keras_model.h5] [--seconds 20] [--out fps.json]

The default model is the Teachable Machine export (MobileNetV2, 224×224 RGB, −1…1) in
``../shared/fixtures/models``. A 640×480 MJPG video (a moving square, ``--fps`` frames/s) is
written to a temporary folder and played on the camera page of the real window
(offscreen unless ``QT_QPA_PLATFORM`` says otherwise), at 1280×800. After a warm-up the
frames shown are counted for ``--seconds``. At 30 frames/s (a webcam) the video itself may
be the limit; ``--fps 120`` measures how fast the page can go. The video's frames never sent
(dropped: the page keeps only the newest) are counted too. The result goes to stdout as
one line and, with ``--out``, as JSON. The figure depends on what else the CPU does:
report the number of cores and the load with it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
DEFAULT_MODEL = ROOT.parent / "shared" / "fixtures" / "models" / "2tle__rock_sissor_paper__keras_model.h5"


def write_video(path: Path, n: int = 90, size: tuple[int, int] = (640, 480), fps: float = 30.0) -> Path:
    import cv2
    import numpy as np

    w, h = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise SystemExit("OpenCV cannot write an MJPG video here")
    for i in range(n):
        img = np.zeros((h, w, 3), np.uint8)
        img[:, :, 1] = np.linspace(0, 120, w, dtype=np.uint8)[None, :]
        x = int(i * (w - h // 2) / max(1, n - 1))
        img[h // 4: 3 * h // 4, x: x + h // 2] = (40, 80, 240)
        writer.write(img)
    writer.release()
    return path


def measure(model: Path, seconds: float, warmup: float, fps: float = 30.0) -> dict:
    from PySide6.QtWidgets import QApplication

    from cnnviz.app.application import build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_window(None)
    window.resize(1280, 800)
    window.show_page("camera")
    window.show()
    ctl = window.camera
    window.model_hub.open(str(model))

    def wait(cond, limit: float) -> bool:
        end = time.monotonic() + limit
        while not cond():
            if time.monotonic() > end:
                return False
            app.processEvents()
            time.sleep(0.005)
        return True

    if not wait(lambda: ctl.info is not None, 600):
        raise SystemExit(f"the model did not load within 10 minutes: {model}")
    shown: list[tuple[float, int, float]] = []
    ctl.frame_shown.connect(lambda i: shown.append((time.perf_counter(), i, ctl.result.compute_ms)))
    with tempfile.TemporaryDirectory(prefix="cnnviz-camera-fps-") as tmp:
        ctl.open_video(write_video(Path(tmp) / "clip.avi", n=max(90, int(3 * fps)), fps=fps))
        wait(lambda: False, warmup)
        start, first = time.perf_counter(), len(shown)
        read0 = ctl.source.frames_read
        wait(lambda: False, seconds)
        elapsed = time.perf_counter() - start
        window_shown = shown[first:]
        read = ctl.source.frames_read - read0
        ctl.shutdown()
    ms = sorted(s[2] for s in window_shown) or [float("nan")]
    n = len(window_shown)
    info = ctl.info
    return {
        "model": model.name, "video_fps": fps, "input": list(info.input_shape), "input_range": list(info.input_range),
        "layers_shown": len(ctl.page.panels), "seconds": round(elapsed, 2), "frames_shown": n,
        "fps": round(n / elapsed, 2) if elapsed > 0 else 0.0,
        "network_ms_median": round(ms[len(ms) // 2], 1), "video_frames_read": read,
        "dropped": max(0, read - n), "cpu_cores": os.cpu_count(),
        "load_average": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.camera_fps", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="a Keras model file (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=20.0, help="how long to count frames (default 20)")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of playing before counting (default 5)")
    p.add_argument("--fps", type=float, default=30.0,
                   help="the video's frame rate (default 30, a webcam's; 120 shows how fast the page can go)")
    p.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = p.parse_args(argv)
    if not args.model.exists():
        print(f"camera_fps: no model at {args.model}", file=sys.stderr)
        return 2
    r = measure(args.model, args.seconds, args.warmup, args.fps)
    print(f"camera page: {r['model']} ({r['input'][0]}×{r['input'][1]}×{r['input'][2]}, "
          f"{r['layers_shown']} layers shown): {r['fps']:.1f} frames/s processed and drawn, network "
          f"{r['network_ms_median']:.0f} ms median, {r['dropped']} of {r['video_frames_read']} video frames "
          f"dropped (video at {r['video_fps']:g} frames/s); {r['cpu_cores']} CPU cores, load {r['load_average']}")
    if args.out:
        args.out.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
