"""设置 → 备份与恢复: where the ledger and its backups are, the list of backups with their
dates and record counts, and 立即备份, 从备份恢复, 从文件恢复, 合并同事的台账.

Listing, backing up and merging run as background jobs (ui/shell/jobs.py) on their own connection.
A restore replaces the ledger file, so the panel only asks and then emits `restore_requested`:
the session (ui/shell/session.py) closes every connection, restores and reopens the window's pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.ledgers import get_ledger, ledger_keys
from ...domain.settings import SETTINGS
from ...storage import Database, LedgerError
from ...storage.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KIND_LABELS,
    BackupInfo,
    backup_folder,
    backup_now,
    inspect_backup,
    list_backups,
)
from ...storage.merge import MergeReport, merge_ledger
from ..shell import prompts
from ..shell.jobs import run_job

SHORT_KINDS = {"daily": "每日", "monthly": "每月", "manual": "手动", "before-restore": "恢复前",
               "before-merge": "合并前", "file": "其他"}
FILE_FILTER = "台账文件 (*.sqlite3 *.db);;所有文件 (*)"
def columns() -> list[str]:
    """The list's headers: one count column per register in forms/."""
    return ["日期时间", "类型", "大小", *(get_ledger(k).label for k in ledger_keys()), "状态"]


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def kind_keys(backups: list[BackupInfo]) -> list[str]:
    """Each backup's kind, with the daily copies kept only as a month's copy shown as monthly
    (the retention keeps the newest KEEP_DAILY days, then one per month)."""
    out, dailies = [], 0
    for info in backups:
        if info.kind == "daily":
            dailies += 1
            out.append("monthly" if dailies > KEEP_DAILY else "daily")
        else:
            out.append(info.kind)
    return out


class BackupsPanel(QWidget):
    restore_requested = Signal(str)  # backup file: the session restores and reopens
    merged = Signal()  # records changed under the pages: the window reloads them
    status_changed = Signal(str)
    listed = Signal()  # the table shows a fresh list (tests wait for it)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsPanel")
        self.db = db
        self.data_dir = db.path.parent
        self.backups: list[BackupInfo] = []
        self._loaded = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        path = QLineEdit(str(db.path), self)
        path.setReadOnly(True)
        path.setObjectName("dataPath")
        open_data = QPushButton("打开数据文件夹", self)
        open_data.clicked.connect(lambda: self._open_folder(self.data_dir))
        row = QHBoxLayout()
        row.addWidget(path, 1)
        row.addWidget(open_data)
        form.addRow("台账文件", row)
        self.backup_dir = QLineEdit(db.get_setting("backup_dir"), self)
        self.backup_dir.setObjectName("backupDir")
        self.backup_dir.setPlaceholderText(
            f"默认：{self.data_dir / 'backups'}；建议另选一块磁盘或 U 盘上的文件夹")
        choose = QPushButton("选择…", self)
        choose.clicked.connect(self.choose_backup_dir)
        save = QPushButton("保存", self)
        save.clicked.connect(self.save_backup_dir)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir, 1)
        row.addWidget(choose)
        row.addWidget(save)
        form.addRow(SETTINGS["backup_dir"].label, row)
        layout.addLayout(form)
        hint = QLabel(
            f"每天第一次关闭程序时自动备份，保留最近 {KEEP_DAILY} 天每天一份、最近 "
            f"{KEEP_MONTHLY} 个月每月一份；手动备份和恢复前、合并前的台账不会自动删除。"
            "每份备份都是完整的台账文件，可复制到 U 盘或其他电脑上恢复。", self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        headers = columns()
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, tip in (
                ("backup", "立即备份", self.backup_now, "把当前台账备份到备份文件夹"),
                ("restore", "从备份恢复…", self.restore_selected,
                 "用列表中选中的备份替换当前台账（当前台账会先备份）"),
                ("restore_file", "从文件恢复…", self.restore_file,
                 "用 U 盘或其他位置的台账备份文件替换当前台账"),
                ("merge", "合并同事的台账…", self.merge,
                 "把同事电脑上的台账（或其备份）逐条合并到本台账"),
                (None, None, None, None),
                ("open", "打开备份文件夹", self.open_backup_folder, None),
                ("refresh", "刷新", self.refresh, None)):
            if key is None:
                buttons.addStretch(1)
                continue
            button = QPushButton(text, self)
            button.setObjectName(f"backup_{key}")
            if tip:
                button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(buttons)
        self.summary = QLabel(self)
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    # -- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.summary.setText("正在读取备份列表…")

        def work(db: Database, progress: Any) -> list[BackupInfo]:
            return list_backups(db.path.parent, db)

        run_job(self, "正在读取备份列表", work, self.data_dir, self.show_backups,
                self._failed("未能读取备份列表", refresh=False))

    def show_backups(self, backups: list[BackupInfo]) -> None:
        self.backups = backups
        self.table.setRowCount(len(backups))
        for r, (info, kind) in enumerate(zip(backups, kind_keys(backups), strict=True)):
            counts = [str(info.counts[k]) if info.ok else "" for k in ledger_keys()]
            status = "可用" if info.ok else f"不可用：{info.error}"
            texts = [info.taken_at.strftime("%Y-%m-%d %H:%M"), SHORT_KINDS.get(kind, kind),
                     size_text(info.size), *counts, status]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if 2 <= c < len(texts) - 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(f"{KIND_LABELS.get(info.kind, info.kind)}：{info.path}")
                if not info.ok:
                    item.setForeground(QBrush(QColor("#a12a1c")))
                self.table.setItem(r, c, item)
        folder = backup_folder(self.data_dir, self.db)
        if backups:
            self.summary.setText(f"共 {len(backups)} 份备份，最新一份：{backups[0].describe()}。"
                                 f"备份文件夹：{folder}")
        else:
            self.summary.setText(f"还没有备份。备份文件夹：{folder}")
        if backups and not self.table.selectedItems():
            self.table.selectRow(0)
        self.listed.emit()

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.backups[min(rows)] if rows else None

    # -- commands -------------------------------------------------------------------------

    def backup_now(self) -> None:
        def work(db: Database, progress: Any) -> BackupInfo:
            return backup_now(db)

        def done(info: BackupInfo) -> None:
            self.status_changed.emit(f"已备份：{info.path}")
            self.refresh()

        self.summary.setText("正在备份…")
        run_job(self, "正在备份台账", work, self.data_dir, done, self._failed("未能备份"),
                cancellable=False)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            prompts.info(self, "从备份恢复", "请先在列表中选择要恢复的备份。")
            return
        self._ask_restore(info)

    def restore_file(self) -> None:
        path = prompts.open_file(self, "选择要恢复的台账备份文件",
                                 str(backup_folder(self.data_dir, self.db)), FILE_FILTER)
        if path:
            self._ask_restore(inspect_backup(path))

    def _ask_restore(self, info: BackupInfo) -> None:
        if not info.ok:
            prompts.error(self, "不能恢复", f"这份备份不能用于恢复：{info.error}\n\n{info.path}")
            return
        if prompts.confirm(
                self, "从备份恢复",
                f"用这份备份替换当前台账吗？\n\n{info.describe()}\n{info.path}\n\n"
                "当前台账会先保存为“恢复前”的备份，需要时可以再恢复回来。",
                yes="恢复", no="取消"):
            self.restore_requested.emit(str(info.path))

    def merge(self) -> None:
        path = prompts.open_file(self, "选择同事的台账文件（或其备份）",
                                 prompts.default_folder(), FILE_FILTER)
        if not path:
            return

        def check(db: Database, progress: Any) -> MergeReport:
            return merge_ledger(db, path, dry_run=True)

        run_job(self, "正在读取同事的台账", check, self.data_dir,
                lambda report: self._confirm_merge(path, report),
                self._failed("未能合并"), cancellable=False)

    def _confirm_merge(self, path: str, report: MergeReport) -> None:
        extra = [line.line() for line in (*report.skipped, *report.refused)]
        if not report.changes_anything:
            prompts.info(self, "无需合并", "\n".join(
                ["同事的台账中没有本台账缺少或更新的内容，未做任何改动。", *extra]))
            return
        lines = report.summary_lines()
        if report.conflicts:
            lines.append(f"两边都修改过的记录 {len(report.conflicts)} 条：采用较新的修改，"
                         "另一方的内容保留在记录的修改历史中。")
        if report.skipped:
            lines.append(f"不能合并的记录 {len(report.skipped)} 条（案号与本台账其他记录重复）。")
        if report.refused:  # the count is in the summary lines; name them here
            lines += [f"  {r.line()}" for r in report.refused[:10]]
            if len(report.refused) > 10:
                lines.append(f"  ……另有 {len(report.refused) - 10} 条，合并后列出全部")
        if not prompts.confirm(
                self, "合并同事的台账",
                f"合并“{path}”将会：\n\n" + "\n".join(lines)
                + "\n\n合并前会自动备份当前台账。继续吗？", yes="合并", no="取消"):
            return

        def work(db: Database, progress: Any) -> MergeReport:
            return merge_ledger(db, path)

        run_job(self, "正在合并台账", work, self.data_dir, self._merged,
                self._failed("未能合并"), cancellable=False)

    def _merged(self, report: MergeReport) -> None:
        intro = "\n".join(["合并完成。", *report.summary_lines()])
        if report.backup:
            intro += f"\n合并前的台账已备份为：{report.backup}"
        details = [line for c in report.conflicts for line in c.lines()]
        details += [s.line() for s in (*report.skipped, *report.refused)]
        if details:
            intro += "\n\n下列记录两边都修改过或未能合并，请核对："
        prompts.show_text(self, "合并完成", intro, "\n".join(details))
        self.status_changed.emit(f"已合并：新增 {sum(report.added.values())} 条，"
                                 f"更新 {sum(report.updated.values())} 条")
        self.merged.emit()

    def open_backup_folder(self) -> None:
        folder = backup_folder(self.data_dir, self.db)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            prompts.error(self, "无法打开", f"无法创建备份文件夹“{folder}”：{exc.strerror}")
            return
        self._open_folder(folder)

    def _open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _failed(self, title: str, refresh: bool = True) -> Any:
        def failed(message: str) -> None:
            self.summary.setText("")
            if message:
                prompts.error(self, title, message)
            if refresh:
                self.refresh_later()

        return failed

    def refresh_later(self) -> None:
        if self._loaded:
            self.refresh()

    # -- the backup folder ----------------------------------------------------------------

    def choose_backup_dir(self) -> None:
        folder = prompts.choose_folder(self, "选择备份文件夹", self.backup_dir.text())
        if folder:
            self.backup_dir.setText(folder)
            self.save_backup_dir()

    def save_backup_dir(self) -> None:
        try:
            self.db.set_setting("backup_dir", self.backup_dir.text())
        except LedgerError as exc:
            prompts.error(self, "设置未保存", str(exc))
            return
        self.status_changed.emit("备份文件夹已保存")
        self.refresh_later()
