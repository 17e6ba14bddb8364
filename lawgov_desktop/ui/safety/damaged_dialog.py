"""The damaged-ledger dialog: what happened, which file, that it was not changed, and the way out
(restore the newest sound backup, open another data folder, or quit / carry on for now).

`ask(...)` shows it and returns the choice; tests replace `ask` (as they answer
ui/shell/prompts.py), so no modal dialog ever waits in a test.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ...storage.backup import BackupInfo

RESTORE, OTHER, QUIT, LATER = "restore", "other", "quit", "later"


class DamagedDialog(QDialog):
    """`during_run`: the quick check found the damage after the ledger was opened, so the
    last choice is 暂不处理 (keep working, e.g. to export) rather than 退出."""

    def __init__(self, problem: str, ledger: Path, backup: BackupInfo | None,
                 during_run: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDialog")
        self.setWindowTitle("台账文件已损坏")
        self.choice = LATER if during_run else QUIT
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        heading = ("启动检查发现台账文件已损坏" if during_run
                   else "台账文件已损坏，程序没有打开它")
        aside = f"{ledger.name}.damaged-日期时间"
        text = QLabel(
            f"<p style='font-size:13pt'><b>{heading}</b></p>"
            f"<p>原因：{_escape(_reason(problem, ledger))}</p>"
            f"<p>台账文件：<br><span style='font-family:monospace'>{_escape(str(ledger))}"
            "</span></p>"
            "<p><b>这个文件未被改动。</b>从备份恢复时，它会改名为 "
            f"<span style='font-family:monospace'>{_escape(aside)}</span> "
            "保留在同一文件夹中，不会被删除，可交信息技术人员尝试修复。</p>",
            self)
        text.setObjectName("damagedText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(text, 1)
        outer.addLayout(top)
        ask = QLabel("请选择：", self)
        outer.addWidget(ask)
        self.restore_button = QCommandLinkButton("从最新的完好备份恢复", self)
        self.restore_button.setObjectName("restoreNewest")
        if backup is not None:
            self.restore_button.setDescription(backup.describe())
        else:
            self.restore_button.setDescription("没有找到可用的备份。可“打开其他台账文件夹”，"
                                               "或在设置中从文件恢复。")
            self.restore_button.setEnabled(False)
        self.other_button = QCommandLinkButton("打开其他台账文件夹…", self)
        self.other_button.setObjectName("openOther")
        self.other_button.setDescription(
            "选择另一个存有台账（ledger.sqlite3）的文件夹，本次使用它；"
            "选择的文件夹中没有台账时，会先询问是否新建。")
        if during_run:
            self.last_button = QCommandLinkButton("暂不处理", self)
            self.last_button.setDescription(
                "继续使用当前台账（可先导出需要的数据）。建议尽快从备份恢复。")
        else:
            self.last_button = QCommandLinkButton("退出", self)
            self.last_button.setDescription("关闭程序，稍后处理。")
        self.last_button.setObjectName("lastChoice")
        for button, choice in ((self.restore_button, RESTORE), (self.other_button, OTHER),
                               (self.last_button, LATER if during_run else QUIT)):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            outer.addWidget(button)
        default = self.restore_button if backup is not None else self.other_button
        default.setDefault(True)
        default.setFocus()
        self.setMinimumWidth(620)
        self.resize(680, self.sizeHint().height())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def _reason(problem: str, ledger: Path) -> str:
    """The storage message without the path and the advice, which the dialog gives itself."""
    for said in ("文件未被改动；请从备份恢复，或另选台账文件。", "文件未被改动；请从备份恢复。",
                 f"“{ledger}”", f"（{ledger}）"):
        problem = problem.replace(said, "")
    return problem.strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask(parent: QWidget | None, problem: str, ledger: Path, backup: BackupInfo | None,
        during_run: bool = False) -> str:
    """Show the dialog; RESTORE, OTHER, QUIT (at start) or LATER (during a run)."""
    dialog = DamagedDialog(problem, ledger, backup, during_run, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice
