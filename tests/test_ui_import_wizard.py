"""The import wizard driven through its real widgets, on real-looking legacy ledgers: pick the
file, map the columns the section named its own way, read the preview, dry-run, import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from legacy_books import USER_MAPPING, legacy_rows, write_legacy_book
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from lawgov_desktop.storage import Database
from lawgov_desktop.ui.importer.wizard import ImportWizard
from lawgov_desktop.ui.shell.main_window import PAGES

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

SHEET = "2023年处罚台账"


@pytest.fixture(autouse=True)
def _closing_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a wizard mid-way asks (a modal box); teardown closes every widget, so here it
    is answered "放弃导入" unless a test answers the real box itself."""
    monkeypatch.setattr(ImportWizard, "confirm_close", lambda self: True)


def open_wizard(qtbot: Any, db: Database, path: Path, ledger: str | None = None
                ) -> ImportWizard:
    wizard = ImportWizard(db, ledger)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start_with(path)
    wait_for_file(qtbot, wizard)
    return wizard


def wait_for_file(qtbot: Any, wizard: ImportWizard) -> None:
    """The first rows are read in a background job."""
    qtbot.waitUntil(lambda: not wizard.source_page.loading, timeout=10000)


def map_columns(wizard: ImportWizard, mapping: dict[str, str]) -> None:
    """Choose fields in the 导入为 combo boxes, as the user does."""
    page = wizard.mapping_page
    for col, text in wizard.plan.data.headers.items():  # type: ignore[union-attr]
        if text in mapping:
            combo = page.combos[col]
            combo.setCurrentIndex(combo.findData(mapping[text]))


def next_page(wizard: ImportWizard) -> None:
    assert wizard.button(wizard.WizardButton.NextButton if wizard.currentPage()
                         is not wizard.check_page else wizard.WizardButton.CommitButton
                         ).isEnabled()
    wizard.next()


def check(qtbot: Any, wizard: ImportWizard) -> Any:
    qtbot.waitUntil(lambda: wizard.check_page.result is not None and
                    not wizard.check_page.running, timeout=10000)
    return wizard.check_page.result


def preview_cells(wizard: ImportWizard) -> dict[str, list[str]]:
    table = wizard.mapping_page.preview
    return {table.horizontalHeaderItem(c).text():
            [table.item(r, c).text() for r in range(table.rowCount())]
            for c in range(table.columnCount())}


def test_a_legacy_ledger_from_file_to_the_ledger_view(window: Any, qtbot: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_legacy_book(tmp_path / "2023年台账.xlsx", notes_first=True)
    seen: list[ImportWizard] = []

    def drive(wizard: ImportWizard) -> int:
        seen.append(wizard)
        wizard.show()
        wizard.start_with(path)
        wait_for_file(qtbot, wizard)
        source = wizard.source_page
        assert source.sheet_combo.currentText() == SHEET  # not the 说明 sheet before it
        assert source.ledger_combo.currentData() == "cases"  # guessed from the headers
        assert source.header_spin.value() == 3  # below the merged title and 填报单位 rows
        header = source.top.item(2, 1)  # the sheet's top rows, the header row highlighted
        assert header.text() == "文书编号" and header.background().color().name() == "#dbe8f6"
        assert source.top.item(0, 0).text().startswith("示例县应急管理局")
        assert "12 列中识别出 8 列" in source.info.text()
        next_page(wizard)
        page = wizard.mapping_page
        # A required field without a column never blocks: a value for the whole column is
        # offered (or the check step asks per row).
        assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
        assert page.fill_box.isVisibleTo(wizard)
        assert set(page.fill_editors) == {"case_no", "party"}
        map_columns(wizard, USER_MAPPING)
        assert not page.fill_box.isVisibleTo(wizard)
        cells = preview_cells(wizard)
        assert cells["案号"][:2] == ["示应急罚〔2023〕1号", "示应急罚〔2023〕2号"]
        # 2023年3月5日 as text, 45000 as an Excel serial, a real date: all read as dates
        assert cells["立案日期"][:3] == ["2023-03-05", "2023-03-15", "2023-06-01"]
        assert cells["当事人类型"][:2] == ["单位", "个人"]  # 企业 / 自然人 in the sheet
        assert cells["罚款金额（元）"][0] == "1,000.00"
        next_page(wizard)
        result = check(qtbot, wizard)
        assert result.ok and len(result.values) == 4
        assert "4 行执法案件可以导入（2023年 4 行）" in wizard.check_page.summary.text()
        assert window.db.ledger("cases").count() == 0  # a dry run stores nothing
        next_page(wizard)
        qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
        assert "已导入 4 条执法案件" in wizard.import_page.summary.text()
        wizard.accept()
        return 1

    monkeypatch.setattr(ImportWizard, "exec", drive)
    import_action = next(a for a in window.findChildren(type(window.undo_action))
                         if a.text().startswith("从 Excel 导入"))
    assert import_action.shortcut().toString() == "Ctrl+I"
    import_action.trigger()
    assert seen
    assert window.db.ledger("cases").count() == 4
    assert window.current_key() == "cases" and window.year == 2023  # shows what came in
    assert window.ledger_view().model.rowCount() == 4
    assert "已从 Excel 导入 4 条执法案件" in window.statusBar().currentMessage()
    assert window.db.import_mappings("cases") == USER_MAPPING  # remembered for next time

    # The wrong file? Ctrl+Z takes the whole import back to the 回收站.
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"撤销导入“{SHEET}（4 条）”"
    from lawgov_desktop.ui.shell import prompts

    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    window.undo_action.trigger()
    assert asked and asked[0].startswith("撤销导入的 4 条记录？")
    assert window.db.ledger("cases").count() == 0
    assert window.ledger_view().model.rowCount() == 0
    from lawgov_desktop.storage import Query

    assert len(window.db.ledger("cases").ids(Query(deleted=True))) == 4


def test_remembered_mappings_and_duplicates_on_a_second_import(qtbot: Any, ui_db: Database,
                                                                tmp_path: Path, app: Any) -> None:
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    ui_db.remember_import_mappings("cases", USER_MAPPING)
    from lawgov_desktop.importing import import_workbook

    assert import_workbook(ui_db, "cases", path, remembered=USER_MAPPING).stored == 4
    wizard = open_wizard(qtbot, ui_db, path)
    assert "12 列中识别出 11 列" in wizard.source_page.info.text()
    next_page(wizard)
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()  # nothing to map now
    next_page(wizard)
    result = check(qtbot, wizard)
    # Rows already in the ledger are listed and skipped by default, never stored twice...
    assert result.ok and not result.values and len(result.duplicates) == 4
    page = wizard.check_page
    assert "没有需要导入的行：4 行已在台账中" in page.summary.text()
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    first = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert first == [SHEET, "4", "", "", "案号“示应急罚〔2023〕1号”已在台账中，不重复导入", "跳过"]
    assert page.duplicate_combo.isVisibleTo(wizard)
    # ...or stop the import when the user says so.
    page.duplicate_combo.setCurrentIndex(page.duplicate_combo.findData("stop"))
    result = check(qtbot, wizard)
    assert not result.ok and len(result.errors) == 4
    assert "发现 4 处错误，不能导入" in page.summary.text()
    assert ui_db.ledger("cases").count() == 4


def test_every_bad_cell_is_listed_then_fixed_in_excel_and_rechecked(
        qtbot: Any, ui_db: Database, tmp_path: Path, app: Any) -> None:
    rows = legacy_rows(4)
    rows[0][6] = "2023年13月5日"  # 立案时间 (G) is no date
    rows[1][5] = "420102198503070021"  # 身份证号 (F) with a wrong check digit
    rows[3][1] = None  # 文书编号 (B) left empty
    path = write_legacy_book(tmp_path / "bad.xlsx", rows)
    wizard = open_wizard(qtbot, ui_db, path)
    next_page(wizard)
    map_columns(wizard, USER_MAPPING)
    preview = wizard.mapping_page.preview
    labels = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    bad = preview.item(0, labels.index("立案日期"))  # of row 4
    assert bad.text() == "2023年13月5日" and bad.background().color().name() == "#fde8e6"
    assert "日期" in bad.toolTip()
    next_page(wizard)
    result = check(qtbot, wizard)
    where = {(p.sheet, p.row, p.column, p.field) for p in result.errors}
    assert where == {(SHEET, 4, "G", "立案日期"), (SHEET, 5, "F", "证件号码"),
                     (SHEET, 8, "B", "案号")}
    page = wizard.check_page
    assert page.table.rowCount() == len(result.problems) and page.table.isVisibleTo(wizard)
    page.copy()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0] == "工作表\t行\t列\t字段\t问题\t类型"
    assert any(line.startswith(f"{SHEET}\t5\tF\t证件号码\t") for line in copied)
    assert ui_db.ledger("cases").count() == 0

    write_legacy_book(path, legacy_rows(4))  # the user corrects the file in Excel
    page.recheck_button.click()
    result = check(qtbot, wizard)
    assert result.ok and not page.table.isVisibleTo(wizard)
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    assert ui_db.ledger("cases").count() == 4


def test_a_file_changed_after_the_check_stores_nothing(qtbot: Any, ui_db: Database,
                                                       tmp_path: Path, app: Any) -> None:
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    wizard = open_wizard(qtbot, ui_db, path)
    next_page(wizard)
    map_columns(wizard, USER_MAPPING)
    next_page(wizard)
    assert check(qtbot, wizard).ok
    rows = legacy_rows(4)
    rows[2][6] = "不详"
    write_legacy_book(path, rows)
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    assert "未导入任何数据" in wizard.import_page.summary.text()
    assert ui_db.ledger("cases").count() == 0


def test_a_sheet_with_unknown_headers_is_mapped_by_hand(qtbot: Any, ui_db: Database,
                                                        tmp_path: Path, app: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["二〇二四年度普法活动登记"])
    ws.append(["时间", "活动", "形式", "人次"])
    ws.append(["2024-03-15", "3·15 安全生产咨询日", "咨询日", 300])
    path = tmp_path / "普法.xlsx"
    wb.save(path)
    wizard = open_wizard(qtbot, ui_db, path, ledger="publicity")
    source = wizard.source_page
    assert "没有找到典型的列名" in source.info.text()
    assert source.header_spin.value() == 2  # the first row with two or more cells
    next_page(wizard)
    map_columns(wizard, {"时间": "start_on", "活动": "name", "形式": "form",
                         "人次": "onsite_audience"})
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled(), \
        wizard.mapping_page.status.text()
    next_page(wizard)
    assert check(qtbot, wizard).ok
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    stored = ui_db.ledger("publicity").list()
    assert [(r["name"], r["onsite_audience"]) for r in stored] == [("3·15 安全生产咨询日", 300)]


@pytest.mark.parametrize("name, content, reason", [
    ("old.xls", b"\xd0\xcf\x11\xe0", "不是 Excel 工作簿"),
    ("broken.xlsx", b"PK\x03\x04 not really", "文件已损坏"),
    ("missing.xlsx", None, "找不到文件"),
    ("cases.csv", "案号,案由\n1,2".encode(), "另存为"),
    ("fifo.xlsx", "fifo", "不是普通文件"),
    ("empty.xlsx", b"", "空文件"),
])
def test_files_that_cannot_be_read_say_why(qtbot: Any, ui_db: Database, tmp_path: Path,
                                           app: Any, name: str, content: bytes | None,
                                           reason: str) -> None:
    path = tmp_path / name
    if content == "fifo":
        os.mkfifo(path)  # reading it would block forever
    elif content is not None:
        path.write_bytes(content)  # type: ignore[arg-type]
    wizard = open_wizard(qtbot, ui_db, path)
    assert reason in wizard.source_page.info.text()
    assert "程序内部错误" not in wizard.source_page.info.text()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()


def test_the_ledger_view_button_opens_the_wizard_for_its_ledger(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self.plan.ledger) or 0)
    window.show_page(PAGES.index("trainings"))
    window.ledger_view().import_button.click()
    assert opened == ["trainings"]


def test_an_xlsx_dropped_on_the_window_opens_the_wizard_on_it(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = write_legacy_book(tmp_path / "拖进来的台账.xlsx")
    opened: list[ImportWizard] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self) or 0)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert len(opened) == 1 and opened[0].plan.path == path
    wait_for_file(qtbot, opened[0])
    assert opened[0].source_page.sheet_combo.currentText() == SHEET
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert len(opened) == 1  # only workbooks


def test_a_hidden_first_sheet_is_not_chosen(qtbot: Any, ui_db: Database, tmp_path: Path,
                                            app: Any) -> None:
    wb = Workbook()
    old = wb.active
    old.title = "旧表"
    old.append(["案号", "案由", "当事人", "当事人类型", "立案日期"])
    old.sheet_state = "hidden"
    ws = wb.create_sheet("2024年")
    ws.append(["案号", "案由", "当事人", "当事人类型", "立案日期"])
    ws.append(["A-1", "x", "甲公司", "单位", "2024-01-02"])
    wb.save(tmp_path / "h.xlsx")
    wizard = open_wizard(qtbot, ui_db, tmp_path / "h.xlsx")
    combo = wizard.source_page.sheet_combo
    assert wizard.plan.sheet == "2024年" and combo.currentText() == "2024年"
    assert [combo.itemText(i) for i in range(combo.count())] == ["旧表（隐藏）", "2024年"]


def test_closing_mid_way_asks_and_enter_keeps_the_wizard(qtbot: Any, ui_db: Database,
                                                         tmp_path: Path, app: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real question box
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    path = write_legacy_book(tmp_path / "legacy.xlsx")
    wizard = open_wizard(qtbot, ui_db, path)
    next_page(wizard)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the default, never the destructive

    QTimer.singleShot(0, answer)
    wizard.reject()  # what Esc and 取消 do
    assert seen == ["继续导入(&C)"] and wizard.isVisible()
    monkeypatch.setattr(ImportWizard, "confirm_close", lambda self: True)
