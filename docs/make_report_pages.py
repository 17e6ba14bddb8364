"""Regenerate the year-end report's sample pages and its GUI pictures (issue #15).

    xvfb-run -a -s "-screen 0 1440x900x24" python docs/make_report_pages.py

Sample pages (PDF pages via `pdftoppm -png -r 60`): the small demo's and the large demo's
2025 report dated 2026-01-15, and an empty year (2020). Pictures from the real widgets: the
first-run dialog with the report's place settings, and the report editor on 存在的不足和原因.
The demo ledgers are filled as of 2026-11-20 (fixed seed), so the pages do not change with
the day they are made.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from lawgov_desktop import demo
from lawgov_desktop.reports.year_report import export_year
from lawgov_desktop.storage import Database, report_store
from lawgov_desktop.ui.report.editor import ReportEditor
from lawgov_desktop.ui.shell.application import make_application
from lawgov_desktop.ui.shell.first_run import FirstRunDialog

DOCS = Path(__file__).resolve().parent
SHOTS = DOCS / "screenshots"
TODAY = dt.date(2026, 11, 20)
DATE = dt.date(2026, 1, 15)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def pages(db: Database, year: int, date: dt.date | None, name: str, wanted: list[int],
          folder: Path) -> None:
    out = folder / name
    pdf = next(p for p in export_year(db, year, out, ["pdf"], date=date) if p.suffix == ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "p")], check=True)
    for n in wanted:
        source = next(out.glob(f"p-*{n}.png"))
        target = DOCS / (f"report-{name}-{n}.png" if name != "empty" else "report-empty-year.png")
        target.write_bytes(source.read_bytes())


def main() -> int:
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="lawgov-report-"))
    small = Database.open(folder / "small")
    demo.fill(small, TODAY.year, "small", today=TODAY)
    pages(small, 2025, DATE, "small", [1, 2], folder)
    (DOCS / "report-sample.png").write_bytes((DOCS / "report-small-1.png").read_bytes())
    pages(small, 2020, dt.date(2021, 1, 15), "empty", [1], folder)
    with Database.open(folder / "large") as large:
        demo.fill(large, TODAY.year, "large", today=TODAY)
        pages(large, 2025, DATE, "large", [1, 3], folder)
    with Database.open(folder / "first") as empty:
        dialog = FirstRunDialog(empty)
        dialog.unit_name.setText("福田区应急管理局")
        dialog.show()
        settle(app)
        dialog.grab().save(str(SHOTS / "first_run.png"))
        dialog.close()
    report_store.save_date(small, 2025, DATE)
    editor = ReportEditor(small, 2025)
    editor.resize(1360, 820)
    editor.show()
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    settle(app)
    editor.grab().save(str(SHOTS / "report-editor.png"))
    editor.close()
    small.close()
    print(f"pages written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
