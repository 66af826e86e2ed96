"""Regression guard for the PySide6 6.12.0 / CPython 3.11 bug: every Signal.emit() dropped
a reference to True (and void calls one to None) until the interpreter aborted with
"Fatal Python error: bool_dealloc". pyproject.toml pins around it; this test fails if an
installed PySide6 leaks again."""
from __future__ import annotations

import subprocess
import sys

import pytest

CODE = r"""
import os, sys
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])

class Emitter(QObject):
    changed = Signal(int)
    flag = Signal(bool)

e = Emitter(); got = [0]
def seen(_value): got[0] += 1
e.changed.connect(seen); e.flag.connect(seen)
w = QWidget()
for _ in range(50):
    e.changed.emit(1); e.flag.emit(True); w.setEnabled(True); w.update()
t0, n0 = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(3000):
    e.changed.emit(1); e.flag.emit(True); w.setEnabled(True); w.update()
t1, n1 = sys.getrefcount(True), sys.getrefcount(None)
print(t1 - t0, n1 - n0, got[0])
"""


def test_signal_emit_keeps_refcount_of_true_and_none():
    if sys.version_info >= (3, 12):
        pytest.skip("True/None are immortal on CPython >= 3.12: refcounts say nothing")
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"interpreter died (bool_dealloc?): {out.stderr[-1500:]}"
    d_true, d_none, n = map(int, out.stdout.split())
    assert n == 2 * 3050
    # A leak would lose at least one reference per emit (thousands); allow small noise.
    assert abs(d_true) < 50, f"refcount of True changed by {d_true} over 6000 emits"
    assert abs(d_none) < 50, f"refcount of None changed by {d_none} over 3000 void calls"
