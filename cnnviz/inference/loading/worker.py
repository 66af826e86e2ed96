"""The sandboxed loader process: ``python -m cnnviz.inference.loading.worker MEM_BYTES``.

It reads one JSON request per line on stdin (``{"src", "format", "workdir", "out"}``),
scans the file, rewrites legacy configs on a copy, deserialises it with Keras
(safe_mode=True), re-saves a clean native ``.keras`` to ``out`` and answers one JSON line
(``{"ok": true, "saved_by", "notes"}`` or ``{"ok": false, "message", "category"}``).

Limits set here, in the child: address-space-independent data limit (RLIMIT_DATA), no
core files, a cap on file sizes written; no GPU. The parent adds a wall-clock timeout and
an RSS watchdog and kills this process when either is exceeded. Idle for
``IDLE_EXIT_S`` seconds, or when the parent goes away (stdin closed), it exits.
"""
from __future__ import annotations

import json
import os
import select
import sys
import traceback

IDLE_EXIT_S = 900


def _limit(mem_bytes: int) -> None:
    import resource

    for res, value in ((resource.RLIMIT_DATA, mem_bytes), (resource.RLIMIT_CORE, 0),
                       (resource.RLIMIT_FSIZE, 4 * 1024**3)):
        try:
            soft, hard = resource.getrlimit(res)
            new = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(res, (new, hard))
        except (ValueError, OSError):
            pass


def _handle(request: dict) -> dict:
    from pathlib import Path

    from cnnviz.inference.loading import errors as E
    from cnnviz.inference.loading.errors import ModelLoadError, WeightsOnlyError
    from cnnviz.inference.loading.prepare import load_in_process

    src = Path(request["src"])
    try:
        if request["format"] == "weights":
            from cnnviz.inference.loading.weights import mismatch_message, synthesize

            combined, label = synthesize(src, request["arch"], Path(request["workdir"]) / "combined")
            fmt = "h5" if combined.suffix == ".h5" else "keras"
            try:
                model, prepared = load_in_process(combined, fmt, Path(request["workdir"]), src.name)
            except ModelLoadError as exc:
                raise mismatch_message(exc, src, label) from None
            prepared.format = "h5 weights"
        else:
            model, prepared = load_in_process(src, request["format"], Path(request["workdir"]))
        try:
            model.save(request["out"])
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ModelLoadError(f"{src.name}: loaded, but cannot be re-saved as .keras ({exc})",
                                 E.INCOMPATIBLE) from None
        return {"ok": True, "saved_by": prepared.saved_by, "notes": prepared.notes,
                "format": prepared.format}
    except WeightsOnlyError as exc:
        return {"ok": False, "message": exc.message, "category": exc.category, "weights_only": True}
    except ModelLoadError as exc:
        return {"ok": False, "message": exc.message, "category": exc.category}
    except MemoryError:
        return {"ok": False, "message": f"{src.name}: loading it needs more memory than cnnviz allows",
                "category": E.OUT_OF_MEMORY}
    except RecursionError:
        return {"ok": False, "message": f"{src.name}: the architecture is nested too deeply",
                "category": E.UNSAFE}
    except Exception as exc:  # noqa: BLE001 - report, never die silently
        traceback.print_exc(file=sys.stderr)
        return {"ok": False, "message": f"{src.name}: cannot load this model ({type(exc).__name__}: "
                                        f"{str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ''})",
                "category": E.INCOMPATIBLE}


def main(argv: list[str]) -> int:
    mem = int(argv[1]) if len(argv) > 1 else 4 * 1024**3
    # The protocol owns the real stdout; anything else printed goes to stderr.
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    _limit(mem)
    import keras  # noqa: F401 - import once, up front: every request then is fast

    proto.write(json.dumps({"ready": True}) + "\n")
    stdin = sys.stdin
    while True:
        ready, _, _ = select.select([stdin], [], [], IDLE_EXIT_S)
        if not ready:
            return 0
        line = stdin.readline()
        if not line:
            return 0
        try:
            request = json.loads(line)
        except ValueError:
            continue
        reply = _handle(request)
        reply["id"] = request.get("id")
        proto.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
