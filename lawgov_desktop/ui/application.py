"""Start the desktop program: QApplication in Chinese, the ledger, first run, main window.

`run(data_dir, smoke_test=False, quit_after_show=False)` is what `lawgov-desktop` calls.
`--smoke-test` opens the ledger, shows the window, renders every page once and exits 0;
`quit_after_show` (for the start-up benchmark) exits as soon as the window is on screen.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from ..storage import Database, LedgerError, default_data_dir

ORGANIZATION = "LawGovDesktop"
APPLICATION = "法治建设台账"
STATE_FILE = "desktop-state.ini"
# UI fonts in order of preference; Qt falls back through fontconfig / Windows font linking.
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC",
                 "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Droid Sans Fallback"]


def stylesheet() -> str:
    try:
        path = resources.files("lawgov_desktop.resources").joinpath("ui/style.qss")
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Chinese locale, Qt's own Chinese translations and the style."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
    return app


def open_ledger(data_dir: Path | None) -> Database | None:
    try:
        return Database.open(data_dir)
    except LedgerError as exc:
        QMessageBox.critical(None, "无法打开台账", str(exc))
        return None


def run(data_dir: str | None = None, smoke_test: bool = False,
        quit_after_show: bool = False) -> int:
    app = make_application()
    folder = Path(data_dir).expanduser() if data_dir else default_data_dir()
    if smoke_test:
        db = Database.open(folder)  # errors go to stderr with a non-zero exit
    else:
        db = open_ledger(folder)
        if db is None:
            return 2
    from .main_window import MainWindow

    settings = QSettings(str(db.path.parent / STATE_FILE), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.show()
    if smoke_test:
        pages = window.render_all()
        print(f"smoke test ok: {db.path} · {'、'.join(pages)}")
        window.close()
        db.close()
        return 0
    if quit_after_show:
        QTimer.singleShot(0, app.quit)
    elif db.is_empty():
        QTimer.singleShot(0, lambda: first_run(window))
    code = app.exec()
    db.close()
    return code


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
