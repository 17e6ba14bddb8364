"""Steps three and four of the import wizard: the dry run over every row with its list of
problems, then the import itself. Both run off the GUI thread with their own Database; the
import checks every row again (the file may have been edited meanwhile) and stores all or
nothing."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ..domain.ledgers import get_ledger
from ..importing import ImportResult, import_workbook
from ..storage import Database
from .jobs import run_job

if TYPE_CHECKING:
    from .import_wizard import ImportPlan, ImportWizard

PROBLEM_COLUMNS = ("工作表", "行", "列", "字段", "问题", "类型")
ERROR_TEXT = QColor("#b42318")


def run_import(plan: ImportPlan, db: Database, dry_run: bool, progress: object) -> ImportResult:
    return import_workbook(db, plan.ledger, plan.path, plan.sheet, dry_run=dry_run,  # type: ignore[arg-type]
                           progress=progress, header_row=plan.header_row,  # type: ignore[arg-type]
                           columns=dict(plan.columns))


def years_text(result: ImportResult, ledger: str) -> str:
    """"2023年 120 行、2024年 3 行": which years the rows fall in, by the ledger's year field."""
    key = get_ledger(ledger).year_field
    years = Counter(str(v.get(key) or "")[:4] or "未填日期" for v in result.values)
    return "、".join(f"{y}年 {n} 行" if y.isdigit() else f"{y} {n} 行"
                    for y, n in sorted(years.items()))


def problems_text(result: ImportResult) -> str:
    """The problem list as tab-separated lines, to paste into Excel or a message."""
    lines = ["\t".join(PROBLEM_COLUMNS)]
    for p in result.problems:
        kind = "错误" if p.severity == "error" else "提示"
        lines.append("\t".join([p.sheet, str(p.row or ""), p.column, p.field, p.message, kind]))
    return "\n".join(lines)


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.plan = wizard.plan
        self.db = wizard.db
        self.result: ImportResult | None = None
        self.running = False
        self.setTitle("第三步：检查全部数据")
        self.setSubTitle("逐行检查工作表，暂不写入台账。有错误时不能导入：请在 Excel 中改正后"
                         "点“重新检查”，或返回上一步修改列的对应。")
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        self.summary = QLabel("正在检查…", self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(PROBLEM_COLUMNS), self)
        self.table.setObjectName("problemTable")
        self.table.setHorizontalHeaderLabels(list(PROBLEM_COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)
        buttons = QHBoxLayout()
        self.recheck_button = QPushButton("重新检查(&C)", self)
        self.recheck_button.clicked.connect(self.start)
        buttons.addWidget(self.recheck_button)
        self.copy_button = QPushButton("复制问题清单", self)
        self.copy_button.setToolTip("复制为表格文本，可粘贴到 Excel 或 WPS 中对照修改")
        self.copy_button.clicked.connect(self.copy)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        if self.running:
            return
        self.running = True
        self.result = None
        self.recheck_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.summary.setText("正在检查…")
        self.table.setRowCount(0)
        self.completeChanged.emit()
        plan = self.plan
        run_job(self, "正在检查工作表",
                lambda db, progress: run_import(plan, db, True, progress),
                self.db.path.parent, self.show_result, self.failed)

    def failed(self, message: str) -> None:
        self.running = False
        self.recheck_button.setEnabled(True)
        self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
        self.summary.setText(message or "已取消检查。")

    def show_result(self, result: ImportResult) -> None:
        self.running = False
        self.recheck_button.setEnabled(True)
        self.result = result
        label = get_ledger(self.plan.ledger).label
        rows = len(result.values)
        if result.ok and rows:
            note = f"另有 {len(result.warnings)} 条提示（不影响导入），见下表。" \
                if result.warnings else ""
            years = years_text(result, self.plan.ledger)
            text = f"检查通过：{rows} 行{label}可以导入（{years}）。{note}点“导入”写入台账。"
            self.summary.setStyleSheet("")
        else:
            text = (f"发现 {len(result.errors)} 处错误，不能导入（共检查 {rows} 行）。"
                    if result.errors else "工作表中没有可导入的数据行。")
            self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
        self.summary.setText(text)
        self.table.setRowCount(len(result.problems))
        for r, p in enumerate(sorted(result.problems, key=lambda p: (p.severity != "error",
                                                                        p.row))):
            kind = "错误" if p.severity == "error" else "提示"
            for c, text in enumerate([p.sheet, str(p.row or ""), p.column, p.field, p.message,
                                      kind]):
                item = QTableWidgetItem(text)
                if p.severity == "error":
                    item.setForeground(QBrush(ERROR_TEXT))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(result.problems))
        self.copy_button.setVisible(bool(result.problems))
        self.completeChanged.emit()

    def copy(self) -> None:
        if self.result is not None:
            QGuiApplication.clipboard().setText(problems_text(self.result))

    def isComplete(self) -> bool:
        return self.result is not None and self.result.ok and bool(self.result.values)


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.plan = wizard.plan
        self.db = wizard.db
        self.result: ImportResult | None = None
        self.done = self.running = False
        self.setTitle("第四步：导入")
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.done, self.running = False, True
        self.summary.setText("正在导入，请稍候…")
        plan = self.plan
        run_job(self, "正在导入", lambda db, progress: run_import(plan, db, False, progress),
                self.db.path.parent, self.finished, self.failed)

    def finished(self, result: ImportResult) -> None:
        from .import_wizard import year_of

        self.result, self.done, self.running = result, True, False
        label = get_ledger(self.plan.ledger).label
        if result.ok and result.stored:
            year = year_of(result.values, self.plan.ledger)
            self.summary.setText(f"已导入 {result.stored} 条{label}。"
                                 + (f"主要属于 {year} 年，关闭后将显示该年度的台账。"
                                    if year else "")
                                 + "如导入有误，可按 Ctrl+Z 撤销本次导入（记录移入回收站）。")
            self.wizard_.imported.emit(self.plan.ledger, result, year)
        else:
            self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
            self.summary.setText(f"文件在检查后被修改，发现 {len(result.errors)} 处错误，"
                                 "未导入任何数据。请重新打开导入向导。")
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.done, self.running = True, False
        self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
        self.summary.setText(f"{message or '已取消'}：未导入任何数据，台账保持原样。")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done
