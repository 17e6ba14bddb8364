"""年度情况 as a clerk uses it (issue #13 item 4): the real main window and session, the page
opened by its menu entry, facts typed into the focused field, the program closed and started
again."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_user import choose_menu, field, menu_texts, press, problem_under, type_here

from lawgov_desktop.storage.facts import read_facts

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def open_facts(qtbot: Any, window: Any) -> Any:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert "年度情况" in menu_texts(window, "页面")
    choose_menu(window, "页面", "年度情况")
    assert window.nav.currentItem().text() == "年度情况"
    page = window.stack.currentWidget()
    assert page.isVisible()
    return page


def click_into(qtbot: Any, page: Any, label: str) -> None:
    widget = field(page, label)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=1000)


def test_type_facts_leave_restart_and_they_are_there(start_session, qtbot, data_dir):
    session = start_session()
    window = session.window
    window.set_year(2025)
    page = open_facts(qtbot, window)
    assert "2025年度情况" in page.heading.text()  # the year picker of the other pages
    click_into(qtbot, page, "计划检查企业数")
    type_here(qtbot, "120")
    press(qtbot, Qt.Key.Key_Tab)  # leave: saved
    type_here(qtbot, "30")  # 其中重点检查企业数 has the focus now
    press(qtbot, Qt.Key.Key_Return)  # Enter: saved, on to 其中双随机抽查企业数
    type_here(qtbot, "200")
    press(qtbot, Qt.Key.Key_Tab)
    assert "大于“计划检查企业数”120" in problem_under(page, "其中双随机抽查企业数")
    click_into(qtbot, page, "法律顾问")
    type_here(qtbot, "某某律师事务所")
    assert read_facts(session.db, 2025) == {"plan_units": 120, "plan_key_units": 30}
    window.close()  # still in 法律顾问: closing the program must not lose it
    session.shutdown(backup=False)

    again = start_session()
    assert read_facts(again.db, 2025) == {"plan_units": 120, "plan_key_units": 30,
                                          "legal_adviser": "某某律师事务所"}
    window = again.window
    page = window.stack.currentWidget()  # the page it was left on
    assert window.nav.currentItem().text() == "年度情况" and window.year == 2025
    assert field(page, "计划检查企业数").text() == "120"
    assert field(page, "法律顾问").text() == "某某律师事务所"
    assert field(page, "其中双随机抽查企业数").text() == ""  # 200 was never valid


def test_a_fact_feeds_the_report_page_figures(start_session, qtbot):
    session = start_session()
    window = session.window
    window.set_year(2025)
    page = open_facts(qtbot, window)
    click_into(qtbot, page, "计划检查企业数")
    type_here(qtbot, "80")
    press(qtbot, Qt.Key.Key_Return)
    choose_menu(window, "页面", "年度报告")
    report = window.stack.currentWidget()
    shown = _report_table(report)
    assert "计划检查企业" in shown and "80家" in shown


def _report_table(report: Any) -> str:
    from PySide6.QtWidgets import QTableWidget

    tables = report.findChildren(QTableWidget)
    cells = []
    for table in tables:
        for r in range(table.rowCount()):
            cells.append("\t".join(table.item(r, c).text() if table.item(r, c) else ""
                                   for c in range(table.columnCount())))
    return "\n".join(cells)
