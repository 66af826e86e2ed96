"""The recent-models list, kept in the app's QSettings under ``model/recent``."""
from __future__ import annotations

import os
from pathlib import Path

KEY = "model/recent"
MAX_RECENT = 10


def _settings():
    from cnnviz.qt.settings import app_settings

    return app_settings()


def recent_models(settings=None) -> list[str]:
    from cnnviz.qt.settings import read_str_list

    return read_str_list(settings or _settings(), KEY, [])


def add_recent(path: str | os.PathLike, settings=None) -> list[str]:
    s = settings or _settings()
    p = str(Path(path).expanduser().resolve())
    items = [p, *[x for x in recent_models(s) if x != p]][:MAX_RECENT]
    s.setValue(KEY, items)
    s.sync()
    return items


def clear_recent(settings=None) -> None:
    s = settings or _settings()
    s.setValue(KEY, [])
    s.sync()
