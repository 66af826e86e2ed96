"""Lesson mode (``window.lesson``): steps through a lesson of :mod:`cnnviz.lessons`,
switching pages and applying each step's state through the page controllers' public
``session_state()`` / ``restore_session_state()``; the narration panel (or, presenting,
the caption bar) shows the step.

Keys: Page Down / Page Up (a presenter's clicker) move the lesson from anywhere; → / ←
only while the narration panel has the focus, because the labs use the arrows to step
through a computation. The class may change anything on a page; Next goes on from there.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from cnnviz.app.lesson_highlights import look_at
from cnnviz.app.lesson_replay import StrokeReplay
from cnnviz.app.lesson_steps import apply_step, recordable_state
from cnnviz.lessons import (Lesson, LessonError, Text, default_resolver, find_lesson, lessons_dir, list_lessons,
                            record_step, save_lesson)
from cnnviz.qt.lesson.caption import CaptionBar
from cnnviz.qt.lesson.panel import LessonPanel
from cnnviz.qt.lesson.record_dialog import RecordStepDialog
from cnnviz.state.lesson import LessonPosition

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LessonController", text)


def _language() -> str:
    from cnnviz.qt.i18n import current_language

    return current_language()


class LessonController(QObject):
    """``window.lesson``: the lesson being shown, its menu, panel and caption bar."""

    step_shown = Signal(int)   # 0-based index of the step now shown
    stopped = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("lessonController")
        self.window = window
        self.position: LessonPosition | None = None
        self.path: Path | None = None        # where the lesson was read from or saved to
        self.replay = StrokeReplay(self)    # a lesson's drawing, drawn as pen moves
        self.panel = LessonPanel(window)
        self.caption = CaptionBar(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.caption)
        self.panel.hide()
        self.caption.hide()
        self.panel.next_requested.connect(self.next)
        self.panel.previous_requested.connect(self.previous)
        self.panel.stop_requested.connect(self.stop)
        window.presentation_changed.connect(lambda _on: self.sync_views())
        window.zoom_changed.connect(lambda _scale: self._rescale())
        self._build_actions()
        self.sync_views()

    # -- menu and keys ----------------------------------------------------------------
    def _action(self, name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)  # works in presentation mode (menu bar hidden) too
        return action

    def _build_actions(self) -> None:
        w = self.window
        menu = QMenu(_tr("&Lesson"), w)
        menu.setObjectName("lessonMenu")
        w.menuBar().insertMenu(w.help_menu.menuAction(), menu)  # File, View, Lesson, Help
        self.menu = menu
        self.start_menu = menu.addMenu(_tr("&Start lesson"))
        self.start_menu.setObjectName("startLessonMenu")
        try:
            bundled = list_lessons()
        except LessonError as exc:  # a broken installation: say so, keep the app going
            log.warning("bundled lessons: %s", exc)
            bundled = []
        for item in bundled:
            action = self.start_menu.addAction(item.title.get(_language()))
            action.setObjectName(f"startLesson_{item.name}")
            action.setStatusTip(_tr("{0} steps").format(item.steps))
            action.triggered.connect(lambda _=False, n=item.name: self.open(n))
        self.open_action = self._action("openLessonAction", _tr("&Open lesson file…"), self.open_dialog,
                                        tip=_tr("Open a lesson (.toml) you or a colleague wrote"))
        self.next_action = self._action("nextStepAction", _tr("&Next step"), self.next, ["PgDown"],
                                        _tr("Go to the next step of the lesson"))
        self.previous_action = self._action("previousStepAction", _tr("&Previous step"), self.previous,
                                            ["PgUp"], _tr("Go back to the previous step of the lesson"))
        self.record_action = self._action("recordStepAction", _tr("&Record step…"), self.record_dialog,
                                          tip=_tr("Add the current page, as it is now, as a step of the lesson"))
        self.save_action = self._action("saveLessonAction", _tr("Sa&ve lesson as…"), self.save_dialog,
                                        tip=_tr("Save the lesson, with the steps you recorded, to a file"))
        self.stop_action = self._action("stopLessonAction", _tr("S&top lesson"), self.stop,
                                        tip=_tr("Close the narration and leave the pages as they are"))
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.next_action)
        menu.addAction(self.previous_action)
        menu.addSeparator()
        menu.addAction(self.record_action)
        menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(self.stop_action)

    # -- state ------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.position is not None

    @property
    def lesson(self) -> Lesson | None:
        return self.position.lesson if self.position is not None else None

    @property
    def index(self) -> int:
        return self.position.index if self.position is not None else -1

    def progress_text(self) -> str:
        if self.position is None:
            return ""
        return _tr("Step %1 of %2").replace("%1", str(self.index + 1)).replace("%2", str(self.position.count))

    def _resolver(self):
        return default_resolver(self.lesson.base_dir if self.lesson is not None else None)

    # -- starting and stopping --------------------------------------------------------
    def open(self, name_or_path: str | Path) -> bool:
        """Start a bundled lesson (by name) or a lesson file. A lesson that does not load
        leaves everything as it was and the panel says why (step and field)."""
        try:
            lesson = find_lesson(name_or_path)
        except LessonError as exc:
            self.show_error(str(exc))
            return False
        self.start(lesson)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, _tr("Open lesson"), "",
                                              _tr("Lessons (*.toml);;All files (*)"))
        if path:
            self.open(path)

    def start(self, lesson: Lesson, index: int = 0) -> None:
        self.position = LessonPosition.start(lesson, default_resolver(lesson.base_dir))
        self.path = lesson.source
        self.panel.show_notes([])
        self.caption.show_notes([])
        self.sync_views()
        self.go_to(index)

    def stop(self) -> None:
        if self.position is None:
            return
        self.replay.finish()
        self.position = None
        self.sync_views()
        self.stopped.emit()

    def show_error(self, message: str) -> None:
        """A lesson problem, one line: in the panel or the caption bar, and the status bar."""
        log.info("%s", message)
        self.panel.show_notes([message])
        self.caption.show_notes([message])
        if self.position is None:  # no lesson to show beside it: the panel shows just this
            self.panel.show_step("", 0, 0, _tr("The lesson could not be opened"), "", "")
            self.panel.show()
        self.window.show_status(message, 15000)

    # -- moving -----------------------------------------------------------------------
    def next(self) -> bool:
        return self.position is not None and self.go_to(self.index + 1)

    def previous(self) -> bool:
        return self.position is not None and self.go_to(self.index - 1)

    def go_to(self, index: int) -> bool:
        """Show step ``index`` (0-based): its page, its state, its narration."""
        pos = self.position
        if pos is None or not pos.go_to(index):
            return False
        step = pos.step
        self.replay.finish()
        notes = apply_step(self.window, step, pos.step_missing(), self._resolver(), self.replay)
        self._show(notes)
        self.step_shown.emit(index)
        return True

    def _show(self, notes: list[str]) -> None:
        pos, lang = self.position, _language()
        step = pos.step
        progress = self.progress_text()
        self.panel.show_step(pos.lesson.title.get(lang), pos.index + 1, pos.count, step.title.get(lang),
                             step.narration.get(lang), progress)
        self.panel.show_look_at(look_at(step))
        self.panel.show_notes(notes)
        self.caption.show_notes(notes)
        self.caption.show_step(step.title.get(lang), step.narration.get(lang), progress)
        self._update_actions()

    def sync_views(self) -> None:
        """The panel beside the pages, or the caption bar when presenting."""
        on = self.position is not None
        presenting = bool(self.window.presentation.presenting)
        self.panel.setVisible(on and not presenting)
        self.caption.setVisible(on and presenting)
        self._update_actions()

    def _update_actions(self) -> None:
        on = self.position is not None
        self.next_action.setEnabled(on and self.position.can_go(+1))
        self.previous_action.setEnabled(on and self.position.can_go(-1))
        self.save_action.setEnabled(on)
        self.stop_action.setEnabled(on)

    def _rescale(self) -> None:
        self.panel.rescale()
        self.caption.rescale()

    # -- recording --------------------------------------------------------------------
    def record_dialog(self) -> None:
        key = self.window.current_page_key()
        dialog = RecordStepDialog(self.window.page_title(key), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            title, narration = dialog.values()
            self.record(title or self.window.page_title(key), narration)

    def record(self, title: str, narration: str) -> bool:
        """Add the current page, as it is, as a step after the last one and show it."""
        key = self.window.current_page_key()
        try:
            step = record_step(key, recordable_state(self.window, key), title, narration or title)
        except LessonError as exc:
            self.show_error(str(exc))
            return False
        if self.position is None:
            lesson = Lesson(Text("내 수업", "My lesson"), ())
            self.position = LessonPosition.start(lesson)
            self.path = None
            self.sync_views()
        self.position.append(step, self._resolver())
        self._show([])
        self.step_shown.emit(self.index)
        return True

    def save_dialog(self) -> None:
        if self.position is None:
            return
        start = "lesson.toml"
        if self.path is not None:  # a bundled lesson's folder is the app's: offer its name only
            start = self.path.name if self.path.parent.resolve() == lessons_dir().resolve() else str(self.path)
        path, _ = QFileDialog.getSaveFileName(self.window, _tr("Save lesson"), start,
                                              _tr("Lessons (*.toml)"))
        if path:
            self.save(path)

    def save(self, path: str | Path) -> Path | None:
        if self.position is None:
            return None
        try:
            target = save_lesson(self.lesson, path)
        except LessonError as exc:
            self.show_error(str(exc))
            return None
        self.path = target
        self.window.show_status(_tr("Lesson saved to %1").replace("%1", str(target)), 8000)
        return target


def install_lessons(window) -> LessonController:
    """The lesson mode at ``window.lesson`` (its menu: ``window.lesson.menu``)."""
    controller = LessonController(window)
    window.lesson = controller
    return controller
