"""A tiny evented-model helper: plain callbacks, events that carry the new value.

    class Pen(EventedModel):
        FIELDS = {"ink": None, "size": 10}

    pen = Pen()
    pen.events.ink.connect(show)      # show(new_ink) on every change
    pen.ink = array                   # → show(array)
    with pen.events.ink.blocked():    # set without telling anyone
        pen.ink = other

A field emits when the new value is not the old one (``is`` for arrays, ``==`` for
anything else), so setting a slider to its current value starts no work. Callbacks run
synchronously, in the order they connected, on the thread that set the field.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, ClassVar, Iterator

import numpy as np

Callback = Callable[[Any], None]


class Emitter:
    """One event: ``connect(callback)``; ``emit(value)`` calls each ``callback(value)``."""

    __slots__ = ("name", "_callbacks", "_blocked")

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._callbacks: list[Callback] = []
        self._blocked = 0

    def connect(self, callback: Callback) -> Callback:
        if not callable(callback):
            raise TypeError(f"event {self.name!r}: a callback must be callable, got {callback!r}")
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        try:
            self._callbacks.remove(callback)
        except ValueError:
            raise ValueError(f"event {self.name!r}: {callback!r} is not connected") from None

    def emit(self, value: Any) -> None:
        if self._blocked:
            return
        for callback in tuple(self._callbacks):
            callback(value)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Changes inside the block are stored but not announced."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1

    def __len__(self) -> int:
        return len(self._callbacks)


class Events:
    """The events of a model, one attribute (an :class:`Emitter`) per field."""

    def __init__(self, names) -> None:
        self._names = tuple(names)
        for name in self._names:
            setattr(self, name, Emitter(name))

    def __iter__(self) -> Iterator[Emitter]:
        return (getattr(self, n) for n in self._names)


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        return False  # arrays: a new object is a new value (comparing costs a pass)
    try:
        return bool(old == new)
    except Exception:  # noqa: BLE001 - values that cannot be compared are different
        return False


class EventedModel:
    """Fields (``FIELDS``: name → default) whose changes emit ``events.<name>(value)``."""

    FIELDS: ClassVar[dict[str, Any]] = {}

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        object.__setattr__(self, "events", Events(self.FIELDS))
        for name, default in self.FIELDS.items():
            object.__setattr__(self, name, values.get(name, default))

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.FIELDS:
            if name.startswith("_"):
                object.__setattr__(self, name, value)
                return
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        old = self.__dict__.get(name)
        object.__setattr__(self, name, value)
        if not _same(old, value):
            getattr(self.events, name).emit(value)

    def update(self, **values: Any) -> None:
        """Set several fields; each changed one emits, in the order given."""
        for name, value in values.items():
            setattr(self, name, value)
