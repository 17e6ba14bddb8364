"""The 行政检查 pictures of the README, from a fresh small demo ledger (its demo caps set):

    xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/make_inspection_screenshots.py

inspections.png: the 行政检查 page filtered to 超频次; inspection_form.png: a new check of an
enterprise at its cap after the first 保存 (the warnings shown, the enterprise's checks of the
year in the side panel).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lawgov_desktop import demo
from lawgov_desktop.storage import Database, inspections
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.shell.application import make_application
from lawgov_desktop.ui.shell.main_window import PAGES, MainWindow

OUT = Path(__file__).resolve().parent
TODAY = dt.date(2025, 11, 20)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> int:
    app = make_application()
    folder = Path(tempfile.mkdtemp())
    db = Database.open(folder / "data")
    demo.fill(db, TODAY.year, "small", today=TODAY)
    window = MainWindow(db, QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat))
    window.resize(1360, 820)
    window.show()
    window.set_year(TODAY.year)
    window.show_page(PAGES.index("inspections"))
    view = window.page("inspections")
    assert view.status_combo is not None
    view.status_combo.setCurrentText("超频次")
    settle(app)
    window.grab().save(str(OUT / "inspections.png"))

    code = next(key for _, key in inspections.over_cap(db, TODAY.year) if "名称:" not in key)
    record = db.ledger("inspections").find("credit_code", code)[0]
    form = RecordDialog(db, "inspections", None, window)
    values = {"inspected_on": TODAY.isoformat(), "target": record["target"],
              "credit_code": record["credit_code"], "domain": record["domain"],
              "kind": "日常检查", "random": 0, "items": "隐患整改落实情况",
              "inspectors": "张明", "problems_found": "2", "outcome": "立案查处"}
    for key, value in values.items():
        form.editors[key].set_stored(value)
    form._update_panel()
    form.show()
    settle(app)
    form.save()  # the first 保存 shows the warnings and waits for a second
    settle(app)
    form.grab().save(str(OUT / "inspection_form.png"))
    form.dirty = False
    form.reject()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
