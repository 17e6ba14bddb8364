"""执法人员 as the section uses it (issue #13): the real main window driven by menus,
shortcuts and typing. An officer whose 执法证 is about to expire shows in 到期事项 on 概览
and leaves the certified count after the date; trainees are picked on a training by typing
part of a name, and their hours appear on the roster and on their record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QTableWidget
from ui_user import choose_menu, click_field, field, in_dialog, press, problem_under, type_here

from lawgov_desktop.domain import indicators
from lawgov_desktop.storage import Query

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def activate(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def reminders(window: Any) -> list[list[str]]:
    table = window.page("dashboard").findChild(QTableWidget)
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount()) if table.isVisible()]


def certified_on(db: Any, day: dt.date) -> int:
    db.install_review_functions()  # the SQL functions the reviews' indicators use
    conn = db.conn
    figures = indicators.compute(lambda q, p: conn.execute(q, p).fetchone(), day.year,
                                 rows=lambda q, p: conn.execute(q, p).fetchall(), today=day,
                                 setting=db.get_setting)
    return int(figures["certified_officers"])


def test_an_officer_whose_certificate_expires(qtbot, window):
    today = dt.date.today()
    expires = today + dt.timedelta(days=20)
    activate(qtbot, window)
    choose_menu(window, "页面", "执法人员")

    def enter(form: QDialog) -> None:
        assert QApplication.focusWidget() is field(form, "姓名")
        type_here(qtbot, "张三")
        click_field(qtbot, form, "执法证号")
        type_here(qtbot, "42000120240001")
        click_field(qtbot, form, "证件有效期至")
        type_here(qtbot, expires.isoformat())
        press(qtbot, Qt.Key.Key_Return)

    in_dialog(qtbot, "新建执法人员", enter, lambda: press(
        qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    officer = window.db.ledger("officers").find("name", "张三")[0]
    assert officer["cert_expires_on"] == expires.isoformat()

    window.set_year(today.year)
    choose_menu(window, "页面", "概览")
    due = [row for row in reminders(window) if row[0] == "执法证到期"]
    assert due == [["执法证到期", "张三（42000120240001）", due[0][2], expires.isoformat(),
                    "还剩20天"]]
    card = window.page("dashboard").cards["certification_rate"]
    assert card.value.text() == "100%" and "持证 1 人" in card.note.text()
    # the day after the expiry, 张三 no longer counts as certified
    assert certified_on(window.db, expires) == 1
    assert certified_on(window.db, expires + dt.timedelta(days=1)) == 0

    # The reminder opens the record; a renewal (new dates) ends the reminder.
    def renew(form: QDialog) -> None:
        panel_text = form.panel.certificate.text()
        assert "还剩 20 天" in panel_text
        click_field(qtbot, form, "证件有效期至")
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_here(qtbot, (expires + dt.timedelta(days=5 * 365)).isoformat())
        press(qtbot, Qt.Key.Key_Return)

    table = window.page("dashboard").findChild(QTableWidget)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "执法证到期")
    table.setFocus()
    table.setCurrentCell(row, 1)
    in_dialog(qtbot, "编辑执法人员 — 张三", renew,
              lambda: press(qtbot, Qt.Key.Key_Return, widget=table))  # Enter opens it
    window.page("dashboard").refresh()
    assert not [r for r in reminders(window) if r[0] == "执法证到期"]


def test_pick_trainees_on_a_training_by_typing(qtbot, window):
    officers = window.db.ledger("officers")
    for name in ("张三", "张明", "李四"):
        officers.insert({"name": name, "cert_expires_on": "2099-12-31"})
    officers.insert({"name": "张伟", "status": "调离", "status_changed_on": "2020-01-01"})
    year = dt.date.today().year
    window.set_year(year)
    activate(qtbot, window)
    choose_menu(window, "页面", "学法培训")
    seen: dict[str, Any] = {}

    def enter(form: QDialog) -> None:
        type_here(qtbot, f"{year}-03-05")
        click_field(qtbot, form, "名称")
        type_here(qtbot, "《行政处罚法》执法人员业务培训")
        click_field(qtbot, form, "学时")
        type_here(qtbot, "8")
        line = click_field(qtbot, form, "参训执法人员")
        type_here(qtbot, "张")  # 在岗 only: 张伟 has left
        popup = line.completer_.popup()
        qtbot.waitUntil(popup.isVisible)
        seen["offered"] = [popup.model().index(i, 0).data()
                           for i in range(popup.model().rowCount())]
        press(qtbot, Qt.Key.Key_Down, widget=popup)
        press(qtbot, Qt.Key.Key_Return, widget=popup)
        type_here(qtbot, "李")
        qtbot.waitUntil(popup.isVisible)
        press(qtbot, Qt.Key.Key_Return, widget=popup)
        type_here(qtbot, "陈某")  # not in the register: allowed, with a warning
        seen["typed"] = line.text()
        press(qtbot, Qt.Key.Key_Return, widget=line)  # 保存: the warning shows first
        seen["warning"] = problem_under(form, "参训执法人员")
        press(qtbot, Qt.Key.Key_Return, widget=line)  # 保存 again: confirmed

    in_dialog(qtbot, "新建培训", enter, lambda: press(
        qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    assert sorted(seen["offered"]) == sorted(["张三", "张明"])
    assert seen["typed"].startswith(seen["offered"][1] + "、李四、")
    assert "陈某 不在执法人员台账中" in seen["warning"]
    stored = window.db.ledger("trainings").list(Query())[0]
    picked = seen["offered"][1]
    assert stored["trainees"] == f"{picked}、李四、陈某"

    # The roster shows this year's hours; the officer's record lists the training.
    choose_menu(window, "页面", "执法人员")
    view = window.ledger_view()
    hours_col = view.model.columnCount() - 1
    assert view.model.headerData(hours_col, Qt.Orientation.Horizontal) == f"{year}年学时"
    by_name = {view.model.record(r)["name"]: view.model.index(r, hours_col).data()
               for r in range(view.model.rowCount())}
    assert by_name[picked] == "8" and by_name["李四"] == "8"
    assert by_name[next(n for n in ("张三", "张明") if n != picked)] == "0"

    def look(form: QDialog) -> None:
        listed = form.findChild(QListWidget, "officerTrainings")
        seen["listed"] = [listed.item(i).text() for i in range(listed.count())]
        seen["summary"] = form.panel.summary.text()
        form.reject()

    row = next(r for r in range(view.model.rowCount()) if view.model.record(r)["name"] == "李四")
    view.view.selectRow(row)
    in_dialog(qtbot, "编辑执法人员 — 李四", look, view.edit_current)
    assert seen["listed"] == [f"{year}-03-05  《行政处罚法》执法人员业务培训  8学时"]
    assert "共 8 学时" in seen["summary"] and "差 52 学时" in seen["summary"]
