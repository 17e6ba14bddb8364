"""年度报告 editor: edit sections without losing text, insert figures, see them filled from the
ledger, reset to the template, and export in the background with the warnings shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextCursor
from ui_helpers import type_text

from lawgov_desktop import demo
from lawgov_desktop.reports.figures import BY_ID
from lawgov_desktop.reports.year_report import default_section, load_sections
from lawgov_desktop.storage import Database, report_store
from lawgov_desktop.ui.report.editor import ReportEditor
from lawgov_desktop.ui.report.export import ExportDialog
from lawgov_desktop.ui.shell import prompts

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

UNIT = "示例县应急管理局"
YEAR = 2024


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "ledger")
    db.set_setting("unit_name", UNIT)
    yield db
    db.close()


@pytest.fixture
def demo_ledger(ledger: Database) -> Database:
    demo.fill(ledger, YEAR, "small", today=dt.date(2024, 11, 20))
    return ledger


def make_editor(qtbot: Any, db: Database, year: int = YEAR) -> ReportEditor:
    editor = ReportEditor(db, year)
    qtbot.addWidget(editor)
    editor.resize(1300, 800)
    with qtbot.waitActive(editor):  # shortcuts (Ctrl+S) need an active window
        editor.show()
        editor.activateWindow()
    return editor


def index_of(editor: ReportEditor, key: str) -> int:
    return [s.key for s in editor.sections].index(key)


def replace_body(qtbot: Any, editor: ReportEditor, text: str) -> None:
    """Select all of the body and type `text` as a user would."""
    editor.body_edit.setFocus()
    editor.body_edit.selectAll()
    type_text(qtbot, editor.body_edit, text)


def stored_body(db: Database, year: int, key: str) -> str | None:
    rows = {r["key"]: r["body"] for r in report_store.load_sections(db, year)}
    return rows.get(key)


def test_outline_shows_parts_and_sections(qtbot: Any, ledger: Database) -> None:
    editor = make_editor(qtbot, ledger)
    labels = [editor.tree.item(r).text().strip() for r in range(editor.tree.count())]
    parts = [t for t in labels if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert parts == ["一、2024年推进法治政府建设的主要举措和成效", "二、存在的不足和原因",
                     "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                     "四、2025年推进法治政府建设的主要安排", "五、其他需要报告的情况"]
    assert "（一）规范行政执法" in labels
    assert editor.heading.text() == f"{UNIT}2024年法治政府建设年度报告"
    assert editor.current == 0 and UNIT in editor.preview_text()
    assert not editor.has_unsaved_changes() and "模板" in editor.state_label.text()
    # a part row previews the whole part
    editor.tree.setCurrentRow(labels.index("二、存在的不足和原因"))
    assert editor.current_section() is None and editor.pages.currentIndex() == 1
    # an empty ledger has nothing for it: the preview says the section will not be printed
    assert "没有本节的内容" in editor.preview_text()


def test_edit_switch_back_and_forth_keeps_and_stores_text(qtbot: Any, ledger: Database) -> None:
    editor = make_editor(qtbot, ledger)
    key = "measures.training"
    editor.select_section(index_of(editor, key))
    replace_body(qtbot, editor, "全年组织学法培训，领导干部带头讲法。")
    assert editor.has_unsaved_changes() and "未保存" in editor.state_label.text()
    assert stored_body(ledger, YEAR, key) is None  # not yet written

    editor.select_section(index_of(editor, "measures.publicity"))  # switching saves
    assert not editor.has_unsaved_changes() and editor.state_label.text() == "已保存"
    assert stored_body(ledger, YEAR, key) == "全年组织学法培训，领导干部带头讲法。"

    editor.select_section(index_of(editor, key))
    assert editor.body_edit.toPlainText() == "全年组织学法培训，领导干部带头讲法。"
    editor.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, editor.body_edit, "OK")
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.has_unsaved_changes()
    assert stored_body(ledger, YEAR, key) == "全年组织学法培训，领导干部带头讲法。OK"
    # the title too, and a fresh editor reads everything back
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    type_text(qtbot, editor.title_edit, "狠抓学法用法")
    assert "（三）狠抓学法用法" in editor.tree.currentItem().text()
    editor.hide()  # leaving the page saves
    again = make_editor(qtbot, ledger)
    section = again.sections[index_of(again, key)]
    assert section.title == "狠抓学法用法"
    assert section.body == "全年组织学法培训，领导干部带头讲法。OK"


def test_set_year_saves_the_old_year_first(qtbot: Any, ledger: Database) -> None:
    editor = make_editor(qtbot, ledger)
    key = "other.main"
    editor.select_section(index_of(editor, key))
    replace_body(qtbot, editor, "本年度接受了上级法治督察。")
    editor.set_year(2025)
    assert stored_body(ledger, 2024, key) == "本年度接受了上级法治督察。"
    assert editor.year == 2025 and editor.current_section().key == key  # same section shown
    assert editor.body_edit.toPlainText() == load_sections(ledger, 2025)[editor.current].body
    assert "2025年推进" in editor.tree.item(2).text()
    editor.set_year(2024)
    assert editor.body_edit.toPlainText() == "本年度接受了上级法治督察。"


def test_reset_section_to_template_after_confirmation(qtbot: Any, ledger: Database,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(parent: Any, title: str, text: str, **_: Any) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(prompts, "confirm", confirm)
    editor = make_editor(qtbot, ledger)
    key = "measures.enforcement"
    editor.select_section(index_of(editor, key))
    replace_body(qtbot, editor, "我们自己写的文字。")
    editor.title_edit.setText("自拟标题")
    editor.title_edit.textEdited.emit("自拟标题")

    assert not editor.reset_section()  # the user said no: nothing changes
    assert editor.body_edit.toPlainText() == "我们自己写的文字。"
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    template = default_section(ledger, YEAR, key)
    assert "自拟标题" in asked[0] and "恢复" in asked[0]
    assert editor.body_edit.toPlainText() == template.body
    assert editor.title_edit.text() == template.title
    assert editor.sections[editor.current] == template
    editor.body_edit.undo()  # the reset is one undoable step
    assert editor.body_edit.toPlainText() == "我们自己写的文字。"


def test_insert_figure_at_cursor_and_preview_shows_the_ledgers_number(
        qtbot: Any, demo_ledger: Database) -> None:
    editor = make_editor(qtbot, demo_ledger)
    filed = demo_ledger.stats(YEAR)["cases_filed"]
    assert filed > 0
    editor.select_section(index_of(editor, "measures.enforcement"))
    replace_body(qtbot, editor, "全年立案宗，结案。")
    cursor = editor.body_edit.textCursor()
    cursor.setPosition(len("全年立案"))
    editor.body_edit.setTextCursor(cursor)

    actions = {a.data(): a for sub in editor.insert_button.menu().actions() if sub.menu()
               for a in sub.menu().actions()}
    assert actions["立案"].text() == f"立案（{filed}{BY_ID['cases_filed'].unit}）"
    assert {"单位", "年", "罚没金额", "复议维持率", "执法办案情况"} <= set(actions)
    actions["立案"].trigger()
    assert editor.body_edit.toPlainText() == "全年立案{立案}宗，结案。"
    assert editor.body_edit.textCursor().position() == len("全年立案{立案}")
    assert f"全年立案{filed}宗，结案。" in editor.preview_text()
    assert not editor.problem_label.isVisible()
    # the whole report, numbered as exported, quotes the same figure
    editor.preview.set_full_text(True)
    text = editor.preview_text()
    assert text.startswith(f"{UNIT}2024年法治政府建设年度报告")
    assert "（一）规范行政执法" in text and f"全年立案{filed}宗" in text


def test_unknown_and_empty_placeholders_are_shown_in_red(qtbot: Any, ledger: Database) -> None:
    editor = make_editor(qtbot, ledger)
    editor.select_section(index_of(editor, "measures.disputes"))
    replace_body(qtbot, editor, "全年受理举报{举报数}件，复议维持率{复议维持率}。")
    assert editor.problem_label.isVisible()
    shown = editor.problem_label.text()
    assert "未知的占位符{举报数}" in shown and "{复议维持率}本年度没有数据" in shown
    assert "{举报数}" in editor.preview_text()  # left visible in the preview
    replace_body(qtbot, editor, "全年立案{立案}宗。")
    assert not editor.problem_label.isVisible()


def test_export_runs_in_background_and_shows_warnings(qtbot: Any, demo_ledger: Database,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    editor = make_editor(qtbot, demo_ledger)
    editor.select_section(index_of(editor, "other.main"))
    replace_body(qtbot, editor, "全年受理举报{举报数}件。")  # unsaved: export saves it first
    out = tmp_path / "out"
    with qtbot.waitSignal(editor.exported, timeout=15000) as blocker:
        job = editor.export(out)
        assert job is not None and not editor.export_button.isEnabled()
    files = blocker.args[0]
    names = sorted(p.name for p in files)
    assert names == [f"{UNIT}2024年法治建设统计表.xlsx",
                     f"{UNIT}2024年法治政府建设年度报告.docx",
                     f"{UNIT}2024年法治政府建设年度报告.pdf"]
    assert all((out / n).stat().st_size > 0 for n in names)
    assert any("未知的占位符{举报数}" in w for w in files.warnings)
    assert stored_body(demo_ledger, YEAR, "other.main") == "全年受理举报{举报数}件。"
    assert editor.export_button.isEnabled() and not editor.has_unsaved_changes()

    dialog = editor.result_dialog
    assert dialog is not None and dialog.isVisible()
    assert "未知的占位符{举报数}" in dialog.warnings.toPlainText()
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [out] and not dialog.isVisible()


def test_export_failure_is_reported_in_chinese(qtbot: Any, ledger: Database, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: errors.append(text))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    editor = make_editor(qtbot, ledger)
    with qtbot.waitSignal(editor.export_failed, timeout=15000):
        editor.export(blocked, ("docx",))
    assert len(errors) == 1 and "无法" in errors[0]
    assert editor.export_button.isEnabled()


def test_export_dialog_options(qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                               tmp_path: Path) -> None:
    dialog = ExportDialog(UNIT, YEAR, str(tmp_path))
    qtbot.addWidget(dialog)
    options = dialog.options()
    assert options.formats == ("pdf", "docx", "xlsx") and options.mask
    assert not options.with_table and options.folder == tmp_path
    assert f"{UNIT}2024年法治政府建设年度报告.pdf" in dialog.names.text()
    dialog.no_mask.setChecked(True)
    dialog.with_table.setChecked(True)
    dialog.format_boxes["docx"].setChecked(False)
    options = dialog.options()
    assert options.formats == ("pdf", "xlsx") and not options.mask and options.with_table
    dialog.format_boxes["xlsx"].setChecked(False)
    assert not dialog.no_mask.isEnabled()  # masking only concerns the workbook
    dialog.format_boxes["pdf"].setChecked(False)
    assert not dialog.ok.isEnabled() and "至少" in dialog.names.text()
    monkeypatch.setattr(prompts, "choose_folder", lambda *a: str(tmp_path / "chosen"))
    dialog.browse()
    assert dialog.folder_edit.text() == str(tmp_path / "chosen")


def test_closing_the_window_saves(qtbot: Any, ledger: Database) -> None:
    from PySide6.QtWidgets import QStackedWidget, QWidget

    window = QStackedWidget()  # as the main window holds its pages
    qtbot.addWidget(window)
    editor = ReportEditor(ledger, YEAR, window)
    other = QWidget(window)
    window.addWidget(editor)
    window.addWidget(other)
    window.show()
    editor.select_section(index_of(editor, "leadership.main"))
    replace_body(qtbot, editor, "主要负责人专题听取法治建设汇报4次。")
    window.setCurrentWidget(other)  # leaving the page saves
    assert stored_body(ledger, YEAR, "leadership.main") == "主要负责人专题听取法治建设汇报4次。"
    window.setCurrentWidget(editor)
    editor.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, editor.body_edit, "OK")
    window.close()  # closing the window saves too
    assert stored_body(ledger, YEAR, "leadership.main") == "主要负责人专题听取法治建设汇报4次。OK"


def test_keyboard_moves_through_the_outline(qtbot: Any, ledger: Database) -> None:
    editor = make_editor(qtbot, ledger)
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)  # 开头语/正文 → 一、(7: with 行政检查)
    assert editor.current_section() is None and "共 7 节" in editor.part_note.text()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)
    assert editor.current_section().key == "measures.enforcement"
    qtbot.keyClick(editor.tree, Qt.Key.Key_Tab)  # on to the title, then the text
    assert editor.title_edit.hasFocus()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Tab)
    assert editor.body_edit.hasFocus()


def test_a_failed_save_keeps_the_text(qtbot: Any, ledger: Database,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from lawgov_desktop.storage import LedgerError
    from lawgov_desktop.ui.report import editor as report_editor

    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: errors.append(text))

    def locked(*_: Any) -> None:
        raise LedgerError("台账正被另一个程序使用，请稍后再试。")

    real_save = report_editor.save_sections
    monkeypatch.setattr(report_editor, "save_sections", locked)
    editor = make_editor(qtbot, ledger)
    key = "plans.main"
    editor.select_section(index_of(editor, key))
    replace_body(qtbot, editor, "修订行政执法公示办法。")
    assert not editor.save()
    assert "另一个程序" in errors[0] and "仍在编辑器中" in errors[0]
    editor.set_year(2025)  # refused: the unsaved year stays on screen
    assert editor.year == YEAR and editor.has_unsaved_changes()
    assert editor.body_edit.toPlainText() == "修订行政执法公示办法。"
    monkeypatch.setattr(report_editor, "save_sections", real_save)
    assert editor.save() and stored_body(ledger, YEAR, key) == "修订行政执法公示办法。"


def test_package_upward_from_the_export_dialog(qtbot: Any, demo_ledger: Database,
                                               tmp_path: Path) -> None:
    from lawgov_desktop.ui.report.export import start_export

    dialog = ExportDialog(UNIT, YEAR, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.format_boxes["docx"].setChecked(False)
    dialog.no_mask.setChecked(True)
    dialog.package.setChecked(True)
    options = dialog.options()
    assert options.package and options.mask and options.formats == ("pdf", "docx", "xlsx")
    assert not dialog.no_mask.isEnabled() and "上报材料.zip" in dialog.names.text()
    results: list[Any] = []
    start_export(dialog, demo_ledger.path.parent, YEAR, options, results.append,
                 lambda message: results.append(message))
    qtbot.waitUntil(lambda: bool(results), timeout=15000)
    files = results[0]
    name = f"{UNIT}2024年法治政府建设上报材料"
    assert [p.name for p in files][-1] == f"{name}.zip"
    assert (tmp_path / name).is_dir() and len(list((tmp_path / name).iterdir())) == 3


def test_send_upward_opens_the_folder_with_the_zip(qtbot: Any, demo_ledger: Database,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def choose_package(dialog: ExportDialog) -> int:
        dialog.folder_edit.setText(str(tmp_path))
        dialog.package.setChecked(True)
        return 1

    monkeypatch.setattr(ExportDialog, "exec", choose_package)
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    editor = make_editor(qtbot, demo_ledger)
    with qtbot.waitSignal(editor.exported, timeout=15000) as blocker:
        editor.export()
    name = f"{UNIT}2024年法治政府建设上报材料"
    assert Path(blocker.args[0][-1]) == tmp_path / f"{name}.zip"
    # the file manager opens on its own where the .zip and the folder are
    assert [Path(u.toLocalFile()) for u in opened] == [tmp_path]
    assert editor.result_dialog is not None and editor.result_dialog.isVisible()
