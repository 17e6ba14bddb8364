"""Day one as trial s4 met it (F1.1, F1.2, F1.4, F1.5, F2.5, F3.4, G4): the window fills the
screen at the first start, its title names the program once, the form's deadline panel says
when the year lacks holiday data, the cases list shows 状态, Enter in the search box opens a
single hit, no label shows a literal "&", every file dialog starts in one folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from factories import case
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from lawgov_desktop.domain.status import STATUSES, status_of
from lawgov_desktop.storage import Query
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.ledgers.record_panels import CasePanel
from lawgov_desktop.ui.shell import prompts
from lawgov_desktop.ui.shell.main_window import APP_TITLE

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def test_first_start_fills_the_screen_and_names_the_program_once(window: Any) -> None:
    area = window.screen().availableGeometry()
    assert window.isMaximized() or window.geometry().size() == area.size()
    window.db.set_setting("unit_name", "青山县应急管理局")
    window._on_settings_changed()
    assert window.windowTitle() == "青山县应急管理局"  # the platform adds " — 法治建设台账"
    assert APP_TITLE not in window.windowTitle()


def test_deadline_panel_warns_when_the_year_lacks_holiday_data(db) -> None:
    panel = CasePanel(db)
    far = panel.deadline_html({"filed_on": "2031-03-02"}, dt.date(2031, 3, 3))
    assert "内置节假日数据不含2031年" in far
    near = panel.deadline_html({"filed_on": "2024-03-04"}, dt.date(2024, 3, 5))
    assert "节假日数据不含" not in near


def test_status_of_matches_the_filter(demo_db: Any) -> None:
    for ledger, rules in STATUSES.items():
        table = demo_db.ledger(ledger)
        for label, _sql in rules.items():
            for rid in table.ids(Query(year=None, status=label))[:50]:
                assert status_of(ledger, table.get(rid)) == label


def test_cases_list_shows_status_and_enter_opens_a_single_hit(
        window: Any, qtbot: Any, drive_form: Any) -> None:
    table = window.db.ledger("cases")
    table.insert(case(case_no="青应急罚〔2024〕6号", party="青山金鑫加油站"))
    table.insert(case(case_no="青应急罚〔2024〕7号", party="青山物流有限公司",
                      decided_on="2024-04-01", decision_type="不予处罚"))
    window.set_year(2024)
    window.show_page(1)
    view = window.ledger_view()
    view.apply()
    model = view.model
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    status = labels.index("状态")
    header = view.view.horizontalHeader()
    assert not header.isSectionHidden(status) and header.visualIndex(status) == 1
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, status))
             for r in range(model.rowCount())}
    assert shown == {"青应急罚〔2024〕6号": "待决定", "青应急罚〔2024〕7号": "待结案"}
    opened: list[RecordDialog] = drive_form(lambda dialog: dialog.reject())
    view.search.setFocus()
    qtbot.keyClicks(view.search, "jin")  # no hit: Enter opens nothing
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert opened == []
    view.search.clear()
    view.search.setText("金鑫加油站")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0].record_id == table.find(
        "case_no", "青应急罚〔2024〕6号")[0]["id"]


def test_no_label_shows_a_literal_ampersand(window: Any, qtbot: Any, drive_form: Any) -> None:
    from lawgov_desktop.ui.importer.wizard import ImportWizard
    from lawgov_desktop.ui.shell.main_window import pages

    for i in range(len(pages())):
        window.show_page(i)
    wizard = ImportWizard(window.db, "cases")
    qtbot.addWidget(wizard)
    seen: list[str] = []

    def look(dialog: RecordDialog) -> None:
        seen.extend(w.text() for w in dialog.findChildren(QLabel)
                    if "&" in w.text() and w.buddy() is None and not _rich(w))
        dialog.reject()

    drive_form(look)
    window.actions.open("cases")
    literal = [w.text() for root in (window, wizard) for w in root.findChildren(QLabel)
               if "&" in w.text() and w.buddy() is None and not _rich(w)]
    assert literal + seen == []


def _rich(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.RichText or "&nbsp;" in label.text() \
        or "<" in label.text()


def test_file_dialogs_start_in_one_folder(window: Any, qtbot: Any, monkeypatch: Any,
                                          tmp_path: Path) -> None:
    from lawgov_desktop.ui.importer.wizard import ImportWizard
    from lawgov_desktop.ui.report.export import default_folder

    starts: list[str] = []
    monkeypatch.setattr(prompts, "open_file", lambda _p, _t, start, _f: starts.append(start) or "")
    monkeypatch.setattr(prompts, "save_file",
                        lambda _p, _t, suggested, _f: starts.append(str(Path(suggested).parent))
                        or "")
    wizard = ImportWizard(window.db, "cases")
    qtbot.addWidget(wizard)
    wizard.source_page.browse()
    window.show_page(1)
    window.ledger_view().export()
    assert starts == [prompts.default_folder()] * 2 == [default_folder()] * 2
    assert Path(starts[0]).is_dir()
