"""The clerk's guide (trial s4, G1/F5.1): the README's first section is the text 帮助 →
使用说明 (F1) shows; `lawgov --help` is Chinese, argparse's own words included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lawgov_desktop.cli import main

pytest_plugins = ["ui_fixtures"]
ROOT = Path(__file__).resolve().parents[1]


def test_readme_starts_with_the_guide() -> None:
    from lawgov_desktop.ui.shell.guide import guide_text

    guide = guide_text()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert guide in readme
    assert readme.index(guide) < readme.index("## Two commands")
    for topic in ("第一次使用", "每天登记", "导入以前的 Excel 台账", "年底出报告", "备份",
                  "快捷键"):
        assert topic in guide


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["import", "--help"]])
def test_help_is_chinese(argv: list[str], capsys: Any) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：")
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out
    assert "显示本帮助并退出" in out


def test_argparse_errors_are_chinese(capsys: Any) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "错误：缺少必需的参数：--year" in err and "required" not in err


@pytest.mark.gui
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_f1_opens_the_guide(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide
    assert guide.isVisible() and guide.windowTitle() == "使用说明"
    text = guide.browser.toPlainText()
    assert "每天登记" in text and "Ctrl+Z / Ctrl+Y" in text
