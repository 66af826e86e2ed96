"""The model page's controller (:class:`ModelPageController`, ``window.model_page``):
connects the model hub, the model page, the File menu (Open model…, Recent models) and
drag-and-drop of model files onto the main window."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from cnnviz.qt.model import recent
from cnnviz.qt.model.page import ModelPage

MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
MODEL_FILTER = "Keras models (*.keras *.h5 *.hdf5);;All files (*)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelPage", text)


def failure_headline(category: str) -> str:
    """A short, translated headline for a loader failure category."""
    return {
        "not-found": _tr("the file does not exist"),
        "is-directory": _tr("that is a folder, not a model file"),
        "unreadable": _tr("the file cannot be read"),
        "empty": _tr("the file is empty"),
        "too-large": _tr("the file is too large"),
        "not-a-model": _tr("this is not a Keras model file"),
        "corrupt": _tr("the file is damaged"),
        "unsafe": _tr("refused for safety: the file would run code or read other files"),
        "incompatible": _tr("Keras cannot rebuild this model"),
        "mismatch": _tr("the weights do not fit that architecture"),
        "timeout": _tr("loading took too long and was stopped"),
        "out-of-memory": _tr("loading needed too much memory and was stopped"),
        "crashed": _tr("the loader stopped unexpectedly (the file is probably damaged)"),
        "not-image": _tr("the model's input is not an image"),
    }.get(category, _tr("the model could not be opened"))


def _architecture_title(name: str, fallback: str) -> str:
    return {"textbook": _tr("Textbook CNN"), "cnnviz_mnist": _tr("cnnviz digit CNN"),
            "cnnviz_fashion": _tr("cnnviz Fashion-MNIST CNN")}.get(name, fallback)


def _prewarm_loader() -> None:
    """Start the sandboxed loader process while the user is still choosing a file."""
    from cnnviz.inference.loading.sandbox import prewarm

    prewarm()


def _is_bundled(path: str) -> bool:
    from cnnviz import MODELS_DIR

    try:
        return Path(path).expanduser().resolve().is_relative_to(MODELS_DIR.resolve())
    except (OSError, ValueError):
        return False


def model_paths_in(mime) -> list[str]:
    if mime is None or not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            p = url.toLocalFile()
            if Path(p).suffix.lower() in MODEL_SUFFIXES:
                out.append(p)
    return out


class _DropFilter(QObject):
    """Accepts model files dropped anywhere on the main window (pages that take drops
    themselves, e.g. image files on the digit page, see them first)."""

    def __init__(self, controller: "ModelPageController") -> None:
        super().__init__(controller)
        self.controller = controller

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if model_paths_in(event.mimeData()):
                if kind == QEvent.Type.DragEnter:
                    _prewarm_loader()
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = model_paths_in(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.controller.open(paths[0])
                return True
        return False


class ModelPageController(QObject):
    def __init__(self, window, page: ModelPage) -> None:
        super().__init__(window)
        self.setObjectName("modelPageController")
        self.window = window
        self.page = page
        self.hub = window.model_hub
        self.weights_path: str | None = None
        self.last_error: tuple[str, str, str] | None = None
        hub = self.hub
        hub.loading.connect(self._on_loading)
        hub.busy_changed.connect(self._on_busy)
        hub.model_changed.connect(self._on_model)
        hub.load_failed.connect(self._on_failed)
        hub.weights_only.connect(self._on_weights_only)
        page.open_requested.connect(self.open_dialog)
        page.bundled_requested.connect(lambda p: self.open(p))
        page.class_names_applied.connect(self.apply_class_names)
        page.class_names_save_requested.connect(self.save_class_names)
        page.weights_architecture_chosen.connect(self.load_weights_into)
        page.weights_architecture_file_requested.connect(self.choose_architecture_file)
        page.set_bundled(self._bundled())
        if hub.current is not None:
            self._on_model(hub.current)

    # -- actions ----------------------------------------------------------------------------
    def open(self, path: str) -> None:
        """Open a model file in the background (the current model stays until it loads)."""
        self.hub.open(path)

    def open_dialog(self) -> None:
        _prewarm_loader()
        start = ""
        items = recent.recent_models()
        if items:
            start = str(Path(items[0]).parent)
        path, _ = QFileDialog.getOpenFileName(self.window, _tr("Open a Keras model"), start, _tr(MODEL_FILTER))
        if path:
            self.open(path)

    def load_weights_into(self, architecture: str) -> None:
        if self.weights_path:
            self.hub.open_weights(self.weights_path, architecture)

    def choose_architecture_file(self) -> None:
        if not self.weights_path:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, _tr("Architecture for these weights"), str(Path(self.weights_path).parent),
            _tr("Architectures (*.keras *.json);;All files (*)"))
        if path:
            self.load_weights_into(path)

    def apply_class_names(self, names: list[str]) -> bool:
        loaded = self.hub.current
        if loaded is None:
            return False
        needed = self._needed(loaded)
        if len(names) != needed or not all(names):
            self.page.set_class_status(_tr("This model needs {0} names (one per line, none empty); "
                                           "you gave {1}.").format(needed, len([n for n in names if n])))
            return False
        self.hub.set_model(dataclasses.replace(loaded, class_names=list(names)))
        self.page.set_class_status(_tr("Class names applied."))
        return True

    def save_class_names(self, names: list[str]) -> bool:
        if not self.apply_class_names(names):
            return False
        from cnnviz.inference.classes import write_class_names

        loaded = self.hub.current
        try:
            target = write_class_names(loaded.path, names)
        except OSError as exc:
            self.page.set_class_status(_tr("Could not save the names beside the model: {0}").format(
                exc.strerror or exc))
            return False
        self.page.set_class_status(_tr("Saved to {0}").format(target.name))
        return True

    # -- hub signals -------------------------------------------------------------------------
    def _on_loading(self, path: str) -> None:
        if not _is_bundled(path):
            self.page.show_error("")  # a new file: the old failure no longer applies
        if self.weights_path and path != self.weights_path and not _is_bundled(path):
            # Another file was chosen: the weights-only question is moot. (A bundled model
            # opening meanwhile — the start-up fallback — leaves the question standing.)
            self.weights_path = None
            self.page.hide_weights_only()
        name = Path(path).name
        self.page.set_busy(name)
        self.window.show_status(_tr("Loading {0}…").format(name), 0)

    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self.page.set_busy(None)

    def _on_model(self, loaded) -> None:
        self.page.set_busy(None)
        path = Path(loaded.path)
        if not getattr(loaded, "trusted", False):
            self.page.show_error("")
        if self.weights_path is None or str(path) == str(self.weights_path):
            self.page.hide_weights_only()
            self.weights_path = None
        self.last_error = None
        self.page.show_model(name=path.name, path=str(path), info=getattr(loaded, "info", None),
                             class_names=list(loaded.class_names))
        self.window.show_status(_tr("Model {0} loaded").format(path.name), 5000)
        if not getattr(loaded, "trusted", False) and "weights" not in str(loaded.format):
            try:
                recent.add_recent(path)
            except Exception:  # noqa: BLE001 - settings problems never stop a load
                pass

    def _on_failed(self, path: str, message: str, category: str) -> None:
        if category == "cancelled":
            return  # superseded by a newer request
        self.last_error = (path, message, category)
        self.page.set_busy(None)
        kept = self.hub.current
        tail = (_tr(" The model {0} stays open.").format(Path(kept.path).name) if kept is not None else "")
        headline = failure_headline(category)
        self.page.show_error(_tr("Could not open {0} — {1}").format(Path(path).name, headline)
                             + "\n" + message + tail)
        self.window.show_status(_tr("Could not open {0} — {1}").format(Path(path).name, headline), 10000)
        # One way of reporting every load error: the banner on the model page (shown), the
        # status bar, no dialog. A weights mismatch keeps the weights panel for another try.
        self.window.show_page("model")

    def _on_weights_only(self, path: str) -> None:
        self.weights_path = path
        self.page.set_busy(None)
        self.page.show_error("")
        from cnnviz.inference.loading.weights import bundled_architectures

        message = _tr("{0} holds only the weights of a model (it was saved with save_weights), "
                      "not its architecture. Pick the architecture they belong to: a bundled one, "
                      "or a .keras/.json file describing the same layers.").format(Path(path).name)
        from cnnviz.inference.architecture_match import matching_architectures, parse_layer_shapes

        detail = getattr(self.hub, "weights_only_message", "")
        shapes = None
        if "belong to layers" in detail:
            layers = detail.split("belong to layers", 1)[1].split(". Pick", 1)[0].strip()
            message += "\n" + _tr("Layers with weights in the file: {0}").format(layers)
            shapes = parse_layer_shapes(layers)
        archs = [(name, _architecture_title(name, title)) for name, title in bundled_architectures().items()]
        matches = matching_architectures(shapes) if shapes else []
        if matches:
            message += "\n" + _tr("These layers match the bundled architecture {0}.").format(
                dict(archs).get(matches[0], matches[0]))
        elif shapes:
            message += "\n" + _tr("None of the bundled architectures has these layers: choose a .keras/.json "
                                   "file that describes them.")
        else:
            message += "\n" + _tr("cnnviz cannot tell which architecture these weights fit: choose the one "
                                   "they were saved from.")
        self.page.show_weights_only(message, archs, matches[0] if matches else None)
        self.window.show_page("model")
        self.window.show_status(_tr("{0}: weights only — pick an architecture").format(Path(path).name), 10000)

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _needed(loaded) -> int:
        info = getattr(loaded, "info", None)
        return info.output.n_classes if info is not None else len(loaded.class_names)

    @staticmethod
    def _bundled() -> list[tuple[str, str]]:
        try:
            from cnnviz.inference.bundled import BUNDLED
        except ImportError:
            return []
        return [(QCoreApplication.translate("BundledModels", m.title), str(m.path)) for m in BUNDLED if m.exists()]

    # -- menus -------------------------------------------------------------------------------
    def install_menus(self) -> None:
        window = self.window
        action = QAction(_tr("&Open model…"), window)
        action.setObjectName("openModelAction")
        action.setShortcut(QKeySequence.StandardKey.Open)
        action.triggered.connect(self.open_dialog)
        window.addAction(action)
        window.file_menu.addAction(action)
        self.open_action = action
        menu = QMenu(_tr("Recent &models"), window)
        menu.setObjectName("recentModelsMenu")
        menu.aboutToShow.connect(self._fill_recent)
        window.file_menu.addMenu(menu)
        self.recent_menu = menu
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        items = [p for p in recent.recent_models() if Path(p).is_file()]
        for i, p in enumerate(items):
            label = f"&{i + 1} {Path(p).name}" if i < 9 else Path(p).name
            act = menu.addAction(label)
            act.setToolTip(p)
            act.setData(p)
            act.triggered.connect(lambda _=False, path=p: self.open(path))
        if not items:
            empty = menu.addAction(_tr("(none yet)"))
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(_tr("Clear list"))
        clear.setObjectName("clearRecentModels")
        clear.setEnabled(bool(items))
        clear.triggered.connect(recent.clear_recent)

    def install_drops(self) -> None:
        self.window.setAcceptDrops(True)
        self._drop_filter = _DropFilter(self)
        self.window.installEventFilter(self._drop_filter)


def build_model(window, args) -> None:
    page = ModelPage(window)
    window.add_page("model", page, QCoreApplication.translate("ModelPage", "Model"))
    controller = ModelPageController(window, page)
    controller.install_menus()
    controller.install_drops()
    window.model_page = controller
