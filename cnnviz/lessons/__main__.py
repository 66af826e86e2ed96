"""Check lesson files from the command line, without the GUI::

    python -m cnnviz.lessons list                 # the bundled lessons
    python -m cnnviz.lessons check my_class.toml  # load, validate, report missing files
    python -m cnnviz.lessons show class --language ko

Exit status 0 when everything is usable, 1 with a one-line message otherwise.
"""
from __future__ import annotations

import argparse
import sys

from .files import find_lesson, list_lessons
from .model import LessonError
from .resources import missing_messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cnnviz.lessons", description="Check and list cnnviz lessons.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the bundled lessons")
    check = sub.add_parser("check", help="load a lesson and report every problem")
    check.add_argument("lesson", nargs="+", help="a bundled lesson name or a .toml file")
    show = sub.add_parser("show", help="print a lesson's steps")
    show.add_argument("lesson")
    show.add_argument("--language", default="en", choices=("ko", "en"))
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for b in list_lessons():
                print(f"{b.name}\t{b.steps} steps\t{b.title.en} / {b.title.ko}")
            return 0
        if args.command == "show":
            lesson = find_lesson(args.lesson)
            print(lesson.title.get(args.language))
            for number, step in enumerate(lesson.steps, start=1):
                print(f"{number:>3}. [{step.page}] {step.title.get(args.language)}")
                print(f"     {step.narration.get(args.language)}")
            return 0
        status = 0
        for name in args.lesson:
            lesson = find_lesson(name)
            missing = missing_messages(lesson)
            for line in missing:
                print(f"{name}: {line}", file=sys.stderr)
            print(f"{name}: {len(lesson.steps)} steps, "
                  f"{'OK' if not missing else f'{len(missing)} missing file(s)'}")
            status = status or (1 if missing else 0)
        return status
    except LessonError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
