"""Pause, cancel and progress of a training run, shared by the CLI, the GUI worker and
the training process: :class:`TrainingControl` (flags the UI sets), :class:`TrainingProgress`
(what ``on_progress`` receives per batch and per epoch) and the Keras callback joining
them. Keras is imported only when the callback is made."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class TrainingControl:
    """Flags a GUI sets from the UI thread; the training thread checks them after each batch."""

    cancel: threading.Event = field(default_factory=threading.Event)
    pause: threading.Event = field(default_factory=threading.Event)  # set = paused

    def request_cancel(self) -> None:
        self.cancel.set()
        self.pause.clear()

    def set_paused(self, paused: bool) -> None:
        (self.pause.set if paused else self.pause.clear)()


@dataclass(frozen=True)
class TrainingProgress:
    kind: str                      # "start", "batch", "epoch", "end"
    epoch: int                     # 1-based
    epochs: int
    batch: int                     # batches done in this epoch
    batches: int                   # batches per epoch
    logs: dict
    elapsed_s: float
    eta_s: float | None            # estimated seconds left (all epochs)
    history: dict | None = None    # on "epoch" and "end": every epoch's metrics so far
    paused: bool = False

    @property
    def fraction(self) -> float:
        if self.epochs <= 0 or self.batches <= 0:
            return 0.0
        return min(1.0, ((self.epoch - 1) + self.batch / self.batches) / self.epochs)


def make_control_callback(control: TrainingControl | None, on_progress, epochs: int, batches: int):
    import keras

    class ControlCallback(keras.callbacks.Callback):
        """Reports progress, honours pause and cancel (checked after every batch)."""

        def __init__(self):
            super().__init__()
            self.t0 = time.perf_counter()
            self.paused_s = 0.0
            self.epoch = 0
            self.history: dict[str, list[float]] = {}
            self.cancelled = False

        def _elapsed(self) -> float:
            return time.perf_counter() - self.t0 - self.paused_s

        def _eta(self, batch: int) -> float | None:
            done = self.epoch * batches + batch
            if done <= 0:
                return None
            return self._elapsed() / done * (epochs * batches - done)

        def _emit(self, kind, batch, logs, history=None, paused=False):
            if on_progress is not None:
                on_progress(TrainingProgress(kind, self.epoch + 1, epochs, batch, batches,
                                             dict(logs or {}), self._elapsed(), self._eta(batch),
                                             history, paused))

        def on_train_begin(self, logs=None):
            self.t0 = time.perf_counter()
            self._emit("start", 0, {})

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self._emit("batch", batch + 1, _floats(logs))
            if control is None:
                return
            if control.pause.is_set() and not control.cancel.is_set():
                t = time.perf_counter()
                self._emit("batch", batch + 1, _floats(logs), paused=True)
                while control.pause.is_set() and not control.cancel.is_set():
                    control.cancel.wait(0.05)
                self.paused_s += time.perf_counter() - t
            if control.cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            for k, v in _floats(logs).items():
                self.history.setdefault(k, []).append(v)
            self._emit("epoch", batches, _floats(logs), {k: list(v) for k, v in self.history.items()})
            if control is not None and control.cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True

    return ControlCallback()


def _floats(logs) -> dict:
    out = {}
    for k, v in (logs or {}).items():
        try:
            out[k] = float(v)
        except (TypeError, ValueError):
            pass
    return out
