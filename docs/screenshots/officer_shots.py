"""The 执法人员 pictures: the roster (officers.png), an officer's form with this year's hours
and certificate (officer_form.png), picking trainees on a training form by typing
(training_trainees.png), and 概览 with the 持证率 cards and 执法证到期 reminders
(dashboard_officers.png).

    xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/officer_shots.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from lawgov_desktop import demo
from lawgov_desktop.storage import Database, Query
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.shell.application import make_application
from lawgov_desktop.ui.shell.main_window import MainWindow, pages

OUT = Path(__file__).resolve().parent


def type_chinese(widget: object, text: str) -> None:
    """As an input method delivers it: QTest only synthesises ASCII keys."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def main(out: Path = OUT) -> int:
    app = make_application()
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "data")
        demo.fill(db, today.year, "small", today=today)
        settings = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(db, settings)
        window.resize(1360, 820)
        window.show()
        window.set_year(today.year)
        settle(app)
        window.grab().save(str(out / "dashboard_officers.png"))
        window.show_page(pages().index("officers"))
        settle(app)
        window.grab().save(str(out / "officers.png"))

        officers = db.ledger("officers")
        soonest = min((r for r in officers.list(Query(), limit=100)
                       if r["status"] == "在岗" and r["cert_expires_on"]
                       and r["cert_expires_on"] >= today.isoformat()),
                      key=lambda r: r["cert_expires_on"])
        form = RecordDialog(db, "officers", soonest["id"], window)
        form.show()
        settle(app)
        form.grab().save(str(out / "officer_form.png"))
        form.close()

        training = RecordDialog(db, "trainings", None, window)
        training.show()
        settle(app)
        for key, text in (("date", today.isoformat()), ("name", "《行政处罚法》执法人员业务培训"),
                          ("hours", 8.0)):
            training.editors[key].set_stored(text)
        line = training.editors["trainees"].edit
        line.setFocus()
        first = soonest["name"]
        type_chinese(line, first[0])
        settle(app)
        QTest.keyClick(line, Qt.Key.Key_Return)
        type_chinese(line, "王")
        settle(app)
        training.grab().save(str(out / "training_trainees.png"))
        popup = line.completer_.popup()
        if popup.isVisible():  # the popup is its own window: draw it where it shows
            shot = training.grab()
            from PySide6.QtGui import QPainter

            painter = QPainter(shot)
            at = training.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft()))
            painter.drawPixmap(at, popup.grab())
            painter.end()
            shot.save(str(out / "training_trainees.png"))
        training.dirty = False
        training.close()
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
