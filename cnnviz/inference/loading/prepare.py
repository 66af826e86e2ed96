"""The in-process loading pipeline: scan → compatibility rewrite on a copy → Keras load.

Used directly for trusted (bundled) models and, for untrusted files, inside the
sandboxed loader process (:mod:`.sandbox`). Never touches the user's file except to read
it; every rewrite happens on a copy in a private temporary folder.
"""
from __future__ import annotations

import copy
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.compat import prune_unknown_kwargs, rewrite_legacy
from cnnviz.inference.loading.errors import ModelLoadError, WeightsOnlyError
from cnnviz.inference.loading.flatten import flatten_config
from cnnviz.inference.loading.layout import flip_theano_kernels, has_channels_first, to_channels_last
from cnnviz.inference.loading.nested_weights import WeightsNotMapped, regroup
from cnnviz.inference.loading.scan import scan_config, scan_hdf5, scan_keras_zip
from cnnviz.inference.loading.weights_file import weights_layout, weights_only_error

KERAS_MEMBERS = ("config.json", "metadata.json", "model.weights.h5")


@dataclass
class Prepared:
    path: Path  # the copy Keras will load
    format: str
    saved_by: str | None
    notes: list[str] = field(default_factory=list)


def prepare(src: Path, fmt: str, workdir: Path, *, keras_pass: bool = True) -> Prepared:
    """Scan ``src`` and write a loadable copy into ``workdir`` (legacy configs rewritten)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if fmt == "h5":
        return _prepare_h5(src, workdir, keras_pass)
    return _prepare_keras(src, workdir, keras_pass)


def _rewrite(config: dict, notes: list[str], keras_pass: bool) -> dict:
    new = rewrite_legacy(config, notes)
    if keras_pass:
        new = prune_unknown_kwargs(new, notes)
    return new


def _prepare_h5(src: Path, workdir: Path, keras_pass: bool) -> Prepared:
    import h5py

    report = scan_hdf5(src)
    if report.model_config is None:
        layout = weights_layout(src)
        if layout is not None:
            raise weights_only_error(src, report)
        raise ModelLoadError(f"{src.name} is an HDF5 file without a Keras model in it "
                             "(no model_config, no Keras weights)", E.NOT_A_MODEL)
    notes: list[str] = []
    config = _rewrite(report.model_config, notes, keras_pass)
    dst = workdir / "model.h5"
    shutil.copyfile(src, dst)
    theano = (report.backend or "").lower() == "theano"
    flat = flatten_config(config) if keras_pass else None
    channels_first = keras_pass and has_channels_first(config)
    if config != report.model_config or theano or channels_first or flat:
        try:
            with h5py.File(dst, "r+", locking=False) as f:
                if flat:
                    config = _flatten_weights(f, src.name, flat, notes)
                if theano:
                    flip_theano_kernels(config, f, notes)
                if channels_first:
                    config = to_channels_last(config, f, notes)
                f.attrs["model_config"] = json.dumps(config).encode("utf-8")
        except OSError as exc:
            raise ModelLoadError(f"{src.name}: cannot rewrite the architecture on a copy ({exc})",
                                 E.CORRUPT) from None
    return Prepared(dst, "h5", report.saved_by, notes)


def _flatten_weights(f, name: str, flat: tuple, notes: list[str]) -> dict:
    """Regroup the nested models' weights in the copy for the flattened architecture."""
    new, origin = flat
    scan_config(new, "the flattened architecture")  # the same classes, checked again all the same
    try:
        regroup(f, origin, keras_layer_order(new))
    except WeightsNotMapped as exc:
        raise ModelLoadError(f"{name}: the weights in the file do not fit its nested models ({exc})",
                             E.CORRUPT) from None
    inner = [top for top, original in origin.values() if top != original]
    nested = sorted(set(inner))
    notes.append(f"nested models {', '.join(nested)} flattened: their {len(inner)} inner layers are now "
                 "layers of the model (same computation, every feature map visible)")
    return new


def keras_layer_order(config: dict) -> list[str] | None:
    """Names of the layers with weights in the order Keras lists them (how legacy weights
    are matched), from a build of the architecture; None when it cannot be built."""
    import keras

    try:
        model = keras.Model.from_config(copy.deepcopy(config["config"]))  # it consumes the dict
    except Exception:  # noqa: BLE001 - the real load reports what is wrong
        return None
    return [layer.name for layer in model.layers if layer.weights]


def _prepare_keras(src: Path, workdir: Path, keras_pass: bool) -> Prepared:
    report = scan_keras_zip(src)
    notes: list[str] = []
    config = dict(report.model_config or {})
    if "compile_config" in config:
        config.pop("compile_config")  # never compiled: cnnviz loads with compile=False
    config = _rewrite(config, notes, keras_pass)
    dst = workdir / "model.keras"
    weights = workdir / "weights.h5"
    try:
        with zipfile.ZipFile(src) as zin:
            if "model.weights.h5" in report.zip_members:
                with zin.open("model.weights.h5") as fin, open(weights, "wb") as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)
                scan_hdf5(weights, what=f"{src.name}: model.weights.h5")
            elif "model.weights.npz" in report.zip_members:
                raise ModelLoadError(f"{src.name} stores its weights as .npz; re-save it with Keras 3 "
                                     "(model.save('model.keras'))", E.INCOMPATIBLE)
            else:
                raise ModelLoadError(f"{src.name}: the .keras archive has no model.weights.h5",
                                     E.CORRUPT)
            metadata = zin.read("metadata.json") if "metadata.json" in report.zip_members else b"{}"
            extra = [m for m in report.zip_members if m not in KERAS_MEMBERS and not m.endswith("/")]
    except ModelLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib/zip errors of a damaged archive
        raise ModelLoadError(f"{src.name}: a damaged .keras archive ({type(exc).__name__}: {exc})",
                             E.CORRUPT) from None
    if extra:
        notes.append(f"ignored {len(extra)} extra archive member(s): {', '.join(extra[:5])}")
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as zout:
        zout.writestr("metadata.json", metadata)
        zout.writestr("config.json", json.dumps(config))
        zout.write(weights, "model.weights.h5")
    weights.unlink()
    return Prepared(dst, "keras", report.saved_by, notes)


def keras_load(prepared: Prepared, display_name: str):
    """``keras.models.load_model`` on the prepared copy (safe_mode=True, compile=False)."""
    import keras

    try:
        model = keras.models.load_model(prepared.path, compile=False, safe_mode=True)
    except ModelLoadError:
        raise
    except MemoryError:
        raise ModelLoadError(f"{display_name}: not enough memory to build this model", E.OUT_OF_MEMORY) from None
    except Exception as exc:  # noqa: BLE001 - Keras raises many kinds; say what it said
        raise translate_keras_error(exc, display_name) from None
    if not isinstance(model, keras.Model) or not getattr(model, "inputs", None):
        raise ModelLoadError(f"{display_name}: the file holds a {type(model).__name__} without defined "
                             "inputs; cnnviz needs a model with a known input shape", E.INCOMPATIBLE)
    return model


def translate_keras_error(exc: BaseException, name: str) -> ModelLoadError:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if len(first) > 400:
        first = first[:399] + "…"
    if "No model config found" in text:
        return WeightsOnlyError(f"{name} holds only weights (no architecture)")
    if "could not be loaded" in text:  # Keras 3 weights that do not fit the architecture
        detail = " ".join(line.strip() for line in text.splitlines()[1:3] if line.strip())
        detail = detail.split(" Target variable")[0].replace("Example error message for object ", "e.g. ")[:400]
        return ModelLoadError(f"{name}: the weights do not fit the architecture ({first} {detail})",
                              E.MISMATCH)
    if "Layer count mismatch" in text or "Weight count mismatch" in text or "Shape mismatch" in text:
        return ModelLoadError(f"{name}: the weights in the file do not fit its own architecture ({first})",
                              E.CORRUPT)
    if isinstance(exc, OSError):
        return ModelLoadError(f"{name}: the file is damaged ({first})", E.CORRUPT)
    if "safe_mode" in text or "Lambda" in text:
        return ModelLoadError(f"{name}: refused by Keras safe mode ({first})", E.UNSAFE)
    if "Unknown layer" in text or "Could not locate class" in text or "unknown" in text.lower() and "class" in text.lower():
        return ModelLoadError(f"{name}: uses a layer class Keras does not know ({first})", E.UNSAFE)
    return ModelLoadError(f"{name}: Keras cannot rebuild this model ({type(exc).__name__}: {first})",
                          E.INCOMPATIBLE)


def load_in_process(src: Path, fmt: str, workdir: Path, display_name: str | None = None):
    """scan → prepare → load. Returns ``(model, Prepared)``."""
    prepared = prepare(src, fmt, workdir)
    model = keras_load(prepared, display_name or src.name)
    return model, prepared
