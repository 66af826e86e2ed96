"""A cheaper form of PySide6's check of every module imported after it.

Once PySide6 is imported it wraps ``__import__``: every module imported afterwards is
passed to ``PySide6.support.feature._mod_uses_pyside``, which reads the module's whole
source through ``inspect.getsource`` (and so ``linecache``) to look for the text
"PySide6" (for the opt-in ``from __feature__ import snake_case``). The app imports
TensorFlow and Keras after the window is up — ~2,900 modules: the check reads and keeps
~1,600 source files in ``linecache`` (tens of MB held for nothing) and adds a few hundred
milliseconds of GIL-holding work to the import, which the UI thread feels (the same tax
is reported by napari, issue #8584).

:func:`use_byte_scan` replaces that check with one that gives the same answer — "does the
module's .py file contain the bytes ``PySide6``" — reading the file once without
``linecache``. Modules without a .py file give False, as before.
"""
from __future__ import annotations

import sys


def _module_file_mentions_pyside(module) -> bool:
    spec = getattr(module, "__spec__", None)
    path = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as f:
            return b"PySide6" in f.read()
    except OSError:
        return False


_module_file_mentions_pyside.cnnviz = True  # type: ignore[attr-defined]


def use_byte_scan() -> bool:
    """Install the cheaper check; True if it is in place (idempotent, never raises)."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None:
        try:
            from PySide6.support import feature  # type: ignore[no-redef]
        except ImportError:
            return False
    current = getattr(feature, "_mod_uses_pyside", None)
    if current is None:
        return False  # another PySide6 version without this hook: nothing to do
    if getattr(current, "cnnviz", False):
        return True
    feature._mod_uses_pyside = _module_file_mentions_pyside
    return True
