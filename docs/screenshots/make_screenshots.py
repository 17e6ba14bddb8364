"""Regenerate the README screenshots from a fresh demo ledger.

    xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/make_screenshots.py
    xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/make_screenshots.py --safety

Every picture is taken from the real widgets (QWidget.grab) at a fixed window size.
`--safety` only takes 设置 → 备份与恢复 (backups.png) and the damaged-ledger dialog (damaged.png);
`--import` only the import wizard's steps (import_source/mapping/check.png) on a legacy sheet.
`--reviews` only the 合法性审核 pictures: reviews.png (the list, a rushed 重大行政决策 in red),
review_form.png (the form with its 报备期限 and 审核用时 panel) and review_catalog.png.
`--appeals` only the appeals form (appeal_form.png).
`--dayone` only the daily-path pictures: dashboard.png, cases.png (sorted by 当事人, pinyin),
cases_search.png, case_form_clearing.png and dashboard_empty.png.
`--facts` only 年度情况 (facts.png): the year's facts typed in, one that cannot be saved.
`--evidence` only the report's 依据 (report_evidence.png: the 公示 claim picked, its cases
listed) and 统计数据 with a 查看 open (report_checks.png, report_checks_view.png).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lawgov_desktop import demo
from lawgov_desktop.storage import Database
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.shell.application import make_application
from lawgov_desktop.ui.shell.first_run import FirstRunDialog
from lawgov_desktop.ui.shell.main_window import PAGES, MainWindow

OUT = Path(__file__).resolve().parent
NAMES = {"facts": "facts", "dashboard": "dashboard", "cases": "cases", "appeals": "appeals",
         "trainings": "trainings", "publicity": "publicity", "report": "report",
         "settings": "settings", "reviews": "reviews"}


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def safety_shots(app: QApplication, folder: Path) -> None:
    """backups.png: a ledger with a fortnight of backups; damaged.png: the dialog at start."""
    from lawgov_desktop.storage.backup import auto_backup, backup_now, newest_good_backup
    from lawgov_desktop.ui.safety.damaged_dialog import DamagedDialog

    today = dt.date.today()
    data = folder / "backups-demo"
    db = Database.open(data)
    demo.fill(db, today.year, "small", today=today)
    cases = db.ledger("cases")
    held = [r["id"] for r in cases.list(limit=12)]
    for record_id in held:
        cases.delete(record_id)
    for days_ago in range(14, 0, -1):  # older backups hold fewer records
        if held and days_ago % 2 == 0:
            cases.restore(held.pop())
        day = today - dt.timedelta(days=days_ago)
        made = auto_backup(db, today=day)
        if made:  # taken when the program was closed that afternoon
            closed = dt.datetime.combine(day, dt.time(17, 30 + days_ago % 20)).timestamp()
            os.utime(made.path, (closed, closed))
    backup_now(db)
    for record_id in held:
        cases.restore(record_id)
    settings = QSettings(str(folder / "state-backups.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.resize(1360, 820)
    window.show()
    window.show_page(PAGES.index("settings"))
    page = window.page("settings")
    page.show_backups()
    deadline = time.monotonic() + 10
    while not page.backups.backups and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    settle(app)
    window.grab().save(str(OUT / "backups.png"))
    window.close()
    db.close()

    ledger = data / "ledger.sqlite3"
    good = ledger.read_bytes()
    ledger.write_bytes(good[: len(good) // 2])  # a copy that stopped half-way
    try:
        Database.open(data).close()
        problem = "?"
    except Exception as exc:  # the real message of the real failure
        problem = str(exc)
    dialog = DamagedDialog(problem, ledger, newest_good_backup(data))
    dialog.show()
    settle(app)
    dialog.grab().save(str(OUT / "damaged.png"))
    dialog.close()


def legacy_book(path: Path) -> Path:
    """A section's own ledger (DOMAIN.md §12): a merged title, its own header words, a 序号
    column, dates typed as text, a blank row, a 合计 row, no 当事人类型 / 决定类型 / 处罚种类
    column, one case already in the ledger and two bad cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2023年处罚台账"
    ws.append(["示例县应急管理局2023年行政处罚案件登记台账"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "处罚决定书文号", "违法行为", "被处罚单位", "立案时间", "处罚决定日期",
               "罚款(元)", "执法人员", "备注"])
    causes = ["未按规定开展安全培训", "未如实记录安全生产教育和培训情况",
              "未按规定设置安全警示标志", "特种作业人员未持证上岗", "未建立事故隐患排查治理制度"]
    names = ["示例化工有限公司", "城关加油站", "红星五金店", "示例木业有限公司", "新华印刷厂",
             "示例建材有限公司", "李记经营部", "某某种植专业合作社", "示例机械厂", "王五"]
    for i in range(1, 11):
        filed = ["2023年3月5日", f"2023/{i}/6", f"2023.{i}.1{i % 9}"][i % 3]
        if i == 4:
            filed = "2023年13月5日"  # no such month: shown in red
        decided = f"2023-{min(i + 3, 12):02d}-28"
        if i == 6:
            ws.append([None] * 9)  # a blank line someone left in
        ws.append([i, f"示应急罚〔2023〕{i}号", causes[i % 5], names[i - 1], filed, decided,
                   f"{i * 1000:,}", "张三、李四", "已结案" if i % 2 else None])
    ws.append(["合计", None, None, None, None, None, "=SUM(G3:G13)"])
    wb.save(path)
    return path


def import_shots(app: QApplication, folder: Path) -> None:
    from lawgov_desktop.ui.importer.wizard import ImportWizard

    ImportWizard.confirm_close = lambda self: True  # type: ignore[method-assign]
    db = Database.open(folder / "import-demo")
    db.ledger("cases").insert({"case_no": "示应急罚（2023）2号", "cause": "未按规定开展安全培训",
                               "party": "城关加油站", "party_type": "单位",
                               "filed_on": "2023-02-06"})
    wizard = ImportWizard(db, None)
    wizard.resize(1100, 760)
    wizard.show()
    wizard.start_with(legacy_book(folder / "2023年行政处罚台账.xlsx"))
    while wizard.source_page.loading:
        settle(app)
        time.sleep(0.05)
    settle(app)
    wizard.grab().save(str(OUT / "import_source.png"))
    wizard.next()
    settle(app)
    wizard.grab().save(str(OUT / "import_mapping.png"))
    wizard.next()
    while wizard.check_page.result is None:
        settle(app)
        time.sleep(0.05)
    settle(app)
    wizard.grab().save(str(OUT / "import_check.png"))
    wizard.close()
    db.close()


def dayone_shots(app: QApplication, folder: Path) -> None:
    """The daily path (issue #11): the list sorted by 当事人 in pinyin order (cases.png), a
    search with its matches marked (cases_search.png), the form's check clearing on leaving
    the field (case_form_clearing.png: before and after, side by side) and the reminders
    of an empty ledger (dashboard_empty.png)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap

    today = dt.date.today()
    with Database.open(folder / "empty-ledger") as empty:
        window = MainWindow(empty, QSettings(str(folder / "state-empty.ini"),
                                             QSettings.Format.IniFormat))
        window.resize(1360, 820)
        window.show()
        settle(app)
        window.grab().save(str(OUT / "dashboard_empty.png"))
        window.close()
    db = Database.open(folder / "dayone")
    demo.fill(db, today.year, "small", today=today)
    window = MainWindow(db, QSettings(str(folder / "state-dayone.ini"),
                                      QSettings.Format.IniFormat))
    window.resize(1360, 820)
    window.show()
    window.set_year(today.year - 1 if today.month < 4 else today.year)
    window.page("dashboard").window_combo.setCurrentIndex(2)  # every open deadline
    settle(app)
    window.grab().save(str(OUT / "dashboard.png"))
    window.show_page(PAGES.index("cases"))
    view = window.page("cases")
    column = [f.key for f in view.definition.fields].index("party")
    view.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    settle(app)
    window.grab().save(str(OUT / "cases.png"))
    view.search.setText("储存")
    view.apply()
    view.view.selectRow(0)
    settle(app)
    window.grab().save(str(OUT / "cases_search.png"))
    form = RecordDialog(db, "cases", None, window)
    form.resize(860, 560)
    form.show()
    form.activateWindow()
    settle(app)
    code = form.editors["id_number"].focus_widget()
    good = "91420100MA4K2Y3X0"
    from lawgov_desktop.domain.idcodes import uscc_check_char

    good += uscc_check_char(good)
    shots = []
    for text in (good[:-1] + ("0" if good[-1] != "0" else "1"), good):
        code.setFocus()
        code.setText(text)  # type: ignore[attr-defined]
        form.editors["id_number"].changed.emit()  # typed, as textEdited says
        form.editors["domain"].focus_widget().setFocus()  # leave the field
        settle(app)
        shots.append(form.grab())
    both = QPixmap(shots[0].width() * 2 + 16, shots[0].height())
    both.fill(Qt.GlobalColor.white)
    painter = QPainter(both)
    painter.drawPixmap(0, 0, shots[0])
    painter.drawPixmap(shots[0].width() + 16, 0, shots[1])
    painter.end()
    both.save(str(OUT / "case_form_clearing.png"))
    form.dirty = False
    form.close()
    window.close()
    db.close()


def reviews_shots(app: QApplication, folder: Path) -> None:
    """合法性审核 (issue #14) on the large demo: the list, a form, the 规范性文件目录."""
    from lawgov_desktop.domain.review_rules import short_review

    today = dt.date.today()
    db = Database.open(folder / "reviews")
    demo.fill(db, today.year, "large", today=today)
    window = MainWindow(db, QSettings(str(folder / "state-reviews.ini"),
                                      QSettings.Format.IniFormat))
    window.resize(1360, 820)
    window.show()
    window.set_year(today.year - 1)
    window.show_page(PAGES.index("reviews"))
    settle(app)
    window.grab().save(str(OUT / "reviews.png"))
    calendar = db.calendar()
    rows = db.ledger("reviews").list(limit=1000)
    rushed = next(r for r in rows if short_review(r, calendar))
    form = RecordDialog(db, "reviews", rushed["id"], window)
    form.show()
    settle(app)
    normative = next(r for r in rows if r["review_type"] == "行政规范性文件" and r["published_on"]
                     and not r["filed_on"])
    both = [form.grab()]
    form.close()
    form = RecordDialog(db, "reviews", normative["id"], window)
    form.show()
    settle(app)
    both.append(form.grab())
    form.close()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap

    picture = QPixmap(both[0].width(), both[0].height() + both[1].height() + 12)
    picture.fill(Qt.GlobalColor.white)
    painter = QPainter(picture)
    painter.drawPixmap(0, 0, both[0])
    painter.drawPixmap(0, both[0].height() + 12, both[1])
    painter.end()
    picture.save(str(OUT / "review_form.png"))
    view = window.page("reviews")
    view.catalog_button.click()
    settle(app)
    view.catalog_dialog.grab().save(str(OUT / "review_catalog.png"))
    view.catalog_dialog.close()
    window.close()
    db.close()


def appeal_form_shot(app: QApplication, db: Database, window: MainWindow) -> None:
    """appeal_form.png: the demo's 行政复议 whose 意见书 still waits for its 整改报告 (复议程序,
    意见书日期 and the 办理期限 panel in view)."""
    rows = db.ledger("appeals").list(limit=1000)
    appeal = next((r for r in rows if r["opinion_on"] and not r["rectification_reported_on"]),
                  rows[0])
    form = RecordDialog(db, "appeals", appeal["id"], window)
    form.show()
    settle(app)
    form.grab().save(str(OUT / "appeal_form.png"))
    form.close()


def facts_shots(app: QApplication, folder: Path) -> None:
    """facts.png: 年度情况 in the window, facts filled in, the focus in a field, and a 双随机
    part larger than the plan kept typed with its reason (never saved, never lost)."""
    from lawgov_desktop.storage.facts import set_facts

    today = dt.date.today()
    year = today.year - 1 if today.month < 4 else today.year
    db = Database.open(folder / "facts")
    demo.fill(db, year, "small", today=today)
    set_facts(db, year, {"plan_units": "120", "plan_key_units": "30",
                         "legal_adviser": "某某律师事务所", "adviser_opinions": "12",
                         "case_file_reviews": "40", "case_file_findings": "7",
                         "body_cameras": "25", "power_list_updated": f"{year}-06-30",
                         "law_report_done": "是"})
    window = MainWindow(db, QSettings(str(folder / "state-facts.ini"),
                                      QSettings.Format.IniFormat))
    window.resize(1360, 820)
    window.show()
    window.set_year(year)
    window.show_page(PAGES.index("facts"))
    page = window.page("facts")
    part = page.editors["plan_random_units"].focus_widget()
    part.setFocus()
    part.setText("150")  # type: ignore[attr-defined]
    page.commit("plan_random_units")  # as leaving the field does: not saved, kept
    page.editors["typical_cases"].focus_widget().setFocus()
    settle(app)
    window.grab().save(str(OUT / "facts.png"))
    window.close()
    db.close()


def evidence_shots(app: QApplication, folder: Path) -> None:
    """The 年度报告 page with the 公示 shortcoming picked in the preview and its 依据 below,
    then 统计数据 with the 未公示 cases listed by 查看."""
    today = dt.date.today()
    year = today.year - 1 if today.month < 4 else today.year
    db = Database.open(folder / "evidence")
    demo.fill(db, year, "small", today=today)
    window = MainWindow(db, QSettings(str(folder / "state-evidence.ini"),
                                      QSettings.Format.IniFormat))
    window.resize(1440, 880)
    window.show()
    window.set_year(year)
    window.show_page(PAGES.index("report"))
    page = window.page("report")
    editor = page.editor
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    settle(app)
    editor.splitter.setSizes([230, 330, 840])
    settle(app)
    index = next(i for i, s in enumerate(editor.preview.sentences)
                 if s.text.startswith(("行政执法公示", "部分案件办理")))
    editor.preview.choose(index)
    settle(app)
    window.grab().save(str(OUT / "report_evidence.png"))
    page.setCurrentIndex(1)
    figures = page.figures
    figures.table.setCurrentCell(max(figures.row_of("late_published"), 1), 0)
    settle(app)
    window.grab().save(str(OUT / "report_checks.png"))
    figures.view(figures.table.currentRow())
    settle(app)
    figures.dialog.grab().save(str(OUT / "report_checks_view.png"))
    figures.dialog.close()
    window.close()
    db.close()


def main() -> int:
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="lawgov-shots-"))
    if "--evidence" in sys.argv:
        evidence_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
    if "--reviews" in sys.argv:
        reviews_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
    if "--facts" in sys.argv:
        facts_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
    if "--dayone" in sys.argv:
        dayone_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
    if "--import" in sys.argv:
        import_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
    if "--appeals" in sys.argv:
        with Database.open(folder / "demo") as db:
            demo.fill(db, dt.date.today().year, "small", today=dt.date.today())
            window = MainWindow(db, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
            window.resize(1360, 820)
            window.show()
            appeal_form_shot(app, db, window)
            window.close()
        print(f"screenshots written to {OUT}")
        return 0
    if "--safety" in sys.argv:
        safety_shots(app, folder)
        print(f"screenshots written to {OUT}")
        return 0
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
    appeal_form_shot(app, db, window)
    window.close()
    db.close()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
