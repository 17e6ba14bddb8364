"""The appeals form under the 2023 行政复议法, driven as a user does: 复议程序 and 和解 only
for a 行政复议, 普通程序 preset, and the form's deadlines (答复 in 5 working days in 简易程序,
the 整改报告 60 days after a 意见书, also once the case is closed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from ui_user import choose_menu, click_field, field, in_dialog, pick, press, shortcut, type_here

from lawgov_desktop.ui.ledgers.record_form import RecordDialog

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def results_offered(form: QDialog) -> list[str]:
    combo = field(form, "结果")
    return [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]


def new_appeal(qtbot: Any, window: Any, steps: Any) -> None:
    """复议诉讼 page from the 页面 menu, Ctrl+N, then the user's `steps` in the form."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    choose_menu(window, "页面", "复议诉讼")
    in_dialog(qtbot, "新建复议诉讼案件", steps, lambda: shortcut(qtbot, window, "Ctrl+N"))


def test_procedure_and_settlement_only_for_reconsideration(qtbot: Any, window: Any) -> None:
    seen: dict[str, Any] = {}

    def steps(form: QDialog) -> None:
        procedure = field(form, "复议程序")
        seen["before"] = procedure.isEnabled()
        kind = field(form, "类型")
        pick(qtbot, kind, "行政复议")
        seen["recon"] = (procedure.isEnabled(), procedure.currentText(),
                         field(form, "意见书日期").isEnabled(),
                         field(form, "整改报告日期").isEnabled(), results_offered(form))
        pick(qtbot, procedure, "简易程序")
        pick(qtbot, kind, "行政诉讼")
        seen["suit"] = (procedure.isEnabled(), procedure.currentText(),
                        field(form, "意见书日期").isEnabled(), results_offered(form))
        press(qtbot, Qt.Key.Key_Up, widget=kind)  # back to 行政复议
        assert kind.currentText() == "行政复议"  # type: ignore[attr-defined]
        seen["again"] = procedure.currentText()
        pick(qtbot, procedure, "简易程序")
        click_field(qtbot, form, "申请人/原告")
        type_here(qtbot, "示例化工有限公司")
        click_field(qtbot, form, "收到日期")
        type_here(qtbot, "2024-03-01")
        pick(qtbot, field(form, "结果"), "和解")
        click_field(qtbot, form, "结案日期")
        type_here(qtbot, "2024-04-10")
        press(qtbot, Qt.Key.Key_Return)

    new_appeal(qtbot, window, steps)
    assert seen["before"] is False  # no 类型 yet
    enabled, shown, opinion, results = seen["suit"]
    assert not enabled and shown == "" and not opinion  # litigation: cleared and off
    assert "调解" in results and "和解" not in results
    assert seen["again"] == "普通程序"
    enabled, shown, opinion, report, results = seen["recon"]
    assert enabled and shown == "普通程序"  # the law's general procedure, preset
    assert opinion and report
    assert "调解" in results and "和解" in results
    stored = window.db.ledger("appeals").find("applicant", "示例化工有限公司")
    assert len(stored) == 1
    assert (stored[0]["procedure"], stored[0]["result"]) == ("简易程序", "和解")


def test_the_form_shows_the_answer_and_report_deadlines(qtbot: Any, window: Any) -> None:
    dialog = RecordDialog(window.db, "appeals", None, window)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    assert "选择类型并填写收到日期后显示期限" in panel.deadlines.text()
    dialog.editors["kind"].combo.setCurrentText("行政复议")
    dialog.editors["received_on"].set_input("2024-03-01")
    dialog.editors["received_on"].changed.emit()
    text = panel.deadlines.text()
    assert "行政复议答复</b>（10个工作日）" in text and "2024-03-15 到期" in text
    dialog.editors["procedure"].combo.setCurrentText("简易程序")
    text = panel.deadlines.text()
    assert "行政复议答复（简易程序）</b>（5个工作日）" in text and "2024-03-08 到期" in text
    for key, value in (("replied_on", "2024-03-11"), ("closed_on", "2024-04-20"),
                       ("opinion_on", "2024-04-20")):
        dialog.editors[key].set_input(value)
        dialog.editors[key].changed.emit()
    dialog.editors["result"].combo.setCurrentText("维持")
    text = panel.deadlines.text()
    assert "2024-03-11 完成，超期" in text  # one working day late
    # closed, yet the 整改报告 is still owed: 60 calendar days from the 意见书
    assert "报送整改情况</b>（60日）" in text and "2024-06-19 到期" in text
    assert "已逾期" in text  # today is long after 2024
    dialog.editors["rectification_reported_on"].set_input("2024-06-01")
    dialog.editors["rectification_reported_on"].changed.emit()
    assert "2024-06-01 已完成" in panel.deadlines.text()
    dialog.editors["is_history"].combo.setCurrentText("是")
    assert panel.deadlines.text() == "历史记录：不提醒办理期限。"
    dialog.editors["is_history"].combo.setCurrentText("否")
    assert "报送整改情况" in panel.deadlines.text()


def test_the_dashboard_lists_the_overdue_report(qtbot: Any, window: Any) -> None:
    window.db.ledger("appeals").insert({
        "kind": "行政复议", "case_no": "示政复〔2024〕3号", "applicant": "示例化工有限公司",
        "received_on": "2024-03-01", "replied_on": "2024-03-05", "result": "和解",
        "closed_on": "2024-04-20", "opinion_on": "2024-04-20"})
    dashboard = window.page("dashboard")
    dashboard.set_year(2024)
    table = dashboard.deadlines
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    assert any(r[0] == "报送整改情况" and r[1] == "示政复〔2024〕3号" and r[3] == "2024-06-19"
               and r[4].startswith("已逾期") for r in rows), rows
    assert "调解和解 1 件" in dashboard.cards["reconsideration_upheld_rate"].note.text()
    assert dt.date.today() > dt.date(2024, 6, 19)


def test_the_import_wizard_shows_the_inferred_procedure(qtbot: Any, ui_db: Any,
                                                         tmp_path: Any,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """An old appeals sheet without 复议程序: the preview adds the column, 普通程序 in blue
    for each 行政复议 with its reason, nothing for a 行政诉讼; the import stores it."""
    from openpyxl import Workbook

    from lawgov_desktop.ui.importer.mapping import INFERRED_CELL
    from lawgov_desktop.ui.importer.wizard import ImportWizard

    monkeypatch.setattr(ImportWizard, "confirm_close", lambda self: True)
    wb = Workbook()
    ws = wb.active
    ws.append(["类型", "案号", "申请人", "收到日期", "结果", "结案日期"])
    ws.append(["行政复议", "复〔2023〕1号", "甲公司", "2023-05-04", "达成和解", "2023-07-03"])
    ws.append(["行政诉讼", "（2023）行初1号", "乙公司", "2023-05-05", "调解", "2023-08-01"])
    path = tmp_path / "appeals.xlsx"
    wb.save(path)
    wizard = ImportWizard(ui_db, None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start_with(path)
    qtbot.waitUntil(lambda: not wizard.source_page.loading, timeout=10000)
    assert wizard.source_page.ledger_combo.currentData() == "appeals"
    wizard.next()
    table = wizard.mapping_page.preview
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    col = heads.index("复议程序（推断）")
    first, second = table.item(0, col), table.item(1, col)
    assert first.text() == "普通程序" and first.background().color() == INFERRED_CELL
    assert first.toolTip() == "未注明简易程序，按普通程序"
    assert second.text() == ""
    assert "推断/指定：复议程序" in table.item(0, 0).text()
    assert table.item(0, heads.index("结果")).text() == "和解"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.result is not None
                    and not wizard.check_page.running, timeout=10000)
    assert wizard.check_page.result.ok
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    stored = {r["kind"]: r for r in ui_db.ledger("appeals").list()}
    assert stored["行政复议"]["procedure"] == "普通程序" and stored["行政复议"]["result"] == "和解"
    assert stored["行政诉讼"]["procedure"] is None
