"""Place and time of the report in the GUI: asked in the first-run dialog and in 设置, the
report date set per year in the editor, an empty year warned about before export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_ui_report_editor import UNIT, YEAR, demo_ledger, ledger, make_editor  # noqa: F401
from ui_helpers import type_text

from lawgov_desktop.domain.settings import report_place
from lawgov_desktop.storage import Database, report_store
from lawgov_desktop.ui.shell import prompts

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "empty")
    yield db
    db.close()


def test_first_run_asks_the_place_once(qtbot: Any, empty: Database) -> None:
    from lawgov_desktop.ui.shell.first_run import FirstRunDialog

    dialog = FirstRunDialog(empty)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.unit_name, "福田区应急管理局")
    # until the user says otherwise, the level follows the name
    assert dialog.place.level.currentText() == "自动（区）"
    assert "区委、区政府" in dialog.place.authority.placeholderText()
    dialog.place.party.setCurrentIndex(dialog.place.party.findData("党组"))
    dialog.place.section.clear()
    type_text(qtbot, dialog.place.section, "政策法规科")
    type_text(qtbot, dialog.upper_unit, "深圳市应急管理局")
    done: list[bool] = []
    dialog.apply(lambda: done.append(True))
    assert done
    place = report_place(empty.get_setting)
    assert (place.admin_level, place.local_authority, place.party_body, place.section_name) \
        == ("区", "区委、区政府", "党组", "政策法规科")
    assert place.level_inferred and empty.get_setting("admin_level") == ""
    assert place.addressee == "区委、区政府，深圳市应急管理局："


def test_settings_page_overrides_the_inferred_level(qtbot: Any, empty: Database) -> None:
    from lawgov_desktop.ui.shell.settings_page import SettingsPage

    empty.set_setting("unit_name", "某某市福田区应急管理局")
    page = SettingsPage(empty)
    qtbot.addWidget(page)
    assert page.place.level.currentText() == "自动（区）"
    page.place.level.setCurrentIndex(page.place.level.findData("市"))
    assert "市委、市人民政府" in page.place.authority.placeholderText()
    page.save_general()
    assert empty.get_setting("admin_level") == "市"
    assert report_place(empty.get_setting).local_authority == "市委、市人民政府"
    page.place.authority.setText("区委、区政府（代管）")
    page.save_general()
    assert report_place(empty.get_setting).local_authority == "区委、区政府（代管）"


def test_report_date_per_year_in_the_editor(qtbot: Any, demo_ledger: Database,  # noqa: F811
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: errors.append(text))
    editor = make_editor(qtbot, demo_ledger)
    editor.preview.set_full_text(True)
    if dt.date.today() > dt.date(YEAR + 1, 3, 31):
        assert editor.preview_text().rstrip().endswith("【待补充：成文日期】")
    editor.date_edit.setFocus()
    type_text(qtbot, editor.date_edit, "2025年1月15日")
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Return)
    assert report_store.load_date(demo_ledger, YEAR) == dt.date(2025, 1, 15)
    assert editor.date_edit.text() == "2025-01-15"
    assert editor.preview_text().rstrip().endswith("2025年1月15日")
    assert report_store.load_date(demo_ledger, YEAR - 1) is None  # per year
    editor.date_edit.selectAll()
    type_text(qtbot, editor.date_edit, "2025-13-40")
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Return)
    assert errors and "2025-13-40" in errors[0]
    assert report_store.load_date(demo_ledger, YEAR) == dt.date(2025, 1, 15)


def test_an_empty_year_is_warned_about_in_the_export_dialog(
        qtbot: Any, ledger: Database, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from lawgov_desktop.ui.report import editor as report_editor

    seen: list[str] = []

    class Spy(report_editor.ExportDialog):
        def exec(self) -> int:
            seen.append(self.warning.text() if self.warning.isVisibleTo(self) else "")
            return 0

    monkeypatch.setattr(report_editor, "ExportDialog", Spy)
    editor = make_editor(qtbot, ledger)
    editor.export()
    assert seen and "没有任何记录" in seen[0]


def test_expand_a_section_to_reword_one_finding(
        qtbot: Any, demo_ledger: Database) -> None:  # noqa: F811
    editor = make_editor(qtbot, demo_ledger)
    keys = [s.key for s in editor.sections]
    editor.select_section(keys.index("shortcomings.main"))
    assert "{公示不足}" in editor.body_edit.toPlainText()
    qtbot.mouseClick(editor.expand_button, Qt.MouseButton.LeftButton)
    body = editor.body_edit.toPlainText()
    assert "{" not in body and "行政执法公示不够及时" in body
    editor.body_edit.undo()  # one step back to the placeholders
    assert "{公示不足}" in editor.body_edit.toPlainText()
    editor.body_edit.redo()
    assert editor.body_edit.toPlainText() == body
    # the user rewords the first line and keeps the rest; saved as the user's text
    first = body.splitlines()[0]
    editor.body_edit.setPlainText(body.replace(first, "公示工作还有短板。"))
    assert editor.save()
    stored = {r["key"]: r["body"] for r in report_store.load_sections(demo_ledger, YEAR)}
    assert stored["shortcomings.main"].startswith("公示工作还有短板。")
