"""Data safety in the desktop program (issue #7): 设置 → 备份与恢复 (list, back up, restore,
merge), the damaged-ledger dialog at start, one program per ledger, drafts that survive a
crash, saves that fail without losing the form, and the backup at exit."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import case, make_uscc
from PySide6.QtWidgets import QLabel
from ui_helpers import fill

from lawgov_desktop.domain.ledgers import LEDGER_KEYS
from lawgov_desktop.storage import Database
from lawgov_desktop.storage.backup import auto_backup, backup_now, newest_good_backup
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.safety import damaged_dialog, drafts
from lawgov_desktop.ui.safety.damaged_dialog import DamagedDialog
from lawgov_desktop.ui.shell.main_window import PAGES
from lawgov_desktop.ui.shell.session import BACKUP_ERROR_KEY

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

NEW_CASE = {"case_no": "示应急罚〔2024〕77号", "cause": "未按规定开展安全生产教育和培训",
            "party": "示例化工有限公司", "party_type": "单位", "id_number": make_uscc(),
            "filed_on": "2024-03-05", "notified_on": "2024-03-20", "decided_on": "2024-04-01",
            "decision_type": "给予处罚", "penalty_kinds": ["罚款"], "fine_amount": "20000"}


def settings_panel(window: Any, qtbot: Any) -> Any:
    """设置 → 备份与恢复, shown, with its list loaded."""
    page = window.page("settings")
    window.show_page(PAGES.index("settings"))
    with qtbot.waitSignal(page.backups.listed, timeout=5000):
        page.show_backups()
    return page.backups


def column(panel: Any, c: int) -> list[str]:
    return [panel.table.item(r, c).text() for r in range(panel.table.rowCount())]


def add_cases(db: Database, *numbers: int) -> None:
    for n in numbers:
        db.ledger("cases").insert(case(case_no=f"示应急罚〔2024〕{n}号"))


def case_numbers(db: Database) -> set[str]:
    return {r["case_no"] for r in db.ledger("cases").list(limit=100)}


# -- the list of backups ----------------------------------------------------------------------


def test_backups_table_lists_dates_kinds_and_counts(demo_window, demo_db, qtbot, told):
    auto_backup(demo_db, today=dt.date(2024, 11, 18))
    manual = backup_now(demo_db)
    panel = settings_panel(demo_window, qtbot)
    assert panel.table.rowCount() == 2
    assert column(panel, 0) == [manual.taken_at.strftime("%Y-%m-%d %H:%M"), "2024-11-18 00:00"]
    assert column(panel, 1) == ["手动", "每日"]
    headers = [panel.table.horizontalHeaderItem(c).text()
               for c in range(panel.table.columnCount())]
    for key in LEDGER_KEYS:
        assert column(panel, headers.index(demo_db.ledger(key).definition.label)) == \
            [str(demo_db.ledger(key).count())] * 2
    assert column(panel, len(headers) - 1) == ["可用", "可用"]
    assert "共 2 份备份" in panel.summary.text()


def test_backup_now_adds_one_to_the_list(window, ui_db, qtbot, told):
    add_cases(ui_db, 1, 2)
    panel = settings_panel(window, qtbot)
    assert panel.table.rowCount() == 0
    assert "还没有备份" in panel.summary.text()
    panel.buttons["backup"].click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert column(panel, 1) == ["手动"] and column(panel, 3) == ["2"]
    assert list((ui_db.path.parent / "backups").glob("ledger-*-manual.sqlite3"))
    assert "已备份" in window.statusBar().currentMessage()


# -- restore ----------------------------------------------------------------------------------


def test_restore_from_a_backup_brings_back_the_records_of_that_time(
        start_session, data_dir, qtbot, told):
    with Database.open(data_dir) as db:
        add_cases(db, 1)
        backup_now(db)
        add_cases(db, 2, 3)
    session = start_session()
    window = session.window
    panel = settings_panel(window, qtbot)
    assert column(panel, 3) == ["1"]
    panel.table.selectRow(0)
    panel.buttons["restore"].click()
    assert "用这份备份替换当前台账" in told.questions[-1]
    qtbot.waitUntil(lambda: any("已恢复" in t for t in told.infos), timeout=10000)
    assert session.db is not None and window.db is session.db
    assert case_numbers(session.db) == {"示应急罚〔2024〕1号"}
    before = list((data_dir / "backups").glob("ledger-*-before-restore.sqlite3"))
    assert len(before) == 1 and str(before[0]) in told.infos[-1]
    with Database(before[0]) as old:  # the replaced ledger is kept, all three records
        assert old.ledger("cases").count() == 3
    assert window.current_key() == "settings"  # the pages were rebuilt on the restored ledger
    assert window.pages["settings"].tabs.currentWidget() is window.pages["settings"].backups
    assert not told.errors


def test_restore_from_a_file_refuses_a_damaged_one(window, ui_db, qtbot, told, tmp_path):
    add_cases(ui_db, 1)
    bad = tmp_path / "坏的备份.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 300)
    told.files.append(str(bad))
    panel = settings_panel(window, qtbot)
    with qtbot.assertNotEmitted(panel.restore_requested):
        panel.buttons["restore_file"].click()
    assert told.errors and "不能用于恢复" in told.errors[0] and not told.questions


# -- merge ------------------------------------------------------------------------------------


def test_merge_a_colleagues_ledger_adds_records_and_shows_the_summary(
        window, ui_db, qtbot, told, tmp_path):
    add_cases(ui_db, 1)
    colleague = tmp_path / "colleague"
    with Database.open(colleague) as other:
        add_cases(other, 2, 3)
    told.files.append(str(colleague / "ledger.sqlite3"))
    panel = settings_panel(window, qtbot)
    panel.buttons["merge"].click()
    qtbot.waitUntil(lambda: any("合并完成" in t for t in told.infos), timeout=10000)
    assert "执法案件：新增 2 条" in told.questions[0]  # the dry run, asked before merging
    assert "合并前会自动备份" in told.questions[0]
    assert "执法案件：新增 2 条" in told.infos[-1] and "合并前的台账已备份为" in told.infos[-1]
    assert case_numbers(ui_db) == {f"示应急罚〔2024〕{n}号" for n in (1, 2, 3)}
    assert window.current_key() == "settings" and "settings" in window.pages  # reloaded
    qtbot.waitUntil(lambda: window.pages["settings"].backups.table.rowCount() == 1,
                    timeout=5000)  # the backup taken before merging is listed
    assert not told.errors


def test_merging_nothing_new_changes_nothing(window, ui_db, qtbot, told, tmp_path):
    add_cases(ui_db, 1)
    copy = tmp_path / "copy.sqlite3"
    from lawgov_desktop.storage.backup import backup_to

    backup_to(ui_db, copy)
    told.files.append(str(copy))
    panel = settings_panel(window, qtbot)
    panel.buttons["merge"].click()
    qtbot.waitUntil(lambda: bool(told.infos), timeout=10000)
    assert "没有本台账缺少或更新的内容" in told.infos[0] and not told.questions


# -- a damaged ledger -------------------------------------------------------------------------


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged_ledger(data_dir: Path) -> Path:
    """A ledger with one case and a backup of it, then cut short (a copy stopped half-way)."""
    with Database.open(data_dir) as db:
        add_cases(db, 1)
        backup_now(db)
        add_cases(db, *range(2, 60))
    ledger = data_dir / "ledger.sqlite3"
    good = ledger.read_bytes()
    ledger.write_bytes(good[: len(good) // 2])
    return ledger


@pytest.fixture
def dialog_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Replaces the damaged-ledger dialog: answers in order; records what it was shown."""
    shown: list[Any] = []

    def ask(parent: Any, problem: str, ledger: Path, backup: Any, during_run: bool = False
            ) -> str:
        shown.append((problem, ledger, backup, during_run))
        return shown_answers.pop(0)

    shown_answers: list[str] = []
    monkeypatch.setattr(damaged_dialog, "ask", ask)
    shown.append(shown_answers)  # shown[0] is the list of answers to give
    yield shown


def test_a_damaged_ledger_at_start_offers_the_newest_good_backup_and_restores_it(
        start_session, damaged_ledger, data_dir, qtbot, told, dialog_answers):
    before = checksum(damaged_ledger)
    dialog_answers[0].append(damaged_dialog.RESTORE)
    session = start_session()
    problem, ledger, backup, during_run = dialog_answers[1]
    assert "已损坏" in problem and ledger == damaged_ledger and not during_run
    assert backup is not None and backup.counts["cases"] == 1
    qtbot.waitUntil(lambda: session.db is not None, timeout=10000)
    assert case_numbers(session.db) == {"示应急罚〔2024〕1号"}
    aside = list(data_dir.glob("ledger.sqlite3.damaged-*"))
    assert len(aside) == 1 and checksum(aside[0]) == before  # moved aside, not a byte changed
    assert any("已损坏，已改名保存为" in t for t in told.infos)
    assert session.exit_codes == []


def test_a_damaged_ledger_can_be_left_for_another_folder_or_quit(
        start_session, damaged_ledger, tmp_path, qtbot, told, dialog_answers):
    before = checksum(damaged_ledger)
    other = tmp_path / "其他台账"
    with Database.open(other) as db:
        add_cases(db, 8)
    told.files.append(str(other))
    dialog_answers[0].append(damaged_dialog.OTHER)
    session = start_session()
    assert session.folder == other and session.db is not None
    assert case_numbers(session.db) == {"示应急罚〔2024〕8号"}
    assert str(other) in session.window.path_label.text()
    assert checksum(damaged_ledger) == before
    session.close()
    dialog_answers[0].append(damaged_dialog.QUIT)
    quitting = start_session(folder=damaged_ledger.parent)
    assert quitting.exit_codes == [2] and quitting.db is None
    assert checksum(damaged_ledger) == before


def test_the_damaged_ledger_dialog_says_what_happened_and_offers_the_backup(
        app, qtbot, damaged_ledger):
    backup = newest_good_backup(damaged_ledger.parent)
    problem = "台账文件“x”已损坏（文件被截断）。文件未被改动；请从备份恢复，或另选台账文件。"
    dialog = DamagedDialog(problem, damaged_ledger, backup)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.findChildren(QLabel)
    shown = "\n".join(label.text() for label in text)
    assert str(damaged_ledger) in shown and "这个文件未被改动" in shown
    assert "文件被截断" in shown and shown.count("文件未被改动") == 1
    assert dialog.restore_button.description() == backup.describe()
    assert dialog.last_button.text() == "退出"
    dialog.restore_button.click()
    assert dialog.choice == damaged_dialog.RESTORE
    none = DamagedDialog(problem, damaged_ledger, None, during_run=True)
    qtbot.addWidget(none)
    assert not none.restore_button.isEnabled() and none.last_button.text() == "暂不处理"


def test_problems_found_by_the_background_check_offer_the_same_choices(
        start_session, data_dir, qtbot, told, dialog_answers, monkeypatch):
    with Database.open(data_dir) as db:
        add_cases(db, 1)
    monkeypatch.setattr(Database, "quick_check", lambda self: ["第 3 页：数据页损坏"])
    dialog_answers[0].append(damaged_dialog.LATER)
    session = start_session(quick_check=True)
    qtbot.waitUntil(lambda: len(dialog_answers) == 2, timeout=5000)
    problem, _ledger, _backup, during_run = dialog_answers[1]
    assert "数据页损坏" in problem and during_run
    assert session.db is not None and session.exit_codes == []  # the session carries on
    assert "从备份恢复" in session.window.statusBar().currentMessage()


# -- one program per ledger -------------------------------------------------------------------

HOLDER = """
import sys, time
from lawgov_desktop.storage import LedgerLock
LedgerLock(sys.argv[1], program="test").acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_program(data_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"locked\n"
    yield child
    child.kill()
    child.wait(10)
    for stream in (child.stdout, child.stderr):
        if stream:
            stream.close()


def test_a_second_program_on_the_same_ledger_is_refused(
        start_session, other_program, data_dir, told, app):
    session = start_session()
    assert session.exit_codes == [3] and session.db is None and session.lock is None
    assert "另一个程序" in told.errors[0] and f"进程 {other_program.pid}" in told.errors[0]
    from lawgov_desktop.ui.shell.application import run

    assert run(str(data_dir), smoke_test=True) == 3
    assert not (data_dir / "ledger.sqlite3").exists()  # nothing was opened


# -- drafts -----------------------------------------------------------------------------------


@pytest.fixture
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RecordDialog, "DRAFT_DELAY_MS", 30)


def test_a_draft_survives_a_crash_and_is_offered_back(
        app, qtbot, ui_db, data_dir, told, quick_drafts):
    form = RecordDialog(ui_db, "cases")
    form.show()
    fill(form, NEW_CASE, qtbot)
    path = drafts.draft_path(data_dir, "cases", None)
    qtbot.waitUntil(path.exists, timeout=3000)
    form.hide()
    form.deleteLater()  # the "crash": no save, no cancel, the form just goes away
    qtbot.wait(10)
    again = RecordDialog(ui_db, "cases")
    qtbot.addWidget(again)
    assert f"发现上次未保存的内容“{NEW_CASE['case_no']}”" in told.questions[0]
    assert {k: again.editors[k].value() for k in NEW_CASE} == NEW_CASE
    assert again.dirty
    again.save()
    assert again.saved is not None and not path.exists()
    assert ui_db.ledger("cases").count() == 1


def test_a_discarded_draft_is_deleted_and_an_edit_draft_is_per_record(
        app, qtbot, ui_db, data_dir, told, quick_drafts):
    record = ui_db.ledger("cases").insert(case())
    form = RecordDialog(ui_db, "cases", record["id"])
    qtbot.addWidget(form)
    form.show()
    fill(form, {"cause": "有限空间作业未执行审批制度"}, qtbot)
    path = drafts.draft_path(data_dir, "cases", record["id"])
    qtbot.waitUntil(path.exists, timeout=3000)
    assert not drafts.draft_path(data_dir, "cases", None).exists()
    told.answers.append(False)  # 丢弃
    offered = RecordDialog(ui_db, "cases", record["id"])
    qtbot.addWidget(offered)
    assert offered.editors["cause"].value() == record["cause"] and not path.exists()


def test_drafts_left_by_a_crash_are_offered_at_start(
        start_session, data_dir, qtbot, told, drive_form):
    drafts.save_draft(data_dir, "cases", None, NEW_CASE["case_no"], dict(NEW_CASE))
    seen = drive_form(lambda form: form.save())
    session = start_session()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert f"新建案件“{NEW_CASE['case_no']}”" in told.questions[0]
    assert session.db is not None and case_numbers(session.db) == {NEW_CASE["case_no"]}
    assert not drafts.pending_drafts(data_dir)


# -- saves that fail --------------------------------------------------------------------------


@pytest.mark.parametrize("pragma, expected", [
    ("PRAGMA query_only = ON", "只读"),
    ("PRAGMA max_page_count = {pages}", "磁盘空间已满"),
])
def test_a_failing_save_keeps_the_form_open_with_its_data(
        app, qtbot, ui_db, data_dir, told, pragma, expected):
    form = RecordDialog(ui_db, "cases")
    qtbot.addWidget(form)
    form.show()
    values = {**NEW_CASE, "note": "现场检查发现" * 800}
    fill(form, values, qtbot)
    pages = ui_db.conn.execute("PRAGMA page_count").fetchone()[0]
    ui_db.conn.execute(pragma.format(pages=pages))
    form.save()
    assert told.errors and expected in told.errors[0] and "仍然保留" in told.errors[0]
    assert form.isVisible() and form.saved is None and form.result() == 0
    assert {k: form.editors[k].value() for k in values} == values
    assert drafts.draft_path(data_dir, "cases", None).exists()  # kept on disk as well
    ui_db.conn.execute("PRAGMA query_only = OFF")
    ui_db.conn.execute("PRAGMA max_page_count = 1073741823")
    form.save()
    assert form.saved is not None and ui_db.ledger("cases").count() == 1
    assert not drafts.draft_path(data_dir, "cases", None).exists()


# -- exit -------------------------------------------------------------------------------------


def test_the_ledger_is_backed_up_at_exit_and_a_failure_is_told_next_time(
        start_session, data_dir, tmp_path, qtbot, told):
    session = start_session()
    add_cases(session.db, 1)
    session.shutdown()
    daily = data_dir / "backups" / f"ledger-{dt.date.today().isoformat()}.sqlite3"
    assert daily.exists() and session.db is None and session.lock is None
    assert (data_dir / "ledger.lock").read_bytes() == b""  # released
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    session = start_session()
    session.db.set_setting("backup_dir", str(blocker))
    session.shutdown()  # must not raise
    assert session.window.settings.value(BACKUP_ERROR_KEY)
    again = start_session()
    assert "上次退出时未能自动备份" in again.window.statusBar().currentMessage()
    assert not again.window.settings.value(BACKUP_ERROR_KEY)
