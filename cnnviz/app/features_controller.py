"""Wiring of the "What filters look for" page (feature visualisation, issue 19).

For the current model (``window.model_hub``) and the chosen convolution layer, a worker
thread synthesises one image per channel and finds the test images that excite each
channel most (:func:`cnnviz.app.features_work.compute_grid`); the page shows them as a
grid. Results are cached per model weights (in memory and in ``<settings folder>/
feature-cache``), so a layer seen once shows at once. Choosing another layer, loading
another model or pressing Cancel stops the work in progress.

Other pages call :meth:`FeaturesController.show_channel` to open one channel here.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from cnnviz.app.background import BackgroundRunner
from cnnviz.app.features_work import (
    PHASE_SYNTHESIS, TOP_K, DataStore, Job, Outcome, channel_sheet_image, compute_grid, grid_sheet, write_png,
)
from cnnviz.core.feature_grid import FeatureGrid
from cnnviz.qt.features.page import FeaturesPage

KEY = "features"
CACHE_FOLDER = "feature-cache"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeaturesPage", text)


class _ProgressRelay(QObject):
    """Worker threads emit here; Qt delivers on the UI thread."""

    step = Signal(int, int, int, int)        # request, phase, done, total


class FeaturesController(QObject):
    shown = Signal(object)                   # FeatureGrid now on the page
    progress = Signal(int, int, int)         # phase, done, total
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, window, page: FeaturesPage | None = None, *, settings=None,
                 cache_folder: str | Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.page = page or FeaturesPage()
        self.settings = settings             # SynthesisSettings (None: the engine's defaults)
        self.top_k = TOP_K
        self.cache_folder = cache_folder
        self._cache = None
        self.store = DataStore()
        self.runner = BackgroundRunner(self)
        self.runner.done.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self._relay = _ProgressRelay(self)
        self._relay.step.connect(self._on_step)
        self._request = 0
        self._stop: threading.Event | None = None
        self._working_on = ""                # layer being computed ("" when idle)
        self._pending_channel: tuple[str, int] | None = None
        self.model = None
        self.layers: list[str] = []
        self.grid: FeatureGrid | None = None
        self.page.layer_chosen.connect(self._on_layer_chosen)
        self.page.source_chosen.connect(self._on_source_chosen)
        self.page.cancel_requested.connect(self.cancel)
        self.page.export_requested.connect(self._ask_export_grid)
        self.page.export_channel_requested.connect(self._ask_export_channel)
        if hasattr(window, "page_changed"):
            window.page_changed.connect(self._on_page_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)          # the worker must not hold up quitting
        hub = getattr(window, "model_hub", None)
        if hub is not None:
            hub.model_changed.connect(self.set_loaded_model)
            if hub.current is not None:
                self.set_loaded_model(hub.current)

    # -- state ------------------------------------------------------------------------
    @property
    def cache(self):
        """The :class:`~cnnviz.inference.feature_vis_cache.VisualisationCache` (made on first use)."""
        if self._cache is None:
            from cnnviz.inference.feature_vis_cache import VisualisationCache

            folder = self.cache_folder
            if folder is None:
                from cnnviz.qt.settings import settings_dir

                folder = settings_dir() / CACHE_FOLDER
            self._cache = VisualisationCache(folder=folder)
        return self._cache

    @property
    def busy(self) -> bool:
        return bool(self._working_on)

    def _visible(self) -> bool:
        key = getattr(self.window, "current_page_key", None)
        return key is None or key() == KEY

    def _data_folder(self, dataset: str) -> str:
        from cnnviz.app.data_folders import data_folders

        return data_folders(self.window).folder(dataset).strip()

    # -- model ------------------------------------------------------------------------
    def set_loaded_model(self, loaded) -> None:
        """A new current model: stop the work for the old one, list its conv layers."""
        from cnnviz.inference.feature_vis import FeatureVisError, conv_layers

        self._stop_work()
        self.grid = None
        self.page.clear()
        self.model = getattr(loaded, "model", None)
        previous = self.page.current_layer()
        try:
            self.layers = conv_layers(self.model) if self.model is not None else []
        except FeatureVisError as exc:
            self.layers = []
            self.page.set_layers([])
            self.page.set_status(_tr("Cannot show what this model's filters look for: {0}").format(exc))
            return
        self.page.set_layers(self.layers, previous)
        if not self.layers:
            self.page.set_status(_tr("This model has no convolution layers, so there are no filters to show."))
            return
        names = list(getattr(loaded, "class_names", None) or [])
        if self.page.source_key() != "folder":
            fashion = names and not all(n.strip().isdigit() for n in names)
            self.page.set_source("fashion_mnist" if fashion else "mnist")
        self.page.set_status(_tr("Choose a layer to see what its filters look for."))
        if self._visible():
            self.compute(self.page.current_layer())

    # -- computing --------------------------------------------------------------------
    def compute(self, layer: str) -> bool:
        """Start computing ``layer`` (stopping anything else); False when it cannot."""
        if self.model is None:
            self.page.set_status(_tr("No model is loaded: open one first (File > Open model)."))
            return False
        if layer not in self.layers:
            self.page.set_status(_tr("Layer {0} is not a convolution layer of this model; choose one of: {1}")
                                 .format(layer, ", ".join(self.layers) or "-"))
            return False
        self._stop_work()
        self._stop = stop = threading.Event()
        self._working_on = layer
        source = self.page.source_key()
        folder = self.page.folder if source == "folder" else self._data_folder(source)
        job = Job(self._request, self.model, layer, self.settings, source, folder, self.top_k)
        relay, request = self._relay, self._request

        def progress(phase: int, done: int, total: int) -> None:
            relay.step.emit(request, phase, done, total)

        self.page.set_busy(True, _tr("Working out what the filters of {0} look for…").format(layer))
        self.runner.submit(compute_grid, job, self.cache, self.store, progress, stop.is_set)
        return True

    def cancel(self) -> None:
        """Stop the work in progress (the page says so when the worker has stopped)."""
        if self._stop is not None:
            self._stop.set()

    def _stop_work(self) -> None:
        """Stop the current job and make any result it still delivers stale."""
        if self._stop is not None:
            self._stop.set()
        self._stop = None
        self._request += 1
        if self._working_on:
            self._working_on = ""
            self.page.set_busy(False)

    @Slot(int, int, int, int)
    def _on_step(self, request: int, phase: int, done: int, total: int) -> None:
        if request != self._request or not self._working_on:
            return
        text = _tr("Synthesising images") if phase == PHASE_SYNTHESIS else _tr("Finding the top test images")
        self.page.set_progress(done, total, text)
        self.progress.emit(phase, done, total)

    def _on_done(self, outcome: Outcome) -> None:
        if outcome.request != self._request:
            return                                   # a newer layer or model superseded it
        self._working_on = ""
        self._stop = None
        if outcome.cancelled:
            self.page.set_busy(False, _tr("Stopped. Choose the layer again to start over."))
            self.cancelled.emit()
            return
        if outcome.grid is None:
            self._on_failed(outcome.error)
            return
        grid = outcome.grid
        self.grid = grid
        note = self._data_note(outcome)
        self.page.set_busy(False, self._summary(grid) + (" " + note if note else ""))
        pending = self._pending_channel
        self._pending_channel = None
        if pending is not None and pending[0] == grid.layer:
            channel = pending[1]
        elif self.page.grid is not None and self.page.grid.layer == grid.layer and self.page.detail.channel >= 0:
            channel = self.page.detail.channel       # the same layer again: keep the channel enlarged
        else:
            channel = int(grid.channel_ids[0])
        self.page.show_grid(grid, note)
        self.page.enlarge(channel)
        self.shown.emit(grid)

    def _on_failed(self, message: str) -> None:
        self._working_on = ""
        self.page.set_busy(False, _tr("Could not compute what the filters look for: {0}").format(message))
        self.failed.emit(message)

    def _summary(self, grid: FeatureGrid) -> str:
        if grid.from_cache:
            return _tr("{0}: {1} channels (from the cache).").format(grid.layer, grid.channels)
        return _tr("{0}: {1} channels, synthesised in {2:.1f} s ({3}).").format(
            grid.layer, grid.channels, grid.seconds, grid.backend)

    def _data_note(self, outcome: Outcome) -> str:
        if outcome.data_missing:
            return _tr("No test images: set the data folder on the Evaluation page, or choose a folder of "
                       "images under 'Examples from'.")
        if outcome.data_error:
            return _tr("No test images: {0}").format(outcome.data_error)
        return ""

    # -- user -------------------------------------------------------------------------
    def _on_layer_chosen(self, layer: str) -> None:
        self._pending_channel = None
        self.compute(layer)

    def _on_source_chosen(self, _key: str, _folder: str) -> None:
        if self.model is not None and self.page.current_layer():
            self.compute(self.page.current_layer())

    def _on_page_changed(self, key: str) -> None:
        """Coming back to the page: the layer is looked up again (at once from the cache;
        computed again when the digit page has edited a kernel since)."""
        layer = self.page.current_layer()
        if key == KEY and layer and self.model is not None and self._working_on != layer:
            self.compute(layer)

    def show_channel(self, layer_name: str, channel: int) -> bool:
        """Switch to this page, choose ``layer_name`` and enlarge ``channel``, computing the
        layer first when needed. False (with a message on the page) when it cannot."""
        if layer_name not in self.layers:
            self.window.show_page(KEY)
            self.compute(layer_name)                 # says why on the page
            return False
        self.page.select_layer(layer_name)
        self._pending_channel = (layer_name, int(channel))
        if self.grid is not None and self.grid.layer == layer_name and not self._working_on:
            self._pending_channel = None
            self.window.show_page(KEY)
            return self.page.enlarge(int(channel))
        if self._working_on != layer_name:
            self.compute(layer_name)
        self.window.show_page(KEY)
        return True

    # -- export -----------------------------------------------------------------------
    def export_grid_png(self, path: str | Path) -> tuple[int, int]:
        """Save the layer shown as a PNG; returns its (height, width)."""
        if self.grid is None:
            raise ValueError(_tr("nothing to export yet: choose a layer first"))
        return write_png(grid_sheet(self.grid), path)

    def export_channel_png(self, path: str | Path, channel: int | None = None) -> tuple[int, int]:
        """Save one channel (default: the enlarged one) as a PNG; returns its (height, width)."""
        ch = self.page.detail.channel if channel is None else int(channel)
        if self.grid is None or ch < 0:
            raise ValueError(_tr("nothing to export yet: click a channel first"))
        return write_png(channel_sheet_image(self.grid, ch), path)

    def _ask_export(self, default_name: str, fn) -> None:
        from cnnviz.qt.export import ask_save_path, run_or_report

        self.window.show_page(KEY)
        path = ask_save_path(self.window, _tr("Export as PNG"), default_name, _tr("PNG images (*.png)"))
        if path and run_or_report(self.window, path, lambda: fn(path)) and hasattr(self.window, "show_status"):
            self.window.show_status(_tr("Saved {0}").format(path))

    def _ask_export_grid(self) -> None:
        layer = self.grid.layer if self.grid is not None else "layer"
        self._ask_export(f"cnnviz-features-{layer}.png", self.export_grid_png)

    def _ask_export_channel(self) -> None:
        layer = self.grid.layer if self.grid is not None else "layer"
        self._ask_export(f"cnnviz-features-{layer}-{self.page.detail.channel}.png", self.export_channel_png)


def build_features(window, args=None) -> None:
    from PySide6.QtGui import QAction

    from cnnviz.app.lab_export_actions import export_menu

    controller = FeaturesController(window)
    window.features = controller
    window.add_page(KEY, controller.page, _tr("What filters look for"))
    action = QAction(_tr("What filters look for: layer grid as PNG…"), window)
    action.setObjectName("featuresExportPng")
    action.triggered.connect(lambda _=False: controller._ask_export_grid())
    export_menu(window).addAction(action)
