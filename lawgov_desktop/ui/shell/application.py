"""Start the desktop program: QApplication in Chinese, the ledger, first run, main window.

`run(data_dir, ...)` is what `lawgov-desktop` calls. The window frame is shown first; the
ledger is opened (and the storage layer imported) in the event loop's first turn, so the
window appears as fast as Qt allows. The session (ui/shell/session.py) locks the data folder, opens
the ledger, checks it in the background and backs it up at exit. `--smoke-test` locks and
opens the ledger, shows the window, renders every page once and exits 0. For the start-up
benchmark, `quit_after_show` exits as soon as the window is on screen and `quit_when_ready`
once the first page shows its data.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

ORGANIZATION = "LawGovDesktop"
APPLICATION = "法治建设台账"
# UI fonts in order of preference; Qt falls back through fontconfig / Windows font linking.
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC",
                 "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Droid Sans Fallback"]


def stylesheet() -> str:
    try:
        path = resources.files("lawgov_desktop.resources").joinpath("ui/style.qss")
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ""


def app_icon() -> QIcon:
    """The red-seal 法 icon at every size shipped in resources/icons."""
    icon = QIcon()
    folder = resources.files("lawgov_desktop.resources").joinpath("icons")
    for size in (16, 24, 32, 48, 64, 128):
        data = folder.joinpath(f"lawgov-desktop-{size}.png")
        pixmap = QPixmap()
        if data.is_file() and pixmap.loadFromData(data.read_bytes()):
            icon.addPixmap(pixmap)
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Chinese locale, Qt's own Chinese translations and the style."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("lawgov-desktop")  # matches the .desktop launcher on Linux
    app.setWindowIcon(app_icon())
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    if not app.property("lawgovTranslations"):  # once per QApplication (tests make many)
        app.setProperty("lawgovTranslations", install_translations(app, locale) or ["-"])
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
    return app


def qt_translation_folders() -> list[Path]:
    """Where Qt's own .qm files may be: where QLibraryInfo says (a checkout or wheel), then
    inside the PySide6 package (a PyInstaller bundle keeps them there: Qt/translations on
    Linux, translations on Windows) in case the bundle's Qt reports another place."""
    import PySide6

    package = Path(PySide6.__file__).parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               package / "Qt" / "translations", package / "translations"]
    return [f for i, f in enumerate(folders) if f not in folders[:i]]


def install_translations(app: QApplication, locale: QLocale) -> list[str]:
    """Qt's Chinese translations (standard dialogs and buttons), then ours from resources/
    for the strings Qt's leave in English; returns the files loaded."""
    loaded: list[str] = []
    for folder in qt_translation_folders():
        translator = QTranslator(app)
        if translator.load(locale, "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            loaded.append(translator.filePath())
            break
    try:
        shipped = resources.files("lawgov_desktop.resources").joinpath("translations")
        names = sorted(p.name for p in shipped.iterdir() if p.name.endswith("_zh_CN.qm"))
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        names = []
    for name in names:
        translator = QTranslator(app)
        # installed last, so asked first: it only holds what Qt's own file lacks
        if translator.load(str(shipped.joinpath(name))):
            app.installTranslator(translator)
            loaded.append(translator.filePath())
    return loaded


def window_settings(scratch: bool = False) -> QSettings:
    """Window state per user (not per ledger); a throw-away file for smoke tests."""
    if scratch:
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="lawgov-smoke-")) / "state.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION,
                     "desktop")


def run(data_dir: str | None = None, smoke_test: bool = False,
        quit_after_show: bool = False, quit_when_ready: bool = False) -> int:
    app = make_application()
    from .main_window import MainWindow

    folder = str(Path(data_dir).expanduser()) if data_dir else None
    window = MainWindow(None, window_settings(scratch=smoke_test))
    window.show()
    if smoke_test:
        return smoke(window, folder)
    if quit_after_show:
        QTimer.singleShot(0, app.quit)
        return app.exec()
    from .session import Session

    session = Session(window, folder, quit=app.exit, quick_check=not quit_when_ready)
    first_open = [True]

    def opened() -> None:
        if not first_open[0]:
            return
        first_open[0] = False
        if quit_when_ready:
            window.repaint()
            app.quit()
        elif session.db is not None and session.db.is_empty():
            QTimer.singleShot(0, lambda: first_run(window))

    session.opened.connect(opened)
    QTimer.singleShot(0, session.start)
    code = app.exec()
    session.shutdown(backup=not quit_when_ready)  # the benchmark measures start-up only
    return code


def smoke(window: Any, folder: str | None) -> int:
    """--smoke-test: lock, open, render every page, close; errors to stderr, exit code 2/3."""
    from ...storage import Database, LedgerError, LedgerInUseError, LedgerLock, default_data_dir
    from .jobs import wait_for_jobs

    try:
        with LedgerLock(folder or default_data_dir(), program="lawgov-desktop --smoke-test"):
            db = Database.open(folder)
            try:
                window.attach(db)
                pages = window.render_all()
                print(f"smoke test ok: {db.path} · {'、'.join(pages)}")
            finally:
                window.close()
                wait_for_jobs()
                db.close()
    except LedgerError as exc:
        window.close()
        print(f"smoke test failed: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, LedgerInUseError) else 2
    return 0


def first_run(window: object) -> None:
    from .first_run import FirstRunDialog
    from .main_window import MainWindow

    assert isinstance(window, MainWindow)
    dialog = FirstRunDialog(window.db, window)
    if dialog.exec():
        def done() -> None:
            window.fill_years()
            window._on_settings_changed()
            window.show_page(window.stack.currentIndex())

        dialog.apply(done)
