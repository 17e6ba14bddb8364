"""The desktop program's start in a hostile world (issue #12.7-9): far dates already stored,
leftovers of a killed merge, a folder without a ledger (asked, not silently created)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import Any

import pytest
from factories import case

from lawgov_desktop.storage import Database

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def test_a_far_date_already_stored_does_not_stop_the_start(start_session, data_dir, told):
    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case(case_no="近1", filed_on="2024-03-05"))
        with db.transaction() as conn:  # as an earlier version accepted it
            for day in ("9999-12-31", "2101-01-01"):
                conn.execute(
                    "INSERT INTO cases (id, case_no, cause, party, party_type, filed_on, "
                    "decided_on, decision_type, created_at, updated_at) VALUES (?, ?, '案由', "
                    "'某公司', '单位', ?, ?, '给予处罚', '2024-01-01T00:00:00', "
                    "'2024-01-01T00:00:00')", [str(uuid.uuid4()), f"远{day}", day, day])
    session = start_session()
    assert session.db is not None and session.exit_codes == []
    pages = session.window.render_all()  # 概览 with its deadlines, every list
    assert pages and not told.errors
    assert 9999 not in [session.window.year_combo.itemData(i)
                        for i in range(session.window.year_combo.count())]


def test_leftovers_of_a_killed_merge_are_cleaned_at_start(start_session, data_dir):
    Database.open(data_dir).close()
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    stale = data_dir / f".merge-{proc.pid}.sqlite3"
    stale.write_bytes(b"x" * 4096)
    session = start_session()
    assert session.db is not None and not stale.exists()


def test_a_folder_without_a_ledger_is_asked_about_not_silently_created(start_session, tmp_path,
                                                                       told):
    typo = tmp_path / "台帐"
    told.answers.append(False)
    session = start_session(folder=typo)
    assert session.db is None and session.exit_codes == [2]
    assert any("没有台账" in q for q in told.questions)
    assert not (typo / "ledger.sqlite3").exists()
    told.answers.append(True)
    session = start_session(folder=typo)
    assert session.db is not None and (typo / "ledger.sqlite3").exists()


def test_the_default_folder_is_created_without_asking(start_session, data_dir, told: Any):
    session = start_session()
    assert session.db is not None and (data_dir / "ledger.sqlite3").exists()
    assert not told.questions


def test_the_backups_panel_lists_refused_merge_records(window, ui_db, qtbot, told, tmp_path):
    from test_safety_merge_hostile import hostile_file
    from test_ui_safety import settings_panel

    told.files.append(str(hostile_file(tmp_path / "colleague", n_good=2)))
    panel = settings_panel(window, qtbot)
    panel.buttons["merge"].click()
    qtbot.waitUntil(lambda: any("合并完成" in t for t in told.infos), timeout=10000)
    asked = told.questions[0]
    assert "内容不合规、未合并：8 条" in asked and "“外星人”不是可选项" in asked
    assert "H-fine-text" in told.infos[-1] and "新增 2 条" in told.infos[-1]
    assert ui_db.ledger("cases").count() == 2 and not told.errors


def test_choosing_an_empty_folder_from_the_damaged_dialog_asks_and_comes_back(
        start_session, data_dir, tmp_path, told, monkeypatch):
    from lawgov_desktop.ui.safety import damaged_dialog

    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case())
    ledger = data_dir / "ledger.sqlite3"
    ledger.write_bytes(ledger.read_bytes()[:5000])
    answers = [damaged_dialog.OTHER, damaged_dialog.QUIT]
    monkeypatch.setattr(damaged_dialog, "ask", lambda *a, **k: answers.pop(0))
    empty = tmp_path / "空文件夹"
    told.files.append(str(empty))
    told.answers.append(False)  # 新建台账？ — 取消
    session = start_session()
    assert answers == [] and session.exit_codes == [2]  # the dialog came back; then 退出
    assert any("没有台账" in q for q in told.questions)
    assert not (empty / "ledger.sqlite3").exists()
