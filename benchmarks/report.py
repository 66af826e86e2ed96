"""The benchmark's result: its JSON shape, summary statistics, the targets and the table.

Qt-free and Keras-free, so it can be tested and imported anywhere. The keys of
:data:`RESULT_KEYS` are a public contract (``python -m benchmarks --json``); do not rename them.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np

# Exactly these keys, in this order, in `python -m benchmarks --json`.
RESULT_KEYS: tuple[str, ...] = (
    "stroke_to_drawn_ms",
    "naive_ms",
    "lab_frame_ms",
    "speedup",
    "window_interactive_s",
    "first_prediction_s",
    "tf_import_s",
    "rss_mb_100",
    "rss_mb_10000",
    "ui_max_block_ms",
    "device",
    "backend",
    "live_device",
    "batch_device",
    "camera_fps",
)
DISTRIBUTION_KEYS: tuple[str, ...] = ("stroke_to_drawn_ms", "naive_ms", "lab_frame_ms")
STAT_KEYS: tuple[str, ...] = ("median", "p95", "p99")


def summarize(samples: Iterable[float]) -> dict[str, float]:
    """Median, 95th and 99th percentile of ``samples`` (NaN for no samples)."""
    a = np.asarray(list(samples), dtype=np.float64)
    a = a[np.isfinite(a)]
    if a.size == 0:
        return {k: math.nan for k in STAT_KEYS}
    med, p95, p99 = np.percentile(a, [50, 95, 99])
    return {"median": round(float(med), 4), "p95": round(float(p95), 4), "p99": round(float(p99), 4)}


def rss_mb() -> float:
    """Resident memory of this process in MB (VmRSS from /proc, else ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource  # noqa: PLC0415  (POSIX only; the fallback is a peak, not a current value)
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def cpu_description() -> str:
    """e.g. ``"CPU: Intel(R) Xeon(R) ... (2 cores)"``."""
    name = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if not name:
        import platform

        name = platform.processor() or platform.machine()
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"CPU: {name} ({n} cores)"


# -- targets ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """One benchmark target: a readable statement and a check on the result."""

    name: str
    statement: str
    measured: Callable[[dict[str, Any]], str]
    check: Callable[[dict[str, Any]], bool | None]  # None: not measured


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _le(value: Any, limit: float) -> bool | None:
    v = _num(value)
    return None if v is None else v <= limit


def _fmt(value: Any, unit: str, digits: int = 2) -> str:
    v = _num(value)
    return "not measured" if v is None else f"{v:.{digits}f} {unit}".strip()


def _first_prediction_budget(r: dict[str, Any]) -> bool | None:
    fp, tf = _num(r.get("first_prediction_s")), _num(r.get("tf_import_s"))
    return None if fp is None or tf is None else fp <= tf + 0.5


def _growth(r: dict[str, Any]) -> float | None:
    a, b = _num(r.get("rss_mb_100")), _num(r.get("rss_mb_10000"))
    return None if a is None or b is None else b - a


TARGETS: tuple[Target, ...] = (
    Target("stroke_median", "stroke -> drawn, median <= 4 ms",
           lambda r: _fmt(r["stroke_to_drawn_ms"]["median"], "ms"),
           lambda r: _le(r["stroke_to_drawn_ms"]["median"], 4.0)),
    Target("stroke_p99", "stroke -> drawn, p99 <= 16 ms",
           lambda r: _fmt(r["stroke_to_drawn_ms"]["p99"], "ms"),
           lambda r: _le(r["stroke_to_drawn_ms"]["p99"], 16.0)),
    Target("speedup", ">= 10x faster than the naive path",
           lambda r: "not measured" if _num(r["speedup"]) is None else f"{_num(r['speedup']):.1f}x",
           lambda r: None if _num(r["speedup"]) is None else _num(r["speedup"]) >= 10.0),
    Target("window_interactive", "window interactive <= 0.6 s after launch",
           lambda r: _fmt(r["window_interactive_s"], "s", 3),
           lambda r: _le(r["window_interactive_s"], 0.6)),
    Target("first_prediction", "first prediction <= TensorFlow import + 0.5 s",
           lambda r: (_fmt(r["first_prediction_s"], "s", 3) + " (budget "
                      + _fmt(None if _num(r["tf_import_s"]) is None else _num(r["tf_import_s"]) + 0.5, "s", 3)
                      + ")"),
           _first_prediction_budget),
    Target("memory_growth", "memory growth 100 -> 10,000 strokes <= 20 MB",
           lambda r: "not measured" if _growth(r) is None else f"{_growth(r):+.1f} MB",
           lambda r: None if _growth(r) is None else _growth(r) <= 20.0),
    Target("ui_block", "UI thread never blocked > 50 ms",
           lambda r: _fmt(r["ui_max_block_ms"], "ms", 1),
           lambda r: _le(r["ui_max_block_ms"], 50.0)),
)


def evaluate_targets(result: dict[str, Any]) -> list[tuple[Target, bool | None]]:
    return [(t, t.check(result)) for t in TARGETS]


def verdict_text(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def validate_result(result: dict[str, Any]) -> None:
    """Raise ValueError unless ``result`` has exactly the contract's keys and shapes."""
    if tuple(result) != RESULT_KEYS:
        raise ValueError(f"bench result keys {list(result)} differ from {list(RESULT_KEYS)}")
    for k in DISTRIBUTION_KEYS:
        if not isinstance(result[k], dict) or tuple(result[k]) != STAT_KEYS:
            raise ValueError(f"bench result {k} must be an object with {list(STAT_KEYS)}, got {result[k]!r}")
    for k in ("device", "backend", "live_device", "batch_device"):
        if not isinstance(result[k], str):
            raise ValueError(f"bench result {k} must be a string, got {result[k]!r}")


def json_safe(result: dict[str, Any]) -> dict[str, Any]:
    """NaN/inf are not JSON: unmeasured numbers become null."""

    def fix(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v

    return {k: fix(v) for k, v in result.items()}


def format_table(result: dict[str, Any], notes: Sequence[str] = ()) -> str:
    """The human-readable report: the measurements, then each target with PASS/FAIL."""
    lines: list[str] = []
    lines.append(f"python -m benchmarks  —  {result['device']}, Keras backend {result['backend']} "
                 f"(live path: {result['live_device']}; batch path: {result['batch_device']})")
    lines.append("")
    lines.append(f"{'measurement':<34}{'median':>10}{'p95':>10}{'p99':>10}")
    labels = {
        "stroke_to_drawn_ms": "stroke -> drawn (fast path), ms",
        "naive_ms": "naive path (predict + items), ms",
        "lab_frame_ms": "Convolution Lab step frame, ms",
    }
    for k in DISTRIBUTION_KEYS:
        s = result[k]
        cells = ["—" if _num(s[q]) is None else f"{_num(s[q]):.2f}" for q in STAT_KEYS]
        lines.append(f"{labels[k]:<34}" + "".join(f"{c:>10}" for c in cells))
    lines.append("")
    singles = (
        ("speedup (naive / fast median)", "speedup", "x", 1),
        ("launch -> window interactive", "window_interactive_s", "s", 3),
        ("launch -> first prediction", "first_prediction_s", "s", 3),
        ("import tensorflow (process)", "tf_import_s", "s", 3),
        ("resident memory, 100 strokes", "rss_mb_100", "MB", 1),
        ("resident memory, 10,000 strokes", "rss_mb_10000", "MB", 1),
        ("longest UI-thread block", "ui_max_block_ms", "ms", 1),
    )
    for label, key, unit, digits in singles:
        lines.append(f"{label:<34}{_fmt(result[key], unit, digits):>20}")
    lines.append("")
    lines.append(f"{'target':<48}{'measured':>26}  verdict")
    for target, ok in evaluate_targets(result):
        lines.append(f"{target.statement:<48}{target.measured(result):>26}  {verdict_text(ok)}")
    if notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)
