"""Fixtures for the GUI tests (loaded with `pytest_plugins = ["ui_fixtures"]`).

Every test gets its own data directory (tests/conftest.py) and its own window-state file.
Modal dialogs are never left waiting: `answer` patches the yes/no questions, and
`drive_form` replaces RecordDialog.exec so a test fills the real form widgets, then saves.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from lawgov_desktop import demo  # noqa: E402
from lawgov_desktop.storage import Database  # noqa: E402
from lawgov_desktop.ui import prompts  # noqa: E402
from lawgov_desktop.ui.application import make_application  # noqa: E402
from lawgov_desktop.ui.main_window import MainWindow  # noqa: E402
from lawgov_desktop.ui.record_form import RecordDialog  # noqa: E402

DEMO_TODAY = dt.date(2024, 11, 20)


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    return make_application()


@pytest.fixture
def ui_db(data_dir: Path) -> Iterator[Database]:
    database = Database.open(data_dir)
    yield database
    database.close()


@pytest.fixture
def demo_db(ui_db: Database) -> Database:
    demo.fill(ui_db, 2024, "small", today=DEMO_TODAY)
    return ui_db


def make_window(qtbot: Any, db: Database, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(app: Any, qtbot: Any, ui_db: Database, tmp_path: Path) -> MainWindow:
    return make_window(qtbot, ui_db, tmp_path)


@pytest.fixture
def demo_window(app: Any, qtbot: Any, demo_db: Database, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, demo_db, tmp_path)
    window.set_year(2024)
    return window


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every confirm() with yes; the asked texts are collected for assertions."""
    asked: list[str] = []

    def confirm(parent: Any, title: str, text: str, **_: Any) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: asked.append(text))
    return asked


FormScript = Callable[[RecordDialog], None]


@pytest.fixture
def drive_form(monkeypatch: pytest.MonkeyPatch) -> Callable[[FormScript], list[RecordDialog]]:
    """`drive_form(script)`: the next forms opened run `script(dialog)` instead of a modal
    event loop; exec() then returns whether the dialog was accepted."""
    seen: list[RecordDialog] = []

    def install(script: FormScript) -> list[RecordDialog]:
        def fake_exec(self: RecordDialog) -> int:
            seen.append(self)
            self.show()
            script(self)
            return int(self.result())

        monkeypatch.setattr(RecordDialog, "exec", fake_exec)
        return seen

    return install
