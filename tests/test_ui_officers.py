"""The names picker of 参训执法人员 (ui/ledgers/names_editor.py), keyboard only, and the
officers list's 学时未达标 filter on the page."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog
from ui_helpers import type_text
from ui_user import choose_menu, in_dialog, press

from lawgov_desktop.domain.ledgers import get_ledger
from lawgov_desktop.ui.ledgers.names_editor import NamesEditor, current_token

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

PEOPLE = ["张三", "张明", "李四", "阿依古丽·买买提"]


def test_the_token_being_typed_is_after_the_last_separator():
    assert current_token("张三、李", 4) == (3, "李")
    assert current_token("张三，李四 王", 7) == (6, "王")
    assert current_token("", 0) == (0, "")


def test_f4_opens_a_checklist_filtered_by_typing(app: Any, qtbot: Any) -> None:
    editor = NamesEditor(get_ledger("trainings").field("trainees"), lambda: PEOPLE)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.set_stored("陈某")  # typed earlier, not in the register: kept and ticked
    editor.edit.setFocus()

    def tick(dialog: QDialog) -> None:
        type_text(qtbot, dialog.filter, "张")
        shown = [dialog.list.item(i).text() for i in range(dialog.list.count())
                 if not dialog.list.item(i).isHidden()]
        assert shown == ["张三", "张明"]
        press(qtbot, Qt.Key.Key_Space, widget=dialog.filter)  # ticks 张三, the first shown
        press(qtbot, Qt.Key.Key_Down, widget=dialog.filter)
        press(qtbot, Qt.Key.Key_Down, widget=dialog.list)
        press(qtbot, Qt.Key.Key_Space, widget=dialog.list)  # and 张明
        assert dialog.count.text() == "已选 3 人"
        press(qtbot, Qt.Key.Key_Return, widget=dialog.list)

    changed: list[bool] = []
    editor.changed.connect(lambda: changed.append(True))
    in_dialog(qtbot, "选择参训执法人员", tick,
              lambda: press(qtbot, Qt.Key.Key_F4, widget=editor.edit))
    assert editor.value() == "陈某、张三、张明" and changed


def test_officers_page_filters_those_short_of_hours(qtbot: Any, demo_window: Any) -> None:
    choose_menu(demo_window, "页面", "执法人员")
    view = demo_window.ledger_view()
    assert not view.all_years.isVisible()  # a roster: every officer, whatever the year
    assert view.model.query.descending is False  # by name, A→Z (pinyin)
    everyone = view.model.rowCount()
    combo = next(c for c in view.findChildren(QComboBox) if c.itemText(0) == "筛选：全部")
    combo.setCurrentIndex(combo.findText("学时未达标"))
    short = view.model.rowCount()
    hours = view.model.columnCount() - 1
    assert 0 < short < everyone
    assert all(float(view.model.index(r, hours).data()) < 60 for r in range(short))
