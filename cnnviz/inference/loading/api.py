"""``load_model``: open a Keras model file (``.keras`` / ``.h5``) safely."""
from __future__ import annotations

import os
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError, WeightsOnlyError
from cnnviz.inference.loading.result import LoadedModel
from cnnviz.inference.loading.sniff import check_path


def load_model(path: str | os.PathLike, *, trusted: bool = False) -> LoadedModel:
    """Open a model file; raises :class:`ModelLoadError` (never anything else) on failure."""
    p, fmt = check_path(path)
    try:
        return _load(p, fmt, trusted=trusted)
    except ModelLoadError:
        raise
    except MemoryError:
        raise ModelLoadError(f"{p.name}: not enough memory to load this model", E.OUT_OF_MEMORY) from None
    except Exception as exc:  # noqa: BLE001 - anything else becomes a plain message
        raise ModelLoadError(f"{p.name}: cannot load this model ({type(exc).__name__}: {_first_line(exc)})",
                             E.INCOMPATIBLE) from None


def _first_line(exc: BaseException, limit: int = 300) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _load(p: Path, fmt: str, *, trusted: bool) -> LoadedModel:
    import keras

    from cnnviz.inference.loading.finish import finish

    saved_by = None
    if fmt == "h5":
        import h5py

        with h5py.File(p, "r") as f:
            v = f.attrs.get("keras_version")
            saved_by = v.decode() if isinstance(v, bytes) else (str(v) if v is not None else None)
            if "model_config" not in f.attrs:
                raise WeightsOnlyError(
                    f"{p.name} holds only weights (saved with save_weights), no architecture. "
                    "Pick the architecture to load the weights into.")
    model = keras.models.load_model(p, compile=False, safe_mode=True)
    return finish(model, p, fmt, saved_by=saved_by, notes=[], trusted=trusted)
