"""行政检查 as a clerk does it (issue #13): the real main window, its menus, Ctrl+N, typing,
Tab and Enter. A check that passes the enterprise's yearly cap is warned about before it is
saved, saved on the second Enter, and listed by the 超频次 filter; 立案 from a check opens a
new case prefilled and writes its 案号 back; the case form lists that check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from ui_user import (
    choose_menu,
    click_field,
    field,
    in_dialog,
    pick,
    press,
    problem_under,
    type_here,
)

from lawgov_desktop.domain.idcodes import uscc_check_char
from lawgov_desktop.storage import Query

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

CODE = "9142010012345678" + "1"
CODE += uscc_check_char(CODE)
TODAY = dt.date.today().isoformat()


def activate(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def earlier_checks(window: Any, n: int) -> None:
    for _ in range(n):
        window.db.ledger("inspections").insert({
            "inspected_on": TODAY, "target": "示例化工有限公司", "credit_code": CODE,
            "domain": "危险化学品", "kind": "日常检查", "approved_on": TODAY,
            "inspectors": "张明、李华"})


def set_cap_in_settings(qtbot: Any, window: Any) -> None:
    """设置 → 检查频次: 危险化学品 2 per year, typed and saved."""
    choose_menu(window, "页面", "设置")
    page = window.page("settings")
    page.tabs.setCurrentWidget(page.caps)
    edit = page.caps.edits["inspection_cap.危险化学品"]
    edit.setFocus()
    type_here(qtbot, "2")
    qtbot.mouseClick(page.caps.findChild(QPushButton, "saveCaps"), Qt.MouseButton.LeftButton)
    assert window.db.get_setting("inspection_cap.危险化学品") == "2"


def typed_check(qtbot: Any, form: QDialog) -> None:
    """检查日期 has the focus when the form opens: type, Tab, type …"""
    assert QApplication.focusWidget() is field(form, "检查日期")
    type_here(qtbot, TODAY)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "示例化工有限公司")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, CODE)
    press(qtbot, Qt.Key.Key_Tab)
    pick(qtbot, QApplication.focusWidget(), "危险化学品")
    pick(qtbot, field(form, "检查类型"), "日常检查")
    click_field(qtbot, form, "审批日期")
    type_here(qtbot, TODAY)
    click_field(qtbot, form, "执法人员")
    type_here(qtbot, "张明、李华")


def test_a_check_past_the_cap_is_warned_about_then_saved_and_filtered(qtbot, window):
    activate(qtbot, window)
    set_cap_in_settings(qtbot, window)
    earlier_checks(window, 2)
    choose_menu(window, "页面", "行政检查")
    seen: dict[str, Any] = {}

    def steps(form: QDialog) -> None:
        typed_check(qtbot, form)
        press(qtbot, Qt.Key.Key_Return)  # Enter: the warning, nothing saved yet
        seen["warning"] = problem_under(form, "检查对象")
        seen["still_open"] = form.isVisible()
        seen["stored"] = window.db.ledger("inspections").count(Query())
        seen["listed"] = form.findChild(object, "enterpriseChecks").count()
        click_field(qtbot, form, "发现问题数")
        press(qtbot, Qt.Key.Key_Return)  # Enter again: confirmed, saved

    in_dialog(qtbot, "新建检查", steps, lambda: qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    assert "超过年度上限 2 次" in seen["warning"]
    assert seen["still_open"] and seen["stored"] == 2 and seen["listed"] == 2
    assert window.db.ledger("inspections").count(Query()) == 3
    view = window.page("inspections")
    assert view.status_combo is not None
    pick(qtbot, view.status_combo, "超频次")
    shown = {view.model.data(view.model.index(r, 1)) for r in range(view.model.rowCount())}
    assert view.model.rowCount() == 3 and shown == {"示例化工有限公司"}


def test_file_a_case_from_a_check_and_see_the_check_on_the_case(qtbot, window):
    window.db.ledger("officers").insert({"name": "王强", "cert_expires_on": "2099-12-31"})
    activate(qtbot, window)
    choose_menu(window, "页面", "行政检查")
    opened: dict[str, Any] = {}

    def case_steps(case_form: QDialog) -> None:
        opened["party"] = field(case_form, "当事人").text()
        opened["code"] = field(case_form, "证件号码").text()
        opened["domain"] = field(case_form, "执法领域").currentText()
        click_field(qtbot, case_form, "案号")
        type_here(qtbot, "示应急罚〔2025〕9号")
        click_field(qtbot, case_form, "案由")
        type_here(qtbot, "未按规定对重大危险源登记建档")
        click_field(qtbot, case_form, "立案日期")
        type_here(qtbot, TODAY)
        press(qtbot, Qt.Key.Key_Return)

    def steps(form: QDialog) -> None:
        typed_check(qtbot, form)
        pick(qtbot, field(form, "处理结果"), "立案查处")
        button = form.findChild(QPushButton, "fileCase")
        assert button.isEnabled()
        in_dialog(qtbot, "新建案件", case_steps,
                  lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
        opened["linked"] = field(form, "关联案号").text()
        qtbot.waitUntil(form.isActiveWindow, timeout=2000)  # back in the check's form
        click_field(qtbot, form, "发现问题数")
        press(qtbot, Qt.Key.Key_Return)
        opened["warned"] = problem_under(form, "执法人员")  # names not in 执法人员台账
        press(qtbot, Qt.Key.Key_Return)  # confirmed

    in_dialog(qtbot, "新建检查", steps, lambda: qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    assert opened["party"] == "示例化工有限公司" and opened["code"] == CODE
    assert opened["domain"] == "危险化学品" and opened["linked"] == "示应急罚〔2025〕9号"
    assert "张明、李华 不在执法人员台账中" in opened["warned"]
    check = window.db.ledger("inspections").list(Query())[0]
    assert check["related_case_no"] == "示应急罚〔2025〕9号" and check["outcome"] == "立案查处"
    case = window.db.ledger("cases").find("case_no", "示应急罚〔2025〕9号")[0]
    assert case["source"] == "检查发现" and case["party_type"] == "单位"

    def case_panel(case_form: QDialog) -> None:
        listed = case_form.findChild(object, "caseInspections")
        opened["on_case"] = [listed.item(i).text() for i in range(listed.count())]
        case_form.dirty = False  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_Escape)

    in_dialog(qtbot, f"编辑案件 — {case['case_no']}", case_panel,
              lambda: window.actions.open("cases", case["id"]))
    assert opened["on_case"] == [f"{TODAY}  示例化工有限公司"]
