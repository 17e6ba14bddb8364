"""Ledger lists (search, filters, sort, columns, export), the table models, the dashboard
against `lawgov stats`, the report figures, settings, first run and the window state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from ui_helpers import type_text

from lawgov_desktop.cli import main as cli_main
from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.domain.ledgers import LEDGER_KEYS
from lawgov_desktop.storage import Query
from lawgov_desktop.ui.dashboard.dashboard import card_text, dashboard_cards
from lawgov_desktop.ui.ledgers.table_model import LedgerModel
from lawgov_desktop.ui.report.preview import figure_text
from lawgov_desktop.ui.shell import jobs
from lawgov_desktop.ui.shell.main_window import pages

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.mark.parametrize("ledger", LEDGER_KEYS)
def test_models_pass_qtmodeltester(ledger: str, demo_db: Any, qtmodeltester: Any) -> None:
    table = demo_db.ledger(ledger)
    model = LedgerModel(table)
    model.set_query(Query(year=2024))
    assert model.rowCount() == table.count(Query(year=2024)) > 0
    qtmodeltester.check(model, force_py=True)  # keeps watching the signals below
    model.sort(3, Qt.SortOrder.AscendingOrder)
    table.delete(model.record_id(0))
    model.set_query(Query(deleted=True))
    assert model.rowCount() == 1 and model.headerData(
        model.columnCount() - 1, Qt.Orientation.Horizontal) == "删除时间"
    model.set_query(Query(search="示例"))
    model.refresh_record(model.record_id(0))
    bin_model = LedgerModel(table)
    bin_model.set_query(Query(deleted=True))
    qtmodeltester.check(bin_model, force_py=True)


def test_model_reads_rows_lazily(demo_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    table = demo_db.ledger("cases")
    calls: list[int] = []
    original = table.get_many
    monkeypatch.setattr(table, "get_many", lambda ids: calls.append(len(ids)) or original(ids))
    model = LedgerModel(table)
    model.set_query(Query())
    assert model.rowCount() == table.count() and calls == []
    model.data(model.index(model.rowCount() - 1, 0))
    model.data(model.index(model.rowCount() - 2, 1))
    assert calls == [model.rowCount() % 100 or 100]


def test_search_filters_and_sort(demo_window: Any, qtbot: Any) -> None:
    demo_window.nav.setCurrentRow(1)
    view = demo_window.page("cases")
    table = demo_window.db.ledger("cases")
    assert view.model.rowCount() == table.count(Query(year=2024))
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    type_text(qtbot, view.search, "化工")  # two characters: applied after a typing pause
    expected = table.count(Query(year=2024, search="化工"))
    qtbot.waitUntil(lambda: view.model.rowCount() == expected, timeout=2000)
    assert expected > 0
    type_text(qtbot, view.search, "有限公司")  # a full-text term: applied at once
    assert view.model.rowCount() == table.count(Query(year=2024, search="化工有限公司")) > 0
    assert "找到" in view.count_label.text()
    for row in range(view.model.rowCount()):
        record = view.model.record(row)
        assert "化工" in (record["party"] + record["cause"] + (record["note"] or ""))
    view.search.clear()
    view.status_combo.setCurrentText("已结案")
    view.choice_combos["domain"].setCurrentText("工贸")
    expected = table.count(Query(year=2024, status="已结案", filters={"domain": "工贸"}))
    assert 0 < view.model.rowCount() == expected
    view.all_years.setChecked(True)
    assert view.model.rowCount() == table.count(Query(status="已结案", filters={"domain": "工贸"}))
    view.view.sortByColumn(table.definition.keys.index("fine_amount"), Qt.SortOrder.DescendingOrder)
    fines = [view.model.record(r)["fine_amount"] or 0 for r in range(view.model.rowCount())]
    assert fines == sorted(fines, reverse=True)


def test_year_selector_drives_dashboard_and_ledgers(demo_window: Any) -> None:
    demo_window.nav.setCurrentRow(1)
    view = demo_window.page("cases")
    demo_window.set_year(2023)
    assert view.model.rowCount() == demo_window.db.ledger("cases").count(Query(year=2023))
    demo_window.nav.setCurrentRow(0)
    assert demo_window.page("dashboard").year == 2023


def test_column_chooser_and_export(demo_window: Any, qtbot: Any, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    from lawgov_desktop.ui.shell import prompts

    demo_window.nav.setCurrentRow(1)
    view = demo_window.page("cases")
    note = demo_window.db.ledger("cases").definition.keys.index("note")
    view.columns_menu.actions()[note].setChecked(True)
    assert "note" in view.visible_columns()
    view.choice_combos["domain"].setCurrentText("危险化学品")
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(prompts, "save_file", lambda *a: str(target))
    view.export()
    qtbot.waitUntil(lambda: view.export_button.isEnabled(), timeout=10000)
    assert jobs.wait_for_jobs()
    sheet = load_workbook(target).active
    rows = list(sheet.values)
    header = [demo_window.db.ledger("cases").definition.field(k).label
              for k in view.visible_columns()]
    assert list(rows[0]) == header and "备注" in header
    assert len(rows) - 1 == view.model.rowCount() > 0
    assert {r[header.index("执法领域")] for r in rows[1:]} == {"危险化学品"}


def test_dashboard_figures_equal_lawgov_stats(demo_window: Any, capsys: Any) -> None:
    demo_window.nav.setCurrentRow(0)
    dashboard = demo_window.page("dashboard")
    assert dashboard.year == 2024
    data_dir = demo_window.db.path.parent
    assert cli_main(["stats", "--year", "2024", "--json", "--data-dir", str(data_dir)]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert dashboard.figures == expected
    for card in dashboard_cards():
        assert dashboard.cards[card.id].value.text() == card_text(card, expected)
    assert dashboard.cards["cases_filed"].value.text() == f"{expected['cases_filed']}宗"
    assert sum(sum(v) for label, v in dashboard.chart.series if label == "立案") == \
        expected["cases_filed"]
    deadlines = demo_window.db.deadlines(30)
    assert dashboard.deadlines.rowCount() == len(deadlines) > 0


def test_double_click_on_deadline_opens_record(demo_window: Any, qtbot: Any,
                                               drive_form: Any) -> None:
    dashboard = demo_window.page("dashboard")
    seen = drive_form(lambda dialog: dialog.reject())
    item = dashboard.deadlines.item(0, 1)
    rect = dashboard.deadlines.visualItemRect(item)
    qtbot.mouseClick(dashboard.deadlines.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    qtbot.mouseDClick(dashboard.deadlines.viewport(), Qt.MouseButton.LeftButton,
                      pos=rect.center())
    assert len(seen) == 1
    ledger, record_id = item.data(Qt.ItemDataRole.UserRole)
    assert seen[0].record_id == record_id and seen[0].table.name == ledger


def test_report_page_lists_every_indicator(demo_window: Any) -> None:
    demo_window.nav.setCurrentRow(pages().index("report"))
    page = demo_window.page("report")
    assert page.tabText(0) == "报告正文" and page.editor is not None and page.editor.year == 2024
    figures_tab = page.figures
    figures = demo_window.db.stats(2024)
    start = figures_tab.first_indicator_row  # after the figures the 不足 rest on
    assert figures_tab.table.rowCount() == start + len(INDICATORS)
    for row, ind in enumerate(INDICATORS, start=start):
        value = figures[ind.id]  # as the report writes it (trial G3: 24.5万元, not 24.50万元)
        assert figures_tab.table.item(row, 1).text() == (
            "—" if value is None else figure_text(figures, ind.id))
    assert "示例县应急管理局2024年" in figures_tab.heading.text()


def test_settings_page_saves(window: Any, answer: list) -> None:
    window.nav.setCurrentRow(pages().index("settings"))
    page = window.page("settings")
    page.unit_name.setText("某县应急管理局")
    page.limits["publish_days"].setValue(5)
    page.save_general()
    assert window.db.get_setting("unit_name") == "某县应急管理局"
    assert window.db.get_setting("publish_days") == "5"
    assert "某县应急管理局" in window.windowTitle()
    page.choice_field.setCurrentIndex(0)
    page.add_choice()
    page.choice_list.currentItem().setText("粉尘涉爆")
    page.save_choices()
    key = page.choice_field.currentData()
    assert window.db.choices(*key)[-1] == "粉尘涉爆"
    import datetime as dt

    from PySide6.QtCore import QDate

    page.holiday_day.setDate(QDate(2027, 1, 1))
    page.holiday_note.setText("元旦")
    page.add_holiday()
    assert window.db.holidays() == {dt.date(2027, 1, 1): False}
    assert page.holiday_table.rowCount() == 1
    assert str(window.db.path) == page.findChild(type(page.unit_name), "dataPath").text()


def test_first_run_loads_demo_data(app: Any, ui_db: Any, qtbot: Any, tmp_path: Path) -> None:
    from lawgov_desktop.ui.shell.first_run import FirstRunDialog

    dialog = FirstRunDialog(ui_db)
    qtbot.addWidget(dialog)
    dialog.unit_name.setText("某某县应急管理局")
    dialog.demo.setChecked(True)
    finished: list[bool] = []
    dialog.apply(lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert not ui_db.is_empty()
    assert ui_db.get_setting("unit_name") == "某某县应急管理局"


def test_window_state_is_remembered(app: Any, demo_db: Any, qtbot: Any, tmp_path: Path) -> None:
    from lawgov_desktop.ui.shell.main_window import MainWindow

    ini = tmp_path / "state.ini"
    first = MainWindow(demo_db, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.set_year(2023)
    first.nav.setCurrentRow(2)
    size = first.size()
    first.close()
    second = MainWindow(demo_db, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.year == 2023 and second.current_key() == "appeals"
    # a window at its least size (which grows with the 概览 cards of every register) may be
    # wider than the test's virtual screen, which the restored geometry is fitted into
    # (its frame included): the width then is the screen's, give or take the frame
    fitted = size.boundedTo(second.screen().availableGeometry().size())
    assert second.height() == fitted.height()
    assert fitted.width() - 8 <= second.width() <= fitted.width()


@pytest.mark.parametrize("with_data", [False, True])
def test_smoke_test_command(data_dir: Path, with_data: bool) -> None:
    if with_data:
        assert cli_main(["demo", "--data-dir", str(data_dir)]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "lawgov_desktop", "--smoke-test", "--data-dir", str(data_dir)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "smoke test ok" in result.stdout and "年度报告" in result.stdout


def test_returning_none_from_data_is_safe(app: Any) -> None:
    """PySide6 6.12 drops a reference to None whenever C++ reads a Python data() override
    that returns None; lawgov_desktop.ui pins None so a long session cannot abort."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex

    class Empty(QAbstractListModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 1

        def data(self, index: Any, role: int = 0) -> Any:
            return None

    model = Empty()
    index = model.index(0, 0)
    for _ in range(200_000):  # far more than None's natural reference count
        index.data(Qt.ItemDataRole.ToolTipRole)
    assert sys.getrefcount(None) > 0
