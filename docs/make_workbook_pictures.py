"""Pictures of the statistics workbook's 年报 sheet for the README and docs/annual-template.md.

    python docs/make_workbook_pictures.py

Needs LibreOffice (`apt-get install libreoffice-calc-nogui`) and poppler's pdftoppm. What the
pictures show is the real .xlsx the program writes (small demo ledger, 2025), printed by
LibreOffice Calc to PDF with the sheet's own page setup, one page rendered to PNG; Excel and
WPS lay the same cells out with their own fonts.

Writes docs/workbook-annual.png (national template) and docs/workbook-annual-7col.png
(example_7col), and docs/screenshots/settings-annual.png: 设置 → 统计报表 (the real page,
QWidget.grab; run under `xvfb-run -a` for a full-size window) with a province's file and a
malformed one in the template folder. `--settings` takes only that screenshot (no
LibreOffice needed).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lawgov_desktop import demo
from lawgov_desktop.reports.workbook import write_workbook
from lawgov_desktop.storage import Database

DOCS = Path(__file__).resolve().parent
YEAR = 2025
TODAY = dt.date(2026, 1, 12)
PICTURES = {"national": "workbook-annual.png", "example_7col": "workbook-annual-7col.png"}


def annual_page(pdf: Path) -> int:
    """The page whose first line is the 年报's title."""
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        if "行政执法数据年报" in text.split("\n", 1)[0]:
            return page
    raise SystemExit(f"no 年报 page in {pdf}")


def settings_shot() -> None:
    from PySide6.QtCore import QSettings

    from lawgov_desktop.domain.annual_template import user_folder
    from lawgov_desktop.ui.shell.application import make_application
    from lawgov_desktop.ui.shell.main_window import PAGES, MainWindow

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        db = Database.open(data)
        demo.fill(db, YEAR, "small", today=TODAY)
        folder = user_folder(data)
        folder.mkdir(parents=True)
        seven = (DOCS.parent / "resources" / "annual_templates" / "example_7col.toml").read_text(
            encoding="utf-8")
        (folder / "zhejiang.toml").write_text(
            seven.replace('id = "example_7col"', 'id = "zhejiang"')
            .replace('province = "示例：七类处罚"', 'province = "某省（七类）"'), encoding="utf-8")
        (folder / "draft.toml").write_text(seven.replace('id = "example_7col"', 'id = "draft"')
                                           .replace('"penalty_fine"', '"penalty_fines"'),
                                           encoding="utf-8")
        db.set_setting("annual_template", "zhejiang")
        window = MainWindow(db, QSettings(str(Path(tmp) / "state.ini"),
                                          QSettings.Format.IniFormat))
        window.resize(1360, 900)
        window.show()
        window.show_page(PAGES.index("settings"))
        for _ in range(10):
            app.processEvents()
        out = DOCS / "screenshots" / "settings-annual.png"
        window.grab().save(str(out))
        window.close()
        db.close()
        print(f"{out.name}: 设置 → 统计报表")


def main() -> None:
    settings_shot()
    if "--settings" in sys.argv:
        return
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office or not shutil.which("pdftoppm"):
        sys.exit("需要 LibreOffice 和 pdftoppm"
                 "（apt-get install libreoffice-calc-nogui poppler-utils）")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with Database.open(tmp_path / "data") as db:
            demo.fill(db, YEAR, "small", today=TODAY)
            for template, picture in PICTURES.items():
                db.set_setting("annual_template", template)
                book = write_workbook(db, YEAR, tmp_path / f"{template}.xlsx", date=TODAY)
                subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                                "--convert-to", "pdf", "--outdir", tmp, str(book)],
                               check=True, capture_output=True, timeout=300)
                pdf = book.with_suffix(".pdf")
                page = annual_page(pdf)
                stem = tmp_path / template
                subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(stem)], check=True)
                shutil.copyfile(stem.with_suffix(".png"), DOCS / picture)
                print(f"{picture}: page {page} of {template}.xlsx")


if __name__ == "__main__":
    main()
