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
from lawgov_desktop.ui.ledgers.record_form import RecordDialog  # noqa: E402
from lawgov_desktop.ui.shell import prompts  # noqa: E402
from lawgov_desktop.ui.shell.application import make_application  # noqa: E402
from lawgov_desktop.ui.shell.main_window import MainWindow  # noqa: E402

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


# -- data safety (tests/test_ui_safety.py) ----------------------------------------------------


class Told:
    """What the program told the user (prompts.info / error / show_text) and the questions it
    asked (prompts.confirm, answered by `answers`, yes by default)."""

    def __init__(self) -> None:
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.questions: list[str] = []
        self.answers: list[bool] = []
        self.files: list[str] = []  # what prompts.open_file / choose_folder return, in order

    def all(self) -> str:
        return "\n".join([*self.infos, *self.errors, *self.questions])


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    """Every modal prompt answered without a dialog, and recorded."""
    record = Told()

    def confirm(parent: Any, title: str, text: str, **_: Any) -> bool:
        record.questions.append(text)
        return record.answers.pop(0) if record.answers else True

    def pick(*_: Any) -> str:
        return record.files.pop(0) if record.files else ""

    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "error", lambda p, title, text: record.errors.append(text))
    monkeypatch.setattr(prompts, "info", lambda p, title, text: record.infos.append(text))
    monkeypatch.setattr(prompts, "show_text",
                        lambda p, title, intro, text: record.infos.append(f"{intro}\n{text}"))
    monkeypatch.setattr(prompts, "open_file", pick)
    monkeypatch.setattr(prompts, "choose_folder", pick)
    return record


@pytest.fixture
def start_session(app: Any, qtbot: Any, tmp_path: Path, data_dir: Path
                  ) -> Iterator[Callable[..., Any]]:
    """`start_session(quick_check=False)`: a main window and its Session on the test's data
    folder, started as the program starts; `session.exit_codes` collects quit(code) calls.
    Shut down (without the exit backup) at the end of the test."""
    from lawgov_desktop.ui.shell.session import Session

    sessions: list[Any] = []

    def start(quick_check: bool = False, folder: Path | None = None) -> Any:
        settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(None, settings)
        qtbot.addWidget(window)
        window.show()
        codes: list[int] = []
        session = Session(window, folder or data_dir, quit=codes.append,
                          quick_check=quick_check)
        session.exit_codes = codes  # type: ignore[attr-defined]
        sessions.append(session)
        session.start()
        return session

    yield start
    for session in sessions:
        session.shutdown(backup=False)
