"""Which page a name means: its key (``lab``), its tab title in the language shown
(``Convolution Lab``) or any other name it was given (the English title, the Korean
one: ``--page 평가``). Matching ignores case, surrounding spaces and ``&`` mnemonics."""
from __future__ import annotations


def _norm(name: str) -> str:
    return " ".join(str(name).replace("&", "").split()).casefold()


class PageNames:
    """Keys in tab order, with the names each answers to."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._names: dict[str, str] = {}   # normalised name -> key

    def add(self, key: str, *names: str) -> None:
        """Register ``key`` (once) and more names for it; a name already taken by an
        earlier page keeps meaning that page."""
        if key not in self._keys:
            self._keys.append(key)
        for n in (key, *names):
            if n and _norm(n):
                self._names.setdefault(_norm(n), key)

    def keys(self) -> list[str]:
        return list(self._keys)

    def key_for(self, name: str) -> str | None:
        """The page ``name`` means, or None."""
        if name in self._keys:
            return name
        return self._names.get(_norm(name))
