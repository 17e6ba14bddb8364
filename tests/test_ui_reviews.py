"""合法性审核 as a clerk uses it: the page from the 页面 menu, a 规范性文件 filed with Ctrl+N and
Enter, its 报备 reminder on 概览; the flag of a rushed 重大行政决策 in the form and the list; the
规范性文件目录 and its Excel file; the status filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from ui_user import choose_menu, click_field, focused, in_dialog, pick, press, shortcut, type_here

from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.shell import prompts

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

TODAY = dt.date.today()


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


def activate(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_file_a_normative_document_and_see_the_filing_reminder(qtbot, window):
    activate(qtbot, window)
    choose_menu(window, "页面", "合法性审核")
    assert window.nav.currentItem().text() == "合法性审核"
    seen: dict[str, str] = {}

    def steps(form: QDialog) -> None:
        pick(qtbot, focused(), "行政规范性文件")  # 审核类型 has the focus
        press(qtbot, Qt.Key.Key_Tab)
        type_here(qtbot, "示例县安全生产举报奖励办法")
        press(qtbot, Qt.Key.Key_Tab)
        type_here(qtbot, "示应急规〔2026〕1号")
        click_field(qtbot, form, "审核完成日期")
        type_here(qtbot, days_ago(12))
        click_field(qtbot, form, "公布日期")
        type_here(qtbot, days_ago(10))
        press(qtbot, Qt.Key.Key_Tab)
        seen["panel"] = form.panel.filing.text()  # the side panel beside the fields
        press(qtbot, Qt.Key.Key_Return)  # Enter saves

    in_dialog(qtbot, "新建合法性审核事项", steps, lambda: shortcut(qtbot, window, "Ctrl+N"))
    assert "公布之日起30日内报备" in seen["panel"] and "尚未报备，还剩" in seen["panel"]
    [record] = window.db.ledger("reviews").find("doc_no", "示应急规〔2026〕1号")
    assert record["published_on"] == days_ago(10) and record["filed_on"] is None
    assert window.ledger_view().model.row_of(record["id"]) >= 0

    choose_menu(window, "页面", "概览")
    dashboard = window.page("dashboard")
    table = dashboard.deadlines
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    [row] = [r for r in rows if r[0] == "规范性文件报备"]
    assert row[1] == "示例县安全生产举报奖励办法" and row[2] == days_ago(10)
    assert row[4].startswith("还剩")
    assert dashboard.cards["legality_reviews"].value.text() == "1件"

    # double-click the reminder: the record opens; filing it ends the reminder
    def file_it(form: QDialog) -> None:
        click_field(qtbot, form, "报备日期")
        type_here(qtbot, days_ago(1))
        press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Return)

    item = next(table.item(r, 0) for r in range(table.rowCount())
                if table.item(r, 0).text() == "规范性文件报备")
    in_dialog(qtbot, "编辑合法性审核事项 — 示例县安全生产举报奖励办法", file_it,
              lambda: table.itemActivated.emit(item))
    assert window.db.ledger("reviews").get(record["id"])["filed_on"] == days_ago(1)
    assert not [d for d in window.db.deadlines() if d.rule.ledger == "reviews"]


def test_a_rushed_major_decision_is_flagged_in_form_and_list(qtbot, window):
    reviews = window.db.ledger("reviews")
    rushed = reviews.insert({"review_type": "重大行政决策", "name": "三年行动方案",
                             "submitted_on": "2024-09-27", "reviewed_on": "2024-10-09"})
    fine = reviews.insert({"review_type": "重大行政决策", "name": "应急规划",
                           "submitted_on": "2024-09-02", "reviewed_on": "2024-09-20"})
    window.set_year(2024)
    choose_menu(window, "页面", "合法性审核")
    view = window.ledger_view()
    model = view.model
    name = view.definition.keys.index("name")
    red = model.data(model.index(model.row_of(rushed["id"]), name), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#c0392b"
    tip = model.data(model.index(model.row_of(rushed["id"]), name), Qt.ItemDataRole.ToolTipRole)
    assert "审核用时4个工作日，少于7个工作日" in tip
    plain = model.index(model.row_of(fine["id"]), name)
    assert model.data(plain, Qt.ItemDataRole.ForegroundRole) is None
    dialog = RecordDialog(window.db, "reviews", rushed["id"], window)  # the window owns it
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    assert "少于7个工作日" in dialog.panel.flag.text()
    click_field(qtbot, dialog, "审核完成日期")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, "2024-10-14")  # 8 working days: no flag
    press(qtbot, Qt.Key.Key_Tab)
    assert "8个工作日" in dialog.panel.flag.text() and "⚠" not in dialog.panel.flag.text()
    dialog.dirty = False  # leave without the 放弃修改？ question
    dialog.done(QDialog.DialogCode.Rejected)


def test_the_catalog_from_the_page_and_its_excel_file(qtbot, window, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    reviews = window.db.ledger("reviews")
    for n, (name, validity, filed) in enumerate(
            [("甲办法", "现行有效", "2024-03-20"), ("乙办法", "已废止", "2024-03-21"),
             ("丙办法", "现行有效", None)], start=1):
        reviews.insert({"review_type": "行政规范性文件", "name": name,
                        "doc_no": f"示规〔2024〕{n}号",
                        "reviewed_on": "2024-03-01", "published_on": f"2024-03-0{n + 1}",
                        "filed_on": filed, "validity": validity})
    window.set_year(2024)
    activate(qtbot, window)
    choose_menu(window, "页面", "合法性审核")
    view = window.ledger_view()
    view.status_combo.setCurrentText("待报备")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.status_combo.setCurrentText("状态：全部")
    view.choice_combos["validity"].setCurrentText("现行有效")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    status = view.model.columnCount() - 1  # the 状态 column, computed as the filter
    assert view.model.headerData(status, Qt.Orientation.Horizontal).startswith("状态")
    texts = {view.model.data(view.model.index(r, status)) for r in range(2)}
    assert texts == {"已报备", "待报备"}
    qtbot.mouseClick(view.catalog_button, Qt.MouseButton.LeftButton)
    dialog = view.catalog_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == ["甲办法", "丙办法"]
    assert table.item(1, 4).text() == "未报备"
    out = tmp_path / "目录.xlsx"
    monkeypatch.setattr(prompts, "save_file", lambda *a, **k: str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导出 2 件" in dialog.count.text(), timeout=10000)
    ws = load_workbook(out).active
    assert ws["A1"].value.endswith("现行有效行政规范性文件目录")
    assert [ws.cell(r, 3).value for r in (4, 5)] == ["甲办法", "丙办法"]
    dialog.close()


def test_import_a_sections_review_ledger_with_the_wizard(window, qtbot, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    """文件 → 从 Excel 导入台账…: the sheet is recognised as 合法性审核, the missing 审核类型 is
    given for the whole column, the 合计 row skipped, every row imported."""
    from test_reviews_report import write_review_book

    from lawgov_desktop.ui.importer.wizard import ImportWizard

    book = write_review_book(tmp_path / "reviews2025.xlsx")  # QTest types ASCII only
    seen: dict[str, object] = {}

    def run(wizard: ImportWizard) -> int:
        wizard.show()
        wizard.activateWindow()
        source = wizard.source_page
        source.path_edit.setFocus()
        qtbot.keyClicks(source.path_edit, str(book))
        qtbot.keyClick(source.path_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(source.isComplete, timeout=10000)
        seen["ledger"] = wizard.plan.ledger
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 下一步(&N)
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page)
        pick(qtbot, wizard.mapping_page.fill_editors["review_type"], "行政规范性文件")
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        check = wizard.check_page
        qtbot.waitUntil(lambda: check.result is not None and not check.running, timeout=10000)
        seen["problems"] = [str(p) for p in check.result.problems]
        wizard.button(wizard.WizardButton.CommitButton).setFocus()
        press(qtbot, Qt.Key.Key_Return)  # 导入
        qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
        press(qtbot, Qt.Key.Key_Return)  # 完成
        qtbot.waitUntil(lambda: not wizard.isVisible())
        return 1

    monkeypatch.setattr(ImportWizard, "exec", run)
    activate(qtbot, window)
    choose_menu(window, "文件", "从 Excel 导入台账…")
    assert seen == {"ledger": "reviews", "problems": []}
    rows = window.db.ledger("reviews").list(limit=10)
    assert sorted(r["doc_no"] for r in rows) == [f"示应急规〔2025〕{n}号" for n in (1, 2, 3)]
    assert {r["review_type"] for r in rows} == {"行政规范性文件"}
    assert window.current_key() == "reviews"
