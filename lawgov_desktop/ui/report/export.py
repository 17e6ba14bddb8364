"""导出年度报告 from the GUI: the options dialog, the background job (its own Database, like
`lawgov export`) and the result dialog with the warnings and 打开文件夹."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...reports import ExportedFiles, FontError, report_file_stem
from ...reports.year_report import export_year, package_name, package_upward
from ...storage import Database, LedgerError
from ..shell import prompts
from ..shell.jobs import Job, run_job

FORMAT_LABELS = {"pdf": "年度报告 PDF（用于报送和公开）",
                 "docx": "年度报告 Word（便于再修改、排版）",
                 "xlsx": "统计表 Excel（法治建设统计数据和明细）"}


@dataclass(frozen=True)
class ExportOptions:
    folder: Path
    formats: tuple[str, ...] = ("pdf", "docx", "xlsx")
    mask: bool = True
    with_table: bool = False
    package: bool = False  # 上报: all three files in a named folder plus a .zip, masked


def default_folder() -> str:
    from ..shell.prompts import default_folder as shared

    return shared()


def file_names(unit: str, year: int, formats: Sequence[str]) -> list[str]:
    names = [f"{report_file_stem(unit, year)}.{f}" for f in formats if f in ("pdf", "docx")]
    if "xlsx" in formats:
        from ...reports.workbook import workbook_filename

        names.append(workbook_filename(unit, year))
    return names


class ExportDialog(QDialog):
    """Which files, with or without the 附表, masked or not, and where."""

    def __init__(self, unit: str, year: int, folder: str, parent: QWidget | None = None,
                 warning: str = "") -> None:
        super().__init__(parent)
        self.unit, self.year = unit, year
        self.setWindowTitle(f"导出{year}年度报告")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.warning = QLabel(f"⚠ {warning}", self)
        self.warning.setObjectName("warningNote")
        self.warning.setWordWrap(True)
        self.warning.setVisible(bool(warning))
        layout.addWidget(self.warning)
        box = QGroupBox("导出哪些文件", self)
        column = QVBoxLayout(box)
        self.format_boxes: dict[str, QCheckBox] = {}
        for fmt, label in FORMAT_LABELS.items():
            check = QCheckBox(label, box)
            check.setChecked(True)
            check.toggled.connect(self._update)
            column.addWidget(check)
            self.format_boxes[fmt] = check
        layout.addWidget(box)
        self.with_table = QCheckBox("报告末尾附“主要数据”表（附表）", self)
        self.with_table.setToolTip("在 PDF 和 Word 报告的落款之后另起一页，列出本年度全部统计指标")
        self.no_mask = QCheckBox(
            "统计表中显示完整姓名和证件号码（不脱敏，仅限本单位内部使用）", self)
        self.no_mask.setToolTip("默认对自然人姓名和证件号码脱敏；对外报送的统计表请勿勾选此项")
        self.package = QCheckBox(
            "打包为上报材料：“…上报材料”文件夹和同名 .zip（三种文件，统计表脱敏）", self)
        self.package.setToolTip("向上级报送时使用：生成一个文件夹及其压缩包，便于邮件发送")
        self.package.toggled.connect(self._update)
        layout.addWidget(self.with_table)
        layout.addWidget(self.no_mask)
        layout.addWidget(self.package)
        row = QHBoxLayout()
        row.addWidget(QLabel("保存到：", self))
        self.folder_edit = QLineEdit(folder, self)
        self.folder_edit.setObjectName("exportFolder")
        self.folder_edit.textChanged.connect(self._update)
        row.addWidget(self.folder_edit, 1)
        browse = QPushButton("选择文件夹(&B)…", self)
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.names = QLabel(self)
        self.names.setObjectName("hint")
        self.names.setWordWrap(True)
        layout.addWidget(self.names)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def formats(self) -> tuple[str, ...]:
        return tuple(f for f, box in self.format_boxes.items() if box.isChecked())

    def options(self) -> ExportOptions:
        package = self.package.isChecked()
        return ExportOptions(Path(self.folder_edit.text().strip()), self.formats(),
                             mask=package or not self.no_mask.isChecked(),
                             with_table=self.with_table.isChecked(), package=package)

    def browse(self) -> None:
        chosen = prompts.choose_folder(self, "选择导出文件夹", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        package = self.package.isChecked()
        for box in self.format_boxes.values():
            if package:
                box.setChecked(True)
            box.setEnabled(not package)
        formats = self.formats()
        self.no_mask.setEnabled("xlsx" in formats and not package)
        self.with_table.setEnabled("pdf" in formats or "docx" in formats)
        folder = self.folder_edit.text().strip()
        self.ok.setEnabled(bool(formats and folder))
        if not formats:
            self.names.setText("请至少选择一种文件。")
        elif package:
            name = package_name(self.unit, self.year)
            self.names.setText(f"将写入文件夹“{name}”及“{name}.zip”（同名文件会被替换）")
        else:
            self.names.setText("将写入（同名文件会被替换）：\n"
                               + "\n".join(file_names(self.unit, self.year, formats)))


def start_export(parent: QWidget, data_dir: Path, year: int, options: ExportOptions,
                 done: Callable[[ExportedFiles], None],
                 failed: Callable[[str], None]) -> Job:
    """Write the files in the background with the job's own Database connection."""
    def work(db: Database, progress: Callable[[str], None]) -> ExportedFiles:
        progress("正在准备…")
        try:
            if options.package:
                _, archive, files = package_upward(db, year, options.folder, progress=progress)
                files.append(archive)
                return files
            return export_year(db, year, options.folder, options.formats, mask=options.mask,
                               with_table=options.with_table, progress=progress)
        except FontError as exc:  # no usable Chinese font: something the user can fix
            raise LedgerError(f"无法生成 PDF：{exc}") from exc

    return run_job(parent, "正在导出年度报告…", work, data_dir, done, failed)


class ExportResultDialog(QDialog):
    """What was written, the warnings (fonts, placeholders) and 打开文件夹."""

    def __init__(self, files: ExportedFiles, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder, self.files = folder, files
        notes = files.actionable
        self.setWindowTitle("导出完成" if not notes else "导出完成（有提示）")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        head = QLabel(f"已导出 {len(files)} 个文件到“{folder}”：", self)
        head.setWordWrap(True)
        layout.addWidget(head)
        listing = QLabel("\n".join(f"· {Path(p).name}" for p in files), self)
        listing.setObjectName("exportedFiles")
        layout.addWidget(listing)
        self.warnings: QPlainTextEdit | None = None
        if notes:  # what the user can act on: the 【待补充】 count first
            note = QLabel(f"请注意以下 {len(notes)} 条提示，必要时修改后重新导出：", self)
            note.setObjectName("warningNote")
            note.setWordWrap(True)
            layout.addWidget(note)
            self.warnings = QPlainTextEdit("\n".join(notes), self)
            self.warnings.setObjectName("exportWarnings")
            self.warnings.setReadOnly(True)
            self.warnings.setMinimumHeight(120)
            layout.addWidget(self.warnings, 1)
        self.font_details: QPlainTextEdit | None = None
        self.details_button: QPushButton | None = None
        if files.font_notes:  # the machine's fonts: behind 详细信息, not among the notes
            self.details_button = QPushButton("字体详细信息…", self)
            self.details_button.setObjectName("fontDetailsButton")
            self.details_button.setCheckable(True)
            self.font_details = QPlainTextEdit("\n".join(files.font_notes), self)
            self.font_details.setObjectName("fontDetails")
            self.font_details.setReadOnly(True)
            self.font_details.hide()
            self.details_button.toggled.connect(self.font_details.setVisible)
            layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.font_details, 1)
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("打开文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_folder)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_folder(self) -> None:
        self.reveal()
        self.accept()

    def reveal(self) -> None:
        """Show the folder in the file manager; with a 上报 package, the .zip to send is
        selected in Windows Explorer (other file managers just open the folder)."""
        if self.files and Path(self.files[-1]).suffix == ".zip" and sys.platform == "win32":
            native = QDir.toNativeSeparators(str(self.files[-1]))
            if QProcess.startDetached("explorer.exe", [f"/select,{native}"]):
                return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
