"""Loading translations: ours (resources/i18n/reviewdesk_<lang>.qm) and Qt's own.

Source strings are Chinese, so Chinese needs no .qm of ours; it still needs
Qt's qtbase_zh_CN.qm so standard buttons read 确定/取消. The Settings dialog
(issue 6) calls :func:`choose_language` and :func:`install_translators` again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop.ui.paths import resource
from desktop.ui.settings import KEY_LANGUAGE

#: Language codes the app ships, in menu order. "auto" follows the system.
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

_installed: list[QTranslator] = []
_current: list[str] = [DEFAULT_LANGUAGE]


def choose_language(settings: QSettings, system_locale: QLocale) -> str:
    """The UI language: the saved choice if valid, else English for an English
    system locale and Chinese for everything else (the shipped default)."""
    saved = str(settings.value(KEY_LANGUAGE, "auto") or "auto")
    if saved in LANGUAGES:
        return saved
    if system_locale.language() == QLocale.Language.English:
        return "en"
    return DEFAULT_LANGUAGE


def uninstall_translators(app: QCoreApplication) -> None:
    """Removes the translators this module installed (source strings show again)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current[0] = DEFAULT_LANGUAGE


def current_language() -> str:
    """The language the running UI was started in (Help picks its guide by it)."""
    return _current[0]


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Replaces the installed translators with those for ``language``; returns them."""
    uninstall_translators(app)
    _current[0] = language
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"reviewdesk_{language}", str(resource("i18n")))]
    if language != "en":
        candidates.append((f"qtbase_{language}", qt_dir))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return list(_installed)
