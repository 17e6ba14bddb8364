"""Regenerate the README screenshots from a fresh demo ledger.

    xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/make_screenshots.py

Every picture is taken from the real widgets (QWidget.grab) at a fixed window size.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lawgov_desktop import demo
from lawgov_desktop.storage import Database
from lawgov_desktop.ui.application import make_application
from lawgov_desktop.ui.first_run import FirstRunDialog
from lawgov_desktop.ui.main_window import PAGES, MainWindow
from lawgov_desktop.ui.record_form import RecordDialog

OUT = Path(__file__).resolve().parent
NAMES = {"dashboard": "dashboard", "cases": "cases", "appeals": "appeals",
         "trainings": "trainings", "publicity": "publicity", "report": "report",
         "settings": "settings"}


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> int:
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="lawgov-shots-"))
    today = dt.date.today()
    with Database.open(folder / "empty") as empty:
        dialog = FirstRunDialog(empty)
        dialog.show()
        settle(app)
        dialog.grab().save(str(OUT / "first_run.png"))
        dialog.close()
    db = Database.open(folder / "demo")
    demo.fill(db, today.year, "small", today=today)
    settings = QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.resize(1360, 820)
    window.show()
    window.set_year(today.year - 1 if today.month < 4 else today.year)
    window.page("dashboard").window_combo.setCurrentIndex(2)  # every open deadline
    for i, key in enumerate(PAGES):
        window.show_page(i)
        settle(app)
        window.grab().save(str(OUT / f"{NAMES[key]}.png"))
    cases = window.page("cases")
    cases.bin_button.setChecked(False)
    table = db.ledger("cases")
    record = next(r for r in table.list(limit=50) if r["decided_on"] and not r["closed_on"]) \
        if any(r["decided_on"] and not r["closed_on"] for r in table.list(limit=50)) \
        else table.list(limit=1)[0]
    form = RecordDialog(db, "cases", record["id"], window)
    form.show()
    settle(app)
    form.grab().save(str(OUT / "case_form.png"))
    form.editors["id_number"].focus_widget().setText("91420100ABCDEFGH12")
    form.editors["closed_on"].focus_widget().setText("2001-01-01")
    form.save()
    settle(app)
    form.grab().save(str(OUT / "case_form_errors.png"))
    form.dirty = False
    form.close()
    appeal = db.ledger("appeals").list(limit=1)[0]
    form = RecordDialog(db, "appeals", appeal["id"], window)
    form.show()
    settle(app)
    form.grab().save(str(OUT / "appeal_form.png"))
    form.close()
    window.close()
    db.close()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
