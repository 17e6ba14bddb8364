"""设置 → 统计报表 in the real main window: the 年报 template is chosen from the shipped ones
and the user's folder, a malformed file dropped there is named in Chinese (no traceback), and
an export whose chosen template went bad says what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton
from test_annual_template import GOOD
from test_ui_report_editor import UNIT, demo_ledger, ledger, make_editor  # noqa: F401
from ui_user import choose_menu, pick

from lawgov_desktop.domain.annual_template import user_folder
from lawgov_desktop.reports.workbook import read_data_sheet
from lawgov_desktop.storage import Database
from lawgov_desktop.ui.shell import prompts

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def _button(root: Any, text: str) -> QPushButton:
    found = [b for b in root.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, [b.text() for b in root.findChildren(QPushButton)]
    return found[0]


def test_settings_chooses_the_template_and_names_bad_files(
        window: Any, qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('id = "broken"\n[[tables]\n', encoding="utf-8")
    (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
    choose_menu(window, "页面", "设置")
    page = window.page("settings")
    box = page.annual
    assert box.isVisible() and box.title() == "统计报表"
    items = [box.combo.itemText(i) for i in range(box.combo.count())]
    assert items == ["行政执法数据年报（全国通用） · national（程序自带）",
                     "行政执法数据年报（示例：七类处罚） · example_7col（程序自带）",
                     "行政执法数据年报（某省） · mine（模板文件夹）"]
    assert box.combo.currentData() == "national"
    assert box.problems.isVisible()
    assert "年报模板“broken.toml”不是有效的 TOML 格式：第 2 行" in box.problems.text()
    assert "Traceback" not in box.problems.text()
    assert str(folder) in "".join(w.text() for w in box.findChildren(type(box.problems)))

    pick(qtbot, box.combo, items[1])
    assert "七类" in box.description.toolTip() and "行政复议和行政诉讼" in box.description.text()
    qtbot.mouseClick(_button(box.parentWidget(), "保存"), Qt.MouseButton.LeftButton)  # its tab
    assert window.db.get_setting("annual_template") == "example_7col"

    # 打开模板文件夹 opens it with copies of the shipped templates to start from
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(_button(box, "打开模板文件夹"), Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [folder]
    example = folder / "示例-example_7col.toml.txt"
    assert 'id = "example_7col"' in example.read_text(encoding="utf-8")
    # a file fixed (or dropped in) while the program runs shows after 重新读取
    (folder / "broken.toml").write_text(GOOD.replace('"mine"', '"broken"'), encoding="utf-8")
    qtbot.mouseClick(_button(box, "重新读取"), Qt.MouseButton.LeftButton)
    assert not box.problems.isVisible()
    assert box.combo.findData("broken") >= 0 and box.combo.currentData() == "example_7col"
    assert box.combo.count() == 4  # the 示例 copies are not templates until renamed


def test_a_chosen_template_that_went_bad_is_shown_as_such(window: Any, data_dir: Path) -> None:
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
    window.db.set_setting("annual_template", "mine")
    (folder / "mine.toml").write_text(GOOD.replace('"penalty_fine"', '"fine"'), encoding="utf-8")
    choose_menu(window, "页面", "设置")
    box = window.page("settings").annual
    assert box.combo.currentText() == "mine（无法使用）"
    assert "没有编号为“fine”" in box.problems.text()
    assert "导出统计表会失败" in box.description.text()


def test_export_with_a_broken_template_says_what_is_wrong(
        qtbot: Any, demo_ledger: Database, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: errors.append(text))
    folder = user_folder(demo_ledger.path.parent)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
    demo_ledger.set_setting("annual_template", "mine")
    editor = make_editor(qtbot, demo_ledger)
    out = tmp_path / "out"
    with qtbot.waitSignal(editor.exported, timeout=15000) as done:
        editor.export(out, ("xlsx",))
    (book,) = done.args[0]
    assert read_data_sheet(book).template == "mine" and book.name.startswith(UNIT)

    (folder / "mine.toml").write_text("id = 'mine'\ntables = 3\n", encoding="utf-8")
    with qtbot.waitSignal(editor.export_failed, timeout=15000):
        editor.export(tmp_path / "again", ("xlsx",))
    assert len(errors) == 1
    assert "mine.toml" in errors[0] and "Traceback" not in errors[0]
    assert editor.export_button.isEnabled()
