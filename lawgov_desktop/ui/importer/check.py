"""Steps three and four of the import wizard: the dry run over every row with its list of
problems, then the import itself. Both run off the GUI thread with their own Database; the
import checks every row again (the file may have been edited meanwhile) and stores all or
nothing."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ...domain.ledgers import get_ledger
from ...importing import ImportResult, import_workbook
from ...storage import Database
from ..shell.jobs import run_job

if TYPE_CHECKING:
    from .wizard import ImportPlan, ImportWizard

PROBLEM_COLUMNS = ("工作表", "行", "列", "字段", "问题", "类型")
ERROR_TEXT = QColor("#b42318")
WARNING_TEXT = QColor("#9a5b00")  # amber: worth a look (a made-up date, a column left out)


def run_import(plan: ImportPlan, db: Database, dry_run: bool, progress: object) -> ImportResult:
    """The dry run always marks history as "auto" (to count the rows to offer)."""
    history = "auto" if dry_run or plan.history else "no"
    return import_workbook(db, plan.ledger, plan.path, plan.sheet, dry_run=dry_run,  # type: ignore[arg-type]
                           progress=progress, header_row=plan.header_row,  # type: ignore[arg-type]
                           columns=dict(plan.columns), fill=dict(plan.fill),
                           per_row={r: dict(v) for r, v in plan.per_row.items()},
                           on_duplicate=plan.on_duplicate, history=history)


def years_text(result: ImportResult, ledger: str) -> str:
    """"2023年 120 行、2024年 3 行": which years the rows fall in, by the ledger's year field."""
    key = get_ledger(ledger).year_field
    years = Counter(str(v.get(key) or "")[:4] or "未填日期" for v in result.values)
    return "、".join(f"{y}年 {n} 行" if y.isdigit() else f"{y} {n} 行"
                    for y, n in sorted(years.items()))


def problems_text(result: ImportResult) -> str:
    """The problem list as tab-separated lines, to paste into Excel or a message."""
    lines = ["\t".join(PROBLEM_COLUMNS)]
    for row in problem_rows(result):
        lines.append("\t".join(row))
    return "\n".join(lines)


def problem_rows(result: ImportResult) -> list[list[str]]:
    """Errors first, then hints, then the rows left out (合计, header, already there)."""
    out = []
    for p in sorted(result.problems, key=lambda p: (p.severity != "error", p.row)):
        kind = "错误" if p.severity == "error" else "注意"
        out.append([p.sheet, str(p.row or ""), p.column, p.field, p.message, kind])
    left_out = [(r, f"{why}，不导入") for r, why in result.skipped]
    left_out += [(r, f"{text}，不重复导入") for r, text in result.duplicates]
    for row, text in sorted(left_out):
        out.append([result.sheet, str(row), "", "", text, "跳过"])
    return out


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
        self.per_row = QTableWidget(0, 3, self)  # a value per row for a field with no column
        self.per_row.setObjectName("perRowTable")
        self.per_row.setHorizontalHeaderLabels(["行", "字段", "逐行指定"])
        self.per_row.verticalHeader().hide()
        self.per_row.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_row.horizontalHeader().setStretchLastSection(True)
        self.per_row.setMaximumHeight(160)
        self.per_row_label = QLabel("表中没有这一列，也无法推断：请逐行选择，然后点“重新检查”"
                                    "（或返回上一步为整列指定一个值；在上一步的预览中双击单元格"
                                    "也可逐行指定）。", self)
        self.per_row_label.setWordWrap(True)
        layout.addWidget(self.per_row_label)
        layout.addWidget(self.per_row)
        options = QHBoxLayout()
        self.duplicate_combo = QComboBox(self)
        self.duplicate_combo.setObjectName("duplicateChoice")
        self.duplicate_combo.addItem("跳过这些行，只导入其余的行", "skip")
        self.duplicate_combo.addItem("停止导入（不导入任何数据）", "stop")
        self.duplicate_combo.currentIndexChanged.connect(self._duplicates_chosen)
        self.duplicate_label = QLabel(self)
        self.duplicate_label.setBuddy(self.duplicate_combo)
        options.addWidget(self.duplicate_label)
        options.addWidget(self.duplicate_combo)
        options.addStretch(1)
        layout.addLayout(options)
        self.history_box = QCheckBox(self)
        self.history_box.setObjectName("historyBox")
        self.history_box.setChecked(True)
        self.history_box.toggled.connect(self._history_chosen)
        layout.addWidget(self.history_box)
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
            note = f"另有 {len(result.warnings)} 处需要注意（不影响导入），请看下表橙色的行。" \
                if result.warnings else ""
            years = years_text(result, self.plan.ledger)
            text = f"检查通过：{rows} 行{label}可以导入（{years}）。{note}点“导入”写入台账。"
            self.summary.setStyleSheet("")
        else:
            text = (f"发现 {len(result.errors)} 处错误，不能导入（共检查 {rows} 行）。"
                    if result.errors else
                    f"没有需要导入的行：{len(result.duplicates)} 行已在台账中。"
                    if result.duplicates else "工作表中没有可导入的数据行。")
            # red only for errors: rows already in the ledger are no fault (trial s4, F2.4)
            self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};" if result.errors else "")
        lines = [line for line in result.summary()  # history has its own check box here
                 if not line.startswith("标记为历史记录")]
        self.summary.setText(text + ("\n" + "\n".join(lines) if lines else ""))
        shown = problem_rows(result)
        self.table.setRowCount(len(shown))
        for r, cells in enumerate(shown):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if cells[-1] == "错误":
                    item.setForeground(QBrush(ERROR_TEXT))
                elif cells[-1] == "注意":
                    item.setForeground(QBrush(WARNING_TEXT))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setWordWrap(True)  # a long reason wraps instead of ending in "…"
        self.table.resizeRowsToContents()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # once the 问题 column stretched
        self.table.setVisible(bool(shown))
        self.copy_button.setVisible(bool(shown))
        self._show_per_row(result)
        count = len(result.duplicates) if self.plan.on_duplicate == "skip" else sum(
            1 for p in result.errors if "已有的记录不重复导入" in p.message)
        self.duplicate_label.setText(f"已在台账中（或表中重复）的 {count} 行(&D)：")
        self.duplicate_label.setVisible(bool(count))
        self.duplicate_combo.setVisible(bool(count))
        candidates = result.history_candidates
        self.history_box.setText(f"将 {candidates} 行标记为历史记录(&H)（期限提醒已逾期 90 天以上，"
                                 "或日期为整列指定：不再提醒；统计照常，年度报告不据其缺少的"
                                 "日期认定未公示、超期）")
        self.history_box.setVisible(bool(candidates))
        self.completeChanged.emit()

    def _show_per_row(self, result: ImportResult) -> None:
        """A choice per row for a field no column feeds and nothing could infer."""
        ledger = get_ledger(self.plan.ledger)
        pairs = [(row, key) for key, rows in result.unfilled.items()
                 if ledger.field(key).has_choices for row in rows[:200]]
        self.per_row.setRowCount(len(pairs))
        for r, (row, key) in enumerate(pairs):
            self.per_row.setItem(r, 0, QTableWidgetItem(f"第{row}行"))
            self.per_row.setItem(r, 1, QTableWidgetItem(ledger.field(key).label))
            combo = QComboBox(self.per_row)
            combo.addItem("（请选择）", "")
            for option in self.db.choices(self.plan.ledger, key):
                combo.addItem(option, option)
            combo.setCurrentIndex(max(0, combo.findData(
                self.plan.per_row.get(row, {}).get(key, ""))))
            combo.setAccessibleName(f"第{row}行的{ledger.field(key).label}")
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, rw=row, k=key: self._row_chosen(rw, k, c.currentData()))
            self.per_row.setCellWidget(r, 2, combo)
        self.per_row.setVisible(bool(pairs))
        self.per_row_label.setVisible(bool(pairs))

    def _row_chosen(self, row: int, key: str, value: object) -> None:
        own = self.plan.per_row.setdefault(row, {})
        if value:
            own[key] = str(value)
        else:
            own.pop(key, None)

    def _duplicates_chosen(self) -> None:
        self.plan.on_duplicate = str(self.duplicate_combo.currentData())
        self.start()

    def _history_chosen(self, on: bool) -> None:
        self.plan.history = on

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
        from .wizard import year_of

        self.result, self.done, self.running = result, True, False
        label = get_ledger(self.plan.ledger).label
        if result.ok and result.stored:
            year = year_of(result.values, self.plan.ledger)
            lines = result.summary()
            self.summary.setText(f"已导入 {result.stored} 条{label}。"
                                 + (f"主要属于 {year} 年，关闭后将显示该年度的台账。"
                                    if year else "")
                                 + "如导入有误，可按 Ctrl+Z 撤销本次导入（记录移入回收站）。"
                                 + ("\n\n" + "\n".join(lines) if lines else "")
                                 + "\n\n按 Enter 或点“完成”关闭向导。")
            self.wizard_.imported.emit(self.plan.ledger, result, year)
        else:
            self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
            self.summary.setText(f"文件在检查后被修改，发现 {len(result.errors)} 处错误，"
                                 "未导入任何数据。请重新打开导入向导。")
        self.completeChanged.emit()
        self._finish_on_enter()

    def _finish_on_enter(self) -> None:
        finish = self.wizard_.button(QWizard.WizardButton.FinishButton)
        finish.setDefault(True)
        finish.setFocus()

    def failed(self, message: str) -> None:
        self.done, self.running = True, False
        self.summary.setStyleSheet(f"color: {ERROR_TEXT.name()};")
        self.summary.setText(f"{message or '已取消'}：未导入任何数据，台账保持原样。")
        self.completeChanged.emit()
        self._finish_on_enter()

    def isComplete(self) -> bool:
        return self.done
