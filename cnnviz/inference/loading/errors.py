"""Errors raised while opening a model file.

Every failure a user can cause (a missing file, a corrupt or hostile file, a file saved
without its architecture) is a :class:`ModelLoadError` with a plain message that names
the problem and a short ``category`` the UI and ``cnnviz inspect --json`` report.
"""
from __future__ import annotations

# Short failure categories (stable strings: the CLI's JSON and the UI use them).
NOT_FOUND = "not-found"
IS_DIRECTORY = "is-directory"
UNREADABLE = "unreadable"
EMPTY = "empty"
TOO_LARGE = "too-large"
NOT_A_MODEL = "not-a-model"
CORRUPT = "corrupt"
UNSAFE = "unsafe"
WEIGHTS_ONLY = "weights-only"
INCOMPATIBLE = "incompatible"
MISMATCH = "mismatch"
TIMEOUT = "timeout"
OUT_OF_MEMORY = "out-of-memory"
CRASHED = "crashed"
NOT_IMAGE = "not-image"
CANCELLED = "cancelled"


class ModelLoadError(Exception):
    """A model file could not be opened; ``message`` says why in plain words."""

    def __init__(self, message: str, category: str = INCOMPATIBLE) -> None:
        super().__init__(message)
        self.message = message
        self.category = category

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable with both arguments
        return (type(self), (self.message, self.category))


class WeightsOnlyError(ModelLoadError):
    """The file holds weights but no architecture (Keras ``save_weights`` output)."""

    def __init__(self, message: str, category: str = WEIGHTS_ONLY) -> None:
        super().__init__(message, category)
