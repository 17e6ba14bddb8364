"""Day one, as a clerk does it (issue #11): the real main window driven by its menus,
shortcuts, Tab, Enter and typing into the focused field; widgets found by what is on
screen (labels, menu texts, window titles)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from ui_user import (
    choose_menu,
    click_field,
    field,
    in_dialog,
    menu_texts,
    pick,
    press,
    problem_under,
    shortcut,
    type_here,
)

from lawgov_desktop.domain.idcodes import uscc_check_char
from lawgov_desktop.storage import Query
from lawgov_desktop.ui.shell.main_window import PAGES, page_label

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

GOOD_USCC = "9142010012345678" + "0"
GOOD_USCC += uscc_check_char(GOOD_USCC)
BAD_USCC = GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")


def on_screen(window: Any) -> str:
    """The page the user sees: the highlighted entry of the navigation list."""
    assert window.stack.currentWidget().isVisible()
    return window.nav.currentItem().text()


def activate(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_every_page_by_the_menu_and_by_its_shortcut(qtbot, window):
    activate(qtbot, window)
    labels = menu_texts(window, "页面")
    assert labels == [page_label(k) for k in PAGES]  # every page is in the menu
    for label in reversed(labels):  # backwards: a menu that always lands on 概览 fails at once
        choose_menu(window, "页面", label)
        assert on_screen(window) == label
    for i, label in reversed(list(enumerate(labels[:9]))):
        shortcut(qtbot, window, f"Ctrl+{i + 1}")
        assert on_screen(window) == label, f"Ctrl+{i + 1}"


def new_case(qtbot: Any, window: Any, steps: Any) -> None:
    """执法案件 page, Ctrl+N, then the user's `steps` in the form 新建案件."""
    activate(qtbot, window)
    shortcut(qtbot, window, "Ctrl+2")
    assert on_screen(window) == "执法案件"
    in_dialog(qtbot, "新建案件", steps, lambda: shortcut(qtbot, window, "Ctrl+N"))


def filing_fields(qtbot: Any, form: QDialog, case_no: str) -> None:
    """案号 has the focus when the form opens: type, Tab, type … as at a keyboard."""
    assert QApplication.focusWidget() is field(form, "案号")
    type_here(qtbot, case_no)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "未按规定开展安全生产教育和培训")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "示例化工有限公司")
    press(qtbot, Qt.Key.Key_Tab)
    pick(qtbot, QApplication.focusWidget(), "单位")
    click_field(qtbot, form, "立案日期")
    type_here(qtbot, "2024-03-05")


def stored_case(window: Any, case_no: str) -> dict[str, Any]:
    found = window.db.ledger("cases").find("case_no", case_no)
    assert len(found) == 1, f"{case_no} not saved"
    return found[0]


def test_file_a_case_with_only_the_filing_fields_and_enter(qtbot, window):
    def steps(form: QDialog) -> None:
        filing_fields(qtbot, form, "示应急罚〔2024〕1号")
        press(qtbot, Qt.Key.Key_Return)  # Enter saves

    new_case(qtbot, window, steps)
    record = stored_case(window, "示应急罚〔2024〕1号")
    assert record["penalty_kinds"] is None and record["party_type"] == "单位"
    view = window.ledger_view()
    assert view.model.row_of(record["id"]) >= 0  # and it is in the list on screen
    assert "已新建" in window.statusBar().currentMessage()


def test_file_a_case_decided_not_to_punish(qtbot, window):
    def steps(form: QDialog) -> None:
        filing_fields(qtbot, form, "示应急罚〔2024〕2号")
        click_field(qtbot, form, "决定日期")
        type_here(qtbot, "2024-04-01")
        pick(qtbot, field(form, "决定类型"), "不予处罚")
        press(qtbot, Qt.Key.Key_Return)

    new_case(qtbot, window, steps)
    record = stored_case(window, "示应急罚〔2024〕2号")
    assert record["decision_type"] == "不予处罚" and record["penalty_kinds"] is None
    assert window.db.ledger("cases").count(Query()) == 1


def test_a_wrong_credit_code_is_shown_and_clears_when_corrected(qtbot, window):
    seen: dict[str, str] = {}

    def steps(form: QDialog) -> None:
        filing_fields(qtbot, form, "示应急罚〔2024〕3号")
        click_field(qtbot, form, "证件号码")
        type_here(qtbot, BAD_USCC)
        press(qtbot, Qt.Key.Key_Tab)  # leaving the field checks it
        seen["wrong"] = problem_under(form, "证件号码")
        click_field(qtbot, form, "证件号码")
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_here(qtbot, GOOD_USCC)
        press(qtbot, Qt.Key.Key_Tab)
        seen["fixed"] = problem_under(form, "证件号码")
        press(qtbot, Qt.Key.Key_Return)

    new_case(qtbot, window, steps)
    assert "校验" in seen["wrong"] or "信用代码" in seen["wrong"], seen
    assert seen["fixed"] == ""
    assert stored_case(window, "示应急罚〔2024〕3号")["id_number"] == GOOD_USCC
