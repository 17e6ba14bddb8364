"""A register added as a forms/ file alone has its page, menu entry, shortcut, list, search,
form and import choice in the real main window (issue #13; see test_register_as_data.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from synthetic_register import VISITS, write_forms
from ui_helpers import fill
from ui_user import choose_menu, menu_texts, shortcut

from lawgov_desktop.domain import ledgers
from lawgov_desktop.storage import Database, Query
from lawgov_desktop.ui.importer.wizard import ImportWizard, SourcePage
from lawgov_desktop.ui.ledgers.ledger_view import LedgerView
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.shell.main_window import MainWindow

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture
def visits_window(app: Any, qtbot: Any, tmp_path: Path, data_dir: Path) -> Any:
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": VISITS}))
    db = Database.open(data_dir)
    window = MainWindow(db, QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.set_year(2024)
    yield window
    window.close()
    db.close()
    ledgers.use_forms(None)


def test_the_new_register_is_a_page_with_list_search_and_form(
        visits_window: Any, qtbot: Any, drive_form: Any) -> None:
    window = visits_window
    window.activateWindow()
    # Existing pages keep their places; the new register follows the other ledgers.
    pages = menu_texts(window, "页面")
    assert pages[:5] == ["概览", "执法案件", "复议诉讼", "学法培训", "普法宣传"]
    assert pages[pages.index("走访记录"):][:4] == ["走访记录", "年度报告", "年度情况", "设置"]
    card = window.page("dashboard").cards["visits_closed"]  # its [[cards]] on 概览
    assert card.note.text() == f"立案 {window.page('dashboard').figures['cases_filed']} 件"
    shortcut(qtbot, window, f"Ctrl+{pages.index('走访记录') + 1}")
    view = window.page("visits")
    assert isinstance(view, LedgerView) and window.stack.currentWidget() is view
    choose_menu(window, "页面", "概览")
    choose_menu(window, "页面", "走访记录")
    assert window.stack.currentWidget() is view
    # list_hidden from forms/: 备注 starts hidden
    note = view.definition.keys.index("note")
    assert view.view.horizontalHeader().isSectionHidden(note)

    def enter(dialog: RecordDialog) -> None:
        fill(dialog, {"visited_on": "2024-05-06", "subject": "安全生产回访",
                      "holder_type": "单位", "holder": "县农机公司"}, qtbot)
        dialog.save()

    forms = drive_form(enter)
    view.new_record()
    assert len(forms) == 1
    table = window.db.ledger("visits")
    assert [r["subject"] for r in table.list(Query())] == ["安全生产回访"]
    assert view.model.rowCount() == 1
    view.search.setText("农机")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.search.setText("没有这个")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)


def test_the_import_wizard_offers_the_new_register(visits_window: Any, qtbot: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImportWizard, "confirm_close", lambda self: True)
    wizard = ImportWizard(visits_window.db, "visits")
    qtbot.addWidget(wizard)
    combo = wizard.findChildren(SourcePage)[0].ledger_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels[:4] == ["执法案件", "复议诉讼", "学法培训", "普法宣传"]
    assert labels[-1] == "走访记录"
    assert combo.currentData() == "visits"
