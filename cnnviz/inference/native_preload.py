"""Load TensorFlow's big native libraries without holding Python's GIL.

``import tensorflow`` in a worker thread keeps the window responsive only as long as the
import lets go of the GIL. Loading an extension module does not: CPython calls
``dlopen()`` with the GIL held, and TensorFlow's first extension pulls in
``libtensorflow_cc.so.2`` and ``libtensorflow_framework.so.2`` — hundreds of megabytes
whose relocation and C++ static initialisers take 0.3–1 s on a laptop CPU. For that long
the UI thread cannot run a single line of Python: the window freezes.

:func:`preload_tensorflow_libraries` calls the C library's ``dlopen`` on those two files
through ctypes, which releases the GIL for the duration of a foreign call. The later
``import tensorflow`` finds them already loaded (same path, same flags) and skips that
work. Call it in the worker thread that is about to import Keras/TensorFlow. It does
nothing for other Keras backends, on non-Linux systems, or when TensorFlow is missing,
and never raises.

No Keras/TensorFlow import happens here (this module only finds the package's folder).
"""
from __future__ import annotations

import os
import sys
import threading

_LIBRARIES = ("libtensorflow_framework.so.2", "libtensorflow_cc.so.2")
_lock = threading.Lock()
_done = False


def _tensorflow_dir() -> str | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec("tensorflow")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    return os.path.dirname(spec.origin)


def preload_tensorflow_libraries() -> list[str]:
    """dlopen TensorFlow's core libraries with the GIL released; returns what was loaded."""
    global _done
    with _lock:
        if _done:
            return []
        _done = True
        if not sys.platform.startswith("linux"):
            return []
        if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
            return []
        if "tensorflow" in sys.modules:
            return []
        folder = _tensorflow_dir()
        if folder is None:
            return []
        try:
            import ctypes

            libc = ctypes.CDLL(None)
            dlopen = libc.dlopen
            dlopen.restype = ctypes.c_void_p
            dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        except (OSError, AttributeError):
            return []
        loaded = []
        for name in _LIBRARIES:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and dlopen(os.fsencode(path), sys.getdlopenflags()):
                loaded.append(path)
        return loaded
