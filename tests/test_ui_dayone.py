"""The widgets behind the daily path (issue #11): the form's checks on leaving a field, money
shown formatted, the multi-choice group as one Tab stop, safe default buttons, the window's
first size and per-ledger view, lists sorted by pinyin with an honest arrow, search
highlights and hidden matches, the empty reminders table, Chinese file dialogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from factories import case
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from ui_helpers import type_text
from ui_user import field, menu_action, problem_under

from lawgov_desktop.storage import Database
from lawgov_desktop.storage.sortkey import pinyin_key
from lawgov_desktop.ui.dashboard.dashboard import SAMPLE_CASE_NO, Dashboard
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.ledgers.search_cells import match_spans
from lawgov_desktop.ui.shell import prompts
from lawgov_desktop.ui.shell.main_window import PAGES, MainWindow, page_label, page_shortcut

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def make_window(qtbot: Any, db: Database, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def form(qtbot: Any, db: Database, ledger: str = "cases") -> RecordDialog:
    dialog = RecordDialog(db, ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def leave(qtbot: Any) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def type_into(qtbot: Any, dialog: RecordDialog, label: str, text: str) -> None:
    widget = field(dialog, label)
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(qtbot, widget, text)


# -- 页面 menu ------------------------------------------------------------------------------


def test_page_shortcuts_come_from_the_page_list(window):
    assert [page_shortcut(i) for i in range(11)] == [f"Ctrl+{i}" for i in range(1, 10)] + [None,
                                                                                           None]
    for i, key in enumerate(PAGES):
        action = menu_action(window, "页面", page_label(key))
        assert action.shortcut().toString() == (page_shortcut(i) or "")


# -- the form ------------------------------------------------------------------------------


def test_a_date_order_problem_clears_when_the_other_date_is_fixed(qtbot, app, ui_db):
    dialog = form(qtbot, ui_db)
    type_into(qtbot, dialog, "立案日期", "2024-03-10")
    leave(qtbot)
    type_into(qtbot, dialog, "告知日期", "2024-03-01")  # before 立案: wrong
    leave(qtbot)
    assert problem_under(dialog, "告知日期")
    assert not problem_under(dialog, "当事人")  # a field not visited yet shows nothing
    type_into(qtbot, dialog, "立案日期", "2024-02-20")  # fixing the other date …
    leave(qtbot)
    assert problem_under(dialog, "告知日期") == ""  # … clears this one on leaving
    dialog.dirty = False


def test_passing_through_an_empty_required_field_is_not_an_error_until_save(qtbot, app, ui_db):
    dialog = form(qtbot, ui_db)
    assert QApplication.focusWidget() is field(dialog, "案号")
    leave(qtbot)  # Tab past 案号 without typing
    leave(qtbot)
    assert problem_under(dialog, "案号") == "" and problem_under(dialog, "案由") == ""
    dialog.save()
    assert problem_under(dialog, "案号")  # 保存 says what is missing
    type_into(qtbot, dialog, "案号", "X1")
    leave(qtbot)
    assert problem_under(dialog, "案号") == ""  # and it clears once typed and left
    dialog.dirty = False


def test_money_is_shown_formatted_after_leaving_the_field(qtbot, app, ui_db):
    dialog = form(qtbot, ui_db)
    type_into(qtbot, dialog, "罚款金额（元）", "1234.5")
    leave(qtbot)
    assert field(dialog, "罚款金额（元）").text() == "1,234.50"  # type: ignore[attr-defined]
    type_into(qtbot, dialog, "罚款金额（元）", "1.2万")
    leave(qtbot)
    assert field(dialog, "罚款金额（元）").text() == "12,000.00"  # type: ignore[attr-defined]
    assert dialog.values()["fine_amount"] == "12,000.00"
    assert ui_db.ledger("cases").validate(case(fine_amount="12,000.00")).values[
        "fine_amount"] == 1_200_000
    dialog.dirty = False


def test_the_penalty_boxes_are_one_tab_stop_with_arrows_inside(qtbot, app, ui_db):
    dialog = form(qtbot, ui_db)
    editor = dialog.editors["penalty_kinds"]
    boxes = list(editor.boxes.values())  # type: ignore[attr-defined]
    before = dialog.editors["decision_type"].focus_widget()
    before.setFocus()
    leave(qtbot)
    assert QApplication.focusWidget() is boxes[0]
    qtbot.keyClick(boxes[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is boxes[1]
    qtbot.keyClick(boxes[1], Qt.Key.Key_Down)  # two to a row: Down is the next row
    assert QApplication.focusWidget() is boxes[3]
    qtbot.keyClick(boxes[3], Qt.Key.Key_Space)
    assert editor.value() == [boxes[3].text()]
    leave(qtbot)  # one Tab leaves the group
    assert QApplication.focusWidget() is dialog.editors["fine_amount"].focus_widget()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is boxes[3]  # back in at the box last used
    dialog.dirty = False


def test_discarding_changes_is_never_the_default_button(qtbot, app, ui_db, monkeypatch):
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.defaultButton().text(), box.escapeButton().text()))
        box.escapeButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    dialog = form(qtbot, ui_db)
    type_into(qtbot, dialog, "案号", "X1")
    dialog._on_change()
    dialog.reject()  # Esc: asks, and Enter would keep editing
    assert shown == [("继续编辑", "继续编辑")] and dialog.isVisible()
    assert not prompts.confirm(None, "删除记录", "删除？", yes="删除")
    assert shown[-1] == ("取消", "取消")
    assert prompts.confirm(None, "恢复", "恢复？", yes="恢复", no="丢弃", default_yes=True) is False
    assert shown[-1][0] == "恢复"  # only where "no" is the one that loses something
    dialog.dirty = False


# -- the window ----------------------------------------------------------------------------


def test_first_start_is_maximised_then_the_size_is_remembered(qtbot, app, ui_db, tmp_path):
    window = make_window(qtbot, ui_db, tmp_path)
    assert window.isMaximized()
    window.showNormal()
    window.resize(window.minimumSizeHint().width() + 10, window.minimumSizeHint().height() + 10)
    qtbot.waitUntil(lambda: not window.isMaximized(), timeout=2000)
    size = window.size()
    window.close()  # saves the geometry
    again = make_window(qtbot, ui_db, tmp_path)
    assert not again.isMaximized() and again.size() == size


def test_the_view_is_remembered_per_data_folder(qtbot, app, tmp_path):
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    with Database.open(tmp_path / "a") as first:
        first.ledger("cases").insert(case(filed_on="2022-03-05"))
        window = MainWindow(first, settings)
        qtbot.addWidget(window)
        window.set_year(2022)
        window.show_page(PAGES.index("cases"))
        window.close()
    with Database.open(tmp_path / "b") as empty:
        window = MainWindow(empty, settings)
        qtbot.addWidget(window)
        assert window.current_key() == "dashboard"
        assert window.year == dt.date.today().year
        window.close()
    with Database.open(tmp_path / "a") as first:
        window = MainWindow(first, settings)
        qtbot.addWidget(window)
        assert (window.current_key(), window.year) == ("cases", 2022)
        window.close()


# -- lists ---------------------------------------------------------------------------------


PARTIES = ["赵六建材厂", "阿里化工有限公司", "张伟", "李四", "王五"]


def test_clicking_a_header_sorts_by_pinyin_and_the_arrow_says_which_way(qtbot, window):
    cases = window.db.ledger("cases")
    for i, party in enumerate(PARTIES):
        cases.insert(case(case_no=f"S{i}", party=party))
    window.set_year(2024)
    window.show_page(PAGES.index("cases"))
    view = window.ledger_view()
    column = [f.key for f in view.definition.fields].index("party")
    header = view.view.horizontalHeader()

    def shown() -> list[str]:
        return [view.model.index(r, column).data() for r in range(view.model.rowCount())]

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, column))
    first = view.model.headerData(column, Qt.Orientation.Horizontal)
    order = shown()
    if first.endswith("▼"):
        assert order == sorted(PARTIES, key=pinyin_key, reverse=True)
    else:
        assert first == "当事人 ▲" and order == sorted(PARTIES, key=pinyin_key)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, column))
    second = view.model.headerData(column, Qt.Orientation.Horizontal)
    assert {first[-1], second[-1]} == {"▲", "▼"}
    assert shown() == order[::-1]
    assert shown()[0 if second.endswith("▲") else -1] == "阿里化工有限公司"
    tip = view.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "拼音" in tip


def _section_centre(header: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_search_marks_matches_and_names_the_hidden_column(qtbot, window):
    cases = window.db.ledger("cases")
    cases.insert(case(case_no="H1", party="示例化工有限公司", note="现场发现储存区无警示标识"))
    cases.insert(case(case_no="H2", party="储存物流有限公司"))
    window.set_year(2024)
    window.show_page(PAGES.index("cases"))
    view = window.ledger_view()
    view.search.setText("储存")
    qtbot.waitUntil(lambda: view.highlighter.terms == ["储存"], timeout=2000)
    assert view.model.rowCount() == 2
    assert "匹配在隐藏列“备注”" in view.count_label.text()
    note_row = view.model.row_of(cases.find("case_no", "H1")[0]["id"])
    tip = view.model.index(note_row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("匹配在隐藏列“备注”")
    other = 1 - note_row
    assert not (view.model.index(other, 0).data(Qt.ItemDataRole.ToolTipRole) or "").startswith(
        "匹配在隐藏列")
    view.set_column_visible([f.key for f in view.definition.fields].index("note"), True)
    assert "隐藏列" not in view.count_label.text()
    view.view.viewport().grab()  # the highlighting delegate paints without error


def test_match_spans_are_merged_and_case_insensitive():
    assert match_spans("ABC储存abc", ["abc"]) == [(0, 3), (5, 8)]
    assert match_spans("危险化学品储存", ["化学", "学品"]) == [(2, 5)]
    assert match_spans("无", ["储存"]) == []


# -- 办理期限提醒 --------------------------------------------------------------------------


def test_the_reminders_say_when_nothing_is_due_and_fit_a_case_number(qtbot, app, ui_db):
    dashboard = Dashboard(ui_db)
    qtbot.addWidget(dashboard)
    dashboard.resize(1280, 700)
    dashboard.show()
    dashboard.set_year(2024)
    note = dashboard.findChild(QLabel, "nothingDue")
    assert note.isVisible() and note.text().startswith("暂无到期事项")
    assert not dashboard.deadlines.isVisible()
    width = dashboard.deadlines.horizontalHeader().sectionSize(1)
    assert width >= dashboard.fontMetrics().horizontalAdvance(SAMPLE_CASE_NO)
    ui_db.ledger("cases").insert(case(filed_on="2024-01-02"))  # undecided: overdue
    dashboard.window_combo.setCurrentIndex(2)
    assert dashboard.deadlines.isVisible() and not note.isVisible()
    assert dashboard.deadlines.rowCount() >= 1


# -- standard dialogs ------------------------------------------------------------------------


def test_qt_file_dialog_labels_are_chinese(qtbot, app):
    dialog = QFileDialog(None, "导入 Excel", str(Path.home()), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert texts and not [t for t in texts if t.replace("&", "").isascii()], texts
    assert any("查找范围" in t for t in texts) and any("文件类型" in t for t in texts)


def test_translations_load_in_every_layout_and_the_bundle_keeps_them(app):
    """Qt's qtbase_zh_CN.qm and ours (resources/translations) load; Qt's are also looked for
    inside the PySide6 package, where a PyInstaller bundle has them; the spec keeps both."""
    import ast

    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication as App

    from lawgov_desktop.ui.shell.application import install_translations, qt_translation_folders

    scratch = App.instance()
    loaded = install_translations(scratch, QLocale(QLocale.Language.Chinese,  # type: ignore[arg-type]
                                                   QLocale.Country.China))
    assert [Path(p).name for p in loaded] == ["qtbase_zh_CN.qm", "lawgov_qt_zh_CN.qm"]
    import PySide6

    assert Path(PySide6.__file__).parent / "Qt" / "translations" in qt_translation_folders()
    spec = Path(__file__).parents[1] / "packaging" / "lawgov-desktop.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    wanted = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "keep"
              or isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "DROP_QT_PLUGINS"]
    scope: dict[str, Any] = {"Path": Path}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(spec), "exec"), scope)
    keep = scope["keep"]
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("lawgov_desktop/resources/translations/lawgov_qt_zh_CN.qm")
