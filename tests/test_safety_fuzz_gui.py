"""The desktop program's start on the 40 damaged ledgers of test_safety_fuzz.py: it opens the
ledger and its background quick check finds nothing, or the damaged-ledger dialog is offered
(at start or after the quick check); never an exception; the file stays byte-identical."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest
from test_safety_fuzz import YEAR, variants

from lawgov_desktop import demo
from lawgov_desktop.storage import Database
from lawgov_desktop.storage.backup import backup_now
from lawgov_desktop.ui.safety import damaged_dialog
from lawgov_desktop.ui.shell.jobs import wait_for_jobs

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.slow,
              pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture(scope="module")
def good_files(tmp_path_factory) -> tuple[bytes, bytes]:
    folder = tmp_path_factory.mktemp("good-gui")
    with Database.open(folder) as db:
        demo.fill(db, YEAR, "small")
        saved = backup_now(db)
    return (folder / "ledger.sqlite3").read_bytes(), saved.path.read_bytes()


def test_the_gui_start_reports_damage_or_works(good_files, start_session, tmp_path, qtbot,
                                               told, monkeypatch):
    good, backup = good_files
    asked: list[tuple[str, bool]] = []

    def ask(parent: Any, problem: str, ledger: Path, found: Any, during_run: bool = False
            ) -> str:
        asked.append((problem, found is not None))
        return damaged_dialog.LATER if during_run else damaged_dialog.QUIT

    monkeypatch.setattr(damaged_dialog, "ask", ask)
    tally = {"dialog at start": 0, "dialog after the quick check": 0, "opened, sound": 0}
    for name, content in variants(good).items():
        folder = tmp_path / name
        (folder / "backups").mkdir(parents=True)
        (folder / "backups" / "ledger-2024-12-30.sqlite3").write_bytes(backup)
        ledger = folder / "ledger.sqlite3"
        ledger.write_bytes(content)
        before = hashlib.sha256(content).hexdigest()
        asked.clear()
        session = start_session(quick_check=True, folder=folder)
        if session.db is None:
            assert session.exit_codes == [2] and len(asked) == 1, name
            tally["dialog at start"] += 1
        else:
            wait_for_jobs(10000)
            qtbot.wait(30)  # the quick check's result arrives by signal
            if asked:
                tally["dialog after the quick check"] += 1
            else:
                session.window.render_all()
                tally["opened, sound"] += 1
            session.close()
        assert all(found for _, found in asked), f"{name}: the good backup was not offered"
        assert hashlib.sha256(ledger.read_bytes()).hexdigest() == before, name
    print(f"GUI start on 40 damaged files: {tally}", file=sys.__stderr__)
    assert sum(tally.values()) == 40 and not told.errors
