"""``python -m cnnviz.i18n_tools update|release|todo|apply|check``: the translation
maintenance commands (see :mod:`cnnviz.qt.i18n` for the workflow)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from cnnviz.i18n_tools import _escape, apply_translations, release, untranslated, update
from cnnviz.qt.i18n import ts_path


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m cnnviz.i18n_tools",
                                     description="Maintain cnnviz's translations (.ts/.qm).")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("update", help="re-extract strings into the .ts files and compile .qm")
    p.add_argument("--prune", action="store_true", help="drop strings no longer in the code")
    sub.add_parser("release", help="compile the .ts files into .qm")
    p = sub.add_parser("todo", help="print untranslated strings as context<TAB>source")
    p.add_argument("--lang", default="ko")
    p = sub.add_parser("apply", help="merge a context<TAB>source<TAB>translation file")
    p.add_argument("tsv", type=Path)
    p.add_argument("--lang", default="ko")
    p = sub.add_parser("check", help="exit status 1 when strings are untranslated")
    p.add_argument("--lang", default="ko")
    args = parser.parse_args(argv)
    if args.cmd == "update":
        update(prune=args.prune)
    elif args.cmd == "release":
        release()
    elif args.cmd == "todo":
        for ctx, source in untranslated(args.lang):
            print(f"{_escape(ctx)}\t{_escape(source)}")
    elif args.cmd == "apply":
        n = apply_translations(args.tsv, args.lang)
        print(f"{n} translation(s) set in {ts_path(args.lang)}")
        update((args.lang,))  # lupdate rewrites the file in its own layout, then .qm
    elif args.cmd == "check":
        missing = untranslated(args.lang)
        for ctx, source in missing:
            print(f"untranslated: [{ctx}] {source!r}")
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
