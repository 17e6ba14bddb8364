"""Font substitutions are not the clerk's business (trial s4, F4.7/F5.3): export shows the
【待补充】 count and other notes first; font notes once per machine, or behind 详细信息."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.reports import ExportedFiles
from lawgov_desktop.reports.font_notice import first_time

FONT = "未找到仿宋字体，正文改用“AR PL SungtiL GB”代替（/usr/share/fonts/x.ttf）。"


def test_told_once_per_machine(tmp_path: Path) -> None:
    where = tmp_path / "cfg" / "font-notes.json"
    assert first_time([FONT], where) == [FONT]
    assert first_time([FONT], where) == []
    assert first_time([FONT, "未找到黑体字体…"], where) == ["未找到黑体字体…"]


def test_actionable_leaves_out_font_notes() -> None:
    files = ExportedFiles(warnings=["报告中还有 2 处【待补充】…", FONT, "字体缺少以下字符…"])
    files.font_notes = [FONT]
    assert files.actionable == ["报告中还有 2 处【待补充】…", "字体缺少以下字符…"]


def test_cli_export_says_the_todo_count_first_and_fonts_once(db, tmp_path: Path,
                                                            capsys: Any) -> None:
    db.set_setting("unit_name", "青山县应急管理局")
    db.ledger("cases").insert(case(filed_on="2024-03-05"))
    db.close()
    out = tmp_path / "out"
    assert main(["export", "--year", "2024", "--out", str(out), "--format", "pdf"]) == 0
    first = capsys.readouterr().out.splitlines()
    hints = [line for line in first if line.startswith(("提示：", "字体："))]
    assert hints[0].startswith("提示：报告中还有")
    assert not any("未找到" in line for line in first if line.startswith("提示："))
    assert main(["export", "--year", "2024", "--out", str(out), "--format", "pdf"]) == 0
    again = capsys.readouterr().out
    assert "字体：" not in again and "未找到" not in again
    assert main(["export", "--year", "2024", "--out", str(out), "--format", "pdf",
                 "--font-details"]) == 0
    detail = capsys.readouterr().out
    if any(line.startswith("字体：") for line in first):  # this machine substitutes fonts
        assert "字体：" in detail and "  未找到" in detail


@pytest.mark.gui
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_export_dialog_puts_fonts_behind_details(qtbot: Any, tmp_path: Path) -> None:
    from lawgov_desktop.ui.report.export import ExportResultDialog

    files = ExportedFiles([tmp_path / "a.pdf"], warnings=["报告中还有 2 处【待补充】…", FONT])
    files.font_notes = [FONT]
    dialog = ExportResultDialog(files, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warnings is not None
    assert "未找到" not in dialog.warnings.toPlainText()
    assert "【待补充】" in dialog.warnings.toPlainText()
    assert dialog.font_details is not None and not dialog.font_details.isVisible()
    dialog.details_button.click()
    assert dialog.font_details.isVisible() and FONT in dialog.font_details.toPlainText()
    only_fonts = ExportedFiles([tmp_path / "a.pdf"], warnings=[FONT])
    only_fonts.font_notes = [FONT]
    quiet = ExportResultDialog(only_fonts, tmp_path)
    qtbot.addWidget(quiet)
    assert quiet.windowTitle() == "导出完成" and quiet.warnings is None
