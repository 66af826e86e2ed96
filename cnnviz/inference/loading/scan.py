"""Scan a model file BEFORE anything deserialises it.

* The architecture (HDF5 ``model_config`` attribute, or ``config.json`` in a ``.keras``
  zip) may name only built-in Keras classes from :mod:`.allowlist`: no Lambda layers, no
  custom classes, no Python modules outside Keras, no TFSMLayer and the like.
* HDF5 files may hold no soft or external links, no external storage and no virtual
  datasets (all of which make HDF5 read other files on disk), and no declared dataset or
  attribute sizes that would exhaust memory.
* ``.keras`` archives may declare only sane sizes (zip bombs are refused) and must hold the
  members Keras writes.

Only the standard library and h5py are used here: no Keras import, nothing executed.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnviz.inference.loading import allowlist as A
from cnnviz.inference.loading import errors as E
from cnnviz.inference.loading.errors import ModelLoadError

MAX_WEIGHT_BYTES = 2 * 1024**3  # total declared size of all datasets
MAX_ATTRIBUTE_BYTES = 64 * 1024**2  # one attribute (model_config is a few hundred KB)
MAX_CONFIG_BYTES = 64 * 1024**2
MAX_HDF5_OBJECTS = 200_000
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 2 * 1024**3
MAX_COMPRESSION_RATIO = 1000
MAX_JSON_DEPTH = 200


@dataclass
class ScanReport:
    format: str
    saved_by: str | None = None
    backend: str | None = None
    model_config: dict | None = None  # parsed architecture (None: weights only)
    layer_names: list[str] = field(default_factory=list)  # top-level weight groups
    zip_members: list[str] = field(default_factory=list)


def _unsafe(message: str) -> ModelLoadError:
    return ModelLoadError(message, E.UNSAFE)


# -- architecture (JSON) ---------------------------------------------------------------
def parse_json(text: str | bytes, what: str) -> Any:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text)
    except RecursionError:
        raise _unsafe(f"{what} is nested too deeply to be a Keras architecture") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelLoadError(f"{what} is not valid JSON ({exc})", E.CORRUPT) from None


def scan_config(config: Any, where: str = "the architecture") -> None:
    """Refuse any class outside the allowlist anywhere in a Keras model config."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ModelLoadError(f"{where} is not a Keras model configuration", E.CORRUPT)
    top = config.get("class_name")
    if top not in A.MODEL_CLASSES and top not in A.LAYER_CLASSES:
        _check_class(config, None)  # names the refusal precisely
        raise _unsafe(f"{where} is a custom model class {top!r}: its code is not in the file, "
                      "and cnnviz never runs code from elsewhere")
    _walk(config, None, 0)


def _layer_label(node: dict, fallback: str | None) -> str | None:
    cfg = node.get("config")
    if isinstance(cfg, dict) and isinstance(cfg.get("name"), str):
        return cfg["name"]
    if isinstance(node.get("name"), str):
        return node["name"]
    return fallback


def _walk(node: Any, layer: str | None, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise _unsafe("the architecture is nested too deeply to be a Keras model")
    if isinstance(node, dict):
        if "class_name" in node:
            _check_class(node, layer)
            layer = _layer_label(node, layer) if node.get("class_name") in A.LAYER_CLASSES | A.MODEL_CLASSES else layer
        for key, value in node.items():
            if key in ("compile_config", "training_config", "optimizer_config"):
                continue  # never deserialised: cnnviz loads with compile=False
            if key in ("function_type", "output_shape_type") or (key == "function" and isinstance(value, list)):
                raise _unsafe(f"layer {layer!r} carries a serialised Python function: refused")
            _walk(value, layer, depth + 1)
    elif isinstance(node, list):
        for item in node:
            _walk(item, layer, depth + 1)


def _check_class(node: dict, layer: str | None) -> None:
    cls = node.get("class_name")
    name = _layer_label(node, layer)
    label = f"layer {name!r} ({cls})" if name else f"class {cls!r}"
    if not isinstance(cls, str):
        raise _unsafe("the architecture has a class name that is not a string")
    if cls in A.REFUSED_LAYERS:
        raise _unsafe(f"{label} refused: {A.REFUSED_LAYERS[cls]}. cnnviz never runs code from a model file.")
    if cls == "__lambda__":
        raise _unsafe(f"{label} refused: it is a serialised Python lambda")
    module = node.get("module")
    if module is not None and not (isinstance(module, str) and (module == "keras" or module.startswith("keras."))):
        raise _unsafe(f"{label} refused: it names the Python module {module!r}, outside Keras; "
                      "cnnviz imports no modules named by a model file")
    registered = node.get("registered_name")
    if registered is not None and registered not in (cls, "function") and not (
            isinstance(registered, str) and registered.startswith("keras")):
        raise _unsafe(f"{label} refused: it is registered as the custom object {registered!r}, "
                      "whose code is not in the file")
    if cls == "function":
        if module not in A.SAFE_FUNCTION_MODULES or not isinstance(node.get("config"), str):
            raise _unsafe(f"{label} refused: a Python function outside keras.activations")
        return
    if cls in A.ALL_CLASSES or cls in A.OTHER:
        return
    raise _unsafe(f"{label} refused: {cls!r} is not a built-in Keras layer (a custom class "
                  "whose code is not in the file). cnnviz loads built-in Keras layers only.")


# -- HDF5 ------------------------------------------------------------------------------
def _attr_text(obj, name: str, what: str) -> str | None:
    if name not in obj.attrs:
        return None
    aid = obj.attrs.get_id(name)
    if aid.get_storage_size() > MAX_ATTRIBUTE_BYTES:
        raise _unsafe(f"the {what} attribute declares {aid.get_storage_size()} bytes: refused")
    value = obj.attrs[name]
    if hasattr(value, "tolist") and not isinstance(value, (bytes, str)):
        value = value.tolist()
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def scan_hdf5(path: str | Path, *, what: str | None = None) -> ScanReport:
    """Walk every link and object of an HDF5 file; parse and scan its architecture."""
    import h5py

    p = Path(path)
    what = what or p.name
    try:
        f = h5py.File(p, "r", locking=False)
    except OSError as exc:
        raise ModelLoadError(f"{what}: not a readable HDF5 file ({_h5_reason(exc)})", E.CORRUPT) from None
    try:
        _walk_hdf5(f, what)
        report = ScanReport(format="h5")
        report.saved_by = _attr_text(f, "keras_version", "keras_version")
        report.backend = _attr_text(f, "backend", "backend")
        text = _attr_text(f, "model_config", "model_config")
        if text is not None:
            config = parse_json(text, f"{what}: the model_config attribute")
            scan_config(config, f"{what}'s architecture")
            report.model_config = config
        else:
            group = f["model_weights"] if "model_weights" in f else f
            names = group.attrs.get("layer_names")
            if names is not None:
                report.layer_names = [n.decode() if isinstance(n, bytes) else str(n) for n in list(names)]
        return report
    except ModelLoadError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError) as exc:
        raise ModelLoadError(f"{what}: the HDF5 file is damaged ({_h5_reason(exc)})", E.CORRUPT) from None
    finally:
        try:
            f.close()
        except Exception:  # noqa: BLE001
            pass


def _h5_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for known, plain in (("truncated file", "the file is truncated"),
                         ("file signature not found", "no HDF5 signature"),
                         ("bad object header", "a damaged object header"),
                         ("bad symbol table", "a damaged symbol table"),
                         ("address of object past end", "the file is truncated")):
        if known in text:
            return plain
    return text[:200]


def _walk_hdf5(f, what: str) -> None:
    import h5py
    from h5py import h5d

    seen: set = set()
    total = 0
    count = 0
    stack = [("/", f)]
    while stack:
        gname, group = stack.pop()
        for name in group:
            count += 1
            if count > MAX_HDF5_OBJECTS:
                raise _unsafe(f"{what} holds more than {MAX_HDF5_OBJECTS} HDF5 objects: refused")
            link = group.get(name, getlink=True)
            full = f"{gname.rstrip('/')}/{name}"
            if isinstance(link, h5py.ExternalLink):
                raise _unsafe(f"{what} refused: {full} is an HDF5 external link to "
                              f"{link.filename!r} (it would read another file on disk)")
            if isinstance(link, h5py.SoftLink):
                raise _unsafe(f"{what} refused: {full} is an HDF5 soft link (Keras files hold none)")
            obj = group[name]
            key = obj.id.fileno, h5py.h5o.get_info(obj.id).addr
            if key in seen:
                continue
            seen.add(key)
            if isinstance(obj, h5py.Group):
                stack.append((full, obj))
            elif isinstance(obj, h5py.Dataset):
                dcpl = obj.id.get_create_plist()
                if dcpl.get_layout() == h5d.VIRTUAL:
                    raise _unsafe(f"{what} refused: {full} is a virtual dataset (it reads other files)")
                if dcpl.get_external_count() > 0:
                    raise _unsafe(f"{what} refused: {full} keeps its data in an external file")
                if h5py.check_dtype(ref=obj.dtype) is not None:
                    raise _unsafe(f"{what} refused: {full} holds object references, not numbers")
                shape = obj.shape or ()
                n = 1
                for s in shape:
                    n *= int(s)
                size = n * max(1, obj.dtype.itemsize)
                total += size
                if size > MAX_WEIGHT_BYTES or total > MAX_WEIGHT_BYTES:
                    raise _unsafe(f"{what} refused: {full} declares shape {tuple(shape)} "
                                  f"({size / 1e9:.1f} GB); the weights would exhaust memory")
            # named datatypes and anything else hold no data to worry about


# -- .keras zip ------------------------------------------------------------------------
def scan_keras_zip(path: str | Path) -> ScanReport:
    p = Path(path)
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile as exc:
        raise ModelLoadError(f"{p.name}: a damaged .keras archive ({exc})", E.CORRUPT) from None
    except OSError as exc:
        raise ModelLoadError(f"{p.name}: cannot read the archive ({exc})", E.UNREADABLE) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise _unsafe(f"{p.name} holds {len(infos)} archive members: refused")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_ZIP_BYTES or total > MAX_ZIP_BYTES:
                raise _unsafe(f"{p.name} refused: its members unpack to more than "
                              f"{MAX_ZIP_BYTES / 1e9:.0f} GB (a zip bomb?)")
            if info.compress_size and info.file_size / max(1, info.compress_size) > MAX_COMPRESSION_RATIO \
                    and info.file_size > 50 * 1024**2:
                raise _unsafe(f"{p.name} refused: {info.filename} is compressed {info.file_size // info.compress_size}:1 "
                              "(a zip bomb?)")
            if info.flag_bits & 0x1:
                raise ModelLoadError(f"{p.name}: the archive is encrypted", E.NOT_A_MODEL)
        names = [i.filename for i in infos]
        if "config.json" not in names:
            hint = " (a TensorFlow SavedModel or some other zip?)" if names else ""
            raise ModelLoadError(f"{p.name} is a zip archive without config.json: not a Keras 3 "
                                 f".keras model{hint}", E.NOT_A_MODEL)
        if zf.getinfo("config.json").file_size > MAX_CONFIG_BYTES:
            raise _unsafe(f"{p.name}: config.json is larger than {MAX_CONFIG_BYTES // 1024**2} MB: refused")
        try:
            raw = zf.read("config.json")
            meta_raw = zf.read("metadata.json") if "metadata.json" in names else b"{}"
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ModelLoadError(f"{p.name}: a damaged .keras archive ({exc})", E.CORRUPT) from None
        except Exception as exc:  # zlib.error and friends
            raise ModelLoadError(f"{p.name}: a damaged .keras archive ({type(exc).__name__}: {exc})",
                                 E.CORRUPT) from None
    config = parse_json(raw, f"{p.name}: config.json")
    scan_config(config, f"{p.name}'s architecture")
    meta = parse_json(meta_raw, f"{p.name}: metadata.json")
    report = ScanReport(format="keras", model_config=config, zip_members=names)
    if isinstance(meta, dict) and isinstance(meta.get("keras_version"), str):
        report.saved_by = meta["keras_version"]
    return report
