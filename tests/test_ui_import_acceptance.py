"""Day one (issue #11), as a clerk does it: 文件 → 从 Excel 导入台账…, the path typed, Enter
through the wizard, the section's own ledger in (title row, own headers, text dates, a blank
row, a 合计 row, no 当事人类型 column), then an old .xls, and Ctrl+Z to take an import back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from legacy_books import write_section_book
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lawgov_desktop.storage import Query
from lawgov_desktop.ui.importer.wizard import ImportWizard

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def menu_action(window: Any, menu: str, text: str) -> Any:
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "").startswith(menu))
    return next(a for a in top.menu().actions() if a.text().replace("&", "").startswith(text))


def press(qtbot: Any, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key to whatever has the focus, as the user's keyboard sends it."""
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def import_by_keyboard(qtbot: Any, wizard: ImportWizard, path: Path, asked: list[str]) -> None:
    wizard.show()
    wizard.activateWindow()
    source = wizard.source_page
    source.path_edit.setFocus()
    qtbot.keyClicks(source.path_edit, str(path))  # QTest types Latin-1 only: ASCII names
    qtbot.keyClick(source.path_edit, Qt.Key.Key_Return)  # reads the file
    qtbot.waitUntil(source.isComplete, timeout=10000)
    assert wizard.plan.ledger == "cases"
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 下一步(&N)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping_page)
    # Esc mid-way asks first; the answer "继续导入" keeps everything as it was
    press(qtbot, Qt.Key.Key_Escape)
    assert asked and wizard.isVisible() and wizard.currentPage() is wizard.mapping_page
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.result is not None and not check.running, timeout=10000)
    assert check.result.ok, [str(p) for p in check.result.problems]
    commit = wizard.button(wizard.WizardButton.CommitButton)
    assert commit.isEnabled() and commit.isDefault()
    press(qtbot, Qt.Key.Key_Return)  # 导入
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=10000)
    press(qtbot, Qt.Key.Key_Return)  # 完成
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_a_clerk_imports_the_sections_ledgers_by_keyboard_and_undoes_one(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(ImportWizard, "confirm_close",
                        lambda self: asked.append(self.currentPage().title()) or False)
    books = [write_section_book(tmp_path / "ledger2023.xlsx"),
             write_section_book(tmp_path / "ledger2022.xls", fmt="xls")]
    # the .xls holds the same 案号: renumber them so it brings four more cases
    from legacy_books import section_rows, write_xls

    rows = [[None, "示应急罚〔2022〕" + r[1][-2:], *r[2:]] for r in section_rows()]
    write_xls(books[1], [["2022年台账"], ["序号", "处罚决定书文号", "违法行为", "被处罚单位",
                                          "统一社会信用代码/身份证号", "立案时间", "处罚决定日期",
                                          "罚款(元)", "执法人员", "备注"], *rows,
                         ["合计", None, None, None, None, None, None, 17000]], sheet="2022年")
    window.ledger_view() or window.show_page(1)
    pending = list(books)

    def run(wizard: ImportWizard) -> int:
        import_by_keyboard(qtbot, wizard, pending.pop(0), asked)
        return 1

    monkeypatch.setattr(ImportWizard, "exec", run)
    action = menu_action(window, "文件", "从 Excel 导入台账")
    view = None
    for count in (4, 8):
        if view is not None:
            qtbot.keyClicks(view.search, "zzzz")  # an old search must not hide them
        action.trigger()
        assert window.db.ledger("cases").count() == count
        view = window.ledger_view()
        assert window.current_key() == "cases" and view.search.text() == ""
        assert view.model.rowCount() >= 4  # the new rows are in view
    stored = {r["case_no"]: r for r in window.db.ledger("cases").list(Query(year=None))}
    assert stored["示应急罚〔2023〕2号"]["party_type"] == "个人"
    assert stored["示应急罚〔2022〕3号"]["party_type"] == "单位"
    assert len(asked) == 2

    # The .xls was the wrong file: Ctrl+Z takes that whole import back.
    assert window.undo_action.isEnabled()
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.view.setFocus()  # back in the list (in the search box Ctrl+Z undoes typing)
    from lawgov_desktop.ui.shell import prompts

    questions: list[str] = []
    answers = [False, True]  # a hurried Ctrl+Z is asked about: first "no", then "yes"
    monkeypatch.setattr(prompts, "confirm",
                        lambda *a, **k: questions.append(a[2]) or answers.pop(0))
    qtbot.keyClick(view.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert questions[0].startswith("撤销导入的 4 条记录？")
    assert window.db.ledger("cases").count() == 8  # "no": nothing undone
    qtbot.keyClick(view.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.db.ledger("cases").count() == 4
    assert window.statusBar().currentMessage().startswith("已撤销：导入")
    # 重做 brings it back (Ctrl+Y), and Ctrl+Shift+Z is the same
    qtbot.keyClick(view.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.db.ledger("cases").count() == 8
    assert window.statusBar().currentMessage().startswith("已重做：导入")
    answers.append(True)
    qtbot.keyClick(view.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.db.ledger("cases").count() == 4
    assert all("2023" in n for n in (r["case_no"] for r in window.db.ledger("cases").list(
        Query(year=None))))
