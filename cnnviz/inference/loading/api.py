"""``load_model``: open a Keras model file (``.keras`` / ``.h5``) safely.

Untrusted files (the default) are scanned, rewritten and deserialised in the sandboxed
loader process, which re-saves a clean ``.keras``; this process then scans that file and
loads it with ``safe_mode=True``. ``trusted=True`` (bundled models only) skips the child
process but not the scan.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError
from cnnviz.inference.loading.result import LoadedModel
from cnnviz.inference.loading.sniff import check_path


def load_model(path: str | os.PathLike, *, trusted: bool = False) -> LoadedModel:
    """Open a model file; raises :class:`ModelLoadError` (never anything else) on failure."""
    p, fmt = check_path(path)
    workdir = Path(tempfile.mkdtemp(prefix="cnnviz-load-"))
    try:
        return _load(p, fmt, workdir, trusted=trusted)
    except ModelLoadError:
        raise
    except MemoryError:
        raise ModelLoadError(f"{p.name}: not enough memory to load this model", E.OUT_OF_MEMORY) from None
    except RecursionError:
        raise ModelLoadError(f"{p.name}: the architecture is nested too deeply", E.UNSAFE) from None
    except Exception as exc:  # noqa: BLE001 - anything else becomes a plain message
        raise ModelLoadError(f"{p.name}: cannot load this model ({type(exc).__name__}: {_first_line(exc)})",
                             E.INCOMPATIBLE) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _first_line(exc: BaseException, limit: int = 300) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _load(p: Path, fmt: str, workdir: Path, *, trusted: bool) -> LoadedModel:
    from cnnviz.inference.loading.finish import finish
    from cnnviz.inference.loading.prepare import Prepared, keras_load, load_in_process, prepare

    if trusted:
        model, prepared = load_in_process(p, fmt, workdir)
        return finish(model, p, prepared.format, saved_by=prepared.saved_by, notes=prepared.notes,
                      trusted=True)
    from cnnviz.inference.loading.sandbox import shared_loader

    converted = shared_loader().convert(p, fmt, workdir)
    # The child's output is scanned again like any file before this process loads it.
    clean = prepare(converted.path, "keras", workdir / "parent", keras_pass=False)
    model = keras_load(Prepared(clean.path, "keras", converted.saved_by), p.name)
    return finish(model, p, converted.format, saved_by=converted.saved_by, notes=converted.notes,
                  trusted=False)
