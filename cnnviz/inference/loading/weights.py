"""Weights-only files (``save_weights`` output) loaded into an architecture the user picks.

``load_weights_into(weights_path, architecture)``: ``architecture`` is the name of a
bundled architecture (:mod:`cnnviz.inference.architectures`) or a path to a ``.keras``
file or a ``.json`` file holding an architecture (``model.to_json()`` output). The two are
combined into a full model file in a temporary folder (the user's files are only read),
which then goes through the normal loading pipeline — scanned, rewritten for old Keras,
deserialised in the sandboxed process. A mismatch between the weights and the
architecture gives a message naming both.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError
from cnnviz.inference.loading.result import LoadedModel
from cnnviz.inference.loading.scan import MAX_CONFIG_BYTES, parse_json, scan_config, scan_keras_zip
from cnnviz.inference.loading.sniff import check_path
from cnnviz.inference.loading.weights_file import describe_weights, describe_weights_safe, weights_layout


def bundled_architectures() -> dict[str, str]:
    """``{name: title}`` of the architectures a weights file can be loaded into."""
    try:
        from cnnviz.inference.architectures import ARCHITECTURES
    except ImportError:
        return {}
    return {name: arch.title for name, arch in ARCHITECTURES.items()}


def architecture_request(architecture: str | os.PathLike) -> dict:
    """Validate the user's architecture choice (no deserialisation happens here)."""
    text = os.fspath(architecture)
    names = bundled_architectures()
    if text in names:
        return {"name": text}
    p = Path(text).expanduser()
    if not p.suffix and not p.exists():
        raise ModelLoadError(f"unknown architecture {text!r}; choose one of {', '.join(names) or '(none)'} "
                             "or a .keras/.json file", E.NOT_FOUND)
    if p.suffix.lower() == ".json":
        if not p.is_file():
            raise ModelLoadError(f"{p}: no such architecture file", E.NOT_FOUND)
        if p.stat().st_size > MAX_CONFIG_BYTES:
            raise ModelLoadError(f"{p.name} is too large to be an architecture", E.TOO_LARGE)
        try:
            data = parse_json(p.read_bytes(), p.name)
        except OSError as exc:
            raise ModelLoadError(f"{p.name}: cannot read ({exc.strerror or exc})", E.UNREADABLE) from None
        data = _unwrap_architecture(data, p.name)
        scan_config(data, f"{p.name}'s architecture")
        return {"config": data, "source": p.name}
    q, fmt = check_path(p)
    if fmt != "keras":
        raise ModelLoadError(f"{p.name}: give the architecture as a .keras or .json file", E.NOT_A_MODEL)
    report = scan_keras_zip(q)
    config = dict(report.model_config or {})
    config.pop("compile_config", None)
    return {"config": config, "source": q.name}


def _unwrap_architecture(data, name: str) -> dict:
    if isinstance(data, dict) and "class_name" not in data:
        for key in ("config", "model_config", "architecture"):
            if isinstance(data.get(key), dict) and "class_name" in data[key]:
                return data[key]
    if not isinstance(data, dict) or "class_name" not in data:
        raise ModelLoadError(f"{name} does not describe a Keras architecture (no class_name)", E.NOT_A_MODEL)
    return data


def load_weights_into(weights_path: str | os.PathLike, architecture: str | os.PathLike) -> LoadedModel:
    """Load a weights-only file into ``architecture``; raises ModelLoadError on mismatch."""
    from cnnviz.inference.loading.finish import finish
    from cnnviz.inference.loading.prepare import Prepared, keras_load, prepare
    from cnnviz.inference.loading.sandbox import shared_loader

    p, fmt = check_path(weights_path)
    if fmt != "h5":
        raise ModelLoadError(f"{p.name} is not a weights file (.h5)", E.NOT_A_MODEL)
    arch = architecture_request(architecture)
    workdir = Path(tempfile.mkdtemp(prefix="cnnviz-weights-"))
    try:
        converted = shared_loader().convert(p, "weights", workdir, extra={"arch": arch})
        clean = prepare(converted.path, "keras", workdir / "parent", keras_pass=False)
        model = keras_load(Prepared(clean.path, "keras", converted.saved_by), p.name)
        notes = [f"weights from {p.name} loaded into {arch.get('name') or arch.get('source')}", *converted.notes]
        return finish(model, p, "h5 weights", saved_by=converted.saved_by, notes=notes, trusted=False)
    except ModelLoadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ModelLoadError(f"{p.name}: cannot load the weights ({type(exc).__name__}: {exc})",
                             E.INCOMPATIBLE) from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# -- in the sandboxed child ------------------------------------------------------------
def _num_classes(src: Path, layout: str) -> int:
    shapes = describe_weights(src) if layout == "legacy" else []
    for _name, ws in reversed(shapes):
        if ws and len(ws[-1]) == 1:
            return int(ws[-1][0])
    return 10


def synthesize(src: Path, arch: dict, workdir: Path) -> tuple[Path, str]:
    """(child) Combine weights and architecture into a full-model file; ``(path, fmt)``."""
    import h5py

    from cnnviz.inference.loading.scan import scan_hdf5

    workdir.mkdir(parents=True, exist_ok=True)
    report = scan_hdf5(src)
    if report.model_config is not None:
        raise ModelLoadError(f"{src.name} is a full model (it has its own architecture): open it directly",
                             E.INCOMPATIBLE)
    layout = weights_layout(src)
    if layout is None:
        raise ModelLoadError(f"{src.name} holds no Keras weights", E.NOT_A_MODEL)
    if "name" in arch:
        from cnnviz.inference.architectures import build_architecture

        model = build_architecture(arch["name"], _num_classes(src, layout))
        config = json.loads(model.to_json())
        label = arch["name"]
    else:
        config = arch["config"]
        scan_config(config)
        label = arch.get("source", "the architecture file")
    if layout == "legacy":
        dst = workdir / "combined.h5"
        with h5py.File(src, "r", locking=False) as fin, h5py.File(dst, "w") as fout:
            gin = fin["model_weights"] if "model_weights" in fin else fin
            gout = fout.create_group("model_weights")
            for key in gin:
                gin.copy(key, gout)
            for key, value in gin.attrs.items():
                gout.attrs[key] = value
            fout.attrs["model_config"] = json.dumps(config).encode("utf-8")
            for key in ("keras_version", "backend"):
                if key in fin.attrs:
                    fout.attrs[key] = fin.attrs[key]
        return dst, label
    dst = workdir / "combined.keras"
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("metadata.json", json.dumps({"keras_version": report.saved_by or "3"}))
        z.write(src, "model.weights.h5")
    return dst, label


def mismatch_message(exc: ModelLoadError, weights: Path, label: str) -> ModelLoadError:
    """Say plainly how weights and architecture disagree (counts or shapes)."""
    import re

    text = exc.message
    saved = ", ".join(f"{n} {list(map(list, ws))}" for n, ws in describe_weights_safe(weights))
    m = re.search(r"Model expected (\d+) layers, found (\d+) saved layers", text)
    if m:
        return ModelLoadError(
            f"the weights in {weights.name} do not fit the architecture {label}: it has {m.group(1)} "
            f"layers with weights, the file has {m.group(2)} ({saved})", E.MISMATCH)
    m = re.search(r"named (\S+?)\)?\s*for weight (\S+)\. Weight expects shape (\([^)]*\))\. "
                  r"Received saved weight with shape (\([^)]*\))", text)
    if m:
        return ModelLoadError(
            f"the weights in {weights.name} do not fit the architecture {label}: layer {m.group(1)} "
            f"needs {m.group(2)} of shape {m.group(3)}, the file has shape {m.group(4)}", E.MISMATCH)
    if exc.category == E.MISMATCH or "mismatch" in text.lower() or "do not fit" in text:
        detail = text.split("(", 1)[1].rstrip(")") if "(" in text else text
        return ModelLoadError(f"the weights in {weights.name} do not fit the architecture {label}: {detail}",
                              E.MISMATCH)
    return exc
