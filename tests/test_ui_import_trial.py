"""The wizard on trial s4's workbook (F2.1–F2.6): 立案日期 taken from the 决定日期 column
and shown as the user's choice, a per-row 当事人类型 chosen in the preview, a fine column left
out is a warning, hints are not red, no literal "&", no 取消 after the import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QLabel
from test_ui_import_wizard import check, next_page, open_wizard, preview_cells
from trial_book import write_trial_book

from lawgov_desktop.ui.importer.wizard import ImportWizard

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture(autouse=True)
def _closing_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImportWizard, "confirm_close", lambda self: True)


def test_the_trial_workbook_through_the_wizard(window: Any, qtbot: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = window.db
    wizard = open_wizard(qtbot, db, write_trial_book(tmp_path / "2025.xlsx"))
    literal = [w.text() for w in wizard.findChildren(QLabel)
               if "&" in w.text() and w.buddy() is None]  # shown as a literal "&"
    assert literal == []
    file_label = next(w for w in wizard.source_page.findChildren(QLabel)
                      if w.text().startswith("文件"))
    assert file_label.buddy() is wizard.source_page.path_edit
    next_page(wizard)
    page = wizard.mapping_page
    assert "fine_amount" in wizard.plan.columns.values()  # 处罚金额（元）
    filed = page.fill_editors["filed_on"]
    index = filed.findText("取自“决定日期”列")
    assert index > 0
    filed.setCurrentIndex(index)
    filed.activated.emit(index)
    assert wizard.plan.fill["filed_on"] == "@决定日期"
    cells = preview_cells(wizard)
    assert cells["立案日期（指定）"][0] == "2025-03-05"  # the user's choice, not inferred
    verdicts = cells["检查结果"]
    red = [page.preview.item(r, 0).foreground().color().name()
           for r in range(page.preview.rowCount())]
    for text, colour in zip(verdicts, red, strict=True):
        assert ("推断/指定" not in text) or colour != "#b42318"
    # 张三 (sheet row 8) has no 当事人类型: chosen by a double-click in the preview
    row = next(r for r in range(page.preview.rowCount())
               if page.preview.verticalHeaderItem(r).text() == "第8行")
    col = next(c for c in range(page.preview.columnCount())
               if page.preview.horizontalHeaderItem(c).text().startswith("当事人类型"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("个人", True))
    page.choose_for_row(row, col)
    assert wizard.plan.per_row[8]["party_type"] == "个人"
    # leaving the fine out is a warning on this step, not only a hint later
    fine_col = next(c for c, k in wizard.plan.columns.items() if k == "fine_amount")
    page.combos[fine_col].setCurrentIndex(0)
    assert "以下列未导入：“处罚金额（元）”（金额）" in page.status.text()
    page.combos[fine_col].setCurrentIndex(page.combos[fine_col].findData("fine_amount"))
    next_page(wizard)
    result = check(qtbot, wizard)
    assert result.ok, [str(p) for p in result.problems]
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    assert not wizard.button(wizard.WizardButton.CancelButton).isVisible()
    assert wizard.button(wizard.WizardButton.FinishButton).isVisible()
    stored = {r["case_no"]: r for r in db.ledger("cases").list()}
    assert stored["青应急罚〔2025〕5号"]["party_type"] == "个人"
    assert stored["青应急罚〔2025〕6号"]["filed_on"] == "2025-09-12"


def test_reimport_is_not_shown_as_an_error(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from lawgov_desktop.importing import import_workbook

    path = write_trial_book(tmp_path / "2025.xlsx")
    assert import_workbook(window.db, "cases", path, fill={"filed_on": "@决定日期",
                                                            "party_type": "单位"}).ok
    wizard = open_wizard(qtbot, window.db, path)
    next_page(wizard)
    next_page(wizard)
    check(qtbot, wizard)
    summary = wizard.check_page.summary
    assert "已在台账中" in summary.text() and "#b42318" not in summary.styleSheet()
