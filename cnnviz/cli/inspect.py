"""``cnnviz inspect PATH [--json]``: open a Keras model file safely and describe it.

Exit status 0 when the model loads, 2 when it does not; with ``--json`` the JSON object is
printed either way::

    {"ok": bool, "format": "h5"|"keras"|null, "keras_version": str|null,
     "input_shape": [...], "output_shape": [...],
     "layers": [{"name", "type", "output_shape", "params"}, ...],
     "visualizable": bool, "error": null|str, "category": null|str,
     "input_range": [low, high], "input_range_note": null|str, ...}

``keras_version`` is what the file records, also when it does not load.
"""
from __future__ import annotations

import argparse
import json
import sys

from cnnviz.cli.errors import CliError


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "inspect",
        help="open a Keras model file (.keras/.h5) safely and describe it",
        description=(
            "Open a Keras model file the way the app does (scanned, old formats rewritten, "
            "deserialised in a sandboxed process) and print its input, output and layers. "
            "Exit status 0 when it loads, 2 when it does not."),
    )
    p.add_argument("path", metavar="PATH", help="a .keras or .h5/.hdf5 model file")
    p.add_argument("--json", action="store_true", help="print a JSON object (also on failure)")
    p.add_argument("--weights-into", metavar="ARCH",
                   help="PATH holds only weights: load them into ARCH (a bundled architecture name, "
                        "or a .keras/.json architecture file)")
    return p


def _shape(shape) -> list:
    return [None if s is None else int(s) for s in shape]


def _result(args) -> dict:
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from cnnviz.inference.loading import ModelLoadError, load_model, load_weights_into
    from cnnviz.inference.loading.sniff import check_path

    out = {"ok": False, "path": args.path, "format": None, "keras_version": None, "input_shape": [],
           "output_shape": [], "layers": [], "visualizable": False, "error": None, "category": None}
    try:
        out["format"] = check_path(args.path)[1]
    except ModelLoadError:
        pass
    try:
        if args.weights_into:
            loaded = load_weights_into(args.path, args.weights_into)
        else:
            loaded = load_model(args.path)
    except ModelLoadError as exc:
        out["error"], out["category"] = exc.message, exc.category
        out["keras_version"] = _weights_version(args.path)  # what the file says, loadable or not
        if exc.category == "weights-only":
            try:
                from cnnviz.inference.loading import bundled_architectures, describe_weights

                out["weights"] = [{"layer": n, "shapes": [list(s) for s in ws]}
                                  for n, ws in describe_weights(args.path)]
                out["architectures"] = list(bundled_architectures())
            except Exception:  # noqa: BLE001 - extra detail only
                pass
        return out
    from cnnviz.inference.model_info import describe_loaded

    info = describe_loaded(loaded)
    out.update({
        "ok": True, "format": loaded.format, "keras_version": loaded.saved_by,
        "input_shape": _shape(info.input_shape), "output_shape": _shape(info.output_shape),
        "layers": [{"name": r.name, "type": r.type, "output_shape": list(r.shape) if r.shape else None,
                    "params": r.params, "kernel": r.kernel or None, "strides": r.strides or None,
                    "padding": r.padding or None, "activation": r.activation or None}
                   for r in info.layers],
        "visualizable": info.visualizable,
        "input": info.input.describe(), "output": info.output.describe(),
        "classes": loaded.class_names, "params": info.total_params, "notes": list(loaded.notes),
        "input_range": list(info.input_range), "input_range_note": info.input_range_note or None,
    })
    if not info.visualizable:
        out["category"] = "not-image"
        out["message"] = info.input.message
    return out


def _weights_version(path: str):
    """The Keras version an .h5 file or .keras archive records (None if unreadable)."""
    try:
        from cnnviz.inference.loading.scan import scan_hdf5, scan_keras_zip
        from cnnviz.inference.loading.sniff import check_path

        p, fmt = check_path(path)
        return (scan_hdf5(p) if fmt == "h5" else scan_keras_zip(p)).saved_by
    except Exception:  # noqa: BLE001
        return None


def _text(out: dict) -> str:
    lines = [f"{out['path']}: {out['format']} model saved by Keras {out['keras_version'] or '(unknown)'}",
             f"input   {out['input_shape']}  — {out.get('input', '')}"
             + (f"; pixels {out['input_range'][0]:g}…{out['input_range'][1]:g}"
                if out.get("input_range") and list(out["input_range"]) != [0.0, 1.0] else ""),
             f"output  {out['output_shape']}  — {out.get('output', '')}",
             f"classes {', '.join(out.get('classes', [])[:20])}{' …' if len(out.get('classes', [])) > 20 else ''}",
             ""]
    rows = [("layer", "type", "output shape", "params", "kernel", "stride", "padding", "activation")]
    for r in out["layers"]:
        shape = "(" + ", ".join("N" if s is None else str(s) for s in (r["output_shape"] or [])) + ")"
        rows.append((r["name"], r["type"], shape, f"{r['params']:,}", r["kernel"] or "", r["strides"] or "",
                     r["padding"] or "", r["activation"] or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append(f"\n{out['params']:,} parameters")
    for note in out.get("notes", []):
        lines.append(f"note: {note}")
    if not out["visualizable"]:
        lines.append(f"not shown as an image model: {out.get('message', '')}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    out = _result(args)
    if args.json:
        print(json.dumps(out, indent=2))
        sys.stdout.flush()
        return 0 if out["ok"] else 2
    if not out["ok"]:
        hint = ""
        if out["category"] == "weights-only":
            hint = " (try --weights-into ARCH)"
        raise CliError(f"{out['error']}{hint}")
    print(_text(out))
    return 0
