"""Process settings of the interactive app: one TensorFlow intra-op and one inter-op thread
(unless the user chose otherwise) and a short GIL switch interval."""
from __future__ import annotations

import sys

import pytest

from cnnviz.inference import runtime


def test_live_thread_settings_fill_in_only_what_the_user_did_not_set():
    env: dict[str, str] = {}
    runtime.use_live_thread_settings(env)
    assert env == {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
    mine = {"TF_NUM_INTRAOP_THREADS": "4"}
    runtime.use_live_thread_settings(mine)
    assert mine == {"TF_NUM_INTRAOP_THREADS": "4", "TF_NUM_INTEROP_THREADS": "1"}


def test_switch_interval_is_only_ever_shortened():
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        runtime.use_responsive_switch_interval()
        assert sys.getswitchinterval() == pytest.approx(runtime.RESPONSIVE_SWITCH_INTERVAL_S)
        sys.setswitchinterval(0.0002)
        runtime.use_responsive_switch_interval()
        assert sys.getswitchinterval() == pytest.approx(0.0002)
    finally:
        sys.setswitchinterval(before)
