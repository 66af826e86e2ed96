"""``python -m benchmarks [--json] [--quick] [--device cpu|gpu|auto] …``: measure the app
against its targets (from a source checkout; see :mod:`benchmarks.options`)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from benchmarks.options import DESCRIPTION, add_options


def apply_arguments(args: argparse.Namespace):
    """The :class:`benchmarks.run.BenchOptions` the command line asks for."""
    from benchmarks.run import BenchOptions

    options = BenchOptions.quick() if args.quick else BenchOptions()
    for name in ("strokes", "paced_strokes", "memory_strokes", "naive_strokes", "lab_frames"):
        value = getattr(args, name)
        if value is not None:
            setattr(options, name, value)
    if args.no_cold_start:
        options.cold_start = False
    if args.no_training:
        options.training = False
    options.model = args.model
    options.data = args.data
    options.seed = args.seed
    return options


def camera_figure(quick: bool) -> dict | None:
    """The camera page's frame rate with the Teachable Machine MobileNetV2 fixture, measured
    by ``benchmarks.camera_fps`` in a process of its own (a figure, not a target); None when
    the fixture is absent or the measurement fails."""
    import subprocess
    import tempfile

    from benchmarks.camera_fps import DEFAULT_MODEL

    if not DEFAULT_MODEL.is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="cnnviz-bench-camera-") as tmp:
        out = Path(tmp) / "camera.json"
        seconds, warmup = ("5", "3") if quick else ("15", "5")
        cmd = [sys.executable, "-m", "benchmarks.camera_fps", "--seconds", seconds, "--warmup", warmup,
               "--out", str(out)]
        done = subprocess.run(cmd, cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0 or not out.is_file():
            return None
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = add_options(argparse.ArgumentParser(prog="python -m benchmarks", description=DESCRIPTION))
    args = parser.parse_args(argv)
    if args.model and not os.path.isfile(args.model):
        print(f"benchmarks: error: --model {args.model}: no such file", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if args.device is not None:   # before Keras loads; the cold-start children inherit it
        from cnnviz.inference.devices import apply_device_choice

        apply_device_choice(args.device)
    from benchmarks.report import format_table, json_safe
    from benchmarks.run import run_bench

    def progress(text: str) -> None:
        if not args.json:
            print(f"… {text}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    run = run_bench(apply_arguments(args), progress)
    if not args.no_camera:
        progress("camera page with a Teachable Machine MobileNetV2 (224×224)")
        camera = camera_figure(args.quick)
        run.result["camera_fps"] = camera["fps"] if camera else None
        if camera:
            run.details["camera"] = camera
            run.notes.append(f"camera page (not a target): {camera['model']}, {camera['fps']:.1f} frames/s "
                             f"processed and drawn from a {camera['video_fps']:g} frames/s video, network "
                             f"{camera['network_ms_median']:.0f} ms median, {camera['dropped']} of "
                             f"{camera['video_frames_read']} frames dropped")
        else:
            run.notes.append("camera page: not measured (the Teachable Machine fixture in "
                             "../shared/fixtures/models is absent, or its run failed)")
    if args.json:
        print(json.dumps(json_safe(run.result)))
    else:
        print(format_table(run.result, run.notes))
        print(f"\n(the benchmark took {time.perf_counter() - t0:.0f} s)")
    if args.details:
        Path(args.details).write_text(json.dumps({"result": json_safe(run.result), "notes": run.notes,
                                                  "details": run.details}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
