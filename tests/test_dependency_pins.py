"""Pins that keep the window responsive, checked against what is installed."""
from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in metadata.version(name).split(".")[:3] if p.isdigit())


def test_ml_dtypes_is_below_the_release_whose_import_holds_the_gil():
    """ml_dtypes 0.7.0's extension initialiser runs ~0.58 s with the GIL held; Keras imports
    it in the loader thread, so the UI thread could not run for that long. pyproject.toml
    pins ``ml_dtypes<0.7``; this fails if an install ignores the pin."""
    pytest.importorskip("ml_dtypes")
    assert _version("ml_dtypes") < (0, 7), (
        f"ml_dtypes {metadata.version('ml_dtypes')} is installed; pyproject.toml pins <0.7")


def test_the_pin_is_declared_in_the_package_metadata():
    requires = metadata.requires("cnnviz") or []
    pins = [r for r in requires if r.replace("-", "_").startswith("ml_dtypes")]
    assert pins and "<0.7" in pins[0], requires


def test_importing_ml_dtypes_lets_another_thread_run():
    """The property the pin buys, measured as a ratio in one process, not as a time: while
    one thread imports ml_dtypes, a second thread keeps ticking. With the GIL held for the
    whole import the ticker misses (almost) all of its 1 ms ticks during the import."""
    code = (
        "import threading, time, numpy\n"
        "ticks = []\n"
        "stop = False\n"
        "def ticker():\n"
        "    while not stop:\n"
        "        ticks.append(time.perf_counter()); time.sleep(0.001)\n"
        "t = threading.Thread(target=ticker); t.start(); time.sleep(0.05)\n"
        "t0 = time.perf_counter(); import ml_dtypes; t1 = time.perf_counter()\n"
        "time.sleep(0.05); stop = True; t.join()\n"
        "gaps = [b - a for a, b in zip(ticks, ticks[1:]) if a >= t0 - 0.01]\n"
        "print(max(gaps) / max(t1 - t0, 1e-9) if t1 - t0 > 0.05 else 0.0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    # 0.0: the import was too short to matter; otherwise the longest pause of the ticker
    # must be a small part of the import, not all of it.
    assert float(out.stdout.strip()) < 0.5, out.stdout
