"""Undo as trial s4 met it (F3.1–F3.5): every undo says what it undid, 重做 brings an edit or an
import back, the 回收站 restores a multi-selection in one go, the year box and the list agree
after an import is undone."""

from __future__ import annotations

from typing import Any

import pytest
from factories import case
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from lawgov_desktop.storage import Query
from lawgov_desktop.ui.shell.undo import Step

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def _import(window: Any, n: int, year: int = 2023) -> list[str]:
    table = window.db.ledger("cases")
    ids = [table.insert(case(case_no=f"示应急罚〔{year}〕{i}号",
                             filed_on=f"{year}-03-0{i}"))["id"] for i in range(1, n + 1)]
    window.actions.undo_stack.push(Step("cases", "import", "", f"台账（{n} 条）",
                                        record_ids=tuple(ids)))
    window.fill_years()
    window.set_year(year)
    window.show_page(1)
    window.ledger_view().apply()
    return ids


def test_redo_an_edit_and_the_status_bar_says_what(window: Any, qtbot: Any, answer: list,
                                                   ) -> None:
    table = window.db.ledger("cases")
    record = table.insert(case(fine_amount="100000", penalty_kinds=["罚款"]))
    before = table.get(record["id"])
    table.update(record["id"], {**case(fine_amount="80000", penalty_kinds=["罚款"])})
    window.actions.undo_stack.push(Step("cases", "update", record["id"], "示应急罚〔2024〕1号",
                                        before))
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    window.undo_action.trigger()
    assert table.get(record["id"])["fine_amount"] == 10_000_000
    assert window.statusBar().currentMessage().startswith("已撤销：修改“示应急罚〔2024〕1号”")
    assert window.redo_action.isEnabled()
    assert window.redo_action.text() == "重做修改“示应急罚〔2024〕1号”"
    keys = [s.toString() for s in window.redo_action.shortcuts()]
    assert keys == ["Ctrl+Y", "Ctrl+Shift+Z"]
    window.redo_action.trigger()
    assert table.get(record["id"])["fine_amount"] == 8_000_000
    assert window.statusBar().currentMessage().startswith("已重做：修改")


def test_undone_import_keeps_the_year_and_comes_back_from_the_bin_at_once(
        window: Any, qtbot: Any, answer: list) -> None:
    ids = _import(window, 3)
    view = window.ledger_view()
    assert window.year == 2023 and view.model.rowCount() == 3
    window.undo_action.trigger()
    assert answer[-1].startswith("撤销导入的 3 条记录？")
    assert window.db.ledger("cases").count(Query(year=None)) == 0
    # the year box stays on the year the list says it shows
    assert window.year == 2023 and "2023" in view.all_years.text()
    # the 回收站: Ctrl+A selects every row, 恢复 puts them all back in one step
    view.bin_button.click()
    assert view.view.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert view.model.rowCount() == 3
    view.view.setFocus()
    qtbot.keyClick(view.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    view.restore_current()
    assert window.db.ledger("cases").count(Query(year=None)) == 3
    assert window.statusBar().currentMessage().startswith("已恢复 3 条案件")
    assert sorted(window.db.ledger("cases").ids(Query(year=None))) == sorted(ids)
    window.undo_action.trigger()  # one step takes the three back again
    assert window.db.ledger("cases").count(Query(year=None)) == 0
