"""The 年度情况 page as a widget: saved on leaving a field or Enter, never a lost keystroke."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import type_text
from ui_user import field, problem_under

from lawgov_desktop.storage.facts import history, read_facts, set_facts
from lawgov_desktop.ui.facts.page import FactsPage

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

YEAR = 2025


@pytest.fixture
def page(app: Any, qtbot: Any, ui_db: Any) -> FactsPage:
    widget = FactsPage(ui_db)
    qtbot.addWidget(widget)
    widget.set_year(YEAR)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    return widget


def into(qtbot: Any, page: FactsPage, label: str) -> QWidget:
    widget = field(page, label)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=1000)
    return widget


def test_tab_out_of_a_field_saves_it(qtbot, page, ui_db):
    saved: list[str] = []
    page.status_changed.connect(saved.append)
    widget = into(qtbot, page, "计划检查企业数")
    type_text(qtbot, widget, "120")
    assert read_facts(ui_db, YEAR) == {}  # nothing yet while typing
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert read_facts(ui_db, YEAR) == {"plan_units": 120}
    assert QApplication.focusWidget() is field(page, "其中重点检查企业数")
    assert saved == ["已保存2025年“计划检查企业数”：120"]


def test_enter_saves_and_moves_on_and_a_date_is_shown_as_stored(qtbot, page, ui_db):
    widget = into(qtbot, page, "权责清单更新日期")
    type_text(qtbot, widget, "2025/6/3")
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert read_facts(ui_db, YEAR) == {"power_list_updated": "2025-06-03"}
    assert widget.text() == "2025-06-03"
    assert QApplication.focusWidget() is not widget


def test_a_yes_no_is_saved_when_chosen(qtbot, page, ui_db):
    combo = into(qtbot, page, "述法")
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert read_facts(ui_db, YEAR) == {"law_report_done": 1}
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert read_facts(ui_db, YEAR) == {"law_report_done": 0}


def test_a_value_that_cannot_be_saved_stays_typed_with_its_reason_across_years(
        qtbot, page, ui_db):
    set_facts(ui_db, YEAR, {"plan_units": "100"})
    page.refresh()
    widget = into(qtbot, page, "其中双随机抽查企业数")
    type_text(qtbot, widget, "150")
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert "大于“计划检查企业数”100" in problem_under(page, "其中双随机抽查企业数")
    assert "plan_random_units" not in read_facts(ui_db, YEAR)
    page.set_year(YEAR - 1)
    assert widget.text() == "" and problem_under(page, "其中双随机抽查企业数") == ""
    page.set_year(YEAR)
    assert widget.text() == "150"  # not lost
    assert "大于" in problem_under(page, "其中双随机抽查企业数")
    qtbot.keyClick(into(qtbot, page, "其中双随机抽查企业数"), Qt.Key.Key_Tab)
    assert "plan_random_units" not in read_facts(ui_db, YEAR)  # passing through: still not
    plan = into(qtbot, page, "计划检查企业数")  # the whole raised: now the part fits
    plan.selectAll()
    type_text(qtbot, plan, "200")
    qtbot.keyClick(plan, Qt.Key.Key_Return)
    assert read_facts(ui_db, YEAR) == {"plan_units": 200, "plan_random_units": 150}
    assert problem_under(page, "其中双随机抽查企业数") == ""


def test_clearing_a_field_clears_the_fact(qtbot, page, ui_db):
    set_facts(ui_db, YEAR, {"legal_adviser": "某某律师事务所"})
    page.refresh()
    widget = into(qtbot, page, "法律顾问")
    assert widget.text() == "某某律师事务所"
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert read_facts(ui_db, YEAR) == {}


def test_ctrl_z_undoes_typing_first_then_the_last_saved_change(qtbot, page, ui_db):
    widget = into(qtbot, page, "执法记录仪（台）")
    type_text(qtbot, widget, "25")
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    widget = into(qtbot, page, "执法记录仪（台）")
    widget.selectAll()
    type_text(qtbot, widget, "30")
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.text() == "25"  # the field's own undo: the typing
    assert read_facts(ui_db, YEAR) == {"body_cameras": 25}
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.text() == ""  # nothing left to undo in the field: the saved 25 goes
    assert read_facts(ui_db, YEAR) == {}
    assert [h["changes"] for h in history(ui_db, YEAR)] == [
        {"body_cameras": [None, 25]}, {"body_cameras": [25, None]}]


def test_leaving_the_page_saves_what_is_typed(qtbot, page, ui_db):
    widget = into(qtbot, page, "发布典型案例（件）")
    type_text(qtbot, widget, "3")
    page.hide()
    assert read_facts(ui_db, YEAR) == {"typical_cases": 3}


def test_every_fact_has_a_labelled_field_in_definition_order(page):
    from lawgov_desktop.domain.facts import load_facts

    for fact in load_facts().facts:
        assert field(page, fact.label) is page.editors[fact.key].focus_widget()


def test_undo_follows_the_year_shown(qtbot, page, ui_db):
    widget = into(qtbot, page, "执法记录仪（台）")
    type_text(qtbot, widget, "25")
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert page.undo_button.isEnabled()
    page.set_year(YEAR - 1)  # the toolbar's year changed: 2025's change is not undone here
    assert not page.undo_button.isEnabled()
    page.undo()
    assert read_facts(ui_db, YEAR) == {"body_cameras": 25} and read_facts(ui_db, YEAR - 1) == {}
