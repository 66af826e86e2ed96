"""User-interface languages (English source strings, Korean translation) via Qt Linguist.

Run time: :func:`install_language` loads ``cnnviz/data/translations/cnnviz_<lang>.qm`` and
Qt's own ``qtbase_<lang>.qm`` (standard buttons and dialogs) into the application. The
language is chosen by :func:`resolve_language`: ``--lang`` on the command line, else the
``ui/language`` setting, else the system locale. Changing it in Settings takes effect
after a restart (the app offers to restart at once; the autosaved session comes back).

Translation workflow (all with the tools shipped in the PySide6 wheel)::

    python -m cnnviz.i18n_tools update      # re-extract strings from cnnviz/qt + cnnviz/app
                                            # into cnnviz/data/translations/cnnviz_ko.ts,
                                            # then compile cnnviz_ko.qm
    python -m cnnviz.i18n_tools todo        # list untranslated strings (context<TAB>source)
    python -m cnnviz.i18n_tools apply F.tsv # merge "context<TAB>source<TAB>translation" lines
    python -m cnnviz.i18n_tools release     # compile .ts -> .qm only
    python -m cnnviz.i18n_tools check       # exit 1 if any string is untranslated

(``python -m cnnviz.qt.i18n …`` still works: it hands over to those tools.)

or edit ``cnnviz_ko.ts`` with ``pyside6-linguist``. The tools live in
:mod:`cnnviz.i18n_tools` (not imported at start-up; this module never imports them). Strings are found by ``self.tr("…")``
and ``QCoreApplication.translate("Context", "…")`` calls; the .ts keeps no source line
numbers so it does not churn when code moves.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from cnnviz.package_data import translations_dir

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = PACKAGE_DIR.parent
TRANSLATIONS_DIR = translations_dir()
SOURCE_DIRS = (PACKAGE_DIR / "qt", PACKAGE_DIR / "app")

#: Languages the interface is available in, with their names in their own language.
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
SOURCE_LANGUAGE = "en"
TRANSLATED = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"cnnviz_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"cnnviz_{lang}.qm"


# -- run time -----------------------------------------------------------------------
def system_language() -> str:
    """'ko' when the system locale is Korean, else 'en'."""
    from PySide6.QtCore import QLocale

    names = [QLocale.system().name()] + list(QLocale.system().uiLanguages())
    for name in names:
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve_language(cli_choice: str | None, setting: str | None) -> str:
    """Command line first, then the saved setting, then the system locale."""
    for choice in (cli_choice, setting):
        if choice and choice in LANGUAGES:
            return choice
    return system_language()


def install_language(app, lang: str) -> bool:
    """Install the translators for *lang* into *app* (a QCoreApplication).

    Returns True when the language is active (English always is). A missing or unreadable
    .qm file logs a warning and leaves the interface in English."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for old in getattr(app, "_cnnviz_translators", []):
        app.removeTranslator(old)
    app._cnnviz_translators = []
    if lang not in LANGUAGES:
        log.warning("unknown language %r; using English", lang)
        lang = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(lang))
    app.setProperty("cnnvizLanguage", lang)
    if lang == SOURCE_LANGUAGE:
        return True
    ours = QTranslator(app)
    if not ours.load(str(qm_path(lang))):
        log.warning("translation file %s is missing or unreadable; the interface stays in English",
                    qm_path(lang))
        app.setProperty("cnnvizLanguage", SOURCE_LANGUAGE)
        return False
    app.installTranslator(ours)
    app._cnnviz_translators.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{lang}", qt_dir):  # OK/Cancel, file dialogs, …
        app.installTranslator(qt_translator)
        app._cnnviz_translators.append(qt_translator)
    return True


def current_language(app=None) -> str:
    from PySide6.QtCore import QCoreApplication

    app = app or QCoreApplication.instance()
    value = app.property("cnnvizLanguage") if app is not None else None
    return value if value in LANGUAGES else SOURCE_LANGUAGE


if __name__ == "__main__":  # the maintenance commands live in cnnviz.i18n_tools
    import runpy

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runpy.run_module("cnnviz.i18n_tools", run_name="__main__", alter_sys=True)
